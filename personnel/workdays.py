"""Working days: weekends and the public holidays on record do not count.

Pure calendar arithmetic, shared by the workflow deadlines and the policy rules (the
election freeze's seven-working-day report). Where the holidays come from is the caller's
business: each function takes ``holidays(start, end) -> set of dates``, so this module
reads no table and imports no app.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import date, timedelta

HolidayLookup = Callable[[date, date], set[date]]


def no_holidays(start: date, end: date) -> set[date]:
    return set()


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def lookup_end(start: date, days: int) -> date:
    """The last day ``add_working_days(start, days)`` asks the holidays for at first."""
    return start + timedelta(days=days * 2 + 14)


def add_working_days(start: date, days: int, *, holidays: HolidayLookup = no_holidays) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself does not count)."""
    # Weekends cost at most 4 extra days per week; holidays rarely more than a few per week,
    # so one lookup over a generous window is enough -- and extended if it ever is not.
    window = lookup_end(start, days)
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


class WorkdayCounter:
    """Working days between many pairs of dates, the holidays read once: in closed form, the
    weekdays between the two dates minus the holidays on a weekday between them."""

    def __init__(self, holidays: Iterable[date]):
        self.holidays = sorted({day for day in holidays if day.weekday() < 5})

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.between(end, start)
        weeks, rest = divmod((end - start).days, 7)
        # The ``rest`` days after ``start``: weekdays are the ones whose weekday() is below 5.
        first = start.weekday() + 1
        weekdays = weeks * 5 + sum(1 for day in range(first, first + rest) if day % 7 < 5)
        return weekdays - (bisect_right(self.holidays, end) - bisect_right(self.holidays, start))


def working_days_between(start: date, end: date, *, holidays: HolidayLookup = no_holidays) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    low, high = min(start, end), max(start, end)
    return WorkdayCounter(holidays(low, high)).between(start, end)
