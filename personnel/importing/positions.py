"""Positions (the peta jabatan): matched on kode_jabatan; their unit must exist or come in
the same import."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Position
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
from .fields import (
    is_blank,
    parse_bool,
    parse_code,
    parse_count,
    parse_education,
    parse_education_fields,
    parse_functional_level,
    parse_functional_type,
    parse_position_kind,
    parse_rank,
    parse_text,
)
from .sources import Table

KIND = "positions"
MSG_LEVEL_NOT_FUNCTIONAL = _("Only functional positions have a level (jenjang); leave it empty.")
MSG_TYPE_NOT_FUNCTIONAL = _("Only functional positions have a JF type (rumpun_jf); leave it empty.")
MSG_RANK_ORDER = _("The minimum rank %(min)s is above the maximum rank %(max)s.")
MSG_SECOND_HEAD = _("The unit “%(unit)s” already has a head position (%(code)s); a unit has exactly one.")

COLUMNS = {
    "code": "kode_jabatan",
    "name": "nama_jabatan",
    "kind": "jenis_jabatan",
    "functional_level": "jenjang",
    "functional_type": "rumpun_jf",
    "unit": "kode_unit",
    "is_head": "kepala_unit",
    "min_education": "pendidikan_minimal",
    "education_fields": "bidang_pendidikan",
    "min_rank": "pangkat_minimal",
    "min_rank_id": "pangkat_minimal",
    "max_rank": "pangkat_maksimal",
    "max_rank_id": "pangkat_maksimal",
    "unit_id": "kode_unit",
    "capacity": "kebutuhan_abk",
    "regulation": "peraturan_jabatan",
    "is_active": "aktif",
}


def import_positions(table: Table, state: ImportState) -> None:
    codes = set()
    for row in table.rows:
        if not is_blank(row.cells.get("kode_jabatan")):
            codes.add(parse_code(row.cells["kode_jabatan"]))
    for position in Position.objects.select_for_update().filter(code__in=codes):
        state.positions.setdefault(position.code, position)

    for row in state.progress(table.rows, len(table.rows), f"{KIND}: {table.file.name}"):
        reader = RowReader(table, row)
        code = reader.get("kode_jabatan", parse_code, required=True)
        check_duplicate(state, reader, KIND, "kode_jabatan", code)
        outcome = _read_and_write(reader, state, code)
        if finish_row(state, KIND, reader, outcome) == "rejected" and code:
            if state.seen[KIND].get(code) == (table.file.name, row.line):
                state.rejected_positions.add(code)


def _read_and_write(reader: RowReader, state: ImportState, code: str | None) -> str | None:
    kind = reader.get("jenis_jabatan", parse_position_kind, required=True)
    level = reader.get("jenjang", parse_functional_level, default="")
    min_rank = reader.get("pangkat_minimal", parse_rank)
    max_rank = reader.get("pangkat_maksimal", parse_rank)
    values = {
        "name": reader.get("nama_jabatan", parse_text, required=True),
        "kind": kind,
        "functional_level": level,
        "functional_type": reader.get("rumpun_jf", parse_functional_type, default=""),
        "is_head": reader.get("kepala_unit", parse_bool, default=False),
        "min_education": reader.get("pendidikan_minimal", parse_education, default=""),
        "education_fields": reader.get("bidang_pendidikan", parse_education_fields, default=[]),
        "min_rank_id": min_rank,
        "max_rank_id": max_rank,
        "capacity": reader.get("kebutuhan_abk", parse_count, default=1),
        "regulation": reader.get("peraturan_jabatan", parse_text, default=""),
        "is_active": reader.get("aktif", parse_bool, default=True),
    }
    if kind and level and kind != Position.Kind.FUNCTIONAL:
        reader.error("jenjang", "level_not_functional", MSG_LEVEL_NOT_FUNCTIONAL)
    if kind and values["functional_type"] and kind != Position.Kind.FUNCTIONAL:
        reader.error("rumpun_jf", "type_not_functional", MSG_TYPE_NOT_FUNCTIONAL)
    if min_rank and max_rank and min_rank > max_rank:
        reader.error(
            "pangkat_minimal",
            "rank_order",
            MSG_RANK_ORDER % {"min": state.ranks[min_rank].golongan, "max": state.ranks[max_rank].golongan},
        )
    unit = resolve_unit(state, reader, "kode_unit", reader.get("kode_unit", parse_code, required=True))
    if not reader.ok or unit is None:
        return None
    values["unit_id"] = unit.pk
    if values["is_head"]:
        other = Position.objects.filter(unit_id=unit.pk, is_head=True).exclude(code=code).first()
        if other is not None:
            reader.error(
                "kepala_unit", "second_head", MSG_SECOND_HEAD % {"unit": unit.code, "code": other.code}
            )
            return None

    position = state.positions.get(code)
    if position is None:
        position, outcome, changes = Position(code=code), CREATED, list(values)
    else:
        values = present_only(values, COLUMNS, reader.table)
        changes = changed_fields(position, values)
        outcome = UPDATED if changes else UNCHANGED
    if not changes:
        return outcome
    for name, value in values.items():
        setattr(position, name, value)
    position.unit = unit
    try:
        position.full_clean(exclude=["unit", "min_rank", "max_rank"])
    except ValidationError as error:
        reader.model_errors(error, COLUMNS)
        return None
    position.save()
    state.positions[code] = position
    return outcome
