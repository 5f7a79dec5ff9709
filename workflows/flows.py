"""The routes, one viewflow Flow per decision kind. Declarations only: who decides each
stage (approvers.py), what each stage asks for, where each outcome leads. The task service
(services.py) drives them; procedures follow reference/domain.md §1.

Every route starts with ``start`` (the clerk's submission), continues at ``review``, sends
returned cases to ``revise`` (the clerk edits and resubmits, and the route starts again at
``review``) and ends at ``signed`` or ``rejected``. Withdrawal cancels the process.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock

from decisions import policy
from decisions.models import CaseKind
from decisions.selectors import touched_opds

from . import effects
from .approvers import (
    case_creator,
    committee_member,
    head_of,
    head_of_office,
    head_of_task_unit,
    pool,
    regional_head,
    subject_opd_head,
)
from .deadlines import add_working_days
from .models import CaseProcess, Committee
from .nodes import Actions, CaseEnd, CaseJoin, Fact, FanOut, Outcome, Record, Stage, before_the_join

VERIFY = "personnel.verify_cases"
ASSESSMENT_COMMITTEE = "tim_penilai_kinerja"


def usual_pertek_issuer() -> str:
    return settings.SAHIH_DECREE["pertek_issuer"]


# The decree credits the pertek to whoever issued it (for this city usually the Head of
# Kanreg VI BKN in Medan); the verifier records who did, or leaves the usual issuer.
PERTEK = Record(
    facts=(
        Fact("pertek_number", _("Pertek number (I-MUT)")),
        Fact("pertek_date", _("Pertek date"), "date"),
        Fact("pertek_issuer", _("Issued by"), default=usual_pertek_issuer),
    ),
    document="pertek",
)
INAUGURATION = Record(facts=(Fact("inauguration_date", _("Inauguration date"), "date"),))
OATH = Record(facts=(Fact("oath_date", _("Date of the oath of office (sumpah/janji PNS)"), "date"),))
POSTPONEMENT = Record(facts=(Fact("postponed_until", _("Postponed until"), "date"),), action="postpone")
CHOICE = Record(facts=(Fact("chosen_item", _("Chosen candidate"), "item"),))


class CaseRoute:
    """What every route shares. A mixin, not a Flow: viewflow copies these nodes into each
    flow that inherits them, so each route resolves ``this.review`` to its own node."""

    process_class = CaseProcess
    # A real row lock on PostgreSQL; required by the Joins after fan-outs.
    lock_impl = select_for_update_lock

    start = flow.StartHandle(this.start_case).Next(this.review)
    revise = Stage(
        "revision",
        title=_("Revision by the proposer"),
        approver=case_creator,
        actions=Actions.RESUBMIT,
        waiting_status="returned",
    ).Next(this.review)
    signed = CaseEnd(outcome="signed")
    rejected = CaseEnd(outcome="rejected")

    def start_case(self, activation, case):
        activation.process.save()
        case.process = activation.process
        case.save(update_fields=["process"])
        activation.process.case = case  # the nodes read the locked case from here
        return activation.process

    def on_submitted(self, case) -> None:
        """Called at each submission, before the route runs: set case-level deadlines."""

    # -- fan-outs: one approval per unit head, one vote per committee member ---------------

    def unit_heads(self, activation) -> list[dict]:
        return [{"unit": unit.code} for unit in touched_opds(activation.process.case)]

    def committee_members(self, activation) -> list[dict]:
        committee = Committee.objects.get(code=ASSESSMENT_COMMITTEE)
        members = list(committee.members.filter(is_active=True).order_by("pk"))
        return [
            {
                "member": user.pk,
                "name": user.get_full_name() or user.get_username(),
                "committee": committee.code,
                "size": len(members),
            }
            for user in members
        ]

    @staticmethod
    def _branch_tasks(activation):
        """The tasks that reached the Join just before this gateway; read once per gateway
        activation, since its cases ask one after the other (nothing changes in between)."""
        cached = getattr(activation, "branch_tasks_read", None)
        if cached is None:
            cached = activation.branch_tasks_read = before_the_join(activation.task)
        return cached

    def branch_refused(self, activation, active_tasks) -> bool:
        """Join condition: a head returned or rejected; the other heads need not decide."""
        return any(
            task.data.get("outcome") in (Outcome.RETURNED, Outcome.REJECTED) for task in activation.incoming()
        )

    def branch_returned(self, activation) -> bool:
        return any(task.data.get("outcome") == Outcome.RETURNED for task in self._branch_tasks(activation))

    def branch_rejected(self, activation) -> bool:
        return any(task.data.get("outcome") == Outcome.REJECTED for task in self._branch_tasks(activation))

    def committee_decided(self, activation, active_tasks) -> bool:
        """Join condition: the votes cast already decide under the committee's rule."""
        return effects.committee_result(activation.task, decided_only=True) is not None

    def committee_rejected(self, activation) -> bool:
        join = activation.task.previous.get()
        return effects.committee_result(join, decided_only=False) == Outcome.REJECTED


