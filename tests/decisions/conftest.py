"""Cases of every decision kind, ready to compose, and signed decrees to verify."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache

from audit import services as ledger
from decisions.issuing import decree_finish, decree_prepare, run_signing
from decisions.models import Case
from decisions.services import ItemInput, case_create, lock_case
from personnel.models import Employee, FamilyMember, Position, Rank
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

MAYOR = {"basis": "elected", "name": "Ahmad Fauzi"}
KINDS = (
    "transfer",
    "transfer_out",
    "transfer_in",
    "appointment_structural",
    "appointment_functional",
    "appointment_jpt",
    "dismissal_retirement",
    "dismissal_own_request",
    "dismissal_death",
    "dismissal_discipline",
    "dismissal_unfit",
    "correction",
    "revocation",
)
TMT = date(2026, 3, 1)

# Facts on file per kind, under the agreed Case.data keys.
DATA = {
    "transfer": {
        "committee_date": "2026-01-12",
        "pertek_number": "PT-0412/I-MUT/2026",
        "pertek_date": "2026-01-20",
    },
    "transfer_out": {
        "destination_region": "Pemerintah Kota Medan",
        "final_issuer": "Gubernur Sumatera Utara",
    },
    "transfer_in": {
        "origin_region": "Pemerintah Kabupaten Asahan",
        "final_issuer": "Gubernur Sumatera Utara",
        "origin_decree_number": "800.1.3.3/0155/BKD/2026",
        "origin_decree_date": "2026-01-28",
        "pertek_number": "PT-0077/2026",
        "pertek_date": "2026-01-15",
    },
    "appointment_structural": {
        "committee_date": "2026-01-12",
        "pertek_number": "PT-0101/I-MUT/2026",
        "pertek_date": "2026-01-22",
        "minister_approval_number": "100.2.2.6/1234/OTDA",
        "minister_approval_date": "2026-01-25",
    },
    "appointment_functional": {
        "functional_route": "perpindahan",
        "competency_test": {"number": "UK-7/2026", "date": "2026-01-05"},
        "committee_date": "2026-01-12",
    },
    "appointment_jpt": {
        "shortlist": ["199001012015031001", "198805052012122002", "198712122010011003"],
        "chosen_candidate": "first",
        "selection_date": "2026-01-30",
        "pertek_number": "PT-0200/2026",
        "pertek_date": "2026-02-05",
    },
    "dismissal_retirement": {"pertek_number": "PH-2519/2026", "pertek_date": "2026-01-10"},
    "dismissal_own_request": {"request_date": "2025-12-01", "postponed_until": "2026-02-28"},
    # Died in February: the dismissal takes effect on 1 March (UU 11/1969 Pasal 24).
    "dismissal_death": {"date_of_death": "2026-02-18", "death_certificate_number": "474.3/0021/2026"},
    "dismissal_discipline": {"sanction_decree_number": "800.1.6.2/0009/BKPSDM/2026"},
    "dismissal_unfit": {"health_certificate_number": "445/TPK/0031/2026"},
    "correction": {
        "correction": "Pada Lampiran, nomor urut 1, kolom (5): tertulis “Penata Layanan”, seharusnya “Penata Layanan Operasional”."
    },
    "revocation": {
        "revocation_defect": "prosedur",
        "revocation_reason": "pemindahan ditetapkan tanpa pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil",
    },
}


@pytest.fixture(autouse=True)
def empty_cache():
    """The verification rate limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Places:
    administrator: Position
    functional: Position
    jpt: Position


@pytest.fixture
def places(city) -> Places:
    dispora = OrgUnitFactory(code="DISPORA", name="Dinas Pemuda dan Olahraga", parent=city.region)
    return Places(
        administrator=PositionFactory(
            code="BPKAD-KABID-ANG",
            name="Kepala Bidang Anggaran",
            unit=city.bpkad,
            kind=Position.Kind.ADMINISTRATOR,
        ),
        functional=PositionFactory(
            code="BKPSDM-AK-AP",
            name="Analis Kepegawaian Ahli Pertama",
            unit=city.bkpsdm,
            kind=Position.Kind.FUNCTIONAL,
            functional_level=Position.FunctionalLevel.AHLI_PERTAMA,
            capacity=3,
        ),
        jpt=PositionFactory(
            code="KADISPORA",
            name="Kepala Dinas Pemuda dan Olahraga",
            unit=dispora,
            kind=Position.Kind.JPT_PRATAMA,
            is_head=True,
        ),
    )


