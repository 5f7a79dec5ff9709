"""Writing CSV that a spreadsheet opens safely.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before
one) is read by Excel and LibreOffice as a formula -- "CSV injection" (OWASP). Names,
reasons and notes come from people, so every CSV or XLSX Sahih writes goes through
``safe_cell``: such a text gets a leading apostrophe, which spreadsheets show as text and
people read past. Numbers and dates are left alone.
"""

from __future__ import annotations

import csv
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell passes through ``safe_cell``."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
