"""The small city with a position map worth placing into: a vacant pengawas post in BPKAD
(S-1 in accounting or economics, III/b to III/d, PKP), a vacant JPT post, and employees who
fit it, miss its education, or serve a sanction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from personnel.models import CompetencyAssessment, DisciplinarySanction, Employee, Position, Rank, Training

from ..factories import City, EmployeeFactory, OrgUnitFactory, PositionFactory


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


@pytest.fixture
def placement(city) -> Placement:
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
