"""The election freeze on replacing officials (UU 10/2016 Ps. 71(2), 162(3); PP 49/2008
Ps. 132A) -- catalogue rule 13.

The calendar is data (ElectionPeriod). The window runs from ``election_freeze_months_before``
months before the candidate pairs are set until the end of the incumbent's term, and again
from the new head's inauguration for ``election_freeze_months_after`` months (the last day
is the one before the same day of that month). Inside it, replacing an official -- a move
into or out of a structural post, or of a post named in ``election_freeze_position_codes``
(a JF with an additional leadership task: Kepala Puskesmas, Kepala Sekolah) -- needs the
Minister's written approval: its number, date and scan. With the approval on file, a
warning reminds that the replacement must be reported within seven working days.

Pasal 71(2) forbids the regional head to *replace* officials: the act is the decree, so
the freeze is judged on the day of the decision (``facts.on``; at the signing gate, the
signing date) as well as on the TMT. The Minister's approval counts only if it is dated
on or before that day: an approval given after the act does not make the act lawful.

An acting regional head (Plt, Pj) needs the Minister's written approval for every transfer
and appointment, in or out of an election (PP 49/2008 Ps. 132A): checked at signing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import Attachment
from ..dates import add_months, fmt
from ..engine import BLOCK, WARN, rule
from .common import (
    MINISTER_APPROVAL_DATE,
    MINISTER_APPROVAL_NUMBER,
    MOVES,
    SIGNING,
    STRUCTURAL,
    K,
    data_date,
    filled,
    finding,
)

BASIS_ELECTION = "UU 10/2016 Ps. 71 ayat (2) dan Ps. 162 ayat (3); SE Mendagri 100.2.1.3/1575/SJ"
BASIS_ACTING = "PP 49/2008 Ps. 132A; UU 10/2016 Ps. 71 ayat (4)"
FROZEN_KINDS = {*MOVES, K.TRANSFER_OUT}


def freeze_windows(election, params) -> list[tuple[str, object, object]]:
    """The election's windows as (name, first day, last day), both days inclusive."""
    windows = [
        (
            "before_election",
            add_months(election.candidates_set_on, -params["election_freeze_months_before"]),
            election.term_end,
        )
    ]
    if election.inauguration_on is not None:
        after = add_months(election.inauguration_on, params["election_freeze_months_after"])
        windows.append(("after_inauguration", election.inauguration_on, after - timedelta(days=1)))
    return windows


def replaces_an_official(item, params) -> bool:
    codes = set(params["election_freeze_position_codes"])
    return any(
        position is not None and (position.kind in STRUCTURAL or position.code in codes)
        for position in (item.to_position, item.current_position)
    )


def minister_approval(proposal) -> dict | None:
    """The Minister's written approval, if the case holds all of it (number, date, scan)."""
    data = proposal.data
    approved_on = data_date(data, MINISTER_APPROVAL_DATE)
    if not filled(data, MINISTER_APPROVAL_NUMBER) or approved_on is None:
        return None
    if Attachment.Kind.MINISTER_APPROVAL not in proposal.attachment_kinds:
        return None
    return {"number": str(data[MINISTER_APPROVAL_NUMBER]), "date": approved_on}


def approval_after_act(approval, facts, params, rule_id: str, facts_used: dict):
    """A block when the approval on file is dated after the day of the act; else None."""
    if approval is None or approval["date"] <= facts.on:
        return None
    return finding(
        rule_id,
        BLOCK,
        params=params,
        title=_("The Minister's approval is dated after the act"),
        message=_(
            "The Minister's approval No. %(number)s is dated %(date)s, after the decision of %(on)s; an approval must come before the act it allows."
        )
        % {"number": approval["number"], "date": fmt(approval["date"]), "on": fmt(facts.on)},
        basis=BASIS_ELECTION if rule_id == "election_freeze" else BASIS_ACTING,
        fix=_("Sign only after the date of the Minister's approval, or correct its recorded date."),
        facts={**facts_used, "approval": approval, "decided_on": facts.on},
    )