# -- stages shared by several routes ----------------------------------------------------------


def verification_stage() -> Stage:
    return Stage("verification", title=_("Verification by BKPSDM"), approver=pool("personnel_agency", VERIFY))


def pertek_stage() -> Stage:
    return Stage(
        "pertek",
        title=_("BKN technical approval (pertek)"),
        approver=pool("personnel_agency", VERIFY),
        actions=Actions.RECORD,
        records=(PERTEK,),
    )


def agency_head_stage(**kwargs) -> Stage:
    return Stage(
        "agency_head",
        title=_("Approval by the Head of BKPSDM"),
        approver=head_of_office("personnel_agency"),
        **kwargs,
    )


def secretary_stage() -> Stage:
    return Stage(
        "secretary", title=_("Approval by the Regional Secretary"), approver=head_of_office("secretariat")
    )


def signing_stage() -> Stage:
    return Stage(
        "signing",
        title=_("Signing by the regional head"),
        approver=regional_head,
        actions=Actions.SIGN,
        authority="regional_head",
    )


def inauguration_stage() -> Stage:
    return Stage(
        "inauguration",
        title=_("Inauguration recorded"),
        approver=pool("personnel_agency", VERIFY),
        actions=("record",),
        records=(INAUGURATION,),
    )


def unit_head_stage() -> Stage:
    return Stage("unit_head", title=_("Approval by the unit head"), approver=head_of_task_unit)


def proposer_head_stage() -> Stage:
    return Stage(
        "proposer_head",
        title=_("Approval of the proposal by the head of the unit"),
        approver=head_of(lambda case: case.initiating_unit),
    )


def committee_stage() -> Stage:
    return Stage(
        "committee_vote",
        title=_("Vote of the performance assessment team"),
        approver=committee_member,
        actions=Actions.VOTE,
    )


# -- the routes ---------------------------------------------------------------------------------


class TransferRoute(CaseRoute):
    """The heads of every OPD the case moves someone out of or into approve in parallel (one
    approval when the move stays inside one OPD); BKPSDM verifies; the Head of BKPSDM and
    the Regional Secretary approve; the regional head signs."""

    review = FanOut(this.unit_heads).Next(this.unit_head)
    unit_head = unit_head_stage().Next(this.heads_join).OnReturn(this.heads_join).OnReject(this.heads_join)
    heads_join = CaseJoin(continue_on_condition=this.branch_refused).Next(this.heads_gate)
    heads_gate = (
        flow.Switch()
        .Case(this.revise, this.branch_returned)
        .Case(this.rejected, this.branch_rejected)
        .Default(this.verification)
    )
    verification = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.secretary).OnReturn(this.revise).OnReject(this.rejected)
    secretary = secretary_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class TransferFlow(TransferRoute, flow.Flow):
    """Transfer between units

    The heads of every OPD the case moves someone out of or into approve in parallel (one
    approval when the move stays inside one OPD); BKPSDM verifies; the Head of BKPSDM and
    the Regional Secretary approve; the regional head signs. A rotation of many employees
    is one case of this kind, with one SK and its annex.
    """


