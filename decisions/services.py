"""Writing the legal record: drafting a case, its items and its file.

Moving a case along its route is the workflows app's job (workflows/services.py); issuing
the decree is decrees.py's. Every function here has the same shape: one transaction
(``ledger.atomic``), permission and state checks, the change, the ledger event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import services as ledger
from personnel.models import Employee, Position
from personnel.selectors import identity_of, opd_of

from . import tally
from .errors import Conflict, Invalid, Refused
from .kinds import spec_for
from .models import Case, CaseItem, CaseKind, Decree
from .policy.dates import add_years, survivors_pension_start
from .policy.engine import parameters
from .selectors import touched_opds, user_is_clerk_for_all_units

MSG_NOT_CLERK = _("Only clerks may propose cases.")
MSG_NO_UNIT = _("Your account is not linked to a position in a unit, so you cannot propose cases.")
MSG_EMPLOYEE_TWICE = _("The employee with NIP %(nip)s is named more than once in this case.")
# Names the NIP the clerk typed, never the person: a clerk of another unit must not learn
# who holds a NIP from the refusal.
MSG_OUTSIDE_UNIT = _(
    "The employee with NIP %(nip)s does not work in your unit; only BKPSDM clerks may propose cases for other units."
)
MSG_ABOUT_SELF = _("You cannot propose a case about yourself.")
MSG_NO_ITEMS = _("Name at least one employee.")
MSG_ONE_EMPLOYEE = _("This kind of case is about one employee.")
MSG_NOT_ACTIVE = _("%(name)s is not an active employee (status: %(status)s).")
MSG_WRONG_STATUS = _(
    "%(name)s has the status “%(status)s”; this kind of case is for the status “%(expected)s”."
)
MSG_NO_POSITION = _("%(name)s holds no position to move from.")
MSG_TARGET_REQUIRED = _("Choose the new position for %(name)s.")


def one_full_stop(sentence: str) -> str:
    """A sentence that ends with a name ending in a title ("…, S.E., M.H.") ends with one
    full stop, not two."""
    return sentence[:-1] if sentence.endswith("..") else sentence


MSG_TARGET_SAME = _("The new position of %(name)s is the one they already hold.")
MSG_TARGET_INACTIVE = _("The position %(position)s is no longer active.")
MSG_TARGET_ELECTED = _("Elected offices are not filled by personnel decisions.")
MSG_NO_TARGET_EXPECTED = _("This kind of case does not move the employee into a new position.")
MSG_REASON_REQUIRED = _("Write the reason for the proposal.")
MSG_EFFECTIVE_DATE_REQUIRED = _("Give the effective date (TMT).")
MSG_TARGET_DECREE_REQUIRED = _("Name the decree this case corrects or revokes.")
MSG_NO_TARGET_DECREE_EXPECTED = _("Only corrections and revocations name a decree.")
MSG_TARGET_DECREE_REPLACED = _("Decree %(number)s is already %(status)s.")
MSG_NOT_IN_DECREE = _("%(name)s is not in decree %(number)s.")
MSG_NOT_EDITABLE = _("The case is %(status)s and can no longer be changed.")
MSG_NOT_PROPOSER = _("Only the clerk who proposed the case, or a clerk of the same unit, may change it.")
MSG_DATE_BEFORE_SERVICE = _(
    "The effective date %(date)s cannot be right: it is before the TMT CPNS of %(name)s (%(tmt)s)."
)
MSG_DATE_TOO_FAR = _(
    "The effective date %(date)s cannot be right: it is more than %(years)s years ahead (the latest is %(latest)s)."
)

PROPOSE_PERMISSION = "decisions.add_case"


@dataclass(frozen=True)
class ItemInput:
    employee: Employee
    to_position: Position | None = None


def _check_may_propose(actor: AbstractBaseUser, employees: list[Employee]) -> None:
    if not actor.has_perm(PROPOSE_PERMISSION):
        raise Refused(MSG_NOT_CLERK, code="not_clerk")
    opd = opd_of(actor)
    if opd is None:
        raise Refused(MSG_NO_UNIT, code="no_unit")
    for employee in employees:
        if employee.user_id is not None and employee.user_id == actor.pk:
            raise Refused(MSG_ABOUT_SELF, code="about_self")
    if user_is_clerk_for_all_units(actor):
        return
    for employee in employees:
        if employee.position is None or employee.position.unit.opd != opd:
            raise Refused(MSG_OUTSIDE_UNIT % {"nip": employee.nip_display}, code="outside_unit")


def _validate_items(kind: str, items: list[ItemInput]) -> None:
    spec = spec_for(kind)
    if not items:
        raise Invalid(MSG_NO_ITEMS, code="no_items", fields={"items": MSG_NO_ITEMS})
    if len(items) > 1 and not spec.collective and not spec.candidates:
        raise Invalid(MSG_ONE_EMPLOYEE, code="one_employee", fields={"items": MSG_ONE_EMPLOYEE})
    seen = set()
    for item in items:
        if item.employee.pk in seen:
            message = MSG_EMPLOYEE_TWICE % {"nip": item.employee.nip_display}
            raise Invalid(message, code="employee_twice", fields={"items": message})
        seen.add(item.employee.pk)
    for item in items:
        employee = item.employee
        name = employee.full_name
        if spec.subject_status and employee.status != spec.subject_status:
            message = MSG_WRONG_STATUS % {
                "name": name,
                "status": employee.get_status_display(),
                "expected": Employee.Status(spec.subject_status).label,
            }
            raise Invalid(message, code="employee_status", fields={"employee": message})
        if not spec.subject_status and employee.status not in Employee.SERVING:
            message = MSG_NOT_ACTIVE % {"name": name, "status": employee.get_status_display()}
            raise Invalid(message, code="employee_not_active", fields={"employee": message})
        if not spec.target_position:
            if item.to_position is not None:
                raise Invalid(
                    MSG_NO_TARGET_EXPECTED,
                    code="no_target_expected",
                    fields={"target_position": MSG_NO_TARGET_EXPECTED},
                )
            continue
        if item.to_position is None:
            message = one_full_stop(MSG_TARGET_REQUIRED % {"name": name})
            raise Invalid(message, code="target_required", fields={"target_position": message})
        if kind == "transfer" and employee.position is None:
            message = MSG_NO_POSITION % {"name": name}
            raise Invalid(message, code="no_position", fields={"employee": message})
        if item.to_position.pk == employee.position_id:
            message = MSG_TARGET_SAME % {"name": name}
            raise Invalid(message, code="target_same", fields={"target_position": message})
        if not item.to_position.is_active:
            message = MSG_TARGET_INACTIVE % {"position": item.to_position.name}
            raise Invalid(message, code="target_inactive", fields={"target_position": message})
        if item.to_position.kind in Position.ELECTED_KINDS:
            raise Invalid(
                MSG_TARGET_ELECTED, code="target_elected", fields={"target_position": MSG_TARGET_ELECTED}
            )


def _validate_target_decree(kind: str, target_decree, items: list[ItemInput]) -> None:
    """A correction or revocation names a valid decree about the same employees; nothing else
    names one."""
    amends = kind in (CaseKind.CORRECTION, CaseKind.REVOCATION)
    if not amends:
        if target_decree is not None:
            raise Invalid(
                MSG_NO_TARGET_DECREE_EXPECTED,
                code="target_decree_not_expected",
                fields={"target_decree": MSG_NO_TARGET_DECREE_EXPECTED},
            )
        return
    if target_decree is None:
        raise Invalid(
            MSG_TARGET_DECREE_REQUIRED,
            code="target_decree_required",
            fields={"target_decree": MSG_TARGET_DECREE_REQUIRED},
        )
    target_decree = Decree.objects.select_related("case").get(pk=target_decree.pk)  # as it stands now
    if target_decree.status != Decree.Status.VALID:
        message = MSG_TARGET_DECREE_REPLACED % {
            "number": target_decree.number,
            "status": target_decree.get_status_display(),
        }
        raise Invalid(message, code="target_decree_replaced", fields={"target_decree": message})
    covered = set(target_decree.case.items.values_list("employee_id", flat=True))
    for item in items:
        if item.employee.pk not in covered:
            message = MSG_NOT_IN_DECREE % {"name": item.employee.full_name, "number": target_decree.number}
            raise Invalid(message, code="employee_not_in_decree", fields={"employee": message})


def validate_effective_date(effective_date: date, employees: list[Employee]) -> None:
    """Refuse an effective date no decision can have: before an employee's service began
    (the TMT CPNS), or more than ``effective_date_max_years_ahead`` years from today."""
    for employee in employees:
        if effective_date < employee.tmt_cpns:
            message = MSG_DATE_BEFORE_SERVICE % {
                "date": effective_date.strftime("%d-%m-%Y"),
                "name": employee.full_name,
                "tmt": employee.tmt_cpns.strftime("%d-%m-%Y"),
            }
            raise Invalid(message, code="effective_date_out_of_range", fields={"effective_date": message})
    years = parameters()["effective_date_max_years_ahead"]
    today = timezone.localdate()
    latest = add_years(today, years)
    if effective_date > latest:
        message = MSG_DATE_TOO_FAR % {
            "date": effective_date.strftime("%d-%m-%Y"),
            "years": years,
            "latest": latest.strftime("%d-%m-%Y"),
        }
        raise Invalid(message, code="effective_date_out_of_range", fields={"effective_date": message})


def derived_effective_date(kind: str, data: dict) -> date | None:
    """The TMT the law sets from a recorded event: a dismissal on death takes effect on the
    first day of the month after the death (UU 11/1969 Pasal 24)."""
    if kind != CaseKind.DISMISSAL_DEATH:
        return None
    try:
        return survivors_pension_start(date.fromisoformat(str(data.get("date_of_death"))))
    except ValueError:
        return None


def _effective_date(kind: str, given: date | None, data: dict) -> date:
    effective = given or derived_effective_date(kind, data)
    if effective is None:
        raise Invalid(
            MSG_EFFECTIVE_DATE_REQUIRED,
            code="effective_date_required",
            fields={"effective_date": MSG_EFFECTIVE_DATE_REQUIRED},
        )
    return effective


def _validate_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(MSG_REASON_REQUIRED, code="reason_required", fields={"reason": MSG_REASON_REQUIRED})
    return reason


def _touched_units(case: Case) -> set:
    """The units whose clerks see the case: the proposer's and every OPD its items touch."""
    return {case.initiating_unit_id, *(opd.pk for opd in touched_opds(case))}


