"""Rules 8, 15, 16, 17: SKP ratings, competence evidence, leadership training, JF age caps."""

from __future__ import annotations

from datetime import date

import pytest

from personnel.models import Position, SkpRating, Training

from .helpers import of_rule, run, severity

P, L, R = Position.Kind, Position.FunctionalLevel, SkpRating.Rating
TMT = date(2026, 6, 1)  # the ratings asked for are 2024 and 2025


@pytest.mark.parametrize(
    ("ratings", "kind", "data", "expected"),
    [
        ({2024: R.GOOD, 2025: R.VERY_GOOD}, "transfer", {}, None),
        ({2024: R.GOOD}, "transfer", {}, "block"),  # 2025 missing
        ({2024: R.NEEDS_IMPROVEMENT, 2025: R.GOOD}, "transfer", {}, "block"),
        ({2023: R.GOOD, 2024: R.GOOD}, "transfer", {}, "block"),  # 2023 is too old to count
        (
            {2024: R.POOR, 2025: R.GOOD},
            "appointment_functional",
            {"functional_route": "pengangkatan_pertama"},
            None,
        ),
        (
            {2024: R.GOOD, 2025: R.POOR},
            "appointment_functional",
            {"functional_route": "pengangkatan_pertama"},
            "block",
        ),
        (
            {2024: R.POOR, 2025: R.GOOD},
            "appointment_functional",
            {"functional_route": "perpindahan"},
            "block",
        ),
    ],
)
def test_skp_good_for_the_last_two_years_one_for_a_first_jf_appointment(
    person, post, ratings, kind, data, expected
):
    employee = person(good_ratings=False)
    for year, rating in ratings.items():
        SkpRating.objects.create(employee=employee, year=year, rating=rating)
    target = post(P.FUNCTIONAL, functional_level=L.AHLI_PERTAMA) if kind != "transfer" else post()
    assert severity(run(kind, [(employee, target)], effective=TMT, data=data), "performance") == expected


def test_skp_finding_lists_what_is_recorded(person, post):
    employee = person(good_ratings=False)
    SkpRating.objects.create(employee=employee, year=2024, rating=R.NEEDS_IMPROVEMENT)
    [finding] = of_rule(run("transfer", [(employee, post())], effective=TMT), "performance")
    assert finding.facts == {"years": [2024, 2025], "missing": [2025], "below_good": [2024]}


@pytest.mark.parametrize(
    ("files", "data", "expected"),
    [
        ((), {}, "block"),
        (("committee_minutes",), {}, None),
        (("committee_minutes",), {"committee_recommended": True}, None),
        (("committee_minutes",), {"committee_recommended": False}, "block"),
    ],
)
def test_structural_appointment_needs_the_committee(person, post, files, data, expected):
    findings = run(
        "appointment_structural",
        [(person(), post(P.PENGAWAS))],
        effective=TMT,
        data=data,
        files=files,
        stage="verification",
    )
    assert severity(findings, "competence") == expected


@pytest.mark.parametrize("stage", ["submission", "proposer_head", "committee_vote"])
def test_the_committee_is_not_asked_for_before_it_has_voted(person, post, stage):
    findings = run("appointment_structural", [(person(), post(P.PENGAWAS))], effective=TMT, stage=stage)
    assert severity(findings, "competence") is None


@pytest.mark.parametrize(("result", "expected"), [("approved", None), ("rejected", "block")])
def test_the_committees_recorded_votes_are_its_consideration(person, post, result, expected):
    findings = run(
        "appointment_structural",
        [(person(), post(P.PENGAWAS))],
        effective=TMT,
        data={"committee": {"result": result}},
        stage="verification",
    )
    assert severity(findings, "competence") == expected


@pytest.mark.parametrize(
    ("files", "test", "expected"),
    [
        (("committee_minutes", "competency_test"), "lulus", None),
        (("committee_minutes", "competency_test"), {"passed": True, "score": 81}, None),
        (("committee_minutes", "competency_test"), "tidak lulus", "block"),
        (("committee_minutes",), "lulus", "block"),  # the result is not in the file
        (("competency_test",), "lulus", "block"),  # no committee minutes
    ],
)
def test_jf_appointment_needs_the_committee_and_a_passed_test(person, post, files, test, expected):
    target = post(P.FUNCTIONAL, functional_level=L.AHLI_PERTAMA)
    data = {"functional_route": "pengangkatan_pertama", "competency_test": test}
    findings = run(
        "appointment_functional",
        [(person(), target)],
        effective=TMT,
        data=data,
        files=files,
        stage="verification",
    )
    assert severity(findings, "competence") == expected


