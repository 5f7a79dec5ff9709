"""The talent pool (Manajemen Talenta, PermenPANRB 3/2020): the nine-box grid of performance
(the latest SKP that must be set) against potential (the latest competency assessment), and
succession for the key posts from the top boxes.

Box numbers follow the regulation's grid: 1 is low performance and low potential, 9 is high
in both; 7, 8 and 9 are the pool from which key posts are filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.policy.dates import rated_years
from decisions.policy.engine import parameters as policy_parameters
from personnel.models import CompetencyAssessment, Employee, Position, SkpRating

from .candidates import EMPLOYEE_RELATED, POSITION_RELATED, Settings, assess_moves, candidate_pool
from .scope import Scope

LOW, MEDIUM, HIGH = 1, 2, 3
PERFORMANCE_LEVEL = {
    SkpRating.Rating.VERY_GOOD: HIGH,
    SkpRating.Rating.GOOD: MEDIUM,
    SkpRating.Rating.NEEDS_IMPROVEMENT: LOW,
    SkpRating.Rating.POOR: LOW,
    SkpRating.Rating.VERY_POOR: LOW,
}
POTENTIAL_LEVEL = {
    CompetencyAssessment.Potential.HIGH: HIGH,
    CompetencyAssessment.Potential.MEDIUM: MEDIUM,
    CompetencyAssessment.Potential.LOW: LOW,
}
# (potential, performance) -> box, as the PermenPANRB 3/2020 grid numbers them.
BOX = {
    (LOW, LOW): 1,
    (LOW, MEDIUM): 2,
    (MEDIUM, LOW): 3,
    (LOW, HIGH): 4,
    (MEDIUM, MEDIUM): 5,
    (HIGH, LOW): 6,
    (MEDIUM, HIGH): 7,
    (HIGH, MEDIUM): 8,
    (HIGH, HIGH): 9,
}
BOX_NAMES = {
    1: _("Box 1: low performance, low potential"),
    2: _("Box 2: performance as expected, low potential"),
    3: _("Box 3: low performance, medium potential"),
    4: _("Box 4: performance above expectations, low potential"),
    5: _("Box 5: performance as expected, medium potential"),
    6: _("Box 6: low performance, high potential"),
    7: _("Box 7: performance above expectations, medium potential"),
    8: _("Box 8: performance as expected, high potential"),
    9: _("Box 9: performance above expectations, high potential"),
}


@dataclass
class Pool:
    year: int
    boxes: dict[int, list[Employee]] = field(default_factory=lambda: {n: [] for n in range(1, 10)})
    unplaced: list[Employee] = field(default_factory=list)  # no rating or no assessment

    @property
    def grid(self) -> list[tuple[str, list[tuple[int, list[Employee]]]]]:
        """Rows from high potential down (with the potential's name), columns from low
        performance up, as drawn."""
        names = {level: label for label, level in POTENTIAL_LEVEL.items()}
        return [
            (
                CompetencyAssessment.Potential(names[potential]).label,
                [
                    (BOX[(potential, performance)], self.boxes[BOX[(potential, performance)]])
                    for performance in (LOW, MEDIUM, HIGH)
                ],
            )
            for potential in (HIGH, MEDIUM, LOW)
        ]

    def box_of(self, employee_id: int) -> int | None:
        return next((n for n, people in self.boxes.items() if any(e.pk == employee_id for e in people)), None)


def talent_pool(*, scope: Scope, unit_ids: set[int] | None = None, on: date | None = None) -> Pool:
    """Every active employee in the scope in their box; three queries."""
    on = on or timezone.localdate()
    year, _pending = rated_years(on, policy_parameters())
    employees = candidate_pool(scope)
    if unit_ids is not None:
        employees = employees.filter(position__unit_id__in=unit_ids)
    people = list(employees.select_related("position__unit").order_by("name", "pk"))
    ids = employees.values("pk")
    ratings = dict(
        SkpRating.objects.filter(employee_id__in=ids, year=year).values_list("employee_id", "rating")
    )
    potentials = {}
    for employee_id, potential in (
        CompetencyAssessment.objects.filter(employee_id__in=ids, assessed_on__lte=on)
        .order_by("employee_id", "assessed_on")
        .values_list("employee_id", "potential")
    ):
        potentials[employee_id] = potential  # the latest wins
    pool = Pool(year=year)
    for employee in people:
        performance = PERFORMANCE_LEVEL.get(ratings.get(employee.pk))
        potential = POTENTIAL_LEVEL.get(potentials.get(employee.pk))
        if performance is None or potential is None:
            pool.unplaced.append(employee)
        else:
            pool.boxes[BOX[(potential, performance)]].append(employee)
    return pool


@dataclass
class Succession:
    position: Position
    holder: Employee | None
    candidates: list[tuple[int, Employee, float]]  # (box, employee, fit score)


def succession(*, scope: Scope, pool: Pool, on: date | None = None) -> list[Succession]:
    """For each key post in the scope, the employees of the top boxes the rules let move into
    it, best box and fit first; the posts with none show an empty list."""
    on = on or timezone.localdate()
    settings = Settings.now(scope, on, effective_date=on)
    params = settings.params
    top = {e.pk: box for box in params["succession_boxes"] for e in pool.boxes[box]}
    posts = list(
        scope.filter_units(
            Position.objects.filter(is_active=True, kind__in=params["key_post_kinds"]), "unit_id"
        )
        .select_related(*POSITION_RELATED)
        .order_by("unit__code", "code")
    )
    people = list(Employee.objects.filter(pk__in=top).select_related(*EMPLOYEE_RELATED))
    holders = {
        e.position_id: e
        for e in Employee.objects.filter(status=Employee.Status.ACTIVE, position__in=posts).select_related(
            "position"
        )
    }
    result = {
        post.pk: Succession(position=post, holder=holders.get(post.pk), candidates=[]) for post in posts
    }
    pairs = [(e, post) for post in posts for e in people if e.position_id != post.pk]
    for assessment in assess_moves(pairs, settings=settings, employee_ids=list(top)):
        if assessment.blocks:
            continue
        employee = assessment.employee
        result[assessment.target.pk].candidates.append((top[employee.pk], employee, assessment.score.total))
    for entry in result.values():
        entry.candidates.sort(key=lambda c: (-c[0], -c[2], c[1].name))
    return list(result.values())
