"""Celery tasks (run by beat when CELERY_BROKER_URL is set; see settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .decrees import apply_due as apply_due_service


@shared_task(name="decisions.tasks.apply_due")
def apply_due() -> int:
    return len(apply_due_service())
