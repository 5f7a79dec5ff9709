"""The deadlines run (Celery beat, every 15 minutes) reads the open work once: its statements
do not grow with the open tasks that need nothing today, only with the reminders and
escalations it writes, a fixed number each (issue 15 §4/§5: five statements and ~4 ms of CPU
per open task before)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from workflows.services import case_submit, run_deadlines

from .conftest import open_tasks

# Submitted on Monday 7 December 2026: the unit heads' tasks are due on the 14th.
NOT_DUE_YET = date(2026, 12, 8)
DAY_BEFORE_DUE = date(2026, 12, 11)
LATE = date(2026, 12, 15)
# Statements for each task acted on (its own transaction: in a test a savepoint and its
# release): the locked task, its case, the update, the ledger's head and event. Pinned so
# they do not creep up.
PER_REMINDER = 7
PER_ESCALATION = 7
# Finding the superior (the post waited for, the units, the holder), once per run for each
# post the late tasks wait for.
PER_SUPERIOR = 5


def _open_work(case, total: int, *, due_later: int = 0) -> None:
    """Copies of the case's first unit-head task until ``total`` tasks are open (a city of
    many cases, without submitting each), the last ``due_later`` of them due in February."""
    template = open_tasks(case, "unit_head")[0]
    data = template.data
    copies = total - len(open_tasks(case))
    for number in range(copies):
        template.pk = None
        template.data = {**data, "due": "2027-02-26"} if number >= copies - due_later else dict(data)
        template.save()


def _statements(today: date) -> int:
    with CaptureQueriesContext(connection) as queries:
        run_deadlines(today=today)
    return len(queries)


def _submitted(city, transfer_case):
    with time_machine.travel(date(2026, 12, 7), tick=False):
        return case_submit(case_id=transfer_case.pk, actor=city.clerk)


def test_the_deadline_run_costs_the_same_statements_for_5_or_25_open_tasks_with_nothing_due(
    city, transfer_case, django_assert_num_queries
):
    case = _submitted(city, transfer_case)
    _open_work(case, 5)
    with django_assert_num_queries(2):  # the open tasks' data, the holidays
        assert run_deadlines(today=NOT_DUE_YET).reminded == 0
    _open_work(case, 25)
    assert len(open_tasks(case)) == 25
    with django_assert_num_queries(2):
        assert run_deadlines(today=NOT_DUE_YET).reminded == 0


@pytest.mark.parametrize("due, not_due", [(2, 3), (6, 19)])
def test_reminders_cost_a_fixed_number_of_statements_each_and_a_second_run_none(
    city, transfer_case, due, not_due
):
    case = _submitted(city, transfer_case)  # two unit-head tasks, both due on the 14th
    _open_work(case, due + not_due, due_later=not_due)
    assert _statements(DAY_BEFORE_DUE) == 2 + due * PER_REMINDER
    assert _statements(DAY_BEFORE_DUE) == 2  # all reminded: nothing is locked again
    assert Task.objects.filter(process_id=case.process_id, data__has_key="reminded_on").count() == due


@pytest.mark.parametrize("late, not_due", [(2, 3), (6, 19)])
def test_escalations_cost_a_fixed_number_of_statements_each_and_a_second_run_none(
    city, transfer_case, late, not_due
):
    case = _submitted(city, transfer_case)  # waiting for the heads of Dishub and BPKAD
    _open_work(case, late + not_due, due_later=not_due)  # copies wait for the first
    assert _statements(LATE) == 2 + late * PER_ESCALATION + 2 * PER_SUPERIOR
    assert _statements(LATE) == 2
    assert Task.objects.filter(process_id=case.process_id, data__has_key="escalated_on").count() == late


def test_every_late_task_waiting_for_the_same_post_escalates_to_the_same_superior(city, transfer_case):
    case = _submitted(city, transfer_case)
    _open_work(case, 6)
    assert run_deadlines(today=LATE).escalated == 6
    targets = {
        task.data["escalated_to"]["username"]
        for task in Task.objects.filter(process_id=case.process_id, data__has_key="escalated_on")
    }
    assert targets == {"sekda"}  # OPD heads answer to the Regional Secretary
