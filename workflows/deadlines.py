"""Deadlines in working days: weekends and the public holidays on record do not count.

The calendar arithmetic lives in personnel.workdays and the holidays in personnel.holidays
(the policy rules count working days too); this module adds the stages' deadlines.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from personnel import workdays
from personnel.holidays import holidays_between
from personnel.workdays import is_working_day

__all__ = [
    "add_working_days",
    "working_days_between",
    "is_working_day",
    "stage_days",
    "due_date",
    "lookup_end",
]


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself does not count)."""
    return workdays.add_working_days(start, days, holidays=holidays_between)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    return workdays.working_days_between(start, end, holidays=holidays_between)


def stage_days(stage: str) -> int:
    deadlines = settings.SAHIH_STAGE_DEADLINES
    return deadlines.get(stage, deadlines["default"])


def lookup_end(start: date) -> date:
    """The last day any stage's deadline from ``start`` asks the holidays for at first."""
    deadlines = settings.SAHIH_STAGE_DEADLINES
    return workdays.lookup_end(start, max(deadlines.values()))


def due_date(stage: str, *, start: date, case=None) -> date:
    """When a stage's task is due; never after the case's own legal deadline (e.g. APS)."""
    due = add_working_days(start, stage_days(stage))
    decide_by = (case.data or {}).get("decide_by") if case is not None else None
    if decide_by:
        due = min(due, date.fromisoformat(decide_by))
    return due
