"""Candidates for a vacancy, and the vacancies that fit an employee.

First the rules: each candidate's move into the post is the proposal the policy engine checks
for a request being filled in (decisions.policy.checks: stage ``check``, one item, no case
data), and anyone with a blocking finding is excluded with the finding as the reason. Only
the rules that ask for documents the case's file gathers after it is started (the
``dossier_rules`` setting) are left out; they run at every gate of the case. Then the fit
score (placement.scoring) ranks the rest.

A registry of 10,000 is not run through 30 rules in Python. The rules that have an SQL form
(decisions.policy.engine.SQL_FORMS: status, age, education, SKP, discipline, study leave...)
exclude in the database, counted by rule in one statement; the rest are ordered by an upper
bound of their score computed in SQL (scoring.upper_bound), and the rules and the score run
in Python batch by batch, best bound first, only until the best ``top_candidates`` are certain:
nobody left unchecked can beat them. A few of each rule's excluded are checked in full to
show the reason; for anyone else it is one click away (``check_candidate``).
"""

from __future__ import annotations

import calendar
import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone

from decisions.models import CaseKind
from decisions.policy.engine import (
    RULES,
    SQL_FORMS,
    Evaluation,
    Finding,
    Proposal,
    ProposedItem,
    Rule,
    evaluate_each,
)
from decisions.policy.engine import parameters as policy_parameters
from decisions.policy.engine import version as rule_version
from decisions.policy.facts import Facts
from personnel.models import Employee, Position
from personnel.selectors import with_free_places

from . import scoring
from .scope import Scope

CHECK = "check"  # the stage of the live check while a request is filled in
EMPLOYEE_RELATED = ("rank", "position__unit__parent__parent")
POSITION_RELATED = ("unit__parent__parent", "min_rank", "max_rank")
# Every kind of case ``case_kind_for`` may start: an SQL form applies only if its rule covers all.
PLACEMENT_KINDS = frozenset(
    {
        CaseKind.TRANSFER,
        CaseKind.APPOINTMENT_STRUCTURAL,
        CaseKind.APPOINTMENT_FUNCTIONAL,
        CaseKind.APPOINTMENT_JPT,
    }
)
PASSED = ""  # the SQL reason of someone no SQL form excludes


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
class Exclusion:
    """The employees one rule excludes: how many, and the first few checked in full."""

    rule: Rule
    count: int
    shown: list[Excluded] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.rule.title)


@dataclass
class Ranking:
    position: Position
    on: date
    effective_date: date
    score_version: str
    rule_version: str
    top: int = 0
    candidates: list[Candidate] = field(default_factory=list)  # the best ``top``, best first
    excluded: list[Excluded] = field(default_factory=list)  # those checked in full and excluded
    exclusions: list[Exclusion] = field(default_factory=list)  # by rule, most first
    passed_sql: int = 0  # not excluded by an SQL form: ordered by the bound of their score
    checked: int = 0  # of those, run through every rule and scored

    def find(self, employee_id: int) -> Candidate | None:
        return next((c for c in self.candidates if c.employee.pk == employee_id), None)

    @property
    def excluded_count(self) -> int:
        return sum(group.count for group in self.exclusions)

    @property
    def unchecked(self) -> int:
        """Employees who may pass the rules but whose score cannot reach the best ``top``."""
        return self.passed_sql - self.checked


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


@dataclass(frozen=True)
class Assessment:
    """One move checked by the rules and, if nothing blocks it, scored."""

    employee: Employee
    target: Position
    kind: str
    evaluation: Evaluation
    blocks: tuple[Finding, ...]
    score: scoring.Score | None

    def outcome(self) -> Candidate | Excluded:
        if self.blocks:
            return Excluded(employee=self.employee, kind=self.kind, blocks=self.blocks)
        return Candidate(
            employee=self.employee, kind=self.kind, score=self.score, warnings=tuple(self.evaluation.warnings)
        )


