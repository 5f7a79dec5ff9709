"""A case "as of" any moment, rebuilt from its ledger events alone: later edits do not change
what an earlier moment shows, and at the head the rebuilt case equals today's tables on every
route (so a table edited behind the ledger's back stands out)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from audit import services as ledger
from decisions.attachments import store_attachment
from decisions.models import Attachment, Case
from decisions.services import ItemInput, case_create, case_update
from inspection.history import case_history, differences
from personnel.models import Position, Rank
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory, UserFactory, jpt_selection
from tests.workflows.conftest import decide, open_tasks
from workflows.models import Committee
from workflows.services import case_submit, case_withdraw, item_drop

JAKARTA = ZoneInfo("Asia/Jakarta")


def moment(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=JAKARTA)


def as_of(case, **cutoff):
    return case_history(case.pk, **cutoff).state


# --- time moves on; what an earlier moment shows does not --------------------------------------


@pytest.fixture
def edited_later(city):
    """Proposed on 2 March, submitted on the 3rd, returned on the 4th, edited on the 5th and
    resubmitted on the 6th."""
    with time_machine.travel(moment(2)):
        case = case_create(
            actor=city.clerk,
            kind="transfer",
            items=[ItemInput(employee=city.subject, to_position=city.target)],
            effective_date=date(2026, 6, 1),
            reason="Alasan pertama.",
        )
    with time_machine.travel(moment(3)):
        case = case_submit(case_id=case.pk, actor=city.clerk)
    with translation.override("en"):  # the language the test clients read in (stage titles)
        before_edit = {
            "3 March": as_of(case, until_at=moment(3, 12)).as_dict(),
            "2 March": as_of(case, until_at=moment(2, 12)).as_dict(),
        }
    with time_machine.travel(moment(4)):
        decide(case, "unit_head", city.head_dishub, action="return", note="Lengkapi alasannya.")
    with time_machine.travel(moment(5)):
        case_update(case=case, actor=city.clerk, reason="Alasan kedua.", effective_date=date(2026, 7, 1))
    with time_machine.travel(moment(6)):
        case = case_submit(case_id=case.pk, actor=city.clerk)
    return case, before_edit


def test_editing_a_case_later_does_not_change_what_an_earlier_moment_shows(edited_later):
    case, before_edit = edited_later
    case.refresh_from_db()
    assert case.reason == "Alasan kedua."  # today's table moved on

    for day, state in (
        ("3 March", as_of(case, until_at=moment(3, 12))),
        ("2 March", as_of(case, until_at=moment(2, 12))),
    ):
        with translation.override("en"):
            assert state.as_dict() == before_edit[day]
    third = as_of(case, until_at=moment(3, 12))
    assert (third.status, third.stages, third.reason, third.effective_date) == (
        "in_review",
        ["unit_head"],
        "Alasan pertama.",
        "2026-06-01",
    )
    assert as_of(case, until_at=moment(2, 12)).status == "draft"


def test_each_moment_shows_the_case_as_it_stood_then(edited_later):
    case, _before = edited_later
    returned = as_of(case, until_at=moment(4, 12))
    assert (returned.status, returned.stages, returned.reason) == (
        "returned",
        ["revision"],
        "Alasan pertama.",
    )
    edited = as_of(case, until_at=moment(5, 12))
    assert (edited.status, edited.reason, edited.effective_date) == (
        "returned",
        "Alasan kedua.",
        "2026-07-01",
    )
    resubmitted = as_of(case, until_at=moment(6, 12))
    assert (resubmitted.status, resubmitted.stages) == ("in_review", ["unit_head"])
    assert not as_of(case, until_at=moment(1)).exists


def test_the_page_and_the_api_show_the_earlier_moment(edited_later, browser, api, city):
    case, before_edit = edited_later
    page = browser(city.inspector).get(reverse("inspect:case", args=[case.pk]), {"at": "2026-03-03T12:00"})
    assert page.status_code == 200
    assert page.context["state"].as_dict() == before_edit["3 March"]
    assert b"Alasan pertama." in page.content
    assert [step.after_cutoff for step in page.context["steps"]].count(False) == before_edit["3 March"][
        "events"
    ]

    body = (
        api(city.inspector)
        .get(f"/api/inspect/cases/{case.pk}/as-of/", {"at": "2026-03-03T12:00:00+07:00"})
        .json()
    )
    assert body["state"]["reason"] == "Alasan pertama." and body["state"]["status"] == "in_review"
    assert body["at_head"] is False and body["tables_differ_on"] is None
    assert {row["field"] for row in body["not_recorded"]} >= {"units", "attachment_files", "decree_pdf"}


def test_a_date_alone_means_the_end_of_that_day(edited_later, api, city):
    case, _before = edited_later
    body = api(city.inspector).get(f"/api/inspect/cases/{case.pk}/as-of/", {"at": "2026-03-04"}).json()
    assert body["state"]["status"] == "returned"


def test_a_sequence_number_shows_the_case_after_the_transaction_that_wrote_it(signed_case, api, city):
    history = case_history(signed_case.pk)
    submission = next(step for step in history.steps if step.action == "case.submitted")
    first, last = submission.transaction
    assert first < last  # the submission wrote the rules, itself and the first tasks at once
    state = as_of(signed_case, until_seq=first)
    assert state.seq == last and state.status == "in_review" and state.stages == ["unit_head"]
    body = api(city.inspector).get(f"/api/inspect/cases/{signed_case.pk}/as-of/", {"seq": first}).json()
    assert body["state"]["seq"] == last


@pytest.mark.parametrize("query", [{"seq": "abc"}, {"seq": "0"}, {"at": "kemarin"}, {"at": "2026-13-01"}])
def test_a_malformed_moment_is_explained(signed_case, api, browser, city, query):
    response = api(city.inspector).get(f"/api/inspect/cases/{signed_case.pk}/as-of/", query)
    assert response.status_code == 400 and response.json()["code"] == "invalid_as_of"
    assert set(response.json()["fields"]) == set(query)
    page = browser(city.inspector).get(reverse("inspect:case", args=[signed_case.pk]), query)
    assert page.status_code == 400 and page.context["as_of_error"].code == "invalid_as_of"


def test_the_state_comes_from_the_ledger_not_from_todays_tables(signed_case, browser, city):
    Case.objects.filter(pk=signed_case.pk).update(reason="Diubah langsung di basis data.", status="draft")
    history = case_history(signed_case.pk)
    assert history.state.reason == "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD."
    signed_case.refresh_from_db()
    assert differences(history.head, signed_case) == ["status", "reason"]
    page = browser(city.inspector).get(reverse("inspect:case", args=[signed_case.pk]))
    assert page.context["differs_on"] == ["status", "reason"]
    assert b"sahih-inspect-disagree" in page.content


def test_a_decree_revoked_later_shows_as_revoked_from_then_on(signed_case):
    before = case_history(signed_case.pk).head.seq
    with ledger.atomic():
        ledger.record(
            action="decree.revoked",
            object_type="case",
            object_id=signed_case.pk,
            actor=None,
            data={"status": "revoked", "number": signed_case.decree.number, "replaced_by_number": "X/1"},
        )
    assert as_of(signed_case, until_seq=before).decree["status"] == "valid"
    head = case_history(signed_case.pk).head
    assert head.decree["status"] == "revoked" and head.decree["replaced_by"] == "X/1"
    assert differences(head, signed_case) == ["decree"]  # the table was not changed with it


def test_an_unknown_or_odd_event_is_listed_not_guessed(signed_case, browser, city):
    ledger.record(action="case.noted", object_type="case", object_id=signed_case.pk, actor=None, data={})
    ledger.record(
        action="case.updated",
        object_type="case",
        object_id=signed_case.pk,
        actor=None,
        data={"changes": {"reason": "not a pair"}},
    )
    head = case_history(signed_case.pk).head
    assert head.uninterpreted == ["case.noted", "case.updated"]
    assert head.reason == "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD."
    assert browser(city.inspector).get(reverse("inspect:case", args=[signed_case.pk])).status_code == 200


# --- at the head, the ledger and the tables agree on every route -------------------------------


def agrees(case) -> Case:
    """Assert the rebuilt case equals today's tables (after every step of a route)."""
    case = Case.objects.get(pk=case.pk)
    assert differences(case_history(case.pk).head, case) == [], case_history(case.pk).head.as_dict()
    return case


