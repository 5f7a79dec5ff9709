"""Shared parts of the three row handlers: reading cells with errors collected per row, the
import's running state, and the counts it reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ..models import OrgUnit, Position, Rank
from .errors import (
    MSG_DUPLICATE_KEY,
    MSG_NUL_CHARACTER,
    MSG_POSITION_REJECTED,
    MSG_REQUIRED,
    MSG_UNIT_REJECTED,
    MSG_UNKNOWN_POSITION,
    MSG_UNKNOWN_UNIT,
    CellError,
    RowError,
)
from .fields import is_blank
from .sources import Row, Table

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"

Progress = Callable[[Iterable, int, str], Iterable]


def no_progress(iterable: Iterable, total: int, description: str) -> Iterable:
    return iterable


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def as_dict(self) -> dict:
        return {
            CREATED: self.created,
            UPDATED: self.updated,
            UNCHANGED: self.unchanged,
            REJECTED: self.rejected,
        }


@dataclass
class ImportState:
    """What earlier files of the same import produced, for later files to refer to."""

    units: dict[str, OrgUnit] = field(default_factory=dict)
    rejected_units: set[str] = field(default_factory=set)
    positions: dict[str, Position] = field(default_factory=dict)
    rejected_positions: set[str] = field(default_factory=set)
    ranks: dict[int, Rank] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    seen: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    progress: Progress = no_progress

    def counts_for(self, kind: str) -> Counts:
        return self.counts.setdefault(kind, Counts())


class RowReader:
    """Reads one row's cells, collecting every problem instead of stopping at the first."""

    def __init__(self, table: Table, row: Row):
        self.table = table
        self.row = row
        self.errors: list[RowError] = []
        for column, value in row.cells.items():
            if isinstance(value, str) and "\x00" in value:
                # A damaged export. PostgreSQL cannot even compare text holding NUL, so the
                # byte is dropped for the lookups that follow; the row is rejected anyway.
                self.error(column, "nul_character", MSG_NUL_CHARACTER)
                row.cells[column] = value.replace("\x00", "")

    def error(self, column: str, code: str, message) -> None:
        error = RowError(self.table.file.name, self.row.line, column, code, str(message))
        if error not in self.errors:
            self.errors.append(error)

    def raw(self, column: str) -> Any:
        return self.row.cells.get(column)

    def get(self, column: str, parse: Callable[[Any], Any], *, required: bool = False, default: Any = None):
        raw = self.row.cells.get(column)
        if is_blank(raw):
            if required:
                self.error(column, "required", MSG_REQUIRED)
            return default
        try:
            return parse(raw)
        except CellError as error:
            self.error(column, error.code, error.message)
            return default

    def model_errors(self, error: ValidationError, columns: dict[str, str]) -> None:
        """Report a model's full_clean errors against the columns its fields came from."""
        for field_name, errors in error.error_dict.items():
            column = "" if field_name == NON_FIELD_ERRORS else columns.get(field_name, field_name)
            for item in errors:
                for message in item:
                    self.error(column, item.code or "invalid", message)

    def errors_in(self, column: str) -> bool:
        return any(error.column == column for error in self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


def present_only(values: dict[str, Any], columns: dict[str, str], table: Table) -> dict[str, Any]:
    """The values whose column the file has: a column left out of a file changes nothing."""
    return {name: value for name, value in values.items() if columns.get(name, name) in table.columns}


def changed_fields(instance, values: dict[str, Any]) -> list[str]:
    """The fields of ``instance`` that ``values`` would change."""
    return [name for name, value in values.items() if getattr(instance, name) != value]


def check_duplicate(state: ImportState, reader: RowReader, kind: str, column: str, key: str | None) -> None:
    """A key may appear once per import, across all files of its kind."""
    if not key:
        return
    seen = state.seen.setdefault(kind, {})
    first = seen.get(key)
    if first is None:
        seen[key] = (reader.table.file.name, reader.row.line)
        return
    reader.error(
        column, "duplicate_key", MSG_DUPLICATE_KEY % {"key": key, "file": first[0], "line": first[1]}
    )


def resolve_unit(state: ImportState, reader: RowReader, column: str, code: str | None) -> OrgUnit | None:
    """The unit named by ``code``: written earlier in this import, or already in the registry."""
    if not code:
        return None
    if code in state.rejected_units:
        reader.error(column, "unit_rejected", MSG_UNIT_REJECTED % {"code": code})
        return None
    unit = state.units.get(code)
    if unit is None:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            reader.error(column, "unknown_unit", MSG_UNKNOWN_UNIT % {"code": code})
            return None
        state.units[code] = unit
    return unit


def resolve_position(state: ImportState, reader: RowReader, column: str, code: str | None) -> Position | None:
    if not code:
        return None
    if code in state.rejected_positions:
        reader.error(column, "position_rejected", MSG_POSITION_REJECTED % {"code": code})
        return None
    position = state.positions.get(code)
    if position is None:
        position = Position.objects.select_related("unit").filter(code=code).first()
        if position is None:
            reader.error(column, "unknown_position", MSG_UNKNOWN_POSITION % {"code": code})
            return None
        state.positions[code] = position
    return position


def finish_row(state: ImportState, kind: str, reader: RowReader, outcome: str | None) -> str:
    """Count the row; a row with errors is rejected whatever it would have done."""
    if not reader.ok:
        state.errors.extend(reader.errors)
        outcome = REJECTED
    state.counts_for(kind).add(outcome)
    return outcome
