"""Decree numbers: the configured pattern per kind, gapless per pattern and year, taken at
signing inside the transaction, never given twice -- not after a rollback, not after a
revocation."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from audit import services as ledger
from decisions import issuing
from decisions.decrees import format_number, next_number, numbering_pattern
from decisions.issuing import (
    SigningAbandoned,
    SlotBusy,
    claim_lifetime,
    decree_abandon,
    decree_finish,
    decree_prepare,
    run_signing,
)
from decisions.models import Case, Decree, DecreeCounter
from decisions.services import lock_case
from decisions.signing import LocalPadesSigner, SigningUnavailable
from personnel.models import Rank
from personnel.ranks import RANKS
from tests.workflows.test_transfer_route import open_task
from workflows.services import case_submit, task_approve

from .conftest import MAYOR, issue, under_review

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"
)


def test_patterns_carry_classification_code_sequence_month_and_year():
    day = date(2026, 11, 3)
    assert (
        format_number("800.1.3.3/{seq:04d}/BKPSDM/{year}", sequence=7, on=day) == "800.1.3.3/0007/BKPSDM/2026"
    )
    assert (
        format_number("800.1.3.3/Kep.{seq}/BKPSDM/{month:02d}/{year}", sequence=411, on=day)
        == "800.1.3.3/Kep.411/BKPSDM/11/2026"
    )
    assert format_number("188.45/{seq:03d}/{month_roman}/{year}", sequence=12, on=day) == "188.45/012/XI/2026"
    with pytest.raises(ImproperlyConfigured):
        format_number("800/{seq}/{unit}/{year}", sequence=1, on=day)


def test_each_kind_uses_its_configured_pattern(settings):
    assert numbering_pattern("dismissal_retirement").startswith("800.1.6.6/")
    assert numbering_pattern("transfer").startswith("800.1.3.3/")
    settings.SAHIH_DECREE = {
        **settings.SAHIH_DECREE,
        "numbering": {**settings.SAHIH_DECREE["numbering"], "transfer": "824/{seq:04d}/{month_roman}/{year}"},
    }
    assert numbering_pattern("transfer") == "824/{seq:04d}/{month_roman}/{year}"


@pytest.mark.django_db
def test_numbers_count_per_pattern_and_year_and_a_rollback_gives_the_number_back():
    day = date(2026, 5, 2)
    with transaction.atomic():
        assert next_number("A/{seq}/{year}", day) == (1, "A/1/2026")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("A/{seq}/{year}", day)[0] == 2
        raise RuntimeError("the signer failed")
    with transaction.atomic():
        assert next_number("A/{seq}/{year}", day) == (2, "A/2/2026")
        assert next_number("B/{seq}/{year}", day) == (1, "B/1/2026")
        assert next_number("A/{seq}/{year}", date(2027, 1, 1)) == (1, "A/1/2027")


@pytest.mark.django_db(transaction=True)
def test_numbers_are_only_taken_inside_a_transaction():
    with pytest.raises(AssertionError):
        next_number("A/{seq}/{year}", date(2026, 1, 1))


def test_a_signer_failure_after_numbering_leaves_the_case_unsigned_and_the_number_free(
    city, transfer_case, monkeypatch
):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    for stage, actor in [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
    ]:
        case = task_approve(
            task_id=open_task(case, stage, actor if stage == "unit_head" else None).pk, actor=actor
        )

    class BrokenSigner:
        needs_secret = False

        def sign(self, pdf, request):
            raise SigningUnavailable("the signing service is down")

    monkeypatch.setattr(issuing, "get_signer", lambda: BrokenSigner())
    signing = open_task(case, "signing")
    with pytest.raises(SigningUnavailable):
        task_approve(task_id=signing.pk, actor=city.walikota)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW
    assert not Decree.objects.exists()
    assert not DecreeCounter.objects.filter(last__gt=0).exists()

    monkeypatch.undo()
    task_approve(task_id=signing.pk, actor=city.walikota)
    assert Case.objects.get(pk=case.pk).decree.sequence == 1


def test_a_revoked_decree_keeps_its_number_and_the_next_decree_gets_a_new_one(
    city, make_case, signed_transfer
):
    revocation = issue(make_case("revocation", target=signed_transfer), city.walikota)
    later = issue(make_case("transfer"), city.walikota)
    numbers = [signed_transfer.number, revocation.number, later.number]
    assert len(set(numbers)) == 3
    assert signed_transfer.pattern == later.pattern and later.sequence > signed_transfer.sequence
    assert Decree.objects.get(pk=signed_transfer.pk).status == Decree.Status.REVOKED


def _in_threads(count: int, work, *, connections: int = 16) -> None:
    """Start ``count`` threads at once; at most ``connections`` hold a database connection
    at a time (the server allows about 100 and other suites share it)."""
    gate = threading.BoundedSemaphore(connections)
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        start.wait()
        with gate:
            try:
                work(index)
            except BaseException as error:  # noqa: BLE001 -- reported by the test below
                errors.append(error)
            finally:
                connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]


@pytest.fixture
def ranks(transactional_db):
    """The ranks a data migration loads; an earlier transactional test's flush removed them."""
    for code, golongan, pangkat in RANKS:
        Rank.objects.update_or_create(code=code, defaults={"golongan": golongan, "pangkat": pangkat})