def item_snapshot(employee: Employee, from_position: Position | None, to_position: Position | None) -> dict:
    """The employee and posts as the decree will show them."""

    def post(position: Position | None) -> dict | None:
        if position is None:
            return None
        return {
            "code": position.code,
            "name": position.name,
            "unit": position.unit.name,
            "opd": position.unit.opd.name,
            "kind": position.kind,
        }

    return {
        "name": employee.name,
        "full_name": employee.full_name,
        "nip": employee.nip,
        "rank": employee.rank.pangkat,
        "golongan": employee.rank.golongan,
        "from": post(from_position),
        "to": post(to_position),
    }


def _add_items(case: Case, items: list[ItemInput], *, first_number: int = 1) -> None:
    CaseItem.objects.bulk_create(
        CaseItem(
            case=case,
            position_in_case=number,
            employee=item.employee,
            from_position=item.employee.position,
            to_position=item.to_position,
            snapshot=item_snapshot(item.employee, item.employee.position, item.to_position),
        )
        for number, item in enumerate(items, first_number)
    )


def case_create(
    *,
    actor: AbstractBaseUser,
    kind: str,
    items: list[ItemInput],
    effective_date: date | None,
    reason: str,
    data: dict | None = None,
    target_decree=None,
) -> Case:
    """Draft a new case. Nothing moves until the clerk submits it. Without an effective date,
    the one the law derives from the case data (a death) is taken."""
    with ledger.atomic():
        _check_may_propose(actor, [item.employee for item in items])
        _validate_items(kind, items)
        _validate_target_decree(kind, target_decree, items)
        reason = _validate_reason(reason)
        data = dict(data or {})
        effective_date = _effective_date(kind, effective_date, data)
        validate_effective_date(effective_date, [item.employee for item in items])
        data["collective"] = len(items) > 1 and spec_for(kind).collective
        case = Case.objects.create(
            kind=kind,
            created_by=actor,
            initiating_unit=opd_of(actor),
            reason=reason,
            effective_date=effective_date,
            data=data,
            target_decree=target_decree,
        )
        tally.created(case)
        _add_items(case, items)
        case.units.set(_touched_units(case))
        ledger.record(
            action="case.created",
            object_type="case",
            object_id=case.pk,
            actor=identity_of(actor),
            data={
                "kind": kind,
                "reference": case.reference,
                "effective_date": effective_date,
                "reason": reason,
                "items": [item.snapshot for item in case.items.all()],
                "data": case.data,
            },
        )
    return case


