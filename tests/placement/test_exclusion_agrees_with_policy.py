"""The candidate list excludes exactly those the policy check blocks for the same move.

Hypothesis draws an employee (education, field, rank, age, time in post, kind of post, SKP,
a sanction, leadership training) and a vacancy; the ranking's exclusion for them must equal
the blocking findings of ``policy_check`` -- the live check of a request for that move --
less the dossier rules (documents the case's file gathers after it is started)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from decisions.policy.checks import policy_check
from personnel.models import DisciplinarySanction, EducationLevel, Position, Rank, SkpRating, Training
from placement.candidates import case_kind_for, rank_candidates
from placement.scope import scope_of

from ..factories import EmployeeFactory, PositionFactory

DOSSIER = set(settings.SAHIH_PLACEMENT["dossier_rules"])
FIELDS = ["Akuntansi", "Ekonomi", "Teknik Sipil", "Administrasi Negara"]
RANKS = [21, 24, 31, 32, 33, 34, 41, 42, 43]
KINDS = ["pelaksana", "pengawas", "administrator", "fungsional"]


def _move(data, placement, serial: int):
    today = timezone.localdate()
    target = data.draw(
        st.sampled_from([placement.vacancy, placement.jpt, placement.city.target]), label="target"
    )
    kind = data.draw(st.sampled_from(KINDS), label="kind of the current post")
    birth_year = data.draw(st.integers(today.year - 60, today.year - 24), label="birth year")
    years_in_post = data.draw(st.integers(0, 12), label="years in post")
    tmt = date(min(birth_year + 22, today.year - years_in_post - 1), 3, 1)
    post = PositionFactory(
        code=f"PROP-{serial}",
        unit=data.draw(st.sampled_from([placement.city.dishub, placement.city.bpkad, placement.city.setda])),
        kind=kind,
        functional_level="ahli_pertama" if kind == "fungsional" else "",
        capacity=1,
    )
    employee = EmployeeFactory(
        name=f"Calon {serial}",
        birth=date(birth_year, 6, 15),
        tmt=tmt,
        position=post,
        position_since=max(tmt, date(today.year - years_in_post, 1, 2)),
        education_level=data.draw(st.sampled_from(EducationLevel.values), label="education"),
        education_field=data.draw(st.sampled_from(FIELDS), label="field"),
        rank=Rank.objects.get(code=data.draw(st.sampled_from(RANKS), label="rank")),
        good_ratings=False,
    )
    rating = data.draw(st.sampled_from(SkpRating.Rating.values), label="SKP")
    SkpRating.objects.bulk_create(
        SkpRating(employee=employee, year=year, rating=rating)
        for year in range(today.year - 3, today.year + 1)
    )
    if data.draw(st.booleans(), label="sanction"):
        DisciplinarySanction.objects.create(
            employee=employee,
            level=DisciplinarySanction.Level.MEDIUM,
            kind=DisciplinarySanction.Kind.ALLOWANCE_CUT,
            start=date(today.year - 1, 1, 1),
            end=date(today.year + 1, 1, 1),
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
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_exclusion_agrees_with_the_policy_check_for_the_same_move(placement, data):
    serial = data.draw(st.integers(1, 10**6), label="serial")
    with transaction.atomic():
        employee, target = _move(data, placement, serial)
        clerk = placement.city.agency_clerk
        ranking = rank_candidates(position=target, scope=scope_of(clerk))
        excluded = {entry.employee.pk: entry for entry in ranking.excluded}
        ranked = {candidate.employee.pk for candidate in ranking.candidates}
        assert (employee.pk in excluded) != (employee.pk in ranked)
        employee.refresh_from_db()
        evaluation = policy_check(
            actor=clerk,
            kind=case_kind_for(employee.position, Position.objects.get(pk=target.pk)),
            effective_date=ranking.effective_date,
            items=[{"employee": employee.nip, "target_position": target.code}],
        )
        expected = {(f.rule, f.message) for f in evaluation.blocks if f.rule not in DOSSIER}
        got = (
            {(f.rule, f.message) for f in excluded[employee.pk].blocks} if employee.pk in excluded else set()
        )
        assert got == expected
        transaction.set_rollback(True)