def test_a_transfer_returned_edited_and_signed_agrees_at_every_step(city, transfer_case):
    case = agrees(transfer_case)
    case_update(case=case, actor=city.clerk, reason="Diperbarui.", data={"note": "x"})
    store_attachment(
        case=case, actor=city.clerk, kind="request_letter", name="surat.pdf", content=small_pdf()
    )
    case = agrees(case_submit(case_id=case.pk, actor=city.clerk))
    for stage, persona in (("unit_head", "head_dishub"), ("unit_head", "head_bpkad")):
        case = agrees(decide(case, stage, getattr(city, persona)))
    case = agrees(decide(case, "verification", city.verifier, action="return", note="Kurang SKP."))
    other = EmployeeFactory(name="Dewi Lestari", position=PositionFactory(unit=city.dishub))
    case_update(case=case, actor=city.clerk, items=[ItemInput(employee=other, to_position=city.target)])
    case = agrees(case)
    case = agrees(case_submit(case_id=case.pk, actor=city.clerk))
    for stage, persona in (
        ("unit_head", "head_dishub"),
        ("unit_head", "head_bpkad"),
        ("verification", "verifier"),
        ("agency_head", "agency_head"),
        ("secretary", "sekda"),
        ("signing", "walikota"),
    ):
        case = agrees(decide(case, stage, getattr(city, persona)))
    assert case.status == "signed"


