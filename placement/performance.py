"""Performance as it happens: the SKP ratings of one year per unit -- the distribution, the
missing ratings, and the employees who need coaching (perlu pembinaan) with their training
history and the leadership training their post requires but they lack. Four queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from decisions.policy.engine import parameters as policy_parameters
from personnel.models import Employee, OrgUnit, SkpRating, Training

from .candidates import candidate_pool
from .scope import Scope

NEEDS_COACHING = (
    SkpRating.Rating.NEEDS_IMPROVEMENT,
    SkpRating.Rating.POOR,
    SkpRating.Rating.VERY_POOR,
)


@dataclass
class Coaching:
    employee: Employee
    rating: str
    trainings: list[Training]
    lacking: str | None  # the leadership training the post requires and they have not held

    @property
    def rating_label(self) -> str:
        return SkpRating.Rating(self.rating).label


@dataclass
class UnitRatings:
    unit: OrgUnit
    counts: Counter = field(default_factory=Counter)
    missing: list[Employee] = field(default_factory=list)
    coaching: list[Coaching] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def ordered_counts(self) -> list[int]:
        return [self.count(rating) for rating in SkpRating.Rating]

    def count(self, rating: str) -> int:
        return self.counts.get(rating, 0)


def skp_dashboard(*, scope: Scope, year: int, unit_ids: set[int] | None = None) -> list[UnitRatings]:
    """Per OPD: the ratings of ``year`` of the active employees in post."""
    policy = policy_parameters()
    employees = candidate_pool(scope)
    if unit_ids is not None:
        employees = employees.filter(position__unit_id__in=unit_ids)
    people = list(employees.select_related("position__unit").order_by("name", "pk"))
    ids = employees.values("pk")
    ratings = dict(
        SkpRating.objects.filter(employee_id__in=ids, year=year).values_list("employee_id", "rating")
    )
    coached_ids = [pk for pk, rating in ratings.items() if rating in NEEDS_COACHING]
    trainings = defaultdict(list)
    for training in Training.objects.filter(employee_id__in=coached_ids).order_by("-end"):
        trainings[training.employee_id].append(training)
    opds = OrgUnit.objects.in_bulk(set(scope.opd_of_unit.values()))
    order = policy["leadership_training_order"]
    level = {kind: index for index, kind in enumerate(order)}
    units: dict[int, UnitRatings] = {}
    for employee in people:
        opd_id = scope.opd_of_unit.get(employee.position.unit_id, employee.position.unit_id)
        entry = units.setdefault(opd_id, UnitRatings(unit=opds.get(opd_id, employee.position.unit)))
        rating = ratings.get(employee.pk)
        if rating is None:
            entry.missing.append(employee)
            continue
        entry.counts[rating] += 1
        if rating in NEEDS_COACHING:
            required = policy["leadership_training"].get(employee.position.kind)
            held = {t.kind for t in trainings[employee.pk]}
            has = not required or any(level.get(kind, -1) >= level.get(required, len(order)) for kind in held)
            entry.coaching.append(
                Coaching(
                    employee=employee,
                    rating=rating,
                    trainings=trainings[employee.pk],
                    lacking=None if has else required.upper(),
                )
            )
    return sorted(units.values(), key=lambda u: u.unit.code)
