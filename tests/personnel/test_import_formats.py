"""Files as agencies keep them: XLSX with title rows and Excel dates, CSV from Excel in
Windows-1252 with semicolons, headers spelled their way."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import Workbook

from personnel.importing import ImportFile, import_registry
from personnel.models import Employee, OrgUnit, Position

from .conftest import files


def write_xlsx(path, header, rows, *, title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in (*title_rows, header, *rows):
        sheet.append(list(row))
    workbook.save(path)
    return ImportFile.from_path(path)


EMPLOYEE_HEADER = (
    "No",
    "NIP",
    "Nama",
    "Gelar Depan",
    "Gelar Belakang",
    "Tgl. Lahir",
    "L/P",
    "TMT CPNS",
    "Gol/Ruang",
    "TMT Gol",
    "Pendidikan Terakhir",
    "Jurusan",
    "Kode Jabatan",
    "TMT Jabatan",
    "Status",
)
TITLE = (("DAFTAR PEGAWAI DINAS PERHUBUNGAN KOTA TANJUNGBALAI",), ("Keadaan per 1 Oktober 2026",), ())


def test_an_xlsx_sheet_with_title_rows_and_excel_dates_imports(db, tmp_path):
    units = write_xlsx(
        tmp_path / "unit.xlsx",
        ("Kode Unit", "Nama Unit", "Jenis", "Induk"),
        [
            ("PEMKOT", "Pemerintah Kota Tanjungbalai", "Pemerintah Daerah", None),
            ("DISHUB", "Dinas Perhubungan", "Dinas", "PEMKOT"),
        ],
        title_rows=(("PETA UNIT KERJA",),),
    )
    positions = write_xlsx(
        tmp_path / "jabatan.xlsx",
        (
            "Kode Jabatan",
            "Nama Jabatan",
            "Jenis Jabatan",
            "Jenjang",
            "Kode Unit",
            "Kepala Unit",
            "Pendidikan Minimal",
            "ABK",
        ),
        [
            ("DISHUB-KADIS", "Kepala Dinas Perhubungan", "JPT Pratama", None, "DISHUB", "Ya", "S1", 1),
            (
                "DISHUB-PKB",
                "Penguji Kendaraan Bermotor Terampil",
                "JFT",
                "Terampil",
                "DISHUB",
                "Tidak",
                "D-III",
                2.0,
            ),
        ],
    )
    employees = write_xlsx(
        tmp_path / "pegawai.xlsx",
        EMPLOYEE_HEADER,
        [
            (
                1,
                "19700315 199603 1 002",
                "Hasan Basri",
                None,
                "S.T.",
                datetime(1970, 3, 15),
                "L",
                datetime(1996, 3, 1),
                "IV/b",
                datetime(2018, 4, 1),
                "S-1",
                "Teknik Sipil",
                "DISHUB-KADIS",
                datetime(2022, 1, 3),
                "Aktif",
            ),
            (
                2,
                "199508212019032001",
                "Siti Aminah",
                None,
                "A.Md.T.",
                "21-08-1995",
                "P",
                "2019-03-01",
                23,
                "01/03/2019",
                "D3",
                "Teknik Otomotif",
                "DISHUB-PKB",
                date(2019, 3, 1),
                None,
            ),
        ],
        title_rows=TITLE,
    )
    result = import_registry(units=[units], positions=[positions], employees=[employees])

    assert not result.errors, result.errors
    assert result.ignored_columns == {"pegawai.xlsx": ["No"]}
    assert OrgUnit.objects.get(code="PEMKOT").kind == "region"
    assert Position.objects.get(code="DISHUB-PKB").capacity == 2
    siti = Employee.objects.get(nip="199508212019032001")
    assert (siti.rank.golongan, siti.rank_since, siti.education_level, siti.status) == (
        "II/c",
        date(2019, 3, 1),
        "D3",
        "active",
    )
    assert Employee.objects.get(nip="197003151996031002").birth_date == date(1970, 3, 15)

    again = import_registry(units=[units], positions=[positions], employees=[employees])
    assert not again.changed


def test_xlsx_errors_point_at_spreadsheet_rows(registry, tmp_path):
    employees = write_xlsx(
        tmp_path / "pegawai.xlsx",
        EMPLOYEE_HEADER,
        [
            (
                1,
                1.98804122011011e17,
                "Budi Santoso",
                None,
                None,
                datetime(1988, 4, 12),
                "L",
                datetime(2011, 1, 1),
                "III/b",
                datetime(2019, 4, 1),
                "S1",
                None,
                None,
                None,
                None,
            ),
            (
                2,
                "19880412 201101 1 003",
                "Budi Santoso",
                None,
                "S.E.",
                "31-02-1988",
                "L",
                datetime(2011, 1, 1),
                "III/z",
                datetime(2019, 4, 1),
                "S1",
                None,
                None,
                None,
                None,
            ),
        ],
        title_rows=TITLE,
    )
    result = import_registry(employees=[employees])
    assert {(e.line, e.column, e.code) for e in result.errors} == {
        (5, "nip", "nip_as_number"),
        (6, "tanggal_lahir", "invalid_date"),
        (6, "golongan", "unknown_rank"),
    }


def test_a_csv_saved_by_excel_in_windows_1252_with_semicolons_imports(db, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_bytes(
        "Daftar unit kerja;;;\r\n"
        "KODE UNIT;NAMA UNIT;JENIS;INDUK\r\n"
        "PEMKOT;Pemerintah Kota Tanjungbalai;region;\r\n"
        "DISPAR;Dinas Pariwisata – Seni & Budaya;dinas;PEMKOT\r\n".encode("cp1252")
    )
    result = import_registry(units=[ImportFile.from_path(path)])
    assert not result.errors
    assert OrgUnit.objects.get(code="DISPAR").name == "Dinas Pariwisata – Seni & Budaya"


def test_a_header_row_must_be_found_near_the_top(db, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_text("\n" * 12 + "kode_unit,nama_unit,jenis\nPEMKOT,Pemerintah,region\n", encoding="utf-8")
    result = import_registry(units=[ImportFile.from_path(path)])
    assert [(e.code, e.column) for e in result.errors] == [("no_header", "kode_unit")]


def test_codes_and_names_are_tidied_but_kept(db, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_text(
        "kode_unit,nama_unit,jenis,induk\n pemkot ,  Pemerintah   Kota  ,region,\ndishub,Dinas Perhubungan,dinas, Pemkot\n",
        encoding="utf-8",
    )
    result = import_registry(units=[ImportFile.from_path(path)])
    assert not result.errors
    assert OrgUnit.objects.get(code="PEMKOT").name == "Pemerintah Kota"
    assert OrgUnit.objects.get(code="DISHUB").parent.code == "PEMKOT"


def test_a_header_alias_and_a_duplicate_column_are_recognised(db, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_text("Kode,Nama Unit,Jenis,Kode Unit\nPEMKOT,Pemerintah,region,X\n", encoding="utf-8")
    result = import_registry(units=[ImportFile.from_path(path)])
    assert [(e.line, e.column, e.code) for e in result.errors] == [(1, "kode_unit", "duplicate_column")]


def test_the_fixture_positions_file_uses_semicolons(registry):
    assert files("positions.csv")[0].content.splitlines()[0].count(b";") == 10
