"""The ABK needs and the competency assessments come in through import_registry: the same
row-level report, and nothing written when any row is bad."""

from __future__ import annotations

from decimal import Decimal

from personnel.importing import ImportFile, import_registry
from personnel.models import CompetencyAssessment, Position


def _csv(name: str, text: str) -> ImportFile:
    return ImportFile(name=name, content=text.encode())


def test_the_abk_file_sets_the_needed_holders(placement):
    result = import_registry(
        abk=[_csv("abk.csv", "kode_jabatan;kebutuhan_abk\nBPKAD-KASUBBAG-KEU;2\nBPKAD-PLO1;1\n")]
    )
    assert result.written and not result.errors
    assert result.counts["abk"].as_dict() == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    assert Position.objects.get(code="BPKAD-KASUBBAG-KEU").capacity == 2


def test_one_bad_row_writes_nothing_and_is_reported_by_line(placement):
    result = import_registry(
        abk=[
            _csv("abk.csv", "kode_jabatan,kebutuhan_abk\nBPKAD-KASUBBAG-KEU,4\nTIDAK-ADA,2\nBPKAD-PLO1,-1\n")
        ]
    )
    assert not result.written
    assert [(e.line, e.column, e.code) for e in result.errors] == [
        (3, "kode_jabatan", "unknown_position"),
        (4, "kebutuhan_abk", "invalid_int"),
    ]
    assert Position.objects.get(code="BPKAD-KASUBBAG-KEU").capacity == 1


def test_assessment_results_are_added_and_updated_per_employee_and_day(placement):
    nip = placement.other_fit.nip
    text = (
        "NIP,Tanggal Penilaian,Potensi,Nilai,Penilai\n"
        f"{nip},02-05-2024,tinggi,81.5,UPT Penilaian Kompetensi\n"
        f"{placement.wrong_field.nip},2025-01-10,Sedang,,\n"
    )
    result = import_registry(assessments=[_csv("potensi.csv", text)])
    assert result.written and not result.errors
    assert result.counts["assessments"].as_dict() == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "rejected": 0,
    }
    updated = CompetencyAssessment.objects.get(employee=placement.other_fit)
    assert (updated.potential, updated.score) == ("tinggi", Decimal("81.50"))
    assert CompetencyAssessment.objects.get(employee=placement.wrong_field).potential == "menengah"


def test_a_bad_assessment_row_is_reported_against_its_column(placement):
    text = f"nip,tanggal_penilaian,potensi,nilai\n{placement.fit.nip},02-05-2025,luar biasa,120\n"
    result = import_registry(assessments=[_csv("potensi.csv", text)])
    assert not result.written
    assert {(e.column, e.code) for e in result.errors} == {
        ("potensi", "invalid_choice"),
        ("nilai", "invalid_score"),
    }
