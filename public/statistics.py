"""Open statistics: what the public may know about personnel decisions, with no person
identifiable.

The rule (``SAHIH_STATISTICS_MIN_CELL``, k): every published cell counts at least k distinct
people. A table is built from records ``(person, group, detail)``: within each group (a month
and a kind, a retirement year), the details (OPDs) with fewer than k people are merged into
one "other OPDs" cell; if that merged cell still has fewer than k people it is suppressed.

What we guarantee, and how it holds against subtraction (complementary suppression):

* every published cell counts at least k distinct people;
* every published total is the sum of the *published* cells below it -- never a count
  taken from the registry -- so a suppressed cell's people are in no published number at
  all, and no subtraction of published numbers (within a table or across the tables, which
  count disjoint things: decided people, cases, employees reaching retirement age,
  positions) can give them back. The price is honest: a group's published total is then a
  lower bound, and the group says it is incomplete;
* a merged "other OPDs" cell publishes only its sum, never which OPDs are in it.

Not guaranteed: differencing between two releases (yesterday's and today's figures for the
current month), which k-anonymity of one release cannot prevent; the figures are cached
(``SAHIH_STATISTICS_CACHE_SECONDS``) and closed months do not change.

Durations are medians over cases; a kind or a stage with fewer than k cases is merged into
"other kinds" or left out. Vacancies count positions, not people: no person is in them.
"""

from __future__ import annotations

import statistics as stats
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

OTHER = "_other"
CACHE_KEY = "sahih:public-statistics:v1"
RETIREMENT_YEARS_AHEAD = 5


# -- the k-anonymity core (pure: the property test drives it with random registries) -------------


@dataclass
class Group:
    key: tuple
    cells: dict[Hashable, int] = field(default_factory=dict)  # detail (or OTHER) -> count
    incomplete: bool = False  # some people of the group are in no published number

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def protect(records: Iterable[tuple[Hashable, tuple, Hashable]], *, k: int) -> list[Group]:
    """``records``: (person, group key, detail) -- one per person and decision. Each cell's
    published count is its number of records; it is published only with ≥ k distinct people."""
    people: dict[tuple, dict[Hashable, set]] = defaultdict(lambda: defaultdict(set))
    counts: dict[tuple, dict[Hashable, int]] = defaultdict(lambda: defaultdict(int))
    for person, group, detail in records:
        people[group][detail].add(person)
        counts[group][detail] += 1
    groups = []
    for key in sorted(people):
        group = Group(key=key)
        small_people: set = set()
        small_count = 0
        for detail in sorted(people[key], key=str):
            if len(people[key][detail]) >= k:
                group.cells[detail] = counts[key][detail]
            else:
                small_people |= people[key][detail]
                small_count += counts[key][detail]
        if small_count:
            if len(small_people) >= k:
                group.cells[OTHER] = small_count
            else:
                group.incomplete = True
        if group.cells:
            groups.append(group)
    return groups


@dataclass
class Durations:
    key: Hashable
    cases: int
    median_days: float
    within_standard: float | None  # share of cases decided within the service standard


def median_table(rows: Iterable[tuple[Hashable, Hashable, int, bool | None]], *, k: int) -> list[Durations]:
    """``rows``: (case, group, working days, within standard). Groups of fewer than k cases
    are merged into OTHER, which is left out if it is still smaller than k."""
    by_group: dict[Hashable, dict[Hashable, tuple[int, bool | None]]] = defaultdict(dict)
    for case, group, days, within in rows:
        by_group[group][case] = (days, within)
    published: list[Durations] = []
    other: dict[Hashable, tuple[int, bool | None]] = {}
    for group in sorted(by_group, key=str):
        if len(by_group[group]) >= k:
            published.append(_durations(group, by_group[group]))
        else:
            other.update({(group, case): value for case, value in by_group[group].items()})
    if len(other) >= k:
        published.append(_durations(OTHER, other))
    return published


def _durations(key, cases: dict) -> Durations:
    days = [value[0] for value in cases.values()]
    judged = [value[1] for value in cases.values() if value[1] is not None]
    return Durations(
        key=key,
        cases=len(cases),
        median_days=float(stats.median(days)),
        within_standard=round(sum(judged) / len(judged), 3) if judged else None,
    )


# -- working days, for many dates at once ---------------------------------------------------------


class WorkdayCounter:
    """Working days between many pairs of dates, with the holidays read once."""

    def __init__(self, holidays: Iterable[date]):
        self.holidays = sorted(set(holidays))

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        if end <= start:
            return 0
        days = (end - start).days
        weeks, rest = divmod(days, 7)
        count = weeks * 5
        for offset in range(1, rest + 1):
            if (start + timedelta(days=offset)).weekday() < 5:
                count += 1
        lo = bisect_right(self.holidays, start)
        hi = bisect_right(self.holidays, end)
        count -= sum(1 for day in self.holidays[lo:hi] if day.weekday() < 5)
        return count


