"""Employees: matched on NIP and validated like any other write (full_clean: the NIP must
agree with birth date, TMT CPNS and gender). A change of position closes the open spell in
the position history and opens one whose source names the file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Employee, Position, PositionHistory
from ..nik import compact_nik
from ..nip import NipError, parse_nip
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
    resolve_position,
)
from .fields import (
    is_blank,
    parse_code,
    parse_count,
    parse_date,
    parse_education,
    parse_gender,
    parse_nik_cell,
    parse_nip_cell,
    parse_rank,
    parse_status,
    parse_text,
)
from .sources import Table

KIND = "employees"
CHUNK = 500
MSG_SINCE_REQUIRED = _("Give the date the position was taken up (tmt_jabatan).")
MSG_SINCE_WITHOUT_POSITION = _("A tmt_jabatan is given but no kode_jabatan.")
MSG_ELECTED_POSITION = _("The position “%(code)s” is an elected office; it is not held by an employee.")
MSG_BEFORE_CPNS = _("The date %(date)s is before the TMT CPNS (%(tmt)s).")
MSG_NIK_TAKEN = _("The NIK %(nik)s is already recorded for the employee with NIP %(nip)s.")
MSG_MONTHS = _("A number of months from 0 to 11.")

COLUMNS = {
    "nip": "nip",
    "nik": "nik",
    "name": "nama",
    "front_title": "gelar_depan",
    "back_title": "gelar_belakang",
    "birth_date": "tanggal_lahir",
    "gender": "jenis_kelamin",
    "tmt_cpns": "tmt_cpns",
    "rank": "golongan",
    "rank_id": "golongan",
    "rank_since": "tmt_golongan",
    "mkg_years": "mkg_tahun",
    "mkg_months": "mkg_bulan",
    "education_level": "pendidikan",
    "education_field": "jurusan",
    "position": "kode_jabatan",
    "position_id": "kode_jabatan",
    "position_since": "tmt_jabatan",
    "status": "status",
    "tmt_pns": "tmt_pns",
    "oath_date": "tanggal_sumpah",
    "suspended_from": "mulai_berhenti_sementara",
    "suspended_until": "akhir_berhenti_sementara",
    "suspension_decree": "sk_berhenti_sementara",
}


def history_source(file_name: str) -> str:
    """``import:<file>``, cut to the column's 40 characters."""
    return f"import:{Path(file_name).name}"[:40]


def import_employees(table: Table, state: ImportState) -> None:
    existing = _existing_employees(table)
    nik_holders = _nik_holders(table)
    source = history_source(table.file.name)
    # First spells of new employees need no lookups: collected and inserted in one go.
    first_spells: list[PositionHistory] = []
    for row in state.progress(table.rows, len(table.rows), f"{KIND}: {table.file.name}"):
        reader = RowReader(table, row)
        nip = reader.get("nip", parse_nip_cell, required=True)
        check_duplicate(state, reader, KIND, "nip", nip)
        nik = reader.get("nik", parse_nik_cell, default="")
        check_duplicate(state, reader, f"{KIND}:nik", "nik", nik)
        holder = nik_holders.get(nik)
        if nik and holder not in (None, nip):
            reader.error("nik", "nik_taken", MSG_NIK_TAKEN % {"nik": nik, "nip": holder})
        outcome = _read_and_write(reader, state, nip, nik, existing.get(nip), source, first_spells)
        if outcome in (CREATED, UPDATED) and nik:
            nik_holders[nik] = nip
        finish_row(state, KIND, reader, outcome)
    PositionHistory.objects.bulk_create(first_spells, batch_size=CHUNK)


def _existing_employees(table: Table) -> dict[str, Employee]:
    nips = []
    for row in table.rows:
        raw = row.cells.get("nip")
        if is_blank(raw) or isinstance(raw, float):
            continue
        try:
            nips.append(parse_nip(str(raw).strip().lstrip("'")).value)
        except NipError:
            continue
    found = {}
    for start in range(0, len(nips), CHUNK):
        chunk = nips[start : start + CHUNK]
        for employee in Employee.objects.select_for_update().filter(nip__in=chunk):
            found[employee.nip] = employee
    return found


def _nik_holders(table: Table) -> dict[str, str]:
    """Who holds each NIK the file names: NIK -> NIP (a NIK belongs to one employee)."""
    niks = [compact_nik(str(row.cells.get("nik") or "").lstrip("'")) for row in table.rows]
    niks = [nik for nik in niks if nik]
    holders = {}
    for start in range(0, len(niks), CHUNK):
        holders.update(Employee.objects.filter(nik__in=niks[start : start + CHUNK]).values_list("nik", "nip"))
    return holders


