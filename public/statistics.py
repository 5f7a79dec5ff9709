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
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

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
    return protect_counted(((person, group, detail, 1) for person, group, detail in records), k=k)


def protect_counted(rows: Iterable[tuple[Hashable, tuple, Hashable, int]], *, k: int) -> list[Group]:
    """``protect`` over (person, group key, detail, number of records): what a GROUP BY gives."""
    people: dict[tuple, dict[Hashable, set]] = defaultdict(lambda: defaultdict(set))
    counts: dict[tuple, dict[Hashable, int]] = defaultdict(lambda: defaultdict(int))
    for person, group, detail, n in rows:
        people[group][detail].add(person)
        counts[group][detail] += n
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


Histogram = Counter  # (working days, within standard) -> number of cases


def median_table(rows: Iterable[tuple[Hashable, Hashable, int, bool | None]], *, k: int) -> list[Durations]:
    """``rows``: (case, group, working days, within standard). Groups of fewer than k cases
    are merged into OTHER, which is left out if it is still smaller than k."""
    by_group: dict[Hashable, dict[Hashable, tuple[int, bool | None]]] = defaultdict(dict)
    for case, group, days, within in rows:
        by_group[group][case] = (days, within)
    return median_table_counted(
        ((group, days, within, 1) for group, cases in by_group.items() for days, within in cases.values()),
        k=k,
    )


def median_table_counted(
    rows: Iterable[tuple[Hashable, int, bool | None, int]], *, k: int
) -> list[Durations]:
    """``median_table`` over (group, working days, within standard, number of cases): what a
    GROUP BY gives, each case counted once in its group."""
    by_group: dict[Hashable, Histogram] = defaultdict(Counter)
    for group, days, within, n in rows:
        by_group[group][(days, within)] += n
    published: list[Durations] = []
    other: Histogram = Counter()
    for group in sorted(by_group, key=str):
        if by_group[group].total() >= k:
            published.append(_durations(group, by_group[group]))
        else:
            other.update(by_group[group])
    if other.total() >= k:
        published.append(_durations(OTHER, other))
    return published


def _durations(key, cases: Histogram) -> Durations:
    per_day: Counter = Counter()
    for (days, _within), n in cases.items():
        per_day[days] += n
    days = sorted(per_day.elements())
    judged = [(within, n) for (_days, within), n in cases.items() if within is not None]
    judged_cases = sum(n for _within, n in judged)
    return Durations(
        key=key,
        cases=cases.total(),
        median_days=float(stats.median(days)),
        within_standard=round(sum(n for within, n in judged if within) / judged_cases, 3) if judged else None,
    )


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
    """(person, (month, kind), OPD, decisions): one row per person, month, kind and proposing
    unit, counted in the database."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from decisions.models import CaseItem

    rows = (
        CaseItem.objects.filter(case__decree__isnull=False, status=CaseItem.Status.ACTIVE)
        .annotate(month=TruncMonth("case__decree__decree_date"))
        .values("employee_id", "month", "case__kind", "case__initiating_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("employee_id", "month", "case__kind", "case__initiating_unit_id", "n")
    )
    for person, month, kind, unit, n in rows:
        yield person, (f"{month:%Y-%m}", kind), opds[unit][0], n


def _duration_rows():
    """The stored durations of the signed cases (workflows/durations.py), counted in the
    database: per kind (kind, working days from submission to signing, within standard,
    cases) and per stage (stage, working days the stage took in a case, None, cases)."""
    from django.db import connection
    from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum

    from workflows.models import CaseDuration, StageDuration

    # A case duration is written when the decree is (and a decree is never deleted): the signed
    # cases are the ones with a duration, no need to read the decrees.
    measured = CaseDuration.objects.filter(case__submitted_at__isnull=False, case__process__isnull=False)
    # Within the service standard: no stage of the case decided after its due date. Asked as
    # IN (the late cases, hashed once) rather than EXISTS per case: PostgreSQL costs the EXISTS
    # so high that it JIT-compiles the statement, which took longer than running it.
    late_cases = StageDuration.objects.filter(late=True).exclude(stage="").values("case_id")
    by_kind = (
        measured.annotate(late=ExpressionWrapper(Q(case_id__in=late_cases), output_field=BooleanField()))
        .values("case__kind", "working_days", "late")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("case__kind", "working_days", "late", "n")
    )
    kinds = [(kind, days, not late, n) for kind, days, late, n in by_kind]
    # A stage taken twice in a case (after a return) counts once, with the days of both.
    per_case = (
        StageDuration.objects.filter(case_id__in=measured.values("case_id"))
        .exclude(stage="")
        .values("case_id", "stage")
        .annotate(days=Sum("working_days"))
        .order_by()
        .values_list("stage", "days")
    )
    sql, params = per_case.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # The ORM's own SQL, grouped once more: how many cases took each number of days.
            f"SELECT per_case.stage, per_case.days, COUNT(*) FROM ({sql}) per_case "  # noqa: S608
            "GROUP BY per_case.stage, per_case.days",
            params,
        )
        stages = [(stage, days, None, n) for stage, days, n in cursor.fetchall()]
    return kinds, stages


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
    from workflows.stages import stage_title

    today = today or timezone.localdate()
    k = k or settings.SAHIH_STATISTICS_MIN_CELL
    opds = _opd_map()
    opd_names = dict(opds.values())
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
        for group in protect_counted(_decision_records(opds), k=k)
        for code, count in group.cells.items()
    ]
    by_kind, by_stage = _duration_rows()
    durations = [
        {
            "kind": row.key,
            "kind_label": kind_label(row.key),
            "cases": row.cases,
            "median_working_days": row.median_days,
            "share_within_standard": row.within_standard,
        }
        for row in median_table_counted(by_kind, k=k)
    ]
    stages = [
        {
            "stage": row.key,
            "stage_label": str(_("other stages (merged)")) if row.key == OTHER else stage_title(row.key),
            "cases": row.cases,
            "median_working_days": row.median_days,
        }
        for row in median_table_counted(by_stage, k=k)
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
