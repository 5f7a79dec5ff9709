"""The registry through the rules: the report, its command, its API view."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.policy.report import registry_report
from personnel.models import DisciplinarySanction, Employee, Position, SkpRating
from tests.factories import EmployeeFactory, PositionFactory

ON = date(2026, 3, 2)


def staffer(city, **fields):
    """An employee of DISHUB rated good in the two years before ``ON`` (whatever today is)."""
    fields.setdefault("position", PositionFactory(unit=city.dishub))
    employee = EmployeeFactory(good_ratings=False, **fields)
    for year in (ON.year - 2, ON.year - 1):
        SkpRating.objects.create(employee=employee, year=year, rating=SkpRating.Rating.GOOD)
    return employee


@pytest.fixture
def flagged(city):
    """Three employees of DISHUB: one under a sanction, one overdue, one about to retire."""
    sanctioned = staffer(city, name="Ahmad Sanksi", position_since=date(2023, 1, 2))
    DisciplinarySanction.objects.create(
        employee=sanctioned,
        level="sedang",
        kind="pemotongan_tukin",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    overdue = staffer(city, name="Budi Lama", position_since=date(2021, 3, 2))
    fresh = staffer(city, name="Citra Baru", position_since=date(2021, 3, 3))
    retiring = staffer(
        city, name="Dedi Purna", position_since=date(2023, 1, 2), birth=date(1968, 3, 2), tmt=date(1990, 3, 1)
    )
    EmployeeFactory(name="Eka Pensiun", status=Employee.Status.RETIRED, position=None, birth=date(1968, 3, 1))
    return {"sanctioned": sanctioned, "overdue": overdue, "fresh": fresh, "retiring": retiring}


def _by_name(rows):
    found = {}
    for row in rows:
        found.setdefault(row.name, []).append(row.finding)
    return found


def test_the_report_names_who_is_blocked_overdue_or_retiring(flagged):
    found = _by_name(registry_report(on=ON))
    assert found["Ahmad Sanksi"] == ["blocked:discipline"]
    assert found["Budi Lama"] == ["overdue_rotation"]  # five years today
    assert "Citra Baru" not in found  # five years tomorrow
    assert found["Dedi Purna"] == ["retirement_due"]  # 58 today
    assert "Eka Pensiun" not in found  # not active


def test_the_retirement_flag_runs_twelve_months_ahead(city):
    staffer(city, name="Fajar", position_since=date(2024, 1, 2), birth=date(1969, 3, 2))
    staffer(city, name="Gita", position_since=date(2024, 1, 2), birth=date(1969, 3, 3))
    found = _by_name(registry_report(on=ON))
    assert found["Fajar"] == ["retirement_due"]  # 58 on 02-03-2027
    assert "Gita" not in found


def test_report_rows_say_why(flagged):
    [row] = [r for r in registry_report(on=ON) if r.name == "Ahmad Sanksi"]
    assert row.nip == flagged["sanctioned"].nip
    assert row.unit == "Dinas Perhubungan"
    assert "01-01-2026" in row.detail


def test_officials_in_the_election_window_are_blocked_in_the_report(city):
    from decisions.models import ElectionPeriod

    ElectionPeriod.objects.create(
        name="Pilkada 2029",
        candidates_set_on=date(2026, 8, 1),
        term_end=date(2027, 2, 1),
        inauguration_on=None,
    )
    rows = registry_report(on=ON)
    blocked = {r.position for r in rows if r.finding == "blocked:election_freeze"}
    assert "Kepala Dinas Perhubungan" in blocked
    assert not any(r.finding == "blocked:election_freeze" and r.name == city.subject.full_name for r in rows)


def test_the_command_writes_the_report_as_csv(flagged, tmp_path):
    target = tmp_path / "laporan.csv"
    call_command("policy_report", "--output", str(target), "--date", ON.isoformat(), stderr=io.StringIO())
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows[0]) == 6 and rows[0][0] == "NIP"
    assert [flagged["sanctioned"].nip, "Ahmad Sanksi"] in [r[:2] for r in rows[1:]]
    assert len(rows) - 1 == len(registry_report(on=ON))


def test_the_command_prints_to_stdout(flagged):
    out = io.StringIO()
    call_command("policy_report", "--date", ON.isoformat(), stdout=out)
    assert "blocked:discipline" in out.getvalue()


def _count(on=ON) -> int:
    with CaptureQueriesContext(connection) as queries:
        registry_report(on=on)
    return len(queries.captured_queries)


def test_the_report_costs_the_same_queries_whatever_the_registry_size(city):
    post = PositionFactory(unit=city.dishub, kind=Position.Kind.PELAKSANA, capacity=500)
    EmployeeFactory.create_batch(5, position=post)
    small = _count()
    EmployeeFactory.create_batch(195, position=post)
    assert _count() == small


@pytest.mark.parametrize(("persona", "status"), [("agency_head", 200), ("inspector", 200), ("clerk", 403)])
def test_the_report_api_is_for_offices_that_see_every_case(api, city, flagged, persona, status):
    response = api(getattr(city, persona)).get("/api/policy/report/")
    assert response.status_code == status
    if status == 200:
        assert {"nip", "name", "unit", "position", "finding", "detail"} == set(response.json()[0])


def test_a_name_that_looks_like_a_formula_is_exported_as_text(flagged, tmp_path):
    flagged["sanctioned"].name = '=HYPERLINK("http://x","klik")'
    flagged["sanctioned"].save(update_fields=["name"])
    target = tmp_path / "laporan.csv"
    call_command("policy_report", "--output", str(target), "--date", ON.isoformat(), stderr=io.StringIO())
    with target.open(encoding="utf-8") as handle:
        names = [row[1] for row in csv.reader(handle)]
    assert '\'=HYPERLINK("http://x","klik")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