def lock_case(case_id: int) -> Case:
    """Re-read and lock the case row for the rest of the transaction."""
    assert transaction.get_connection().in_atomic_block
    return Case.objects.select_for_update().get(pk=case_id)


def check_may_edit(case: Case, actor: AbstractBaseUser) -> None:
    """Who first (403 for anyone but the proposer and the clerks of their unit), then when
    (409 once the case is no longer a draft or returned)."""
    same_unit_clerk = actor.has_perm(PROPOSE_PERMISSION) and opd_of(actor) == case.initiating_unit
    if case.created_by_id != actor.pk and not same_unit_clerk:
        raise Refused(MSG_NOT_PROPOSER, code="not_proposer")
    if case.status not in Case.EDITABLE_STATUSES:
        raise Conflict(MSG_NOT_EDITABLE % {"status": case.get_status_display()}, code="not_editable")


def case_update(
    *,
    case: Case,
    actor: AbstractBaseUser,
    effective_date: date | None = None,
    reason: str | None = None,
    data: dict | None = None,
    items: list[ItemInput] | None = None,
) -> Case:
    """Change a draft or a returned case. Only what is passed changes."""
    with ledger.atomic():
        case = lock_case(case.pk)
        check_may_edit(case, actor)
        changes: dict = {}
        if effective_date is not None and effective_date != case.effective_date:
            changes["effective_date"] = [case.effective_date, effective_date]
            case.effective_date = effective_date
        if reason is not None:
            reason = _validate_reason(reason)
            if reason != case.reason:
                changes["reason"] = [case.reason, reason]
                case.reason = reason
        if data is not None:
            merged = {**case.data, **data}
            if merged != case.data:
                changes["data"] = [case.data, merged]
                case.data = merged
            # A corrected date of death moves the derived TMT with it (unless one was given).
            derived = derived_effective_date(case.kind, case.data)
            if effective_date is None and derived is not None and derived != case.effective_date:
                changes["effective_date"] = [case.effective_date, derived]
                case.effective_date = derived
        if items is not None:
            _check_may_propose(actor, [item.employee for item in items])
            _validate_items(case.kind, items)
        if effective_date is not None or items is not None or "effective_date" in changes:
            subjects = (
                [item.employee for item in items]
                if items is not None
                else [item.employee for item in case.items.select_related("employee")]
            )
            validate_effective_date(case.effective_date, subjects)
        if items is not None:
            before = [item.snapshot for item in case.items.all()]
            case.items.all().delete()
            _add_items(case, items)
            case.data["collective"] = len(items) > 1
            changes["items"] = [before, [item.snapshot for item in case.items.all()]]
            case.units.set(_touched_units(case))
        case.save()
        if changes:
            ledger.record(
                action="case.updated",
                object_type="case",
                object_id=case.pk,
                actor=identity_of(actor),
                data={"changes": changes},
            )
    return case


def refresh_snapshots(case: Case) -> None:
    """Freeze each item as it stands now (at submission): what the decree will show."""
    for item in case.items.select_related(
        "employee__rank", "from_position__unit__parent", "to_position__unit__parent"
    ):
        item.from_position = item.employee.position if case.kind != "transfer_in" else None
        item.snapshot = item_snapshot(item.employee, item.from_position, item.to_position)
        item.save(update_fields=["from_position", "snapshot"])
