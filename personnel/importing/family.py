"""Family members: matched on the employee's NIP, the relation and the name. A file lists the
family members it knows; a member it does not name is left as it is (a marriage that ended is
recorded with its end date, not by leaving the row out)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Employee, FamilyMember
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
)
from .fields import (
    FAMILY_RELATIONS,
    FAMILY_RELATIONS_SHOWN,
    choice_parser,
    parse_bool,
    parse_date,
    parse_nip_cell,
    parse_text,
)
from .sources import Table

KIND = "family"
MSG_UNKNOWN_EMPLOYEE = _("No employee has the NIP %(nip)s (import the employees first).")
MSG_CHILD_ONLY = _("Only a child is recorded as married or earning.")
MSG_SPOUSE_ONLY = _("Only a spouse has a date of marriage.")

COLUMNS = {
    "employee": "nip",
    "relation": "hubungan",
    "name": "nama",
    "birth_date": "tanggal_lahir",
    "marriage_date": "tanggal_menikah",
    "ended_on": "tanggal_berakhir",
    "married": "menikah",
    "earning": "berpenghasilan",
}
parse_relation = choice_parser(FAMILY_RELATIONS, FAMILY_RELATIONS_SHOWN)


def import_family(table: Table, state: ImportState) -> None:
    nips = {row.cells.get("nip") for row in table.rows}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=[_nip(value) for value in nips if value])}
    existing = {
        (member.employee_id, member.relation, member.name.casefold()): member
        for member in FamilyMember.objects.select_for_update().filter(employee__in=employees.values())
    }
    for row in state.progress(table.rows, len(table.rows), f"{KIND}: {table.file.name}"):
        reader = RowReader(table, row)
        outcome = _read_and_write(reader, state, employees, existing)
        finish_row(state, KIND, reader, outcome)


def _nip(value) -> str:
    try:
        return parse_nip_cell(value)
    except Exception:  # reported with its row below
        return ""


def _read_and_write(reader: RowReader, state: ImportState, employees: dict, existing: dict) -> str | None:
    nip = reader.get("nip", parse_nip_cell, required=True)
    relation = reader.get("hubungan", parse_relation, required=True)
    values = {
        "name": reader.get("nama", parse_text, required=True),
        "birth_date": reader.get("tanggal_lahir", parse_date, required=True),
        "marriage_date": reader.get("tanggal_menikah", parse_date),
        "ended_on": reader.get("tanggal_berakhir", parse_date),
        "married": reader.get("menikah", parse_bool, default=False),
        "earning": reader.get("berpenghasilan", parse_bool, default=False),
    }
    employee = employees.get(nip) if nip else None
    if nip and employee is None:
        reader.error("nip", "unknown_employee", MSG_UNKNOWN_EMPLOYEE % {"nip": nip})
    if relation and relation != FamilyMember.Relation.CHILD:
        if values["married"] or values["earning"]:
            reader.error("menikah", "child_only", MSG_CHILD_ONLY)
    elif relation and values["marriage_date"] is not None:
        reader.error("tanggal_menikah", "spouse_only", MSG_SPOUSE_ONLY)
    if not reader.ok:
        return None
    key = (employee.pk, relation, values["name"].casefold())
    # One row per member across every family file of the import.
    check_duplicate(state, reader, KIND, "nama", f"{nip} {relation} {values['name'].casefold()}")
    if not reader.ok:
        return None
    member = existing.get(key)
    if member is None:
        member, outcome, changes = FamilyMember(employee=employee, relation=relation), CREATED, list(values)
    else:
        values = present_only(values, COLUMNS, reader.table)
        changes = changed_fields(member, values)
        outcome = UPDATED if changes else UNCHANGED
    if not changes:
        return outcome
    for name, value in values.items():
        setattr(member, name, value)
    try:
        member.full_clean(exclude=["employee"], validate_unique=False)
    except ValidationError as error:
        reader.model_errors(error, COLUMNS)
        return None
    member.save()
    existing[key] = member
    return outcome
