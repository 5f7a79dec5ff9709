"""Approvals and whole routes: our task service against bare viewflow, in one run."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from viewflow.workflow.models import Task

from decisions.models import Case
from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory
from workflows.services import case_submit, task_approve

from .flows import BareFlow, complete

STAGES = ["unit_head", "unit_head", "verification", "agency_head", "secretary"]


def _timed(call, cpu: list | None = None):
    # ``cpu``: the CPU time this process spent is appended to it (the load of other processes
    # on a shared machine stretches the wall time, much less this).
    started, started_cpu = time.perf_counter(), time.process_time()
    result = call()
    if cpu is not None:
        cpu.append(time.process_time() - started_cpu)
    return time.perf_counter() - started, result


def _counted(call) -> int:
    # Django keeps at most 9,000 queries in its log; a full log would make the count wrong.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _next_task(case, stage, user):
    tasks = Task.objects.filter(process_id=case.process_id, status__in=("NEW", "ASSIGNED"), data__stage=stage)
    if stage == "unit_head":
        tasks = tasks.filter(owner=user)
    return tasks.get()


def _transfer_cases(city, n: int):
    cases = []
    since = timezone.localdate() - timedelta(days=1200)
    for i in range(n):
        employee = EmployeeFactory(
            name=f"Bench {i}", position=PositionFactory(unit=city.dishub), position_since=since
        )
        target = PositionFactory(unit=city.bpkad, name=f"Tujuan {i}")
        cases.append(
            case_create(
                actor=city.clerk,
                kind="transfer",
                items=[ItemInput(employee=employee, to_position=target)],
                effective_date=timezone.localdate(),
                reason="Bench.",
            )
        )
    return cases


def _deciders(city):
    return [city.head_dishub, city.head_bpkad, city.verifier, city.agency_head, city.sekda]


def _timed_or_counted(index: int, call, times: list, queries: list, cpu: list | None) -> None:
    if index % 4 == 0:  # counting costs time; count a quarter, time the rest
        queries.append(_counted(call))
    else:
        times.append(_timed(call, cpu)[0])


def _our_rounds(city, n: int, times: list, queries: list, cpu: list | None = None):
    """Our approvals, one stage of ``n`` cases per round (a generator: the caller runs a round
    of bare viewflow between two of ours)."""
    cases = [case_submit(case_id=case.pk, actor=city.clerk) for case in _transfer_cases(city, n)]
    for stage, user in zip(STAGES, _deciders(city), strict=True):
        for index, case in enumerate(cases):
            task = _next_task(case, stage, user)
            _timed_or_counted(
                index,
                lambda task=task, user=user: task_approve(task_id=task.pk, actor=user),
                times,
                queries,
                cpu,
            )
        yield


def _bare_rounds(city, n: int, times: list, queries: list, cpu: list):
    user = city.clerk
    processes = [BareFlow.start.run(user=user) for _ in range(n)]
    for _round in STAGES:
        for index, process in enumerate(processes):
            task = Task.objects.filter(process=process, status="ASSIGNED").order_by("pk").first()
            _timed_or_counted(index, lambda task=task: complete(task, user), times, queries, cpu)
        yield


# The approvals' own Redis database when mail is queued as in production (emptied after).
BROKER_URL = "redis://127.0.0.1:6379/10"


@contextmanager
def mail_through_a_broker():
    """Run the block as a deployment with CELERY_BROKER_URL runs: the mail about each new
    task queued on a real Redis broker for a worker (none runs here: the queue is emptied
    after), not sent in the request. Yields whether it could (no Redis: in-process, as a
    deployment without a broker runs)."""
    import redis
    from celery import current_app

    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        yield False
        return
    before = {key: current_app.conf[key] for key in ("broker_url", "task_always_eager")}
    current_app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    try:
        with override_settings(CELERY_BROKER_URL=BROKER_URL, CELERY_TASK_ALWAYS_EAGER=False):
            yield True
    finally:
        current_app.conf.update(before)
        current_app.pool.force_close_all()
        redis.Redis.from_url(BROKER_URL).flushdb()


def approvals(city, n: int = 40) -> dict:
    """Seconds and SQL statements per approval: ours (task service) and bare viewflow, a
    round of each in turn (what else the machine does then weighs on both alike); and ours
    with the policy rules switched off, to show what the rules themselves cost."""
    ours_time, ours_queries, ours_cpu = [], [], []
    bare_time, bare_queries, bare_cpu = [], [], []
    norules_time, norules_queries = [], []
    with mail_through_a_broker() as queued:
        ours = _our_rounds(city, n, ours_time, ours_queries, ours_cpu)
        bare = _bare_rounds(city, n, bare_time, bare_queries, bare_cpu)
        for _round in zip(ours, bare, strict=True):
            pass
        with mock.patch("workflows.services.tasks.policy.gate"):
            for _round in _our_rounds(city, n, norules_time, norules_queries):
                pass
    ours_ms, bare_ms = statistics.mean(ours_time) * 1000, statistics.mean(bare_time) * 1000
    return {
        "mail_queued": queued,
        "norules_ms": statistics.mean(norules_time) * 1000,
        "norules_queries": statistics.mean(norules_queries),
        "n": n,
        "ours_ms": ours_ms,
        "bare_ms": bare_ms,
        "ratio": ours_ms / bare_ms,
        "ours_queries": statistics.mean(ours_queries),
        "bare_queries": statistics.mean(bare_queries),
        "ours_cpu_ms": statistics.mean(ours_cpu) * 1000,
        "bare_cpu_ms": statistics.mean(bare_cpu) * 1000,
        "ours_p90_ms": statistics.quantiles(ours_time, n=10)[-1] * 1000,
        "bare_p90_ms": statistics.quantiles(bare_time, n=10)[-1] * 1000,
    }


def whole_transfer(city, n: int = 8) -> dict:
    """A transfer from submission to the signed, stored SK (rendering and signing included)."""
    durations, statements = [], []
    for index, case in enumerate(_transfer_cases(city, n)):

        def run(case=case):
            current = case_submit(case_id=case.pk, actor=city.clerk)
            for stage, user in zip(STAGES, _deciders(city), strict=True):
                current = task_approve(task_id=_next_task(current, stage, user).pk, actor=user)
            return task_approve(task_id=_next_task(current, "signing", None).pk, actor=city.walikota)

        if index % 2:
            statements.append(_counted(run))
        else:
            durations.append(_timed(run)[0])
    return {"n": n, "ms": statistics.mean(durations) * 1000, "queries": statistics.mean(statements)}


def signing_lock(city, n: int = 6, *, storage_latency: float = 0.0, write_inside: bool = False) -> dict:
    """How long one signing holds its case row locked: the prepare and finish transactions of
    ``decisions.issuing`` (each from its start to its commit, so a little more than the lock),
    against the whole signing step, which one transaction held before the signer's call was
    taken out of it (docs/signing.md, "Signing outside the case lock").

    ``storage_latency`` (seconds) is added to every write of a signed PDF, to stand for a
    storage across a network (an object store). ``write_inside`` writes the PDF where it was
    written before decisions/files.py: inside the finish, holding the lock."""
    from django.db import transaction

    from decisions import issuing
    from decisions.models import Decree

    original, held, whole = issuing.run_signing, [], []
    storage, store_signed = Decree._meta.get_field("pdf").storage, issuing.store_signed
    save = storage.save

    def slow_save(*args, **kwargs):
        time.sleep(storage_latency)
        return save(*args, **kwargs)

    def store_where(attempt, signed_pdf):
        if write_inside and not transaction.get_connection().in_atomic_block:
            return None  # left to decree_finish, which writes it when nothing was written yet
        return store_signed(attempt, signed_pdf)

    def timed(*, prepare, finish, secret=None):
        spent = 0.0

        def step(call, *args):
            nonlocal spent
            started = time.perf_counter()
            try:
                return call(*args)
            finally:
                spent += time.perf_counter() - started

        started = time.perf_counter()
        try:
            return original(prepare=lambda: step(prepare), finish=lambda *a: step(finish, *a), secret=secret)
        finally:
            whole.append(time.perf_counter() - started)
            held.append(spent)

    with (
        mock.patch.object(issuing, "run_signing", timed),
        mock.patch.object(issuing, "store_signed", store_where),
        mock.patch.object(storage, "save", slow_save),
    ):
        for case in _transfer_cases(city, n):
            current = case_submit(case_id=case.pk, actor=city.clerk)
            for stage, user in zip(STAGES, _deciders(city), strict=True):
                current = task_approve(task_id=_next_task(current, stage, user).pk, actor=user)
            task_approve(task_id=_next_task(current, "signing", None).pk, actor=city.walikota)
    return {"n": n, "held_ms": statistics.mean(held) * 1000, "whole_ms": statistics.mean(whole) * 1000}


def collective(city, sizes=(50, 100, 200)) -> list[dict]:
    """One rotation case of N employees, submission to signed SK: does the cost per employee
    stay flat as N grows?"""
    rows = []
    for size in sizes:
        since = timezone.localdate() - timedelta(days=1200)
        items = [
            ItemInput(
                employee=EmployeeFactory(
                    name=f"Rotasi {size}-{i}",
                    position=PositionFactory(unit=city.dishub),
                    position_since=since,
                ),
                to_position=PositionFactory(
                    unit=city.bpkad if i % 2 else city.dishub, name=f"Baru {size}-{i}"
                ),
            )
            for i in range(size)
        ]
        case = case_create(
            actor=city.agency_clerk,
            kind="transfer",
            items=items,
            effective_date=timezone.localdate(),
            reason="Rotasi bench.",
        )

        def run(case=case):
            current = case_submit(case_id=case.pk, actor=city.agency_clerk)
            for stage, user in zip(STAGES, _deciders(city), strict=True):
                current = task_approve(task_id=_next_task(current, stage, user).pk, actor=user)
            return task_approve(task_id=_next_task(current, "signing", None).pk, actor=city.walikota)

        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            elapsed, done = _timed(run)
        assert done.status in (Case.Status.SIGNED, Case.Status.EFFECTIVE), done.status
        assert done.items.filter(status="active").count() == size
        rows.append(
            {
                "size": size,
                "ms": elapsed * 1000,
                "queries": len(captured),
                "ms_per_employee": elapsed * 1000 / size,
                "queries_per_employee": len(captured) / size,
            }
        )
    return rows
