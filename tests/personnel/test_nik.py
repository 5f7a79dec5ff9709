"""The signer's NIK in the registry: 16 digits (UU 23/2006 Ps. 13 as amended by UU 24/2013),
one employee per NIK, on the elected term for a regional head, in the admin and the import."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from personnel.admin import ElectedTermForm, EmployeeForm
from personnel.importing import ImportFile, import_registry
from personnel.models import ElectedTerm, Employee
from personnel.nik import mask_nik, validate_nik
from personnel.selectors import signer_nik
from tests.factories import MAYOR_NIK, EmployeeFactory, UserFactory

from .conftest import import_fixtures

HEADER = "nip,nik,nama,tanggal_lahir,jenis_kelamin,tmt_cpns,golongan,tmt_golongan,pendidikan\n"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("127201260986000", "nik_length"),
        ("12720126098600011", "nik_length"),
        ("127201260986000A", "nik_not_digits"),
        ("１２７２０１２６０９８６０００１", "nik_not_digits"),  # full-width digits are not ASCII digits
    ],
)
def test_a_nik_must_be_sixteen_ascii_digits(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_nik(value)
    assert caught.value.code == code


def test_a_nik_of_sixteen_digits_passes_and_logs_show_only_its_end():
    validate_nik("1272012609860001")
    assert mask_nik("1272012609860001") == "…0001"


def test_an_employee_nik_is_optional_compacted_and_unique(db):
    first = EmployeeFactory(nik="")
    second = EmployeeFactory(nik="")  # many employees without a NIK
    first.nik = "1272 0126 0986 0001"
    first.full_clean()
    first.save()
    assert Employee.objects.get(pk=first.pk).nik == "1272012609860001"
    second.nik = "1272012609860001"
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert caught.value.error_dict["__all__"][0].code == "nik_taken"
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(pk=second.pk).update(nik="1272012609860001")


def test_the_admin_forms_take_a_spaced_nik_and_refuse_a_short_one(city):
    employee = city.subject
    form = EmployeeForm(
        data={
            **{name: getattr(employee, name) for name in ("name", "gender", "status", "education_level")},
            "nip": employee.nip_display,
            "nik": "1272 0112 0488 0003",
            "birth_date": employee.birth_date,
            "tmt_cpns": employee.tmt_cpns,
            "rank": employee.rank_id,
            "rank_since": employee.rank_since,
            "position": employee.position_id,
            "position_since": employee.position_since,
        },
        instance=employee,
    )
    assert form.is_valid(), form.errors
    assert form.save().nik == "1272011204880003"

    term = ElectedTerm.objects.get(user=city.walikota)
    fields = {
        "position": term.position_id,
        "full_name": term.full_name,
        "user": term.user_id,
        "inaugurated_on": term.inaugurated_on,
        "term_end": term.term_end,
    }
    short = ElectedTermForm(data={**fields, "nik": "127201010170"}, instance=term)
    assert not short.is_valid() and "nik" in short.errors
    spaced = ElectedTermForm(data={**fields, "nik": "1272-0101-0170-0009"}, instance=term)
    assert spaced.is_valid(), spaced.errors
    assert spaced.save().nik == "1272010101700009"


def test_the_admin_shows_the_nik_on_the_employee_and_the_elected_term(city):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
    client = Client()
    client.force_login(admin)
    term = ElectedTerm.objects.get(user=city.walikota)
    page = client.get(reverse("admin:personnel_electedterm_change", args=[term.pk])).content.decode()
    assert 'name="nik"' in page and MAYOR_NIK in page
    page = client.get(reverse("admin:personnel_employee_change", args=[city.subject.pk])).content.decode()
    assert 'name="nik"' in page
    # Officials look people up by NIK too.
    Employee.objects.filter(pk=city.subject.pk).update(nik="1272011204880003")
    found = client.get(reverse("admin:personnel_employee_changelist"), {"q": "1272011204880003"})
    assert city.subject.name in found.content.decode()


def test_the_import_records_the_nik_and_a_file_without_the_column_keeps_it(db, tmp_path):
    import_fixtures()
    assert Employee.objects.get(nip="197003151996031002").nik == "1272011503700001"
    assert Employee.objects.get(nip="198804122011011003").nik == ""
    no_column = tmp_path / "golongan.csv"
    no_column.write_text(
        "nip,nama,tanggal_lahir,jenis_kelamin,tmt_cpns,golongan,tmt_golongan,pendidikan\n"
        "19700315 199603 1 002,Hasan Basri Nasution,15-03-1970,L,01-03-1996,IV/c,01-04-2026,S-2\n",
        encoding="utf-8",
    )
    import_registry(employees=[ImportFile.from_path(no_column)])
    assert Employee.objects.get(nip="197003151996031002").nik == "1272011503700001"


def test_the_import_reports_every_wrong_nik_by_line_and_code(db, tmp_path):
    import_fixtures()
    sheet = tmp_path / "nik.csv"
    sheet.write_text(
        HEADER
        # line 2: too short; 3: a letter; 4: Hasan's NIK given to Budi; 5 and 6: one NIK twice
        + "19880412 201101 1 003,127201120488000,Budi Santoso,12-04-1988,L,01-01-2011,III/b,01-04-2019,S-1\n"
        + "19950821 201903 2 001,12720161089500O2,Siti Aminah,21-08-1995,P,01-03-2019,II/c,01-03-2019,D-III\n"
        + "19880412 201101 1 003,1272011503700001,Budi Santoso,12-04-1988,L,01-01-2011,III/b,01-04-2019,S-1\n"
        + "19920101 201501 1 001,1272010101920001,Andi Lubis,01-01-1992,L,01-01-2015,III/a,01-01-2019,S-1\n"
        + "19930202 201601 1 001,1272010101920001,Doni Lubis,02-02-1993,L,01-01-2016,III/a,01-01-2020,S-1\n",
        encoding="utf-8",
    )
    result = import_registry(employees=[ImportFile.from_path(sheet)])
    found = {(error.line, error.column, error.code) for error in result.errors}
    assert {
        (2, "nik", "nik_length"),
        (3, "nik", "nik_not_digits"),
        (4, "nik", "nik_taken"),
        (6, "nik", "duplicate_key"),
    } <= found
    taken = next(error for error in result.errors if error.code == "nik_taken")
    assert "197003151996031002" in taken.message
    assert not result.written


def test_a_nik_stored_as_a_number_is_refused_not_guessed(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        ["199201012015011001", 1272010101920001, "Andi Lubis", "01-01-1992", "L", "01-01-2015"]
        + ["III/a", "01-01-2019", "S-1"]
    )
    path = tmp_path / "pegawai.xlsx"
    book.save(path)
    result = import_registry(employees=[ImportFile.from_path(path)])
    assert [(error.column, error.code) for error in result.errors] == [("nik", "nik_as_number")]


def test_the_signer_nik_comes_from_the_employee_or_the_elected_term_in_office(city):
    """An elected regional head has no Employee row (personnel.ElectedTerm): their NIK is on
    the term; a re-elected head's term in office on the day counts."""
    assert signer_nik(city.walikota, on=date(2026, 3, 2)) == MAYOR_NIK
    term = ElectedTerm.objects.get(user=city.walikota)
    ElectedTerm.objects.create(
        position=term.position,
        full_name=term.full_name,
        nik="1272010101700002",
        user=city.walikota,
        inaugurated_on=date(2030, 2, 21),
        term_end=date(2035, 2, 20),
    )
    assert signer_nik(city.walikota, on=date(2026, 3, 2)) == MAYOR_NIK
    assert signer_nik(city.walikota, on=date(2031, 1, 5)) == "1272010101700002"
    Employee.objects.filter(user=city.sekda).update(nik="1272016508750001")
    sekda = get_user_model().objects.get(pk=city.sekda.pk)
    assert signer_nik(sekda, on=date(2026, 3, 2)) == "1272016508750001"
    assert signer_nik(UserFactory(username="nobody"), on=date(2026, 3, 2)) == ""
