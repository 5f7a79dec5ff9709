"""Working days: weekends and the public holidays on record do not count.

Pure calendar arithmetic, shared by the workflow deadlines and the policy rules (the
election freeze's seven-working-day report). Where the holidays come from is the caller's
business: each function takes ``holidays(start, end) -> set of dates``, so this module
reads no table and imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

HolidayLookup = Callable[[date, date], set[date]]


def no_holidays(start: date, end: date) -> set[date]:
    return set()


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, *, holidays: HolidayLookup = no_holidays) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself does not count)."""
    # Weekends cost at most 4 extra days per week; holidays rarely more than a few per week,
    # so one lookup over a generous window is enough -- and extended if it ever is not.
    window = start + timedelta(days=days * 2 + 14)
    known = set(holidays(start, window))
    day, remaining = start, days
    while remaining > 0:
        day += timedelta(days=1)
        if day > window:
            window = day + timedelta(days=days * 2 + 14)
            known |= set(holidays(day, window))
        if is_working_day(day, known):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, *, holidays: HolidayLookup = no_holidays) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    known = set(holidays(start, end))
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset), known)
    )
