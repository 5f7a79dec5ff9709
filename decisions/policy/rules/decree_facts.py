"""Facts the decree itself must state rightly: the TMT of a dismissal on death, the masa kerja
golongan a retirement decree needs for the last basic salary and the pension, and the
regulation of a functional post an appointment decree cites.

Catalogue rules 31 (death TMT), 32 (pension particulars) and 33 (JF regulation); the numbers
after the catalogue of reference/domain.md §6.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Position

from ..dates import fmt, survivors_pension_start
from ..engine import BLOCK, WARN, rule
from .common import SIGNING, K, data_date, finding

# The survivors' pension is paid from the month after the death (UU 11/1969 Pasal 24), so the
# dismissal takes effect on the first day of that month (Peraturan BKN 3/2020).
BASIS_DEATH = "UU 11/1969 Ps. 24; Peraturan BKN 3/2020"
# The pension is 2.5% of the last basic salary per year of service (UU 11/1969 Ps. 11 ayat (1));
# the basic salary follows the golongan and the masa kerja golongan (PP 7/1977 as last amended
# by PP 5/2024).
BASIS_PENSION = "UU 11/1969 Ps. 11 ayat (1); PP 5/2024"
BASIS_JF = "PermenPANRB 1/2023"


@rule(
    id="death_tmt",
    number=31,
    title=gettext_lazy("A dismissal on death takes effect on the first day of the next month"),
    basis=BASIS_DEATH,
    kinds={K.DISMISSAL_DEATH},
    per_item=False,
)
def death_tmt(*, proposal, item, facts, params, stage):
    died = data_date(proposal.data, "date_of_death")
    if died is None:
        return finding(
            "death_tmt",
            BLOCK,
            params=params,
            title=_("No date of death"),
            message=_(
                "The case does not record a readable date of death; the effective date follows from it."
            ),
            basis=BASIS_DEATH,
            fix=_("Record the date of death from the death certificate."),
            facts={"date_of_death": proposal.data.get("date_of_death")},
        )
    right = survivors_pension_start(died)
    if proposal.effective_date == right:
        return None
    return finding(
        "death_tmt",
        BLOCK,
        params=params,
        title=_("Wrong effective date for a death"),
        message=_(
            "The employee died on %(died)s, so the dismissal and the survivors' pension take effect on "
            "%(right)s, not on %(tmt)s."
        )
        % {"died": fmt(died), "right": fmt(right), "tmt": fmt(proposal.effective_date)},
        basis=BASIS_DEATH,
        fix=_("Set the effective date to %(date)s.") % {"date": fmt(right)},
        facts={"date_of_death": died, "right_date": right, "effective_date": proposal.effective_date},
    )


@rule(
    id="pension_particulars",
    number=32,
    title=gettext_lazy("A retirement decree can state the last basic salary and the pension"),
    basis=BASIS_PENSION,
    kinds={K.DISMISSAL_RETIREMENT},
)
def pension_particulars(*, proposal, item, facts, params, stage):
    """Blocks the signature while the registry lacks the masa kerja golongan of the rank."""
    employee = item.employee
    if employee.mkg_years is not None:
        return None
    return finding(
        "pension_particulars",
        BLOCK if stage == SIGNING else WARN,
        item=item,
        params=params,
        title=_("Service in grade not recorded"),
        message=_(
            "The registry does not record %(name)s's service in grade (masa kerja golongan) at the rank's "
            "TMT, so the decree cannot state the last basic salary and the pension PT TASPEN pays."
        )
        % {"name": employee.full_name},
        basis=BASIS_PENSION,
        fix=_("Record the service in grade from the last rank decree in the registry."),
        facts={"rank": employee.rank_id, "rank_since": employee.rank_since},
    )


@rule(
    id="functional_regulation",
    number=33,
    title=gettext_lazy("The regulation of the functional post is recorded"),
    basis=BASIS_JF,
    kinds={K.APPOINTMENT_FUNCTIONAL},
)
def functional_regulation(*, proposal, item, facts, params, stage):
    """Warns: without it the decree cannot cite the regulation of the JF it appoints to."""
    target = item.to_position
    if target is None or target.kind != Position.Kind.FUNCTIONAL or target.regulation:
        return None
    return finding(
        "functional_regulation",
        WARN,
        item=item,
        params=params,
        title=_("Regulation of the functional post not recorded"),
        message=_(
            "The position %(position)s does not name the regulation of its functional post, so the decree "
            "will not cite it."
        )
        % {"position": target.name},
        basis=BASIS_JF,
        fix=_("Record the regulation of the functional post on the position in the registry."),
        facts={"position": target.code},
    )
