"""Rules 11, 12, 14, 22, 34: time in post, the JPT's protection, vacancy, one post per person,
the effective date after the current post began."""

from __future__ import annotations

from datetime import date

import pytest

from personnel.models import Position

from .helpers import of_rule, run, severity

P = Position.Kind


# In post since 12-03-2024: two years on 12-03-2026.
@pytest.mark.parametrize(
    ("effective", "expected"),
    [(date(2026, 3, 11), "warn"), (date(2026, 3, 12), None), (date(2024, 3, 12), "warn")],
)
def test_time_in_post_boundaries(person, post, effective, expected):
    employee = person(position_since=date(2024, 3, 12))
    assert severity(run("transfer", [(employee, post())], effective=effective), "time_in_post") == expected


def test_less_than_two_years_in_post_must_be_justified_and_explains_itself(person, post):
    employee = person(position_since=date(2024, 3, 12))
    [finding] = of_rule(run("transfer", [(employee, post())], effective=date(2026, 3, 11)), "time_in_post")
    assert finding.justification_required
    assert finding.facts == {
        "position_since": "2024-03-12",
        "effective_date": "2026-03-11",
        "years": 1,
        "months": 11,
        "minimum_years": 2,
    }
    assert "12-03-2024" in finding.message
    assert "12-03-2026" in finding.fix


def test_time_in_post_blocks_where_the_region_follows_i_mut(person, post, policy):
    policy(time_in_post_blocks=True)
    employee = person(position_since=date(2024, 3, 12))
    [finding] = of_rule(run("transfer", [(employee, post())], effective=date(2026, 3, 11)), "time_in_post")
    assert finding.severity == "block"
    assert not finding.justification_required


def test_five_years_in_post_is_no_finding_against_a_transfer(person, post):
    employee = person(position_since=date(2015, 1, 1))
    assert (
        severity(run("transfer", [(employee, post())], effective=date(2026, 3, 11)), "time_in_post") is None
    )


# Inaugurated as JPT on 01-09-2024: protected until 01-09-2026.
@pytest.mark.parametrize(
    ("effective", "data", "expected"),
    [
        (date(2026, 8, 31), {}, "block"),
        (date(2026, 9, 1), {}, None),
        (
            date(2026, 8, 31),
            {"jpt_exception": {"reason": "requirements_lost", "evidence": "LHP Inspektorat 3/2026"}},
            None,
        ),
    ],
)
def test_a_jpt_is_protected_for_two_years(person, post, effective, data, expected):
    employee = person(position=post(P.JPT_PRATAMA), position_since=date(2024, 9, 1))
    findings = run("transfer", [(employee, post(P.JPT_PRATAMA))], effective=effective, data=data)
    assert severity(findings, "jpt_protection") == expected


def test_jpt_protection_is_about_jpts_only(person, post):
    employee = person(position=post(P.ADMINISTRATOR), position_since=date(2025, 9, 1))
    assert (
        severity(
            run("transfer", [(employee, post(P.ADMINISTRATOR))], effective=date(2026, 6, 1)), "jpt_protection"
        )
        is None
    )


def test_a_full_position_blocks(person, post):
    target = post(capacity=1)
    person(position=target)
    findings = run("transfer", [(person(), target)], effective=date(2026, 6, 1))
    [finding] = of_rule(findings, "vacancy")
    assert finding.severity == "block"
    assert finding.facts == {"capacity": 1, "holders": 1, "incoming": 1}


def test_a_position_vacated_in_the_same_case_is_free(person, post):
    target = post(capacity=1)
    holder = person(position=target)
    findings = run("transfer", [(person(), target), (holder, post())], effective=date(2026, 6, 1))
    assert severity(findings, "vacancy") is None


@pytest.mark.parametrize(("capacity", "incoming", "expected"), [(2, 1, None), (2, 2, "block"), (3, 2, None)])
def test_vacancy_counts_holders_and_incoming_against_the_abk(person, post, capacity, incoming, expected):
    target = post(capacity=capacity)
    person(position=target)
    movers = [(person(), target) for _ in range(incoming)]
    assert severity(run("transfer", movers, effective=date(2026, 6, 1)), "vacancy") == expected


def test_one_employee_in_two_items_holds_two_posts(person, post):
    employee = person(position=post(P.ADMINISTRATOR))
    jf = post(P.FUNCTIONAL, functional_level=Position.FunctionalLevel.AHLI_MUDA)
    findings = run(
        "transfer", [(employee, post(P.ADMINISTRATOR)), (employee, jf)], effective=date(2026, 6, 1)
    )
    [finding] = of_rule(findings, "concurrent_posts")
    assert (finding.severity, finding.item, finding.facts["items"]) == ("block", 2, [1, 2])


def test_different_employees_hold_one_post_each(person, post):
    findings = run("transfer", [(person(), post()), (person(), post())], effective=date(2026, 6, 1))
    assert severity(findings, "concurrent_posts") is None


# In post since 12-03-2024 (rule 34, after_current_post: module timing).
@pytest.mark.parametrize(
    ("kind", "effective", "expected"),
    [
        ("transfer", date(2024, 3, 11), "block"),
        ("transfer", date(2024, 3, 12), "block"),
        ("transfer", date(2024, 3, 13), None),
        ("dismissal_own_request", date(2024, 3, 12), "block"),
        ("dismissal_own_request", date(2024, 3, 13), None),
    ],
)
def test_a_decision_takes_effect_only_after_the_current_post_began(person, post, kind, effective, expected):
    employee = person(position_since=date(2024, 3, 12))
    items = [(employee, post())] if kind == "transfer" else [(employee, None)]
    assert severity(run(kind, items, effective=effective), "after_current_post") == expected


def test_the_current_post_finding_names_the_day_it_began_and_a_way_out(person, post):
    employee = person(position_since=date(2024, 3, 12))
    [finding] = of_rule(
        run("transfer", [(employee, post())], effective=date(2024, 3, 12)), "after_current_post"
    )
    assert "12-03-2024" in finding.message
    assert "12-03-2024" in finding.fix
    assert finding.facts == {"position_since": "2024-03-12", "effective_date": "2024-03-12"}
