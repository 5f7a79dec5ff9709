"""Races on PostgreSQL, with real threads and real row locks: two officials deciding one task
at the same moment, and many signings at once. SQLite serialises writers itself and has no
row locks to test, so these run on PostgreSQL only."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from audit.verify import verify_chain
from decisions.models import Case, Decree
from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory, build_city
from workflows.services import case_submit, task_approve

from .conftest import open_tasks

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"
    ),
]


def _in_threads(calls):
    """Run every call in its own thread, all released at once; return results or errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except BaseException as error:  # noqa: BLE001 -- the test inspects it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _at_verification(city, count: int) -> list[Case]:
    since = timezone.localdate() - timedelta(days=1200)
    cases = []
    for i in range(count):
        employee = EmployeeFactory(
            name=f"Serentak {i}", position=PositionFactory(unit=city.dishub), position_since=since
        )
        target = PositionFactory(unit=city.bpkad, name=f"Tujuan serentak {i}")
        case = case_create(
            actor=city.clerk,
            kind="transfer",
            items=[ItemInput(employee=employee, to_position=target)],
            effective_date=timezone.localdate(),
            reason="Uji serentak.",
        )
        case = case_submit(case_id=case.pk, actor=city.clerk)
        for user in (city.head_dishub, city.head_bpkad):
            head_task = Task.objects.get(process_id=case.process_id, status="ASSIGNED", owner=user)
            case = task_approve(task_id=head_task.pk, actor=user)
        cases.append(case)
    return cases


def test_two_verifiers_taking_the_same_task_at_once_one_wins_and_the_other_gets_409(transactional_db):
    city = build_city()
    [case] = _at_verification(city, 1)
    task = open_tasks(case, "verification")[0]

    def approve_as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client.post(f"/api/tasks/{task.pk}/approve/", {}, format="json")

    responses = _in_threads([lambda: approve_as(city.verifier), lambda: approve_as(city.verifier2)])
    assert sorted(response.status_code for response in responses) == [200, 409]
    loser = next(response for response in responses if response.status_code == 409)
    assert loser.json()["code"] in ("task_closed", "locked")
    case.refresh_from_db()
    assert case.stage == "agency_head"
    done = Task.objects.get(pk=task.pk)
    assert done.status == "DONE" and done.owner in (city.verifier, city.verifier2)
    assert Task.objects.filter(process_id=case.process_id, data__stage="agency_head").count() == 1
    assert verify_chain().ok


def test_fifty_signings_at_once_get_fifty_distinct_consecutive_numbers(transactional_db):
    city = build_city()
    cases = _at_verification(city, 50)
    for case in cases:
        for stage, user in (
            ("verification", city.verifier),
            ("agency_head", city.agency_head),
            ("secretary", city.sekda),
        ):
            task_approve(task_id=open_tasks(case, stage)[0].pk, actor=user)
    signing_tasks = [open_tasks(case, "signing")[0].pk for case in cases]

    outcomes = _in_threads(
        [
            lambda task_id=task_id: task_approve(task_id=task_id, actor=city.walikota)
            for task_id in signing_tasks
        ]
    )
    errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert errors == []
    sequences = sorted(Decree.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 51))
    assert len(set(Decree.objects.values_list("number", flat=True))) == 50
    assert Case.objects.filter(status=Case.Status.EFFECTIVE).count() == 50
    assert verify_chain().ok
