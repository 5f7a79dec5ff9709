"""Each factor of the fit score at its boundaries, and the score's weighting and version."""

from __future__ import annotations

import pytest
from django.conf import settings

from decisions.policy.engine import configured
from placement import scoring

PARAMS = settings.SAHIH_PLACEMENT
POLICY = configured()  # the rules' defaults with the settings' overrides


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("D3", 0.0),
        ("S1", PARAMS["education_level_at_minimum"]),
        ("D4", PARAMS["education_level_at_minimum"]),
        ("S2", 1.0),
    ],
)
def test_education_level_below_at_and_above_the_minimum(level, expected):
    value, _detail = scoring.education_factor(
        level=level, field="Akuntansi", min_level="S1", fields=["Akuntansi"], params=PARAMS
    )
    assert value == pytest.approx((expected + 1.0) / 2)


def test_education_without_a_minimum_counts_the_level_in_full():
    value, _detail = scoring.education_factor(level="SLTA", field="", min_level="", fields=[], params=PARAMS)
    assert value == 1.0


@pytest.mark.parametrize(
    ("field", "fields", "expected"),
    [
        ("Akuntansi", ["Akuntansi", "Ekonomi"], 1.0),
        ("akuntansi", ["Akuntansi"], 1.0),
        ("Ekonomi Pembangunan", ["Ekonomi"], 0.0),
        ("Teknik Sipil", ["Akuntansi"], 0.0),
        ("", ["Akuntansi"], 0.0),
        ("Teknik Sipil", [], 1.0),
    ],
)
def test_education_field_matches_the_required_fields(field, fields, expected):
    value, _detail = scoring.education_factor(
        level="S2", field=field, min_level="S1", fields=fields, params=PARAMS
    )
    assert value == pytest.approx((1.0 + expected) / 2)


@pytest.mark.parametrize(
    ("rank", "expected"),
    [(31, 0.0), (32, 0.5), (33, 0.5 + 0.5 * 1 / 3), (34, 0.5 + 0.5 * 2 / 3), (41, 1.0), (42, 0.0)],
)
def test_rank_is_zero_outside_the_range_and_rises_from_floor_to_ceiling(rank, expected):
    value, _detail = scoring.rank_factor(rank=rank, min_rank=32, max_rank=41)
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(("min_rank", "max_rank"), [(None, None), (32, None), (None, 41), (33, 33)])
def test_rank_with_an_open_or_single_range_is_full_inside_it(min_rank, max_rank):
    assert scoring.rank_factor(rank=33, min_rank=min_rank, max_rank=max_rank)[0] == 1.0


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ({2025: "sangat_baik", 2024: "sangat_baik"}, 1.0),
        ({2025: "baik", 2024: "sangat_baik"}, 0.875),
        ({2025: "baik"}, 0.375),
        ({2023: "sangat_baik"}, 0.0),  # outside the two years
        ({2025: "butuh_perbaikan", 2024: "kurang"}, 0.125),
        ({}, 0.0),
    ],
)
def test_performance_averages_the_last_two_years_and_a_missing_year_counts_nothing(ratings, expected):
    value, _detail = scoring.performance_factor(ratings=ratings, years=(2025, 2024), params=PARAMS)
    assert value == pytest.approx(expected)


ORDER = POLICY["leadership_training_order"]


@pytest.mark.parametrize(
    ("required", "held", "expected"),
    [
        (None, set(), 1.0),
        ("pka", {"pka"}, 1.0),
        ("pka", {"pkn2"}, 1.0),  # a higher one counts
        ("pka", {"pkp"}, 0.0),
        ("pka", {"teknis"}, 0.0),
        ("pkp", set(), 0.0),
    ],
)
def test_training_counts_the_required_leadership_training_or_a_higher_one(required, held, expected):
    assert scoring.training_factor(required=required, held=held, order=ORDER)[0] == expected


@pytest.mark.parametrize(("years", "expected"), [(0, 0.0), (2.5, 0.5), (5, 1.0), (12, 1.0)])
def test_experience_rises_to_full_at_the_configured_years(years, expected):
    assert scoring.experience_factor(years=years, params=PARAMS)[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("years", "expected"), [(0.5, 0.0), (2, 0.0), (3.5, 0.5), (5, 1.0), (9, 1.0), (None, 1.0)]
)
def test_rotation_is_zero_before_the_minimum_and_full_once_rotation_is_due(years, expected):
    assert scoring.rotation_factor(years_in_post=years, policy=POLICY)[0] == pytest.approx(expected)


@pytest.mark.parametrize(("years", "expected"), [(0, 0.0), (1, 0.0), (3, 0.5), (5, 1.0), (20, 1.0)])
def test_retirement_is_zero_within_a_year_and_full_five_years_out(years, expected):
    assert scoring.retirement_factor(years_left=years, params=PARAMS)[0] == pytest.approx(expected)


def test_the_score_is_the_weighted_mean_of_the_factors():
    factors = (
        scoring.Factor(key="education", value=1.0, weight=3, detail=""),
        scoring.Factor(key="rank", value=0.0, weight=1, detail=""),
    )
    total = 100 * sum(f.points for f in factors) / sum(f.weight for f in factors)
    assert total == 75.0


@pytest.mark.django_db
def test_a_changed_weight_makes_a_new_version():
    from placement.models import ScoreWeight

    before = scoring.version(scoring.parameters())
    assert scoring.version(scoring.parameters()) == before
    ScoreWeight.objects.create(factor="performance", weight=40)
    params = scoring.parameters()
    assert params["weights"]["performance"] == 40.0
    assert scoring.version(params) != before
