"""The numbers behind the dashboards, aggregated in the database.

Each figure is one or two grouped queries over the cases the user may see, so a dashboard
costs the same with ten cases or ten thousand: counts by kind, status and stage; the median
working days a stage takes (the middle of a histogram of the stored stage durations: kept by
triggers for who sees every case, grouped from the period's durations for a unit's
officials); late tasks by the unit they wait in; and the registry seen through the rules
(overdue for rotation, nearing retirement).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import CharField, Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from decisions import tally
from decisions.models import Case, CaseKind
from decisions.policy.report import OVERDUE, RETIRING, ReportRow, registry_report
from decisions.selectors import Probe, cases_visible_to, sees_every_case
from personnel.models import Employee, OrgUnit, Position
from personnel.selectors import opd_of
from workflows.models import StageDayCount, StageDuration
from workflows.selectors import late_filter
from workflows.stages import OPEN, stage_title

from .charts import Row

LABEL_LIMIT = 34


@dataclass(frozen=True)
class Figure:
    """One chart's data: its rows, the names of its series, and the table's column heads."""

    rows: list[Row]
    series: list[str]


def scope(user: AbstractBaseUser) -> QuerySet[Case]:
    """The cases the dashboard counts, as a plain subquery (no join can count a case twice);
    every case, with no subquery at all, for those who see every case."""
    if sees_every_case(user):
        return Case.objects.all()
    return Case.objects.filter(pk__in=cases_visible_to(user).values("pk"))


def cases_by_kind(cases: QuerySet[Case]) -> Figure:
    """Cases per kind, stacked by status (only the statuses that occur), counted."""
    return kinds_figure(
        {
            (row["kind"], row["status"]): row["n"]
            for row in cases.order_by().values("kind", "status").annotate(n=Count("pk"))
        }
    )


def every_case_by_kind() -> Figure:
    """The same for every case, read from the tally (decisions/tally.py): a few rows, not
    the archive."""
    return kinds_figure(tally.counts())


def kinds_figure(counts: dict[tuple[str, str], int]) -> Figure:
    statuses = [status for status in Case.Status if any(s == status for _k, s in counts)]
    kinds = sorted({kind for kind, _s in counts}, key=lambda kind: list(CaseKind).index(kind))
    rows = [
        Row(str(CaseKind(kind).label), tuple(counts.get((kind, status), 0) for status in statuses))
        for kind in kinds
    ]
    return Figure(rows=rows, series=[str(status.label) for status in statuses])


def open_cases_by_stage(cases: QuerySet[Case]) -> Figure:
    """Cases waiting, per stage they wait at (parallel stages count for each)."""
    waiting: Counter[str] = Counter()
    for stage, n in (
        cases.filter(status__in=(Case.Status.IN_REVIEW, Case.Status.RETURNED))
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
    ):
        for code in {code for code in (stage or "").split(",") if code}:
            waiting[code] += n
    rows = [Row(stage_title(code), (n,)) for code, n in waiting.most_common()]
    return Figure(rows=rows, series=[])


def period_start(today: date, days: int) -> date:
    """The first day of the month ``days`` days before ``today``: the medians count whole
    months (the histogram's), from that month up to today."""
    return (today - timedelta(days=days)).replace(day=1)


def every_median_days_per_stage(*, since: date | None = None) -> Figure:
    """The median working days of each stage's decided tasks, every case, from the month of
    ``since`` on: the middle of the kept histogram (workflows/daycounts.py), a few rows per
    stage and month however many cases there are."""
    counts = StageDayCount.objects.filter(n__gt=0)
    if since is not None:
        counts = counts.filter(month__gte=since.replace(day=1))
    return _medians_figure(counts.order_by().values_list("stage", "working_days").annotate(total=Sum("n")))


def median_days_per_stage(cases: QuerySet[Case], *, since: date | None = None) -> Figure:
    """The same over ``cases`` (a unit's officials: ``cases_visible_to``), counted from the
    stored durations (workflows/durations.py) in one grouped query.

    The histogram cannot serve them: a unit's officials see their unit's cases, the ones they
    created and the ones they had a task on, an OR that no sum of per-unit counts reproduces
    without counting a case twice or missing one. The query starts from the period's durations
    (the ``finished`` index) and asks of each whether its case is visible (``Probe``: an index
    probe per row, not every visible case hashed first): what it reads is bounded by the
    period, at most a year of decided tasks, not by the archive."""
    tasks = StageDuration.objects.filter(Probe(cases.filter(pk=OuterRef("case_id"))))
    if since is not None:
        first = since.replace(day=1)
        tasks = tasks.filter(finished__gte=timezone.make_aware(datetime.combine(first, time.min)))
    return _medians_figure(tasks.order_by().values_list("stage", "working_days").annotate(total=Count("pk")))


def median(counts: dict[int, int]) -> float:
    """The median of a histogram (value -> how many): the middle value, or the mean of the two
    middle values of an even count, exactly as sorting every value would give."""
    size = sum(counts.values())
    # 1-based positions of the middle value(s): the same one for an odd size.
    low, high = (size + 1) // 2, size // 2 + 1
    seen, found = 0, []
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < 2 and seen >= (low, high)[len(found)]:
            found.append(value)
        if len(found) == 2:
            break
    return sum(found) / 2


def stage_medians(rows: Iterable[tuple[str, int, int]]) -> dict[str, float]:
    """(stage, working days, how many) rows, summed over months already -> each stage's median."""
    per_stage: dict[str, Counter[int]] = defaultdict(Counter)
    for stage, days, n in rows:
        if n > 0:
            per_stage[stage][days] += n
    return {stage: median(counts) for stage, counts in per_stage.items()}


def _medians_figure(rows) -> Figure:
    medians = stage_medians(rows)
    rows = [
        Row(stage_title(stage), (round(days, 1),)) for stage, days in sorted(medians.items(), key=_slowest)
    ]
    return Figure(rows=rows, series=[])


def _slowest(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def overdue_tasks_by_unit(cases: QuerySet[Case] | None, *, today: date | None = None) -> Figure:
    """Open tasks past their due date, per unit they wait in (the deciding office); ``cases``
    None: every case's. Every case is not ``Case.objects.all()`` as a subquery: an
    ``IN (SELECT id FROM decisions_case)`` the planner may answer by hashing the whole table."""
    today = today or timezone.localdate()
    position_unit = Position.objects.filter(code=OuterRef("position_code")).values("unit__code")[:1]
    of_cases = {"process__case__isnull": False} if cases is None else {"process__case__in": cases}
    late = (
        Task.objects.filter(**of_cases, flow_task_type="HUMAN", status__in=OPEN)
        .filter(late_filter(today))
        .annotate(position_code=KT("data__assignment__position"))
        .annotate(
            unit_code=Coalesce(
                KT("data__unit"),
                KT("data__assignment__unit"),
                Subquery(position_unit),
                F("process__case__initiating_unit__code"),
                output_field=CharField(),
            )
        )
        .order_by()
        .values_list("unit_code")
        .annotate(n=Count("pk"))
    )
    counts = dict(late)
    names = dict(OrgUnit.objects.filter(code__in=counts).values_list("code", "name"))
    rows = [
        Row(unit_label(code, names[code]) if code in names else (code or "-"), (n,), names.get(code, ""))
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))
    ]
    return Figure(rows=rows, series=[])


