"""Whether the employee fits the new post: education, experience, rank.

Catalogue rules 5 (education), 6 (experience) and 7 (rank within the position's range).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import In
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import EDUCATION_RANK, EducationLevel, Position

from ..dates import cumulative_months, fmt
from ..engine import BLOCK, WARN, rule, sql_form
from .common import (
    APPOINTMENTS,
    MOVES,
    RESTRUCTURING,
    ROUTE_TRANSFER,
    K,
    enters_new_kind,
    functional_route,
    is_structural,
)
from .common import finding as make_finding

BASIS_EDUCATION = "PP 11/2017 Ps. 54–55, 107; PermenPANRB 1/2023"
BASIS_EXPERIENCE = "PP 11/2017 Ps. 54–55, 107 sebagaimana diubah PP 17/2020; PermenPANRB 1/2023"
BASIS_RANK = "PP 13/2002 (rentang pangkat eselon, sebagai patokan); PP 11/2017"

SKILLED_LEVELS = {
    Position.FunctionalLevel.PEMULA,
    Position.FunctionalLevel.TERAMPIL,
    Position.FunctionalLevel.MAHIR,
    Position.FunctionalLevel.PENYELIA,
}


def required_education(position, params) -> str:
    """The position's own minimum, else the default for its kind (JF: by track)."""
    if position.min_education:
        return position.min_education
    defaults = params["education_minimum"]
    if position.kind == Position.Kind.FUNCTIONAL:
        track = "keterampilan" if position.functional_level in SKILLED_LEVELS else "keahlian"
        return defaults.get(track, "")
    return defaults.get(position.kind, "")


@rule(
    id="education",
    number=5,
    title=gettext_lazy("Education fits the position"),
    basis=BASIS_EDUCATION,
    kinds=MOVES,
)
def education(*, proposal, item, facts, params, stage):
    position, employee = item.to_position, item.employee
    if position is None:
        return None
    needs = required_education(position, params)
    problems = []
    if needs and EDUCATION_RANK[employee.education_level] < EDUCATION_RANK[needs]:
        problems.append(
            _("education %(has)s is below the required %(needs)s")
            % {"has": employee.get_education_level_display(), "needs": EducationLevel(needs).label}
        )
    fields = [f.lower() for f in position.education_fields]
    if fields and (employee.education_field or "").lower() not in fields:
        problems.append(
            _("field of study “%(has)s” is not one of: %(fields)s")
            % {"has": employee.education_field or "-", "fields": ", ".join(position.education_fields)}
        )
    if not problems:
        return None
    return make_finding(
        "education",
        BLOCK,
        item=item,
        params=params,
        title=_("Education does not fit the position"),
        message=_("%(name)s for %(position)s: %(problems)s.")
        % {"name": employee.full_name, "position": position.name, "problems": "; ".join(problems)},
        basis=BASIS_EDUCATION,
        fix=_(
            "Choose a position whose requirements the employee meets, or update the registry if the education record is out of date."
        ),
        facts={
            "education_level": employee.education_level,
            "education_field": employee.education_field,
            "required_level": needs,
            "required_fields": position.education_fields,
        },
    )


@sql_form("education")
def education_sql(*, target, effective_date, on, params):
    """Blocked: a level below the required one, or a field of study not among the listed."""
    needs = required_education(target, params)
    blocked = Q(pk__in=[])
    if needs:
        below = [level for level, rank in EDUCATION_RANK.items() if rank < EDUCATION_RANK[needs]]
        blocked |= Q(education_level__in=below)
    fields = [f.lower() for f in target.education_fields]
    if fields:
        # Python's str.lower and SQL's LOWER agree on the ASCII names of fields of study.
        blocked |= ~Q(In(Lower("education_field"), fields))
    return blocked


def _matches(position, posts: list[str]) -> bool:
    """``posts`` names kinds ("pengawas"), or a JF level ("fungsional:ahli_muda")."""
    return position.kind in posts or f"{position.kind}:{position.functional_level}" in posts


def _spells(item, facts, effective_date):
    """The employee's posts up to the day before the effective date, from the history."""
    employee, last = item.employee, effective_date - timedelta(days=1)
    spells = [
        (row.position, row.start, min(row.end or last, last))
        for row in facts.history[employee.pk]
        if row.start <= last
    ]
    current = employee.position
    if (
        current is not None
        and employee.position_since
        and not any(p.pk == current.pk for p, _s, _e in spells)
    ):
        if employee.position_since <= last:
            spells.append((current, employee.position_since, last))
    return spells