class AppointmentRoute(CaseRoute):
    """OPD proposal → the performance assessment team's votes → BKPSDM verification → BKN
    pertek → Sekda → the regional head signs → the inauguration date is recorded."""

    review = proposer_head_stage().Next(this.committee).OnReturn(this.revise).OnReject(this.rejected)
    committee = FanOut(this.committee_members).Next(this.committee_vote)
    committee_vote = committee_stage().Next(this.committee_join).OnReject(this.committee_join)
    committee_join = flow.Join(continue_on_condition=this.committee_decided).Next(this.committee_gate)
    committee_gate = flow.Switch().Case(this.rejected, this.committee_rejected).Default(this.verification)
    verification = verification_stage().Next(this.pertek).OnReturn(this.revise).OnReject(this.rejected)
    pertek = pertek_stage().Next(this.secretary).OnReturn(this.revise).OnReject(this.rejected)
    secretary = secretary_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.inauguration).OnReturn(this.revise).OnReject(this.rejected)
    inauguration = inauguration_stage().Next(this.signed)


class AppointmentStructuralFlow(AppointmentRoute, flow.Flow):
    """Appointment to an administrator or supervisor post"""


class AppointmentFunctionalFlow(AppointmentRoute, flow.Flow):
    """Appointment to a functional post

    First appointment, transfer in or promotion; the competency test result is in the file.
    """


class AppointmentJptFlow(CaseRoute, flow.Flow):
    """Appointment to a JPT pratama post after open selection

    The selection panel's best three (with scores) are the case's candidates; the regional
    head picks one; the BKN pertek is recorded; the regional head signs.
    """

    review = verification_stage().Next(this.selection).OnReturn(this.revise).OnReject(this.rejected)
    selection = (
        Stage(
            "selection",
            title=_("Choice of the candidate by the regional head"),
            approver=regional_head,
            actions=Actions.CHOOSE,
            records=(CHOICE,),
            effect=effects.keep_chosen_candidate,
            authority="regional_head",
        )
        .Next(this.pertek)
        .OnReturn(this.revise)
        .OnReject(this.rejected)
    )
    pertek = pertek_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.inauguration).OnReturn(this.revise).OnReject(this.rejected)
    inauguration = inauguration_stage().Next(this.signed)


class AppointmentPnsFlow(CaseRoute, flow.Flow):
    """Appointment of CPNS as civil servants (PNS)

    Usually one case for a whole intake: BKPSDM verifies the probation, the basic training
    (Latsar), the health statements and the ratings; the Head of BKPSDM approves; the
    regional head signs; BKPSDM records the day they took the oath of office (sumpah/janji
    PNS, UU 20/2023), which goes into the registry. The status becomes PNS on the TMT.
    """

    review = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.oath).OnReturn(this.revise).OnReject(this.rejected)
    oath = Stage(
        "oath",
        title=_("Oath of office recorded"),
        approver=pool("personnel_agency", VERIFY),
        actions=("record",),
        records=(OATH,),
        effect=effects.record_oath,
    ).Next(this.signed)


class TransferOutFlow(CaseRoute, flow.Flow):
    """Transfer to another region

    Our regional head releases the employee, with the receiving region's request on file;
    the final SK is issued by the Governor or the Minister of Home Affairs (recorded on the
    case), so what this route signs is the release.
    """

    review = (
        Stage(
            "origin_head", title=_("Approval by the head of the employee's unit"), approver=subject_opd_head
        )
        .Next(this.verification)
        .OnReturn(this.revise)
        .OnReject(this.rejected)
    )
    verification = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.secretary).OnReturn(this.revise).OnReject(this.rejected)
    secretary = secretary_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class TransferInFlow(TransferRoute, flow.Flow):
    """Transfer from another region

    The origin's consent and the BKN pertek are on file; the head of the receiving unit
    agrees, BKPSDM verifies, and the regional head appoints the employee into a post here
    (the same stages as a transfer between units).
    """


