"""Date arithmetic the rules share: ages, spans in years and months, retirement dates.

Everything here is pure (no database), so the boundaries are tested with hypothesis.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from personnel.models import Position


def fmt(day: date | None) -> str:
    """Dates as Indonesian officials write them in findings: 12-03-2025."""
    return day.strftime("%d-%m-%Y") if day else "-"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); clipped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The anniversary ``years`` later; 29 February becomes 28 February in common years."""
    return add_months(day, 12 * years)


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on ``day`` (one more from the birthday itself). Someone born
    on 29 February has their birthday on 28 February in common years, as ``add_years``
    (and with it the BUP and the TMT pensiun) counts it."""
    years = day.year - birth_date.year
    if add_years(birth_date, years) > day:
        years -= 1
    return years


def span(start: date, end: date) -> tuple[int, int]:
    """Whole years and remaining whole months from ``start`` to ``end`` (0, 0 if end < start).

    A month is complete on the same day of the next month (clipped like ``add_months``), so
    ``span(start, add_years(start, n)) == (n, 0)`` for every start, 29 February included.
    """
    if end < start:
        return 0, 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months // 12, months % 12


def months_between(start: date, end: date) -> int:
    years, months = span(start, end)
    return years * 12 + months


def cumulative_months(spells: Iterable[tuple[date, date]]) -> int:
    """Whole months covered by ``spells`` (start, end inclusive), overlaps counted once.

    Spells that touch or overlap are merged first, so a career of back-to-back posts counts
    exactly like one long post; what is left over from separate stretches is not added up
    (conservative: a requirement is never met by rounding).
    """
    merged: list[list[date]] = []
    for start, end in sorted(spells):
        if end < start:
            continue
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    # A spell that ends on day E covers up to the start of E+1.
    return sum(months_between(start, end + timedelta(days=1)) for start, end in merged)


def bup_age(position: Position | None, params: dict) -> int:
    """Retirement age (BUP) for a position: 58, 60 for JPT and ahli madya, 65 for ahli utama;
    a JF whose own law sets another (``bup_ages_by_functional_type``: teachers, lecturers,
    researchers...) by its type, per level or for all its levels ("default")."""
    ages = params["bup_ages"]
    if position is None:
        return ages["default"]
    if position.kind == Position.Kind.FUNCTIONAL:
        own = params["bup_ages_by_functional_type"].get(position.functional_type or "")
        if own:
            return own.get(position.functional_level, own.get("default", ages["default"]))
        if position.functional_level in ages:
            return ages[position.functional_level]
    return ages.get(position.kind, ages["default"])


def bup_birthday(birth_date: date, age: int) -> date:
    return add_years(birth_date, age)


def retirement_date(birth_date: date, age: int) -> date:
    """TMT pensiun: the first day of the month after the BUP birthday."""
    birthday = bup_birthday(birth_date, age)
    return add_months(date(birthday.year, birthday.month, 1), 1)


def skp_due(year: int, params: dict) -> date:
    """The day by which the annual rating (predikat kinerja tahunan) of ``year`` must be set:
    ``skp_rating_due`` (month, day) of the following year."""
    due = params["skp_rating_due"]
    month = int(due["month"])
    return date(year + 1, month, min(int(due["day"]), calendar.monthrange(year + 1, month)[1]))


def rated_years(day: date, params: dict) -> tuple[int, int | None]:
    """On ``day``: the latest year whose annual rating must already be set, and the year
    whose rating is still inside its grace period (None once that period is over)."""
    previous = day.year - 1
    if day > skp_due(previous, params):
        return previous, None
    return previous - 1, previous


def survivors_pension_start(died: date) -> date:
    """The first day of the month after a death: the survivors' pension runs from that month
    (UU 11/1969 Pasal 24), and the dismissal on death takes effect on that day."""
    return add_months(died.replace(day=1), 1)


def _latest_day(guess: date, holds) -> date:
    """The latest day for which ``holds`` (monotone: true up to some day, false after) is true,
    searched from ``guess`` (within a month or two of it)."""
    step = timedelta(days=1)
    while holds(guess + step):
        guess += step
    while not holds(guess):
        guess -= step
    return guess


def latest_birth_date_aged(years: int, day: date) -> date:
    """The latest birth date of someone ``years`` old or more on ``day`` (``age_on >= years``):
    the SQL forms of the age rules compare birth dates with it."""
    return _latest_day(add_years(day, -years), lambda birth: add_years(birth, years) <= day)


def latest_birth_date_retired(age: int, day: date) -> date:
    """The latest birth date whose TMT pensiun at the BUP ``age`` falls on or before ``day``."""
    return _latest_day(add_years(day, -age), lambda birth: retirement_date(birth, age) <= day)
