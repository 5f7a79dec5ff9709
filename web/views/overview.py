"""The administrator's summary on the home page: the registry in numbers, who acts for whom,
the election calendar and its freeze windows, the rule parameters set here, the holidays
ahead and the committees. A handful of queries, each bounded (counts, or short lists)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from decisions.models import ElectionPeriod, PolicyParameter
from decisions.policy.engine import parameters
from decisions.policy.rules.election import freeze_windows
from personnel.models import ActingAssignment, Employee, OrgUnit, Position, PublicHoliday
from personnel.selectors import opd_count, with_free_places
from workflows.models import Committee

EXPIRING_DAYS = 30


def administration_summary(user) -> dict:
    today = timezone.localdate()
    positions = Position.objects.filter(is_active=True)
    vacant = with_free_places(positions)
    acting = list(
        ActingAssignment.objects.filter(end__gte=today)
        .select_related("position__unit", "user")
        .order_by("start", "pk")[:10]
    )
    params = parameters()
    elections = []
    for election in ElectionPeriod.objects.order_by("-candidates_set_on")[:4]:
        windows = freeze_windows(election, params)
        elections.append(
            {
                "election": election,
                "windows": windows,
                "frozen_now": any(first <= today <= last for _name, first, last in windows),
            }
        )
    return {
        "units": OrgUnit.objects.filter(is_active=True).count(),
        "opds": opd_count(),
        "positions": positions.count(),
        "vacant": vacant.count(),
        "employees": Employee.objects.filter(status=Employee.Status.ACTIVE).count(),
        "acting": [
            {
                "assignment": assignment,
                "in_force": assignment.start <= today,
                "expiring": assignment.start
                <= today
                <= assignment.end
                <= today + timedelta(days=EXPIRING_DAYS),
            }
            for assignment in acting
        ],
        "elections": elections,
        "parameters": list(PolicyParameter.objects.order_by("key")[:20]),
        "defaults": {
            key: params[key]
            for key in ("min_years_in_post", "max_years_in_post", "retirement_warning_months")
            if key in params
        },
        "holidays": list(PublicHoliday.objects.filter(date__gte=today).order_by("date")[:5]),
        "committees": list(Committee.objects.annotate(size=Count("members")).order_by("code")[:5]),
        "can_admin": user.is_staff,
    }
