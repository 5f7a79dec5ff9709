"""Whom a clerk may propose, and where to (issue 13 §2): the searches behind the request
form's employee and position pickers and their API endpoints.

Employees: active civil servants the clerk may propose -- their own OPD's, or every unit's
for BKPSDM's clerks (the same scope as decisions.services._check_may_propose) -- found by
name or by the start of the NIP. Positions: active appointed posts, those with a free place
first, each with its unit, kind, rank range, free places and, for a chosen employee, why
it does not fit them (rank outside the range, education below the minimum) before the
rules run."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from decisions.selectors import user_is_clerk_for_all_units
from personnel.models import EDUCATION_RANK, Employee, Position
from personnel.selectors import opd_of

LIMIT = 20


def proposable_employees(user):
    """The active employees ``user`` may propose a decision about."""
    employees = Employee.objects.filter(status=Employee.Status.ACTIVE).exclude(user=user)
    if user_is_clerk_for_all_units(user):
        return employees
    opd = opd_of(user)
    if opd is None:
        return employees.none()
    return employees.filter(
        Q(position__unit=opd) | Q(position__unit__parent=opd) | Q(position__unit__parent__parent=opd)
    )


def search_employees(user, text: str) -> list[Employee]:
    text = (text or "").strip()
    employees = proposable_employees(user).select_related("position__unit", "rank")
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        employees = employees.filter(nip__startswith=digits)
    elif text:
        employees = employees.filter(name__icontains=text)
    return list(employees.order_by("name", "nip")[:LIMIT])


@dataclass
class PositionChoice:
    position: Position
    free: int
    misfits: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.misfits


def misfits(position: Position, employee: Employee | None) -> list[str]:
    """Why ``position`` does not fit ``employee`` on its face (the rules say the rest)."""
    if employee is None:
        return []
    reasons = []
    rank = employee.rank_id
    if rank and position.min_rank_id and rank < position.min_rank_id:
        reasons.append(_("rank below %(rank)s") % {"rank": position.min_rank.golongan})
    if rank and position.max_rank_id and rank > position.max_rank_id:
        reasons.append(_("rank above %(rank)s") % {"rank": position.max_rank.golongan})
    needed = EDUCATION_RANK.get(position.min_education)
    has = EDUCATION_RANK.get(employee.education_level)
    if needed and has and has < needed:
        reasons.append(_("education below %(level)s") % {"level": position.get_min_education_display()})
    return reasons


def ordered_positions(text: str = ""):
    """Appointed active posts annotated with ``free`` places, those with a free place first
    (then by unit and name)."""
    positions = Position.objects.filter(is_active=True).exclude(kind__in=Position.ELECTED_KINDS)
    if text:
        positions = positions.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(unit__name__icontains=text)
        )
    return (
        positions.select_related("unit", "min_rank", "max_rank")
        .annotate(held=Count("holders", filter=Q(holders__status=Employee.Status.ACTIVE)))
        .annotate(free=Greatest(F("capacity") - F("held"), Value(0)))
        .annotate(
            vacant_first=SqlCase(
                When(free__gt=0, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("vacant_first", "unit__name", "name")
    )


def choice_of(position: Position, employee: Employee | None = None) -> PositionChoice:
    return PositionChoice(position=position, free=position.free, misfits=misfits(position, employee))


def search_positions(text: str = "", employee: Employee | None = None, *, limit: int = LIMIT):
    return [choice_of(position, employee) for position in ordered_positions(text)[:limit]]


def position_label(choice: PositionChoice) -> str:
    """One line for the picker: post, unit, kind and rank range, free places, and a misfit."""
    position = choice.position
    ranks = "–".join(rank.golongan for rank in (position.min_rank, position.max_rank) if rank) or "—"
    free = _("%(count)s free") % {"count": choice.free} if choice.free else _("full")
    label = f"{position.name} — {position.unit.name} · {position.get_kind_display()} · {ranks} · {free}"
    if choice.misfits:
        label += " · " + _("does not fit: %(why)s") % {"why": ", ".join(choice.misfits)}
    return label
