"""The public pages (statistics, feedback, tracking: no login) and the Inspektorat's pages
for handling feedback."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from viewflow.workflow.models import Task

from decisions import ratelimit
from decisions.kinds import day_text

from . import services, statistics
from .forms import CloseForm, FeedbackForm, ResponseForm, TrackForm, TriageForm
from .models import Feedback

# Says "not found" and nothing more: not whether such a code was ever issued, or closed.
MSG_UNKNOWN_CODE = _("Tracking code not found. Check the code and try again.")


def _limited(request, rate: str):
    response = render(request, "public/limited.html", status=429)
    response["Retry-After"] = str(ratelimit.retry_after(rate))
    return response


# -- open statistics --------------------------------------------------------------------------------


@require_GET
def statistics_page(request):
    figures = statistics.published()
    return render(
        request,
        "public/statistics.html",
        {"figures": figures, "tables": figures["tables"], "dictionary": statistics.dictionary()},
    )


@require_GET
def statistics_json(request):
    figures = statistics.published()
    body = {**figures, "dictionary": statistics.dictionary()}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="statistik-sahih.json"'
    return response


@require_GET
def statistics_csv(request, table: str):
    dictionary = statistics.dictionary()
    if table == "kamus":
        rows = [
            {"table": name, "field": field, "description": text}
            for name, entry in dictionary.items()
            for field, text in entry["fields"].items()
        ]
        columns = ["table", "field", "description"]
    elif table in dictionary:
        rows = statistics.published()["tables"][table]
        columns = list(dictionary[table]["fields"])
    else:
        raise Http404
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistik-{table}.csv"'
    return response


# -- public feedback ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_send(request):
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.over_limit(request, scope="feedback", rate=settings.SAHIH_FEEDBACK_RATE):
            return _limited(request, settings.SAHIH_FEEDBACK_RATE)
        if form.is_bot:
            # Nothing is stored; the bot is told what a person would be, so it learns nothing.
            return render(request, "public/feedback_sent.html", {"feedback": None})
        if form.is_valid():
            data = form.cleaned_data
            feedback = services.feedback_submit(
                kind=data["kind"],
                text=data["text"],
                unit=data["unit"],
                sender_name=data["sender_name"],
                sender_contact=data["sender_contact"],
            )
            return render(request, "public/feedback_sent.html", {"feedback": feedback}, status=201)
    return render(request, "public/feedback_form.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_track(request):
    """The status of one feedback, for whoever holds its tracking code -- and nothing else."""
    form = TrackForm(request.POST or None)
    feedback = None
    if request.method == "POST":
        if ratelimit.over_limit(request, scope="feedback-track", rate=settings.SAHIH_FEEDBACK_TRACK_RATE):
            return _limited(request, settings.SAHIH_FEEDBACK_TRACK_RATE)
        if form.is_valid():
            feedback = Feedback.objects.filter(tracking_code=form.cleaned_data["code"]).first()
            if feedback is None:
                form.add_error("code", MSG_UNKNOWN_CODE)
    not_found = bool(form.errors) and request.method == "POST"
    return render(
        request,
        "public/feedback_track.html",
        {"form": form, "feedback": feedback, "not_found": not_found},
        status=404 if not_found else 200,
    )


# -- the Inspektorat's and the units' pages ----------------------------------------------------------


def _visible_to(user):
    """The feedback a user may open: all of it for the Inspektorat; for anyone else, the
    feedback whose route gave them a step, and the feedback forwarded to the OPD they head a
    unit of (an OPD head, a division head: their own OPD's only) or manage the tasks of."""
    if services.can_handle(user):
        return Feedback.objects.all()
    processes = Task.objects.filter(owner=user, flow_task_type="HUMAN").values("process_id")
    visible = Q(process_id__in=processes)
    visible |= Q(disposition=Feedback.Disposition.FORWARDED, unit__in=services.units_answering(user))
    return Feedback.objects.filter(visible)


@login_required
@require_GET
def feedback_list(request):
    items = list(_visible_to(request.user).select_related("unit")[:200])
    return render(request, "public/feedback_list.html", {"items": items})


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request, pk: int):
    feedback = get_object_or_404(_visible_to(request.user).select_related("unit"), pk=pk)
    task = services.open_task(feedback)
    stage = task.data.get("stage") if task else None
    may_decide = services.may_decide(request.user, task)
    forms = {
        "feedback_triage": TriageForm,
        "feedback_unit_response": ResponseForm,
        "feedback_closure": CloseForm,
    }
    form_class = forms.get(stage) if may_decide else None
    form = form_class(request.POST or None, initial={"unit": feedback.unit}) if form_class else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                _decide(stage, feedback=feedback, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("masukan:detail", pk=feedback.pk)
    context = {
        "feedback": feedback,
        "task": task,
        "due": day_text(task.data.get("due")) if task else "",
        "form": form,
        "stage": stage,
        "show_sender": services.can_see_sender(request.user),
    }
    return render(
        request, "public/feedback_detail.html", context, status=400 if form and form.errors else 200
    )


def _decide(stage: str, *, feedback, actor, data) -> None:
    if stage == "feedback_triage":
        services.feedback_triage(
            feedback=feedback, actor=actor, forward=data["forward"], unit=data["unit"], note=data["note"]
        )
    elif stage == "feedback_unit_response":
        services.feedback_respond(feedback=feedback, actor=actor, response=data["response"])
    else:
        services.feedback_close(
            feedback=feedback, actor=actor, conclusion=data["conclusion"], public_answer=data["public_answer"]
        )