# -- reading the registry (a fixed number of statements, whatever the number of cases) -----------


def _opd_map() -> dict[int, tuple[str, str]]:
    from personnel.models import OrgUnit

    units = {row["pk"]: row for row in OrgUnit.objects.values("pk", "code", "name", "parent_id", "kind")}

    def opd(pk):
        unit = units[pk]
        while unit["parent_id"] is not None and units[unit["parent_id"]]["kind"] != OrgUnit.Kind.REGION:
            unit = units[unit["parent_id"]]
        return unit["code"], unit["name"]

    return {pk: opd(pk) for pk in units}


def _decision_records(opds):
    from decisions.models import CaseItem

    rows = CaseItem.objects.filter(case__decree__isnull=False, status=CaseItem.Status.ACTIVE).values_list(
        "employee_id", "case__decree__decree_date", "case__kind", "case__initiating_unit_id"
    )
    for person, day, kind, unit in rows.iterator(chunk_size=5000):
        yield person, (f"{day:%Y-%m}", kind), opds[unit][0]


def _duration_rows(counter: WorkdayCounter):
    """Per case: (case, kind, working days from submission to signing, within standard);
    per stage: (case, stage, working days, None)."""
    from viewflow.workflow.models import Task

    from decisions.models import Case

    zone = timezone.get_current_timezone()
    measured = Case.objects.filter(decree__isnull=False, submitted_at__isnull=False, process__isnull=False)
    cases = {
        process: (pk, kind, submitted.astimezone(zone).date(), signed.astimezone(zone).date())
        for pk, process, kind, submitted, signed in measured.values_list(
            "pk", "process_id", "kind", "submitted_at", "decree__signed_at"
        ).iterator(chunk_size=5000)
    }
    late: set[int] = set()
    stage_days: dict[tuple[int, str], int] = defaultdict(int)
    tasks = Task.objects.filter(
        process_id__in=measured.values("process_id"), status="DONE", flow_task_type="HUMAN"
    ).values_list("process_id", "data__stage", "data__due", "created", "finished")
    for process, stage, due, created, finished in tasks.iterator(chunk_size=5000):
        if not stage or finished is None:
            continue
        case = cases[process][0]
        done = finished.astimezone(zone).date()
        stage_days[(case, stage)] += counter.between(created.astimezone(zone).date(), done)
        if due and done > date.fromisoformat(due):
            late.add(case)
    by_kind = [
        (case, kind, counter.between(submitted, signed), case not in late)
        for case, kind, submitted, signed in cases.values()
    ]
    by_stage = [(case, stage, days, None) for (case, stage), days in stage_days.items()]
    return by_kind, by_stage


def _retirement_records(opds, today: date):
    from types import SimpleNamespace

    from decisions.policy.dates import bup_age, retirement_date
    from decisions.policy.engine import parameters
    from personnel.models import Employee

    params = parameters()
    horizon = today.year + RETIREMENT_YEARS_AHEAD
    ages: dict[tuple, int] = {}
    employees = Employee.objects.filter(status=Employee.Status.ACTIVE, position__isnull=False).values_list(
        "pk",
        "birth_date",
        "position__kind",
        "position__functional_type",
        "position__functional_level",
        "position__unit_id",
    )
    for pk, birth, kind, functional_type, level, unit in employees.iterator(chunk_size=5000):
        post = (kind, functional_type, level)
        if post not in ages:
            position = SimpleNamespace(kind=kind, functional_type=functional_type, functional_level=level)
            ages[post] = bup_age(position, params)
        retires_on = retirement_date(birth, ages[post])
        if today <= retires_on and retires_on.year < horizon:
            yield pk, (retires_on.year,), opds[unit][0]


def _vacancies(opds):
    from personnel.selectors import with_free_places

    per_opd: dict[str, int] = defaultdict(int)
    for unit, free in with_free_places().values_list("unit_id", "free"):
        per_opd[opds[unit][0]] += free
    return dict(sorted(per_opd.items()))


