"""The fit score: how well an employee fits a position, as a weighted mean of seven factors,
each between 0 and 1 and each shown with its value, weight and the facts it used.

The factors are pure functions of plain values (tested at their boundaries in
tests/placement/test_scoring.py); ``score`` reads those values from an employee, the target
position and the facts the policy engine already loaded for the ranking, so scoring adds no
query. The weights and boundaries are settings (settings.SAHIH_PLACEMENT, overlaid with the
administrator's ScoreWeight rows); ``version`` hashes them with this module's source, so a
case started from a ranking records exactly which scoring ranked it.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import json
import sys
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Case, DateField, FilteredRelation, FloatField, Func, Q, Value, When
from django.db.models.functions import Greatest, Least, Lower
from django.db.models.lookups import In
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.policy.dates import add_years, bup_age, bup_birthday, rated_years
from personnel.models import EDUCATION_RANK, Position, PositionHistory, Training
from personnel.ranks import RANKS

FACTORS = {
    "education": gettext_lazy("Education level and field"),
    "rank": gettext_lazy("Rank within the position's range"),
    "performance": gettext_lazy("SKP of the last two years"),
    "training": gettext_lazy("Training the post requires"),
    "experience": gettext_lazy("Experience in related posts"),
    "rotation": gettext_lazy("Time in the current post (rotation due)"),
    "retirement": gettext_lazy("Distance to retirement"),
}
RANK_ORDER = [code for code, _golongan, _pangkat in RANKS]
GOLONGAN = {code: golongan for code, golongan, _pangkat in RANKS}
DAYS_PER_YEAR = 365.25


class Detail:
    """A factor's explanation, written only when someone reads it: a ranking scores every
    candidate, a page shows a hundred."""

    __slots__ = ("template", "params")

    def __init__(self, template, params: dict | None = None):
        self.template = template
        self.params = params

    def __str__(self) -> str:
        if callable(self.template):
            return self.template()
        return str(self.template) % self.params if self.params is not None else str(self.template)


@dataclass(frozen=True)
class Factor:
    key: str
    value: float  # 0..1
    weight: float
    detail: Detail | str

    @property
    def label(self) -> str:
        return str(FACTORS[self.key])

    @property
    def points(self) -> float:
        return self.value * self.weight

    def as_dict(self) -> dict:
        """As stored with a case and in the ledger: numbers as decimal strings (JSON floats
        have no canonical form)."""
        return {
            "key": self.key,
            "label": self.label,
            "value": f"{self.value:.4f}",
            "weight": f"{self.weight:g}",
            "detail": str(self.detail),
        }


@dataclass(frozen=True)
class Score:
    total: float  # 0..100
    factors: tuple[Factor, ...]
    version: str

    def as_dict(self) -> dict:
        return {
            "total": f"{self.total:.2f}",
            "version": self.version,
            "factors": [f.as_dict() for f in self.factors],
        }


def parameters() -> dict:
    """The placement settings in force: the configured defaults, the administrator's weights over them."""
    from .models import ScoreWeight

    params = copy.deepcopy(settings.SAHIH_PLACEMENT)
    for factor, weight in ScoreWeight.objects.values_list("factor", "weight"):
        params["weights"][factor] = float(weight)  # JSON-safe for the version hash
    return params


@functools.cache
def _code_digest() -> str:
    return hashlib.sha256(inspect.getsource(sys.modules[__name__]).encode()).hexdigest()


def version(params: dict) -> str:
    """The score version: this module's source and the parameters in force."""
    return hashlib.sha256(_code_digest().encode() + json.dumps(params, sort_keys=True).encode()).hexdigest()[
        :12
    ]


def _linear(value: float, zero: float, full: float) -> float:
    """0 at or below ``zero``, 1 at or above ``full``, a straight line between."""
    if value <= zero:
        return 0.0
    if value >= full:
        return 1.0
    return (value - zero) / (full - zero)


# The factors. Each returns (value 0..1, detail for the reader).


