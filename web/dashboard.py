"""The numbers behind the dashboards, aggregated in the database.

Each figure is one or two grouped queries over the cases the user may see, so a dashboard
costs the same with ten cases or ten thousand: counts by kind, status and stage; the median
time a stage takes (from its tasks' created and finished times, the median picked with
window functions so PostgreSQL and SQLite agree); late tasks by the unit they wait in; and
the registry seen through the rules (overdue for rotation, nearing retirement).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from decisions import tally
from decisions.models import Case, CaseKind
from decisions.policy.report import OVERDUE, RETIRING, ReportRow, registry_report
from decisions.selectors import cases_visible_to, sees_every_case
from personnel.models import Employee, OrgUnit, Position
from personnel.selectors import opd_of
from workflows.models import StageDuration
from workflows.selectors import late_filter
from workflows.stages import OPEN, stage_title

from .charts import Row

DAY = 86400
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


def median_days_per_stage(cases: QuerySet[Case], *, since: date | None = None) -> Figure:
    """The median working time of each stage's decided tasks, in days (from the durations
    stored when each task was decided: workflows/durations.py)."""
    tasks = StageDuration.objects.filter(case__in=cases)
    if since is not None:
        tasks = tasks.filter(finished__date__gte=since)
    ranked = (
        tasks.annotate(took=ExpressionWrapper(F("finished") - F("started"), output_field=DurationField()))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("stage")], order_by=[F("took").asc(), F("pk").asc()]),
            size=Window(Count("pk"), partition_by=[F("stage")]),
        )
        # The middle row, or the two middle rows of an even count.
        .filter(rank__gte=(F("size") + 1) / 2, rank__lte=F("size") / 2 + 1)
        .values_list("stage", "took")
    )
    middles: dict[str, list[timedelta]] = defaultdict(list)
    for stage, took in ranked:
        middles[stage].append(took)
    medians = {
        stage: sum(values, timedelta()).total_seconds() / len(values) / DAY
        for stage, values in middles.items()
    }
    rows = [
        Row(stage_title(stage), (round(days, 1),)) for stage, days in sorted(medians.items(), key=_slowest)
    ]
    return Figure(rows=rows, series=[])


def _slowest(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def overdue_tasks_by_unit(cases: QuerySet[Case], *, today: date | None = None) -> Figure:
    """Open tasks past their due date, per unit they wait in (the deciding office)."""
    today = today or timezone.localdate()
    position_unit = Position.objects.filter(code=OuterRef("position_code")).values("unit__code")[:1]
    late = (
        Task.objects.filter(process__case__in=cases, flow_task_type="HUMAN", status__in=OPEN)
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