def unit_label(code: str, name: str) -> str:
    """A unit as a chart label: its name, or its acronym (BKPSDM) when the name is long."""
    return name if len(name) <= LABEL_LIMIT else code


class UnitTree:
    """Every unit's parent, loaded in one query: which OPD a unit belongs to."""

    def __init__(self):
        self.units = {
            pk: (parent, kind, code, name)
            for pk, parent, kind, code, name in OrgUnit.objects.values_list(
                "pk", "parent_id", "kind", "code", "name"
            )
        }

    def opd(self, unit_id: int | None) -> int | None:
        node = unit_id
        while node is not None:
            parent = self.units[node][0]
            if parent is None or self.units[parent][1] == OrgUnit.Kind.REGION:
                return node
            node = parent
        return None

    def label(self, unit_id: int) -> str:
        _parent, _kind, code, name = self.units[unit_id]
        return unit_label(code, name)

    def name(self, unit_id: int) -> str:
        return self.units[unit_id][3]


def registry_flags(user: AbstractBaseUser, *, on: date | None = None) -> tuple[Figure, list[ReportRow]]:
    """Employees overdue for rotation or nearing retirement, per OPD: the whole registry for
    the offices that see every case, the user's own OPD for a unit's officials."""
    rows = [row for row in registry_report(on=on) if row.finding in (OVERDUE, RETIRING)]
    tree = UnitTree()
    unit_of = dict(
        Employee.objects.filter(nip__in={row.nip for row in rows}).values_list("nip", "position__unit_id")
    )
    opd_of_row = {row.nip: tree.opd(unit_of.get(row.nip)) for row in rows}
    if not sees_every_case(user):
        own = opd_of(user)
        rows = [row for row in rows if own is not None and opd_of_row[row.nip] == own.pk]
    per_opd: dict[int | None, Counter[str]] = defaultdict(Counter)
    for row in rows:
        per_opd[opd_of_row[row.nip]][row.finding] += 1
    chart_rows = [
        Row(
            tree.label(opd) if opd else "-",
            (counts[OVERDUE], counts[RETIRING]),
            tree.name(opd) if opd else "",
        )
        for opd, counts in sorted(
            per_opd.items(), key=lambda item: (-item[1].total(), tree.name(item[0]) if item[0] else "")
        )
    ]
    return Figure(rows=chart_rows, series=[_("Overdue for rotation"), _("Nearing retirement")]), rows
