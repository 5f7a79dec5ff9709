"""Cases: the list, the request form, and the case page everyone works from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from decisions import attachments
from decisions import services as case_services
from decisions.errors import Conflict, Invalid, Refused
from decisions.models import Attachment, Case, CaseKind
from decisions.policy import PolicyBlocked
from decisions.policy.checks import policy_check
from decisions.selectors import (
    cases_visible_to,
    decree_visible_to,
    get_case_for_user,
)
from personnel.models import Position
from workflows import services
from workflows.route import route_svg
from workflows.stages import stage_codes, stage_title

from ..forms import CaseForm, SubmitForm
from .case_page import override_evidence, render_case, submission_preview
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
    page = paginate(request, cases.order_by("-created_at", "-pk"), capped=True)
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
        attachments.attachment_add(
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
            key: attachments.attachment_add(
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
