"""Units: matched on kode_unit; a parent may come later in the same file."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import OrgUnit
from .base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportState,
    RowReader,
    changed_fields,
    check_duplicate,
    finish_row,
    present_only,
    resolve_unit,
)
from .fields import parse_bool, parse_code, parse_text, parse_unit_kind
from .sources import Table

KIND = "units"
MSG_PARENT_CYCLE = _("The parent “%(parent)s” would make the unit its own ancestor.")

COLUMNS = {
    "code": "kode_unit",
    "name": "nama_unit",
    "kind": "jenis",
    "parent": "induk",
    "parent_id": "induk",
    "is_active": "aktif",
}


@dataclass
class _Spec:
    reader: RowReader
    code: str | None
    parent_code: str | None
    values: dict


def import_units(table: Table, state: ImportState) -> None:
    specs: list[_Spec] = []
    by_code: dict[str, _Spec] = {}
    for row in state.progress(table.rows, len(table.rows), f"{KIND}: {table.file.name}"):
        reader = RowReader(table, row)
        code = reader.get("kode_unit", parse_code, required=True)
        spec = _Spec(
            reader=reader,
            code=code,
            parent_code=reader.get("induk", parse_code),
            values={
                "name": reader.get("nama_unit", parse_text, required=True),
                "kind": reader.get("jenis", parse_unit_kind, required=True),
                "is_active": reader.get("aktif", parse_bool, default=True),
            },
        )
        check_duplicate(state, reader, KIND, "kode_unit", code)
        specs.append(spec)
        if code and code not in by_code:
            by_code[code] = spec

    wanted = {spec.code for spec in specs if spec.code} | {
        spec.parent_code for spec in specs if spec.parent_code
    }
    for unit in OrgUnit.objects.select_for_update().filter(code__in=wanted):
        state.units.setdefault(unit.code, unit)

    done: set[int] = set()

    def apply(spec: _Spec, trail: tuple[str, ...]) -> None:
        if id(spec) in done:
            return
        done.add(id(spec))
        parent_spec = by_code.get(spec.parent_code) if spec.parent_code else None
        if parent_spec is not None and parent_spec is not spec:
            if parent_spec.code in trail:
                spec.reader.error("induk", "parent_cycle", MSG_PARENT_CYCLE % {"parent": spec.parent_code})
            elif id(parent_spec) not in done:
                apply(parent_spec, (*trail, spec.code))
        finish_row(state, KIND, spec.reader, _write(spec, state) if spec.reader.ok else None)
        if not spec.reader.ok and spec.code and by_code.get(spec.code) is spec:
            state.rejected_units.add(spec.code)

    for spec in specs:
        apply(spec, ())


def _write(spec: _Spec, state: ImportState) -> str | None:
    reader = spec.reader
    parent = None
    if spec.parent_code:
        if spec.parent_code == spec.code:
            reader.error("induk", "parent_cycle", MSG_PARENT_CYCLE % {"parent": spec.parent_code})
            return None
        parent = resolve_unit(state, reader, "induk", spec.parent_code)
        if parent is None:
            return None
        if _is_ancestor(spec.code, parent):
            reader.error("induk", "parent_cycle", MSG_PARENT_CYCLE % {"parent": spec.parent_code})
            return None
    values = {**spec.values, "parent_id": parent.pk if parent else None}
    unit = state.units.get(spec.code)
    if unit is None:
        unit, outcome, changes = OrgUnit(code=spec.code), CREATED, list(values)
    else:
        values = present_only(values, COLUMNS, reader.table)
        changes = changed_fields(unit, values)
        outcome = UPDATED if changes else UNCHANGED
    if not changes:
        return outcome
    for name, value in values.items():
        setattr(unit, name, value)
    if "parent_id" in values:
        unit.parent = parent
    try:
        unit.full_clean(exclude=["parent"])
    except ValidationError as error:
        reader.model_errors(error, COLUMNS)
        return None
    unit.save()
    state.units[spec.code] = unit
    return outcome


def _is_ancestor(code: str, parent: OrgUnit) -> bool:
    """Whether the unit ``code`` is ``parent`` or above it (the new parent would close a loop)."""
    seen = set()
    unit = parent
    while unit is not None and unit.pk not in seen:
        if unit.code == code:
            return True
        seen.add(unit.pk)
        unit = unit.parent
    return False
