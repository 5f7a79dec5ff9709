"""Who the employee is and how long they may serve: NIP, status, retirement, JPT age.

Catalogue rules 1 (NIP), 2 (active status), 3 (before the retirement age), 4 (JPT age
limit) and 21 (the TMT of a BUP retirement).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Employee, Position
from personnel.nip import parse_nip

from ..dates import (
    add_months,
    add_years,
    age_on,
    bup_age,
    bup_birthday,
    fmt,
    latest_birth_date_aged,
    latest_birth_date_retired,
    retirement_date,
)
from ..engine import BLOCK, WARN, rule, sql_form
from .common import MOVES, PERSONNEL_ACTIONS, PRESIDENTIAL_EXCEPTION, K, filled, finding

BASIS_NIP = "Perka BKN 22/2007; Perka BKN 43/2007"
BASIS_STATUS = "PP 11/2017"
BASIS_BUP = "UU 20/2023 Ps. 55; PP 11/2017 Ps. 239"
BASIS_JPT_AGE = "PP 11/2017 Ps. 107 sebagaimana diubah PP 17/2020"


@rule(
    id="nip", number=1, title=gettext_lazy("The NIP is well-formed"), basis=BASIS_NIP, kinds=PERSONNEL_ACTIONS
)
def nip(*, proposal, item, facts, params, stage):
    """The registry validates NIPs on entry; this catches rows imported around the validator."""
    employee = item.employee
    try:
        parse_nip(employee.nip)
    except ValidationError as error:
        return finding(
            "nip",
            BLOCK,
            item=item,
            params=params,
            title=_("The NIP is malformed"),
            message=_("The NIP “%(nip)s” of %(name)s cannot be right: %(error)s")
            % {"nip": employee.nip, "name": employee.full_name, "error": " ".join(error.messages)},
            basis=BASIS_NIP,
            fix=_("Correct the NIP in the registry from the employee's SK CPNS."),
            facts={"nip": employee.nip, "error": error.code},
        )
    return None


@rule(
    id="active_status",
    number=2,
    title=gettext_lazy("Employee is an active civil servant"),
    basis=BASIS_STATUS,
    kinds=PERSONNEL_ACTIONS - {K.TRANSFER_IN},
)
def active_status(*, proposal, item, facts, params, stage):
    """Retired, dismissed, deceased, transferred out: no decision about them. A CPNS and a PNS
    temporarily dismissed are still serving; rules cpns_status and temporary_dismissal (in
    standing.py) say what they may go through."""
    employee = item.employee
    if employee.status in Employee.SERVING:
        return None
    return finding(
        "active_status",
        BLOCK,
        item=item,
        params=params,
        title=_("Employee is not active"),
        message=_(
            "%(name)s has the status “%(status)s”; only active civil servants can be the subject of this decision."
        )
        % {"name": employee.full_name, "status": employee.get_status_display()},
        basis=BASIS_STATUS,
        fix=_("Correct the employee's status in the registry, or drop the employee from the case."),
        facts={"status": employee.status},
    )


@rule(
    id="retirement_age",
    number=3,
    title=gettext_lazy("The decision takes effect before the retirement age"),
    basis=BASIS_BUP,
    kinds=(MOVES - {K.TRANSFER_IN}) | {K.TRANSFER_OUT},
)
def retirement_age(*, proposal, item, facts, params, stage):
    """Blocks from the TMT pensiun on; warns when it falls within the warning period."""
    employee = item.employee
    position = item.to_position or employee.position
    age = bup_age(position, params)
    retires_on = retirement_date(employee.birth_date, age)
    facts_used = {
        "birth_date": employee.birth_date,
        "bup_age": age,
        "retirement_date": retires_on,
        "effective_date": proposal.effective_date,
    }
    if proposal.effective_date >= retires_on:
        return finding(
            "retirement_age",
            BLOCK,
            item=item,
            params=params,
            title=_("Effective date is after retirement"),
            message=_(
                "%(name)s retires on %(retires)s (BUP %(age)s years, born %(born)s); the decision would take effect on %(tmt)s."
            )
            % {
                "name": employee.full_name,
                "retires": fmt(retires_on),
                "age": age,
                "born": fmt(employee.birth_date),
                "tmt": fmt(proposal.effective_date),
            },
            basis=BASIS_BUP,
            fix=_("Propose a retirement (BUP) case instead, or correct the effective date."),
            facts=facts_used,
        )
    months = params["retirement_warning_months"]
    if retires_on <= add_months(proposal.effective_date, months):
        return finding(
            "retirement_age",
            WARN,
            item=item,
            params=params,
            title=_("Retirement is near"),
            message=_(
                "%(name)s retires on %(retires)s (BUP %(age)s years), within %(months)s months of the effective date %(tmt)s."
            )
            % {
                "name": employee.full_name,
                "retires": fmt(retires_on),
                "age": age,
                "months": months,
                "tmt": fmt(proposal.effective_date),
            },
            basis=BASIS_BUP,
            fix=_("Check that the move is still worth making this close to retirement."),
            facts=facts_used,
        )
    return None


@sql_form("retirement_age")
def retirement_age_sql(*, target, effective_date, on, params):
    """Blocked: the TMT pensiun at the target's BUP is on or before the effective date."""
    return Q(birth_date__lte=latest_birth_date_retired(bup_age(target, params), effective_date))


