from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from audit.models import Event
from personnel.importing import ImportFile, import_registry
from personnel.models import Employee, OrgUnit, Position, PositionHistory
from tests.factories import UserFactory

from .conftest import DATA, files, import_fixtures


def registry_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count() for model in apps.get_app_config("personnel").get_models()
    } | {"events": Event.objects.count()}


def problems(result) -> set[tuple[int, str, str]]:
    return {(error.line, error.column, error.code) for error in result.errors}


def test_good_files_import_units_positions_and_employees(db):
    result = import_fixtures()

    assert not result.errors and result.written
    assert {kind: counts.as_dict() for kind, counts in result.counts.items()} == {
        "units": {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0},
        "positions": {"created": 5, "updated": 0, "unchanged": 0, "rejected": 0},
        "employees": {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0},
    }
    assert OrgUnit.objects.get(code="DISHUB-LLA").parent.code == "DISHUB"
    assert OrgUnit.objects.get(code="DISHUB-LLA").opd.code == "DISHUB"
    head = Position.objects.get(code="DISHUB-KADIS")
    assert (head.kind, head.is_head, head.min_rank.golongan, head.max_rank.golongan) == (
        "jpt_pratama",
        True,
        "IV/b",
        "IV/c",
    )
    assert Position.objects.get(code="BPKAD-PLO").education_fields == ["Akuntansi", "Manajemen"]
    assert Position.objects.get(code="DISHUB-PKB").functional_level == "terampil"
    assert Position.objects.get(code="DISHUB-PP").capacity == 3

    # Spaced and plain NIPs, dd-mm-yyyy and yyyy-mm-dd dates, L/P, titles kept apart.
    rina = Employee.objects.get(nip="198206122008012004")
    assert (rina.birth_date, rina.tmt_cpns, rina.gender, rina.rank.golongan) == (
        date(1982, 6, 12),
        date(2008, 1, 1),
        "2",
        "III/d",
    )
    hasan = Employee.objects.get(nip="197003151996031002")
    assert (hasan.back_title, hasan.education_level, hasan.position.code) == (
        "S.T., M.M.",
        "S2",
        "DISHUB-KADIS",
    )
    assert hasan.position_since == date(2022, 1, 3)
    assert Employee.objects.get(nip="198804122011011003").status == "active"

    spells = PositionHistory.objects.filter(employee=hasan)
    assert [(s.position.code, s.start, s.end, s.source) for s in spells] == [
        ("DISHUB-KADIS", date(2022, 1, 3), None, "import:employees.csv")
    ]


def test_the_import_is_one_ledger_event_with_counts_and_file_hashes(db):
    import_fixtures()
    event = Event.objects.get(action="registry.imported")
    data = event.data
    shas = {f["name"]: f["sha256"] for f in data["files"]}
    for name in ("units.csv", "positions.csv", "employees.csv"):
        assert shas[name] == hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert data["counts"]["employees"]["created"] == 4
    assert [f["kind"] for f in data["files"]] == ["units", "positions", "employees"]


def test_importing_the_same_files_again_changes_nothing_and_says_so(registry, capsys):
    before = registry_counts()
    again = import_fixtures()
    assert not again.changed and not again.written and not again.errors
    assert {kind: (c.created, c.updated, c.unchanged) for kind, c in again.counts.items()} == {
        "units": (0, 0, 4),
        "positions": (0, 0, 5),
        "employees": (0, 0, 4),
    }
    assert registry_counts() == before

    call_command(
        "import_registry",
        "--units",
        str(DATA / "units.csv"),
        "--positions",
        str(DATA / "positions.csv"),
        "--employees",
        str(DATA / "employees.csv"),
    )
    out = capsys.readouterr().out
    assert re.search(r"\s0\s+0\s+4\s+0\s*$", out.splitlines()[3])  # employees: unchanged 4
    assert registry_counts() == before


