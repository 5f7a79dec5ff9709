"""When a decision takes effect: never before it is made -- catalogue rule 27 -- and never on
or before the day the employee's current post began -- rule 34.

A decree binds from the day it is set; an effective date (TMT) before that day makes it
retroactive, which UU 30/2014 (Administrasi Pemerintahan) Ps. 58 ayat (6) forbids. The law
itself sets a past TMT for a few kinds -- a dismissal on death takes effect from the death,
a retirement from the TMT pensiun its BUP fixes -- and those kinds are listed, with their
basis, in ``retroactive_allowed_kinds``. The day of the decision is ``facts.on``: at the
signing gate the signing date; at earlier gates today, since the SK cannot be signed before.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..dates import fmt
from ..engine import BLOCK, rule
from .common import DISMISSALS, MOVES, PERSONNEL_ACTIONS, SIGNING, K, finding

BASIS_RETROACTIVE = "UU 30/2014 Ps. 58 ayat (6) (keputusan tidak berlaku surut)"
BASIS_CURRENT_POST = (
    "PP 11/2017 Ps. 53 (satu jabatan pada satu waktu); Peraturan BKN 5/2019 (riwayat jabatan)"
)


@rule(
    id="retroactive",
    number=27,
    title=gettext_lazy("The decision does not take effect before it is made"),
    basis=BASIS_RETROACTIVE,
    kinds=PERSONNEL_ACTIONS,
    per_item=False,
)
def retroactive(*, proposal, item, facts, params, stage):
    tmt, on = proposal.effective_date, facts.on
    if tmt >= on or proposal.kind in params["retroactive_allowed_kinds"]:
        return None
    act = _("the signing date") if stage == SIGNING else _("today, before which the SK cannot be signed")
    return finding(
        "retroactive",
        BLOCK,
        params=params,
        title=_("Retroactive effective date"),
        message=_(
            "The effective date %(tmt)s is before %(act)s (%(on)s): the decision would take effect retroactively."
        )
        % {"tmt": fmt(tmt), "act": act, "on": fmt(on)},
        basis=BASIS_RETROACTIVE,
        fix=_("Set an effective date on or after the day the SK is signed (not before %(on)s).")
        % {"on": fmt(on)},
        facts={"effective_date": tmt, "decided_on": on, "days_before": (on - tmt).days},
    )


@rule(
    id="after_current_post",
    number=34,
    title=gettext_lazy("The decision takes effect after the current post began"),
    basis=BASIS_CURRENT_POST,
    kinds=MOVES | DISMISSALS | {K.TRANSFER_OUT},
)
def after_current_post(*, proposal, item, facts, params, stage):
    """Taking effect ends the employee's current post the day before the TMT. A TMT on or
    before the day that post began -- typically a second decree about the same person that
    another decree, already in effect, overtook -- would end the post before it started and
    leave two decrees claiming the same day: the registry cannot record it, so it blocks,
    and the case must take a later TMT (or the other decree be corrected). Once the case itself
    has taken effect (an appointment's inauguration comes after), its own post is not judged."""
    since = item.employee.position_since
    if item.applied or since is None or proposal.effective_date is None or proposal.effective_date > since:
        return None
    return finding(
        "after_current_post",
        BLOCK,
        item=item,
        params=params,
        title=_("Effective date not after the current post began"),
        message=_(
            "%(name)s has held the current post since %(since)s; a decision taking effect on %(tmt)s "
            "would end that post before or on the day it began."
        )
        % {"name": item.employee.full_name, "since": fmt(since), "tmt": fmt(proposal.effective_date)},
        basis=BASIS_CURRENT_POST,
        fix=_("Set an effective date after %(since)s, or correct the decree that began the current post.")
        % {"since": fmt(since)},
        facts={"position_since": since, "effective_date": proposal.effective_date},
    )
