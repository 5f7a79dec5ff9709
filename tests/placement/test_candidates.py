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
