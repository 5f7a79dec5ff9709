"""The official's inbox and the forms they decide with: the decision itself, dropping
employees from a collective case, and (for managers) reassigning a task."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from decisions.errors import Conflict, Invalid, Refused
from decisions.models import CaseItem, CaseKind
from decisions.policy import PolicyBlocked
from decisions.signing import SigningUnavailable
from decisions.signing.errors import SignerRefused, secret_fields
from workflows import services
from workflows.selectors import actionable_task_query, due_date, escalated_to, is_overdue, late_filter
from workflows.stages import stage_title

from ..forms import DecisionForm, DropItemsForm, ReassignForm
from .common import apply_service_error, paginate, with_items

REFERENCE = re.compile(r"USL-\d{4}-0*(\d+)")

# Lazy: built at import, read in the language of each request.
CONFIRMED = {
    "approve": gettext_lazy("Approved."),
    "sign": gettext_lazy("Signed. The decree has been issued."),
    "record": gettext_lazy("Recorded."),
    "choose": gettext_lazy("Candidate chosen."),
    "postpone": gettext_lazy("Postponed."),
    "resubmit": gettext_lazy("Resubmitted."),
    "return": gettext_lazy("Returned to the proposer."),
    "reject": gettext_lazy("Rejected."),
}


def _rows(tasks):
    return [
        {
            "task": task,
            "case": task.process.case,
            "stage": stage_title(task.data.get("stage", "")),
            "due": due_date(task),
            "overdue": is_overdue(task),
            "unit": task.data.get("unit"),
        }
        for task in tasks
    ]


def _search(tasks, text: str):
    """By case reference (USL-2026-00012 or just 12), employee name or NIP."""
    digits = "".join(ch for ch in text if ch.isdigit())
    about = CaseItem.objects.filter(case__process_id=OuterRef("process_id"))
    match = Exists(about.filter(employee__name__icontains=text))
    if len(digits) >= 6:
        match |= Exists(about.filter(employee__nip__startswith=digits))
    reference = REFERENCE.fullmatch(text.strip().upper())
    if reference or (digits and len(digits) <= 5 and digits == text.strip()):
        match |= Q(process__case__pk=int(reference.group(1) if reference else digits))
    return tasks.filter(match)


@login_required
def inbox(request):
    """The tasks waiting for the user, soonest due first: counted, filtered and paged in the
    database, so ten thousand waiting tasks cost what ten do."""
    tasks = actionable_task_query(request.user)
    kind, text = request.GET.get("kind"), (request.GET.get("q") or "").strip()
    if kind:
        tasks = tasks.filter(process__case__kind=kind)
    if text:
        tasks = _search(tasks, text)
    overdue_count = tasks.filter(late_filter()).count()
    if request.GET.get("overdue"):
        tasks = tasks.filter(late_filter())
    page = paginate(request, tasks)
    return render(
        request,
        "web/inbox.html",
        {
            "page": page,
            "rows": _rows(with_items(page)),
            "overdue_count": overdue_count,
            "kinds": CaseKind.choices,
            "escalated": _rows(escalated_to(request.user)),
        },
    )


def _case_page(request, case, **forms):
    from .case_page import render_case

    return render_case(request, case, status=400, **forms)


@login_required
@require_POST
@sensitive_post_parameters("passphrase")
@sensitive_variables("decision", "form")
def decide(request, pk: int):
    from .case_page import override_evidence, task_preview

    task, case = services.get_task_for_user(request.user, pk)
    stage = services.stage_of(task)
    items = list(case.items.filter(status="active").select_related("employee"))

    def bound_form():
        return DecisionForm(
            request.POST,
            request.FILES,
            preview=task_preview(request.user, case, stage),
            stage=stage,
            items=items,
            evidence=override_evidence(case),
        )

    form = bound_form()
    if not form.is_valid():
        return _case_page(request, case, decision_form=form)
    action = form.cleaned_data["action"]
    overrides, acknowledged = form.policy_answers()
    decision = services.Decision(
        action=action,
        note=form.cleaned_data["note"],
        facts=form.facts(),
        document=form.document(),
        overrides=overrides,
        acknowledged=tuple(acknowledged),
        secret=form.secret(),
    )
    try:
        services.task_decide(task_id=pk, actor=request.user, decision=decision)
    except PolicyBlocked as blocked:
        # The findings may have changed since the page was drawn: ask again for what the
        # gate needs now, keeping what was typed.
        form = bound_form()
        form.is_valid()
        form.add_error(None, blocked.messages[0])
        return _case_page(request, case, decision_form=form)
    except (Invalid, Refused, Conflict) as error:
        apply_service_error(form, error)
        return _case_page(request, case, decision_form=form)
    except SigningUnavailable as error:
        # The signer's to put right (400: a wrong passphrase, a certificate that cannot sign) or
        # the service's (503); either way nothing was signed and the case waits as it was.
        fields = secret_fields(error)
        form.add_error(
            "passphrase" if "passphrase" in fields and "passphrase" in form.fields else None, str(error)
        )
        from .case_page import render_case

        return render_case(
            request, case, decision_form=form, status=400 if isinstance(error, SignerRefused) else 503
        )
    messages.success(request, CONFIRMED.get(action, _("Done.")))
    more = actionable_task_query(request.user).exists()
    return redirect("tasks:index") if more else redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def drop_items(request, pk: int):
    _task, case = services.get_task_for_user(request.user, pk)
    form = DropItemsForm(request.POST, items=case.items.filter(status="active").select_related("employee"))
    if form.is_valid():
        try:
            services.item_drop(
                task_id=pk,
                actor=request.user,
                numbers=form.cleaned_data["items"],
                reason=form.cleaned_data["reason"],
            )
        except (Invalid, Refused, Conflict) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Dropped from the case."))
            return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, drop_form=form)


@login_required
@require_POST
def reassign(request, pk: int):
    _task, case = services.get_task_for_user(request.user, pk)
    form = ReassignForm(request.POST)
    if form.is_valid():
        to_user = get_user_model().objects.filter(username=form.cleaned_data["to"]).first()
        if to_user is None:
            form.add_error("to", _("No account has that username."))
        else:
            try:
                services.task_reassign(
                    task_id=pk, actor=request.user, to_user=to_user, reason=form.cleaned_data["reason"]
                )
            except (Invalid, Refused, Conflict) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Reassigned."))
                return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, reassign_form=form)
