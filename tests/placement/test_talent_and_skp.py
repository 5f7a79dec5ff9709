"""The nine-box grid, succession for key posts, and the SKP dashboard's coaching list."""

from __future__ import annotations

from django.utils import timezone

from decisions.policy.dates import rated_years
from decisions.policy.engine import parameters
from personnel.models import SkpRating
from placement import performance, talent
from placement.scope import scope_of


def _year() -> int:
    return rated_years(timezone.localdate(), parameters())[0]


def test_each_employee_lands_in_the_box_of_their_rating_and_potential(placement):
    SkpRating.objects.filter(employee=placement.fit, year=_year()).update(rating="sangat_baik")
    pool = talent.talent_pool(scope=scope_of(placement.city.agency_clerk))
    assert pool.box_of(placement.fit.pk) == 9  # above expectations, high potential
    assert pool.box_of(placement.other_fit.pk) == 5  # as expected, medium potential
    assert pool.box_of(placement.administrators[0].pk) == 8  # as expected, high potential
    assert placement.wrong_field in pool.unplaced  # no assessment yet
    assert [label for label, _row in pool.grid] == ["tinggi", "menengah", "rendah"]


def test_succession_lists_top_box_people_the_rules_let_in_and_the_posts_with_none(placement):
    scope = scope_of(placement.city.agency_clerk)
    plan = {
        entry.position.code: entry
        for entry in talent.succession(scope=scope, pool=talent.talent_pool(scope=scope))
    }
    assert [e for _box, e, _fit in plan["KABAPPEDA"].candidates] == [placement.administrators[0]]
    assert plan["KABAPPEDA"].holder is None
    assert plan["KADISHUB"].candidates == []  # nobody from boxes 7-9 may take it


def test_the_skp_dashboard_lists_who_needs_coaching_with_the_training_they_lack(placement):
    year = _year()
    SkpRating.objects.filter(employee=placement.administrators[1], year=year).update(rating="butuh_perbaikan")
    SkpRating.objects.filter(employee=placement.other_fit, year=year).delete()
    rows = {
        row.unit.code: row
        for row in performance.skp_dashboard(scope=scope_of(placement.city.agency_clerk), year=year)
    }
    coaching = rows["SETDA"].coaching
    assert [(c.employee, c.lacking) for c in coaching] == [(placement.administrators[1], "PKA")]
    assert rows["SETDA"].count("butuh_perbaikan") == 1
    assert placement.other_fit in rows["DISHUB"].missing
