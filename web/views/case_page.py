"""The case page: what everyone working a case sees, built in small pieces (the proposer's
part, the tasks waiting, the decree, the evaluation, the task forms)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import lifecycle, policy
from decisions import services as case_services
from decisions.errors import Invalid, Refused
from decisions.kinds import data_rows
from decisions.models import Attachment, Case
from decisions.selectors import (
    is_inspector,
    user_is_clerk_for_all_units,
)
from personnel.models import Employee, Position
from workflows import authority, services
from workflows.konsep import KONSEP_STATUSES, case_parafs
from workflows.route import route_steps
from workflows.selectors import due_date, is_overdue, latest_returns, pending_tasks_by_process
from workflows.stages import stage_title
from workflows.timeline import case_timeline

from ..forms import DecisionForm, DropItemsForm, ReassignForm, SubmitForm


def submission_preview(user, case: Case):
    """What the rules would say if the proposer submitted the case now (a dry run)."""
    if not case.items.filter(status="active").exists():
        return None
    try:
        return policy.preview(case=case, stage="submission", actor=user)
    except (Invalid, Refused):
        return None


def task_preview(user, case: Case, stage):
    """What the rules would say if ``user`` approved (or signed) at ``stage`` now: the
    decision form asks for every answer at once, and the signer sees the warnings before
    signing."""
    if stage is None or stage.stage == "committee_vote" or not (set(stage.actions) & APPROVING):
        return None
    try:
        return policy.preview(case=case, stage=stage.stage, actor=user)
    except (Invalid, Refused):
        return None


APPROVING = {"approve", "sign", "record", "choose"}


def override_evidence(case: Case) -> list[tuple[int, str]]:
    return [
        (document.pk, document.original_name)
        for document in case.attachments.filter(kind=Attachment.Kind.OVERRIDE_EVIDENCE)
    ]


def _employee_cards(case):
    employees = (
        Employee.objects.filter(case_items__case=case)
        .select_related("rank", "position__unit")
        .prefetch_related("position_history__position__unit", "skp_ratings", "sanctions")
    )
    return list(employees)


def _proposer_context(user, case: Case) -> dict:
    """What the proposer may do now: the lifecycle's own answer (decisions.lifecycle)."""
    allowed = lifecycle.allowed(user, case)
    return {
        "can_submit": lifecycle.SUBMIT in allowed or lifecycle.RESUBMIT in allowed,
        "can_withdraw": lifecycle.WITHDRAW in allowed,
        # Inspectors read everything and decide nothing (an administrator may do both).
        "read_only": is_inspector(user) and not user.is_superuser,
    }


def _my_tasks(user, case: Case, pending: list, *, can_submit: bool) -> list:
    # A returned case's "resubmit" task is answered by the proposer's own card (Edit,
    # Resubmit): the decision card would repeat its Edit button.
    answered_by_card = {"resubmit"} if can_submit else set()
    return [task for task in pending if set(services.available_actions(task, case, user)) - answered_by_card]


def _pending_rows(user, case: Case, pending: list) -> dict:
    """The tasks the case waits on, and who may take each over."""
    can_reassign = bool(pending) and authority.manages_any_unit(user)
    today = timezone.localdate()
    # Which unit each waiting head heads: two "Kepala" side by side say nothing otherwise.
    units_of = dict(
        Position.objects.filter(
            code__in=[t.data.get("assignment", {}).get("position") for t in pending]
        ).values_list("code", "unit__name")
    )
    rows = [
        {
            "task": t,
            "stage": stage_title(t.data.get("stage", "")),
            "overdue": is_overdue(t),
            "due": due_date(t),
            "assignment": t.data.get("assignment", {}),
            "unit": units_of.get(t.data.get("assignment", {}).get("position")),
            # Who may take it over: only those holding the stage's authority.
            "candidates": authority.candidates(t, case, on=today) if can_reassign else [],
        }
        for t in pending
    ]
    return {"pending": rows, "can_reassign": can_reassign}