def education_factor(
    *, level: str, field: str, min_level: str, fields: list[str], params: dict
) -> tuple[float, str]:
    """Half the level (the minimum counts ``education_level_at_minimum``, above it full),
    half the field of study (any field when the position names none)."""
    level_value = education_level_value(level=level, min_level=min_level, params=params)
    # The same match as the education rule (decisions/policy/rules/fitness.py): one of the listed fields.
    wanted = [f.lower() for f in fields]
    field_value = 1.0 if not wanted or (field or "").lower() in wanted else 0.0
    detail = Detail(
        lambda: (
            _("%(level)s %(field)s; the post asks %(min)s in %(fields)s.")
            % {
                "level": level or "-",
                "field": field or "-",
                "min": min_level or _("any level"),
                "fields": ", ".join(fields) if fields else _("any field"),
            }
        )
    )
    return (level_value + field_value) / 2, detail


def education_level_value(*, level: str, min_level: str, params: dict) -> float:
    """The level's half of the education factor."""
    if not min_level:
        return 1.0
    have, need = EDUCATION_RANK.get(level, 0), EDUCATION_RANK.get(min_level, 0)
    if have < need:
        return 0.0
    if have == need:
        return float(params["education_level_at_minimum"])
    return 1.0


def rank_factor(*, rank: int, min_rank: int | None, max_rank: int | None) -> tuple[float, str]:
    """0 outside the range; inside it from 0.5 at the floor to 1 at the ceiling (1 when the
    position sets no range, or only one end of it)."""
    detail = Detail(
        gettext_lazy("%(rank)s; the post's range %(min)s to %(max)s."),
        {
            "rank": GOLONGAN.get(rank, rank),
            "min": GOLONGAN.get(min_rank, "-"),
            "max": GOLONGAN.get(max_rank, "-"),
        },
    )
    index = RANK_ORDER.index(rank) if rank in RANK_ORDER else 0
    if min_rank is not None and index < RANK_ORDER.index(min_rank):
        return 0.0, detail
    if max_rank is not None and index > RANK_ORDER.index(max_rank):
        return 0.0, detail
    if min_rank is None or max_rank is None or min_rank == max_rank:
        return 1.0, detail
    low, high = RANK_ORDER.index(min_rank), RANK_ORDER.index(max_rank)
    return 0.5 + 0.5 * (index - low) / (high - low), detail


def performance_factor(*, ratings: dict[int, str], years: tuple[int, int], params: dict) -> tuple[float, str]:
    """The mean of the points of the two years' ratings; a missing rating counts nothing."""
    points = params["skp_points"]
    values = [float(points.get(ratings.get(year, ""), 0.0)) for year in years]
    detail = Detail(lambda: "; ".join(f"{year}: {ratings.get(year, _('no rating'))}" for year in years))
    return sum(values) / len(values), detail


def qualifying_training(required: str, order: list[str]) -> set[str]:
    """The kinds of leadership training that meet ``required``: it, or a higher one."""
    level = {kind: index for index, kind in enumerate(order)}
    need = level.get(required, len(order))
    return {required} | {kind for kind in order if level[kind] >= need}


def training_factor(*, required: str | None, held: set[str], order: list[str]) -> tuple[float, str]:
    """1 when the post requires no leadership training or the employee holds it (or a higher one)."""
    if not required:
        return 1.0, Detail(gettext_lazy("The post requires no leadership training."))
    if held & qualifying_training(required, order):
        return 1.0, Detail(gettext_lazy("Holds %(training)s."), {"training": required.upper()})
    return 0.0, Detail(gettext_lazy("Has not attended %(training)s."), {"training": required.upper()})


def experience_factor(*, years: float, params: dict) -> tuple[float, str]:
    full = params["experience_full_years"]
    return _linear(years, 0, full), Detail(
        gettext_lazy("%(years).1f years in related posts (full at %(full)s)."), {"years": years, "full": full}
    )


def rotation_factor(*, years_in_post: float | None, policy: dict) -> tuple[float, str]:
    """0 before the minimum years in post, 1 from the maximum (rotation due), a line between."""
    low, high = policy["min_years_in_post"], policy["max_years_in_post"]
    if years_in_post is None:
        return 1.0, Detail(gettext_lazy("Holds no post."))
    detail = Detail(
        gettext_lazy("%(years).1f years in the current post (between %(min)s and %(max)s)."),
        {"years": years_in_post, "min": low, "max": high},
    )
    return _linear(years_in_post, low, high), detail


def retirement_factor(*, years_left: float, params: dict) -> tuple[float, str]:
    zero, full = params["retirement_zero_years"], params["retirement_full_years"]
    return _linear(years_left, zero, full), Detail(
        gettext_lazy("%(years).1f years before the retirement age."), {"years": years_left}
    )