@pytest.mark.parametrize(
    ("on_list", "others", "files", "expected"),
    [
        (True, 2, ("selection_result",), None),
        (False, 3, ("selection_result",), "block"),
        (True, 3, ("selection_result",), "block"),  # four names: not a top three
        (True, 2, (), "block"),
    ],
)
def test_jpt_appointment_needs_the_panel_top_three(person, post, on_list, others, files, expected):
    employee = person(position=post(P.ADMINISTRATOR))
    shortlist = [f"19700101 199503 1 00{n}" for n in range(1, others + 1)]
    if on_list:
        shortlist.insert(1, employee.nip_display)
    findings = run(
        "appointment_jpt",
        [(employee, post(P.JPT_PRATAMA))],
        effective=TMT,
        data={"shortlist": shortlist},
        files=files,
    )
    assert severity(findings, "competence") == expected


@pytest.mark.parametrize(
    ("target", "held", "expected"),
    [
        (P.PENGAWAS, [], "warn"),
        (P.PENGAWAS, [Training.Kind.PKP], None),
        (P.PENGAWAS, [Training.Kind.PKA], None),  # a higher training counts
        (P.ADMINISTRATOR, [Training.Kind.PKP], "warn"),
        (P.JPT_PRATAMA, [Training.Kind.PKA, Training.Kind.TECHNICAL], "warn"),
        (P.JPT_PRATAMA, [Training.Kind.PKN_II], None),
        (P.PELAKSANA, [], None),
    ],
)
def test_leadership_training_for_the_post(person, post, target, held, expected):
    employee = person()
    for kind in held:
        Training.objects.create(
            employee=employee, kind=kind, name=kind, start=date(2020, 1, 1), end=date(2020, 3, 1)
        )
    findings = run("transfer", [(employee, post(target))], effective=TMT)
    assert severity(findings, "leadership_training") == expected


def test_missing_training_notes_the_obligation(person, post):
    [finding] = of_rule(
        run("appointment_structural", [(person(), post(P.ADMINISTRATOR))], effective=TMT),
        "leadership_training",
    )
    assert finding.facts == {"required": "pka", "held": [], "obligation_due": "2027-06-01"}
    assert not finding.justification_required


# Caps: 53 (up to ahli muda and the skilled levels), 55 (ahli madya), 60 (ahli utama from a
# JPT post), 63 (between ahli utama JFs). Born 10-04-1970: 56 on 10-04-2026.
@pytest.mark.parametrize(
    ("level", "current", "birth", "effective", "expected"),
    [
        (L.AHLI_MUDA, P.PELAKSANA, date(1973, 4, 10), date(2027, 4, 9), None),  # 53
        (L.AHLI_MUDA, P.PELAKSANA, date(1973, 4, 10), date(2027, 4, 10), "block"),  # 54
        (L.TERAMPIL, P.PELAKSANA, date(1973, 4, 10), date(2026, 4, 10), None),  # 53 on the birthday
        (L.AHLI_MADYA, P.ADMINISTRATOR, date(1971, 4, 10), date(2027, 4, 9), None),  # 55
        (L.AHLI_MADYA, P.ADMINISTRATOR, date(1971, 4, 10), date(2027, 4, 10), "block"),  # 56
        (L.AHLI_UTAMA, P.JPT_PRATAMA, date(1966, 4, 10), date(2027, 4, 9), None),  # 60
        (L.AHLI_UTAMA, P.JPT_PRATAMA, date(1966, 4, 10), date(2027, 4, 10), "block"),  # 61
    ],
)
def test_jf_transfer_age_caps(person, post, level, current, birth, effective, expected):
    employee = person(birth=birth, position=post(current))
    target = post(P.FUNCTIONAL, functional_level=level)
    findings = run(
        "appointment_functional",
        [(employee, target)],
        effective=effective,
        data={"functional_route": "perpindahan"},
    )
    assert severity(findings, "functional_age") == expected


@pytest.mark.parametrize(("effective", "expected"), [(date(2029, 4, 9), None), (date(2029, 4, 10), "block")])
def test_jf_age_cap_between_ahli_utama_posts_is_63(person, post, effective, expected):
    employee = person(birth=date(1965, 4, 10), position=post(P.FUNCTIONAL, functional_level=L.AHLI_UTAMA))
    target = post(P.FUNCTIONAL, functional_level=L.AHLI_UTAMA)
    findings = run(
        "appointment_functional",
        [(employee, target)],
        effective=effective,
        data={"functional_route": "perpindahan"},
    )
    assert severity(findings, "functional_age") == expected


def test_jf_age_cap_applies_to_a_transfer_into_a_jf_but_not_between_jfs(person, post):
    older = date(1960, 1, 1)
    into = run(
        "transfer", [(person(birth=older), post(P.FUNCTIONAL, functional_level=L.AHLI_MUDA))], effective=TMT
    )
    between = run(
        "transfer",
        [
            (
                person(birth=older, position=post(P.FUNCTIONAL, functional_level=L.AHLI_MUDA)),
                post(P.FUNCTIONAL, functional_level=L.AHLI_MUDA),
            )
        ],
        effective=TMT,
    )
    assert severity(into, "functional_age") == "block"
    assert severity(between, "functional_age") is None
