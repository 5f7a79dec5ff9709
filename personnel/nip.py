"""The 18-digit NIP of a civil servant (Perka BKN 22/2007 and 43/2007).

Layout: ``YYYYMMDD YYYYMM G NNN`` -- date of birth, year and month of the first appointment
as CPNS (TMT CPNS, always the first of the month), gender (1 male, 2 female), and a serial
number that only increments when the first fifteen digits collide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_AGE_AT_APPOINTMENT = 18

MSG_EMPTY = _("NIP is empty.")
MSG_NOT_DIGITS = _("NIP may contain only digits and spaces; found “%(char)s”.")
MSG_LENGTH = _("NIP must have 18 digits; %(count)d given.")
MSG_BIRTH_DATE = _("Digits 1–8 of the NIP (%(digits)s) are not a valid date of birth.")
MSG_TMT_MONTH = _("Digits 13–14 of the NIP (%(digits)s) are not a month from 01 to 12.")
MSG_TMT_TOO_EARLY = _(
    "The TMT CPNS in the NIP (%(tmt)s) is less than 18 years after the date of birth (%(birth)s)."
)
MSG_GENDER = _("Digit 15 of the NIP (%(digit)s) must be 1 (male) or 2 (female).")
MSG_SERIAL = _("Digits 16–18 of the NIP (000) must be a serial number from 001.")

_SPACING = re.compile(r"[\s.\-]+")


class NipError(ValidationError):
    """A NIP that cannot be right; the message names what is wrong, in the user's language."""


@dataclass(frozen=True)
class Nip:
    value: str
    birth_date: date
    tmt_cpns: date
    gender: str
    serial: int

    def __str__(self) -> str:
        return format_nip(self.value)


def compact_nip(value: str) -> str:
    """The NIP without the spaces, dots or hyphens people write in it."""
    return _SPACING.sub("", (value or "").strip())


def format_nip(value: str) -> str:
    """The spaced form officials write: ``19860926 201505 1 001``."""
    digits = _SPACING.sub("", value or "")
    if len(digits) != 18:
        return value
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def mask_nip(value: str) -> str:
    """The NIP with birth day and serial hidden, for public pages: ``1986**** 201505 1 ***``."""
    digits = _SPACING.sub("", value or "")
    if len(digits) != 18:
        return "*" * 18
    return f"{digits[:4]}**** {digits[8:14]} {digits[14]} ***"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)


def parse_nip(raw: str) -> Nip:
    """Parse and check a NIP, written plain or spaced. Raises NipError naming the fault."""
    text = (raw or "").strip()
    if not text:
        raise NipError(MSG_EMPTY, code="nip_empty")
    digits = _SPACING.sub("", text)
    for char in digits:
        if not ("0" <= char <= "9"):
            raise NipError(MSG_NOT_DIGITS, code="nip_not_digits", params={"char": char})
    if len(digits) != 18:
        raise NipError(MSG_LENGTH, code="nip_length", params={"count": len(digits)})
    try:
        birth_date = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError(MSG_BIRTH_DATE, code="nip_birth_date", params={"digits": digits[:8]}) from None
    month = int(digits[12:14])
    if not 1 <= month <= 12:
        raise NipError(MSG_TMT_MONTH, code="nip_tmt_month", params={"digits": digits[12:14]})
    tmt_year = int(digits[8:12])
    # A birth year past 9981 has no 18th birthday the calendar can hold: too early, whatever the TMT.
    earliest = (
        _add_years(birth_date, MIN_AGE_AT_APPOINTMENT)
        if birth_date.year <= 9999 - MIN_AGE_AT_APPOINTMENT
        else None
    )
    if (
        earliest is None
        or (tmt_year, month) < (earliest.year, earliest.month)
        or ((tmt_year, month) == (earliest.year, earliest.month) and earliest.day > 1)
    ):
        raise NipError(
            MSG_TMT_TOO_EARLY,
            code="nip_tmt_too_early",
            params={"tmt": f"{month:02d}-{tmt_year:04d}", "birth": birth_date.strftime("%d-%m-%Y")},
        )
    tmt_cpns = date(tmt_year, month, 1)
    if digits[14] not in ("1", "2"):
        raise NipError(MSG_GENDER, code="nip_gender", params={"digit": digits[14]})
    serial = int(digits[15:])
    if serial < 1:
        raise NipError(MSG_SERIAL, code="nip_serial")
    return Nip(value=digits, birth_date=birth_date, tmt_cpns=tmt_cpns, gender=digits[14], serial=serial)


def validate_nip(value: str) -> None:
    """Model-field validator."""
    parse_nip(value)
