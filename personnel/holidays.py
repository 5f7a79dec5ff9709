"""The working-day calendar's data: the public holidays on record, and the days known for
2025-2027.

Below ``decisions`` so the policy rules (the election freeze's seven working days), the decree
texts and the engine's deadlines read one table through one function, ``holidays_between``;
``personnel.workdays`` does the arithmetic and reads no table.

The days listed here come from the joint ministerial decrees (SKB 3 Menteri) on national
holidays and cuti bersama. 2025 follows the final SKB (with its revisions). Dates of the
Islamic, Chinese and Balinese calendars move with sightings and revisions, so everything
marked ``~`` below is approximate [R]: check it against the year's SKB and correct it in the
admin (personnel.PublicHoliday) -- ``load_holidays`` updates names by date and never deletes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import compiled


class PublicHoliday(models.Model):
    """A national holiday or collective leave day (cuti bersama): not a working day."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        app_label = "personnel"
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


# The span ``read_once`` opened: [low, high, the days read (None until first needed)].
_span: ContextVar[list | None] = ContextVar("holiday_span", default=None)


def _between(*, start: date, end: date):
    return PublicHoliday.objects.filter(date__gte=start, date__lte=end)


def _read(start: date, end: date) -> set[date]:
    # Compiled once (compiled.py): every decision reads the calendar for its deadline.
    return {holiday.date for holiday in compiled.fetch("personnel.holidays", _between, start=start, end=end)}


def holidays_between(start: date, end: date) -> set[date]:
    """The public holidays on record from ``start`` to ``end``, both included."""
    span = _span.get()
    if span is None or not (span[0] <= start and end <= span[1]):
        return _read(start, end)
    if span[2] is None:
        span[2] = _read(span[0], span[1])
    return {day for day in span[2] if start <= day <= end}


@contextmanager
def read_once(low: date, high: date) -> Iterator[None]:
    """Inside the block, the holidays from ``low`` to ``high`` are read once, when first asked
    for, and every ``holidays_between`` within that span is answered from that read (a wider
    one reads the table as usual). A decision asks twice -- the next task's deadline, the
    decided task's duration -- in one transaction, which changes no holiday: for a block
    inside one transaction that writes none, never for a longer one (no cache outlives it).
    """
    token = _span.set([low, high, None])
    try:
        yield
    finally:
        _span.reset(token)


