"""Celery tasks (run by beat when CELERY_BROKER_URL is set; see settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import notifications
from .services import run_deadlines as run_deadlines_service


@shared_task(name="workflows.tasks.run_deadlines")
def run_deadlines() -> dict:
    run = run_deadlines_service()
    return {"reminded": run.reminded, "escalated": run.escalated}


@shared_task(name="workflows.tasks.mail_task_waiting")
def mail_task_waiting(task_id: int) -> None:
    """The mail about a new task (notifications.announce queues it after the commit)."""
    notifications.task_waiting(task_id)