class _Rollback(Exception):
    pass


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_numberings_get_200_distinct_consecutive_numbers():
    taken: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        with transaction.atomic():
            sequence, number = next_number("800.1.3.3/{seq:04d}/BKPSDM/{year}", date(2026, 3, 1))
            assert number == f"800.1.3.3/{sequence:04d}/BKPSDM/2026"
        with lock:
            taken.append(sequence)

    _in_threads(200, work)
    assert sorted(taken) == list(range(1, 201))
    assert DecreeCounter.objects.get(year=2026).last == 200


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_numbers_stay_gapless_when_some_concurrent_signings_roll_back():
    kept: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        try:
            with transaction.atomic():
                sequence, _number = next_number("800.1.6.6/{seq:04d}/BKPSDM/{year}", date(2026, 3, 1))
                if index % 10 == 0:
                    raise _Rollback
        except _Rollback:
            return
        with lock:
            kept.append(sequence)

    _in_threads(200, work)
    assert sorted(kept) == list(range(1, 181))
    assert DecreeCounter.objects.get(year=2026).last == 180


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signings_of_whole_decrees_get_consecutive_numbers(ranks, city, make_case):
    cases = [make_case("dismissal_unfit").pk for _ in range(8)]
    numbers: list[str] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        decree = issue(Case.objects.get(pk=cases[index]), city.walikota)
        with lock:
            numbers.append(decree.number)

    _in_threads(len(cases), work, connections=8)
    year = Decree.objects.first().year
    assert sorted(numbers) == [f"800.1.6.3/{n:04d}/BKPSDM/{year}" for n in range(1, 9)]


def _decree_files() -> set:
    return set((Path(settings.MEDIA_ROOT) / "decrees").rglob("*.pdf"))


def test_a_failure_after_the_file_is_written_leaves_no_file_no_number_and_no_claim(
    city, make_case, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # this test's files alone (the workers share one)
    case, files = under_review(make_case("transfer")), _decree_files()

    def prepare():
        with ledger.atomic():
            return decree_prepare(case=lock_case(case.pk), signer=city.walikota, assignment=MAYOR)

    def finish(attempt, signed_pdf):
        with ledger.atomic():
            decree_finish(
                attempt=attempt, case=lock_case(case.pk), signer=city.walikota, signed_pdf=signed_pdf
            )
            assert _decree_files() != files  # written, not yet committed
            raise RuntimeError("the ledger could not be appended")

    with pytest.raises(RuntimeError):
        run_signing(prepare=prepare, finish=finish)
    assert _decree_files() == files
    assert list(DecreeCounter.objects.values_list("last", "claim")) == [(0, "")]
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_REVIEW and not Decree.objects.exists()


def test_a_stale_claim_is_rolled_back_and_the_late_answer_of_its_attempt_discarded(city, make_case):
    first, second = under_review(make_case("transfer")), under_review(make_case("transfer"))
    with ledger.atomic():
        stale = decree_prepare(case=lock_case(first.pk), signer=city.walikota, assignment=MAYOR)
    with ledger.atomic():  # a live claim holds the slot
        with pytest.raises(SlotBusy):
            decree_prepare(case=lock_case(second.pk), signer=city.walikota, assignment=MAYOR)
    DecreeCounter.objects.update(claimed_at=timezone.now() - claim_lifetime() - timedelta(seconds=1))

    decree = issue(second, city.walikota)
    assert decree.sequence == 1 == stale.decree.sequence  # the stale attempt's number, given back

    late = LocalPadesSigner(settings.SAHIH_SIGNING).sign(stale.unsigned_pdf, stale.request)
    with pytest.raises(SigningAbandoned), ledger.atomic():
        decree_finish(attempt=stale, case=lock_case(first.pk), signer=city.walikota, signed_pdf=late)
    decree_abandon(stale)
    assert list(DecreeCounter.objects.values_list("last", "claim")) == [(1, "")]
    assert Case.objects.get(pk=first.pk).status == Case.Status.IN_REVIEW
    assert list(Decree.objects.values_list("case_id", flat=True)) == [second.pk]
