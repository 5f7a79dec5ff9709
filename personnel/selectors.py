"""Reads of the registry that carry a rule: who holds a position, who acts for it, who a
user is in the organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists

from . import compiled
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


# The reads below run on every approval (who decides the next stage): each is compiled
# once per shape and run with its values (compiled.py), as the ORM would run it.


def _unit_by_code(*, code: str):
    return OrgUnit.objects.filter(code=code)


def office_unit(role: str) -> OrgUnit:
    """The unit playing a fixed part in the routes ("personnel_agency", "secretariat", ...)."""
    found = compiled.fetch("personnel.unit_by_code", _unit_by_code, code=settings.SAHIH_OFFICES[role])
    if not found:
        raise OrgUnit.DoesNotExist(f"no unit {settings.SAHIH_OFFICES[role]!r} for the office {role!r}")
    return found[0]


def _position_by_code(*, code: str):
    return Position.objects.select_related("unit").filter(code=code)


def regional_head_position() -> Position:
    code = settings.SAHIH_OFFICES["regional_head_position"]
    found = compiled.fetch("personnel.position_by_code", _position_by_code, code=code)
    if not found:
        raise Position.DoesNotExist(f"no position {code!r} for the regional head")
    return found[0]


def _head_position(*, unit_id: int):
    return Position.objects.select_related("unit").filter(unit_id=unit_id, is_head=True).order_by("pk")[:1]


def head_position_of(unit: OrgUnit) -> Position | None:
    found = compiled.fetch("personnel.head_position", _head_position, unit_id=unit.pk)
    return found[0] if found else None


def _office_head_position(*, code: str):
    return Position.objects.select_related("unit").filter(unit__code=code, is_head=True).order_by("pk")[:1]


def office_head_position(code: str) -> Position | None:
    """The head position of the unit with ``code``, in one statement (not the unit, then its
    head position)."""
    found = compiled.fetch("personnel.office_head_position", _office_head_position, code=code)
    return found[0] if found else None


def holder_of(position: Position, *, on: date) -> Holder:
    """The person who acts for ``position`` on ``on``.

    A Plt or Plh whose decree covers the day acts: the decree itself says the holder is
    absent or the post vacant. Otherwise the substantive holder with an active login (for
    elected posts, the term's holder); otherwise nobody ("vacant").

    One statement when the post has a substantive holder's row: it also says whether anyone
    acts on the day (then, or without such a row, the acting decree is read: two).
    """
    substantive, anyone_acting = _substantive(position, on=on, ask_acting=True)
    if anyone_acting is not False:
        acting = _acting_on(position, on)
        if acting:
            return _acting_holder(position, acting[0])
    if substantive is not None:
        return substantive
    return Holder(user=None, name="", basis="vacant", position=position)


def _acting(*, position_id: int, on: date):
    """The Plt/Plh decrees of a position covering ``on`` with an active login, latest first."""
    return (
        ActingAssignment.objects.select_related("user", "user__employee")
        .filter(position_id=position_id, start__lte=on, end__gte=on, user__is_active=True)
        .order_by("-start", "-pk")
    )


def _acting_on(position: Position, on: date) -> list[ActingAssignment]:
    return compiled.fetch("personnel.acting", _acting, position_id=position.pk, on=on)


def _substantive_holder(position: Position, *, on: date) -> Holder | None:
    """The holder of the post itself (not acting) with an active login, if any."""
    return _substantive(position, on=on)[0]


def _term(*, position_id: int, on: date, ask_acting: bool):
    terms = ElectedTerm.objects.select_related("user").filter(
        position_id=position_id, inaugurated_on__lte=on, term_end__gte=on
    )
    if ask_acting:
        terms = terms.annotate(
            anyone_acting=Exists(_acting(position_id=position_id, on=on).order_by().values("pk"))
        )
    return terms[:1]  # the latest inaugurated (the model's ordering)


def _employee(*, position_id: int, on: date, ask_acting: bool):
    employees = Employee.objects.select_related("user").filter(
        position_id=position_id, status=Employee.Status.ACTIVE, user__is_active=True
    )
    if ask_acting:
        employees = employees.annotate(
            anyone_acting=Exists(_acting(position_id=position_id, on=on).order_by().values("pk"))
        )
    return employees.order_by("position_since", "pk")[:1]


def _substantive(
    position: Position, *, on: date, ask_acting: bool = False
) -> tuple[Holder | None, bool | None]:
    """``_substantive_holder``, and -- with ``ask_acting`` -- whether any Plt/Plh decree
    covers the day, asked in the same statement: None when not asked, or when the post has
    no row to ask it on."""
    if position.kind in Position.ELECTED_KINDS:
        found = compiled.fetch(
            ("personnel.term", ask_acting),
            partial(_term, ask_acting=ask_acting),
            position_id=position.pk,
            on=on,
        )
        term = found[0] if found else None
        anyone_acting = getattr(term, "anyone_acting", None)
        if term and term.user and term.user.is_active:
            return Holder(
                user=term.user, name=term.full_name, basis="elected", position=position
            ), anyone_acting
        return None, anyone_acting
    if ask_acting:
        found = compiled.fetch(
            "personnel.employee_asking_acting",
            partial(_employee, ask_acting=True),
            position_id=position.pk,
            on=on,
        )
    else:
        # Without the question the day is no value of the statement.
        found = compiled.fetch(
            "personnel.employee",
            lambda *, position_id: _employee(position_id=position_id, on=None, ask_acting=False),
            position_id=position.pk,
        )
    employee = found[0] if found else None
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
    holders = [_acting_holder(position, assignment) for assignment in _acting_on(position, on)]
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
