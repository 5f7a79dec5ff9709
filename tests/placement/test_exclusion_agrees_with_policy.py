"""The candidate list excludes exactly those the policy check blocks for the same move.

Hypothesis draws an employee (education, field, rank, age, time in post, kind of post, the
SKP of each year or none, a sanction, a proceeding, a study leave, a temporary dismissal,
leadership training) and a vacancy. Three things must agree with the blocking findings of
``policy_check`` -- the live check of a request for that move -- less the dossier rules
(documents the case's file gathers after it is started):

- each rule's SQL form (decisions.policy.engine.SQL_FORMS), which the ranking excludes with
  in the database: it holds for the employee exactly when its rule blocks the move;
- the per-employee check (``check_candidate``, the reason one click away): the same findings;
- the ranking: the employee is ranked exactly when nothing blocks, else excluded and counted
  under a rule that blocks them (with the full findings when they were checked in Python).

Many draws are removed by the SQL forms before any rule runs in Python, so both paths are
exercised."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from decisions.policy.checks import policy_check
from personnel.models import (
    DisciplinarySanction,
    EducationLevel,
    Employee,
    Position,
    Proceeding,
    Rank,
    ServiceBond,
    SkpRating,
    Training,
)
from placement.candidates import (
    Candidate,
    Settings,
    case_kind_for,
    check_candidate,
    rank_candidates,
    sql_exclusions,
)
from placement.scope import scope_of

from ..factories import EmployeeFactory, PositionFactory

DOSSIER = set(settings.SAHIH_PLACEMENT["dossier_rules"])
FIELDS = ["Akuntansi", "Ekonomi", "Teknik Sipil", "Administrasi Negara"]
RANKS = [21, 24, 31, 32, 33, 34, 41, 42, 43]
KINDS = ["pelaksana", "pengawas", "administrator", "fungsional", "jpt_pratama"]
NO_RATING = ""


def _around_today(data, label: str) -> tuple[date, date | None]:
    """A spell that may or may not cover today and the next month (an open end sometimes)."""
    today = timezone.localdate()
    start = date(today.year + data.draw(st.integers(-3, 0), label=f"{label} from"), 1, 1)
    start = start.replace(month=data.draw(st.integers(1, 12), label=f"{label} month"))
    months = data.draw(st.one_of(st.none(), st.integers(0, 40)), label=f"{label} months")
    if months is None:
        return start, None
    year, month = divmod(start.month - 1 + months, 12)
    return start, date(start.year + year, month + 1, 1)


def _move(data, placement, serial: int):
    today = timezone.localdate()
    target = data.draw(
        st.sampled_from([placement.vacancy, placement.jpt, placement.city.target]), label="target"
    )
    kind = data.draw(st.sampled_from(KINDS), label="kind of the current post")
    birth_year = data.draw(st.integers(today.year - 62, today.year - 24), label="birth year")
    birth = date(birth_year, data.draw(st.integers(1, 12), label="birth month"), 15)
    years_in_post = data.draw(st.integers(0, 12), label="years in post")
    tmt = date(min(birth_year + 22, today.year - years_in_post - 1), 3, 1)
    post = PositionFactory(
        code=f"PROP-{serial}",
        unit=data.draw(st.sampled_from([placement.city.dishub, placement.city.bpkad, placement.city.setda])),
        kind=kind,
        functional_level="ahli_pertama" if kind == "fungsional" else "",
        capacity=1,
    )
    suspended = data.draw(st.booleans(), label="temporarily dismissed")
    since, until = _around_today(data, "suspension") if suspended else (None, None)
    employee = EmployeeFactory(
        name=f"Calon {serial}",
        birth=birth,
        tmt=tmt,
        position=post,
        position_since=max(tmt, date(today.year - years_in_post, 1, 2)),
        education_level=data.draw(st.sampled_from(EducationLevel.values), label="education"),
        education_field=data.draw(st.sampled_from([*FIELDS, "teknik sipil", ""]), label="field"),
        rank=Rank.objects.get(code=data.draw(st.sampled_from(RANKS), label="rank")),
        good_ratings=False,
        suspended_from=since,
        suspended_until=until,
    )
    ratings = {
        year: data.draw(st.sampled_from([NO_RATING, *SkpRating.Rating.values]), label=f"SKP {year}")
        for year in range(today.year - 3, today.year + 1)
    }
    SkpRating.objects.bulk_create(
        SkpRating(employee=employee, year=year, rating=rating) for year, rating in ratings.items() if rating
    )
    if data.draw(st.booleans(), label="sanction"):
        start, end = _around_today(data, "sanction")
        DisciplinarySanction.objects.create(
            employee=employee,
            level=DisciplinarySanction.Level.MEDIUM,
            kind=DisciplinarySanction.Kind.ALLOWANCE_CUT,
            start=start,
            end=end,
        )
    if data.draw(st.booleans(), label="proceeding"):
        start, end = _around_today(data, "proceeding")
        Proceeding.objects.create(
            employee=employee, kind=Proceeding.Kind.DISCIPLINARY_EXAMINATION, start=start, end=end
        )
    bond = data.draw(st.sampled_from(["", *ServiceBond.Kind.values]), label="bond")
    if bond:
        start, end = _around_today(data, "bond")
        ServiceBond.objects.create(
            employee=employee, kind=bond, start=start, end=end or date(today.year + 4, 1, 1)
        )
    training = data.draw(st.sampled_from(["", "pkp", "pka", "pkn2"]), label="leadership training")
    if training:
        Training.objects.create(
            employee=employee,
            kind=training,
            name=training.upper(),
            start=date(2015, 1, 5),
            end=date(2015, 3, 5),
        )
    return employee, target


@hypothesis_settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_exclusion_agrees_with_the_policy_check_for_the_same_move(placement, data):
    serial = data.draw(st.integers(1, 10**6), label="serial")
    with transaction.atomic():
        employee, target = _move(data, placement, serial)
        clerk = placement.city.agency_clerk
        scope = scope_of(clerk)
        ranking = rank_candidates(position=target, scope=scope, top=1000)
        employee = Employee.objects.get(pk=employee.pk)
        target = Position.objects.get(pk=target.pk)
        evaluation = policy_check(
            actor=clerk,
            kind=case_kind_for(employee.position, target),
            effective_date=ranking.effective_date,
            items=[{"employee": employee.nip, "target_position": target.code}],
        )
        expected = {(f.rule, f.message) for f in evaluation.blocks if f.rule not in DOSSIER}
        blocked_by = {rule for rule, _message in expected}

        # Each SQL form is its rule.
        forms = sql_exclusions(
            target=target, settings=Settings.now(scope, ranking.on, ranking.effective_date)
        )
        mine = Employee.objects.filter(pk=employee.pk)
        for registered, condition in forms:
            assert mine.filter(condition).exists() == (registered.id in blocked_by), registered.id

        # The per-employee check gives the policy check's findings.
        outcome = check_candidate(
            position=target,
            employee=employee,
            scope=scope,
            on=ranking.on,
            effective_date=ranking.effective_date,
        )
        got = set() if isinstance(outcome, Candidate) else {(f.rule, f.message) for f in outcome.blocks}
        assert got == expected

        # The ranking ranks exactly those nothing blocks, and counts the rest under a rule that blocks.
        ranked = {candidate.employee.pk for candidate in ranking.candidates}
        assert (employee.pk in ranked) == (not expected)
        checked = {entry.employee.pk: entry for entry in ranking.excluded}
        if employee.pk in checked:
            assert {(f.rule, f.message) for f in checked[employee.pk].blocks} == expected
        if expected:
            groups = {group.rule.id for group in ranking.exclusions}
            assert groups & blocked_by
        transaction.set_rollback(True)
