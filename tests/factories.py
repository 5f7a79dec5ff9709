"""Factories for the registry, and a small city with every role in it.

``build_city()`` gives the personas the tests talk about: clerks of an OPD and of BKPSDM,
the heads of two OPDs, a BKPSDM verifier, the Head of BKPSDM, the Sekda, the Wali Kota, an
inspector, an outsider, and an employee ready to be transferred into a vacant position.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from personnel.models import (
    CompetencyAssessment,
    DisciplinarySanction,
    EducationLevel,
    ElectedTerm,
    Employee,
    OrgUnit,
    Position,
    PositionHistory,
    Rank,
    SkpRating,
    Training,
)

PASSWORD = "rahasia-uji-123"
_serials = itertools.count(1)


# The regional head's NIK, as BSrE knows him (a NIK of Kota Tanjungbalai, 12.72).
MAYOR_NIK = "1272010101700001"


def make_nip(birth: date, tmt: date, gender: str = "1", serial: int | None = None) -> str:
    serial = next(_serials) % 999 + 1 if serial is None else serial
    return f"{birth:%Y%m%d}{tmt:%Y%m}{gender}{serial:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        self.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"UNIT{n}")
    name = factory.LazyAttribute(lambda unit: f"Dinas {unit.code}")
    kind = OrgUnit.Kind.DINAS


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"POS{n}")
    name = factory.Sequence(lambda n: f"Penata Layanan Operasional {n}")
    kind = Position.Kind.PELAKSANA
    unit = factory.SubFactory(OrgUnitFactory)
    capacity = 1


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    class Params:
        birth = date(1985, 4, 12)
        tmt = date(2010, 3, 1)

    name = factory.Sequence(lambda n: f"Pegawai {n}")
    gender = "1"
    birth_date = factory.SelfAttribute("birth")
    tmt_cpns = factory.SelfAttribute("tmt")
    nip = factory.LazyAttribute(lambda e: make_nip(e.birth, e.tmt, e.gender))
    rank = factory.LazyFunction(lambda: Rank.objects.get(code=32))
    rank_since = date(2018, 4, 1)
    mkg_years = 8  # masa kerja golongan on the rank's TMT, as a rank decree states it
    mkg_months = 1
    education_level = EducationLevel.S1
    education_field = "Administrasi Negara"
    position = None
    position_since = factory.LazyAttribute(lambda e: date(2020, 1, 2) if e.position else None)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create and self.position_id:
            PositionHistory.objects.create(employee=self, position=self.position, start=self.position_since)

    @factory.post_generation
    def good_ratings(self, create, extracted, **kwargs):
        """A good rating for every year since the TMT CPNS, whatever day the tests run on."""
        if create and extracted is not False:
            years = range(self.tmt_cpns.year, timezone.localdate().year + 1)
            SkpRating.objects.bulk_create(
                SkpRating(employee=self, year=year, rating=SkpRating.Rating.GOOD) for year in years
            )


def official(
    unit: OrgUnit,
    *,
    code: str,
    title: str,
    username: str,
    kind=Position.Kind.JPT_PRATAMA,
    roles=("official",),
    rank_code: int = 42,
) -> Employee:
    position = PositionFactory(code=code, name=title, unit=unit, kind=kind, is_head=True)
    user = UserFactory(username=username, roles=list(roles), first_name=title)
    return EmployeeFactory(
        name=f"Kepala {unit.code.title()}",
        position=position,
        user=user,
        rank=Rank.objects.get(code=rank_code),
        position_since=date(2021, 1, 4),
    )


def staff(unit: OrgUnit, *, username: str, roles=("clerk",), code: str | None = None) -> Employee:
    position = PositionFactory(
        unit=unit,
        code=code or f"{unit.code}-{username}".upper(),
        name=f"Pengadministrasi {unit.code}",
        capacity=5,
    )
    user = UserFactory(username=username, roles=list(roles))
    return EmployeeFactory(name=f"Staf {username}", position=position, user=user)


@dataclass
class City:
    region: OrgUnit
    setda: OrgUnit
    bkpsdm: OrgUnit
    inspektorat: OrgUnit
    dishub: OrgUnit
    bpkad: OrgUnit
    clerk: object  # DISHUB clerk (an OPD clerk)
    agency_clerk: object  # BKPSDM clerk
    head_dishub: object
    head_bpkad: object
    verifier: object
    verifier2: object
    agency_head: object
    sekda: object
    walikota: object
    inspector: object
    outsider: object  # an OPD clerk of a third unit
    subject: Employee  # the employee to transfer, in post at DISHUB since 2022
    target: Position  # a vacant position at BPKAD
    mayor_position: Position


def build_city() -> City:
    region = OrgUnitFactory(code="PEMKOT", name="Pemerintah Kota Tanjungbalai", kind=OrgUnit.Kind.REGION)
    setda = OrgUnitFactory(
        code="SETDA", name="Sekretariat Daerah", kind=OrgUnit.Kind.SECRETARIAT, parent=region
    )
    bkpsdm = OrgUnitFactory(
        code="BKPSDM",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        kind=OrgUnit.Kind.BADAN,
        parent=region,
    )
    inspektorat = OrgUnitFactory(
        code="INSPEKTORAT", name="Inspektorat", kind=OrgUnit.Kind.INSPECTORATE, parent=region
    )
    dishub = OrgUnitFactory(code="DISHUB", name="Dinas Perhubungan", parent=region)
    bpkad = OrgUnitFactory(
        code="BPKAD",
        name="Badan Pengelolaan Keuangan dan Aset Daerah",
        kind=OrgUnit.Kind.BADAN,
        parent=region,
    )
    dinkes = OrgUnitFactory(code="DINKES", name="Dinas Kesehatan", parent=region)

    mayor_position = PositionFactory(
        code="WALIKOTA",
        name="Wali Kota Tanjungbalai",
        unit=region,
        kind=Position.Kind.REGIONAL_HEAD,
        is_head=True,
    )
    walikota_user = UserFactory(username="walikota", roles=["signer"], first_name="Ahmad", last_name="Fauzi")
    # Inaugurated on 20 February 2025 and re-elected every five years since: in office on any
    # day a test travels to from 2025 on, whatever the real day is.
    start = date(2025, 2, 20)
    while True:
        end = start.replace(year=start.year + 5)
        ElectedTerm.objects.create(
            position=mayor_position,
            full_name="Ahmad Fauzi",
            nik=MAYOR_NIK,
            user=walikota_user,
            inaugurated_on=start,
            term_end=end,
        )
        if end > timezone.localdate() + timedelta(days=2 * 366):
            break
        start = end

    sekda = official(setda, code="SEKDA", title="Sekretaris Daerah", username="sekda", rank_code=44)
    agency_head = official(bkpsdm, code="KABKPSDM", title="Kepala BKPSDM", username="kabkpsdm")
    official(inspektorat, code="INSPEKTUR", title="Inspektur", username="inspektur")
    head_dishub = official(dishub, code="KADISHUB", title="Kepala Dinas Perhubungan", username="kadishub")
    head_bpkad = official(bpkad, code="KABPKAD", title="Kepala BPKAD", username="kabpkad")
    official(dinkes, code="KADINKES", title="Kepala Dinas Kesehatan", username="kadinkes")

    clerk = staff(dishub, username="clerk_dishub")
    agency_clerk = staff(bkpsdm, username="clerk_bkpsdm")
    verifier = staff(bkpsdm, username="verifier1", roles=("verifier",), code="BKPSDM-VER1")
    verifier2 = staff(bkpsdm, username="verifier2", roles=("verifier",), code="BKPSDM-VER2")
    for person in (verifier, verifier2):
        assign_perm("personnel.verify_cases", person.user, bkpsdm)
    inspector = staff(inspektorat, username="inspector", roles=("inspector",))
    outsider = staff(dinkes, username="clerk_dinkes")

    subject_position = PositionFactory(code="DISHUB-PLO1", name="Pengadministrasi Perkantoran", unit=dishub)
    subject = EmployeeFactory(
        name="Budi Santoso",
        front_title="",
        back_title="S.E.",
        position=subject_position,
        # Settled in the post (more than two years, whatever day a test runs or travels to).
        position_since=date(2022, 1, 3),
        birth=date(1988, 4, 12),
        tmt=date(2011, 1, 1),
    )
    target = PositionFactory(code="BPKAD-PLO1", name="Penata Layanan Operasional", unit=bpkad)
    return City(
        region=region,
        setda=setda,
        bkpsdm=bkpsdm,
        inspektorat=inspektorat,
        dishub=dishub,
        bpkad=bpkad,
        clerk=clerk.user,
        agency_clerk=agency_clerk.user,
        head_dishub=head_dishub.user,
        head_bpkad=head_bpkad.user,
        verifier=verifier.user,
        verifier2=verifier2.user,
        agency_head=agency_head.user,
        sekda=sekda.user,
        walikota=walikota_user,
        inspector=inspector.user,
        outsider=outsider.user,
        subject=subject,
        target=target,
        mayor_position=mayor_position,
    )


@dataclass
class JptSelection:
    case: object  # decisions.models.Case, drafted
    candidates: list[Employee]
    post: Position


def jpt_selection(
    city: City, *, code: str = "KADISPERKIM", name: str = "Kepala Dinas Perumahan"
) -> JptSelection:
    """A drafted JPT pratama appointment after an open selection: three candidates ("Kandidat
    1" to "3", scored 88, 85, 80), each an administrator for six years (a JPT needs five, two
    as administrator), with the selection result on file."""
    from decisions.attachments import store_attachment
    from decisions.models import Attachment
    from decisions.services import ItemInput, case_create
    from tests.api.helpers import small_pdf

    post = PositionFactory(code=code, name=name, unit=city.dishub, kind=Position.Kind.JPT_PRATAMA)
    candidates = [
        EmployeeFactory(
            name=f"Kandidat {n}",
            birth=date(1975, n, 3),
            tmt=date(2000, 3, 1),
            rank=Rank.objects.get(code=41),
            position=PositionFactory(unit=city.bpkad, kind=Position.Kind.ADMINISTRATOR),
            position_since=timezone.localdate() - timedelta(days=6 * 366),
        )
        for n in (1, 2, 3)
    ]
    case = case_create(
        actor=city.agency_clerk,
        kind="appointment_jpt",
        items=[ItemInput(employee=c, to_position=post) for c in candidates],
        effective_date=timezone.localdate(),
        reason="Hasil seleksi terbuka JPT pratama.",
        data={
            "shortlist": [{"nip": c.nip, "score": s} for c, s in zip(candidates, (88, 85, 80), strict=True)]
        },
    )
    store_attachment(
        case=case,
        actor=city.agency_clerk,
        kind=Attachment.Kind.SELECTION_RESULT,
        name="seleksi.pdf",
        content=small_pdf("Hasil seleksi"),
    )
    return JptSelection(case=case, candidates=candidates, post=post)


# The placement pages' city (tests/placement, tests/browser/test_placement.py): a vacant pengawas
# post in BPKAD (S-1 in accounting or economics, III/b to III/d, PKP), a vacant JPT post, and
# employees who fit it, miss its education, or serve a sanction.


@dataclass
class Placement:
    city: City
    vacancy: Position  # pengawas at BPKAD, vacant
    jpt: Position  # the head of a new agency, vacant
    fit: Employee  # accountant at BPKAD, PKP held
    other_fit: Employee  # economist at DISHUB, no PKP
    wrong_field: Employee  # civil engineer: education blocks
    sanctioned: Employee  # an accountant under a heavy sanction: discipline blocks
    administrators: list[Employee]  # three who may go to the JPT panel


def _staff(unit, code, **kwargs) -> Employee:
    position = PositionFactory(code=code, name=f"Analis {code}", unit=unit, capacity=1)
    kwargs.setdefault("position_since", date(2019, 1, 2))
    return EmployeeFactory(position=position, **kwargs)


def build_placement(city: City) -> Placement:
    iii_c = Rank.objects.get(code=33)
    vacancy = PositionFactory(
        code="BPKAD-KASUBBAG-KEU",
        name="Kepala Subbagian Keuangan",
        unit=city.bpkad,
        kind=Position.Kind.PENGAWAS,
        min_education="S1",
        education_fields=["Akuntansi", "Ekonomi"],
        min_rank=Rank.objects.get(code=32),
        max_rank=Rank.objects.get(code=34),
    )
    fit = _staff(
        city.bpkad,
        "BPKAD-ANALIS1",
        name="Ani Lestari",
        education_field="Akuntansi",
        rank=iii_c,
        tmt=date(2012, 3, 1),
    )
    Training.objects.create(
        employee=fit,
        kind=Training.Kind.PKP,
        name="PKP Angkatan I",
        start=date(2021, 3, 1),
        end=date(2021, 6, 30),
    )
    other_fit = _staff(
        city.dishub,
        "DISHUB-ANALIS1",
        name="Rudi Hartono",
        education_field="Ekonomi",
        tmt=date(2013, 3, 1),
    )
    wrong_field = _staff(
        city.bpkad,
        "BPKAD-ANALIS2",
        name="Dedi Kurniawan",
        education_field="Teknik Sipil",
        tmt=date(2014, 3, 1),
    )
    sanctioned = _staff(
        city.bpkad, "BPKAD-ANALIS3", name="Sari Wulandari", education_field="Akuntansi", tmt=date(2015, 3, 1)
    )
    DisciplinarySanction.objects.create(
        employee=sanctioned,
        level=DisciplinarySanction.Level.HEAVY,
        kind=DisciplinarySanction.Kind.DEMOTION,
        start=date(2020, 1, 1),
        end=None,
        decree_number="800/1/BPKAD/2020",
    )
    agency = OrgUnitFactory(
        code="BAPPEDA", name="Badan Perencanaan Pembangunan Daerah", parent=city.region, kind="badan"
    )
    jpt = PositionFactory(
        code="KABAPPEDA",
        name="Kepala Bappeda",
        unit=agency,
        kind=Position.Kind.JPT_PRATAMA,
        is_head=True,
        min_education="S1",
    )
    administrators = []
    for number, name in enumerate(["Agus Salim", "Bambang Irawan", "Citra Dewi", "Dewi Sartika"], 1):
        post = PositionFactory(
            code=f"SETDA-KABAG{number}",
            name=f"Kepala Bagian {number}",
            unit=city.setda,
            kind=Position.Kind.ADMINISTRATOR,
        )
        administrators.append(
            EmployeeFactory(
                name=name,
                position=post,
                position_since=date(2016, 1, 4),
                rank=Rank.objects.get(code=42),
                education_level="S2",
                birth=date(1975, 5, number),
                tmt=date(2000, 3, 1),
            )
        )
    for employee, potential in [(fit, "tinggi"), (other_fit, "menengah"), (administrators[0], "tinggi")]:
        CompetencyAssessment.objects.create(
            employee=employee, assessed_on=date(2024, 5, 2), potential=potential
        )
    return Placement(
        city=city,
        vacancy=vacancy,
        jpt=jpt,
        fit=fit,
        other_fit=other_fit,
        wrong_field=wrong_field,
        sanctioned=sanctioned,
        administrators=administrators,
    )
