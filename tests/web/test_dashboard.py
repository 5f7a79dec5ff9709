"""The dashboards: who may see them, what they count, and that they cost a fixed number of
queries however many cases there are."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory
from web import dashboard
from workflows.models import StageDayCount
from workflows.services import case_submit, task_approve

DASHBOARD = "/dashboard/"


@pytest.fixture(autouse=True)
def _labels_in_english():
    """The assertions name stages and kinds in English; the product's default is Indonesian."""
    with translation.override("en"):
        yield


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _open(case, stage, owner=None):
    tasks = case.process.task_set.filter(data__stage=stage, status__in=["NEW", "ASSIGNED"])
    return (tasks.filter(owner=owner) if owner else tasks).get()


def _transfer(city, employee=None, target=None):
    return case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=employee or city.subject, to_position=target or city.target)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja.",
    )


def _worked_case(city):
    """Unit heads taking 2 and 4 days, the verifier 1 day; the Head of BKPSDM still waiting."""
    start = timezone.localdate() - timedelta(days=40)
    with time_machine.travel(_at(start), tick=False):
        case = case_submit(case_id=_transfer(city).pk, actor=city.clerk)
    with time_machine.travel(_at(start + timedelta(days=2)), tick=False):
        task_approve(task_id=_open(case, "unit_head", city.head_dishub).pk, actor=city.head_dishub)
    with time_machine.travel(_at(start + timedelta(days=4)), tick=False):
        task_approve(task_id=_open(case, "unit_head", city.head_bpkad).pk, actor=city.head_bpkad)
    with time_machine.travel(_at(start + timedelta(days=5)), tick=False):
        task_approve(task_id=_open(case, "verification").pk, actor=city.verifier)
    return case


def test_only_officials_bkpsdm_inspectors_and_administrators_have_the_dashboard(client, city):
    for user, status in [
        (city.head_dishub, 200),
        (city.verifier, 200),
        (city.walikota, 200),
        (city.inspector, 200),
        (city.clerk, 403),
    ]:
        client.force_login(user)
        assert client.get(DASHBOARD).status_code == status, user
        menu_link = f'href="{DASHBOARD}"'.encode()
        assert (menu_link in client.get(reverse("home:index")).content) == (status == 200), user


def _worked_across_months(city):
    """From Monday 23 February 2026: the unit heads decide on Wednesday and Friday (2 and 4
    working days), the verifier on Monday 2 March (3 days, 1 working day: a weekend between)."""
    start = date(2026, 2, 23)
    with time_machine.travel(_at(start), tick=False):
        case = case_submit(case_id=_transfer(city).pk, actor=city.clerk)
    for days, stage, user in [(2, "unit_head", city.head_dishub), (4, "unit_head", city.head_bpkad)]:
        with time_machine.travel(_at(start + timedelta(days=days)), tick=False):
            task_approve(task_id=_open(case, stage, user).pk, actor=user)
    with time_machine.travel(_at(start + timedelta(days=7)), tick=False):
        task_approve(task_id=_open(case, "verification").pk, actor=city.verifier)
    return case


def _medians(figure):
    return {row.label: row.values[0] for row in figure.rows}


def test_stage_medians_are_the_working_days_between_a_task_opened_and_decided(city):
    _worked_across_months(city)
    expected = {"Approval by the unit head": 3.0, "Verification by BKPSDM": 1.0}
    assert _medians(dashboard.every_median_days_per_stage()) == expected
    assert _medians(dashboard.median_days_per_stage(dashboard.scope(city.head_dishub))) == expected


def test_the_stage_median_period_counts_whole_months(city):
    _worked_across_months(city)
    # On 20 March the last 30 days reach back to 18 February: all of February counts.
    assert dashboard.period_start(date(2026, 3, 20), 30) == date(2026, 2, 1)
    assert dashboard.period_start(date(2026, 3, 31), 30) == date(2026, 3, 1)
    march = date(2026, 3, 1)
    for figure in (
        dashboard.every_median_days_per_stage(since=march),
        dashboard.median_days_per_stage(dashboard.scope(city.head_dishub), since=march),
    ):
        assert _medians(figure) == {"Verification by BKPSDM": 1.0}
    assert dashboard.every_median_days_per_stage(since=date(2026, 4, 1)).rows == []


