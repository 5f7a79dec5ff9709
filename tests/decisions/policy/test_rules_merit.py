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
    assert finding.facts == {
        "years": [2024, 2025],
        "missing": [2025],
        "below_good": [2024],
        "decided_on": "2026-03-02",
    }


def rated(person, ratings: dict):
    employee = person(good_ratings=False)
    SkpRating.objects.bulk_create(SkpRating(employee=employee, year=y, rating=r) for y, r in ratings.items())
    return employee


@pytest.mark.parametrize("on", [date(2026, 12, 2), date(2026, 12, 31)])
def test_a_january_tmt_decided_in_december_needs_only_the_ratings_already_set(person, post, on):
    """A decision taken in December about a TMT in January needs the ratings already set on
    the decision date (PermenPANRB 6/2022, evaluasi kinerja tahunan; PP 11/2017 Ps. 54):
    2024 and 2025 -- never a 2026 rating that cannot exist yet."""
    employee = rated(person, {2024: R.GOOD, 2025: R.GOOD})
    findings = run("transfer", [(employee, post())], effective=date(2027, 1, 4), on=on)
    assert of_rule(findings, "performance") == []


def test_the_deadline_day_itself_is_still_inside_the_grace_period(person, post):
    """On 31 January the previous year's rating may still be set that day: a warning."""
    employee = rated(person, {2023: R.GOOD, 2024: R.GOOD})
    [finding] = of_rule(
        run("transfer", [(employee, post())], effective=TMT, on=date(2026, 1, 31)), "performance"
    )
    assert finding.severity == "warn" and finding.facts["years"] == [2023, 2024]


def test_a_rating_inside_its_grace_period_warns_and_asks_for_a_justification(person, post):
    """Until the annual rating's deadline (31 January, SAHIH_POLICY skp_rating_due; PermenPANRB
    6/2022) a missing rating of the year just ended is a warning to justify in writing; the
    fix never asks for a rating that cannot be recorded yet."""
    employee = rated(person, {2024: R.GOOD, 2025: R.VERY_GOOD})
    [finding] = of_rule(
        run("transfer", [(employee, post())], effective=TMT, on=date(2027, 1, 15)), "performance"
    )
    assert (finding.severity, finding.justification_required) == ("warn", True)
    assert finding.facts == {
        "years": [2024, 2025],
        "missing": [],
        "below_good": [],
        "decided_on": "2027-01-15",
        "pending": 2026,
        "pending_due": "2027-01-31",
    }
    assert "31-01-2027" in finding.fix and "2026" in finding.message


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ({2025: R.GOOD, 2026: R.GOOD}, None),  # the fresh rating counts: 2024 is not asked for
        ({2024: R.GOOD, 2025: R.GOOD, 2026: R.NEEDS_IMPROVEMENT}, "block"),
        ({2024: R.POOR, 2025: R.GOOD, 2026: R.GOOD}, None),
    ],
)
def test_a_rating_set_before_its_deadline_counts_good_or_bad(person, post, ratings, expected):
    """A rating of the year just ended that is already recorded is the latest one: below good
    it blocks (PP 11/2017 Ps. 54; Peraturan BKN 5/2019)."""
    employee = rated(person, ratings)
    findings = run("transfer", [(employee, post())], effective=TMT, on=date(2027, 1, 10))
    assert severity(findings, "performance") == expected


def test_after_the_deadline_a_missing_rating_blocks_and_names_its_due_date(person, post):
    """From 1 February the previous year's rating must be set (PermenPANRB 6/2022): missing,
    it blocks, and the fix says since when it was due."""
    employee = rated(person, {2024: R.GOOD, 2025: R.GOOD})
    [finding] = of_rule(
        run("transfer", [(employee, post())], effective=TMT, on=date(2027, 2, 1)), "performance"
    )
    assert finding.severity == "block"
    assert finding.facts["missing"] == [2026] and finding.facts["years"] == [2025, 2026]
    assert "31-01-2027" in finding.fix


def test_a_leap_day_decision_reads_the_ratings_of_the_two_years_before(person, post):
    """29 February 2028: the 2027 rating is past its deadline and needed with 2026."""
    employee = rated(person, {2026: R.GOOD, 2027: R.GOOD})
    findings = run("transfer", [(employee, post())], effective=date(2028, 3, 1), on=date(2028, 2, 29))
    assert severity(findings, "performance") is None


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