def experience_requirements(proposal, item, params) -> tuple[str, list[dict]]:
    """What the item's new post asks for, and under which name ("" when nothing applies)."""
    target = item.to_position
    if target is None:
        return "", []
    if target.kind == Position.Kind.FUNCTIONAL:
        perpindahan = (
            proposal.kind == K.APPOINTMENT_FUNCTIONAL and functional_route(proposal) == ROUTE_TRANSFER
        ) or (proposal.kind == K.TRANSFER and enters_new_kind(item))
        if not perpindahan:
            return "", []
        key = (
            "functional_transfer_restructuring" if proposal.data.get(RESTRUCTURING) else "functional_transfer"
        )
        return key, params["experience"][key]
    if not (proposal.kind in APPOINTMENTS or enters_new_kind(item)):
        return "", []
    return target.kind, params["experience"].get(target.kind, [])


@rule(
    id="experience",
    number=6,
    title=gettext_lazy("Enough experience in the posts that lead to this one"),
    basis=BASIS_EXPERIENCE,
    kinds=MOVES - {K.TRANSFER_IN},
)
def experience(*, proposal, item, facts, params, stage):
    """Cumulative months in qualifying posts (from the position history) against each of the
    post's requirements. "Related" experience (JPT) cannot be judged from the registry, so
    every post listed in the parameter counts; the panel judges relevance."""
    name, requirements = experience_requirements(proposal, item, params)
    if not requirements:
        return None
    spells = _spells(item, facts, proposal.effective_date)
    short = []
    for requirement in requirements:
        months = cumulative_months((s, e) for p, s, e in spells if _matches(p, requirement["posts"]))
        if months < requirement["years"] * 12:
            short.append({**requirement, "months": months})
    if not short:
        return None
    employee = item.employee
    parts = [
        _("%(years)s years %(months)s months in %(posts)s; at least %(min)s years")
        % {
            "years": s["months"] // 12,
            "months": s["months"] % 12,
            "posts": ", ".join(s["posts"]),
            "min": s["years"],
        }
        for s in short
    ]
    return make_finding(
        "experience",
        BLOCK,
        item=item,
        params=params,
        title=_("Not enough experience"),
        message=_("%(name)s for %(position)s: %(parts)s (up to %(tmt)s).")
        % {
            "name": employee.full_name,
            "position": item.to_position.name,
            "parts": "; ".join(parts),
            "tmt": fmt(proposal.effective_date),
        },
        basis=BASIS_EXPERIENCE,
        fix=_("Choose a candidate with the experience, or complete the position history in the registry."),
        facts={
            "requirement": name,
            "short": [{"posts": s["posts"], "months": s["months"], "min_years": s["years"]} for s in short],
            "history": [{"position": p.code, "kind": p.kind, "start": s, "end": e} for p, s, e in spells],
        },
    )


def rank_bounds(position, params) -> tuple[int | None, int | None]:
    """The position's own range, else the eselon yardstick for its kind (structural posts)."""
    if position.min_rank_id is not None or position.max_rank_id is not None:
        return position.min_rank_id, position.max_rank_id
    if is_structural(position):
        low, high = params["rank_ranges"].get(position.kind, (None, None))
        return low, high
    return None, None


@sql_form("rank_range")
def rank_range_sql(*, target, effective_date, on, params):
    """Blocked only where the region makes the range binding; below the floor or above the ceiling."""
    if not params["rank_range_blocks"]:
        return None
    low, high = rank_bounds(target, params)
    blocked = Q(pk__in=[])
    if low is not None:
        blocked |= Q(rank_id__lt=low)
    if high is not None:
        blocked |= Q(rank_id__gt=high)
    return blocked


@rule(
    id="rank_range",
    number=7,
    title=gettext_lazy("Rank within the position's range"),
    basis=BASIS_RANK,
    kinds=MOVES,
)
def rank_range(*, proposal, item, facts, params, stage):
    """Warns by default (PP 11/2017 sets no rank floor); blocks if the region configures it."""
    position, employee = item.to_position, item.employee
    if position is None:
        return None
    low, high = rank_bounds(position, params)
    too_low = low is not None and employee.rank_id < low
    too_high = high is not None and employee.rank_id > high
    if not (too_low or too_high):
        return None
    severity = BLOCK if params["rank_range_blocks"] else WARN
    bounds = " – ".join(facts.golongan(code) for code in (low, high) if code is not None)
    return make_finding(
        "rank_range",
        severity,
        item=item,
        params=params,
        title=_("Rank outside the position's range"),
        message=_("%(name)s holds %(rank)s; %(position)s asks for %(range)s.")
        % {
            "name": employee.full_name,
            "rank": facts.golongan(employee.rank_id),
            "position": position.name,
            "range": bounds,
        },
        basis=BASIS_RANK,
        fix=_("Choose a position matching the rank, or record why the exception is justified."),
        facts={
            "rank": facts.golongan(employee.rank_id),
            "min": facts.golongan(low) if low else None,
            "max": facts.golongan(high) if high else None,
        },
    )
