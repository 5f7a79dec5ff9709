"""The inspector workspace: search every case, read a case's ledger history and its state
as of any moment, verify the ledger, export evidence bundles. Read-only, inspectors only;
every read is recorded in the ledger (inspection/records.py)."""

from __future__ import annotations

import json
from datetime import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit import checkpoints
from audit.verify import verify_ledger
from audit.verify_bundle import fingerprint
from decisions.errors import Conflict, Invalid
from decisions.kinds import data_rows, day_text
from decisions.models import Attachment, Case, CaseKind, Decree
from personnel.roles import ROLE_LABELS
from workflows.stages import stage_title

from .access import may_inspect
from .api import zip_response
from .bundles import export_cases, max_cases
from .history import case_history, differences, parse_as_of
from .records import record_search, record_view
from .replay import NOT_RECORDED
from .search import (
    FILTERS,
    SearchForm,
    case_for_inspection,
    described,
    event_choices,
    search_cases,
    units_with_cases,
    with_rows,
)

PER_PAGE = 25
ATTACHMENT_KINDS = dict(Attachment.Kind.choices)


def inspector_only(view):
    """Anonymous visitors go to the login page; everyone but inspectors gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_inspect(request.user):
            raise PermissionDenied(_("Only inspectors may use the inspector workspace."))
        return view(request, *args, **kwargs)

    return wrapped


def _filters(form: SearchForm) -> dict:
    return {name: form.cleaned_data[name] for name in FILTERS if form.cleaned_data.get(name)}


@inspector_only
def search(request):
    form = SearchForm(request.GET)
    valid = form.is_valid()
    filters = _filters(form) if valid else {}
    page = (
        Paginator(with_rows(search_cases(filters)), PER_PAGE).get_page(request.GET.get("page"))
        if valid
        else None
    )
    if page is not None:
        for row in page:
            row.stage_titles = [stage_title(code) for code in row.stage.split(",") if code]
        record_search(
            actor=request.user,
            filters=described(filters),
            page=page.number,
            count=page.paginator.count,
            case_ids=[case.pk for case in page],
            channel="web",
        )
    return render(
        request,
        "inspection/search.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "units": units_with_cases(),
            "kinds": CaseKind.choices,
            "statuses": Case.Status.choices,
            "event_types": event_choices(),
            "max_export": max_cases(),
            "section": "search",
        },
        status=200 if valid else 400,
    )


@inspector_only
def case(request, pk: int):
    case = case_for_inspection(pk)
    error = None
    try:
        until_seq, until_at = parse_as_of(request.GET)
    except Invalid as invalid:
        error, until_seq, until_at = invalid, None, None
    history = case_history(case.pk, until_seq=until_seq, until_at=until_at)
    record_view(
        actor=request.user,
        case_id=case.pk,
        view="as_of" if history.has_cutoff else "timeline",
        channel="web",
        until_seq=until_seq,
        until_at=until_at,
        state_seq=history.state.seq,
    )
    state = history.state
    return render(
        request,
        "inspection/case.html",
        {
            "section": "search",
            "case": case,
            "history": history,
            "state": state,
            "state_labels": _labels(state),
            "state_data": data_rows(state.data),
            # Codes as recorded, shown by their labels.
            "answers": [
                {**answer, "role": ROLE_LABELS.get(answer.get("role"), answer.get("role"))}
                for answer in state.answers
            ],
            "attachments": [
                {**document, "kind": ATTACHMENT_KINDS.get(document.get("kind"), document.get("kind"))}
                for document in state.attachments
            ],
            "open_tasks": [
                {
                    "title": stage_title(task["stage"]),
                    "who": _assignee(task["assignment"]),
                    "due": day_text(task.get("due")),
                }
                for task in state.open_tasks.values()
            ],
            "evaluation_stage": stage_title(state.evaluation["stage"] or "") if state.evaluation else "",
            "steps": history.steps,
            "first_later_seq": next((step.seq for step in history.steps if step.after_cutoff), None),
            "as_of_error": error,
            "as_of_at": timezone.localtime(until_at).strftime("%Y-%m-%dT%H:%M:%S")
            if until_at
            else request.GET.get("at", ""),
            "as_of_seq": request.GET.get("seq", ""),
            "not_recorded": NOT_RECORDED,
            "differs_on": differences(history.head, case) if history.at_head else None,
        },
        status=400 if error else 200,
    )


def _labels(state) -> dict:
    decree_status = (state.decree or {}).get("status") or ""
    return {
        "status": dict(Case.Status.choices).get(state.status, state.status),
        "kind": dict(CaseKind.choices).get(state.kind, state.kind),
        "decree_status": dict(Decree.Status.choices).get(decree_status, decree_status),
        "effective_date": day_text(state.effective_date),
        "decree_date": day_text((state.decree or {}).get("date")),
    }


def _assignee(assignment: dict) -> str:
    if assignment.get("basis") == "pool":
        return _("any verifier of %(unit)s") % {"unit": assignment.get("unit", "")}
    return assignment.get("name") or assignment.get("username") or ""


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _export(request, *, case_ids, search_filters, fallback):
    try:
        export = export_cases(actor=request.user, case_ids=case_ids, search=search_filters, channel="web")
    except (Invalid, Conflict) as error:
        message = error.messages[0] if isinstance(error, Invalid) else error.message
        if _wants_json(request):
            return JsonResponse(
                {"code": error.code, "message": message}, status=409 if isinstance(error, Conflict) else 400
            )
        messages.error(request, message)
        return _back(request, fallback)
    notes = [
        _("%(count)s case(s), %(events)s ledger events, proven against checkpoint #%(size)s.")
        % {"count": len(export.case_ids), "events": export.events, "size": export.checkpoint["size"]}
    ]
    if export.checkpoint_created:
        notes.append(_("No checkpoint covered these events yet, so one was signed first."))
    notes += export.warnings
    response = zip_response(export)
    # Read by inspect.js to tell the inspector; JSON keeps the header ASCII.
    response["X-Sahih-Export-Notes"] = json.dumps(notes)
    return response


@inspector_only
@require_POST
def export_case(request, pk: int):
    case = case_for_inspection(pk)
    return _export(
        request, case_ids=[case.pk], search_filters=None, fallback=reverse("inspect:case", args=[case.pk])
    )


@inspector_only
@require_POST
def export_search(request):
    form = SearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Some search fields are not valid."))
        return _back(request, reverse("inspect:index"))
    filters = _filters(form)
    ids = list(search_cases(filters).values_list("pk", flat=True)[: max_cases() + 1])
    return _export(
        request, case_ids=ids, search_filters=described(filters), fallback=reverse("inspect:index")
    )


def _key_fingerprint() -> str:
    if not checkpoints.key_path().exists():
        return ""
    return fingerprint(checkpoints.public_key_raw(checkpoints.private_key(create=False)))


@inspector_only
@require_http_methods(["GET", "POST"])
def verify(request):
    report = verify_ledger() if request.method == "POST" else None
    latest = checkpoints.latest_checkpoint()
    return render(
        request,
        "inspection/verify.html",
        {
            "section": "verify",
            "report": report,
            "latest": latest,
            "latest_at": datetime.fromisoformat(latest["at"]) if latest and latest.get("at") else None,
            "fingerprint": _key_fingerprint(),
        },
    )


@inspector_only
def public_key(request):
    """The ledger's public key, for the inspector's own copy (verify_bundle.py --public-key)."""
    if not checkpoints.key_path().exists():
        return HttpResponse(_("No ledger key has been created yet."), status=404, content_type="text/plain")
    response = HttpResponse(
        checkpoints.public_key_pem(checkpoints.private_key(create=False)),
        content_type="application/x-pem-file",
    )
    response["Content-Disposition"] = 'attachment; filename="sahih-ledger-public-key.pem"'
    return response