def test_the_report_names_every_bad_row_by_line_column_and_code(registry):
    before = registry_counts()
    result = import_registry(employees=files("employees_bad.csv"))

    assert problems(result) == {
        (3, "nip", "nip_birth_date"),
        (3, "tanggal_lahir", "invalid_date"),
        (4, "tanggal_lahir", "birth_date_mismatch"),
        (5, "nip", "nip_gender"),
        (6, "golongan", "unknown_rank"),
        (6, "kode_jabatan", "unknown_position"),
        (7, "nip", "duplicate_key"),
        (8, "nip", "nip_as_number"),
        (9, "nama", "required"),
        (10, "jenis_kelamin", "invalid_gender"),
        (11, "pendidikan", "invalid_education"),
        (12, "status", "invalid_choice"),
        (13, "tmt_jabatan", "position_since_required"),
        (14, "tmt_golongan", "before_tmt_cpns"),
        (15, "tmt_cpns", "tmt_cpns_mismatch"),
        (16, "jenis_kelamin", "gender_mismatch"),
    }
    assert all(error.file == "employees_bad.csv" and error.message for error in result.errors)
    assert result.counts["employees"].rejected == 14 and result.counts["employees"].unchanged == 1
    assert not result.written
    assert registry_counts() == before


def test_nothing_is_written_when_any_row_of_any_file_fails(db, tmp_path):
    positions = tmp_path / "positions.csv"
    text = (DATA / "positions.csv").read_text(encoding="utf-8")
    positions.write_text(text.replace(";II/b;II/d;", ";II/x;II/d;"), encoding="utf-8")
    result = import_registry(
        units=files("units.csv"),
        positions=[ImportFile.from_path(positions)],
        employees=files("employees.csv"),
    )
    assert problems(result) == {
        (5, "pangkat_minimal", "unknown_rank"),
        (5, "kode_jabatan", "position_rejected"),
    }
    assert not result.written
    assert OrgUnit.objects.count() == Position.objects.count() == Employee.objects.count() == 0
    assert not Event.objects.exists()


def test_skip_invalid_writes_the_valid_rows_and_reports_the_bad_ones(registry):
    events = Event.objects.count()
    result = import_registry(employees=files("employees_mixed.csv"), skip_invalid=True)

    assert problems(result) == {
        (3, "tanggal_lahir", "birth_date_mismatch"),
        (5, "kode_jabatan", "unknown_position"),
    }
    assert result.written
    assert result.counts["employees"].as_dict() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 2}
    assert Employee.objects.filter(nip__in=["199105152019032001", "199307072020011001"]).count() == 2
    assert not Employee.objects.filter(name__in=["Tanggal Tidak Cocok", "Jabatan Tidak Ada"]).exists()
    assert Event.objects.count() == events + 1


def test_a_position_change_closes_the_open_spell_and_opens_one_named_after_the_file(registry, tmp_path):
    moved = tmp_path / "mutasi-2026-03.csv"
    text = (DATA / "employees.csv").read_text(encoding="utf-8")
    moved.write_text(text.replace("DISHUB-PP,02-01-2020", "BPKAD-PLO,02-03-2026"), encoding="utf-8")
    result = import_registry(employees=[ImportFile.from_path(moved)])

    assert result.counts["employees"].as_dict() == {"created": 0, "updated": 1, "unchanged": 3, "rejected": 0}
    budi = Employee.objects.get(nip="198804122011011003")
    assert (budi.position.code, budi.position_since) == ("BPKAD-PLO", date(2026, 3, 2))
    spells = [(s.position.code, s.start, s.end, s.source) for s in budi.position_history.order_by("start")]
    assert spells == [
        ("DISHUB-PP", date(2020, 1, 2), date(2026, 3, 1), "import:employees.csv"),
        ("BPKAD-PLO", date(2026, 3, 2), None, "import:mutasi-2026-03.csv"),
    ]
    assert budi.position_history.filter(end__isnull=True).count() == 1


