"""Driving routes through the task service, as the personas would."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task

from decisions.models import Case
from decisions.policy import PolicyBlocked
from tests.factories import UserFactory
from workflows.models import Committee
from workflows.services import Decision, case_submit, task_decide


def open_tasks(case: Case, stage: str | None = None) -> list[Task]:
    tasks = Task.objects.filter(
        process_id=case.process_id, status__in=["NEW", "ASSIGNED"], flow_task_type="HUMAN"
    )
    if stage:
        tasks = tasks.filter(data__stage=stage)
    return list(tasks.order_by("pk"))


def decide(case: Case, stage: str, user, action: str | None = None, **decision) -> Case:
    """Decide the open ``stage`` task ``user`` may act on, acknowledging rule warnings.

    Blocking findings are not answered here: a test that meets one should say so itself.
    """
    candidates = [task for task in open_tasks(case, stage) if task.owner_id in (None, user.pk)]
    assert candidates, f"no open {stage} task for {user} on {case}"
    task = candidates[0]
    try:
        return task_decide(task_id=task.pk, actor=user, decision=Decision(action=action, **decision))
    except PolicyBlocked as blocked:
        if blocked.extra["unresolved"]:
            findings = {f["key"]: f["message"] for f in blocked.extra["findings"]}
            raise AssertionError(
                f"blocked at {stage}: {[findings[k] for k in blocked.extra['unresolved']]}"
            ) from blocked
        acknowledged = tuple(blocked.extra["unacknowledged"])
        return task_decide(
            task_id=task.pk,
            actor=user,
            decision=Decision(action=action, acknowledged=acknowledged, **decision),
        )


@pytest.fixture
def committee(city):
    """The Tim Penilai Kinerja: three members, majority rule."""
    team = Committee.objects.create(code="tim_penilai_kinerja", name="Tim Penilai Kinerja PNS")
    members = [
        UserFactory(username=f"tpk{i}", roles=["official"], first_name=f"Anggota {i}") for i in (1, 2, 3)
    ]
    team.members.set(members)
    return members


def submit(case: Case, actor, **answers) -> Case:
    """Submit, saying which findings block when the rules do (warnings need no answer here)."""
    try:
        return case_submit(case_id=case.pk, actor=actor, **answers)
    except PolicyBlocked as blocked:
        findings = {f["key"]: f["message"] for f in blocked.extra["findings"]}
        keys = blocked.extra["unresolved"] + blocked.extra.get("unjustified", [])
        raise AssertionError(f"submission blocked: {[(k, findings[k]) for k in keys]}") from blocked


@pytest.fixture(autouse=True)
def replay_agrees_with_live(request):
    """After every route test: each case replayed from its ledger events alone is the case in
    the tables (decisions.lifecycle's table drives both), and every event recorded has a
    registered type (audit.events)."""
    database = next((name for name in ("transactional_db", "db") if name in request.fixturenames), None)
    if database is None or request.node.get_closest_marker("ledger_cut"):
        yield
        return
    request.getfixturevalue(database)
    yield
    from audit import events
    from audit.models import Event
    from inspection.history import case_history, differences

    unregistered = sorted(
        {a for a in Event.objects.values_list("action", flat=True) if events.lookup(a) is None}
    )
    assert unregistered == []

    # Cases a test built or moved in the tables directly (to start a route mid-way, or to sign
    # without one) have no whole ledger story: only drafts and submitted cases are compared.
    def told(code: str) -> set[int]:
        rows = Event.objects.filter(object_type="case", action__in=events.spellings(code))
        return {int(pk) for pk in rows.values_list("object_id", flat=True)}

    created, submitted = told("case.created"), told("case.submitted")
    for case in Case.objects.filter(pk__in=created):
        if case.pk not in submitted and case.status != Case.Status.DRAFT:
            continue
        head = case_history(case.pk).head
        assert (head.status, head.uninterpreted) == (case.status, []), case.reference
        assert differences(head, case) == [], (case.reference, head.as_dict())
