"""Posts and tenure: time in the current post, the JPT's two-year protection, a free place in
the new post, one post per person.

Catalogue rules 11, 12, 14 and 22.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Position

from ...kinds import spec_for
from ..dates import add_years, fmt, span
from ..engine import BLOCK, WARN, rule
from .common import APPOINTMENTS, JPT_EXCEPTION, MOVES, K, filled, finding

BASIS_TENURE = "Peraturan BKN 5/2019 (paling singkat 2 dan paling lama 5 tahun dalam jabatan)"
BASIS_JPT = "UU 5/2014 Ps. 116 (dipertahankan UU 20/2023 [R]); SE MenPANRB 2/2016"
BASIS_VACANCY = "PP 11/2017; Peraturan BKN 5/2019 (peta jabatan, ABK)"
BASIS_CONCURRENT = "PP 11/2017 Ps. 53 (larangan rangkap jabatan)"


@rule(
    id="time_in_post",
    number=11,
    title=gettext_lazy("At least two years in the current post"),
    basis=BASIS_TENURE,
    kinds={K.TRANSFER},
)
def time_in_post(*, proposal, item, facts, params, stage):
    """Less than ``min_years_in_post`` at the effective date: a warning that must be
    justified in writing (a block where the region adopts the I-MUT practice). Five years
    and more ("overdue for rotation") is a flag of the report, not a finding here."""
    employee = item.employee
    if employee.position_since is None:
        return None
    minimum = params["min_years_in_post"]
    years, months = span(employee.position_since, proposal.effective_date)
    if years >= minimum:
        return None
    blocks = params["time_in_post_blocks"]
    return finding(
        "time_in_post",
        BLOCK if blocks else WARN,
        item=item,
        params=params,
        title=_("Less than %(min)s years in post") % {"min": minimum},
        message=_("In post since %(since)s, %(years)s years %(months)s months; at least %(min)s years.")
        % {"since": fmt(employee.position_since), "years": years, "months": months, "min": minimum},
        basis=BASIS_TENURE,
        fix=_("Move the effective date to %(date)s or later, or justify the exception in writing.")
        % {"date": fmt(add_years(employee.position_since, minimum))},
        facts={
            "position_since": employee.position_since,
            "effective_date": proposal.effective_date,
            "years": years,
            "months": months,
            "minimum_years": minimum,
        },
        justification_required=not blocks,
    )


@rule(
    id="jpt_protection",
    number=12,
    title=gettext_lazy("A JPT is not replaced within two years of inauguration"),
    basis=BASIS_JPT,
    kinds={K.TRANSFER, *(APPOINTMENTS - {K.TRANSFER_IN})},
)
def jpt_protection(*, proposal, item, facts, params, stage):
    """Moving a JPT out of their post before ``jpt_protection_years`` blocks, unless the case
    records the exception (a broken law, requirements no longer met) under ``jpt_exception``."""
    employee, current = item.employee, item.current_position
    if current is None or current.kind != Position.Kind.JPT_PRATAMA or employee.position_since is None:
        return None
    if item.to_position is not None and item.to_position.pk == current.pk:
        return None
    protected = params["jpt_protection_years"]
    until = add_years(employee.position_since, protected)
    if proposal.effective_date >= until or filled(proposal.data, JPT_EXCEPTION):
        return None
    years, months = span(employee.position_since, proposal.effective_date)
    return finding(
        "jpt_protection",
        BLOCK,
        item=item,
        params=params,
        title=_("JPT within the two-year protection"),
        message=_(
            "%(name)s was inaugurated as %(position)s on %(since)s, %(years)s years %(months)s months before %(tmt)s; a JPT may not be replaced within %(min)s years."
        )
        % {
            "name": employee.full_name,
            "position": current.name,
            "since": fmt(employee.position_since),
            "years": years,
            "months": months,
            "tmt": fmt(proposal.effective_date),
            "min": protected,
        },
        basis=BASIS_JPT,
        fix=_(
            "Wait until %(date)s, or record the exception (a violation of law, or requirements no longer met) with its evidence."
        )
        % {"date": fmt(until)},
        facts={
            "inaugurated_on": employee.position_since,
            "protected_until": until,
            "years": years,
            "months": months,
        },
    )


@rule(
    id="vacancy",
    number=14,
    title=gettext_lazy("The new position has a free place"),
    basis=BASIS_VACANCY,
    kinds=MOVES,
)
def vacancy(*, proposal, item, facts, params, stage):
    """Holders now, minus those this proposal moves out, plus those it moves in, within the
    position's capacity (ABK)."""
    position = item.to_position
    if position is None:
        return None
    incoming = sum(
        1 for other in proposal.items if other.to_position is not None and other.to_position.pk == position.pk
    )
    if spec_for(proposal.kind).candidates:
        incoming = min(incoming, 1)  # alternative candidates: only the one chosen moves in
    held = facts.holders.get(position.pk, 0) - facts.leaving.get(position.pk, 0)
    if held + incoming <= position.capacity:
        return None
    return finding(
        "vacancy",
        BLOCK,
        item=item,
        params=params,
        title=_("No free place in the position"),
        message=_(
            "%(position)s allows %(capacity)s holder(s) (ABK); %(held)s hold it now and this case adds %(incoming)s."
        )
        % {"position": position.name, "capacity": position.capacity, "held": held, "incoming": incoming},
        basis=BASIS_VACANCY,
        fix=_("Choose a vacant position, move the current holder in the same case, or update the ABK."),
        facts={"capacity": position.capacity, "holders": held, "incoming": incoming},
    )


@rule(
    id="concurrent_posts",
    number=22,
    title=gettext_lazy("One post per person"),
    basis=BASIS_CONCURRENT,
    kinds=MOVES,
    per_item=False,
)
def concurrent_posts(*, proposal, item, facts, params, stage):
    """The registry holds one position per employee and a decision replaces it, so a second
    post can only arise inside one proposal: the same employee named in two items (say a JF
    and an administrator post). A saved case cannot hold that (one item per employee), a
    request being filled in can; each extra item is blocked. An additional task (tugas
    tambahan) is not a post in the registry and is not checked."""
    by_employee = defaultdict(list)
    for item_ in proposal.items:
        by_employee[item_.employee.pk].append(item_)
    findings = []
    for items in by_employee.values():
        for extra in items[1:]:
            posts = [i.to_position.name if i.to_position else "-" for i in items]
            findings.append(
                finding(
                    "concurrent_posts",
                    BLOCK,
                    item=extra,
                    params=params,
                    title=_("Two posts for one employee"),
                    message=_("%(name)s would hold %(posts)s at once.")
                    % {"name": extra.employee.full_name, "posts": ", ".join(posts)},
                    basis=BASIS_CONCURRENT,
                    fix=_("Keep one item per employee; an official may not also hold a functional post."),
                    facts={
                        "items": [i.number for i in items],
                        "positions": [i.to_position.code if i.to_position else None for i in items],
                    },
                )
            )
    return findings
