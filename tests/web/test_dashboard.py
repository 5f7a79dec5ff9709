"""The dashboards: who may see them, what they count, and that they cost a fixed number of
queries however many cases there are."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory
from web import dashboard
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


def test_stage_medians_come_from_when_tasks_were_opened_and_decided(city):
    _worked_case(city)
    figure = dashboard.median_days_per_stage(dashboard.scope(city.inspector))
    medians = {row.label: row.values[0] for row in figure.rows}
    assert medians == {"Approval by the unit head": 3.0, "Verification by BKPSDM": 1.0}
    recent = dashboard.median_days_per_stage(
        dashboard.scope(city.inspector), since=timezone.localdate() - timedelta(days=35)
    )
    assert {row.label for row in recent.rows} == {"Verification by BKPSDM"}


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


def test_the_dashboard_costs_the_same_with_one_case_or_five(client, city):
    _worked_case(city)
    client.force_login(city.inspector)

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
    print("dashboard queries with one case and with five:", one, five)
    assert five == one
    page = client.get(DASHBOARD)
    assert page.content.count(b'role="img"') == 5
    assert page.content.count(b'<details class="sahih-data-table">') == 5
