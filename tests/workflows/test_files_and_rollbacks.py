"""Files written for a decision (an attachment, a decision's document, the signed SK): written
before the transaction that locks the case, and gone with it when it rolls back -- no file,
no row, no number and no event left behind (decisions/files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from audit import services as ledger
from audit.models import Event
from decisions.attachments import attachment_add
from decisions.errors import Conflict
from decisions.models import Attachment, Case, Decree, DecreeCounter
from tests.api.helpers import small_pdf
from workflows import progress
from workflows.services import task_approve, task_decide
from workflows.services.tasks import Decision

from .conftest import decide, open_tasks, submit
from .test_routes import PERTEK, candidate, pengawas_case, pengawas_post  # noqa: F401 -- fixtures

TODAY = timezone.localdate


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """This test's own media directory (the xdist workers share one)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def events(case: Case) -> list[str]:
    return list(Event.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))


class Boom(Exception):
    pass


def fail_on(monkeypatch, module, name: str, *, after=None):
    """Make ``module.name`` raise ``Boom`` (after running ``after``, to look at the disk)."""

    def broken(*args, **kwargs):
        if after is not None:
            after()
        raise Boom(name)

    monkeypatch.setattr(module, name, broken)


def written_outside_transactions(monkeypatch, storage) -> list[int]:
    """How many transactions of the code under test are open at each file write (the test's
    own wrapping transaction is not counted)."""
    depths, baseline, save = [], len(connection.atomic_blocks), storage.save

    def counting(name, content, *args, **kwargs):
        depths.append(len(connection.atomic_blocks) - baseline)
        return save(name, content, *args, **kwargs)

    monkeypatch.setattr(storage, "save", counting)
    return depths


def test_an_attachment_is_written_before_the_case_is_locked(transfer_case, city, media, monkeypatch):
    depths = written_outside_transactions(monkeypatch, Attachment._meta.get_field("file").storage)
    attachment_add(case=transfer_case, actor=city.clerk, kind="other", name="surat.pdf", content=small_pdf())
    assert depths == [0]
    assert len(files_in(media)) == 1 and transfer_case.attachments.count() == 1


def test_an_attachment_whose_transaction_fails_after_the_file_is_written_leaves_no_file_no_row_no_event(
    transfer_case, city, media, monkeypatch
):
    before = events(transfer_case)
    seen = []
    fail_on(monkeypatch, ledger, "record", after=lambda: seen.append(files_in(media)))
    with pytest.raises(Boom):
        attachment_add(
            case=transfer_case, actor=city.clerk, kind="other", name="surat.pdf", content=small_pdf()
        )
    assert len(seen[0]) == 1  # the file was there when the transaction failed
    assert files_in(media) == []
    assert not Attachment.objects.exists()
    assert events(transfer_case) == before


def test_a_refused_attachment_writes_no_file(transfer_case, city, media):
    transfer_case = submit(transfer_case, city.clerk)
    with pytest.raises(Conflict) as refused:
        attachment_add(
            case=transfer_case, actor=city.clerk, kind="other", name="surat.pdf", content=small_pdf()
        )
    assert refused.value.code == "not_editable"
    assert files_in(media) == []


@pytest.fixture
def at_pertek(city, committee, pengawas_post, candidate):  # noqa: F811 -- fixtures
    """An appointment to a supervisor post waiting for its pertek (a stage with a document)."""
    case = submit(pengawas_case(city, candidate, pengawas_post), city.clerk)
    case = decide(case, "proposer_head", city.head_dishub)
    case = decide(case, "committee_vote", committee[0])
    case = decide(case, "committee_vote", committee[1])
    return decide(case, "verification", city.verifier)


def test_a_decision_document_is_written_before_the_case_is_locked(at_pertek, city, media, monkeypatch):
    depths = written_outside_transactions(monkeypatch, Attachment._meta.get_field("file").storage)
    decide(at_pertek, "pertek", city.verifier2, **PERTEK)
    # Twice when the rules first ask for their warnings to be acknowledged: the refused
    # attempt's file went with its transaction.
    assert depths and set(depths) == {0}
    assert at_pertek.attachments.get().kind == Attachment.Kind.PERTEK
    assert len(files_in(media)) == 1


def test_a_decision_that_fails_after_its_document_is_written_leaves_no_file_no_row_no_event(
    at_pertek, city, media, monkeypatch
):
    before = events(at_pertek)
    seen = []
    # After the attachment's row and event, the task's activation: the last step of a decision.
    fail_on(monkeypatch, progress, "sync_stage", after=lambda: seen.append(files_in(media)))
    with pytest.raises(Boom):
        decide(at_pertek, "pertek", city.verifier2, **PERTEK)
    assert len(seen[0]) == 1
    assert files_in(media) == []
    assert not Attachment.objects.exists()
    assert events(at_pertek) == before
    assert open_tasks(at_pertek, "pertek")


def test_a_document_sent_with_a_return_is_not_kept(at_pertek, city, media):
    task = open_tasks(at_pertek, "pertek")[0]
    task_decide(
        task_id=task.pk,
        actor=city.verifier2,
        decision=Decision(action="return", note="Pertek belum terbit.", document=PERTEK["document"]),
    )
    assert files_in(media) == [] and not Attachment.objects.exists()


def _to_signing(case: Case, city) -> Case:
    case = submit(case, city.clerk)
    for stage, actor in [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
    ]:
        case = decide(case, stage, actor)
    return case


def test_the_signed_sk_is_written_with_no_transaction_open(transfer_case, city, media, monkeypatch):
    case = _to_signing(transfer_case, city)
    depths = written_outside_transactions(monkeypatch, Decree._meta.get_field("pdf").storage)
    task_approve(task_id=open_tasks(case, "signing")[0].pk, actor=city.walikota)
    assert depths == [0]
    assert len(files_in(media / "decrees")) == 1


def test_a_signing_that_fails_after_the_sk_is_written_leaves_no_file_no_number_and_no_event(
    transfer_case, city, media, monkeypatch
):
    case = _to_signing(transfer_case, city)
    before, seen = events(case), []
    fail_on(monkeypatch, progress, "sync_stage", after=lambda: seen.append(files_in(media / "decrees")))
    with pytest.raises(Boom):
        task_approve(task_id=open_tasks(case, "signing")[0].pk, actor=city.walikota)
    assert len(seen[0]) == 1  # written, then the finish failed
    assert not (media / "decrees").exists() or files_in(media / "decrees") == []
    assert not Decree.objects.exists()
    assert list(DecreeCounter.objects.values_list("last", "claim")) == [(0, "")]
    assert events(case) == before
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW
