"""Who decides each step of the feedback route, and when it is due."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from personnel.selectors import head_position_of, holder_of, office_unit


def inspectorate(feedback, today: date):
    """Nobody in particular: the task waits in the Inspektorat's pool (``handle_feedback``)."""
    return None


def unit_head(feedback, today: date):
    """The head of the OPD concerned (or whoever acts for them); the pool if the post is vacant."""
    position = head_position_of(feedback.unit.opd)
    if position is None:
        return None
    return holder_of(position, on=today).user


def inspector_general(today: date):
    """The Inspektur: who a late feedback step is escalated to."""
    position = head_position_of(office_unit("inspectorate"))
    return holder_of(position, on=today) if position is not None else None


def stage_days(stage: str) -> int:
    return settings.SAHIH_FEEDBACK_DEADLINES[stage]


def due_date(stage: str, *, start: date) -> date:
    from workflows.deadlines import add_working_days

    return add_working_days(start, stage_days(stage))
