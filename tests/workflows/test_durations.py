"""Stage and case durations: measured in the transaction that decides a task or signs a case,
and measured the same way afterwards by the backfill (the data migration, bench.scale)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone
from viewflow.workflow.models import Task

from personnel.models import PublicHoliday
from workflows import durations
from workflows.deadlines import working_days_between
from workflows.models import CaseDuration, StageDuration
from workflows.services import case_submit

from .conftest import decide

ROUTE = [
    ("unit_head", "head_dishub"),
    ("unit_head", "head_bpkad"),
    ("verification", "verifier"),
    ("agency_head", "agency_head"),
    ("secretary", "sekda"),
    ("signing", "walikota"),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))


def _signed_over_days(city, case):
    """The route decided one stage every second calendar day from Monday 2 March 2026, with a
    holiday on Tuesday the 3rd."""
    PublicHoliday.objects.create(date=date(2026, 3, 3), name="Libur")
    start = date(2026, 3, 2)
    with time_machine.travel(_at(start), tick=False):
        case = case_submit(case_id=case.pk, actor=city.clerk)
    for n, (stage, user) in enumerate(ROUTE, start=1):
        with time_machine.travel(_at(start + timedelta(days=2 * n)), tick=False):
            case = decide(case, stage, getattr(city, user))
    return case


def _rows():
    return (
        sorted(
            StageDuration.objects.values_list(
                "task_id", "case_id", "stage", "started", "finished", "working_days", "late"
            )
        ),
        sorted(CaseDuration.objects.values_list("case_id", "working_days")),
    )


def test_the_route_measures_each_decided_stage_and_the_signed_case(city, transfer_case):
    case = _signed_over_days(city, transfer_case)
    decided = Task.objects.filter(process_id=case.process_id, flow_task_type="HUMAN", status="DONE")
    stages, cases = _rows()
    assert sorted(row[0] for row in stages) == sorted(decided.values_list("pk", flat=True))
    for task in decided:
        row = StageDuration.objects.get(task=task)
        assert row.stage == task.data.get("stage", "")
        assert row.working_days == working_days_between(
            timezone.localtime(task.created).date(), timezone.localtime(task.finished).date()
        )
    # Submitted Monday 2 March, signed Saturday 14 March: the 9 weekdays after the Monday,
    # less the holiday.
    assert cases == [(case.pk, 8)]
    # Opened Sunday 8 March (by the verification), decided Tuesday 10: Monday and Tuesday.
    assert StageDuration.objects.get(case=case, stage="agency_head").working_days == 2


def test_the_backfill_measures_the_past_as_the_route_did(city, transfer_case):
    _signed_over_days(city, transfer_case)
    recorded = _rows()
    StageDuration.objects.all().delete()
    CaseDuration.objects.all().delete()
    durations.backfill()
    assert _rows() == recorded
    durations.backfill()  # again: the rows measured already are kept, none added
    assert _rows() == recorded