def test_a_corrected_start_date_corrects_the_open_spell(registry, tmp_path):
    fixed = tmp_path / "koreksi.csv"
    text = (DATA / "employees.csv").read_text(encoding="utf-8")
    fixed.write_text(text.replace("DISHUB-PP,02-01-2020", "DISHUB-PP,06-01-2020"), encoding="utf-8")
    import_registry(employees=[ImportFile.from_path(fixed)])
    budi = Employee.objects.get(nip="198804122011011003")
    assert [(s.position.code, s.start, s.end) for s in budi.position_history.all()] == [
        ("DISHUB-PP", date(2020, 1, 6), None)
    ]


def test_an_update_changes_only_what_the_file_changes(registry, tmp_path):
    promoted = tmp_path / "kenaikan-pangkat.csv"
    text = (DATA / "employees.csv").read_text(encoding="utf-8")
    promoted.write_text(text.replace("III/b,01-04-2019", "III/c,01-04-2026"), encoding="utf-8")
    result = import_registry(employees=[ImportFile.from_path(promoted)])
    assert result.counts["employees"].updated == 1
    budi = Employee.objects.get(nip="198804122011011003")
    assert (budi.rank.golongan, budi.rank_since) == ("III/c", date(2026, 4, 1))
    assert budi.position_history.count() == 1


def test_units_may_name_their_parent_later_in_the_file_but_not_a_loop(db, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "kode_unit,nama_unit,jenis,induk\n"
        "DISHUB-LLA,Bidang Lalu Lintas,bidang,DISHUB\n"
        "DISHUB,Dinas Perhubungan,dinas,PEMKOT\n"
        "PEMKOT,Pemerintah Kota Tanjungbalai,pemkot,\n"
        "A,Unit A,bagian,B\n"
        "B,Unit B,bagian,A\n"
        "C,Unit C,bagian,C\n",
        encoding="utf-8",
    )
    result = import_registry(units=[ImportFile.from_path(units)], skip_invalid=True)
    assert {(line, code) for line, _column, code in problems(result)} == {
        (5, "unit_rejected"),
        (6, "parent_cycle"),
        (7, "parent_cycle"),
    }
    assert OrgUnit.objects.get(code="DISHUB-LLA").opd.code == "DISHUB"
    assert OrgUnit.objects.get(code="PEMKOT").kind == "region"


def test_a_unit_gets_one_head_position_only(registry, tmp_path):
    positions = tmp_path / "positions.csv"
    positions.write_text(
        "kode_jabatan,nama_jabatan,jenis_jabatan,kode_unit,kepala_unit\n"
        "DISHUB-PLT,Kepala Dinas Kedua,jpt_pratama,DISHUB,ya\n"
        "DISHUB-JF,Analis,fungsional,DISHUB,tidak\n"
        "DISHUB-PL,Pelaksana,pelaksana,NOWHERE,mungkin\n",
        encoding="utf-8",
    )
    result = import_registry(positions=[ImportFile.from_path(positions)])
    assert problems(result) == {
        (2, "kepala_unit", "second_head"),
        (3, "jenjang", "level_required"),
        (4, "kepala_unit", "invalid_bool"),
        (4, "kode_unit", "unknown_unit"),
    }


