"""Every decision kind through its route, to the status it must end in, with its ledger
events and (where the city signs) an SK whose text fits the kind."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pytest
from django.utils import timezone

from audit.models import Event
from audit.verify import verify_chain
from decisions.attachments import store_attachment
from decisions.errors import Invalid
from decisions.models import Attachment, Case
from decisions.services import ItemInput, case_create
from personnel.models import DisciplinarySanction, Employee, Position, Rank
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory, jpt_selection
from workflows.services import case_submit

from .conftest import decide, open_tasks, submit

TODAY = timezone.localdate


def sk_text(case: Case) -> str:
    with case.decree.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def actions(case: Case) -> list[str]:
    return list(
        Event.objects.filter(object_type="case", object_id=str(case.pk)).values_list("action", flat=True)
    )


def attach(case, city, kind, actor=None):
    store_attachment(
        case=case, actor=actor or city.clerk, kind=kind, name=f"{kind}.pdf", content=small_pdf(kind)
    )


# The file of a transfer between regions (Peraturan BKN 5/2019): both letters, Anjab/ABK,
# the clearances, and the last two SKP ratings.
FULL_FILE = (
    Attachment.Kind.RELEASE_LETTER,
    Attachment.Kind.JOB_ANALYSIS,
    Attachment.Kind.CLEARANCE,
    Attachment.Kind.NO_DISCIPLINE_STATEMENT,
    Attachment.Kind.NO_STUDY_LEAVE_STATEMENT,
    Attachment.Kind.SKP,
    Attachment.Kind.SKP,
)

PERTEK = {
    "facts": {"pertek_number": "PT-00123/BKN/XI/2026", "pertek_date": "2026-11-20"},
    "document": ("pertek.pdf", small_pdf("pertek")),
}


@pytest.fixture
def candidate(city):
    """A pelaksana of DISHUB with five years in post: experienced enough to become pengawas."""
    return EmployeeFactory(
        name="Siti Aminah",
        gender="2",
        birth=date(1984, 6, 1),
        tmt=date(2008, 3, 1),
        position=PositionFactory(unit=city.dishub, name="Pengelola Kepegawaian"),
        position_since=TODAY() - timedelta(days=5 * 366),
    )


@pytest.fixture
def pengawas_post(city):
    return PositionFactory(
        code="DISHUB-KASUBBAG",
        name="Kepala Subbagian Umum dan Kepegawaian",
        unit=city.dishub,
        kind=Position.Kind.PENGAWAS,
        min_education="D3",
        min_rank=Rank.objects.get(code=32),
    )


def pengawas_case(city, candidate, post) -> Case:
    """A drafted appointment of ``candidate`` to the supervisor post ``post``."""
    return case_create(
        actor=city.clerk,
        kind="appointment_structural",
        items=[ItemInput(employee=candidate, to_position=post)],
        effective_date=TODAY(),
        reason="Pengisian jabatan pengawas yang lowong.",
    )


def test_an_appointment_to_a_supervisor_post_goes_through_committee_pertek_signing_and_inauguration(
    city, committee, pengawas_post, candidate
):
    case = pengawas_case(city, candidate, pengawas_post)
    case = submit(case, city.clerk)
    case = decide(case, "proposer_head", city.head_dishub)
    assert len(open_tasks(case, "committee_vote")) == 3
    case = decide(case, "committee_vote", committee[0], note="Kompeten.")
    case = decide(case, "committee_vote", committee[1], note="Setuju.")
    assert open_tasks(case, "committee_vote") == []  # the majority decided; the third vote is not needed
    case.refresh_from_db()
    assert case.data["committee"]["result"] == "approved"
    assert [vote["vote"] for vote in case.data["committee"]["votes"]] == ["approved", "approved"]
    case = decide(case, "verification", city.verifier)
    with pytest.raises(Invalid) as missing:
        decide(case, "pertek", city.verifier2, facts={"pertek_number": "PT-1"})
    assert missing.value.code == "fact_required"
    case = decide(case, "pertek", city.verifier2, **PERTEK)
    case = decide(case, "secretary", city.sekda)
    case = decide(case, "signing", city.walikota)
    assert case.status == Case.Status.EFFECTIVE
    assert case.stage == "inauguration"
    case = decide(case, "inauguration", city.verifier, facts={"inauguration_date": TODAY().isoformat()})
    case.refresh_from_db()
    assert case.stage == "" and case.process.status == "DONE"
    assert case.attachments.filter(kind=Attachment.Kind.PERTEK).count() == 1
    assert {"committee.decided", "decree.issued", "case.effective"} <= set(actions(case))
    text = sk_text(case)
    assert "MENGANGKAT" in text.upper() and "Kepala Subbagian Umum dan Kepegawaian" in text
    assert "PT-00123/BKN/XI/2026" in text  # the pertek is cited in Memperhatikan
    assert verify_chain().ok


def test_a_committee_that_does_not_recommend_ends_the_case(city, committee, pengawas_post, candidate):
    case = pengawas_case(city, candidate, pengawas_post)
    case = submit(case, city.clerk)
    case = decide(case, "proposer_head", city.head_dishub)
    case = decide(case, "committee_vote", committee[0], action="reject", note="Belum memenuhi kompetensi.")
    case = decide(case, "committee_vote", committee[2], action="reject", note="Tidak direkomendasikan.")
    case.refresh_from_db()
    assert case.status == Case.Status.REJECTED
    assert case.data["committee"]["result"] == "rejected"


def test_a_unanimous_committee_needs_every_vote(city, committee, pengawas_post, candidate):
    from workflows.models import Committee

    Committee.objects.filter(code="tim_penilai_kinerja").update(rule=Committee.Rule.UNANIMOUS)
    case = pengawas_case(city, candidate, pengawas_post)
    case = decide(submit(case, city.clerk), "proposer_head", city.head_dishub)
    case = decide(case, "committee_vote", committee[0])
    case = decide(case, "committee_vote", committee[1])
    assert len(open_tasks(case, "committee_vote")) == 1
    case = decide(case, "committee_vote", committee[2])
    assert [t.data["stage"] for t in open_tasks(case)] == ["verification"]


def test_a_functional_appointment_carries_the_competency_test(city, committee):
    post = PositionFactory(
        code="DISHUB-ANALIS",
        name="Analis Kebijakan Ahli Pertama",
        unit=city.dishub,
        kind=Position.Kind.FUNCTIONAL,
        functional_level="ahli_pertama",
    )
    case = case_create(
        actor=city.clerk,
        kind="appointment_functional",
        items=[ItemInput(employee=city.subject, to_position=post)],
        effective_date=TODAY(),
        reason="Pengangkatan pertama dalam jabatan fungsional.",
        data={
            "functional_route": "pengangkatan_pertama",
            "competency_test": {"passed": True, "score": 82, "date": "2026-10-12"},
        },
    )
    with pytest.raises(Invalid) as incomplete:
        case_submit(case_id=case.pk, actor=city.clerk)
    assert incomplete.value.code == "missing_attachments"
    attach(case, city, Attachment.Kind.COMPETENCY_TEST)
    case = submit(case, city.clerk)
    case = decide(case, "proposer_head", city.head_dishub)
    for member in committee[:2]:
        case = decide(case, "committee_vote", member)
    for stage, user, extra in [
        ("verification", city.verifier, {}),
        ("pertek", city.verifier2, PERTEK),
        ("secretary", city.sekda, {}),
        ("signing", city.walikota, {}),
    ]:
        case = decide(case, stage, user, **extra)
    assert "Analis Kebijakan Ahli Pertama" in sk_text(case)


def test_a_jpt_appointment_lets_the_regional_head_choose_one_of_three(city):
    selection = jpt_selection(city)
    candidates, post = selection.candidates, selection.post
    case = submit(selection.case, city.agency_clerk)
    case = decide(case, "verification", city.verifier)
    case = decide(case, "selection", city.walikota, action="choose", facts={"chosen_item": 2})
    assert list(case.items.filter(status="active").values_list("employee__name", flat=True)) == ["Kandidat 2"]
    case = decide(case, "pertek", city.verifier2, **PERTEK)
    case = decide(case, "signing", city.walikota)
    case = decide(case, "inauguration", city.verifier, facts={"inauguration_date": TODAY().isoformat()})
    candidates[1].refresh_from_db()
    assert candidates[1].position == post
    text = sk_text(case)
    assert "Kandidat 2" in text and "Kandidat 1" not in text


def test_a_transfer_out_releases_the_employee_and_names_who_issues_the_final_sk(city):
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer_out",
        items=[ItemInput(employee=city.subject)],
        effective_date=TODAY(),
        reason="Mengikuti suami pindah tugas.",
        data={"destination_region": "Kota Medan", "final_issuer": "gubernur"},
    )
    for kind in (Attachment.Kind.REQUEST_LETTER, Attachment.Kind.CONSENT_LETTER, *FULL_FILE):
        attach(case, city, kind, city.agency_clerk)
    case = submit(case, city.agency_clerk)
    for stage, user in [
        ("origin_head", city.head_dishub),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)
    city.subject.refresh_from_db()
    assert city.subject.status == Employee.Status.TRANSFERRED_OUT and city.subject.position is None
    assert "Kota Medan" in sk_text(case)


def test_a_transfer_in_appoints_the_incoming_employee_into_a_post_here(city):
    incoming = EmployeeFactory(
        name="Rina Pindahan",
        status=Employee.Status.INCOMING,
        position=None,
        birth=date(1990, 2, 2),
        tmt=date(2014, 1, 1),
    )
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer_in",
        items=[ItemInput(employee=incoming, to_position=city.target)],
        effective_date=TODAY(),
        reason="Pindah masuk dari Kabupaten Asahan.",
        data={
            "origin_region": "Kabupaten Asahan",
            "final_issuer": "gubernur",
            "origin_decree_number": "800/155/BKD/2026",
            "origin_decree_date": "2026-09-28",
            "pertek_number": "PT-9/BKN/2026",
            "pertek_date": "2026-10-01",
        },
    )
    for kind in (
        Attachment.Kind.REQUEST_LETTER,
        Attachment.Kind.CONSENT_LETTER,
        Attachment.Kind.PERTEK,
        *FULL_FILE,
    ):
        attach(case, city, kind, city.agency_clerk)
    case = submit(case, city.agency_clerk)
    for stage, user in [
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)
    incoming.refresh_from_db()
    assert incoming.status == Employee.Status.ACTIVE and incoming.position == city.target


def test_propose_retirements_drafts_bup_cases_with_the_first_of_the_month_after_the_birthday(city):
    from decisions.retirement import propose_retirements

    today = TODAY()
    retiring = EmployeeFactory(
        name="Pak Pensiun",
        birth=date(today.year - 58, today.month, 15),
        tmt=date(today.year - 35, 1, 1),
        position=PositionFactory(unit=city.dishub),
    )
    cases = propose_retirements(months=2, actor=city.agency_clerk)
    assert [c.items.get().employee for c in cases] == [retiring]
    expected = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    assert cases[0].effective_date == expected
    assert propose_retirements(months=2, actor=city.agency_clerk) == []  # safe to run again

    case = submit(cases[0], city.agency_clerk)
    for stage, user, extra in [
        ("verification", city.verifier, {}),
        ("pertek", city.verifier2, PERTEK),
        ("agency_head", city.agency_head, {}),
        ("signing", city.walikota, {}),
    ]:
        case = decide(case, stage, user, **extra)
    assert case.status == Case.Status.SIGNED  # it takes effect on the TMT pensiun, not before
    from decisions.decrees import apply_due

    assert apply_due() == []
    import time_machine

    with time_machine.travel(expected, tick=False):
        assert apply_due() == [case.pk]
        assert apply_due() == []
    retiring.refresh_from_db()
    assert retiring.status == Employee.Status.RETIRED


def test_an_own_request_dismissal_has_a_14_working_day_deadline_and_can_be_postponed(city):
    request_date = TODAY()
    case = case_create(
        actor=city.clerk,
        kind="dismissal_own_request",
        items=[ItemInput(employee=city.subject)],
        effective_date=request_date + timedelta(days=30),
        reason="Permintaan sendiri.",
        data={"request_date": request_date.isoformat()},
    )
    attach(case, city, Attachment.Kind.REQUEST_LETTER)
    case = submit(case, city.clerk)
    from workflows.deadlines import add_working_days

    assert case.data["decide_by"] == add_working_days(request_date, 14).isoformat()
    assert all(task.data["due"] <= case.data["decide_by"] for task in open_tasks(case))
    case = decide(case, "origin_head", city.head_dishub)
    case = decide(case, "verification", city.verifier)
    with pytest.raises(Invalid) as too_long:
        decide(
            case,
            "agency_head",
            city.agency_head,
            action="postpone",
            facts={"postponed_until": (request_date + timedelta(days=400)).isoformat()},
        )
    assert too_long.value.code == "postponement_out_of_range"
    until = request_date + timedelta(days=200)
    case = decide(
        case, "agency_head", city.agency_head, action="postpone", facts={"postponed_until": until.isoformat()}
    )
    assert case.effective_date == until and case.data["postponed_until"] == until.isoformat()
    case = decide(case, "signing", city.walikota)
    assert case.status == Case.Status.SIGNED


def test_an_own_request_is_refused_while_a_sanction_runs(city):
    DisciplinarySanction.objects.create(
        employee=city.subject,
        level="sedang",
        kind="pemotongan_tukin",
        start=TODAY() - timedelta(days=30),
        end=TODAY() + timedelta(days=150),
    )
    case = case_create(
        actor=city.clerk,
        kind="dismissal_own_request",
        items=[ItemInput(employee=city.subject)],
        effective_date=TODAY() + timedelta(days=30),
        reason="Permintaan sendiri.",
        data={"request_date": TODAY().isoformat()},
    )
    attach(case, city, Attachment.Kind.REQUEST_LETTER)
    from decisions.policy import PolicyBlocked

    with pytest.raises(PolicyBlocked) as blocked:
        case_submit(case_id=case.pk, actor=city.clerk)
    assert any(key.startswith("discipline") for key in blocked.value.extra["unresolved"])


def test_a_death_is_verified_and_signed_on_a_short_route(city):
    """The TMT is derived from the date of death: the first day of the next month (UU 11/1969
    Pasal 24), which has come by now, so the registry records the death at signing."""
    died = TODAY() - timedelta(days=40)
    case = case_create(
        actor=city.clerk,
        kind="dismissal_death",
        items=[ItemInput(employee=city.subject)],
        effective_date=None,
        reason="Meninggal dunia.",
        data={"date_of_death": died.isoformat()},
    )
    assert case.effective_date == date(died.year + died.month // 12, died.month % 12 + 1, 1)
    attach(case, city, Attachment.Kind.DEATH_CERTIFICATE)
    case = submit(case, city.clerk)
    case = decide(case, "verification", city.verifier)
    case = decide(case, "signing", city.walikota)
    city.subject.refresh_from_db()
    assert city.subject.status == Employee.Status.DECEASED


def test_a_heavy_sanction_dismissal_is_reviewed_by_the_inspectorate_first(city):
    case = case_create(
        actor=city.agency_clerk,
        kind="dismissal_discipline",
        items=[ItemInput(employee=city.subject)],
        effective_date=TODAY(),
        reason="Hukuman disiplin berat PDHTAPS.",
        data={"sanction_decree_number": "800.1.6.2/77/BKPSDM/2026"},
    )
    attach(case, city, Attachment.Kind.SANCTION_DECREE, city.agency_clerk)
    case = submit(case, city.agency_clerk)
    assert [t.data["stage"] for t in open_tasks(case)] == ["inspectorate"]
    inspektur = Employee.objects.get(position__code="INSPEKTUR").user
    case = decide(case, "inspectorate", inspektur)
    for stage, user in [
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)
    city.subject.refresh_from_db()
    assert city.subject.status == Employee.Status.DISMISSED
    assert "800.1.6.2/77/BKPSDM/2026" in sk_text(case)


def test_an_unfit_dismissal_rests_on_the_health_board_certificate(city):
    case = case_create(
        actor=city.agency_clerk,
        kind="dismissal_unfit",
        items=[ItemInput(employee=city.subject)],
        effective_date=TODAY(),
        reason="Tidak cakap jasmani.",
        data={"health_certificate_number": "TPK/12/2026"},
    )
    attach(case, city, Attachment.Kind.HEALTH_CERTIFICATE, city.agency_clerk)
    case = submit(case, city.agency_clerk)
    for stage, user in [
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)
    assert case.status == Case.Status.EFFECTIVE


@pytest.mark.parametrize(("kind", "status"), [("correction", "superseded"), ("revocation", "revoked")])
def test_a_correction_or_revocation_runs_its_short_route_and_replaces_the_old_decree(
    city, transfer_case, kind, status
):
    case = submit(transfer_case, city.clerk)
    for stage, user in [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)
    old = case.decree
    position_after_transfer = Employee.objects.get(pk=city.subject.pk).position
    data = {
        "correction": "Pada Diktum KESATU tertulis “Penata Layanan”, seharusnya “Penata Layanan Operasional”.",
        "revocation_defect": "prosedur",
        "revocation_reason": "pemindahan ditetapkan tanpa analisis beban kerja unit tujuan",
    }
    amendment = case_create(
        actor=city.agency_clerk,
        kind=kind,
        items=[ItemInput(employee=city.subject)],
        effective_date=TODAY(),
        reason="Perbaikan SK.",
        data=data,
        target_decree=old,
    )
    amendment = submit(amendment, city.agency_clerk)
    for stage, user in [
        ("verification", city.verifier2),
        ("agency_head", city.agency_head),
        ("signing", city.walikota),
    ]:
        amendment = decide(amendment, stage, user)
    old.refresh_from_db()
    assert old.status == status and old.replaced_by == amendment.decree
    assert old.number in sk_text(amendment)
    assert (
        Employee.objects.get(pk=city.subject.pk).position == position_after_transfer
    )  # the registry is left alone
    assert f"decree.{status}" in actions(case)
