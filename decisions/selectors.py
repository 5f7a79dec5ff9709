"""Who may see which case. One place, one condition per line.

The rule: 404 when a user may not see a case, 403 when they may see it but not do what
they asked. Seeing is decided here; doing is decided by the service that does it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from personnel.models import Employee, OrgUnit
from personnel.nip import NipError, parse_nip
from personnel.selectors import employee_of, opd_of

from .errors import Invalid
from .models import Case

INSPECT_PERMISSION = "decisions.inspect_case"


def is_inspector(user: AbstractBaseUser) -> bool:
    return user.has_perm(INSPECT_PERMISSION)


def sees_every_case(user: AbstractBaseUser) -> bool:
    """Officials whose office handles every case, managers, and inspectors (who only read)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_inspector(user) or user.has_perm("decisions.manage_case"):
        return True
    employee = employee_of(user)
    if employee is None:
        # Not a civil servant: the regional head (an elected office) is the one who sees all.
        return user.elected_terms.filter(
            position__code=settings.SAHIH_OFFICES["regional_head_position"]
        ).exists()
    if employee.position is None:
        return False
    opd = employee.position.unit.opd
    if opd.code == settings.SAHIH_OFFICES["personnel_agency"]:
        return True
    return opd.code == settings.SAHIH_OFFICES["secretariat"] and employee.position.is_head


class Probe(Exists):
    """``EXISTS`` asked row by row through an index, never as a hashed subplan.

    PostgreSQL may answer a correlated ``EXISTS`` by first reading every row of the subquery
    into a hash (all of a unit's cases, all of a user's tasks), which grows with the archive;
    a list that stops at its first page needs a few index probes instead. ``OFFSET 0`` is
    PostgreSQL's documented fence against that rewrite (and a no-op on SQLite)."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def cases_visible_to(user: AbstractBaseUser) -> QuerySet[Case]:
    """Cases the user may open: their unit's, their own, those they had a task on."""
    scope, ids = visibility_of(user)
    return cases_visible(scope, **ids)


def visibility_of(user: AbstractBaseUser) -> tuple[str, dict]:
    """Which cases ``user`` sees, as ``cases_visible`` takes it: "none", "all", "own" (theirs
    and those they had a task on) or "own_and_opd" (and their OPD's), with the ids it needs.
    The shape of the statement depends only on the first; a statement compiled once per shape
    runs with the second (workflows.services.tasks.lock_open_task)."""
    if not user.is_authenticated:
        return "none", {}
    if sees_every_case(user):
        return "all", {}
    opd = opd_of(user)
    if opd is None:
        return "own", {"user_id": user.pk}
    return "own_and_opd", {"user_id": user.pk, "opd_id": opd.pk}


def cases_visible(scope: str, user_id: int | None = None, opd_id: int | None = None) -> QuerySet[Case]:
    """The cases of a ``visibility_of`` answer."""
    cases = Case.objects.all()
    if scope == "none":
        return cases.none()
    if scope == "all":
        return cases
    had_task = Task.objects.filter(process_id=OuterRef("process_id"), owner_id=user_id)
    visible = Q(created_by_id=user_id) | Probe(had_task)
    if scope == "own_and_opd":
        # EXISTS, not a join on the units: a join needs DISTINCT, and DISTINCT makes the
        # database sort every visible case before the first page of a list (issue 15 §4).
        visible |= Probe(Case.units.through.objects.filter(case_id=OuterRef("pk"), orgunit_id=opd_id))
    # A case about the user is visible to them only through their own unit's rights, never
    # because it is about them: an employee reads their SK through the public page.
    return cases.filter(visible)


def get_case_for_user(user: AbstractBaseUser, case_id: int) -> Case:
    """The case, or 404 if it does not exist or the user may not see it."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def user_is_clerk_for_all_units(user: AbstractBaseUser) -> bool:
    """A BKPSDM clerk may start a case for any employee; an OPD clerk only for their own OPD."""
    opd = opd_of(user)
    return opd is not None and opd.code == settings.SAHIH_OFFICES["personnel_agency"]


def decree_visible_to(user: AbstractBaseUser, number: str):
    """The decree with ``number`` if the user may see its case, else None."""
    from .models import Decree

    return Decree.objects.filter(number=number.strip(), case__in=cases_visible_to(user)).first()


MSG_NO_EMPLOYEE = _("No employee has the NIP %(nip)s.")


def employee_by_nip(value: str, *, field: str = "employee") -> Employee:
    """The employee with the NIP typed in ``value`` (checked first), for a case's form or its
    API; ``Invalid`` (a ValidationError, so forms take it as theirs) naming ``field``."""
    try:
        nip = parse_nip(value)
    except NipError as error:
        raise Invalid(error.messages[0], code=error.code or "nip", fields={field: error.messages}) from None
    employee = Employee.objects.select_related("position__unit__parent", "rank").filter(nip=nip.value).first()
    if employee is None:
        message = MSG_NO_EMPLOYEE % {"nip": nip}
        raise Invalid(message, code="employee_not_found", fields={field: message})
    return employee


def touched_opds(case: Case) -> list[OrgUnit]:
    """Every OPD an active item moves someone out of or into, in a stable order."""
    units: dict[int, OrgUnit] = {}
    for item in case.items.filter(status="active").select_related(
        "from_position__unit__parent", "to_position__unit__parent"
    ):
        for position in (item.from_position, item.to_position):
            if position is not None:
                units.setdefault(position.unit.opd.pk, position.unit.opd)
    return sorted(units.values(), key=lambda unit: unit.code)
