"""Scheduled ledger work (settings.CELERY_BEAT_SCHEDULE runs ``audit.tasks.checkpoint``)."""

from __future__ import annotations

from celery import shared_task

from . import checkpoints


@shared_task(name="audit.tasks.checkpoint")
def checkpoint() -> dict:
    """Sign a checkpoint of the ledger; fails loudly (and signs nothing) if it does not verify."""
    document = checkpoints.create_checkpoint()
    return {
        "size": document["size"],
        "root": document["root"],
        "file": checkpoints.file_name(document["size"]),
    }
