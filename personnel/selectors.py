"""Reads of the registry that carry a rule: who holds a position, who acts for it, who a
user is in the organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists

from .models import ActingAssignment, ElectedTerm, Employee, OrgUnit, Position


@dataclass(frozen=True)
class Holder:
    """Who acts for a position on a day, and on what basis."""

    user: AbstractBaseUser | None
    name: str
    basis: str  # "holder", "elected", "plt", "plh" or "vacant"
    position: Position
    employee: Employee | None = None
    acting: ActingAssignment | None = None

    @property
    def is_acting(self) -> bool:
        return self.acting is not None

    def as_record(self) -> dict:
        """The resolution as stored on a task and in the ledger."""
        record = {
            "basis": self.basis,
            "name": self.name,
            "username": self.user.get_username() if self.user else None,
            "position": self.position.code,
            "position_name": self.position.name,
        }
        if self.acting:
            record["acting"] = {
                "kind": self.acting.kind,
                "decree_number": self.acting.decree_number,
                "decree_date": self.acting.decree_date.isoformat(),
                "start": self.acting.start.isoformat(),
                "end": self.acting.end.isoformat(),
            }
        return record


def with_free_places(positions=None):
    """Positions (appointed, not elected) with a free place: fewer active holders than the
    peta jabatan's capacity, annotated ``held`` and ``free``. The one count of vacancies
    the admin home, ``seed_demo`` and the position picker all show."""
    from django.db.models import Count, F, Q

    positions = Position.objects.filter(is_active=True) if positions is None else positions
    return (
        positions.exclude(kind__in=Position.ELECTED_KINDS)
        .annotate(held=Count("holders", filter=Q(holders__status=Employee.Status.ACTIVE)))
        .annotate(free=F("capacity") - F("held"))
        .filter(held__lt=F("capacity"))
    )


def opd_count() -> int:
    """The OPDs: the units directly under the regional government."""
    return OrgUnit.objects.filter(is_active=True, parent__kind=OrgUnit.Kind.REGION).count()


def office_unit(role: str) -> OrgUnit:
    """The unit playing a fixed part in the routes ("personnel_agency", "secretariat", ...)."""
    return OrgUnit.objects.get(code=settings.SAHIH_OFFICES[role])


def regional_head_position() -> Position:
    return Position.objects.select_related("unit").get(code=settings.SAHIH_OFFICES["regional_head_position"])


def head_position_of(unit: OrgUnit) -> Position | None:
    return Position.objects.select_related("unit").filter(unit=unit, is_head=True).first()


def holder_of(position: Position, *, on: date) -> Holder:
    """The person who acts for ``position`` on ``on``.

    A Plt or Plh whose decree covers the day acts: the decree itself says the holder is
    absent or the post vacant. Otherwise the substantive holder with an active login (for
    elected posts, the term's holder); otherwise nobody ("vacant").

    One statement when the post has a substantive holder's row: it also says whether anyone
    acts on the day (then, or without such a row, the acting decree is read: two).
    """
    acting = _acting_on(position, on)
    substantive, anyone_acting = _substantive(position, on=on, acting=acting)
    if anyone_acting is not False:
        assignment = acting.first()
        if assignment is not None:
            return _acting_holder(position, assignment)
    if substantive is not None:
        return substantive
    return Holder(user=None, name="", basis="vacant", position=position)


def _acting_on(position: Position, on: date):
    """The Plt/Plh decrees of ``position`` covering ``on`` with an active login, latest first."""
    return (
        ActingAssignment.objects.select_related("user", "user__employee")
        .filter(position=position, start__lte=on, end__gte=on, user__is_active=True)
        .order_by("-start", "-pk")
    )


def _substantive_holder(position: Position, *, on: date) -> Holder | None:
    """The holder of the post itself (not acting) with an active login, if any."""
    return _substantive(position, on=on)[0]


def _substantive(position: Position, *, on: date, acting=None) -> tuple[Holder | None, bool | None]:
    """``_substantive_holder``, and whether any of ``acting`` exists, asked in the same
    statement: None when not asked, or when the post has no row to ask it on."""
    annotate = {"anyone_acting": Exists(acting.order_by().values("pk"))} if acting is not None else {}
    if position.kind in Position.ELECTED_KINDS:
        term = (
            ElectedTerm.objects.select_related("user")
            .filter(position=position, inaugurated_on__lte=on, term_end__gte=on)
            .annotate(**annotate)
            .first()
        )
        anyone_acting = getattr(term, "anyone_acting", None)
        if term and term.user and term.user.is_active:
            return Holder(
                user=term.user, name=term.full_name, basis="elected", position=position
            ), anyone_acting
        return None, anyone_acting
    employee = (
        Employee.objects.select_related("user")
        .filter(position=position, status=Employee.Status.ACTIVE, user__is_active=True)
        .order_by("position_since", "pk")
        .annotate(**annotate)
        .first()
    )
    if employee:
        holder = Holder(
            user=employee.user,
            name=employee.full_name,
            basis="holder",
            position=position,
            employee=employee,
        )
        return holder, getattr(employee, "anyone_acting", None)
    return None, None


def authorised_for(position: Position, *, on: date) -> list[Holder]:
    """Everyone who holds the authority of ``position`` on ``on``: each Plt or Plh whose
    decree covers the day, then the substantive holder (for elected posts, the term's
    holder). A task of the position may be handed only to one of them."""
    acting = _acting_on(position, on)
    holders = [_acting_holder(position, assignment) for assignment in acting]
    substantive = _substantive_holder(position, on=on)
    if substantive is not None:
        holders.append(substantive)
    return holders


def _acting_holder(position: Position, acting: ActingAssignment) -> Holder:
    employee = getattr(acting.user, "employee", None)
    name = employee.full_name if employee else acting.user.get_full_name() or acting.user.get_username()
    return Holder(
        user=acting.user,
        name=name,
        basis=acting.kind,
        position=position,
        employee=employee,
        acting=acting,
    )


def employee_of(user: AbstractBaseUser) -> Employee | None:
    """The user's employee record, if they are a civil servant (cached on the user)."""
    if not user.is_authenticated:
        return None
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None


def opd_of(user: AbstractBaseUser) -> OrgUnit | None:
    """The OPD the user works in, through their current position."""
    employee = employee_of(user)
    if employee is None or employee.position is None:
        return None
    return employee.position.unit.opd


def identity_of(user: AbstractBaseUser | None) -> dict | None:
    """The actor as they are now, frozen for the ledger: it must read the same in ten years."""
    if user is None:
        return None
    employee = employee_of(user)
    identity = {
        "user_id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "nip": None,
        "position": None,
        "unit": None,
    }
    if employee is not None:
        identity["name"] = employee.full_name
        identity["nip"] = employee.nip
        if employee.position is not None:
            identity["position"] = employee.position.name
            identity["unit"] = employee.position.unit.name
    else:
        term = user.elected_terms.select_related("position").order_by("-inaugurated_on").first()
        if term is not None:
            identity["name"] = term.full_name
            identity["position"] = term.position.name
    return identity


def signer_nik(user: AbstractBaseUser, *, on: date) -> str:
    """The NIK BSrE knows a signer by ("" when none is recorded): their employee record's, or,
    for an elected regional head or deputy (who has none), that of their term in office on
    ``on``, else of their latest term."""
    employee = employee_of(user)
    if employee is not None:
        return employee.nik
    terms = user.elected_terms.order_by("-inaugurated_on")
    term = terms.filter(inaugurated_on__lte=on, term_end__gte=on).first() or terms.first()
    return term.nik if term is not None else ""