def years_between(start: date, end: date) -> float:
    return max((end - start).days, 0) / DAYS_PER_YEAR


def related_years(history: list, target: Position, *, opd_of_unit: dict[int, int], on: date) -> float:
    """Years in posts of the same kind as the target, or in the target's OPD."""
    target_opd = opd_of_unit.get(target.unit_id)
    years = 0.0
    for spell in history:
        position = spell.position
        if position.kind == target.kind or opd_of_unit.get(position.unit_id) == target_opd:
            years += years_between(spell.start, min(spell.end or on, on))
    return years


def score(
    *,
    employee,
    target: Position,
    facts,
    on: date,
    params: dict,
    policy: dict,
    opd_of_unit: dict[int, int],
    score_version: str,
) -> Score:
    """The fit of ``employee`` for ``target`` on ``on``, from the facts the ranking loaded."""
    weights = params["weights"]
    latest, _pending = rated_years(on, policy)
    ratings = {r.year: r.rating for r in facts.skp[employee.pk]}
    held = {t.kind for t in facts.trainings[employee.pk]}
    since = employee.position_since if employee.position_id else None
    bup = bup_birthday(employee.birth_date, bup_age(target, policy))
    values = {
        "education": education_factor(
            level=employee.education_level,
            field=employee.education_field,
            min_level=target.min_education,
            fields=list(target.education_fields or []),
            params=params,
        ),
        "rank": rank_factor(rank=employee.rank_id, min_rank=target.min_rank_id, max_rank=target.max_rank_id),
        "performance": performance_factor(ratings=ratings, years=(latest, latest - 1), params=params),
        "training": training_factor(
            required=policy["leadership_training"].get(target.kind),
            held=held,
            order=policy["leadership_training_order"],
        ),
        "experience": experience_factor(
            years=related_years(facts.history[employee.pk], target, opd_of_unit=opd_of_unit, on=on),
            params=params,
        ),
        "rotation": rotation_factor(years_in_post=years_between(since, on) if since else None, policy=policy),
        "retirement": retirement_factor(
            years_left=(bup - on).days / DAYS_PER_YEAR if bup > on else 0.0, params=params
        ),
    }
    factors = tuple(
        Factor(key=key, value=value, weight=float(weights.get(key, 0)), detail=detail)
        for key, (value, detail) in values.items()
    )
    total_weight = sum(f.weight for f in factors)
    total = 100 * sum(f.points for f in factors) / total_weight if total_weight else 0.0
    return Score(total=total, factors=factors, version=score_version)


# The upper bound of the score in SQL. A ranking orders the employees the rules' SQL forms let
# through by it and runs the rules and ``score`` only until the best few are certain
# (placement.candidates). Each factor is the Python factor's own value wherever SQL has the
# facts (the tables of values below are computed by the factor functions themselves), and
# never less than it: experience counts 1 for anyone with a related post before ``on``.

FLOAT = FloatField()
# Float arithmetic in SQL and in Python may differ in the last digits; a bound never undercuts.
SLACK = 1e-6


