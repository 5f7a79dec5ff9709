"""The home page: one section per role the user holds -- what waits, what is late, what is
theirs to fix -- each a fixed number of queries whatever the number of cases or tasks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from decisions.models import Case, Decree
from decisions.selectors import cases_visible_to
from personnel.roles import ADMIN, CLERK, INSPECTOR, OFFICIAL, SIGNER, VERIFIER, user_roles
from workflows.selectors import (
    actionable_task_query,
    due_date,
    escalated_to,
    is_overdue,
    late_filter,
    latest_returns,
)
from workflows.stages import stage_title

from .common import with_items
from .overview import administration_summary

DASHBOARD_ROLES = {OFFICIAL, VERIFIER, SIGNER, INSPECTOR, ADMIN}
SHOWN = 8


def stages_of(case: Case) -> str:
    return ", ".join(stage_title(code) for code in case.stage.split(",") if code)


def task_rows(tasks) -> list[dict]:
    return [
        {
            "task": task,
            "case": task.process.case,
            "stage": stage_title(task.data.get("stage", "")),
            "due": due_date(task),
            "overdue": is_overdue(task),
        }
        for task in tasks
    ]


def _clerk_section(user) -> dict:
    mine = Case.objects.filter(created_by=user).prefetch_related("items__employee")
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    returned = list(mine.filter(status=Case.Status.RETURNED).order_by("-pk")[:SHOWN])
    notes = latest_returns(returned)
    return {
        "returned": [{"case": case, "return": notes[case.pk]} for case in returned],
        "drafts": list(mine.filter(status=Case.Status.DRAFT).order_by("-pk")[:SHOWN]),
        "in_review": [
            {"case": case, "stages": stages_of(case)}
            for case in mine.filter(status=Case.Status.IN_REVIEW).order_by("-pk")[:SHOWN]
        ],
        "counts": {
            "draft": counts.get(Case.Status.DRAFT, 0),
            "returned": counts.get(Case.Status.RETURNED, 0),
            "in_review": counts.get(Case.Status.IN_REVIEW, 0),
        },
    }


@login_required
def home(request):
    user = request.user
    roles = set(user_roles(user))
    if user.is_superuser:
        roles.add(ADMIN)
    tasks = actionable_task_query(user)
    context = {
        "roles": roles,
        "deciding": bool(roles & {OFFICIAL, VERIFIER, SIGNER}),
        "tasks": task_rows(with_items(tasks[:SHOWN])),
        "task_count": tasks.count(),
        "overdue_count": tasks.filter(late_filter()).count(),
        "escalated": task_rows(with_items(escalated_to(user)[:SHOWN])),
        "recent": [
            {"case": case, "stages": stages_of(case)}
            for case in cases_visible_to(user)
            .prefetch_related("items__employee")
            .order_by("-created_at", "-pk")[:SHOWN]
        ],
        "stage_title": stage_title,
        "has_dashboard": bool(roles & DASHBOARD_ROLES),
        "today": timezone.localdate(),
    }
    if CLERK in roles:
        context["clerk"] = _clerk_section(user)
    if INSPECTOR in roles:
        context["decrees"] = (
            Decree.objects.filter(case__in=cases_visible_to(user).values("pk"))
            .select_related("case")
            .order_by("-signed_at")[:SHOWN]
        )
    if ADMIN in roles:
        context["admin"] = administration_summary(user)
    return render(request, "web/home.html", context)
