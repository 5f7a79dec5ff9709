"""What the import reports: one entry per problem, pointing at file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MSG_REQUIRED = _("A value is required.")
MSG_MISSING_COLUMN = _("The required column “%(column)s” is missing from the header row.")
MSG_NO_HEADER = _("No header row found: none of the first %(rows)d rows has the column “%(column)s”.")
MSG_DUPLICATE_COLUMN = _("The column “%(column)s” appears twice in the header row.")
MSG_UNREADABLE = _("The file cannot be read as %(format)s: %(error)s")
MSG_UNSUPPORTED = _("Unsupported file type “%(ext)s”; save the sheet as .xlsx or as .csv (UTF-8).")
MSG_NO_ROWS = _("The file has a header row but no data rows.")
MSG_DUPLICATE_KEY = _("“%(key)s” appears again; it was first given in %(file)s, line %(line)d.")
MSG_UNKNOWN_UNIT = _("There is no unit with the code “%(code)s” in the registry or in this import.")
MSG_UNIT_REJECTED = _("The unit “%(code)s” was rejected in this import (see its own row).")
MSG_UNKNOWN_POSITION = _("There is no position with the code “%(code)s” in the registry or in this import.")
MSG_NUL_CHARACTER = _(
    "The cell holds a NUL character (byte 0), which no registry value may contain; the file was "
    "probably damaged when it was saved. Correct the cell and import the file again."
)
MSG_POSITION_REJECTED = _("The position “%(code)s” was rejected in this import (see its own row).")


class CellError(Exception):
    """A cell that cannot be read; carries a stable code and a message for people."""

    def __init__(self, message, *, code: str, params: dict | None = None):
        self.code = code
        self.message = str(message % params) if params else str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class RowError:
    """One problem: ``line`` 0 and ``column`` "" mean the whole file."""

    file: str
    line: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" [{self.column}]" if self.column else ""
        return f"{where}{column}: {self.message}"
