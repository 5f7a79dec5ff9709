"""The inbox and the home page cost a fixed number of queries however many tasks wait, and
the inbox's query keeps the separation of duties exactly as the task service checks it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.models import Process, Task

from decisions.models import Case, CaseItem
from tests.factories import jpt_selection
from tests.workflows.conftest import decide, submit
from tests.workflows.test_routes import PERTEK
from workflows.selectors import actionable_task_query, actionable_tasks
from workflows.services import available_actions, case_submit

# The pinned cost of the inbox page and of the home page, with 10 or 10,000 open tasks.
INBOX_QUERIES = 12
HOME_QUERIES = 19


def _fields(instance, *, skip=("id",)) -> dict:
    return {
        f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.name not in skip
    }


def clone_waiting(task: Task, copies: int) -> None:
    """``copies`` more cases waiting at ``task``'s stage for the same official, written in
    bulk: a process, a case, its employee and the open task, as the route would leave them."""
    case = task.process.case
    item = case.items.get()
    processes = Process.objects.bulk_create([Process(**_fields(task.process)) for _ in range(copies)])
    case_fields = _fields(case, skip=("id", "process", "created_at"))
    cases = Case.objects.bulk_create([Case(**case_fields, process=process) for process in processes])
    item_fields = _fields(item, skip=("id", "case"))
    CaseItem.objects.bulk_create([CaseItem(**item_fields, case=clone) for clone in cases])
    task_fields = _fields(task, skip=("id", "process"))
    Task.objects.bulk_create(
        [
            Task(
                **{
                    **task_fields,
                    "data": {**task.data, "due": (date(2026, 1, 1) + timedelta(days=n % 300)).isoformat()},
                },
                process=process,
            )
            for n, process in enumerate(processes)
        ]
    )


def _queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types, permissions, stage titles)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_inbox_and_home_cost_the_same_with_ten_or_ten_thousand_open_tasks(client, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    clone_waiting(task, 9)
    client.force_login(city.head_dishub)
    inbox, home = reverse("tasks:index"), reverse("home:index")
    few = {"inbox": _queries(client, inbox), "home": _queries(client, home)}
    assert actionable_task_query(city.head_dishub).count() == 10

    clone_waiting(task, 9_990)
    assert actionable_task_query(city.head_dishub).count() == 10_000
    many = {"inbox": _queries(client, inbox), "home": _queries(client, home)}
    late = client.get(inbox + "?overdue=1&page=2")
    assert late.context["page"].paginator.count == late.context["overdue_count"] > 9_000
    assert len(late.context["rows"]) == 25

    print("queries with 10 and 10,000 open tasks:", few, many)
    assert few == many == {"inbox": INBOX_QUERIES, "home": HOME_QUERIES}


def _jpt_case(city):
    return submit(jpt_selection(city, code="KADISX", name="Kepala Dinas X").case, city.agency_clerk)


def _agrees_with_the_service(case, *users) -> None:
    open_tasks = list(Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"]))
    for user in users:
        listed = {task.pk for task in actionable_tasks(user) if task.process_id == case.process_id}
        allowed = {task.pk for task in open_tasks if available_actions(task, case, user)}
        assert listed == allowed, f"inbox of {user} lists {listed}, the service allows {allowed}"


@pytest.mark.parametrize("stage_reached", ["selection", "pertek", "signing", "inauguration"])
def test_the_inbox_lists_exactly_what_the_service_lets_each_person_decide(city, stage_reached):
    case = _jpt_case(city)
    steps = [
        ("verification", city.verifier, {}),
        ("selection", city.walikota, {"action": "choose", "facts": {"chosen_item": 1}}),
        ("pertek", city.verifier2, PERTEK),
        ("signing", city.walikota, {}),
    ]
    people = (city.verifier, city.verifier2, city.walikota, city.agency_clerk, city.agency_head)
    for stage, user, decision in steps:
        case = Case.objects.get(pk=case.pk)
        _agrees_with_the_service(case, *people)
        if stage == stage_reached:
            break
        case = decide(case, stage, user, **decision)
    _agrees_with_the_service(Case.objects.get(pk=case.pk), *people)
