"""Rules 5-7: education, experience, rank range of the new post."""

from __future__ import annotations

from datetime import date

import pytest

from personnel.models import EducationLevel, Position, PositionHistory, Rank

from .helpers import of_rule, run, severity

P, L, E = Position.Kind, Position.FunctionalLevel, EducationLevel
TMT = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("kind", "level", "education", "expected"),
    [
        (P.ADMINISTRATOR, "", E.D3, "block"),
        (P.ADMINISTRATOR, "", E.D4, None),  # D-IV counts as S-1
        (P.ADMINISTRATOR, "", E.S1, None),
        (P.JPT_PRATAMA, "", E.D3, "block"),
        (P.PENGAWAS, "", E.D3, None),
        (P.PENGAWAS, "", E.SLTA, "block"),
        (P.FUNCTIONAL, L.TERAMPIL, E.SLTA, None),  # keterampilan track
        (P.FUNCTIONAL, L.TERAMPIL, E.SMP, "block"),
        (P.FUNCTIONAL, L.AHLI_PERTAMA, E.D3, "block"),  # keahlian track
        (P.FUNCTIONAL, L.AHLI_PERTAMA, E.S2, None),
        (P.PELAKSANA, "", E.SMP, None),  # no default for pelaksana
    ],
)
def test_education_level_by_kind_of_post(person, post, kind, level, education, expected):
    employee = person(education_level=education)
    findings = run("transfer", [(employee, post(kind, functional_level=level))], effective=TMT)
    assert severity(findings, "education") == expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [("Akuntansi", None), ("akuntansi", None), ("Administrasi Negara", "block"), ("", "block")],
)
def test_education_field_named_by_the_position(person, post, field, expected):
    employee = person(education_field=field)
    target = post(min_education=E.S1, education_fields=["Akuntansi", "Manajemen Keuangan"])
    assert severity(run("transfer", [(employee, target)], effective=TMT), "education") == expected


def _history(employee, position, start, end):
    PositionHistory.objects.create(employee=employee, position=position, start=start, end=end)


# In a pengawas post since 01-03-2023: three years on 01-03-2026.
@pytest.mark.parametrize(("effective", "expected"), [(date(2026, 2, 28), "block"), (date(2026, 3, 1), None)])
def test_administrator_needs_three_years_as_pengawas(person, post, effective, expected):
    employee = person(position=post(P.PENGAWAS), position_since=date(2023, 3, 1))
    findings = run("appointment_structural", [(employee, post(P.ADMINISTRATOR))], effective=effective)
    assert severity(findings, "experience") == expected


def test_experience_adds_up_back_to_back_pengawas_and_equivalent_jf_posts(person, post):
    employee = person(
        position=post(P.FUNCTIONAL, functional_level=L.AHLI_MUDA), position_since=date(2024, 7, 1)
    )
    _history(employee, post(P.PENGAWAS), date(2022, 1, 1), date(2024, 6, 30))
    _history(employee, post(P.PELAKSANA), date(2015, 1, 1), date(2021, 12, 31))
    ok = run("appointment_structural", [(employee, post(P.ADMINISTRATOR))], effective=date(2025, 1, 1))
    short = run("appointment_structural", [(employee, post(P.ADMINISTRATOR))], effective=date(2024, 12, 31))
    assert severity(ok, "experience") is None
    [finding] = of_rule(short, "experience")
    assert finding.facts["short"][0]["months"] == 35


def test_pelaksana_years_do_not_count_for_an_administrator(person, post):
    employee = person(position=post(P.PELAKSANA), position_since=date(2010, 1, 1))
    findings = run("appointment_structural", [(employee, post(P.ADMINISTRATOR))], effective=TMT)
    assert severity(findings, "experience") == "block"


@pytest.mark.parametrize(("since", "expected"), [(date(2022, 6, 1), None), (date(2022, 6, 2), "block")])
def test_pengawas_needs_four_years_in_post(person, post, since, expected):
    employee = person(position=post(P.PELAKSANA), position_since=since)
    findings = run("appointment_structural", [(employee, post(P.PENGAWAS))], effective=TMT)
    assert severity(findings, "experience") == expected