def _decree_context(user, case: Case, active_items: list) -> dict:
    decree = (
        getattr(case, "decree", None) if case.status in (Case.Status.SIGNED, Case.Status.EFFECTIVE) else None
    )
    # BKPSDM's clerks file the corrections and revocations of a decree still valid.
    can_amend = (
        decree is not None
        and decree.status == "valid"
        and user.has_perm(case_services.PROPOSE_PERMISSION)
        and user_is_clerk_for_all_units(user)
    )
    return {
        "decree": decree,
        "can_amend": can_amend,
        "amend_nip": next((item.employee.nip_display for item in active_items), ""),
    }


def _evaluation_context(case: Case) -> dict:
    evaluation = case.evaluations.order_by("-evaluated_at", "-pk").first()
    if evaluation is None:
        return {"findings": [], "evaluation": None, "evaluation_stage": ""}
    stage = _("submission") if evaluation.stage == "submission" else stage_title(evaluation.stage)
    return {"findings": evaluation.findings, "evaluation": evaluation, "evaluation_stage": stage}


def _task_context(
    user, case: Case, my_tasks: list, active_items: list, forms: dict, *, can_submit, read_only
):
    """The decision card (an official's task) and the proposer's submit card, with their forms."""
    evidence = override_evidence(case) if (my_tasks or can_submit) else []
    decision_form, submit_form, drop_form = forms["decision_form"], forms["submit_form"], forms["drop_form"]
    if decision_form is None and my_tasks and not read_only:
        stage = services.stage_of(my_tasks[0])
        decision_form = DecisionForm(
            stage=stage, items=active_items, evidence=evidence, preview=task_preview(user, case, stage)
        )
    if submit_form is None and can_submit:
        submit_form = SubmitForm(preview=submission_preview(user, case), evidence=evidence)
    if drop_form is None and len(active_items) > 1:
        drop_form = DropItemsForm(items=active_items)
    by_number = {item.position_in_case: item for item in active_items}
    my_task = my_tasks[0] if my_tasks else None
    return {
        "my_task": my_task,
        "my_due": due_date(my_task) if my_task else None,
        "my_overdue": my_task is not None and is_overdue(my_task),
        "my_actions": services.available_actions(my_task, case, user) if my_task else (),
        "decision_form": decision_form,
        "submit_form": submit_form,
        "drop_form": drop_form,
        "drop_rows": [(box, by_number.get(box.data["value"])) for box in drop_form["items"]]
        if drop_form
        else [],
        "reassign_form": forms["reassign_form"] or ReassignForm(),
    }


def render_case(
    request,
    case: Case,
    *,
    decision_form=None,
    submit_form=None,
    drop_form=None,
    reassign_form=None,
    status: int = 200,
):
    """The case page: the record, what it waits on, and what this user may do now."""
    user = request.user
    pending = pending_tasks_by_process([case.process_id]).get(case.process_id, []) if case.process_id else []
    active_items = list(
        case.items.filter(status="active").select_related(
            "employee", "from_position__unit", "to_position__unit"
        )
    )
    proposer = _proposer_context(user, case)
    my_tasks = _my_tasks(user, case, pending, can_submit=proposer["can_submit"])
    forms = {
        "decision_form": decision_form,
        "submit_form": submit_form,
        "drop_form": drop_form,
        "reassign_form": reassign_form,
    }
    context = {
        "case": case,
        "items": case.items.select_related("employee", "from_position__unit", "to_position__unit"),
        "data_rows": data_rows(case.data),
        "employees": _employee_cards(case),
        "attachments": case.attachments.all(),
        "returned": latest_returns([case])[case.pk] if case.status == Case.Status.RETURNED else None,
        "timeline": case_timeline(case.pk),
        "steps": route_steps(case),
        "stage_titles": [stage_title(code) for code in case.stage.split(",") if code],
        "konsep_open": case.status in KONSEP_STATUSES,
        "parafs": case_parafs(case),
        **proposer,
        **_pending_rows(user, case, pending),
        **_evaluation_context(case),
        **_decree_context(user, case, active_items),
        **_task_context(
            user,
            case,
            my_tasks,
            active_items,
            forms,
            can_submit=proposer["can_submit"],
            read_only=proposer["read_only"],
        ),
    }
    return render(request, "web/case_detail.html", context, status=status)
