"""Cases: the list, the request form, and the case page everyone works from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from decisions import lifecycle, policy
from decisions import services as case_services
from decisions.errors import Conflict, Invalid, Refused
from decisions.kinds import data_rows
from decisions.models import Attachment, Case, CaseKind
from decisions.policy import PolicyBlocked
from decisions.policy.checks import policy_check
from decisions.selectors import (
    cases_visible_to,
    decree_visible_to,
    get_case_for_user,
    is_inspector,
    user_is_clerk_for_all_units,
)
from personnel.models import Employee, Position
from workflows import authority, services
from workflows.konsep import KONSEP_STATUSES, case_parafs
from workflows.route import route_steps, route_svg
from workflows.selectors import due_date, is_overdue, latest_returns, pending_tasks_by_process
from workflows.stages import stage_codes, stage_title
from workflows.timeline import case_timeline

from ..forms import CaseForm, DecisionForm, DropItemsForm, ReassignForm, SubmitForm
from .common import apply_service_error, paginate


@login_required
def case_list(request):
    cases = (
        cases_visible_to(request.user).select_related("initiating_unit").prefetch_related("items__employee")
    )
    status, kind, q = request.GET.get("status"), request.GET.get("kind"), (request.GET.get("q") or "").strip()
    stage = request.GET.get("stage")
    if status:
        cases = cases.filter(status=status)
    if stage in stage_codes():
        # ``stage`` holds the parallel stages comma-separated ("unit_head" or "a,b").
        cases = cases.filter(
            Q(stage=stage) | Q(stage__startswith=f"{stage},") | Q(stage__endswith=f",{stage}")
        )
    if kind:
        cases = cases.filter(kind=kind)
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        match = Q(items__employee__name__icontains=q)
        if len(digits) >= 6:
            match |= Q(items__employee__nip__startswith=digits)
        cases = cases.filter(match).distinct()
    page = paginate(request, cases.order_by("-created_at", "-pk"))
    return render(
        request,
        "web/case_list.html",
        {
            "page": page,
            "rows": [
                {
                    "case": case,
                    "stages": ", ".join(stage_title(code) for code in case.stage.split(",") if code),
                }
                for case in page
            ],
            "statuses": Case.Status.choices,
            "kinds": CaseKind.choices,
            "stages": [(code, stage_title(code)) for code in stage_codes()],
        },
    )


def _save_attachment(request, case, form) -> None:
    upload = form.cleaned_data.get("attachment")
    if upload:
        case_services.attachment_add(
            case=case,
            actor=request.user,
            kind=form.cleaned_data["attachment_kind"] or "other",
            name=upload.name,
            content=upload.read(),
        )


CHECKED_FIELDS = ("kind", "employee", "effective_date")


def check_request(user, form) -> list[dict] | None:
    """The rule findings of the request as filled in so far (the form's "Check the rules"
    button, for browsers without JavaScript): a dry run, nothing is saved."""
    form.is_valid()
    for name in list(form.errors):
        if name not in CHECKED_FIELDS:
            del form.errors[name]  # a check needs only who, which kind and from when
    if not all(name in form.cleaned_data for name in CHECKED_FIELDS):
        return None
    data = form.cleaned_data
    target = data.get("target_position")
    effective_date = data["effective_date"] or case_services.derived_effective_date(
        data["kind"], form.case_data()
    )
    if effective_date is None:
        form.add_error("effective_date", case_services.MSG_EFFECTIVE_DATE_REQUIRED)
        return None
    try:
        evaluation = policy_check(
            actor=user,
            kind=data["kind"],
            effective_date=effective_date,
            items=[{"employee": data["employee"].nip, "target_position": target.code if target else None}],
            attachment_kinds=[data["attachment_kind"]] if data.get("attachment") else [],
        )
    except (Invalid, Refused) as error:
        apply_service_error(form, error)
        return None
    return [finding.as_dict() for finding in evaluation.findings]


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


def _position_by_code(code: str) -> Position:
    position = Position.objects.select_related("unit__parent").filter(code=code.strip()).first()
    if position is None:
        message = _("No position has the code %(code)s.") % {"code": code.strip()}
        raise Invalid(message, code="position_not_found", fields={"more_employees": message})
    return position


def _target_decree(user, form):
    number = form.cleaned_data.get("target_decree")
    if not number or form.cleaned_data["kind"] not in ("correction", "revocation"):
        return None
    decree = decree_visible_to(user, number)
    if decree is None:
        message = _("No decree you may see has the number %(number)s.") % {"number": number}
        raise Invalid(message, code="decree_not_found", fields={"target_decree": message})
    return decree


def _form_page(request, form, *, title, case=None, findings=None):
    return render(
        request,
        "web/case_form.html",
        {"form": form, "title": title, "case": case, "check_findings": findings},
        status=400 if form.errors else 200,
    )


@login_required
def case_new(request):
    # A correction or revocation starts from its decree's page: ?kind=…&decree=…&employee=…
    initial = {key: request.GET[key] for key in ("kind", "employee") if request.GET.get(key)}
    if request.GET.get("decree"):
        initial["target_decree"] = request.GET["decree"]
    form = CaseForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and "check" in request.POST:
        findings = check_request(request.user, form)
        return _form_page(request, form, title=_("New request"), findings=findings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_services.case_create(
                actor=request.user,
                kind=data["kind"],
                items=form.items(position_by_code=_position_by_code),
                effective_date=data["effective_date"],
                reason=data["reason"],
                data=form.case_data(),
                target_decree=_target_decree(request.user, form),
            )
            _save_attachment(request, case, form)
        except (Invalid, Refused, Conflict) as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("Draft %(ref)s saved. Check it, then submit it.") % {"ref": case.reference}
            )
            return redirect("cases:detail", pk=case.pk)
    return _form_page(request, form, title=_("New request"))


@login_required
def case_edit(request, pk: int):
    case = get_case_for_user(request.user, pk)
    try:
        case_services.check_may_edit(case, request.user)
    except Refused as refusal:
        raise PermissionDenied(refusal.message) from None
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("cases:detail", pk=case.pk)
    first, *others = list(case.items.select_related("employee", "to_position").order_by("position_in_case"))
    scores = {
        row.get("nip"): row.get("score") for row in case.data.get("shortlist") or [] if isinstance(row, dict)
    }
    initial = {
        "kind": case.kind,
        "employee": first.employee.nip_display,
        "target_position": first.to_position,
        "effective_date": case.effective_date,
        "reason": case.reason,
        "more_employees": "\n".join(
            f"{item.employee.nip_display}; {(item.to_position.code if item.to_position and case.kind == 'transfer' else scores.get(item.employee.nip) or '')}".rstrip(
                "; "
            )
            for item in others
        ),
        **{key: value for key, value in case.data.items() if key in CaseForm.base_fields},
        "target_decree": case.target_decree.number if case.target_decree_id else "",
    }
    test = case.data.get("competency_test")
    if isinstance(test, dict):
        initial.update(
            competency_test_passed=test.get("passed"), competency_test_score=test.get("score") or ""
        )
    form = CaseForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields["kind"].disabled = True
    title = _("Change %(ref)s") % {"ref": case.reference}
    if request.method == "POST" and "check" in request.POST:
        findings = check_request(request.user, form)
        return _form_page(request, form, title=title, case=case, findings=findings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_services.case_update(
                case=case,
                actor=request.user,
                effective_date=data["effective_date"],
                reason=data["reason"],
                items=form.items(position_by_code=_position_by_code),
                data=form.case_data(),
            )
            _save_attachment(request, case, form)
        except (Invalid, Refused, Conflict) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cases:detail", pk=case.pk)
    return _form_page(request, form, title=title, case=case)


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


@login_required
def case_detail(request, pk: int):
    return render_case(request, get_case_for_user(request.user, pk))


@login_required
@require_POST
def case_submit(request, pk: int):
    case = get_case_for_user(request.user, pk)
    form = SubmitForm(
        request.POST,
        request.FILES,
        preview=submission_preview(request.user, case),
        evidence=override_evidence(case),
    )
    form.is_valid()
    try:
        # Evidence attached to an answer goes into the case file first (the gate takes the
        # file's id, as the API does); if the submission then fails it stays there, offered
        # in the answer's list the next time.
        uploaded = {
            key: case_services.attachment_add(
                case=case,
                actor=request.user,
                kind=Attachment.Kind.OVERRIDE_EVIDENCE,
                name=upload.name,
                content=upload.read(),
            ).pk
            for key, upload in form.evidence_uploads().items()
        }
        overrides, acknowledged = form.policy_answers(uploaded)
        services.case_submit(case_id=pk, actor=request.user, overrides=overrides, acknowledged=acknowledged)
    except PolicyBlocked as blocked:
        form.add_error(None, blocked.messages[0])
        messages.error(request, blocked.messages[0])
        return render_case(request, case, submit_form=form, status=400)
    except (Invalid, Refused, Conflict) as error:
        apply_service_error(form, error)
        messages.error(request, error.messages[0] if isinstance(error, Invalid) else error.message)
        return render_case(request, case, submit_form=form, status=400)
    messages.success(request, _("Submitted. The case is now waiting for approval."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def case_withdraw(request, pk: int):
    get_case_for_user(request.user, pk)
    try:
        services.case_withdraw(case_id=pk, actor=request.user, note=request.POST.get("note", ""))
    except (Refused, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The case has been withdrawn."))
    return redirect("cases:detail", pk=pk)


@login_required
@xframe_options_sameorigin  # previewed in an iframe on the case page; DENY everywhere else
def attachment_file(request, pk: int, attachment: int):
    case = get_case_for_user(request.user, pk)
    document = case.attachments.filter(pk=attachment).first()
    if document is None:
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.original_name}"'
    return response


@login_required
def decree_pdf(request, pk: int):
    case = get_case_for_user(request.user, pk)
    decree = getattr(case, "decree", None)
    if decree is None:
        raise Http404
    return FileResponse(
        decree.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=decree.number.replace("/", "-") + ".pdf",
    )


@login_required
def route_chart(request, pk: int):
    """The route as a picture, with this case's stages marked (viewflow's chart)."""
    case = get_case_for_user(request.user, pk)
    return HttpResponse(route_svg(case), content_type="image/svg+xml")
