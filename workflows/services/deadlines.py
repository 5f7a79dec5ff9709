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
from personnel.holidays import holidays_between
from personnel.selectors import Holder
from personnel.workdays import WorkdayCounter

from .. import notifications
from ..approvers import superior_key, superior_of
from ..selectors import open_human_tasks
from ..stages import OPEN


@dataclass
class DeadlineRun:
    reminded: int = 0
    escalated: int = 0


def run_deadlines(*, today: date | None = None) -> DeadlineRun:
    today = today or timezone.localdate()
    run = DeadlineRun()
    # One read of every open task's data and one of the holidays, then a transaction only
    # for the tasks to act on: the run's statements grow with the reminders and escalations it
    # writes, not with the open work (it was five statements per open task, issue 15).
    open_work = [
        (task_id, date.fromisoformat(data["due"]), data)
        for task_id, data in open_human_tasks().values_list("pk", "data")
        if data and data.get("due")
    ]
    if not open_work:
        return run
    # Late tasks waiting for the same post escalate to the same superior: found once per run
    # (the run writes no position or holder; a change made meanwhile counts from the next run).
    superiors: dict[tuple, Holder | None] = {}
    counter = WorkdayCounter(holidays_between(today, max(today, *(due for _, due, _ in open_work))))
    for task_id, due, data in open_work:
        # A pre-check on the unlocked read (a task already reminded or escalated stays so);
        # the locked row below decides, so two runs at once still act once.
        if _action(today, due, data, counter) is None:
            continue
        with ledger.atomic():
            task = Task.objects.select_for_update().filter(pk=task_id, status__in=OPEN).first()
            if task is None or not task.data.get("due"):
                continue
            due = date.fromisoformat(task.data["due"])
            action = _action(today, due, task.data, counter)
            if action is None:
                continue
            case = Case.objects.get(process_id=task.process_id)
            if action == "escalate":
                _escalate(task, case, today, due, superiors=superiors)
                run.escalated += 1
            else:
                _remind(task, case, today, due)
                run.reminded += 1
    return run


def _action(today: date, due: date, data: dict, counter: WorkdayCounter) -> str | None:
    """What a task due on ``due`` needs today: "escalate" once when late, "remind" once when
    due within SAHIH_REMINDER_DAYS_BEFORE working days, else nothing."""
    if today > due:
        return None if data.get("escalated_on") else "escalate"
    if data.get("reminded_on") or counter.between(today, due) > settings.SAHIH_REMINDER_DAYS_BEFORE:
        return None
    return "remind"


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


def _escalate(task: Task, case: Case, today: date, due: date, *, superiors: dict) -> None:
    key = superior_key(task, case)
    if key not in superiors:
        superiors[key] = superior_of(task, case, today)
    superior = superiors[key]
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
