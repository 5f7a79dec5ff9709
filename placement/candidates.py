"""Candidates for a vacancy, and the vacancies that fit an employee.

First the rules: each candidate's move into the post is the proposal the policy engine checks
for a request being filled in (decisions.policy.checks: stage ``check``, one item, no case
data), and anyone with a blocking finding is excluded with the finding as the reason. Only
the rules that ask for documents the case's file gathers after it is started (the
``dossier_rules`` setting) are left out; they run at every gate of the case. The facts are
loaded once for the whole pool (decisions.policy.facts, as the registry report does), so
the statements do not grow with the registry. Then the fit score (placement.scoring) ranks
the rest.
"""

from __future__ import annotations

import calendar
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from decisions.models import CaseKind
from decisions.policy.engine import Evaluation, Finding, Proposal, ProposedItem, evaluate_each
from decisions.policy.engine import parameters as policy_parameters
from decisions.policy.facts import Facts
from personnel.models import Employee, Position
from personnel.selectors import with_free_places

from . import scoring
from .scope import Scope

CHECK = "check"  # the stage of the live check while a request is filled in
EMPLOYEE_RELATED = ("rank", "position__unit__parent__parent")
POSITION_RELATED = ("unit__parent__parent", "min_rank", "max_rank")


def default_effective_date(on: date) -> date:
    """The first day of the next month: the usual TMT of a placement decree."""
    last = calendar.monthrange(on.year, on.month)[1]
    return date(on.year, on.month, last) + timedelta(days=1)


def case_kind_for(current: Position | None, target: Position) -> str:
    """The case that moves an employee from ``current`` into ``target``: a JPT post is filled
    by selection; entering a structural or functional post of another kind is an appointment;
    anything else is a transfer."""
    if target.kind == Position.Kind.JPT_PRATAMA:
        return CaseKind.APPOINTMENT_JPT
    current_kind = current.kind if current is not None else None
    if target.kind in (Position.Kind.ADMINISTRATOR, Position.Kind.PENGAWAS) and current_kind != target.kind:
        return CaseKind.APPOINTMENT_STRUCTURAL
    if target.kind == Position.Kind.FUNCTIONAL and current_kind != target.kind:
        return CaseKind.APPOINTMENT_FUNCTIONAL
    return CaseKind.TRANSFER


@dataclass(frozen=True)
class Candidate:
    employee: Employee
    kind: str
    score: scoring.Score
    warnings: tuple[Finding, ...] = ()

    def as_record(self) -> dict:
        """What a case started from the ranking stores about this candidate."""
        return {"nip": self.employee.nip, "kind": self.kind, **self.score.as_dict()}


@dataclass(frozen=True)
class Excluded:
    employee: Employee
    kind: str
    blocks: tuple[Finding, ...]


@dataclass
class Ranking:
    position: Position
    on: date
    effective_date: date
    score_version: str
    rule_version: str
    candidates: list[Candidate] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)

    def find(self, employee_id: int) -> Candidate | None:
        return next((c for c in self.candidates if c.employee.pk == employee_id), None)

    def excluded_by_rule(self) -> list[tuple[str, list[Excluded]]]:
        groups: dict[str, list[Excluded]] = {}
        for entry in self.excluded:
            groups.setdefault(entry.blocks[0].title, []).append(entry)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def blocking(evaluation: Evaluation, dossier_rules) -> tuple[Finding, ...]:
    """The findings that exclude a candidate."""
    return tuple(f for f in evaluation.blocks if f.rule not in dossier_rules)


def _evaluate_moves(pairs, *, effective_date: date, on: date, employee_ids, policy: dict):
    """Each (employee, target) move as its own one-item proposal -- what the live check of a
    request evaluates -- over facts loaded once for all of them."""
    items = [
        ProposedItem(number=n, employee=e, to_position=t, from_position=e.position)
        for n, (e, t) in enumerate(pairs, 1)
    ]
    everyone = Proposal(kind=CaseKind.TRANSFER, effective_date=effective_date, items=items)
    facts = Facts(everyone, on, employee_ids=employee_ids)
    # A one-item proposal never moves anyone out of its own target (the target is another
    # post), so nobody leaves: what the pooled proposal would count here does not apply.
    facts.leaving.clear()
    proposals = [
        Proposal(
            kind=case_kind_for(item.employee.position, item.to_position),
            effective_date=effective_date,
            items=[
                ProposedItem(
                    number=1,
                    employee=item.employee,
                    to_position=item.to_position,
                    from_position=item.from_position,
                )
            ],
        )
        for item in items
    ]
    evaluations = evaluate_each(proposals, stage=CHECK, params=policy, facts=facts)
    for proposal, evaluation in zip(proposals, evaluations, strict=True):
        item = proposal.items[0]
        yield item.employee, item.to_position, proposal.kind, evaluation, facts