@dataclass(frozen=True)
class Settings:
    """What every assessment of one ranking shares."""

    on: date
    effective_date: date
    policy: dict
    params: dict
    score_version: str
    opd_of_unit: dict[int, int]

    @property
    def dossier(self) -> set[str]:
        return set(self.params["dossier_rules"])

    @classmethod
    def now(cls, scope: Scope, on: date | None = None, effective_date: date | None = None) -> Settings:
        on = on or timezone.localdate()
        params = scoring.parameters()
        return cls(
            on=on,
            effective_date=effective_date or default_effective_date(on),
            policy=policy_parameters(),
            params=params,
            score_version=scoring.version(params),
            opd_of_unit=scope.opd_of_unit,
        )


def assess_moves(pairs, *, settings: Settings, employee_ids) -> list[Assessment]:
    """The rules for each (employee, target) move, over facts loaded once for ``employee_ids``,
    and the fit score of each move nothing blocks. Candidates, the vacancies that fit an
    employee and succession all go through here."""
    dossier = settings.dossier
    result = []
    for employee, target, kind, evaluation, facts in _evaluate_moves(
        pairs,
        effective_date=settings.effective_date,
        on=settings.on,
        employee_ids=employee_ids,
        policy=settings.policy,
    ):
        blocks = blocking(evaluation, dossier)
        fit = None
        if not blocks:
            fit = scoring.score(
                employee=employee,
                target=target,
                facts=facts,
                on=settings.on,
                params=settings.params,
                policy=settings.policy,
                opd_of_unit=settings.opd_of_unit,
                score_version=settings.score_version,
            )
        result.append(Assessment(employee, target, kind, evaluation, blocks, fit))
    return result


@contextmanager
def _without_cycle_collection():
    """Ranking builds many objects that all stay alive until the ranking is done; the cycle
    collector would walk them again and again. Nothing here makes garbage cycles."""
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


def sql_exclusions(*, target: Position, settings: Settings) -> list[tuple[Rule, Q]]:
    """The SQL forms of the rules that block a move into ``target`` (whatever kind of case it
    makes), in the engine's order: (rule, condition on Employee rows)."""
    forms = []
    for registered in sorted(RULES.values(), key=lambda r: (r.number, r.id)):
        build = SQL_FORMS.get(registered.id)
        if build is None or registered.id in settings.dossier or not PLACEMENT_KINDS <= registered.kinds:
            continue
        condition = build(
            target=target, effective_date=settings.effective_date, on=settings.on, params=settings.policy
        )
        if condition is not None:
            forms.append((registered, condition))
    return forms


def sql_reason(forms) -> Case:
    """The first rule whose SQL form excludes the row, or PASSED."""
    return Case(
        *[When(condition, then=Value(registered.id)) for registered, condition in forms],
        default=Value(PASSED),
        output_field=CharField(),
    )


def rank_candidates(
    *,
    position: Position,
    scope: Scope,
    on: date | None = None,
    effective_date: date | None = None,
    top: int | None = None,
) -> Ranking:
    """The best ``top`` (the ``top_candidates`` setting) for ``position`` in the scope, and
    the excluded counted by rule. Statements: a fixed few, plus the facts of each batch."""
    settings = Settings.now(scope, on, effective_date)
    position = Position.objects.select_related(*POSITION_RELATED).get(pk=position.pk)
    top = top or settings.params["top_candidates"]
    ranking = Ranking(
        position=position,
        on=settings.on,
        effective_date=settings.effective_date,
        score_version=settings.score_version,
        rule_version=rule_version(settings.policy),
        top=top,
    )
    forms = sql_exclusions(target=position, settings=settings)
    pool = candidate_pool(scope).exclude(position=position).annotate(reason=sql_reason(forms))
    # One statement for the whole registry: each employee's first SQL reason and the bound of
    # their score, best first (the excluded too: those shown come nearest to qualifying).
    rows = scoring.with_upper_bound(
        pool,
        target=position,
        on=settings.on,
        params=settings.params,
        policy=settings.policy,
        opd_of_unit=scope.opd_of_unit,
    )
    rows = rows.order_by("-bound", "name", "pk").values_list("pk", "reason", "bound")
    shown = settings.params["excluded_shown"]
    counts: Counter[str] = Counter()
    order, reason_of = [], {}
    for pk, reason, score_bound in rows:
        if reason == PASSED:
            order.append((pk, score_bound))
            continue
        counts[reason] += 1
        if counts[reason] <= shown:
            reason_of[pk] = reason
    ranking.passed_sql = len(order)
    groups = {
        registered.id: Exclusion(rule=registered, count=counts.get(registered.id, 0))
        for registered, _condition in forms
    }
    with _without_cycle_collection():
        _rank(ranking, order, reason_of, groups, settings, top)
    ranking.exclusions = sorted(
        (group for group in groups.values() if group.count),
        key=lambda g: (-g.count, g.rule.number, g.rule.id),
    )
    return ranking