class DaysBetween(Func):
    """Days from the date column ``start`` to the day ``end`` (as a float; negative if later)."""

    output_field = FLOAT

    def __init__(self, start, end: date):
        super().__init__(Value(end, output_field=DateField()), start)

    def as_sql(self, compiler, connection, **extra):
        # date - date is a whole number of days in PostgreSQL.
        return super().as_sql(
            compiler, connection, template="CAST((%(expressions)s) AS double precision)", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday("
        )


def _number(value: float) -> Value:
    return Value(float(value), output_field=FLOAT)


def _clamped_line(value, zero: float, full: float):
    """``_linear`` in SQL."""
    if full <= zero:
        return _number(1.0)  # a step; its top is bound enough
    line = (value - _number(zero)) / _number(full - zero)
    return Least(Greatest(line, _number(0.0)), _number(1.0), output_field=FLOAT)


def _table(column: str, values: dict, *, default: float):
    """A column's value looked up in ``values`` (computed by a factor function), in SQL: one
    branch per distinct value, the most common (the default's) left to ``ELSE``."""
    by_value: dict[float, list] = {}
    for key, value in values.items():
        by_value.setdefault(value, []).append(key)
    branches = [
        When(**{f"{column}__in": keys}, then=_number(value))
        for value, keys in by_value.items()
        if value != default
    ]
    return Case(*branches, default=_number(default)) if branches else _number(default)


def with_upper_bound(
    employees, *, target: Position, on: date, params: dict, policy: dict, opd_of_unit: dict[int, int]
):
    """``employees`` (an Employee queryset) annotated with ``bound``: at least the
    ``score(...).total`` of each for ``target`` on ``on``."""
    latest, _pending = rated_years(on, policy)
    joined = {
        f"skp_{year}": FilteredRelation("skp_ratings", condition=Q(skp_ratings__year=year))
        for year in (latest, latest - 1)
    }
    bound = upper_bound(target=target, on=on, params=params, policy=policy, opd_of_unit=opd_of_unit)
    return employees.annotate(**joined).annotate(bound=bound)


def upper_bound(*, target: Position, on: date, params: dict, policy: dict, opd_of_unit: dict[int, int]):
    """An expression over Employee rows annotated by ``with_upper_bound`` (the SKP ratings of
    the two years joined): at least the ``score(...).total`` for ``target`` on ``on``."""
    weights = {key: float(params["weights"].get(key, 0)) for key in FACTORS}
    total_weight = sum(weights.values())
    if not total_weight:
        return _number(0.0)

    level = _table(
        "education_level",
        {
            code: education_level_value(level=code, min_level=target.min_education, params=params)
            for code in EDUCATION_RANK
        },
        default=education_level_value(level="", min_level=target.min_education, params=params),
    )
    wanted = [f.lower() for f in target.education_fields or []]
    field = (
        Case(When(In(Lower("education_field"), wanted), then=_number(1.0)), default=_number(0.0))
        if wanted
        else _number(1.0)
    )
    education = (level + field) / _number(2.0)

    def rank_value(code):
        return rank_factor(rank=code, min_rank=target.min_rank_id, max_rank=target.max_rank_id)[0]

    rank = _table("rank_id", {code: rank_value(code) for code in RANK_ORDER}, default=rank_value(None))

    latest, _pending = rated_years(on, policy)
    points = params["skp_points"]

    def year_points(year):
        # One rating a year at most (a unique constraint): the ratings of the year joined once.
        rating = f"skp_{year}__rating"
        return Case(
            *[When(**{rating: code}, then=_number(value)) for code, value in points.items() if value],
            default=_number(0.0),
        )

    performance = (year_points(latest) + year_points(latest - 1)) / _number(2.0)

    required = policy["leadership_training"].get(target.kind)
    if required:
        qualifying = qualifying_training(required, policy["leadership_training_order"])
        held = Training.objects.filter(kind__in=qualifying).values("employee_id")
        training = Case(When(pk__in=held, then=_number(1.0)), default=_number(0.0))
    else:
        training = _number(1.0)

    target_opd = opd_of_unit.get(target.unit_id)
    if target_opd is None:
        experience = _number(1.0)
    else:
        opd_units = [unit for unit, opd in opd_of_unit.items() if opd == target_opd]
        related = PositionHistory.objects.filter(
            Q(position__kind=target.kind) | Q(position__unit_id__in=opd_units), start__lt=on
        ).values("employee_id")
        experience = Case(When(pk__in=related, then=_number(1.0)), default=_number(0.0))

    years_in_post = Greatest(DaysBetween("position_since", on), _number(0.0)) / _number(DAYS_PER_YEAR)
    rotation = Case(
        When(Q(position__isnull=True) | Q(position_since__isnull=True), then=_number(1.0)),
        default=_clamped_line(years_in_post, policy["min_years_in_post"], policy["max_years_in_post"]),
    )

    # Days from ``on`` to the BUP birthday, counted from the birth date back from ``on``: the
    # leap days in between may shift it by one, so a day or two more is allowed for.
    age = bup_age(target, policy)
    days_left = _number(2.0) - DaysBetween("birth_date", add_years(on, -age))
    years_left = Greatest(days_left, _number(0.0)) / _number(DAYS_PER_YEAR)
    retirement = _clamped_line(years_left, params["retirement_zero_years"], params["retirement_full_years"])

    factors = {
        "education": education,
        "rank": rank,
        "performance": performance,
        "training": training,
        "experience": experience,
        "rotation": rotation,
        "retirement": retirement,
    }
    weighted = sum(
        (factors[key] * _number(weights[key]) for key in FACTORS if weights[key]), start=_number(0.0)
    )
    return weighted * _number(100 / total_weight) + _number(SLACK)