@rule(
    id="election_freeze",
    number=13,
    title=gettext_lazy("No replacement of officials in the election window without the Minister's approval"),
    basis=BASIS_ELECTION,
    kinds=FROZEN_KINDS,
    per_item=False,
)
def election_freeze(*, proposal, item, facts, params, stage):
    covered = [i for i in proposal.items if replaces_an_official(i, params)]
    if not covered:
        return None
    on = proposal.effective_date
    # The decision's own day (the signing date at the signing gate) and the TMT.
    days = {"decided_on": facts.on, "effective_date": on}
    hits = [
        (election, name, first, last, [key for key, day in days.items() if first <= day <= last])
        for election in facts.elections
        for name, first, last in freeze_windows(election, params)
        if any(first <= day <= last for day in days.values())
    ]
    if not hits:
        return None
    election, window, first, last, inside = hits[0]
    names = ", ".join(i.employee.full_name for i in covered)
    facts_used = {
        "election": election.name,
        "window": window,
        "window_start": first,
        "window_end": last,
        "effective_date": on,
        "decided_on": facts.on,
        "inside": inside,
        "items": [i.number for i in covered],
    }
    labels = {
        "decided_on": _("the signing date") if stage == SIGNING else _("the decision date"),
        "effective_date": _("the effective date"),
    }
    parts = [_("%(what)s %(date)s") % {"what": labels[key], "date": fmt(days[key])} for key in inside]
    when = (
        parts[0]
        if len(parts) == 1
        else _("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
    )
    approval = minister_approval(proposal)
    late = approval_after_act(approval, facts, params, "election_freeze", facts_used)
    if late is not None:
        return late
    if approval is None:
        return finding(
            "election_freeze",
            BLOCK,
            params=params,
            title=_("Election freeze: the Minister's approval is required"),
            message=_(
                "%(when)s falls in the freeze of “%(election)s” (%(start)s to %(end)s); replacing officials (%(names)s) needs the written approval of the Minister of Home Affairs."
            )
            % {
                "when": capfirst(when),
                "election": election.name,
                "start": fmt(first),
                "end": fmt(last),
                "names": names,
            },
            basis=BASIS_ELECTION,
            fix=_(
                "Record the Minister's approval (number and date, not after the signing) and attach its scan, or decide and set the effective date outside the window."
            ),
            facts=facts_used,
        )
    days = params["election_report_working_days"]
    report_by = facts.add_working_days(on, days)
    return finding(
        "election_freeze",
        WARN,
        params=params,
        title=_("Report the replacement to the Minister"),
        message=_(
            "Approved by the Minister (No. %(number)s of %(date)s) inside the freeze of “%(election)s”: report the replacement within %(days)s working days of %(tmt)s, by %(report_by)s."
        )
        % {
            "number": approval["number"],
            "date": fmt(approval["date"]),
            "election": election.name,
            "days": days,
            "tmt": fmt(on),
            "report_by": fmt(report_by),
        },
        basis=BASIS_ELECTION,
        fix=_("Send the report to the Ministry of Home Affairs by %(date)s.") % {"date": fmt(report_by)},
        facts={**facts_used, "approval": approval, "report_by": report_by},
    )


@rule(
    id="acting_head_approval",
    number=13,
    title=gettext_lazy("An acting regional head transfers only with the Minister's approval"),
    basis=BASIS_ACTING,
    kinds=FROZEN_KINDS,
    per_item=False,
)
def acting_head_approval(*, proposal, item, facts, params, stage):
    """At signing: a signer acting for the regional head needs the Minister's approval."""
    if stage != SIGNING or facts.signer is None or facts.signer.acting is None:
        return None
    acting = facts.signer.acting
    approval = minister_approval(proposal)
    late = approval_after_act(approval, facts, params, "acting_head_approval", {"acting": acting.kind})
    if late is not None:
        return late
    if approval is not None:
        return None
    return finding(
        "acting_head_approval",
        BLOCK,
        params=params,
        title=_("Acting regional head: the Minister's approval is required"),
        message=_(
            "The signer acts as %(kind)s regional head (decree %(decree)s); transfers and appointments signed by an acting head need the written approval of the Minister of Home Affairs."
        )
        % {"kind": acting.get_kind_display(), "decree": acting.decree_number},
        basis=BASIS_ACTING,
        fix=_("Record the Minister's approval (number and date) and attach its scan before signing."),
        facts={
            "acting": acting.kind,
            "decree_number": acting.decree_number,
            "start": acting.start,
            "end": acting.end,
        },
    )
