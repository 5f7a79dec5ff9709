"""Dashboards: the figures of web.dashboard as server-drawn bar charts, each with the
same numbers in a table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from decisions.policy.engine import parameters
from decisions.selectors import cases_visible_to, sees_every_case
from personnel.roles import user_roles

from .. import dashboard
from ..charts import bar_chart
from .home import DASHBOARD_ROLES

PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 365
PEOPLE_SHOWN = 100


def _chart(chart_id, figure, *, title, description, unit_label, decimals=0):
    return {
        "id": chart_id,
        "title": title,
        "unit_label": unit_label,
        "figure": figure,
        "series": figure.series,
        "svg": bar_chart(
            chart_id=chart_id,
            title=title,
            description=description,
            rows=figure.rows,
            series=figure.series,
            decimals=decimals,
            empty_text=_("Nothing to show."),
        ),
    }


@login_required
def dashboard_page(request):
    user = request.user
    if not (user.is_superuser or user_roles(user) & DASHBOARD_ROLES):
        raise PermissionDenied
    try:
        period = int(request.GET.get("days", DEFAULT_PERIOD))
    except ValueError:
        period = DEFAULT_PERIOD
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    today = timezone.localdate()
    cases = dashboard.scope(user)
    # Who sees every case reads the kept counts; a unit's officials count their own cases.
    every = sees_every_case(user)
    kinds = dashboard.every_case_by_kind() if every else dashboard.cases_by_kind(cases)
    # Whole months: the kept histogram counts per month (web/dashboard.py).
    since = dashboard.period_start(today, period)
    medians = (
        dashboard.every_median_days_per_stage(since=since)
        if every
        else dashboard.median_days_per_stage(cases_visible_to(user), since=since)
    )
    params = parameters()
    registry, people = dashboard.registry_flags(user, on=today)
    charts = [
        _chart(
            "chart-kinds",
            kinds,
            title=_("Cases by kind and status"),
            description=_("Number of cases of each kind, split by their status."),
            unit_label=_("cases"),
        ),
        _chart(
            "chart-stages",
            dashboard.open_cases_by_stage(cases),
            title=_("Open cases by the stage they wait at"),
            description=_("Number of cases waiting at each stage of their route."),
            unit_label=_("cases"),
        ),
        _chart(
            "chart-medians",
            medians,
            title=_("Median working days per stage"),
            description=_(
                "Median number of working days (weekends and public holidays not counted) between "
                "a stage's task being opened and decided, for the tasks decided from %(month)s up "
                "to today: whole months."
            )
            % {"month": date_format(since, "F Y")},
            unit_label=_("working days"),
            decimals=1,
        ),
        _chart(
            "chart-overdue",
            dashboard.overdue_tasks_by_unit(None if every else cases, today=today),
            title=_("Late tasks by unit"),
            description=_("Open tasks past their due date, by the unit they wait in."),
            unit_label=_("tasks"),
        ),
        _chart(
            "chart-registry",
            registry,
            title=_("Employees overdue for rotation or nearing retirement"),
            description=_(
                "Per unit: employees %(years)s years or more in their post, and employees reaching "
                "the retirement age within %(months)s months."
            )
            % {"years": params["max_years_in_post"], "months": params["retirement_warning_months"]},
            unit_label=_("employees"),
        ),
    ]
    return render(
        request,
        "web/dashboard.html",
        {
            "charts": charts,
            "period": period,
            "periods": PERIODS,
            "people": people[:PEOPLE_SHOWN],
            "people_total": len(people),
            "today": today,
        },
    )
