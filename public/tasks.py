"""Celery tasks (run by beat when CELERY_BROKER_URL is set; see settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import statistics
from .services import run_feedback_deadlines as run_service


@shared_task(name="public.tasks.run_feedback_deadlines")
def run_feedback_deadlines() -> dict:
    run = run_service()
    return {"reminded": run.reminded, "escalated": run.escalated}


@shared_task(name="public.tasks.refresh_statistics")
def refresh_statistics() -> None:
    statistics.refresh()