# (ISO date, name). "Cuti bersama" rows are collective leave days of the civil service.
HOLIDAYS: tuple[tuple[str, str], ...] = (
    # 2025 (SKB 3 Menteri 2024 and its revisions)
    ("2025-01-01", "Tahun Baru 2025 Masehi"),
    ("2025-01-27", "Isra Mikraj Nabi Muhammad SAW"),
    ("2025-01-28", "Cuti bersama Tahun Baru Imlek"),
    ("2025-01-29", "Tahun Baru Imlek 2576 Kongzili"),
    ("2025-03-28", "Cuti bersama Hari Suci Nyepi"),
    ("2025-03-29", "Hari Suci Nyepi Tahun Baru Saka 1947"),
    ("2025-03-31", "Idulfitri 1446 H"),
    ("2025-04-01", "Idulfitri 1446 H"),
    ("2025-04-02", "Cuti bersama Idulfitri"),
    ("2025-04-03", "Cuti bersama Idulfitri"),
    ("2025-04-04", "Cuti bersama Idulfitri"),
    ("2025-04-07", "Cuti bersama Idulfitri"),
    ("2025-04-18", "Wafat Yesus Kristus"),
    ("2025-04-20", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2025-05-01", "Hari Buruh Internasional"),
    ("2025-05-12", "Hari Raya Waisak 2569 BE"),
    ("2025-05-13", "Cuti bersama Hari Raya Waisak"),
    ("2025-05-29", "Kenaikan Yesus Kristus"),
    ("2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"),
    ("2025-06-01", "Hari Lahir Pancasila"),
    ("2025-06-06", "Iduladha 1446 H"),
    ("2025-06-09", "Cuti bersama Iduladha"),
    ("2025-06-27", "Tahun Baru Islam 1447 H"),
    ("2025-08-17", "Hari Kemerdekaan Republik Indonesia"),
    ("2025-08-18", "Libur tambahan HUT ke-80 Republik Indonesia"),  # ~ added in 2025
    ("2025-09-05", "Maulid Nabi Muhammad SAW"),
    ("2025-12-25", "Hari Raya Natal"),
    ("2025-12-26", "Cuti bersama Hari Raya Natal"),
    # 2026 (SKB 3 Menteri 2025); lunar-calendar dates ~
    ("2026-01-01", "Tahun Baru 2026 Masehi"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW"),  # ~
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek"),  # ~
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili"),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi"),  # ~
    ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948"),  # ~
    ("2026-03-20", "Idulfitri 1447 H"),  # ~
    ("2026-03-21", "Idulfitri 1447 H"),  # ~
    ("2026-03-23", "Cuti bersama Idulfitri"),  # ~
    ("2026-03-24", "Cuti bersama Idulfitri"),  # ~
    ("2026-04-03", "Wafat Yesus Kristus"),
    ("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2026-05-01", "Hari Buruh Internasional"),
    ("2026-05-14", "Kenaikan Yesus Kristus"),
    ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"),  # ~
    ("2026-05-27", "Iduladha 1447 H"),  # ~
    ("2026-05-28", "Cuti bersama Iduladha"),  # ~
    ("2026-05-31", "Hari Raya Waisak 2570 BE"),  # ~
    ("2026-06-01", "Hari Lahir Pancasila"),
    ("2026-06-16", "Tahun Baru Islam 1448 H"),  # ~
    ("2026-08-17", "Hari Kemerdekaan Republik Indonesia"),
    ("2026-08-25", "Maulid Nabi Muhammad SAW"),  # ~
    ("2026-12-24", "Cuti bersama Hari Raya Natal"),  # ~
    ("2026-12-25", "Hari Raya Natal"),
    # 2027: no SKB yet when this was written; fixed dates are certain, the rest ~
    ("2027-01-01", "Tahun Baru 2027 Masehi"),
    ("2027-01-05", "Isra Mikraj Nabi Muhammad SAW"),  # ~
    ("2027-02-06", "Tahun Baru Imlek 2578 Kongzili"),  # ~
    ("2027-03-08", "Hari Suci Nyepi Tahun Baru Saka 1949"),  # ~
    ("2027-03-10", "Idulfitri 1448 H"),  # ~
    ("2027-03-11", "Idulfitri 1448 H"),  # ~
    ("2027-03-12", "Cuti bersama Idulfitri"),  # ~
    ("2027-03-15", "Cuti bersama Idulfitri"),  # ~
    ("2027-03-26", "Wafat Yesus Kristus"),
    ("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2027-05-01", "Hari Buruh Internasional"),
    ("2027-05-06", "Kenaikan Yesus Kristus"),
    ("2027-05-17", "Iduladha 1448 H"),  # ~
    ("2027-05-20", "Hari Raya Waisak 2571 BE"),  # ~
    ("2027-06-01", "Hari Lahir Pancasila"),
    ("2027-06-06", "Tahun Baru Islam 1449 H"),  # ~
    ("2027-08-15", "Maulid Nabi Muhammad SAW"),  # ~
    ("2027-08-17", "Hari Kemerdekaan Republik Indonesia"),
    ("2027-12-24", "Cuti bersama Hari Raya Natal"),  # ~
    ("2027-12-25", "Hari Raya Natal"),
)


def load_holidays() -> tuple[int, int]:
    """Create or rename the listed days; returns (created, updated). Never deletes a day."""
    created = updated = 0
    existing = {holiday.date: holiday for holiday in PublicHoliday.objects.all()}
    for iso, name in HOLIDAYS:
        day = date.fromisoformat(iso)
        holiday = existing.get(day)
        if holiday is None:
            PublicHoliday.objects.create(date=day, name=name)
            created += 1
        elif holiday.name != name:
            holiday.name = name
            holiday.save(update_fields=["name"])
            updated += 1
    return created, updated
