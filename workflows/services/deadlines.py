"""Deadlines: a reminder before a task is due, an escalation to the superior after.

``run_deadlines`` is safe to run as often as you like (cron every 15 minutes, or Celery
beat): each task is reminded once and escalated once, and both are written to the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from audit import services as ledger
from decisions.models import Case

from .. import notifications
from ..approvers import superior_of
from ..deadlines import working_days_between
from ..selectors import open_human_tasks
from ..stages import OPEN


@dataclass
class DeadlineRun:
    reminded: int = 0
    escalated: int = 0


def run_deadlines(*, today: date | None = None) -> DeadlineRun:
    today = today or timezone.localdate()
    run = DeadlineRun()
    for task_id in open_human_tasks().values_list("pk", flat=True):
        with ledger.atomic():
            task = Task.objects.select_for_update().filter(pk=task_id, status__in=OPEN).first()
            if task is None or not task.data.get("due"):
                continue
            due = date.fromisoformat(task.data["due"])
            case = Case.objects.get(process_id=task.process_id)
            if today > due and not task.data.get("escalated_on"):
                _escalate(task, case, today, due)
                run.escalated += 1
            elif (
                today <= due
                and not task.data.get("reminded_on")
                and working_days_between(today, due) <= settings.SAHIH_REMINDER_DAYS_BEFORE
            ):
                _remind(task, case, today, due)
                run.reminded += 1
    return run


def _remind(task: Task, case: Case, today: date, due: date) -> None:
    task.data["reminded_on"] = today.isoformat()
    task.save(update_fields=["data"])
    ledger.record(
        action="task.reminded",
        object_type="case",
        object_id=case.pk,
        actor=None,
        data={"task": task.pk, "stage": task.data.get("stage"), "due": due},
    )
    task_id = task.pk
    transaction.on_commit(lambda: notifications.task_reminder(task_id))


def _escalate(task: Task, case: Case, today: date, due: date) -> None:
    superior = superior_of(task, case, today)
    target = superior.as_record() if superior and superior.user else None
    task.data["escalated_on"] = today.isoformat()
    task.data["escalated_to"] = target
    task.save(update_fields=["data"])
    ledger.record(
        action="task.escalated",
        object_type="case",
        object_id=case.pk,
        actor=None,
        data={
            "task": task.pk,
            "stage": task.data.get("stage"),
            "due": due,
            "late_since": due,
            "waiting_for": task.data.get("assignment"),
            "escalated_to": target,
        },
    )
    if superior is not None and superior.user is not None:
        task_id, user_id = task.pk, superior.user.pk
        transaction.on_commit(lambda: notifications.task_escalated(task_id, user_id))
