"""When a decision takes effect: never before it is made -- catalogue rule 27.

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
from .common import PERSONNEL_ACTIONS, SIGNING, finding

BASIS_RETROACTIVE = "UU 30/2014 Ps. 58 ayat (6) (keputusan tidak berlaku surut)"


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
