"""The stage durations' histogram (workflows/daycounts.py): the database's triggers keep it as
durations are stored, moved and deleted, on SQLite and on PostgreSQL alike (the suite runs on
both), and the migration's recount gives the same rows."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Task

from web import dashboard
from workflows import daycounts, durations
from workflows.models import StageDayCount, StageDuration

from .test_durations import _signed_over_days


def _kept() -> Counter:
    return Counter(
        {
            (stage, month, days): n
            for stage, month, days, n in StageDayCount.objects.values_list(
                "stage", "month", "working_days", "n"
            )
            if n
        }
    )


def _counted() -> Counter:
    """The histogram counted in Python from the durations, in local months."""
    return Counter(
        (stage, timezone.localtime(finished).date().replace(day=1), days)
        for stage, finished, days in StageDuration.objects.values_list("stage", "finished", "working_days")
    )


def test_the_triggers_count_each_stored_duration_by_stage_local_month_and_working_days(city, transfer_case):
    case = _signed_over_days(city, transfer_case)
    assert StageDuration.objects.filter(case=case).count() == 6
    assert _kept() == _counted()
    assert sum(_kept().values()) == 6
    assert _kept()[("unit_head", date(2026, 3, 1), 1)] == 1
    assert {month for _stage, month, _days in _kept()} == {date(2026, 3, 1)}


def test_the_month_is_the_local_one(city, transfer_case):
    case = _signed_over_days(city, transfer_case)
    # 1 March 2026, 03:00 in Jakarta is still 28 February in UTC.
    early = timezone.make_aware(datetime(2026, 3, 1, 3))
    StageDuration.objects.filter(case=case, stage="verification").update(finished=early)
    assert ("verification", date(2026, 3, 1), 0) in _kept()
    assert _kept() == _counted()


def test_the_triggers_follow_a_moved_and_a_deleted_duration(city, transfer_case):
    case = _signed_over_days(city, transfer_case)
    row = StageDuration.objects.get(case=case, stage="secretary")
    before = _kept()

    StageDuration.objects.filter(pk=row.pk).update(
        finished=row.finished - timedelta(days=30), working_days=row.working_days + 5
    )
    moved = _kept()
    assert (
        moved[("secretary", date(2026, 3, 1), row.working_days)]
        == before[("secretary", date(2026, 3, 1), row.working_days)] - 1
    )
    assert moved[("secretary", date(2026, 2, 1), row.working_days + 5)] == 1
    assert moved == _counted()

    StageDuration.objects.filter(pk=row.pk).delete()
    assert sum(_kept().values()) == 5
    assert _kept() == _counted()


def test_a_repeated_backfill_adds_nothing_and_deleted_tasks_take_their_counts_along(city, transfer_case):
    case = _signed_over_days(city, transfer_case)
    kept = _kept()
    durations.backfill()  # every duration is there already: no row inserted, no count added
    assert _kept() == kept
    Task.objects.filter(process_id=case.process_id).delete()  # their durations go by cascade
    assert _kept() == Counter()
    assert not StageDuration.objects.exists()


def test_the_recount_of_the_migration_gives_the_rows_the_triggers_keep(city, transfer_case):
    _signed_over_days(city, transfer_case)
    kept = _kept()
    StageDayCount.objects.all().delete()
    daycounts.rebuild(connection)
    assert _kept() == kept


def test_the_histogram_gives_the_medians_the_durations_give(city, transfer_case):
    _signed_over_days(city, transfer_case)
    from decisions.models import Case

    everything = dashboard.every_median_days_per_stage(since=date(2026, 1, 1))
    direct = dashboard.median_days_per_stage(Case.objects.all(), since=date(2026, 1, 1))
    assert everything.rows == direct.rows
    assert len(everything.rows) == 5
