"""The appointment of CPNS as PNS (PP 11/2017 Ps. 34-36) through its route, on a pinned clock:
one collective decree for an intake, read back from the signed PDF, the oath recorded, the
registry changed on the TMT -- through the task service and through the API."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
import time_machine
from django.conf import settings
from django.http import Http404
from rest_framework.test import APIClient

from decisions.attachments import store_attachment
from decisions.decrees import apply_due
from decisions.errors import Invalid
from decisions.models import Case
from decisions.services import ItemInput, case_create
from personnel.models import Employee, PositionHistory, Training
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory

from .conftest import decide, submit

TMT_CPNS = date(2025, 10, 1)  # the probation of a year ended on 01-10-2026
TMT_PNS = date(2027, 1, 1)


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def at(day: date):
    return time_machine.travel(
        datetime.combine(day, time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False
    )


def sk_text(case: Case) -> str:
    with case.decree.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def cpns(city, n: int, *, tmt: date = TMT_CPNS, latsar: bool = True) -> Employee:
    """A CPNS of DISHUB in the post of their formation, rated good, with the Latsar passed."""
    employee = EmployeeFactory(
        name=f"Calon Pegawai {n}",
        birth=date(1998, 2, n),
        tmt=tmt,
        status=Employee.Status.CPNS,
        position=PositionFactory(unit=city.dishub, code=f"DISHUB-CPNS{n}", name="Penata Layanan Operasional"),
        position_since=tmt,
        rank_since=tmt,
    )
    if latsar:
        Training.objects.create(
            employee=employee,
            kind=Training.Kind.LATSAR,
            name="Pelatihan Dasar CPNS Golongan III",
            start=date(2026, 3, 2),
            end=date(2026, 4, 24),
            certificate_number=f"LATSAR/2026/{n:03d}",
        )
    return employee


def intake_case(city, people, statements: int | None = None) -> Case:
    case = case_create(
        actor=city.agency_clerk,
        kind="appointment_pns",
        items=[ItemInput(employee=person) for person in people],
        effective_date=TMT_PNS,
        reason="Pengangkatan CPNS formasi 2025 yang telah menjalani masa percobaan.",
    )
    for n in range(len(people) if statements is None else statements):
        store_attachment(
            case=case,
            actor=city.agency_clerk,
            kind="health_statement",
            name=f"sehat-{n}.pdf",
            content=small_pdf(f"Surat keterangan sehat {n}"),
        )
    return case


def test_an_intake_of_cpns_is_appointed_pns_in_one_decree_and_the_registry_follows_on_the_tmt(city):
    """PP 11/2017 Ps. 34 (a year's probation) and 36 (Latsar passed, healthy); UU 20/2023 (the
    oath of office); the status becomes PNS on the TMT (apply_due)."""
    with at(date(2026, 12, 2)):
        people = [cpns(city, n) for n in (1, 2, 3)]
        case = submit(intake_case(city, people), city.agency_clerk)
        case = decide(case, "verification", city.verifier)
        case = decide(case, "agency_head", city.agency_head)
        case = decide(case, "signing", city.walikota)
    assert case.status == Case.Status.SIGNED and case.stage == "oath"
    text = sk_text(case)
    assert "PENGANGKATAN CALON PEGAWAI NEGERI SIPIL MENJADI PEGAWAI NEGERI SIPIL" in text
    assert "Mengangkat Calon Pegawai Negeri Sipil yang namanya tercantum dalam kolom 2 Lampiran" in text
    assert "terhitung mulai tanggal 1 Januari 2027" in text and "sumpah/janji Pegawai Negeri Sipil" in text
    assert "TMT PNS" in text and all(person.full_name in text for person in people)
    assert not Employee.objects.filter(pk__in=[p.pk for p in people]).exclude(status="cpns").exists()

    with at(date(2026, 12, 1)), pytest.raises(Invalid) as early:  # before the decree: impossible
        decide(case, "oath", city.verifier2, facts={"oath_date": "2026-12-01"})
    assert early.value.code == "oath_before_decree"
    with at(date(2026, 12, 9)):
        case = decide(case, "oath", city.verifier2, facts={"oath_date": "2026-12-09"})
    assert case.process.status == "DONE"
    assert set(
        Employee.objects.filter(pk__in=[p.pk for p in people]).values_list("oath_date", flat=True)
    ) == {date(2026, 12, 9)}

    with at(TMT_PNS):
        assert apply_due() == [case.pk]
    for person in Employee.objects.filter(pk__in=[p.pk for p in people]):
        assert (person.status, person.tmt_pns, person.position_id) == ("active", TMT_PNS, person.position_id)
        assert PositionHistory.objects.filter(employee=person, end__isnull=True).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.EFFECTIVE


def test_the_requirements_of_each_cpns_are_checked_one_by_one(city):
    """Rule 28: probation not over on the TMT; no Latsar on record; one health statement for
    two CPNS (PP 11/2017 Ps. 34 and 36)."""
    with at(date(2026, 12, 2)):
        early = cpns(city, 4, tmt=date(2026, 3, 1))
        untrained = cpns(city, 5, latsar=False)
        case = intake_case(city, [early, untrained], statements=1)
        with pytest.raises(AssertionError) as blocked:
            submit(case, city.agency_clerk)
    message = str(blocked.value)
    assert "pns_appointment#1" in message and "01-03-2027" in message  # probation until then
    assert "pns_appointment#2" in message and "Latsar" in message
    assert "1 surat keterangan sehat untuk 2 CPNS" in message


def test_the_api_drafts_and_submits_an_intake_and_reports_what_is_missing(api, city):
    """POST /api/cases/ with items, then /submit/: the findings of rule 28 come back as 400."""
    with at(date(2026, 12, 2)):
        people = [cpns(city, n) for n in (6, 7)]
        client = api(city.agency_clerk)
        created = client.post(
            "/api/cases/",
            {
                "kind": "appointment_pns",
                "items": [{"employee": person.nip_display} for person in people],
                "effective_date": TMT_PNS.isoformat(),
                "reason": "Pengangkatan CPNS formasi 2025.",
            },
            format="json",
        )
        assert created.status_code == 201, created.json()
        case_id = created.json()["id"]
        upload = client.post(
            f"/api/cases/{case_id}/attachments/",
            {"kind": "health_statement", "file": io.BytesIO(small_pdf("sehat"))},
            format="multipart",
        )
        assert upload.status_code == 201, upload.json()
        refused = client.post(f"/api/cases/{case_id}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "policy_blocked"
    findings = refused.json()["findings"]
    assert {f["key"] for f in findings if f["severity"] == "block"} == {
        "pns_appointment#1",
        "pns_appointment#2",
    }
    assert all(f["facts"]["health_statements"] == 1 for f in findings if f["rule"] == "pns_appointment")


def test_only_a_cpns_can_be_drafted_into_an_intake(city):
    with pytest.raises(Invalid) as raised:
        intake_case(city, [city.subject])
    assert raised.value.code == "employee_status"


def test_only_bkpsdm_verifiers_record_the_oath(city):
    """The oath is a fact BKPSDM records (the stage's pool): an OPD clerk, an inspector or the
    signer cannot; a verifier can."""
    from decisions.errors import Refused
    from workflows.services import Decision, task_decide

    from .conftest import open_tasks

    with at(date(2026, 12, 2)):
        case = submit(intake_case(city, [cpns(city, 8)]), city.agency_clerk)
        case = decide(case, "verification", city.verifier)
        case = decide(case, "agency_head", city.agency_head)
        case = decide(case, "signing", city.walikota)
        [task] = open_tasks(case, "oath")
        for outsider in (city.clerk, city.inspector, city.walikota):
            with pytest.raises((Refused, Http404)):
                task_decide(
                    task_id=task.pk, actor=outsider, decision=Decision(facts={"oath_date": "2026-12-02"})
                )
        case = decide(case, "oath", city.verifier2, facts={"oath_date": "2026-12-02"})
    assert Employee.objects.get(nip=case.items.get().employee.nip).oath_date == date(2026, 12, 2)