def test_withdrawn_and_rejected_cases_agree(city, transfer_case):
    case = agrees(case_submit(case_id=transfer_case.pk, actor=city.clerk))
    agrees(case_withdraw(case_id=case.pk, actor=city.clerk, note="Tidak jadi."))
    other = case_create(
        actor=city.clerk,
        kind="transfer",
        items=[
            ItemInput(
                employee=EmployeeFactory(position=PositionFactory(unit=city.dishub)), to_position=city.target
            )
        ],
        effective_date=transfer_case.effective_date,
        reason="Kebutuhan.",
    )
    case = agrees(case_submit(case_id=other.pk, actor=city.clerk))
    case = agrees(decide(case, "unit_head", city.head_dishub, action="reject", note="Tidak disetujui."))
    assert case.status == "rejected"


def test_a_rotation_with_employees_dropped_agrees(city):
    employees = [
        EmployeeFactory(
            position=PositionFactory(unit=city.dishub),
            position_since=timezone.localdate() - timedelta(days=1200),
        )
        for _ in range(4)
    ]
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[ItemInput(employee=e, to_position=PositionFactory(unit=city.bpkad)) for e in employees],
        effective_date=timezone.localdate(),
        reason="Rotasi.",
    )
    case = agrees(case_submit(case_id=case.pk, actor=city.agency_clerk))
    case = agrees(decide(case, "unit_head", city.head_dishub))
    case = agrees(decide(case, "unit_head", city.head_bpkad))
    item_drop(
        task_id=open_tasks(case, "verification")[0].pk,
        actor=city.verifier,
        numbers=[2],
        reason="Belum dua tahun.",
    )
    case = agrees(case)
    for stage, persona in (
        ("verification", "verifier"),
        ("agency_head", "agency_head"),
        ("secretary", "sekda"),
        ("signing", "walikota"),
    ):
        case = agrees(decide(case, stage, getattr(city, persona)))
    assert case.status == "effective"  # the effective date has come: applied at signing
    head = case_history(case.pk).head
    assert [item.status for item in head.items] == ["active", "dropped", "active", "active"]
    assert [item.applied_at is not None for item in head.items] == [True, False, True, True]


