"""The registry import as a service: one transaction, all or nothing unless told to skip bad
rows, and one ledger event naming the files by their SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from audit import services as audit

from ..models import Rank
from ..selectors import identity_of
from .base import Counts, ImportState, Progress, no_progress
from .employees import import_employees
from .errors import RowError
from .family import import_family
from .layouts import LAYOUTS
from .needs import import_abk, import_assessments
from .positions import import_positions
from .sources import ImportFile, read_table
from .units import import_units

ORDER = ("units", "positions", "employees", "family", "abk", "assessments")
HANDLERS = {
    "units": import_units,
    "positions": import_positions,
    "employees": import_employees,
    "family": import_family,
    "abk": import_abk,
    "assessments": import_assessments,
}
PERMISSIONS = {
    "units": ("personnel.add_orgunit", "personnel.change_orgunit"),
    "positions": ("personnel.add_position", "personnel.change_position"),
    "employees": ("personnel.add_employee", "personnel.change_employee"),
    "family": ("personnel.add_familymember", "personnel.change_familymember"),
    "abk": ("personnel.change_position",),
    "assessments": ("personnel.add_competencyassessment", "personnel.change_competencyassessment"),
}
MSG_NOT_ALLOWED = _("You may not change the registry.")


@dataclass
class ImportResult:
    files: list[dict] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    written: bool = False
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(counts.created or counts.updated for counts in self.counts.values())

    @property
    def rejected_rows(self) -> int:
        return sum(counts.rejected for counts in self.counts.values())


class _RollBack(Exception):
    """Leaves the transaction without writing: bad rows without --skip-invalid, or a dry run."""


def import_registry(
    *,
    units: Sequence[ImportFile] = (),
    positions: Sequence[ImportFile] = (),
    employees: Sequence[ImportFile] = (),
    family: Sequence[ImportFile] = (),
    abk: Sequence[ImportFile] = (),
    assessments: Sequence[ImportFile] = (),
    skip_invalid: bool = False,
    dry_run: bool = False,
    actor: AbstractBaseUser | None = None,
    progress: Progress | None = None,
    via: str = "",
) -> ImportResult:
    """Import units, then positions, then employees, then their family members, then the ABK
    needs and the competency assessments; see docs/import.md."""
    given = {
        "units": units,
        "positions": positions,
        "employees": employees,
        "family": family,
        "abk": abk,
        "assessments": assessments,
    }
    if actor is not None:
        needed = [perm for kind in ORDER if given[kind] for perm in PERMISSIONS[kind]]
        if not actor.has_perms(needed):
            raise PermissionDenied(str(MSG_NOT_ALLOWED))

    result = ImportResult(dry_run=dry_run)
    tables = []
    for kind in ORDER:
        for source in given[kind]:
            table = read_table(kind, LAYOUTS[kind], source)
            tables.append(table)
            result.files.append(
                {"kind": kind, "name": source.name, "sha256": source.sha256, "rows": len(table.rows)}
            )
            result.errors.extend(table.errors)
            if table.ignored_columns:
                result.ignored_columns[source.name] = table.ignored_columns
    for kind in ORDER:
        if given[kind]:
            result.counts[kind] = Counts()

    state = ImportState(counts=result.counts, progress=progress or no_progress)
    try:
        with audit.atomic():
            state.ranks = {rank.code: rank for rank in Rank.objects.all()}
            for table in tables:
                if not table.errors:
                    HANDLERS[table.kind](table, state)
            result.errors.extend(state.errors)
            if dry_run or (result.errors and not skip_invalid):
                raise _RollBack
            if result.changed:
                _record(result, actor=actor, skip_invalid=skip_invalid, via=via)
            result.written = result.changed
    except _RollBack:
        result.written = False
    return result


def _record(result: ImportResult, *, actor, skip_invalid: bool, via: str) -> None:
    digest = hashlib.sha256(
        "\n".join(f"{f['kind']}:{f['sha256']}" for f in result.files).encode()
    ).hexdigest()
    audit.record(
        action="registry.imported",
        object_type="registry_import",
        object_id=digest[:16],
        actor=identity_of(actor),
        data={
            "files": result.files,
            "counts": {kind: counts.as_dict() for kind, counts in result.counts.items()},
            "skip_invalid": skip_invalid,
            "rejected_rows": result.rejected_rows,
            "via": via,
        },
    )