def _read_and_write(
    reader: RowReader,
    state: ImportState,
    nip: str | None,
    nik: str,
    employee: Employee | None,
    source: str,
    first_spells: list[PositionHistory],
) -> str | None:
    tmt_cpns = reader.get("tmt_cpns", parse_date, required=True)
    rank_code = reader.get("golongan", parse_rank, required=True)
    rank_since = reader.get("tmt_golongan", parse_date, required=True)
    position_code = reader.get("kode_jabatan", parse_code)
    position_since = reader.get("tmt_jabatan", parse_date)
    values = {
        "nik": nik,
        "name": reader.get("nama", parse_text, required=True),
        "front_title": reader.get("gelar_depan", parse_text, default=""),
        "back_title": reader.get("gelar_belakang", parse_text, default=""),
        "birth_date": reader.get("tanggal_lahir", parse_date, required=True),
        "gender": reader.get("jenis_kelamin", parse_gender, required=True),
        "tmt_cpns": tmt_cpns,
        "rank_id": rank_code,
        "rank_since": rank_since,
        "mkg_years": reader.get("mkg_tahun", parse_count),
        "mkg_months": reader.get("mkg_bulan", parse_count),
        "education_level": reader.get("pendidikan", parse_education, required=True),
        "education_field": reader.get("jurusan", parse_text, default=""),
        "position_since": position_since,
        "status": reader.get("status", parse_status, default=Employee.Status.ACTIVE),
        "tmt_pns": reader.get("tmt_pns", parse_date),
        "oath_date": reader.get("tanggal_sumpah", parse_date),
        "suspended_from": reader.get("mulai_berhenti_sementara", parse_date),
        "suspended_until": reader.get("akhir_berhenti_sementara", parse_date),
        "suspension_decree": reader.get("sk_berhenti_sementara", parse_text, default=""),
    }
    position = resolve_position(state, reader, "kode_jabatan", position_code)
    if position is not None and position.kind in Position.ELECTED_KINDS:
        reader.error("kode_jabatan", "elected_position", MSG_ELECTED_POSITION % {"code": position.code})
    if position_code and position_since is None and not reader.errors_in("tmt_jabatan"):
        reader.error("tmt_jabatan", "position_since_required", MSG_SINCE_REQUIRED)
    if position_since is not None and not position_code and "kode_jabatan" in reader.table.columns:
        reader.error("tmt_jabatan", "position_since_without_position", MSG_SINCE_WITHOUT_POSITION)
    if (values["mkg_months"] or 0) > 11:
        reader.error("mkg_bulan", "invalid_months", MSG_MONTHS)
    dated = (
        ("tmt_golongan", rank_since),
        ("tmt_jabatan", position_since),
        ("tmt_pns", values["tmt_pns"]),
        ("tanggal_sumpah", values["oath_date"]),
        ("mulai_berhenti_sementara", values["suspended_from"]),
    )
    for column, day in dated:
        if tmt_cpns and day and day < tmt_cpns:
            reader.error(
                column,
                "before_tmt_cpns",
                MSG_BEFORE_CPNS % {"date": day.strftime("%d-%m-%Y"), "tmt": tmt_cpns.strftime("%d-%m-%Y")},
            )
    if not reader.ok:
        return None
    values["position_id"] = position.pk if position else None

    if employee is None:
        employee, outcome, changes, old_position_id = Employee(nip=nip), CREATED, list(values), None
    else:
        values = present_only(values, COLUMNS, reader.table)
        changes = changed_fields(employee, values)
        outcome = UPDATED if changes else UNCHANGED
        old_position_id = employee.position_id
    if not changes:
        return outcome
    for name, value in values.items():
        setattr(employee, name, value)
    try:
        # The NIP was parsed above, references were resolved above, uniqueness is by NIP, and
        # the one constraint (a position needs its start date) was checked above; clean()
        # checks the NIP against birth date, TMT CPNS and gender.
        employee.full_clean(
            exclude=["nip", "rank", "position", "user"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        reader.model_errors(error, COLUMNS)
        return None
    employee.save()
    if outcome == CREATED:
        if employee.position_id is not None:
            first_spells.append(
                PositionHistory(
                    employee=employee,
                    position_id=employee.position_id,
                    start=employee.position_since,
                    source=source,
                )
            )
    elif "position_id" in changes or "position_since" in changes:
        _record_history(employee, old_position_id, source)
    return outcome


def _record_history(employee: Employee, old_position_id: int | None, source: str) -> None:
    """Keep the position history in step: one open spell, for the position held now."""
    open_spells = list(
        PositionHistory.objects.select_for_update().filter(employee=employee, end__isnull=True)
    )
    if employee.position_id == old_position_id:
        # Same position, corrected start date: correct the open spell rather than split it.
        for spell in open_spells:
            if spell.position_id == employee.position_id:
                spell.start = employee.position_since
                spell.save(update_fields=["start"])
                return
    last_day = (
        (employee.position_since - timedelta(days=1)) if employee.position_since else timezone.localdate()
    )
    for spell in open_spells:
        spell.end = max(spell.start, last_day)
        spell.save(update_fields=["end"])
    if employee.position_id is not None:
        PositionHistory.objects.create(
            employee=employee,
            position_id=employee.position_id,
            start=employee.position_since,
            source=source,
        )