@rule(
    id="jpt_age",
    number=4,
    title=gettext_lazy("A JPT candidate is not older than the limit"),
    basis=BASIS_JPT_AGE,
    kinds=MOVES,
)
def jpt_age(*, proposal, item, facts, params, stage):
    """Age in completed years on the planned date (the pelantikan): at most ``jpt_max_age``.

    Applies to whoever enters a JPT post from another kind of post; a rotation between JPT
    posts is not a new selection. A Presidential exception recorded in the case lets it pass.
    """
    target = item.to_position
    if target is None or target.kind != Position.Kind.JPT_PRATAMA:
        return None
    current = item.current_position
    if current is not None and current.kind == Position.Kind.JPT_PRATAMA:
        return None
    limit = params["jpt_max_age"]
    employee = item.employee
    age = age_on(employee.birth_date, proposal.effective_date)
    if age <= limit or filled(proposal.data, PRESIDENTIAL_EXCEPTION):
        return None
    return finding(
        "jpt_age",
        BLOCK,
        item=item,
        params=params,
        title=_("Over the age limit for a JPT post"),
        message=_(
            "%(name)s, born %(born)s, is %(age)s years old on %(tmt)s; a JPT pratama may be at most %(limit)s."
        )
        % {
            "name": employee.full_name,
            "born": fmt(employee.birth_date),
            "age": age,
            "tmt": fmt(proposal.effective_date),
            "limit": limit,
        },
        basis=BASIS_JPT_AGE,
        fix=_("Inaugurate before %(date)s, or record the President's approval of an exception in the case.")
        % {"date": fmt(add_years(employee.birth_date, limit + 1))},
        facts={
            "birth_date": employee.birth_date,
            "age": age,
            "max_age": limit,
            "effective_date": proposal.effective_date,
        },
    )


@sql_form("jpt_age")
def jpt_age_sql(*, target, effective_date, on, params):
    """Blocked: entering a JPT post from another kind older than the limit on the effective
    date (no case data here, so no Presidential exception)."""
    if target.kind != Position.Kind.JPT_PRATAMA:
        return None
    too_old = Q(birth_date__lte=latest_birth_date_aged(params["jpt_max_age"] + 1, effective_date))
    return too_old & ~Q(position__kind=Position.Kind.JPT_PRATAMA)


@rule(
    id="bup_date",
    number=21,
    title=gettext_lazy("A retirement takes effect on the TMT pensiun"),
    basis=BASIS_BUP,
    kinds={K.DISMISSAL_RETIREMENT},
)
def bup_date(*, proposal, item, facts, params, stage):
    """The TMT pensiun is the first day of the month after the BUP birthday; no other date."""
    employee = item.employee
    position = item.current_position
    age = bup_age(position, params)
    birthday = bup_birthday(employee.birth_date, age)
    retires_on = retirement_date(employee.birth_date, age)
    if proposal.effective_date == retires_on:
        return None
    return finding(
        "bup_date",
        BLOCK,
        item=item,
        params=params,
        title=_("Wrong retirement date"),
        message=_(
            "%(name)s, born %(born)s, reaches the retirement age of %(age)s on %(birthday)s, so the TMT pensiun is %(right)s, not %(tmt)s."
        )
        % {
            "name": employee.full_name,
            "born": fmt(employee.birth_date),
            "age": age,
            "birthday": fmt(birthday),
            "right": fmt(retires_on),
            "tmt": fmt(proposal.effective_date),
        },
        basis=BASIS_BUP,
        fix=_("Set the effective date to %(date)s.") % {"date": fmt(retires_on)},
        facts={
            "birth_date": employee.birth_date,
            "bup_age": age,
            "bup_birthday": birthday,
            "retirement_date": retires_on,
            "effective_date": proposal.effective_date,
        },
    )
