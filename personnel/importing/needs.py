"""The ABK needs and the competency assessment results: two small files that update the
registry the placement pages read. Same row-level report and all-or-nothing import as the
others (service.import_registry)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import CompetencyAssessment, Employee, Position
from .base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportState,
    RowReader,
    check_duplicate,
    finish_row,
    resolve_position,
)
from .errors import CellError
from .fields import choice_parser, parse_code, parse_count, parse_date, parse_nip_cell, parse_text, text
from .sources import Table

ABK = "abk"
ASSESSMENTS = "assessments"
MSG_UNKNOWN_EMPLOYEE = _("No employee has the NIP %(nip)s (import the employees first).")
MSG_SCORE = _("“%(value)s” is not a score between 0 and 100.")
POTENTIALS = {
    "tinggi": "tinggi",
    "high": "tinggi",
    "3": "tinggi",
    "menengah": "menengah",
    "sedang": "menengah",
    "medium": "menengah",
    "2": "menengah",
    "rendah": "rendah",
    "low": "rendah",
    "1": "rendah",
}
parse_potential = choice_parser(POTENTIALS, "tinggi, menengah, rendah")


def parse_score(value) -> Decimal:
    try:
        score = Decimal(text(value).replace(",", "."))
    except InvalidOperation:
        raise CellError(MSG_SCORE, code="invalid_score", params={"value": text(value)}) from None
    if not Decimal(0) <= score <= Decimal(100):
        raise CellError(MSG_SCORE, code="invalid_score", params={"value": text(value)})
    return score.quantize(Decimal("0.01"))


def import_abk(table: Table, state: ImportState) -> None:
    """kode_jabatan and kebutuhan_abk: the holders the workload analysis allows."""
    codes = [parse_code(row.cells["kode_jabatan"]) for row in table.rows if row.cells.get("kode_jabatan")]
    for position in Position.objects.select_for_update().filter(code__in=codes):
        state.positions.setdefault(position.code, position)
    for row in state.progress(table.rows, len(table.rows), f"{ABK}: {table.file.name}"):
        reader = RowReader(table, row)
        code = reader.get("kode_jabatan", parse_code, required=True)
        check_duplicate(state, reader, ABK, "kode_jabatan", code)
        needed = reader.get("kebutuhan_abk", parse_count, required=True)
        position = resolve_position(state, reader, "kode_jabatan", code)
        outcome = None
        if reader.ok:
            if position.capacity == needed:
                outcome = UNCHANGED
            else:
                position.capacity = needed
                position.save(update_fields=["capacity"])
                outcome = UPDATED
        finish_row(state, ABK, reader, outcome)


def _nip(value) -> str:
    try:
        return parse_nip_cell(value)
    except CellError:  # reported with its row below
        return ""


def import_assessments(table: Table, state: ImportState) -> None:
    """One competency assessment per employee and day: nip, tanggal_penilaian, potensi, nilai, penilai."""
    nips = {_nip(row.cells.get("nip")) for row in table.rows}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    existing = {
        (a.employee_id, a.assessed_on): a
        for a in CompetencyAssessment.objects.select_for_update().filter(employee__in=employees.values())
    }
    for row in state.progress(table.rows, len(table.rows), f"{ASSESSMENTS}: {table.file.name}"):
        reader = RowReader(table, row)
        nip = reader.get("nip", parse_nip_cell, required=True)
        day = reader.get("tanggal_penilaian", parse_date, required=True)
        values = {
            "potential": reader.get("potensi", parse_potential, required=True),
            "score": reader.get("nilai", parse_score),
            "assessor": reader.get("penilai", parse_text, default=""),
        }
        employee = employees.get(nip) if nip else None
        if nip and employee is None:
            reader.error("nip", "unknown_employee", MSG_UNKNOWN_EMPLOYEE % {"nip": nip})
        if nip and day:
            check_duplicate(state, reader, ASSESSMENTS, "tanggal_penilaian", f"{nip} {day.isoformat()}")
        outcome = None
        if reader.ok:
            assessment = existing.get((employee.pk, day))
            if assessment is None:
                assessment, outcome = CompetencyAssessment(employee=employee, assessed_on=day), CREATED
            else:
                changed = any(getattr(assessment, name) != value for name, value in values.items())
                outcome = UPDATED if changed else UNCHANGED
            if outcome != UNCHANGED:
                for name, value in values.items():
                    setattr(assessment, name, value)
                try:
                    assessment.full_clean(exclude=["employee"], validate_unique=False)
                except ValidationError as error:
                    reader.model_errors(
                        error, {"potential": "potensi", "score": "nilai", "assessor": "penilai"}
                    )
                    outcome = None
                else:
                    assessment.save()
                    existing[(employee.pk, day)] = assessment
        finish_row(state, ASSESSMENTS, reader, outcome)