def retiring_employee(city) -> Employee:
    """Born 10 February 1968: reaches the retirement age of 58 on 10 February 2026, so the TMT
    pensiun is 1 March 2026; III/d since 1 April 2022 with 24 years of service in grade then;
    a wife and two children on record, one of them 25 already."""
    employee = EmployeeFactory(
        name="Harun Nasution",
        back_title="S.Sos.",
        birth=date(1968, 2, 10),
        tmt=date(1994, 3, 1),
        rank=Rank.objects.get(code=34),
        rank_since=date(2022, 4, 1),
        mkg_years=24,
        mkg_months=0,
        position=PositionFactory(code="DISHUB-ANALIS", name="Analis Kebijakan Perhubungan", unit=city.dishub),
    )
    FamilyMember.objects.create(
        employee=employee,
        relation=FamilyMember.Relation.WIFE,
        name="Rosmawati",
        birth_date=date(1971, 6, 3),
        marriage_date=date(1995, 8, 20),
    )
    FamilyMember.objects.create(
        employee=employee,
        relation=FamilyMember.Relation.CHILD,
        name="Putri Nasution",
        birth_date=date(2003, 9, 9),
    )
    FamilyMember.objects.create(
        employee=employee,
        relation=FamilyMember.Relation.CHILD,
        name="Fajar Nasution",
        birth_date=date(1997, 1, 5),
    )
    return employee


def under_review(case: Case) -> Case:
    """Where a route would have brought a draft before its signing stage: the lifecycle signs
    only a case in review (decisions/lifecycle.py). A test's shortcut, written by hand."""
    Case.objects.filter(pk=case.pk, status=Case.Status.DRAFT).update(status=Case.Status.IN_REVIEW)
    case.refresh_from_db(fields=["status"])
    return case


def issue(case: Case, signer, assignment: dict | None = None, *, secret=None):
    """Sign ``case`` in the signing stage's three steps (decisions/issuing.py), without its
    task (a draft is put in review first, as its route would have)."""
    under_review(case)

    def prepare():
        with ledger.atomic():
            return decree_prepare(case=lock_case(case.pk), signer=signer, assignment=assignment or MAYOR)

    def finish(attempt, signed_pdf):
        with ledger.atomic():
            return decree_finish(
                attempt=attempt, case=lock_case(case.pk), signer=signer, signed_pdf=signed_pdf
            )

    return run_signing(prepare=prepare, finish=finish, secret=secret)


def stored_pdf(decree) -> bytes:
    """The signed PDF as stored (read and closed)."""
    with decree.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def signed_transfer(city, transfer_case):
    return issue(transfer_case, city.walikota)


@pytest.fixture
def make_case(city, places):
    """``make_case(kind)``: a drafted case of ``kind`` with its facts on file."""

    def make(kind: str, *, people: int = 1, data: dict | None = None, target=None) -> Case:
        subject = city.subject
        items = [ItemInput(employee=subject)]
        if kind == "transfer":
            items = [ItemInput(employee=subject, to_position=city.target)]
        elif kind == "transfer_in":
            newcomer = EmployeeFactory(
                name="Rahmat Hidayat",
                back_title="S.Kom.",
                position=None,
                birth=date(1990, 7, 3),
                status=Employee.Status.INCOMING,
            )
            items = [ItemInput(employee=newcomer, to_position=city.target)]
        elif kind == "appointment_structural":
            items = [ItemInput(employee=subject, to_position=places.administrator)]
        elif kind == "appointment_functional":
            items = [ItemInput(employee=subject, to_position=places.functional)]
        elif kind == "appointment_jpt":
            senior = EmployeeFactory(
                name="Sri Wahyuni",
                front_title="Dr.",
                back_title="M.Si.",
                gender="2",
                birth=date(1975, 5, 5),
                tmt=date(2000, 3, 1),
                position=PositionFactory(code="DISHUB-SEK", name="Sekretaris Dinas", unit=city.dishub),
                rank=Rank.objects.get(code=42),
            )
            items = [ItemInput(employee=senior, to_position=places.jpt)]
        elif kind == "dismissal_retirement":
            items = [ItemInput(employee=retiring_employee(city))]
        elif kind == "dismissal_death":
            late = EmployeeFactory(
                name="Nurhayati",
                gender="2",
                birth=date(1970, 2, 2),
                tmt=date(1995, 3, 1),
                position=PositionFactory(code="DISHUB-BEND", name="Bendahara", unit=city.dishub),
            )
            items = [ItemInput(employee=late)]
        if people > 1:
            extra = [
                EmployeeFactory(
                    name=f"Pegawai Rotasi {n}",
                    position=PositionFactory(
                        code=f"DISHUB-ROT{n}", name=f"Pengelola Data {n}", unit=city.dishub
                    ),
                )
                for n in range(1, people)
            ]
            if kind == "transfer":
                targets = [
                    PositionFactory(code=f"BPKAD-ROT{n}", name=f"Pengolah Data Keuangan {n}", unit=city.bpkad)
                    for n in range(1, people)
                ]
                items += [ItemInput(employee=e, to_position=t) for e, t in zip(extra, targets, strict=True)]
            else:
                items += [ItemInput(employee=e) for e in extra]
        if kind in ("correction", "revocation") and target is None:
            target = issue(make("transfer"), city.walikota)
        return case_create(
            actor=city.agency_clerk,
            kind=kind,
            items=items,
            effective_date=TMT,
            reason="Alasan internal yang tidak boleh tampil di halaman publik.",
            data={**DATA[kind], **(data or {})},
            target_decree=target,
        )

    return make