PERTEK = {
    "facts": {"pertek_number": "PT-00123/BKN/XI/2026", "pertek_date": "2026-11-20"},
    "document": ("pertek.pdf", small_pdf("pertek")),
}


def test_an_appointment_with_committee_pertek_and_inauguration_agrees(city):
    team = Committee.objects.create(code="tim_penilai_kinerja", name="Tim Penilai Kinerja PNS")
    members = [
        UserFactory(username=f"tpk{i}", roles=["official"], first_name=f"Anggota {i}") for i in (1, 2, 3)
    ]
    team.members.set(members)
    candidate = EmployeeFactory(
        name="Siti Aminah",
        gender="2",
        birth=date(1984, 6, 1),
        tmt=date(2008, 3, 1),
        position=PositionFactory(unit=city.dishub, name="Pengelola Kepegawaian"),
        position_since=timezone.localdate() - timedelta(days=5 * 366),
    )
    post = PositionFactory(
        code="DISHUB-KASUBBAG",
        name="Kepala Subbagian Umum dan Kepegawaian",
        unit=city.dishub,
        kind=Position.Kind.PENGAWAS,
        min_education="D3",
        min_rank=Rank.objects.get(code=32),
    )
    case = case_create(
        actor=city.clerk,
        kind="appointment_structural",
        items=[ItemInput(employee=candidate, to_position=post)],
        effective_date=timezone.localdate(),
        reason="Pengisian jabatan pengawas yang lowong.",
    )
    case = agrees(case_submit(case_id=case.pk, actor=city.clerk))
    case = agrees(decide(case, "proposer_head", city.head_dishub))
    case = agrees(decide(case, "committee_vote", members[0], note="Kompeten."))
    case = agrees(decide(case, "committee_vote", members[1], note="Setuju."))
    case = agrees(decide(case, "verification", city.verifier))
    case = agrees(decide(case, "pertek", city.verifier2, **PERTEK))
    case = agrees(decide(case, "secretary", city.sekda))
    case = agrees(decide(case, "signing", city.walikota))
    assert case.stage == "inauguration"
    case = agrees(
        decide(
            case, "inauguration", city.verifier, facts={"inauguration_date": timezone.localdate().isoformat()}
        )
    )
    assert case.status == "effective" and case.stage == ""


def test_a_jpt_choice_and_a_postponed_dismissal_agree(city):
    case = jpt_selection(city).case
    case = agrees(case_submit(case_id=case.pk, actor=city.agency_clerk))
    case = agrees(decide(case, "verification", city.verifier))
    case = agrees(decide(case, "selection", city.walikota, action="choose", facts={"chosen_item": 2}))
    case = agrees(decide(case, "pertek", city.verifier2, **PERTEK))
    agrees(decide(case, "signing", city.walikota))

    request_date = timezone.localdate()
    aps = case_create(
        actor=city.clerk,
        kind="dismissal_own_request",
        items=[ItemInput(employee=city.subject)],
        effective_date=request_date + timedelta(days=30),
        reason="Permintaan sendiri.",
        data={"request_date": request_date.isoformat()},
    )
    store_attachment(
        case=aps, actor=city.clerk, kind=Attachment.Kind.REQUEST_LETTER, name="surat.pdf", content=small_pdf()
    )
    aps = agrees(case_submit(case_id=aps.pk, actor=city.clerk))
    aps = agrees(decide(aps, "origin_head", city.head_dishub))
    aps = agrees(decide(aps, "verification", city.verifier))
    until = (request_date + timedelta(days=200)).isoformat()
    aps = agrees(
        decide(aps, "agency_head", city.agency_head, action="postpone", facts={"postponed_until": until})
    )
    aps = agrees(decide(aps, "signing", city.walikota))
    assert aps.status == "signed" and aps.effective_date.isoformat() == until
