"""Candidates for a vacancy: the rules exclude, the score ranks."""

from __future__ import annotations

from placement.candidates import rank_candidates
from placement.scope import scope_of


def _ranking(placement, position=None, user=None):
    user = user or placement.city.agency_clerk
    return rank_candidates(position=position or placement.vacancy, scope=scope_of(user))


def test_the_rules_exclude_the_wrong_field_and_the_sanctioned_with_their_findings(placement):
    ranking = _ranking(placement)
    excluded = {entry.employee.pk: {f.rule for f in entry.blocks} for entry in ranking.excluded}
    assert "education" in excluded[placement.wrong_field.pk]
    assert "discipline" in excluded[placement.sanctioned.pk]
    ranked = [c.employee.pk for c in ranking.candidates]
    assert placement.fit.pk in ranked and placement.other_fit.pk in ranked


def test_the_best_fit_comes_first_and_every_factor_is_explained(placement):
    ranking = _ranking(placement)
    first = ranking.candidates[0]
    assert first.employee == placement.fit
    assert [f.key for f in first.score.factors] == [
        "education",
        "rank",
        "performance",
        "training",
        "experience",
        "rotation",
        "retirement",
    ]
    training = next(f for f in first.score.factors if f.key == "training")
    assert training.value == 1.0 and "PKP" in str(training.detail)


def test_an_opd_head_sees_candidates_from_their_own_opd_only(placement):
    ranking = _ranking(placement, user=placement.city.head_bpkad)
    units = {c.employee.position.unit_id for c in ranking.candidates} | {
        e.employee.position.unit_id for e in ranking.excluded
    }
    assert units == {placement.city.bpkad.pk}


def _crowd(placement, count: int = 60) -> None:
    """More employees of every sort around the vacancy: posts of each kind in three OPDs,
    education, field, rank, age, time in post, SKP and training drawn from a fixed seed."""
    import random
    from datetime import date

    from django.utils import timezone

    from personnel.models import EducationLevel, PositionHistory, Rank, SkpRating, Training

    from ..factories import EmployeeFactory, PositionFactory

    rng = random.Random(16)  # noqa: S311 -- a reproducible crowd
    today = timezone.localdate()
    ranks = list(Rank.objects.filter(code__in=[21, 24, 31, 32, 33, 34, 41, 42]))
    units = [placement.city.bpkad, placement.city.dishub, placement.city.setda]
    for number in range(count):
        kind = rng.choice(["pelaksana", "pengawas", "fungsional", "administrator"])
        since = date(today.year - rng.randint(0, 9), rng.randint(1, 12), 1)
        employee = EmployeeFactory(
            name=f"Ramai {number:02d}",
            birth=date(today.year - rng.randint(25, 59), rng.randint(1, 12), rng.randint(1, 28)),
            tmt=date(today.year - 12, 3, 1),
            position=PositionFactory(
                code=f"CROWD-{number}",
                unit=rng.choice(units),
                kind=kind,
                functional_level="ahli_pertama" if kind == "fungsional" else "",
            ),
            position_since=since,
            education_level=rng.choice(
                [EducationLevel.D3, EducationLevel.S1, EducationLevel.S1, EducationLevel.S2]
            ),
            education_field=rng.choice(["Akuntansi", "Ekonomi", "Ekonomi", "Administrasi Negara"]),
            rank=rng.choice(ranks),
            good_ratings=False,
        )
        SkpRating.objects.bulk_create(
            SkpRating(
                employee=employee,
                year=year,
                rating=rng.choice(["sangat_baik", "baik", "baik", "baik", "kurang"]),
            )
            for year in range(today.year - 3, today.year + 1)
            if rng.random() < 0.97
        )
        if rng.random() < 0.4:
            Training.objects.create(
                employee=employee,
                kind=rng.choice(["pkp", "pka"]),
                name="Pelatihan",
                start=date(2019, 1, 7),
                end=date(2019, 3, 7),
            )
        if rng.random() < 0.5:
            PositionHistory.objects.create(
                employee=employee,
                position=rng.choice([placement.vacancy, employee.position]),
                start=date(today.year - 11, 1, 1),
                end=date(today.year - 10, 1, 1),
            )


def test_the_best_few_are_exactly_the_head_of_the_full_ranking(placement):
    _crowd(placement)
    scope = scope_of(placement.city.agency_clerk)
    full = rank_candidates(position=placement.vacancy, scope=scope, top=1000)
    assert full.unchecked == 0 and len(full.candidates) > 12
    for top in (1, 3, 5, 12):
        best = rank_candidates(position=placement.vacancy, scope=scope, top=top)
        assert [(c.employee.pk, c.score.total) for c in best.candidates] == [
            (c.employee.pk, c.score.total) for c in full.candidates[:top]
        ]
        assert best.excluded_count + best.checked - len(best.excluded) + best.unchecked >= len(
            full.candidates
        )
    assert rank_candidates(position=placement.vacancy, scope=scope, top=3).unchecked > 0


def test_the_sql_bound_is_never_below_the_score(placement):
    from placement import scoring
    from placement.candidates import PASSED, Settings, candidate_pool, sql_exclusions, sql_reason

    _crowd(placement)
    scope = scope_of(placement.city.agency_clerk)
    full = rank_candidates(position=placement.vacancy, scope=scope, top=1000)
    settings = Settings.now(scope)
    forms = sql_exclusions(target=full.position, settings=settings)
    bounds = dict(
        scoring.with_upper_bound(
            candidate_pool(scope).annotate(reason=sql_reason(forms)).filter(reason=PASSED),
            target=full.position,
            on=settings.on,
            params=settings.params,
            policy=settings.policy,
            opd_of_unit=scope.opd_of_unit,
        ).values_list("pk", "bound")
    )
    assert full.candidates
    for candidate in full.candidates:
        assert bounds[candidate.employee.pk] >= candidate.score.total
    # Tight where SQL has the facts: only experience is bounded by 1 for those with a related post.
    gaps = [bounds[c.employee.pk] - c.score.total for c in full.candidates]
    assert min(gaps) < 0.001


def test_every_excluded_employee_is_counted_once_under_a_rule(placement, settings):
    _crowd(placement)
    scope = scope_of(placement.city.agency_clerk)
    full = rank_candidates(position=placement.vacancy, scope=scope, top=1000)
    from placement.candidates import candidate_pool

    pool = candidate_pool(scope).exclude(position=placement.vacancy).count()
    assert full.excluded_count + len(full.candidates) == pool
    shown = settings.SAHIH_PLACEMENT["excluded_shown"]
    for group in full.exclusions:
        assert 0 < len(group.shown) <= min(group.count, shown)
        assert all(group.rule.id in {f.rule for f in entry.blocks} for entry in group.shown)