class DismissalRetirementFlow(CaseRoute, flow.Flow):
    """Dismissal at retirement age (BUP)

    Proposed by ``propose_retirements``; BKPSDM verifies, records the BKN pertek (the pension
    is set after it, PP 11/2017 Ps. 307), the Head of BKPSDM approves, the regional head signs.
    """

    review = verification_stage().Next(this.pertek).OnReturn(this.revise).OnReject(this.rejected)
    pertek = pertek_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class DismissalOwnRequestFlow(CaseRoute, flow.Flow):
    """Dismissal at own request (APS)

    The written request goes up the employee's hierarchy; BKPSDM verifies; the Head of
    BKPSDM grants it or postpones it (at most one year, with an end date); the regional
    head signs -- all within 14 working days of the request (PP 11/2017).
    """

    review = (
        Stage(
            "origin_head", title=_("Approval by the head of the employee's unit"), approver=subject_opd_head
        )
        .Next(this.verification)
        .OnReturn(this.revise)
        .OnReject(this.rejected)
    )
    verification = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = (
        agency_head_stage(
            actions=Actions.POSTPONE, records=(POSTPONEMENT,), effect=effects.postpone_dismissal
        )
        .Next(this.signing)
        .OnReturn(this.revise)
        .OnReject(this.rejected)
    )
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)

    def on_submitted(self, case) -> None:
        requested = date.fromisoformat(case.data["request_date"])
        days = policy.configured()["aps_decision_working_days"]
        case.data["decide_by"] = add_working_days(requested, days).isoformat()
        case.save(update_fields=["data"])


class DismissalDeathFlow(CaseRoute, flow.Flow):
    """Dismissal on death

    A short route: BKPSDM verifies the death certificate and the regional head signs.
    """

    review = verification_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class DismissalDisciplineFlow(CaseRoute, flow.Flow):
    """Dismissal as a heavy disciplinary sanction (PDHTAPS)

    The sanction decision is referenced; the Inspectorate reviews the file first.
    """

    review = (
        Stage("inspectorate", title=_("Review by the Inspectorate"), approver=head_of_office("inspectorate"))
        .Next(this.verification)
        .OnReturn(this.revise)
        .OnReject(this.rejected)
    )
    verification = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.secretary).OnReturn(this.revise).OnReject(this.rejected)
    secretary = secretary_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class DismissalUnfitFlow(CaseRoute, flow.Flow):
    """Dismissal as physically or mentally unfit

    On the health examination board's certificate.
    """

    review = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.secretary).OnReturn(this.revise).OnReject(this.rejected)
    secretary = secretary_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class DecreeAmendmentRoute(CaseRoute):
    """A short route for corrections and revocations: verify, approve, sign."""

    review = verification_stage().Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    agency_head = agency_head_stage().Next(this.signing).OnReturn(this.revise).OnReject(this.rejected)
    signing = signing_stage().Next(this.signed).OnReturn(this.revise).OnReject(this.rejected)


class CorrectionFlow(DecreeAmendmentRoute, flow.Flow):
    """Correction of a decree (ralat)"""


class RevocationFlow(DecreeAmendmentRoute, flow.Flow):
    """Revocation of a decree (pembatalan)"""


ROUTES: dict[str, type[flow.Flow]] = {
    CaseKind.TRANSFER: TransferFlow,
    CaseKind.TRANSFER_OUT: TransferOutFlow,
    CaseKind.TRANSFER_IN: TransferInFlow,
    CaseKind.APPOINTMENT_STRUCTURAL: AppointmentStructuralFlow,
    CaseKind.APPOINTMENT_FUNCTIONAL: AppointmentFunctionalFlow,
    CaseKind.APPOINTMENT_JPT: AppointmentJptFlow,
    CaseKind.APPOINTMENT_PNS: AppointmentPnsFlow,
    CaseKind.DISMISSAL_RETIREMENT: DismissalRetirementFlow,
    CaseKind.DISMISSAL_OWN_REQUEST: DismissalOwnRequestFlow,
    CaseKind.DISMISSAL_DEATH: DismissalDeathFlow,
    CaseKind.DISMISSAL_DISCIPLINE: DismissalDisciplineFlow,
    CaseKind.DISMISSAL_UNFIT: DismissalUnfitFlow,
    CaseKind.CORRECTION: CorrectionFlow,
    CaseKind.REVOCATION: RevocationFlow,
}


def route_for(kind: str) -> type[flow.Flow]:
    return ROUTES[kind]
