"""The ledger events the routes say must exist (registered with audit.claims): every task
decided through the task service has its ``task.<outcome>`` event naming the task. (A
proposer's revision is decided by resubmitting, whose event the case status claims.)"""

from __future__ import annotations

from collections.abc import Iterator

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.claims import Claim
from decisions.models import Case


def claims() -> Iterator[Claim]:
    case_of = dict(Case.objects.filter(process__isnull=False).values_list("process_id", "pk"))
    done = (
        Task.objects.filter(status=STATUS.DONE, flow_task_type="HUMAN", process_id__in=case_of)
        .exclude(data__stage="revision")
        .values_list("pk", "process_id", "data")
    )
    for pk, process_id, data in done.iterator(chunk_size=2000):
        outcome = (data or {}).get("outcome")
        if not outcome:
            continue
        yield Claim(
            what=f"task #{pk} ({data.get('stage')}) {outcome}",
            action=f"task.{outcome}",
            object_type="case",
            object_id=str(case_of[process_id]),
            data={"task": pk},
        )
