"""Open statistics: no published cell smaller than k, totals of published cells only, a fixed
number of statements whatever the number of cases, and the downloads."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from decisions.models import CaseKind
from personnel.models import PublicHoliday
from public import statistics
from public.statistics import OTHER, median_table, protect

from .conftest import signed_case

K = 5

# A random registry: each record one person's decision, in a (month, kind) group and an OPD.
records = st.lists(
    st.tuples(
        st.integers(0, 40),  # the person
        st.tuples(st.sampled_from(["2026-01", "2026-02"]), st.sampled_from(["transfer", "appointment_pns"])),
        st.sampled_from(["DISHUB", "BPKAD", "DINKES", "SETDA", "INSPEKTORAT"]),
    ),
    max_size=200,
)


def _people(recs):
    cells = defaultdict(set)
    for person, group, detail in recs:
        cells[(group, detail)].add(person)
    return cells


@given(records, st.integers(2, 8))
def test_no_published_cell_counts_fewer_than_k_people(recs, k):
    people = _people(recs)
    for group in protect(recs, k=k):
        merged = set()
        for detail, count in group.cells.items():
            if detail == OTHER:
                continue
            assert len(people[(group.key, detail)]) >= k
            assert count == sum(1 for r in recs if r[1] == group.key and r[2] == detail)
        small = [d for (g, d), who in people.items() if g == group.key and len(who) < k]
        for detail in small:
            merged |= people[(group.key, detail)]
        if OTHER in group.cells:
            assert len(merged) >= k
            assert group.cells[OTHER] == sum(1 for r in recs if r[1] == group.key and r[2] in small)
        # The total is the published cells' sum: a suppressed cell is in no published number.
        assert group.total == sum(group.cells.values())
        assert group.incomplete == (bool(small) and OTHER not in group.cells)


@given(records, st.data())
def test_what_is_suppressed_cannot_be_recovered_from_what_is_published(recs, data):
    """Changing the suppressed people (fewer or other decisions, still under k) changes no
    published number: nothing published -- cell, merged cell or total -- depends on them, so no
    subtraction can give them back."""
    people = _people(recs)
    published = {g.key: g for g in protect(recs, k=K)}
    suppressed = [key for key, g in published.items() if g.incomplete]
    if not suppressed:
        return
    group = data.draw(st.sampled_from(suppressed))
    small = {d for (g, d), who in people.items() if g == group and len(who) < K}
    # Drop one record of a suppressed cell, or add one for a person already in it.
    victim = data.draw(st.sampled_from([r for r in recs if r[1] == group and r[2] in small]))
    if data.draw(st.booleans()):
        changed = list(recs)
        changed.remove(victim)
    else:
        changed = [*recs, victim]
    again = {g.key: g for g in protect(changed, k=K)}
    assert {key: g.cells for key, g in again.items()} == {key: g.cells for key, g in published.items()}


@given(
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from("abcd"), st.integers(0, 30), st.booleans())),
    st.integers(2, 8),
)
def test_no_published_median_rests_on_fewer_than_k_cases(rows, k):
    cases = defaultdict(set)
    for case, group, _days, _within in rows:
        cases[group].add(case)
    for row in median_table(rows, k=k):
        assert row.cases >= k
        if row.key != OTHER:
            assert row.cases == len(cases[row.key])


# -- on the registry ----------------------------------------------------------------------------


def _registry(city, *, cases: int):
    """``cases`` transfers by DISHUB (one person each) and one 2-person case by BPKAD, all
    signed in March 2026, each through a 3-working-day verification due on its last day."""
    for _ in range(cases):
        signed_case(
            city=city,
            kind="transfer",
            unit=city.dishub,
            people=1,
            submitted=date(2026, 3, 2),
            signed=date(2026, 3, 9),
            stages=[("verification", date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 5))],
        )
    signed_case(
        city=city,
        kind="transfer",
        unit=city.bpkad,
        people=2,
        submitted=date(2026, 3, 2),
        signed=date(2026, 3, 9),
    )


def test_small_cells_are_left_out_and_the_rest_is_published(city):
    PublicHoliday.objects.create(date=date(2026, 3, 3), name="Libur")
    _registry(city, cases=6)
    figures = statistics.compute(today=date(2026, 4, 1), k=K)
    decisions = figures["tables"]["decisions"]
    assert decisions == [
        {
            "month": "2026-03",
            "kind": "transfer",
            "kind_label": str(CaseKind("transfer").label),
            "opd": "DISHUB",
            "opd_label": "Dinas Perhubungan",
            "people": 6,
            "group_incomplete": True,  # BPKAD's two people: too few, and alone in "other"
        }
    ]
    (durations,) = figures["tables"]["durations"]
    # 2 March to 9 March: 5 weekdays, less the holiday on the 3rd.
    assert durations["cases"] == 7 and durations["median_working_days"] == 4.0
    (stage,) = figures["tables"]["stages"]
    assert stage["stage"] == "verification" and stage["cases"] == 6 and stage["median_working_days"] == 2.0
    assert durations["share_within_standard"] == 1.0


def test_the_statement_count_does_not_grow_with_the_number_of_cases(city):
    """Seven statements at 10 cases and at 60: the units, the decisions counted by person,
    month, kind and unit, the case durations and the stage durations counted by days, the
    policy parameters, the employees (retirements) and the free places."""
    _registry(city, cases=10)
    with CaptureQueriesContext(connection) as few:
        statistics.compute(today=date(2026, 4, 1))
    _registry(city, cases=50)
    with CaptureQueriesContext(connection) as many:
        figures = statistics.compute(today=date(2026, 4, 1))
    assert figures["tables"]["decisions"][0]["people"] == 60
    assert figures["tables"]["durations"][0]["cases"] == 62
    assert len(few) == len(many) == 7


def test_the_figures_are_cached(city, django_assert_num_queries):
    _registry(city, cases=5)
    statistics.published()
    with django_assert_num_queries(0):
        statistics.published()


@pytest.mark.parametrize("persona", ["anonymous", "inspector", "outsider"])
def test_anyone_reads_the_statistics_page_and_downloads(client, city, persona):
    _registry(city, cases=5)
    if persona != "anonymous":
        client.force_login(getattr(city, persona))
    page = client.get(reverse("public:statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dinas Perhubungan" in html

    data = json.loads(client.get(reverse("public:statistics-json")).content)
    assert data["min_cell"] == 5
    assert set(data["dictionary"]) == set(data["tables"])
    assert "people" in data["dictionary"]["decisions"]["fields"]

    body = client.get(reverse("public:statistics-csv", args=["decisions"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(row["opd"], row["people"]) for row in rows] == [("DISHUB", "5")]  # BPKAD's 2: left out
    dictionary = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("public:statistics-csv", args=["kamus"])).content.decode())
        )
    )
    assert {"table": "decisions", "field": "people"}.items() <= dictionary[
        [r["field"] for r in dictionary].index("people")
    ].items()
    assert client.get(reverse("public:statistics-csv", args=["nope"])).status_code == 404


def test_the_statistics_page_costs_nothing_once_cached(client, city, django_assert_num_queries):
    _registry(city, cases=5)
    client.get(reverse("public:statistics"))
    with django_assert_num_queries(0):
        assert client.get(reverse("public:statistics")).status_code == 200
        assert client.get(reverse("public:statistics-csv", args=["stages"])).status_code == 200


def test_the_refresh_fills_the_cache_in_every_language(city, django_assert_num_queries):
    from django.utils import translation

    _registry(city, cases=5)
    statistics.refresh()
    with django_assert_num_queries(0):
        for code in ("id", "en"):
            with translation.override(code):
                assert statistics.published()["tables"]["decisions"]


# -- the stored durations give the figures the tasks gave ------------------------------------------


def _figures_from_the_tasks(k: int) -> dict:
    """The computation before the durations were stored (reading every task and counting
    working days case by case), kept as the reference the stored path must agree with."""
    from django.utils import timezone
    from viewflow.workflow.models import Task

    from decisions.models import Case, CaseItem
    from personnel.workdays import WorkdayCounter

    opds = statistics._opd_map()
    counter = WorkdayCounter(PublicHoliday.objects.values_list("date", flat=True))
    items = CaseItem.objects.filter(case__decree__isnull=False, status=CaseItem.Status.ACTIVE).values_list(
        "employee_id", "case__decree__decree_date", "case__kind", "case__initiating_unit_id"
    )
    records = [(person, (f"{day:%Y-%m}", kind), opds[unit][0]) for person, day, kind, unit in items]
    zone = timezone.get_current_timezone()
    measured = Case.objects.filter(decree__isnull=False, submitted_at__isnull=False, process__isnull=False)
    cases = {
        process: (pk, kind, submitted.astimezone(zone).date(), signed.astimezone(zone).date())
        for pk, process, kind, submitted, signed in measured.values_list(
            "pk", "process_id", "kind", "submitted_at", "decree__signed_at"
        )
    }
    late, stage_days = set(), defaultdict(int)
    for process, stage, due, created, finished in Task.objects.filter(
        process_id__in=measured.values("process_id"), status="DONE", flow_task_type="HUMAN"
    ).values_list("process_id", "data__stage", "data__due", "created", "finished"):
        if not stage or finished is None:
            continue
        case = cases[process][0]
        done = finished.astimezone(zone).date()
        stage_days[(case, stage)] += max(0, counter.between(created.astimezone(zone).date(), done))
        if due and done > date.fromisoformat(due):
            late.add(case)
    by_kind = [
        (case, kind, max(0, counter.between(submitted, signed)), case not in late)
        for case, kind, submitted, signed in cases.values()
    ]
    by_stage = [(case, stage, days, None) for (case, stage), days in stage_days.items()]
    return {
        "decisions": [
            (group.key, code, count, group.incomplete)
            for group in protect(records, k=k)
            for code, count in group.cells.items()
        ],
        "durations": [
            (row.key, row.cases, row.median_days, row.within_standard) for row in median_table(by_kind, k=k)
        ],
        "stages": [(row.key, row.cases, row.median_days) for row in median_table(by_stage, k=k)],
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_durations_publish_what_the_tasks_gave(city, seed):
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    for day in rng.sample(range(120), 12):
        PublicHoliday.objects.create(date=date(2026, 1, 1) + timedelta(days=day), name="Libur")
    units = [city.dishub, city.bpkad, city.bkpsdm, city.setda, city.inspektorat]
    kinds = ["transfer", "appointment_pns", "dismissal_retirement"]
    for _ in range(45):
        submitted = date(2026, 1, 1) + timedelta(days=rng.randrange(90))
        signed = submitted + timedelta(days=rng.randrange(30))
        stages = []
        for _stage in range(rng.randrange(5)):
            created = submitted + timedelta(days=rng.randrange(10))
            stages.append(
                (
                    rng.choice(["unit_head", "verification", "agency_head", "signing"]),
                    created,
                    created + timedelta(days=rng.randrange(12)),
                    created + timedelta(days=rng.randrange(9)),
                )
            )
        signed_case(
            city=city,
            kind=rng.choice(kinds),
            unit=rng.choice(units),
            people=rng.randrange(1, 4),
            submitted=submitted,
            signed=signed,
            stages=stages,
        )
    tables = statistics.compute(today=date(2026, 6, 1), k=3)["tables"]
    published = {
        "decisions": [
            ((row["month"], row["kind"]), row["opd"], row["people"], row["group_incomplete"])
            for row in tables["decisions"]
        ],
        "durations": [
            (row["kind"], row["cases"], row["median_working_days"], row["share_within_standard"])
            for row in tables["durations"]
        ],
        "stages": [(row["stage"], row["cases"], row["median_working_days"]) for row in tables["stages"]],
    }
    assert published == _figures_from_the_tasks(k=3)
    assert published["decisions"] and published["durations"] and published["stages"]
