"""The registry seen through the rules: who would be blocked from a transfer and why, who is
overdue for rotation, who reaches the retirement age within the warning period.

One hypothetical transfer per active employee (no new post: the rules about the person, not
the target), evaluated in one go over facts loaded in bulk -- a fixed number of queries
whatever the registry's size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from personnel.models import Employee

from ..models import CaseKind
from .dates import add_months, bup_age, bup_birthday, fmt, retirement_date, span
from .engine import Proposal, ProposedItem, evaluate, parameters
from .facts import Facts

REPORT = "report"
OVERDUE = "overdue_rotation"
RETIRING = "retirement_due"


@dataclass(frozen=True)
class ReportRow:
    nip: str
    name: str
    unit: str
    position: str
    finding: str  # "blocked:<rule>" or one of the flags
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def _row(employee: Employee, finding: str, detail: str) -> ReportRow:
    position = employee.position
    return ReportRow(
        nip=employee.nip,
        name=employee.full_name,
        unit=position.unit.name if position else "-",
        position=position.name if position else "-",
        finding=finding,
        detail=detail,
    )


def registry_report(*, on: date | None = None) -> list[ReportRow]:
    """Every flag on every active employee, by unit and name."""
    on = on or timezone.localdate()
    params = parameters()
    active = Employee.objects.filter(status=Employee.Status.ACTIVE)
    employees = list(
        active.select_related("rank", "position__unit__parent").order_by("position__unit__code", "name", "pk")
    )
    items = [ProposedItem(number=n, employee=e) for n, e in enumerate(employees, 1)]
    proposal = Proposal(kind=CaseKind.TRANSFER, effective_date=on, items=items)
    facts = Facts(proposal, on, employee_ids=active.values("pk"))
    evaluation = evaluate(proposal, stage=REPORT, on=on, params=params, facts=facts)

    flags: dict[int, list[ReportRow]] = {n: [] for n in range(1, len(items) + 1)}
    for finding in evaluation.blocks:
        numbers = [finding.item] if finding.item is not None else finding.facts.get("items", [])
        for number in numbers:
            flags[number].append(_row(items[number - 1].employee, f"blocked:{finding.rule}", finding.message))
    limit, horizon = params["max_years_in_post"], add_months(on, params["retirement_warning_months"])
    for item in items:
        employee = item.employee
        if employee.position_since is not None:
            years, months = span(employee.position_since, on)
            if years >= limit:
                detail = _(
                    "In post since %(since)s, %(years)s years %(months)s months; at most %(max)s years."
                ) % {
                    "since": fmt(employee.position_since),
                    "years": years,
                    "months": months,
                    "max": limit,
                }
                flags[item.number].append(_row(employee, OVERDUE, detail))
        age = bup_age(employee.position, params)
        birthday = bup_birthday(employee.birth_date, age)
        if on <= birthday <= horizon:
            detail = _("Reaches the retirement age of %(age)s on %(birthday)s; TMT pensiun %(tmt)s.") % {
                "age": age,
                "birthday": fmt(birthday),
                "tmt": fmt(retirement_date(employee.birth_date, age)),
            }
            flags[item.number].append(_row(employee, RETIRING, detail))
    return [row for number in sorted(flags) for row in flags[number]]
