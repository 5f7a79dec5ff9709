"""The position map (peta jabatan) against the needs of the workload analysis (ABK).

Per position: the holders the ABK allows (Position.capacity, the figure the vacancy rule
checks), the active holders, the vacancies, the over-filled places and the holders within
the retirement warning period of their retirement age. Three queries whatever the registry's
size: the positions, their holders' birth dates, the units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from decisions.policy.dates import add_months, bup_age, bup_birthday
from decisions.policy.engine import parameters as policy_parameters
from personnel.models import Employee, OrgUnit, Position

from .scope import Scope


@dataclass
class MapRow:
    position: Position
    needed: int
    held: int = 0
    retiring: int = 0

    @property
    def vacant(self) -> int:
        return max(self.needed - self.held, 0)

    @property
    def over(self) -> int:
        return max(self.held - self.needed, 0)


@dataclass
class UnitSummary:
    unit: OrgUnit
    rows: list[MapRow] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)

    @property
    def needed(self) -> int:
        return self._sum("needed")

    @property
    def held(self) -> int:
        return self._sum("held")

    @property
    def vacant(self) -> int:
        return self._sum("vacant")

    @property
    def over(self) -> int:
        return self._sum("over")

    @property
    def retiring(self) -> int:
        return self._sum("retiring")


def descendants(unit_id: int) -> set[int]:
    """The unit and every unit under it."""
    children = defaultdict(list)
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    found, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children[current])
    return found


def position_map(*, scope: Scope, unit_ids: set[int] | None = None, on: date | None = None) -> list[MapRow]:
    """One row per active, appointed position the scope sees (within ``unit_ids`` if given)."""
    on = on or timezone.localdate()
    policy = policy_parameters()
    horizon = add_months(on, policy["retirement_warning_months"])
    positions = scope.filter_units(
        Position.objects.filter(is_active=True).exclude(kind__in=Position.ELECTED_KINDS), "unit_id"
    )
    if unit_ids is not None:
        positions = positions.filter(unit_id__in=unit_ids)
    rows = {
        p.pk: MapRow(position=p, needed=p.capacity)
        for p in positions.select_related("unit").order_by("unit__code", "-is_head", "code")
    }
    holders = Employee.objects.filter(status=Employee.Status.ACTIVE, position_id__in=positions.values("pk"))
    for position_id, birth_date in holders.values_list("position_id", "birth_date"):
        row = rows[position_id]
        row.held += 1
        if bup_birthday(birth_date, bup_age(row.position, policy)) <= horizon:
            row.retiring += 1
    return list(rows.values())


def by_unit(rows: list[MapRow], *, group_of: dict[int, int] | None = None) -> list[UnitSummary]:
    """Rows grouped by their unit, or by ``group_of[unit]`` (the OPD, for the city page)."""
    units = {}
    groups: dict[int, UnitSummary] = {}
    keys = {
        row.position.unit_id: (group_of or {}).get(row.position.unit_id, row.position.unit_id) for row in rows
    }
    wanted = set(keys.values()) - {row.position.unit_id for row in rows}
    if wanted:
        units = OrgUnit.objects.in_bulk(wanted)
    for row in rows:
        key = keys[row.position.unit_id]
        if key not in groups:
            unit = row.position.unit if key == row.position.unit_id else units[key]
            groups[key] = UnitSummary(unit=unit)
        groups[key].rows.append(row)
    return sorted(groups.values(), key=lambda s: s.unit.code)


EXPORT_HEADER = [
    "kode_unit",
    "unit",
    "kode_jabatan",
    "jabatan",
    "jenis_jabatan",
    "kebutuhan_abk",
    "pemangku",
    "lowong",
    "kelebihan",
    "pensiun_dalam_setahun",
]


def export_rows(rows: list[MapRow]) -> list[list]:
    return [
        [
            row.position.unit.code,
            row.position.unit.name,
            row.position.code,
            row.position.name,
            row.position.kind,
            row.needed,
            row.held,
            row.vacant,
            row.over,
            row.retiring,
        ]
        for row in rows
    ]
