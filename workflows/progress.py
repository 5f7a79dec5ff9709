"""What happens to a case as its route moves: the stage it waits in, the ledger, the mail.

Called by the nodes while viewflow runs a route, inside the task service's transaction.
"""

from __future__ import annotations

from django.db import connection, transaction
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
    transaction.on_commit(lambda: notifications.announce(task_id, task=task, case=case))


def route_ended(*, case: Case, outcome: str) -> None:
    """The route reached an end node: the case is rejected, or signed (see the SK service)."""
    if outcome == "rejected":
        lifecycle.transition(case=case, event=lifecycle.REJECT, data={"status": Case.Status.REJECTED})


def sync_stage(case: Case) -> None:
    """Point the case at the stages it now waits in: on PostgreSQL one UPDATE ... RETURNING,
    elsewhere one query of its open tasks and a write.

    A signed case may still wait (the inauguration is recorded after signing); its status
    stays signed. An open case is returned when it waits for its proposer's revision.
    """
    from .stages import OPEN  # here: stages imports nodes, which imports this module

    # STARTED too: a task whose activation is running in this transaction still waits.
    waiting = (*OPEN, STATUS.STARTED)
    if connection.vendor == "postgresql":
        _sync_stage_in_one(case, waiting)
    else:
        _sync_stage_read_then_write(case, waiting)
    # The proposer's resubmission moves the case back into review itself (case_submit).
    if case.status == Case.Status.IN_REVIEW and "revision" in case.stage.split(","):
        lifecycle.transition(case=case, event=lifecycle.RETURN)


# The stages of the case's open human tasks, in code-point order (COLLATE "C": as Python's
# sorted()), written unless the case is closed without a route; the row's status and closing
# time come back with it (an end node may have changed them through another copy of the row).
_SYNC_SQL = """
UPDATE decisions_case AS c SET stage = CASE WHEN c.status IN (%s, %s) THEN c.stage ELSE
  COALESCE((SELECT string_agg(s.stage, ',' ORDER BY s.stage COLLATE "C") FROM (
    SELECT DISTINCT COALESCE(t.data->>'stage', '') AS stage FROM viewflow_task t
    WHERE t.process_id = c.process_id AND t.flow_task_type = 'HUMAN' AND t.status = ANY(%s)
  ) s), '') END
WHERE c.id = %s RETURNING c.status, c.closed_at, c.stage
"""


def _sync_stage_in_one(case: Case, waiting) -> None:
    """PostgreSQL: the sync in one UPDATE ... RETURNING, not a read and a write."""
    with connection.cursor() as cursor:
        cursor.execute(
            _SYNC_SQL,
            [Case.Status.REJECTED, Case.Status.WITHDRAWN, list(waiting), case.pk],
        )
        status, closed_at, stage = cursor.fetchone()
    lifecycle.adopt_stored(case, status=status, closed_at=closed_at)
    case.stage = stage


def _sync_stage_read_then_write(case: Case, waiting) -> None:
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