# Administrator since 01-06-2024, pelaksana from 2015: two years as administrator on 01-06-2026.
@pytest.mark.parametrize(("effective", "expected"), [(date(2026, 5, 31), "block"), (date(2026, 6, 1), None)])
def test_jpt_needs_two_years_as_administrator_and_five_in_all(person, post, effective, expected):
    employee = person(position=post(P.ADMINISTRATOR), position_since=date(2024, 6, 1))
    _history(employee, post(P.PELAKSANA), date(2015, 1, 1), date(2024, 5, 31))
    findings = run("appointment_jpt", [(employee, post(P.JPT_PRATAMA))], effective=effective)
    assert severity(findings, "experience") == expected


def test_jpt_needs_five_years_in_all(person, post):
    employee = person(position=post(P.ADMINISTRATOR), position_since=date(2022, 1, 1))
    findings = run("appointment_jpt", [(employee, post(P.JPT_PRATAMA))], effective=date(2026, 12, 31))
    [finding] = of_rule(findings, "experience")
    assert [s["min_years"] for s in finding.facts["short"]] == [5]


@pytest.mark.parametrize(
    ("data", "since", "expected"),
    [
        ({"functional_route": "perpindahan"}, date(2024, 6, 1), None),
        ({"functional_route": "perpindahan"}, date(2024, 6, 2), "block"),
        ({"functional_route": "perpindahan", "restructuring": True}, date(2025, 6, 1), None),
        ({"functional_route": "perpindahan", "restructuring": True}, date(2025, 6, 2), "block"),
        ({"functional_route": "pengangkatan_pertama"}, date(2025, 6, 2), None),  # not a transfer in
    ],
)
def test_jf_transfer_needs_two_years_or_one_after_restructuring(person, post, data, since, expected):
    employee = person(position=post(P.PELAKSANA), position_since=since)
    target = post(P.FUNCTIONAL, functional_level=L.AHLI_PERTAMA)
    findings = run("appointment_functional", [(employee, target)], effective=TMT, data=data)
    assert severity(findings, "experience") == expected


def test_a_transfer_within_the_same_kind_asks_no_experience(person, post):
    employee = person(position=post(P.PENGAWAS), position_since=date(2025, 1, 1))
    assert severity(run("transfer", [(employee, post(P.PENGAWAS))], effective=TMT), "experience") is None


def test_a_transfer_that_is_a_promotion_asks_the_experience(person, post):
    employee = person(position=post(P.PELAKSANA), position_since=date(2025, 1, 1))
    assert severity(run("transfer", [(employee, post(P.PENGAWAS))], effective=TMT), "experience") == "block"


@pytest.mark.parametrize(
    ("rank", "expected"),
    [(33, "warn"), (34, None), (41, None), (42, None), (43, "warn")],  # administrator: III/d - IV/b
)
def test_rank_range_of_an_administrator_post(person, post, rank, expected):
    employee = person(rank_code=rank)
    findings = run("transfer", [(employee, post(P.ADMINISTRATOR))], effective=TMT)
    assert severity(findings, "rank_range") == expected


def test_rank_range_blocks_where_the_region_says_so(person, post, policy):
    policy(rank_range_blocks=True)
    [finding] = of_rule(
        run("transfer", [(person(rank_code=33), post(P.ADMINISTRATOR))], effective=TMT), "rank_range"
    )
    assert finding.severity == "block"
    assert finding.facts == {"rank": "III/c", "min": "III/d", "max": "IV/b"}
    assert finding.override_roles == ("official", "signer")


def test_a_positions_own_rank_range_comes_first(person, post):
    target = post(P.PELAKSANA, min_rank=Rank.objects.get(code=32))
    assert severity(run("transfer", [(person(rank_code=31), target)], effective=TMT), "rank_range") == "warn"
    assert severity(run("transfer", [(person(rank_code=32), target)], effective=TMT), "rank_range") is None
