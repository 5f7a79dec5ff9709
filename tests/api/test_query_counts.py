"""Query counts are pinned: an approval and the lists cost the same with 1 case or 20."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EmployeeFactory, PositionFactory

from .helpers import create_transfer, task_id


def _extra_cases(api, city, n):
    for i in range(n):
        employee = EmployeeFactory(
            position=PositionFactory(unit=city.dishub, code=f"DISHUB-X{i}"),
            position_since=city.subject.position_since,
        )
        target = PositionFactory(unit=city.bpkad, code=f"BPKAD-X{i}")
        case = create_transfer(api, city, employee=employee.nip, target_position=target.code)
        api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")


def _count(callable_):
    callable_()  # warm the per-process caches (content types, permissions) first
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def _approval_cost(api, city, extra):
    _extra_cases(api, city, extra)
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    tid = task_id(api, city.head_dishub, case["id"], "unit_head")
    client = api(city.head_dishub)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/api/tasks/{tid}/approve/", {}, format="json")
    assert response.status_code == 200
    return len(captured)


# The pinned costs. An approval through the API: visibility, the case and its process
# locked and separation of duties (one statement), the task under the lock, the policy rules
# (the items, then the records, the file's kinds and the parameters in one UNION ALL, the
# stored evaluation; earlier answers read only when there are findings), viewflow's own
# statements without a second lock or re-reads, the stage's duration (the holidays it spans,
# its row: workflows/durations.py), the next stage's decider, the stage sync (one UPDATE ...
# RETURNING on PostgreSQL, a read and a write elsewhere), the ledger append (the high-water
# mark locked and read in one statement, one insert), and reading the case back for the
# response. Issue 15 §1 took it from 37 to 27 (SQLite) and 26 (PostgreSQL), before the
# stage durations added two; the join reading its incoming tasks once (not again for the
# route's condition, workflows/nodes.py) took one back.
APPROVAL = {"sqlite": 28, "postgresql": 27}
TASK_LIST = 3
CASE_LIST = 9


def test_an_approval_costs_the_same_with_one_case_or_twenty(api, city):
    few = _approval_cost(api, city, 0)
    many = _approval_cost(api, city, 19)
    assert few == many == APPROVAL[connection.vendor]


def test_the_task_list_costs_the_same_with_one_case_or_twenty(api, city):
    _extra_cases(api, city, 1)
    client = api(city.head_dishub)
    few = _count(lambda: client.get("/api/tasks/"))
    _extra_cases(api, city, 19)
    many = _count(lambda: client.get("/api/tasks/"))
    assert len(client.get("/api/tasks/").json()) == 20
    assert few == many == TASK_LIST


def test_the_case_list_costs_the_same_with_one_case_or_twenty(api, city):
    _extra_cases(api, city, 1)
    client = api(city.clerk)
    few = _count(lambda: client.get("/api/cases/"))
    _extra_cases(api, city, 19)
    many = _count(lambda: client.get("/api/cases/"))
    assert few == many == CASE_LIST
