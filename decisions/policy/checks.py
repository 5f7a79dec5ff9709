"""The live check while a clerk fills in a request: the proposal built from what was typed,
evaluated as a dry run. Reads only: no row written, no ledger event."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from personnel.models import Employee, Position
from personnel.selectors import opd_of

from ..errors import Invalid, Refused
from ..selectors import user_is_clerk_for_all_units
from ..services import validate_effective_date
from .engine import Evaluation, Proposal, ProposedItem, evaluate

CHECK = "check"
PROPOSE_PERMISSION = "decisions.add_case"

MSG_NOT_CLERK = _("Only clerks may check proposals.")
MSG_UNKNOWN_EMPLOYEE = _("There is no employee with the NIP %(nip)s.")
MSG_UNKNOWN_POSITION = _("There is no position with the code %(code)s.")
# Names the NIP the clerk typed, never the person: a clerk of another unit must not learn
# who holds a NIP from the refusal.
MSG_OUTSIDE_UNIT = _(
    "The employee with NIP %(nip)s does not work in your unit; only BKPSDM clerks may check proposals for other units."
)

_NOT_DIGITS = re.compile(r"\D+")


def _check_scope(actor: AbstractBaseUser, employees: list[Employee]) -> None:
    """The same reach as proposing: a clerk, for their own OPD unless at BKPSDM."""
    if not actor.has_perm(PROPOSE_PERMISSION):
        raise Refused(MSG_NOT_CLERK, code="not_clerk")
    if user_is_clerk_for_all_units(actor):
        return
    opd = opd_of(actor)
    for employee in employees:
        if opd is None or employee.position is None or employee.position.unit.opd != opd:
            raise Refused(MSG_OUTSIDE_UNIT % {"nip": employee.nip_display}, code="outside_unit")


def proposal_from_request(
    *,
    kind: str,
    effective_date: date,
    items: list[dict],
    data: dict | None = None,
    attachment_kinds: list[str] | tuple[str, ...] = (),
) -> Proposal:
    """The proposal a request describes. Items are ``{"employee": NIP, "target_position":
    code}``; employees and positions are read in one query each, whatever their number."""
    nips = [_NOT_DIGITS.sub("", str(item["employee"])) for item in items]
    codes = {item.get("target_position") for item in items} - {None, ""}
    employees = {
        e.nip: e
        for e in Employee.objects.select_related("rank", "position__unit__parent__parent").filter(
            nip__in=nips
        )
    }
    positions = {
        p.code: p
        for p in Position.objects.select_related("unit__parent__parent", "min_rank", "max_rank").filter(
            code__in=codes
        )
    }
    proposed = []
    for number, (nip, item) in enumerate(zip(nips, items, strict=True), 1):
        if nip not in employees:
            message = MSG_UNKNOWN_EMPLOYEE % {"nip": item["employee"]}
            raise Invalid(message, code="unknown_employee", fields={"items": message})
        code = item.get("target_position") or None
        if code is not None and code not in positions:
            message = MSG_UNKNOWN_POSITION % {"code": code}
            raise Invalid(message, code="unknown_position", fields={"items": message})
        employee = employees[nip]
        proposed.append(
            ProposedItem(
                number=number,
                employee=employee,
                to_position=positions.get(code) if code else None,
                from_position=employee.position,
            )
        )
    return Proposal(
        kind=kind,
        effective_date=effective_date,
        items=proposed,
        data=dict(data or {}),
        attachment_kinds=Counter(attachment_kinds),
    )


def policy_check(
    *,
    actor: AbstractBaseUser,
    kind: str,
    effective_date: date,
    items: list[dict],
    data: dict | None = None,
    attachment_kinds: list[str] | tuple[str, ...] = (),
) -> Evaluation:
    """Evaluate a request being filled in, for a clerk who may propose it. A dry run."""
    proposal = proposal_from_request(
        kind=kind, effective_date=effective_date, items=items, data=data, attachment_kinds=attachment_kinds
    )
    employees = [item.employee for item in proposal.items]
    _check_scope(actor, employees)
    validate_effective_date(effective_date, employees)
    return evaluate(proposal, stage=CHECK)
