"""Proposing retirements (BUP) ahead of time, so nobody's pension starts late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from personnel.models import Employee

from .models import Case, CaseKind
from .policy.dates import bup_age, retirement_date
from .policy.engine import parameters
from .services import ItemInput, case_create


@dataclass(frozen=True)
class Proposal:
    employee: Employee
    retires_on: date
    age: int


def due_retirements(*, months: int, today: date | None = None) -> list[Proposal]:
    """Active employees whose TMT pensiun falls within ``months`` months and who have no
    retirement case open or done yet."""
    today = today or timezone.localdate()
    horizon_month = today.month - 1 + months
    horizon = date(today.year + horizon_month // 12, horizon_month % 12 + 1, 1)
    params = parameters()
    taken = set(
        Case.objects.filter(kind=CaseKind.DISMISSAL_RETIREMENT)
        .exclude(status__in=(Case.Status.REJECTED, Case.Status.WITHDRAWN))
        .values_list("items__employee_id", flat=True)
    )
    proposals = []
    for employee in Employee.objects.filter(status=Employee.Status.ACTIVE).select_related("position"):
        if employee.pk in taken:
            continue
        age = bup_age(employee.position, params)
        retires_on = retirement_date(employee.birth_date, age)
        if retires_on <= horizon:
            proposals.append(Proposal(employee=employee, retires_on=retires_on, age=age))
    return sorted(proposals, key=lambda p: (p.retires_on, p.employee.name))


def propose_retirements(*, months: int, actor: AbstractBaseUser, today: date | None = None) -> list[Case]:
    """One draft BUP case per employee reaching retirement age within ``months`` months."""
    cases = []
    for proposal in due_retirements(months=months, today=today):
        cases.append(
            case_create(
                actor=actor,
                kind=CaseKind.DISMISSAL_RETIREMENT,
                items=[ItemInput(employee=proposal.employee)],
                effective_date=proposal.retires_on,
                reason=_("Retirement at the retirement age (BUP) of %(age)s years.") % {"age": proposal.age},
                data={"bup_age": proposal.age, "proposed_by_command": True},
            )
        )
    return cases