def test_a_file_without_a_required_column_is_refused_as_a_whole(db, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("kode_unit,nama_unit\nPEMKOT,Pemerintah Kota\n", encoding="utf-8")
    result = import_registry(units=[ImportFile.from_path(units)], skip_invalid=True)
    assert [(e.file, e.line, e.column, e.code) for e in result.errors] == [
        ("units.csv", 1, "jenis", "missing_column")
    ]
    assert not OrgUnit.objects.exists()


def test_an_unsupported_or_broken_file_is_reported(db, tmp_path):
    (tmp_path / "units.xls").write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = import_registry(
        units=[ImportFile.from_path(tmp_path / "units.xls"), ImportFile.from_path(tmp_path / "broken.xlsx")]
    )
    assert [(e.file, e.code) for e in result.errors] == [
        ("units.xls", "unsupported_format"),
        ("broken.xlsx", "unreadable"),
    ]


def test_the_command_fails_with_the_report_and_writes_the_report_csv(registry, tmp_path, capsys):
    report = tmp_path / "laporan.csv"
    with pytest.raises(CommandError):
        call_command(
            "import_registry", "--employees", str(DATA / "employees_bad.csv"), "--report-out", str(report)
        )
    err = capsys.readouterr().err
    assert "employees_bad.csv:3 [nip]" in err
    rows = list(csv.DictReader(report.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 16
    assert rows[0] == {
        "file": "employees_bad.csv",
        "line": "3",
        "column": "nip",
        "code": "nip_birth_date",
        "message": rows[0]["message"],
    }


def test_the_command_imports_several_files_in_order_and_skips_invalid_rows(db, capsys):
    call_command(
        "import_registry",
        "--employees",
        str(DATA / "employees.csv"),
        "--employees",
        str(DATA / "employees_mixed.csv"),
        "--positions",
        str(DATA / "positions.csv"),
        "--units",
        str(DATA / "units.csv"),
        "--skip-invalid",
    )
    assert Employee.objects.count() == 6
    assert "employees_mixed.csv:3 [tanggal_lahir]" in capsys.readouterr().err


def test_dry_run_checks_everything_and_writes_nothing(db):
    result = import_fixtures(dry_run=True)
    assert not result.errors and result.changed and not result.written
    assert not OrgUnit.objects.exists() and not Event.objects.exists()


def test_the_command_refuses_missing_files_and_empty_calls(db):
    with pytest.raises(CommandError):
        call_command("import_registry")
    with pytest.raises(CommandError):
        call_command("import_registry", "--units", str(DATA / "nope.csv"))


def test_a_progress_bar_is_drawn_on_request(registry, capsys):
    call_command("import_registry", "--employees", str(DATA / "employees.csv"), "--progress")
    assert "employees: employees.csv" in capsys.readouterr().err


def test_an_importing_user_needs_the_registry_permissions(registry):
    clerk = UserFactory(username="clerk_x", roles=["clerk"])
    with pytest.raises(PermissionDenied):
        import_registry(employees=files("employees.csv"), actor=clerk)
    admin = UserFactory(username="admin_x", roles=["admin"])
    assert Group.objects.get(name="admin").permissions.filter(codename="change_employee").exists()
    result = import_registry(employees=files("employees_mixed.csv"), actor=admin, skip_invalid=True)
    assert result.written
    event = Event.objects.filter(action="registry.imported").order_by("-seq").first()
    assert event.actor_username == "admin_x"


def test_position_map_rules_are_checked_per_row(registry, tmp_path):
    positions = tmp_path / "positions.csv"
    positions.write_text(
        "kode_jabatan,nama_jabatan,jenis_jabatan,jenjang,kode_unit,pangkat_minimal,pangkat_maksimal,kebutuhan_abk\n"
        "X-1,Kepala Seksi,pengawas,ahli_muda,DISHUB,,,1\n"
        "X-2,Kepala Seksi,pengawas,,DISHUB,III/d,III/c,1\n"
        "X-3,Pelaksana,pelaksana,,DISHUB,,,dua\n"
        "WALIKOTA,Wali Kota Tanjungbalai,kepala_daerah,,PEMKOT,,,1\n",
        encoding="utf-8",
    )
    result = import_registry(positions=[ImportFile.from_path(positions)], skip_invalid=True)
    assert problems(result) == {
        (2, "jenjang", "level_not_functional"),
        (3, "pangkat_minimal", "rank_order"),
        (4, "kebutuhan_abk", "invalid_int"),
    }
    employees = tmp_path / "employees.csv"
    employees.write_text(
        "nip,nama,tanggal_lahir,jenis_kelamin,tmt_cpns,golongan,tmt_golongan,pendidikan,kode_jabatan,tmt_jabatan\n"
        "19850101 201001 1 001,Bukan Wali Kota,01-01-1985,L,01-01-2010,III/a,01-01-2014,S1,WALIKOTA,01-01-2025\n"
        "19850101 201001 1 002,TMT Tanpa Jabatan,01-01-1985,L,01-01-2010,III/a,01-01-2014,S1,,01-01-2025\n",
        encoding="utf-8",
    )
    result = import_registry(employees=[ImportFile.from_path(employees)])
    assert problems(result) == {
        (2, "kode_jabatan", "elected_position"),
        (3, "tmt_jabatan", "position_since_without_position"),
    }


def test_a_file_with_a_header_but_no_rows_is_reported(db, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("kode_unit,nama_unit,jenis\n\n", encoding="utf-8")
    result = import_registry(units=[ImportFile.from_path(units)])
    assert [(e.code, e.line) for e in result.errors] == [("no_rows", 0)]


def test_docs_describe_every_column_of_every_layout():
    from personnel.importing import LAYOUTS

    docs = (DATA.parent.parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    for layout in LAYOUTS.values():
        for column in layout.columns:
            assert f"| `{column.name}` |" in docs, column.name


def test_a_column_left_out_of_a_file_leaves_that_field_alone(registry, tmp_path):
    Employee.objects.filter(nip="198804122011011003").update(status="retired")
    ranks = tmp_path / "golongan.csv"
    ranks.write_text(
        "nip,nama,tanggal_lahir,jenis_kelamin,tmt_cpns,golongan,tmt_golongan,pendidikan\n"
        "19880412 201101 1 003,Budi Santoso,12-04-1988,L,01-01-2011,III/c,01-04-2026,S-1\n",
        encoding="utf-8",
    )
    result = import_registry(employees=[ImportFile.from_path(ranks)])
    assert result.counts["employees"].updated == 1
    budi = Employee.objects.get(nip="198804122011011003")
    assert (budi.rank.golongan, budi.status, budi.back_title, budi.position.code) == (
        "III/c",
        "retired",
        "S.E.",
        "DISHUB-PP",
    )
    assert budi.position_history.count() == 1

    units = tmp_path / "units.csv"
    units.write_text("kode_unit,nama_unit,jenis\nDISHUB-LLA,Bidang Lalu Lintas,bidang\n", encoding="utf-8")
    import_registry(units=[ImportFile.from_path(units)])
    assert OrgUnit.objects.get(code="DISHUB-LLA").parent.code == "DISHUB"
    positions = tmp_path / "positions.csv"
    positions.write_text(
        "kode_jabatan,nama_jabatan,jenis_jabatan,kode_unit\nDISHUB-KADIS,Kepala Dinas Perhubungan,jpt_pratama,DISHUB\n",
        encoding="utf-8",
    )
    result = import_registry(positions=[ImportFile.from_path(positions)])
    assert result.counts["positions"].unchanged == 1
    head = Position.objects.get(code="DISHUB-KADIS")
    assert head.is_head and head.min_rank_id == 42


def _with_nul(tmp_path) -> Path:
    damaged = tmp_path / "employees_nul.csv"
    text = (DATA / "employees.csv").read_text(encoding="utf-8")
    damaged.write_text(text.replace("Rina Marpaung", "Rina\x00Marpaung"), encoding="utf-8")
    return damaged


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_a_nul_byte_in_a_cell_is_a_row_error_not_a_traceback(registry, tmp_path, dry_run):
    result = import_registry(
        employees=[ImportFile.from_path(_with_nul(tmp_path))], skip_invalid=True, dry_run=dry_run
    )

    assert problems(result) == {(3, "nama", "nul_character")}
    assert result.counts["employees"].rejected == 1
    assert not any("\x00" in name for name in Employee.objects.values_list("name", flat=True))


def test_the_command_reports_a_nul_byte_and_neutralises_formulas_in_its_report(registry, tmp_path, capsys):
    damaged = tmp_path / "employees_bad_formula.csv"
    text = _with_nul(tmp_path).read_text(encoding="utf-8")
    damaged.write_text(text.replace("IV/b", "@SUM(A1)"), encoding="utf-8")
    report = tmp_path / "laporan.csv"
    with pytest.raises(CommandError):
        call_command("import_registry", "--employees", str(damaged), "--dry-run", "--report-out", str(report))

    rows = list(csv.DictReader(report.read_text(encoding="utf-8").splitlines()))
    assert {(row["line"], row["code"]) for row in rows} >= {("3", "nul_character"), ("2", "unknown_rank")}
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
