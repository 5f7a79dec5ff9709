"""What happens to a case as its route moves: the stage it waits in, the ledger, the mail.

Called by the nodes while viewflow runs a route, inside the task service's transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Subquery
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as ledger
from decisions import lifecycle
from decisions.models import Case

from . import notifications


def stage_entered(*, case: Case, task, stage, assignment) -> None:
    ledger.record(
        action="task.created",
        object_type="case",
        object_id=case.pk,
        actor=None,
        data={
            "task": task.pk,
            "stage": stage.stage,
            "title": str(stage.task_title),
            "assignment": assignment.record,
            "due": task.data["due"],
        },
    )
    task_id = task.pk
    transaction.on_commit(lambda: notifications.task_waiting(task_id))


def route_ended(*, case: Case, outcome: str) -> None:
    """The route reached an end node: the case is rejected, or signed (see the SK service)."""
    if outcome == "rejected":
        lifecycle.transition(case=case, event=lifecycle.REJECT, data={"status": Case.Status.REJECTED})


def sync_stage(case: Case) -> None:
    """Point the case at the stages it now waits in (one query of its open tasks).

    A signed case may still wait (the inauguration is recorded after signing); its status
    stays signed. An open case is returned when it waits for its proposer's revision.
    """
    from .stages import OPEN  # here: stages imports nodes, which imports this module

    # STARTED too: a task whose activation is running in this transaction still waits.
    waiting = (*OPEN, STATUS.STARTED)
    # An end node may have closed the case through another copy of the row (viewflow loads
    # the process afresh for gateways), so the status is read again -- with the open tasks,
    # in the same statement, and on its own only when no task is open any more.
    rows = list(
        Task.objects.filter(process_id=case.process_id, status__in=waiting, flow_task_type="HUMAN")
        .annotate(
            case_status=Subquery(Case.objects.filter(pk=case.pk).values("status")),
            case_closed_at=Subquery(Case.objects.filter(pk=case.pk).values("closed_at")),
        )
        .values_list("data", "case_status", "case_closed_at")
    )
    if rows:
        lifecycle.adopt_stored(case, status=rows[0][1], closed_at=rows[0][2])
    else:
        case.refresh_from_db(fields=["status", "closed_at"])
    if case.status in (Case.Status.REJECTED, Case.Status.WITHDRAWN):
        return
    stages = sorted({task_data.get("stage", "") for task_data, _status, _closed in rows})
    case.stage = ",".join(stages)
    case.save(update_fields=["stage"])
    # The proposer's resubmission moves the case back into review itself (case_submit).
    if case.status == Case.Status.IN_REVIEW and "revision" in stages:
        lifecycle.transition(case=case, event=lifecycle.RETURN)
