"""Who sees which units' placement data: scoped like cases.

The offices that see every case (BKPSDM, the Sekda, the regional head, inspectors,
administrators) see the whole city; a head or clerk of an OPD sees the units of their OPD;
nobody else sees any. Inspectors only read: starting a case is the clerks' (the decisions
service refuses everyone else).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from decisions.selectors import sees_every_case
from personnel.models import OrgUnit
from personnel.roles import CLERK, OFFICIAL, user_roles
from personnel.selectors import opd_of


@dataclass(frozen=True)
class Scope:
    """The units a user sees (``None``: the whole city) and each unit's OPD."""

    unit_ids: frozenset[int] | None
    opd_of_unit: dict[int, int]

    @property
    def whole_city(self) -> bool:
        return self.unit_ids is None

    @property
    def empty(self) -> bool:
        return self.unit_ids is not None and not self.unit_ids

    def sees(self, unit_id: int) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids

    def filter_units(self, queryset, field: str = "pk"):
        return queryset if self.unit_ids is None else queryset.filter(**{f"{field}__in": self.unit_ids})


def opd_map() -> dict[int, int]:
    """Each unit's OPD (the top-level unit under the region), from one query."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    regions = set(OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).values_list("pk", flat=True))
    result = {}
    for unit in parents:
        current = unit
        while parents.get(current) is not None and parents[current] not in regions:
            current = parents[current]
        result[unit] = current
    return result


def scope_of(user: AbstractBaseUser) -> Scope:
    mapping = opd_map()
    if not user.is_authenticated:
        return Scope(frozenset(), mapping)
    if sees_every_case(user):
        return Scope(None, mapping)
    opd = opd_of(user) if user_roles(user) & {CLERK, OFFICIAL} else None
    if opd is None:
        return Scope(frozenset(), mapping)
    return Scope(frozenset(unit for unit, top in mapping.items() if top == opd.pk), mapping)


def unit_in_scope(scope: Scope, unit_id: int) -> None:
    """404 for a unit the user may not see, as for a case."""
    if not scope.sees(unit_id):
        raise Http404
