"""How long cases and stages took, measured once, when the figure becomes final.

A decided task of a case's route gets a ``StageDuration`` in the transaction that decides it
(``services.tasks.run_activation``), a signed case a ``CaseDuration`` in the transaction that
signs it (``services.tasks.decide_opened``). The dashboard's stage medians and the open
statistics aggregate those narrow rows instead of reading every task and counting working days
case by case. ``backfill`` measures what was decided before (the data migration, and the
generated cities of bench.scale): the same arithmetic, the holidays read once.
"""

from __future__ import annotations

from datetime import date, datetime

from django.apps import apps as global_apps
from django.utils import timezone

from personnel import compiled
from personnel.holidays import holidays_between, read_once
from personnel.workdays import WorkdayCounter

BATCH = 5000


def _day(moment: datetime) -> date:
    return moment.astimezone(timezone.get_default_timezone()).date()


def _stage_row(model, counter: WorkdayCounter, *, task_id, case_id, stage, due, created, finished):
    done = _day(finished)
    return model(
        task_id=task_id,
        case_id=case_id,
        stage=stage or "",
        started=created,
        finished=finished,
        # A task is never decided before it was opened; 0, never negative, all the same.
        working_days=max(0, counter.between(_day(created), done)),
        late=bool(due) and done > date.fromisoformat(due),
    )


def _case_row(model, counter: WorkdayCounter, *, case_id, submitted, signed):
    return model(case_id=case_id, working_days=max(0, counter.between(_day(submitted), _day(signed))))


def _counter_for(start: datetime, end: datetime) -> WorkdayCounter:
    low, high = sorted((_day(start), _day(end)))
    return WorkdayCounter(holidays_between(low, high))


def decision_calendar(task):
    """The holidays one decision of ``task`` needs, read once (``personnel.holidays.read_once``):
    from the day the task opened (its duration, ``record_stage``) to the furthest first lookup
    of the next task's deadline (``deadlines.due_date`` from today)."""
    from .deadlines import lookup_end

    today = timezone.localdate()
    return read_once(min(_day(task.created), today), lookup_end(today))


def record_stage(task, case) -> None:
    """``task`` (of ``case``'s route) has just been decided."""
    from .models import StageDuration

    if task.finished is None:
        return
    data = task.data or {}
    row = _stage_row(
        StageDuration,
        _counter_for(task.created, task.finished),
        task_id=task.pk,
        case_id=case.pk,
        stage=data.get("stage"),
        due=data.get("due"),
        created=task.created,
        finished=task.finished,
    )
    # Every decision writes one: its INSERT built once (personnel/compiled.py), not by save().
    compiled.insert(
        StageDuration, **{field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    )


def record_case(case) -> None:
    """``case`` has just been signed (its decree is written)."""
    from .models import CaseDuration

    decree = case.decree
    if case.submitted_at is None:
        return
    _case_row(
        CaseDuration,
        _counter_for(case.submitted_at, decree.signed_at),
        case_id=case.pk,
        submitted=case.submitted_at,
        signed=decree.signed_at,
    ).save(force_insert=True)


def backfill(apps=global_apps, *, using: str = "default") -> tuple[int, int]:
    """Measure every decided task and signed case (a fixed number of reads, inserts in
    batches); the ones measured already keep their rows. Returns the numbers of rows offered."""
    task_model = apps.get_model("viewflow", "Task")
    case_model = apps.get_model("decisions", "Case")
    holiday = apps.get_model("personnel", "PublicHoliday")
    stage_model = apps.get_model("workflows", "StageDuration")
    case_duration = apps.get_model("workflows", "CaseDuration")
    counter = WorkdayCounter(holiday.objects.using(using).values_list("date", flat=True))

    routed = case_model.objects.using(using).filter(process__isnull=False)
    case_of = dict(routed.values_list("process_id", "pk").iterator(chunk_size=BATCH))
    tasks = (
        task_model.objects.using(using)
        .filter(
            flow_task_type="HUMAN",
            status="DONE",
            finished__isnull=False,
            process_id__in=routed.values("process_id"),
        )
        .order_by()  # not viewflow's newest first: no sort
        .values_list("pk", "process_id", "data__stage", "data__due", "created", "finished")
    )
    stages = _insert(
        stage_model,
        using,
        (
            _stage_row(
                stage_model,
                counter,
                task_id=pk,
                case_id=case_of[process],
                stage=stage,
                due=due,
                created=created,
                finished=finished,
            )
            for pk, process, stage, due, created, finished in tasks.iterator(chunk_size=BATCH)
        ),
    )
    signed = (
        case_model.objects.using(using)
        .filter(decree__isnull=False, submitted_at__isnull=False)
        .order_by()
        .values_list("pk", "submitted_at", "decree__signed_at")
    )
    cases = _insert(
        case_duration,
        using,
        (
            _case_row(case_duration, counter, case_id=pk, submitted=submitted, signed=signed_at)
            for pk, submitted, signed_at in signed.iterator(chunk_size=BATCH)
        ),
    )
    return stages, cases


def _insert(model, using: str, rows) -> int:
    written, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.using(using).bulk_create(batch, ignore_conflicts=True)
            written, batch = written + len(batch), []
    if batch:
        model.objects.using(using).bulk_create(batch, ignore_conflicts=True)
    return written + len(batch)
