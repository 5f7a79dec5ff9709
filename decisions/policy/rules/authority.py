"""Who may sign: catalogue rule 23 (signer authority), checked at the signing gate.

Not implemented, on purpose: rule 24 (SK number unique per classification, unit and year)
is the decree service's job, enforced by a database constraint at numbering; rule 25
(conflict of interest: proposer or approver related to the subject) needs declared
relations, which the registry does not hold -- the one conflict it can see, the proposer or
an approver being the subject, is already refused by the task service.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import CaseKind
from ..dates import fmt
from ..engine import BLOCK, rule
from .common import SIGNING, finding

BASIS_SIGNER = "UU 23/2014 (kepala daerah sebagai PPK); PP 11/2017 Ps. 3; Permendagri 1/2023 Ps. 44"


def signing_basis(proposal, facts, params) -> str | None:
    """ "elected", "plt"/"plh" or "delegated" when the signer may sign this case; else None."""
    signer = facts.signer
    if signer.elected is not None:
        return "elected"
    if signer.acting is not None and signer.acting.kind in params["acting_may_sign"]:
        return signer.acting.kind
    for delegate in params["signing_delegates"]:
        kinds = delegate.get("kinds") or []
        if signer.position_code == delegate.get("position") and (not kinds or proposal.kind in kinds):
            return "delegated"
    return None


@rule(
    id="signer_authority",
    number=23,
    title=gettext_lazy("The signer has the authority to sign"),
    basis=BASIS_SIGNER,
    kinds=set(CaseKind.values),
    per_item=False,
)
def signer_authority(*, proposal, item, facts, params, stage):
    """The regional head in office on the signing day, an acting official (Plt/Plh, as
    ``acting_may_sign`` allows) whose decree covers the day, or a delegate named in
    ``signing_delegates`` (the position whose holder signs "a.n.", for which kinds)."""
    if stage != SIGNING or facts.signer is None:
        return None
    if signing_basis(proposal, facts, params) is not None:
        return None
    signer = facts.signer
    latest = signer.latest_acting
    detail = (
        _("their %(kind)s decree %(decree)s ran from %(start)s to %(end)s")
        % {
            "kind": latest.get_kind_display(),
            "decree": latest.decree_number,
            "start": fmt(latest.start),
            "end": fmt(latest.end),
        }
        if latest is not None
        else _("they are not the regional head, not acting for the office, and not a named delegate")
    )
    return finding(
        "signer_authority",
        BLOCK,
        params=params,
        title=_("The signer has no authority"),
        message=_("%(user)s may not sign this decree on %(date)s: %(detail)s.")
        % {
            "user": signer.user.get_full_name() or signer.user.get_username(),
            "date": fmt(facts.on),
            "detail": detail,
        },
        basis=BASIS_SIGNER,
        fix=_(
            "Have the regional head sign, or record the acting decree or the delegation that covers today."
        ),
        facts={
            "signer": signer.user.get_username(),
            "signing_date": facts.on,
            "position": signer.position_code,
            "acting": (
                {
                    "kind": latest.kind,
                    "decree": latest.decree_number,
                    "start": latest.start,
                    "end": latest.end,
                }
                if latest is not None
                else None
            ),
        },
    )
