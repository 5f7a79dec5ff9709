"""Where the employee stands in the service: a CPNS on probation, a PNS temporarily dismissed,
and what each may go through -- catalogue rule 2 (with active_status in status.py) -- and the
requirements of appointing a CPNS as PNS, rule 28.

A CPNS (calon PNS) serves a probation of a year (PP 11/2017 Ps. 34) in the post of the
formation they were selected for, and becomes a PNS by the PPK's decree once they passed the
basic training (Latsar) and are healthy in body and mind (Ps. 36), their performance at
least "baik" [R: the usual requirement, not in Ps. 36's text]. Until then only a PNS may be
appointed to a structural or functional post, transferred or released to another region,
and the PNS dismissals do not apply: a CPNS who resigns or fails is dismissed *as a CPNS*
(Ps. 37; Peraturan BKN 3/2020 Ps. 6), with no pension -- not by a PNS resignation decree.

A PNS temporarily dismissed (pemberhentian sementara, PP 11/2017 Ps. 276-281: a state
office, or detained as a suspect) is removed from their post and can be moved nowhere while
it lasts; a dismissal of them (death, retirement, discipline) remains possible.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Employee, Training

from ...models import Attachment
from ..dates import add_years, fmt
from ..engine import BLOCK, rule, sql_form
from .common import DISMISSALS, EXTERNAL_TRANSFERS, PERSONNEL_ACTIONS, K, finding

BASIS_CPNS = "PP 11/2017 Ps. 34-37 (masa percobaan dan pengangkatan CPNS menjadi PNS)"
BASIS_CPNS_POSTS = "PP 11/2017 sebagaimana diubah PP 17/2020 (persyaratan jabatan: berstatus PNS)"
BASIS_CPNS_DISMISSAL = "PP 11/2017 Ps. 37 [R] (pemberhentian CPNS); Peraturan BKN 3/2020 Ps. 6"
BASIS_SUSPENSION = "PP 11/2017 Ps. 276-281 (pemberhentian sementara); PP 17/2020 (diberhentikan dari jabatan)"
BASIS_PNS_APPOINTMENT = (
    "PP 11/2017 Ps. 34 dan 36 (masa percobaan; lulus pendidikan dan pelatihan, sehat jasmani dan rohani)"
)

# What a CPNS may be the subject of: their appointment as PNS, a dismissal on their death, and
# the amendments of a decree about them (not personnel actions). The rest, grouped by why not.
CPNS_ALLOWED = frozenset({K.APPOINTMENT_PNS, K.DISMISSAL_DEATH})
STOPPED_BY_SUSPENSION = frozenset({*PERSONNEL_ACTIONS - DISMISSALS, K.DISMISSAL_OWN_REQUEST})


def _cpns_reason(kind: str) -> tuple[str, str, str]:
    """(why not, what to do, basis) for a CPNS named in a case of ``kind``."""
    if kind in DISMISSALS:
        return (
            _("a CPNS is dismissed as a CPNS, without pension rights, not by a PNS dismissal decree"),
            _("Drop the CPNS from this case: their dismissal as a CPNS is a decree of its own."),
            BASIS_CPNS_DISMISSAL,
        )
    if kind in EXTERNAL_TRANSFERS or kind == K.TRANSFER:
        return (
            _("a CPNS serves the probation in the post of the formation they were selected for"),
            _("Propose the transfer after the appointment as PNS."),
            BASIS_CPNS,
        )
    return (
        _("only a PNS may be appointed to a post"),
        _("Appoint the CPNS as PNS first; the appointment to the post follows."),
        BASIS_CPNS_POSTS,
    )


@rule(
    id="cpns_status",
    number=2,
    title=gettext_lazy("A CPNS goes only through what the law allows a CPNS"),
    basis=BASIS_CPNS,
    kinds=PERSONNEL_ACTIONS,
)
def cpns_status(*, proposal, item, facts, params, stage):
    """A CPNS is the subject only of their appointment as PNS (or a dismissal on death); the
    appointment as PNS is only for a CPNS."""
    employee = item.employee
    is_cpns = employee.status == Employee.Status.CPNS
    if proposal.kind == K.APPOINTMENT_PNS:
        if is_cpns:
            return None
        return finding(
            "cpns_status",
            BLOCK,
            item=item,
            params=params,
            title=_("Not a CPNS"),
            message=_("%(name)s has the status “%(status)s”; only a CPNS is appointed as PNS.")
            % {"name": employee.full_name, "status": employee.get_status_display()},
            basis=BASIS_CPNS,
            fix=_("Drop the employee from the case, or correct their status in the registry."),
            facts={"status": employee.status, "tmt_pns": employee.tmt_pns},
        )
    if not is_cpns or proposal.kind in CPNS_ALLOWED:
        return None
    why, fix, basis = _cpns_reason(proposal.kind)
    return finding(
        "cpns_status",
        BLOCK,
        item=item,
        params=params,
        title=_("The employee is a CPNS"),
        message=_("%(name)s is a CPNS since %(tmt)s: %(why)s.")
        % {"name": employee.full_name, "tmt": fmt(employee.tmt_cpns), "why": why},
        basis=basis,
        fix=fix,
        facts={"status": employee.status, "tmt_cpns": employee.tmt_cpns, "kind": proposal.kind},
    )


@rule(
    id="temporary_dismissal",
    number=2,
    title=gettext_lazy("No move while temporarily dismissed"),
    basis=BASIS_SUSPENSION,
    kinds=STOPPED_BY_SUSPENSION,
)
def temporary_dismissal(*, proposal, item, facts, params, stage):
    """A temporary dismissal on record that covers the day of the decision or the TMT blocks
    every move (and a resignation: the proceedings behind it come first)."""
    employee = item.employee
    days = {"decided_on": facts.on, "effective_date": proposal.effective_date}
    covered = [key for key, day in days.items() if employee.suspended_on(day)]
    if not covered:
        return None
    until = fmt(employee.suspended_until) if employee.suspended_until else _("further notice")
    return finding(
        "temporary_dismissal",
        BLOCK,
        item=item,
        params=params,
        title=_("Temporarily dismissed"),
        message=_("%(name)s is temporarily dismissed from %(start)s until %(end)s (decree %(decree)s).")
        % {
            "name": employee.full_name,
            "start": fmt(employee.suspended_from),
            "end": until,
            "decree": employee.suspension_decree or "-",
        },
        basis=BASIS_SUSPENSION,
        fix=_("Wait until the employee is reinstated (pengaktifan kembali) and the registry says so."),
        facts={
            "suspended_from": employee.suspended_from,
            "suspended_until": employee.suspended_until,
            "covers": covered,
        },
    )


def _suspended_on(day) -> Q:
    """``Employee.suspended_on(day)`` as a condition."""
    return Q(suspended_from__isnull=False, suspended_from__lte=day) & (
        Q(suspended_until__isnull=True) | Q(suspended_until__gte=day)
    )


@sql_form("temporary_dismissal")
def temporary_dismissal_sql(*, target, effective_date, on, params):
    return _suspended_on(on) | _suspended_on(effective_date)


@rule(
    id="pns_appointment",
    number=28,
    title=gettext_lazy("A CPNS is appointed PNS after the probation, Latsar and a health statement"),
    basis=BASIS_PNS_APPOINTMENT,
    kinds={K.APPOINTMENT_PNS},
)
def pns_appointment(*, proposal, item, facts, params, stage):
    """The probation (``cpns_probation_years`` from the TMT CPNS) complete on the TMT PNS; the
    Latsar passed before the decision; a health statement on file for every CPNS of the case.
    The performance requirement is rule 8's (``skp_years_cpns``)."""
    employee = item.employee
    if employee.status != Employee.Status.CPNS:
        return None  # cpns_status says why
    problems, facts_used = [], {"tmt_cpns": employee.tmt_cpns, "effective_date": proposal.effective_date}
    years = params["cpns_probation_years"]
    probation_end = add_years(employee.tmt_cpns, years)
    facts_used["probation_ends"] = probation_end
    if proposal.effective_date < probation_end:
        problems.append(
            _("the probation of %(years)s year(s) from %(tmt)s runs until %(end)s")
            % {"years": years, "tmt": fmt(employee.tmt_cpns), "end": fmt(probation_end)}
        )
    latsar = [t for t in facts.trainings[employee.pk] if t.kind == Training.Kind.LATSAR and t.end <= facts.on]
    facts_used["latsar"] = [{"certificate": t.certificate_number, "end": t.end} for t in latsar]
    if not latsar:
        problems.append(_("no basic training (Latsar) passed is on record"))
    statements = proposal.attachment_kinds.get(Attachment.Kind.HEALTH_STATEMENT, 0)
    facts_used["health_statements"] = statements
    if statements < len(proposal.items):
        problems.append(
            _("the file holds %(have)s health statement(s) for %(need)s CPNS")
            % {"have": statements, "need": len(proposal.items)}
        )
    if not problems:
        return None
    return finding(
        "pns_appointment",
        BLOCK,
        item=item,
        params=params,
        title=_("Not yet eligible for appointment as PNS"),
        message=_("%(name)s: %(problems)s.") % {"name": employee.full_name, "problems": "; ".join(problems)},
        basis=BASIS_PNS_APPOINTMENT,
        fix=_(
            "Set the TMT PNS after the probation, record the Latsar certificate in the registry and attach a health statement for each CPNS."
        ),
        facts=facts_used,
    )
