"""The file a decision needs: the complete file of an inter-region transfer, the recorded
pertek before signing, and the region's own caps on incoming transfers.

Catalogue rules 18, 19 and 26.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import Attachment
from ..dates import age_on, fmt
from ..engine import BLOCK, WARN, rule
from .common import (
    EXTERNAL_TRANSFERS,
    FINAL_ISSUER,
    PERSONNEL_ACTIONS,
    PERTEK_DATE,
    PERTEK_NUMBER,
    SIGNING,
    K,
    data_date,
    filled,
    finding,
)

BASIS_EXTERNAL = "SE Kepala BKN 3/SE/VIII/2019; Peraturan BKN 5/2019; Permendagri 58/2019"
BASIS_PERTEK = "PP 11/2017 Ps. 307; SE Kepala BKN 7/2024 (I-MUT)"
BASIS_REGIONAL = "Ketentuan daerah tentang penerimaan pindahan PNS"

ISSUERS = ("gubernur", "mendagri")
LABELS = dict(Attachment.Kind.choices)
# Where the other region is, per kind: the province decides who issues the SK.
OTHER_PROVINCE = {K.TRANSFER_IN: "origin_province", K.TRANSFER_OUT: "destination_province"}


def expected_issuer(proposal) -> str | None:
    """Same province: the Governor issues the SK; another province: the Minister."""
    other = str(proposal.data.get(OTHER_PROVINCE[proposal.kind]) or "").strip().lower()
    if not other:
        return None
    ours = settings.SAHIH_REGION["province"].strip().lower()
    return "gubernur" if other == ours else "mendagri"


@rule(
    id="external_file",
    number=18,
    title=gettext_lazy("The file of an inter-region transfer is complete"),
    basis=BASIS_EXTERNAL,
    kinds=EXTERNAL_TRANSFERS,
    per_item=False,
)
def external_file(*, proposal, item, facts, params, stage):
    """Every document of ``external_transfer_file`` in the number asked (SKP: two years),
    and the authority that issues the final SK chosen -- and consistent with the province."""
    files = proposal.attachment_kinds
    wanted = params["external_transfer_file"]
    missing = {
        kind: count - files.get(kind, 0) for kind, count in wanted.items() if files.get(kind, 0) < count
    }
    problems = [
        _("%(document)s (%(count)s missing)") % {"document": LABELS.get(kind, kind), "count": count}
        for kind, count in missing.items()
    ]
    issuer = str(proposal.data.get(FINAL_ISSUER) or "").strip().lower()
    expected = expected_issuer(proposal)
    if issuer not in ISSUERS:
        problems.append(_("who issues the final SK (the Governor or the Minister) is not chosen"))
    elif expected is not None and issuer != expected:
        problems.append(
            _("the final SK is issued by the %(expected)s for this transfer, not the %(issuer)s")
            % {"expected": expected.title(), "issuer": issuer.title()}
        )
    if not problems:
        return None
    return finding(
        "external_file",
        BLOCK,
        params=params,
        title=_("Incomplete transfer file"),
        message=_("The file of the transfer lacks: %(problems)s.") % {"problems": "; ".join(problems)},
        basis=BASIS_EXTERNAL,
        fix=_("Attach the missing documents and choose who issues the final SK."),
        facts={
            "missing": missing,
            "attachments": dict(files),
            "final_issuer": issuer or None,
            "expected_issuer": expected,
        },
    )


@rule(
    id="pertek",
    number=19,
    title=gettext_lazy("The BKN technical approval (pertek) is recorded before signing"),
    basis=BASIS_PERTEK,
    kinds=PERSONNEL_ACTIONS,
    per_item=False,
)
def pertek(*, proposal, item, facts, params, stage):
    """Only at the signing gate, for the kinds in ``pertek_required_kinds``: the pertek's
    number and date (not after the signing day) must be in the case."""
    if stage != SIGNING or proposal.kind not in params["pertek_required_kinds"]:
        return None
    number, dated = proposal.data.get(PERTEK_NUMBER), data_date(proposal.data, PERTEK_DATE)
    if filled(proposal.data, PERTEK_NUMBER) and dated is not None and dated <= facts.on:
        return None
    return finding(
        "pertek",
        BLOCK,
        params=params,
        title=_("No pertek recorded"),
        message=_(
            "The SK cannot be signed before BKN's technical approval: pertek number “%(number)s”, date %(date)s."
        )
        % {"number": number or "-", "date": fmt(dated) if dated else "-"},
        basis=BASIS_PERTEK,
        fix=_("Record the pertek's number and date (not later than today) in the case, then sign."),
        facts={
            "pertek_number": number,
            "pertek_date": proposal.data.get(PERTEK_DATE),
            "signing_date": facts.on,
        },
    )


@rule(
    id="regional_caps",
    number=26,
    title=gettext_lazy("Incoming transfers within the region's age and rank caps"),
    basis=BASIS_REGIONAL,
    kinds={K.TRANSFER_IN},
)
def regional_caps(*, proposal, item, facts, params, stage):
    """The region's own caps (``incoming_transfer_caps``; off while both are null), except
    for posts in the exempt units (teachers and health staff, say)."""
    caps = params["incoming_transfer_caps"]
    max_age, max_rank = caps.get("max_age"), caps.get("max_rank")
    if max_age is None and max_rank is None:
        return None
    target, employee = item.to_position, item.employee
    if target is not None and target.unit.opd.code in caps.get("exempt_units", []):
        return None
    age = age_on(employee.birth_date, proposal.effective_date)
    problems = []
    if max_age is not None and age > max_age:
        problems.append(_("aged %(age)s, the cap is %(cap)s") % {"age": age, "cap": max_age})
    if max_rank is not None and employee.rank_id > max_rank:
        problems.append(
            _("rank %(rank)s, the cap is %(cap)s")
            % {"rank": facts.golongan(employee.rank_id), "cap": facts.golongan(max_rank)}
        )
    if not problems:
        return None
    return finding(
        "regional_caps",
        BLOCK if caps.get("severity", BLOCK) == BLOCK else WARN,
        item=item,
        params=params,
        title=_("Outside the region's caps for incoming transfers"),
        message=_("%(name)s: %(problems)s.") % {"name": employee.full_name, "problems": "; ".join(problems)},
        basis=BASIS_REGIONAL,
        fix=_("Only the region's exempt posts accept transfers beyond the caps."),
        facts={
            "age": age,
            "rank": facts.golongan(employee.rank_id),
            "max_age": max_age,
            "max_rank": max_rank,
        },
    )
