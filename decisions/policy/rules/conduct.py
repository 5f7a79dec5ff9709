"""Conduct and obligations: sanctions and proceedings, study leave and service bonds, and
the own-request dismissal (APS) with its deadline and postponement.

Catalogue rules 9, 10 and 20. For an APS the refusal grounds of PP 11/2017 Ps. 240 are the
findings of rules 9 (proceedings, examination, appeal, sanction served) and 10 (bound to
serve); rule 20 adds the 14-working-day deadline and the postponement's limits. Rule 10 also
keeps an employee on study leave out of every transfer and appointment inside the region.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import DisciplinarySanction, Position, Proceeding, ServiceBond

from ..dates import add_years, fmt
from ..engine import BLOCK, WARN, rule, sql_form
from .common import (
    EXTERNAL_TRANSFERS,
    MOVES,
    POSTPONED_UNTIL,
    REQUEST_DATE,
    K,
    data_date,
    finding,
)

BASIS_DISCIPLINE = "PP 94/2021; PP 11/2017 Ps. 240; Peraturan BKN 5/2019"
BASIS_JPT_RECORD = "PP 17/2020; pengumuman seleksi terbuka JPT"
BASIS_BOND = "Peraturan BKN 5/2019; SE Kepala BKN 3/SE/VIII/2019; PP 11/2017 Ps. 240"
# A PNS on study leave of more than six months is released from their post (PP 11/2017 as
# amended by PP 17/2020, on JA, JF and JPT alike): they cannot take up a new one meanwhile.
BASIS_STUDY_LEAVE = (
    "PP 11/2017 sebagaimana diubah PP 17/2020 (diberhentikan dari jabatan karena tugas belajar)"
)
# Moves inside the region: only study leave stands in their way (a service bond binds the
# employee to the region, not to a post).
INTERNAL_MOVES = frozenset(MOVES - EXTERNAL_TRANSFERS)
BASIS_APS = "PP 11/2017 Ps. 238–240"

SERIOUS = (DisciplinarySanction.Level.MEDIUM, DisciplinarySanction.Level.HEAVY)


def _enters_jpt(proposal, item) -> bool:
    target = item.to_position
    return proposal.kind == K.APPOINTMENT_JPT or (
        target is not None and target.kind == Position.Kind.JPT_PRATAMA
    )


@rule(
    id="discipline",
    number=9,
    title=gettext_lazy("No sanction being served, no proceedings pending"),
    basis=BASIS_DISCIPLINE,
    kinds={*MOVES, K.TRANSFER_OUT, K.DISMISSAL_OWN_REQUEST},
)
def discipline(*, proposal, item, facts, params, stage):
    """Blocks while a sanction runs (today or on the effective date) or a proceeding is open;
    for a JPT candidate, a medium or heavy sanction on record is a warning for the panel."""
    employee, on = item.employee, proposal.effective_date
    active = [s for s in facts.sanctions[employee.pk] if s.is_active_on(facts.on) or s.is_active_on(on)]
    pending = [
        p
        for p in facts.proceedings[employee.pk]
        if p.start <= facts.on and (p.end is None or p.end >= facts.on)
    ]
    if active or pending:
        parts = [
            _("sanction “%(kind)s” from %(start)s until %(end)s")
            % {"kind": s.get_kind_display(), "start": fmt(s.start), "end": fmt(s.end) if s.end else "-"}
            for s in active
        ]
        parts += [
            _("%(kind)s pending since %(start)s") % {"kind": p.get_kind_display(), "start": fmt(p.start)}
            for p in pending
        ]
        return finding(
            "discipline",
            BLOCK,
            item=item,
            params=params,
            title=_("Disciplinary sanction or proceedings"),
            message=_("%(name)s: %(parts)s.") % {"name": employee.full_name, "parts": "; ".join(parts)},
            basis=BASIS_DISCIPLINE,
            fix=_("Wait until the sanction has been served and the proceedings have ended."),
            facts={
                "sanctions": [{"kind": s.kind, "start": s.start, "end": s.end} for s in active],
                "proceedings": [{"kind": p.kind, "start": p.start} for p in pending],
            },
        )
    if not _enters_jpt(proposal, item):
        return None
    serious = [s for s in facts.sanctions[employee.pk] if s.level in SERIOUS]
    if not serious:
        return None
    return finding(
        "discipline",
        WARN,
        item=item,
        params=params,
        title=_("Past medium or heavy sanction"),
        message=_("%(name)s was sanctioned: %(list)s.")
        % {
            "name": employee.full_name,
            "list": "; ".join(f"{s.get_kind_display()} ({fmt(s.start)})" for s in serious),
        },
        basis=BASIS_JPT_RECORD,
        fix=_("The selection panel must weigh the record; note its view in the case."),
        facts={"sanctions": [{"kind": s.kind, "level": s.level, "start": s.start} for s in serious]},
    )


def _running_on(day) -> Q:
    """``DisciplinarySanction.is_active_on(day)`` (and a proceeding open on ``day``)."""
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


@sql_form("discipline")
def discipline_sql(*, target, effective_date, on, params):
    """Blocked: a sanction running today or on the effective date, or a proceeding open today."""
    # ``pk IN (...)``: the database reads each table once for the whole registry.
    sanction = DisciplinarySanction.objects.filter(_running_on(on) | _running_on(effective_date))
    proceeding = Proceeding.objects.filter(_running_on(on))
    return Q(pk__in=sanction.values("employee_id")) | Q(pk__in=proceeding.values("employee_id"))


@rule(
    id="service_bond",
    number=10,
    title=gettext_lazy("Not on study leave or bound to serve"),
    basis=f"{BASIS_BOND}; {BASIS_STUDY_LEAVE}",
    kinds={*EXTERNAL_TRANSFERS, K.DISMISSAL_OWN_REQUEST, *INTERNAL_MOVES},
)
def service_bond(*, proposal, item, facts, params, stage):
    """A study leave or service bond that runs on the day of the decision or on the effective
    date blocks leaving the region or the service; a study leave also blocks every transfer
    and appointment inside it."""
    employee, on = item.employee, proposal.effective_date
    internal = proposal.kind in INTERNAL_MOVES
    binding = [
        b
        for b in facts.bonds[employee.pk]
        if any(b.start <= day <= b.end for day in (facts.on, on))
        and (not internal or b.kind == ServiceBond.Kind.STUDY_LEAVE)
    ]
    if not binding:
        return None
    return finding(
        "service_bond",
        BLOCK,
        item=item,
        params=params,
        title=_("Study leave or service bond"),
        message=_("%(name)s is bound: %(list)s.")
        % {
            "name": employee.full_name,
            "list": "; ".join(
                _("%(kind)s from %(start)s until %(end)s")
                % {"kind": b.get_kind_display(), "start": fmt(b.start), "end": fmt(b.end)}
                for b in binding
            ),
        },
        basis=BASIS_STUDY_LEAVE if internal else BASIS_BOND,
        fix=_("Wait until the bond ends on %(end)s, or record its early settlement in the registry.")
        % {"end": fmt(max(b.end for b in binding))},
        facts={"bonds": [{"kind": b.kind, "start": b.start, "end": b.end} for b in binding]},
    )


@sql_form("service_bond")
def service_bond_sql(*, target, effective_date, on, params):
    """Blocked (a move inside the region): a study leave running today or on the effective date."""
    covers = Q(start__lte=on, end__gte=on) | Q(start__lte=effective_date, end__gte=effective_date)
    leave = ServiceBond.objects.filter(covers, kind=ServiceBond.Kind.STUDY_LEAVE)
    return Q(pk__in=leave.values("employee_id"))


@rule(
    id="aps",
    number=20,
    title=gettext_lazy("The request to resign is decided in time, any postponement within a year"),
    basis=BASIS_APS,
    kinds={K.DISMISSAL_OWN_REQUEST},
    per_item=False,
)
def aps(*, proposal, item, facts, params, stage):
    """The request must be decided within ``aps_decision_working_days`` working days (a
    warning once late); a postponement needs its end date, at most a year after the request."""
    data = proposal.data
    requested = data_date(data, REQUEST_DATE)
    if requested is None:
        return finding(
            "aps",
            BLOCK,
            params=params,
            title=_("Date of the request missing"),
            message=_("The case does not record the date of the employee's written request."),
            basis=BASIS_APS,
            fix=_("Enter the date of the request letter (request_date)."),
            facts={"request_date": data.get(REQUEST_DATE)},
        )
    findings = []
    postponed = data.get(POSTPONED_UNTIL)
    if postponed not in (None, ""):
        until = data_date(data, POSTPONED_UNTIL)
        latest = add_years(requested, params["aps_max_postponement_years"])
        if until is None or until > latest:
            findings.append(
                finding(
                    "aps",
                    BLOCK,
                    params=params,
                    title=_("Postponement too long or without an end date"),
                    message=_(
                        "The request of %(requested)s may be postponed until %(latest)s at the latest; the case says “%(until)s”."
                    )
                    % {"requested": fmt(requested), "latest": fmt(latest), "until": postponed},
                    basis=BASIS_APS,
                    fix=_("State the end of the postponement, no later than %(latest)s.")
                    % {"latest": fmt(latest)},
                    facts={"request_date": requested, "postponed_until": postponed, "latest": latest},
                )
            )
        return findings
    days = params["aps_decision_working_days"]
    deadline = facts.add_working_days(requested, days)
    if facts.on > deadline:
        findings.append(
            finding(
                "aps",
                WARN,
                params=params,
                title=_("The decision on the request is late"),
                message=_(
                    "Requested on %(requested)s; it had to be decided within %(days)s working days, by %(deadline)s."
                )
                % {"requested": fmt(requested), "days": days, "deadline": fmt(deadline)},
                basis=BASIS_APS,
                fix=_("Decide the request now, or record a postponement with its end date."),
                facts={"request_date": requested, "deadline": deadline, "working_days": days},
            )
        )
    return findings
