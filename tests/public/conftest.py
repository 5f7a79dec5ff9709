"""Registries for the public side: signed cases made directly (no PDF rendering), so a
statistics test can have many of them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from decisions.models import Case, CaseItem, Decree
from tests.factories import EmployeeFactory, PositionFactory
from workflows import durations

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def signed_case(*, city, kind: str, unit, people: int, signed: date, submitted: date, stages=()):
    """A case of ``kind`` proposed by ``unit``, signed on ``signed``: ``people`` new employees
    in it, and its route's done tasks ``stages`` = [(stage, created, finished, due)]."""
    n = next(_serial)
    process = Process.objects.create(flow_class="workflows/flows.TransferFlow", status="DONE")
    case = Case.objects.create(
        kind=kind,
        status=Case.Status.SIGNED,
        created_by=city.clerk,
        initiating_unit=unit,
        reason="statistik",
        effective_date=signed,
        process=process,
        submitted_at=timezone.make_aware(datetime.combine(submitted, datetime.min.time())),
    )
    position = PositionFactory(unit=unit, code=f"STAT-{n}", capacity=people + 1)
    for i in range(people):
        employee = EmployeeFactory(position=position, good_ratings=False)
        CaseItem.objects.create(case=case, employee=employee, position_in_case=i + 1)
    Decree.objects.create(
        case=case,
        number=f"STAT/{n}",
        pattern="STAT/{seq}",
        year=signed.year,
        sequence=n,
        title="statistik",
        decree_date=signed,
        signed_at=timezone.make_aware(datetime.combine(signed, datetime.min.time()) + timedelta(hours=10)),
        pdf=f"decrees/stat-{n}.pdf",
        sha256="0" * 64,
        unsigned_sha256="0" * 64,
    )
    for stage, created, finished, due in stages:
        task = Task.objects.create(
            process=process,
            flow_task="workflows/flows.TransferFlow.verification",
            flow_task_type="HUMAN",
            status="DONE",
            data={"stage": stage, "due": due.isoformat()},
            created=timezone.make_aware(datetime.combine(created, datetime.min.time())),
            finished=timezone.make_aware(datetime.combine(finished, datetime.min.time())),
        )
        durations.record_stage(task, case)  # as the route does when it decides a task
    durations.record_case(case)  # and when it signs
    return case