@contextmanager
def _without_cycle_collection():
    """Ranking a registry builds hundreds of thousands of objects that all stay alive until
    the ranking is done; the cycle collector would walk them again and again (a third of the
    time at 10,000 employees, docs/benchmarks.md). Nothing here makes garbage cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def candidate_pool(scope: Scope):
    """Active employees in a post, within the user's scope."""
    pool = Employee.objects.filter(status=Employee.Status.ACTIVE, position__isnull=False)
    return scope.filter_units(pool, "position__unit_id")


def rank_candidates(
    *, position: Position, scope: Scope, on: date | None = None, effective_date: date | None = None
) -> Ranking:
    """Everyone in the scope for ``position``: the excluded with their reasons, the rest by fit."""
    on = on or timezone.localdate()
    effective_date = effective_date or default_effective_date(on)
    position = Position.objects.select_related(*POSITION_RELATED).get(pk=position.pk)
    policy = policy_parameters()
    params = scoring.parameters()
    score_version = scoring.version(params)
    opd_of_unit = scope.opd_of_unit
    pool = candidate_pool(scope).exclude(position=position)
    ranking = Ranking(
        position=position, on=on, effective_date=effective_date, score_version=score_version, rule_version=""
    )
    dossier = set(params["dossier_rules"])
    with _without_cycle_collection():
        employees = list(pool.select_related(*EMPLOYEE_RELATED).order_by("name", "pk"))
        _rank(ranking, employees, pool, params, policy, dossier, opd_of_unit)
    ranking.candidates.sort(key=lambda c: (-c.score.total, c.employee.name, c.employee.pk))
    return ranking


def _rank(ranking: Ranking, employees, pool, params, policy, dossier, opd_of_unit) -> None:
    position, on, score_version = ranking.position, ranking.on, ranking.score_version
    for employee, _target, kind, evaluation, facts in _evaluate_moves(
        [(e, position) for e in employees],
        effective_date=ranking.effective_date,
        on=on,
        employee_ids=pool.values("pk"),
        policy=policy,
    ):
        ranking.rule_version = evaluation.version
        blocks = blocking(evaluation, dossier)
        if blocks:
            ranking.excluded.append(Excluded(employee=employee, kind=kind, blocks=blocks))
            continue
        fit = scoring.score(
            employee=employee,
            target=position,
            facts=facts,
            on=on,
            params=params,
            policy=policy,
            opd_of_unit=opd_of_unit,
            score_version=score_version,
        )
        warnings = tuple(evaluation.warnings)
        ranking.candidates.append(Candidate(employee=employee, kind=kind, score=fit, warnings=warnings))


@dataclass(frozen=True)
class Fit:
    position: Position
    kind: str
    score: scoring.Score
    free: int


def vacancies_for(
    *, employee: Employee, scope: Scope, on: date | None = None, limit: int = 20
) -> tuple[list[Fit], int]:
    """The vacant posts in the scope the employee may move into, best fit first, and how
    many vacant posts the rules exclude for them."""
    on = on or timezone.localdate()
    effective_date = default_effective_date(on)
    employee = Employee.objects.select_related(*EMPLOYEE_RELATED).get(pk=employee.pk)
    vacant = with_free_places(scope.filter_units(Position.objects.filter(is_active=True), "unit_id"))
    targets = list(vacant.exclude(pk=employee.position_id).select_related(*POSITION_RELATED).order_by("code"))
    policy = policy_parameters()
    params = scoring.parameters()
    score_version = scoring.version(params)
    dossier = set(params["dossier_rules"])
    fits, excluded = [], 0
    for _employee, target, kind, evaluation, facts in _evaluate_moves(
        [(employee, t) for t in targets],
        effective_date=effective_date,
        on=on,
        employee_ids=[employee.pk],
        policy=policy,
    ):
        if blocking(evaluation, dossier):
            excluded += 1
            continue
        fit = scoring.score(
            employee=employee,
            target=target,
            facts=facts,
            on=on,
            params=params,
            policy=policy,
            opd_of_unit=scope.opd_of_unit,
            score_version=score_version,
        )
        fits.append(Fit(position=target, kind=kind, score=fit, free=target.free))
    fits.sort(key=lambda f: (-f.score.total, f.position.code))
    return fits[:limit], excluded