def compute(*, today: date | None = None, k: int | None = None) -> dict:
    """Every table, as plain data (what the page, the CSV and the JSON are made from)."""
    from decisions.models import CaseKind
    from personnel.models import PublicHoliday
    from workflows.stages import stage_title

    today = today or timezone.localdate()
    k = k or settings.SAHIH_STATISTICS_MIN_CELL
    opds = _opd_map()
    opd_names = dict(opds.values())
    counter = WorkdayCounter(PublicHoliday.objects.values_list("date", flat=True))
    kinds = dict(CaseKind.choices)

    def opd_label(code):
        return str(_("other OPDs (merged)")) if code == OTHER else opd_names.get(code, code)

    def kind_label(code):
        return str(_("other kinds (merged)")) if code == OTHER else str(kinds.get(code, code))

    decisions = [
        {
            "month": group.key[0],
            "kind": group.key[1],
            "kind_label": kind_label(group.key[1]),
            "opd": code,
            "opd_label": opd_label(code),
            "people": count,
            "group_incomplete": group.incomplete,
        }
        for group in protect(_decision_records(opds), k=k)
        for code, count in group.cells.items()
    ]
    by_kind, by_stage = _duration_rows(counter)
    durations = [
        {
            "kind": row.key,
            "kind_label": kind_label(row.key),
            "cases": row.cases,
            "median_working_days": row.median_days,
            "share_within_standard": row.within_standard,
        }
        for row in median_table(by_kind, k=k)
    ]
    stages = [
        {
            "stage": row.key,
            "stage_label": str(_("other stages (merged)")) if row.key == OTHER else stage_title(row.key),
            "cases": row.cases,
            "median_working_days": row.median_days,
        }
        for row in median_table(by_stage, k=k)
    ]
    retirements = [
        {
            "year": group.key[0],
            "opd": code,
            "opd_label": opd_label(code),
            "people": count,
            "group_incomplete": group.incomplete,
        }
        for group in protect(_retirement_records(opds, today), k=k)
        for code, count in group.cells.items()
    ]
    vacancies = [
        {"opd": code, "opd_label": opd_label(code), "vacant_places": free}
        for code, free in _vacancies(opds).items()
    ]
    return {
        "generated_on": today.isoformat(),
        "min_cell": k,
        "tables": {
            "decisions": decisions,
            "durations": durations,
            "stages": stages,
            "retirements": retirements,
            "vacancies": vacancies,
        },
    }


def published(*, today: date | None = None) -> dict:
    """The figures, computed at most once per ``SAHIH_STATISTICS_CACHE_SECONDS`` (and kept
    fresh ahead of time by ``refresh``, so a visitor rarely pays for the computation)."""
    from django.utils.translation import get_language

    key = f"{CACHE_KEY}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = compute(today=today)
        cache.set(key, figures, timeout=settings.SAHIH_STATISTICS_CACHE_SECONDS)
    return figures


def refresh() -> None:
    """Recompute the figures in every language into the cache (Celery beat, public.tasks)."""
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            cache.set(f"{CACHE_KEY}:{code}", compute(), timeout=settings.SAHIH_STATISTICS_CACHE_SECONDS)


# -- the data dictionary --------------------------------------------------------------------------

TABLES = {
    "decisions": _("Decisions signed per month, by kind and OPD"),
    "durations": _("Working days from submission to signing, by kind"),
    "stages": _("Working days per stage"),
    "retirements": _("Employees reaching retirement age, by year and OPD"),
    "vacancies": _("Vacant places per OPD"),
}

DICTIONARY = {
    "decisions": {
        "month": _("Month the decree (SK) was set, YYYY-MM."),
        "kind": _("Kind of decision (code)."),
        "kind_label": _("Kind of decision."),
        "opd": _("Code of the proposing OPD; “_other” merges the OPDs with too few people."),
        "opd_label": _("Name of the proposing OPD."),
        "people": _("Number of people the signed decrees concern (one per person and decree)."),
        "group_incomplete": _(
            "True when some people of this month and kind are in a cell too small to publish: "
            "the cells of the group then add up to less than the real number."
        ),
    },
    "durations": {
        "kind": _("Kind of decision (code); “_other” merges the kinds with too few cases."),
        "kind_label": _("Kind of decision."),
        "cases": _("Number of signed cases measured."),
        "median_working_days": _(
            "Median number of working days (weekends and public holidays excluded) from submission to signing."
        ),
        "share_within_standard": _(
            "Share of the cases (0 to 1) in which every stage was decided within its service standard."
        ),
    },
    "stages": {
        "stage": _("Stage of the approval route (code)."),
        "stage_label": _("Stage of the approval route."),
        "cases": _("Number of signed cases that went through the stage."),
        "median_working_days": _("Median number of working days the stage took in a case."),
    },
    "retirements": {
        "year": _("Year in which the employees reach retirement age (TMT pensiun)."),
        "opd": _("Code of the OPD; “_other” merges the OPDs with too few people."),
        "opd_label": _("Name of the OPD."),
        "people": _("Number of active employees reaching retirement age."),
        "group_incomplete": _("True when some employees of this year are in a cell too small to publish."),
    },
    "vacancies": {
        "opd": _("Code of the OPD."),
        "opd_label": _("Name of the OPD."),
        "vacant_places": _(
            "Places free in the OPD's positions (capacity of the peta jabatan minus holders)."
        ),
    },
}


def dictionary() -> dict:
    return {
        table: {"title": str(TABLES[table]), "fields": {name: str(text) for name, text in fields.items()}}
        for table, fields in DICTIONARY.items()
    }