def test_who_sees_every_case_reads_the_histogram_a_unit_official_their_own_cases(city):
    _worked_across_months(city)
    nobody = city.clerk.__class__.objects.create(username="tanpa-unit")
    assert dashboard.median_days_per_stage(dashboard.scope(nobody)).rows == []
    # The histogram is the only source for who sees every case: emptied, their chart is empty.
    StageDayCount.objects.update(n=0)
    assert dashboard.every_median_days_per_stage().rows == []
    assert len(dashboard.median_days_per_stage(dashboard.scope(city.head_dishub)).rows) == 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["unit_head", "verification", "agency_head"]),
            st.integers(0, 5),
            st.integers(0, 30),
        ),
        max_size=60,
    ),
    st.integers(0, 6),
)
@example([("unit_head", 0, 2), ("unit_head", 1, 4)], 0)  # even: the mean of the middle two
@example([("unit_head", 0, 2), ("unit_head", 1, 4), ("unit_head", 2, 9)], 0)  # odd
@example([("unit_head", 0, 2), ("unit_head", 1, 4), ("unit_head", 2, 9)], 1)  # cut to an even count
def test_the_median_of_the_summed_histogram_is_the_median_of_the_durations(durations, first_month):
    # (stage, month, working days) as the triggers count them, then summed from a month on.
    histogram = Counter((stage, month, days) for stage, month, days in durations)
    summed = Counter()
    for (stage, month, days), n in histogram.items():
        if month >= first_month:
            summed[(stage, days)] += n
    direct = defaultdict(list)
    for stage, month, days in durations:
        if month >= first_month:
            direct[stage].append(days)
    assert dashboard.stage_medians((stage, days, n) for (stage, days), n in summed.items()) == {
        stage: statistics.median(values) for stage, values in direct.items()
    }


def test_late_tasks_are_counted_by_the_unit_they_wait_in(city):
    _worked_case(city)
    figure = dashboard.overdue_tasks_by_unit(dashboard.scope(city.inspector))
    assert [(row.label, row.values, row.name) for row in figure.rows] == [
        ("BKPSDM", (1,), "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    ]


def test_cases_are_counted_by_kind_status_and_stage(city):
    _worked_case(city)
    _transfer(
        city,
        EmployeeFactory(position=PositionFactory(unit=city.dishub)),
        PositionFactory(unit=city.bpkad),
    )
    kinds = dashboard.cases_by_kind(dashboard.scope(city.inspector))
    assert kinds.series == ["draft", "in review"]
    assert [(row.label, row.values) for row in kinds.rows] == [("Transfer between units", (1, 1))]
    stages = dashboard.open_cases_by_stage(dashboard.scope(city.inspector))
    assert [(row.label, row.values) for row in stages.rows] == [("Approval by the Head of BKPSDM", (1,))]


def test_a_unit_head_sees_the_rotation_and_retirement_flags_of_their_own_unit_only(city):
    everyone, _rows = dashboard.registry_flags(city.inspector)
    own, rows = dashboard.registry_flags(city.head_dishub)
    assert len(everyone.rows) > 1
    assert [row.label for row in own.rows] == ["Dinas Perhubungan"]
    assert rows and {row.unit for row in rows} == {"Dinas Perhubungan"}
    nobody, none = dashboard.registry_flags(city.clerk.__class__.objects.create(username="tanpa-unit"))
    assert nobody.rows == [] and none == []


@pytest.mark.parametrize(
    ("who", "statements"),
    # Who sees every case reads the tallies and the stage histogram; a unit head counts their
    # own cases. 19 and 23 before the histogram too (the medians were one statement then).
    [("inspector", 19), ("head_dishub", 23)],
)
def test_the_dashboard_costs_the_same_with_one_case_or_five(client, city, who, statements):
    _worked_case(city)
    client.force_login(getattr(city, who))

    def cost():
        client.get(DASHBOARD)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(DASHBOARD)
        assert response.status_code == 200
        return len(captured)

    one = cost()
    for _ in range(4):
        employee = EmployeeFactory(position=PositionFactory(unit=city.dishub))
        case_submit(case_id=_transfer(city, employee, PositionFactory(unit=city.bpkad)).pk, actor=city.clerk)
    five = cost()
    print(f"dashboard queries of {who} with one case and with five:", one, five)
    assert five == one == statements
    page = client.get(DASHBOARD)
    assert page.content.count(b'role="img"') == 5
    assert page.content.count(b'<details class="sahih-data-table">') == 5
    assert b"Median hari kerja per tahap" in page.content
