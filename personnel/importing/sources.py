"""Reading a CSV or XLSX file into rows keyed by canonical column names.

Agencies' sheets have title rows above the header, extra columns, headers written as
"Tgl. Lahir" or "Gol/Ruang", CSV saved by Excel with semicolons in Windows-1252. All of that
is accepted; what cannot be read is reported against the file, never guessed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import (
    MSG_DUPLICATE_COLUMN,
    MSG_MISSING_COLUMN,
    MSG_NO_HEADER,
    MSG_NO_ROWS,
    MSG_UNREADABLE,
    MSG_UNSUPPORTED,
    RowError,
)
from .fields import is_blank
from .layouts import Layout

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ImportFile:
    """A file to import: its name (as shown in the report) and its bytes."""

    name: str
    content: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> ImportFile:
        path = Path(path)
        return cls(name=path.name, content=path.read_bytes())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class Row:
    line: int
    cells: dict[str, Any]


@dataclass
class Table:
    """The rows of one file, or the file-level errors that stopped it being read."""

    kind: str
    file: ImportFile
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)  # the layout's columns this file has


def normalise_header(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(value or "").strip().lower()).strip("_")


def read_table(kind: str, layout: Layout, source: ImportFile) -> Table:
    table = Table(kind=kind, file=source)

    def fail(code: str, message: str, line: int = 0, column: str = "") -> Table:
        table.errors.append(RowError(source.name, line, column, code, message))
        return table

    suffix = Path(source.name).suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            lines = _csv_lines(source.content)
        elif suffix in (".xlsx", ".xlsm") or source.content[:4] == b"PK\x03\x04":  # a zip: XLSX
            lines = _xlsx_lines(source.content)
        else:
            return fail("unsupported_format", str(MSG_UNSUPPORTED % {"ext": suffix or source.name}))
    except Exception as error:  # any parser failure is the file's fault, and reported as such
        fmt = "XLSX" if suffix.startswith(".xls") else "CSV"
        return fail("unreadable", str(MSG_UNREADABLE % {"format": fmt, "error": error}))

    header_line, header = _find_header(lines, layout.key)
    if header is None:
        return fail(
            "no_header",
            str(MSG_NO_HEADER % {"rows": HEADER_SEARCH_ROWS, "column": layout.key}),
            column=layout.key,
        )
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = layout.canonical(normalise_header(raw))
        if not name:
            continue
        if name in positions:
            fail("duplicate_column", str(MSG_DUPLICATE_COLUMN % {"column": name}), header_line, name)
            continue
        if name in layout.names:
            positions[name] = index
        else:
            table.ignored_columns.append(str(raw).strip())
    for column in layout.columns:
        if column.required and column.name not in positions:
            fail(
                "missing_column", str(MSG_MISSING_COLUMN % {"column": column.name}), header_line, column.name
            )
    if table.errors:
        return table
    table.columns = set(positions)

    for line, values in lines:
        if line <= header_line or all(is_blank(value) for value in values):
            continue
        cells = {name: (values[index] if index < len(values) else None) for name, index in positions.items()}
        table.rows.append(Row(line=line, cells=cells))
    if not table.rows:
        fail("no_rows", str(MSG_NO_ROWS))
    return table


def _find_header(lines: list[tuple[int, list]], key: str) -> tuple[int, list | None]:
    for line, values in lines[:HEADER_SEARCH_ROWS]:
        if key in (normalise_header(value) for value in values):
            return line, values
    return 0, None


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _csv_lines(content: bytes) -> list[tuple[int, list]]:
    text = _decode(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    start = 1
    for values in reader:
        # A quoted cell may span lines: report the line the record starts on.
        lines.append((start, values))
        start = reader.line_num + 1
    return lines


def _xlsx_lines(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [
            (line, list(values)) for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
