"""The import knows the statuses issue 11 §3 added -- CPNS and temporary dismissal, with their
dates -- and the JF type that decides a teacher's or a lecturer's retirement age."""

from __future__ import annotations

from datetime import date

from personnel.importing import ImportFile, import_registry
from personnel.models import Employee, Position

HEADER = (
    "nip,nama,tanggal_lahir,jenis_kelamin,tmt_cpns,golongan,tmt_golongan,pendidikan,kode_jabatan,"
    "tmt_jabatan,status,tmt_pns,tanggal_sumpah,mulai_berhenti_sementara,akhir_berhenti_sementara,"
    "sk_berhenti_sementara"
)


def employees(tmp_path, *rows: str) -> list[ImportFile]:
    path = tmp_path / "pegawai-status.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return [ImportFile.from_path(path)]


def problems(result) -> set[tuple[int, str, str]]:
    return {(error.line, error.column, error.code) for error in result.errors}


def test_cpns_and_temporary_dismissal_are_imported_with_their_dates(registry, tmp_path):
    """PP 11/2017 Ps. 34 (CPNS on probation) and Ps. 276 (pemberhentian sementara)."""
    result = import_registry(
        employees=employees(
            tmp_path,
            "19990210 202504 2 001,Sari Lubis,10-02-1999,P,01-04-2025,III/a,01-04-2025,S-1,DISHUB-PP,"
            "01-04-2025,cpns,,,,,",
            "19800505 200501 1 001,Amir Daulay,05-05-1980,L,01-01-2005,III/c,01-04-2020,S-1,DISHUB-PP,"
            "02-01-2020,diberhentikan sementara,01-01-2006,15-02-2006,10-11-2026,,800.1.6.4/77/BKPSDM/2026",
        )
    )
    assert not result.errors, result.errors
    sari = Employee.objects.get(nip="199902102025042001")
    assert (sari.status, sari.tmt_pns) == ("cpns", None)
    amir = Employee.objects.get(nip="198005052005011001")
    assert (amir.status, amir.tmt_pns, amir.oath_date) == ("suspended", date(2006, 1, 1), date(2006, 2, 15))
    assert (amir.suspended_from, amir.suspended_until) == (date(2026, 11, 10), None)
    assert amir.suspension_decree == "800.1.6.4/77/BKPSDM/2026"
    assert amir.suspended_on(date(2026, 12, 1)) and not amir.suspended_on(date(2026, 11, 9))


def test_inconsistent_status_dates_are_rows_with_errors(registry, tmp_path):
    result = import_registry(
        employees=employees(
            tmp_path,
            # a CPNS with a TMT PNS
            "19990210 202504 2 001,Sari Lubis,10-02-1999,P,01-04-2025,III/a,01-04-2025,S-1,,,cpns,01-04-2026,,,,",
            # temporarily dismissed without its start
            "19800505 200501 1 001,Amir Daulay,05-05-1980,L,01-01-2005,III/c,01-04-2020,S-1,,,"
            "diberhentikan sementara,,,,,",
            # a TMT PNS before the TMT CPNS
            "19810606 200601 1 001,Budi Harahap,06-06-1981,L,01-01-2006,III/c,01-04-2020,S-1,,,aktif,"
            "01-12-2005,,,,",
            # a temporary dismissal that ends before it starts
            "19820707 200701 1 001,Citra Nasution,07-07-1982,L,01-01-2007,III/c,01-04-2020,S-1,,,aktif,"
            ",,10-11-2026,09-11-2026,",
        )
    )
    assert problems(result) == {
        (2, "tmt_pns", "cpns_with_tmt_pns"),
        (3, "mulai_berhenti_sementara", "suspension_start_required"),
        (4, "tmt_pns", "before_tmt_cpns"),
        (5, "akhir_berhenti_sementara", "suspension_ends_before_start"),
    }
    assert not result.written


def test_a_position_carries_its_jf_type_and_only_a_functional_one(db, tmp_path):
    """UU 14/2005 Ps. 30 ayat (4): the JF type (rumpun_jf) decides a teacher's BUP of 60."""
    units = tmp_path / "unit.csv"
    units.write_text("kode_unit,nama_unit,jenis,induk\nDISDIK,Dinas Pendidikan,dinas,\n", encoding="utf-8")
    positions = tmp_path / "jabatan.csv"
    positions.write_text(
        "kode_jabatan,nama_jabatan,jenis_jabatan,jenjang,rumpun_jf,kode_unit\n"
        "DISDIK-GURU,Guru Ahli Pertama,fungsional,ahli_pertama,Guru,DISDIK\n"
        "DISDIK-PP,Pengadministrasi Perkantoran,pelaksana,,guru,DISDIK\n",
        encoding="utf-8",
    )
    rejected = import_registry(
        units=[ImportFile.from_path(units)], positions=[ImportFile.from_path(positions)]
    )
    assert problems(rejected) == {(3, "rumpun_jf", "type_not_functional")}

    positions.write_text(
        "kode_jabatan,nama_jabatan,jenis_jabatan,jenjang,rumpun_jf,kode_unit\n"
        "DISDIK-GURU,Guru Ahli Pertama,fungsional,ahli_pertama,Guru,DISDIK\n",
        encoding="utf-8",
    )
    result = import_registry(units=[ImportFile.from_path(units)], positions=[ImportFile.from_path(positions)])
    assert not result.errors
    assert Position.objects.get(code="DISDIK-GURU").functional_type == "guru"