def _rank(ranking: Ranking, order, reason_of: dict[int, str], groups, settings: Settings, top: int) -> None:
    """Check the survivors best bound first, batch by batch (the first batch with the shown
    excluded), until the ``top``-th candidate's score beats the bound of everyone left."""
    position = ranking.position
    shown = settings.params["excluded_shown"]
    found: list[Candidate] = []
    done = 0
    extra = list(reason_of)
    size = max(2 * top, 20)
    while True:
        batch = [pk for pk, _bound in order[done : done + size]]
        ids = extra + batch
        if not ids:
            break
        employees = Employee.objects.select_related(*EMPLOYEE_RELATED).in_bulk(ids)
        people = [employees[pk] for pk in ids]
        for assessment in assess_moves([(e, position) for e in people], settings=settings, employee_ids=ids):
            outcome = assessment.outcome()
            pk = assessment.employee.pk
            if isinstance(outcome, Candidate):
                if pk not in reason_of:  # (an SQL form that disagreed with its rule: never ranked)
                    found.append(outcome)
                continue
            ranking.excluded.append(outcome)
            rule_id = reason_of.get(pk) or outcome.blocks[0].rule
            if rule_id not in groups:
                groups[rule_id] = Exclusion(rule=RULES[rule_id], count=0)
            if pk not in reason_of:
                groups[rule_id].count += 1
            if len(groups[rule_id].shown) < shown:
                groups[rule_id].shown.append(outcome)
        done += len(batch)
        extra = []
        found.sort(key=lambda c: (-c.score.total, c.employee.name, c.employee.pk))
        del found[top:]
        if done >= len(order) or (len(found) == top and found[-1].score.total > order[done][1]):
            break
        size *= 2
    ranking.checked = done
    ranking.candidates = found


def check_candidate(
    *,
    position: Position,
    employee: Employee,
    scope: Scope,
    on: date | None = None,
    effective_date: date | None = None,
) -> Candidate | Excluded | None:
    """One employee's move into ``position``, every rule and the score: the reason for an
    exclusion, one click away. None when the employee is not in the scope's pool."""
    settings = Settings.now(scope, on, effective_date)
    position = Position.objects.select_related(*POSITION_RELATED).get(pk=position.pk)
    employee = (
        candidate_pool(scope)
        .exclude(position=position)
        .select_related(*EMPLOYEE_RELATED)
        .filter(pk=employee.pk)
        .first()
    )
    if employee is None:
        return None
    (assessment,) = assess_moves([(employee, position)], settings=settings, employee_ids=[employee.pk])
    return assessment.outcome()


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
    settings = Settings.now(scope, on)
    employee = Employee.objects.select_related(*EMPLOYEE_RELATED).get(pk=employee.pk)
    vacant = with_free_places(scope.filter_units(Position.objects.filter(is_active=True), "unit_id"))
    targets = list(vacant.exclude(pk=employee.position_id).select_related(*POSITION_RELATED).order_by("code"))
    fits, excluded = [], 0
    for assessment in assess_moves(
        [(employee, t) for t in targets], settings=settings, employee_ids=[employee.pk]
    ):
        if assessment.blocks:
            excluded += 1
            continue
        target = assessment.target
        fits.append(Fit(position=target, kind=assessment.kind, score=assessment.score, free=target.free))
    fits.sort(key=lambda f: (-f.score.total, f.position.code))
    return fits[:limit], excluded
