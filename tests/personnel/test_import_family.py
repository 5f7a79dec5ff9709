"""Importing what a retirement decree tells PT TASPEN: family members (UU 11/1969), the service
in grade of the rank (for the PP 5/2024 basic salary) and the regulation of a functional post
(cited by an appointment decree). Layouts in docs/import.md."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Event
from personnel.importing import ImportFile, import_registry
from personnel.models import Employee, FamilyMember, Position
from tests.factories import UserFactory

from .conftest import files, import_fixtures

HASAN = "197003151996031002"


def problems(result) -> set[tuple[int, str, str]]:
    return {(error.line, error.column, error.code) for error in result.errors}


def test_a_family_file_records_the_spouse_and_children_of_each_employee(registry):
    result = import_registry(family=files("family.csv"))
    assert not result.errors and result.written
    assert result.counts["family"].as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    family = {m.name: m for m in FamilyMember.objects.filter(employee__nip=HASAN)}
    assert family["Rosmawati"].relation == FamilyMember.Relation.WIFE
    assert family["Rosmawati"].marriage_date == date(1995, 8, 20)
    assert (family["Putri Nasution"].married, family["Putri Nasution"].earning) == (False, False)
    assert (family["Fajar Nasution"].married, family["Fajar Nasution"].earning) == (True, True)
    [event] = Event.objects.filter(action="registry.imported").order_by("-seq")[:1]
    assert json.loads(event.body)["data"]["counts"]["family"]["created"] == 3


def test_importing_the_same_family_file_again_changes_nothing(registry):
    import_registry(family=files("family.csv"))
    again = import_registry(family=files("family.csv"))
    assert again.counts["family"].unchanged == 3 and not again.changed


def test_employees_and_their_families_import_in_one_run_in_order(db):
    result = import_fixtures(family=files("family.csv"))
    assert not result.errors and result.counts["family"].created == 3


def test_a_marriage_that_ended_is_recorded_with_its_end_date(registry, tmp_path):
    import_registry(family=files("family.csv"))
    divorce = tmp_path / "keluarga.csv"
    divorce.write_text(
        "nip,hubungan,nama,tanggal_lahir,tanggal_berakhir\n"
        "19700315 199603 1 002,istri,Rosmawati,03-06-1971,01-02-2024\n",
        encoding="utf-8",
    )
    result = import_registry(family=[ImportFile.from_path(divorce)])
    assert result.counts["family"].updated == 1
    wife = FamilyMember.objects.get(employee__nip=HASAN, name="Rosmawati")
    assert wife.ended_on == date(2024, 2, 1) and wife.marriage_date == date(1995, 8, 20)  # column left out


def test_every_bad_family_row_is_reported_and_nothing_is_written(registry):
    result = import_registry(family=files("family_bad.csv"))
    assert not result.written
    assert problems(result) == {
        (2, "nip", "unknown_employee"),
        (3, "hubungan", "invalid_choice"),
        (4, "menikah", "child_only"),
        (5, "tanggal_menikah", "spouse_only"),
        (6, "nama", "required"),
        (7, "tanggal_lahir", "invalid_date"),
    }
    assert not FamilyMember.objects.exists()


def test_the_same_family_member_twice_in_one_import_is_refused(registry):
    result = import_registry(family=files("family.csv"), skip_invalid=True)
    twice = import_registry(family=[*files("family.csv"), *files("family.csv")])
    assert result.written and not twice.written
    assert {error.code for error in twice.errors} == {"duplicate_key"}


def test_family_members_are_imported_only_by_users_allowed_to_change_them(registry):
    clerk = UserFactory(username="operator_keluarga", roles=["clerk"])
    with pytest.raises(PermissionDenied):
        import_registry(family=files("family.csv"), actor=clerk)
    admin = UserFactory(username="admin_keluarga", roles=["admin"])
    assert import_registry(family=files("family.csv"), actor=admin).written


def test_the_service_in_grade_of_the_rank_is_imported_with_the_employee(registry, tmp_path):
    sheet = tmp_path / "golongan.csv"
    sheet.write_text(
        "nip,nama,tanggal_lahir,jenis_kelamin,tmt_cpns,golongan,tmt_golongan,pendidikan,mkg_tahun,mkg_bulan\n"
        "19700315 199603 1 002,Hasan Basri Nasution,15-03-1970,L,01-03-1996,IV/b,01-04-2018,S-2,22,1\n"
        "19880412 201101 1 003,Budi Santoso,12-04-1988,L,01-01-2011,III/b,01-04-2019,S-1,8,12\n",
        encoding="utf-8",
    )
    result = import_registry(employees=[ImportFile.from_path(sheet)])
    assert problems(result) == {(3, "mkg_bulan", "invalid_months")}
    result = import_registry(employees=[ImportFile.from_path(sheet)], skip_invalid=True)
    hasan = Employee.objects.get(nip=HASAN)
    assert (hasan.mkg_years, hasan.mkg_months) == (22, 1)


def test_the_regulation_of_a_functional_post_is_imported_with_the_position(registry, tmp_path):
    regulation = (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2018 tentang "
        "Jabatan Fungsional Penguji Kendaraan Bermotor"
    )
    sheet = tmp_path / "jabatan.csv"
    sheet.write_text(
        "kode_jabatan;nama_jabatan;jenis_jabatan;jenjang;kode_unit;peraturan_jabatan\n"
        f"DISHUB-PKB;Penguji Kendaraan Bermotor Terampil;fungsional;terampil;DISHUB-LLA;{regulation}\n",
        encoding="utf-8",
    )
    result = import_registry(positions=[ImportFile.from_path(sheet)])
    assert result.counts["positions"].updated == 1
    assert Position.objects.get(code="DISHUB-PKB").regulation == regulation
