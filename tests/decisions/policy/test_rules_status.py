"""Rules 1-4 and 21: NIP, active status, retirement age and date, JPT age limit."""

from __future__ import annotations

from datetime import date

import pytest

from personnel.models import Employee, Position

from .helpers import of_rule, run, severity

P = Position.Kind


def test_a_malformed_nip_imported_around_the_validator_is_blocked(person, post):
    employee = person()
    Employee.objects.filter(pk=employee.pk).update(nip="19850412201003300")
    employee.refresh_from_db()
    findings = run("transfer", [(employee, post())], effective=date(2026, 6, 1))
    [finding] = of_rule(findings, "nip")
    assert finding.severity == "block"
    assert finding.facts["error"] == "nip_length"


def test_a_well_formed_nip_passes(person, post):
    assert severity(run("transfer", [(person(), post())], effective=date(2026, 6, 1)), "nip") is None


@pytest.mark.parametrize(
    ("status", "expected"),
    [(Employee.Status.ACTIVE, None), (Employee.Status.RETIRED, "block"), (Employee.Status.DECEASED, "block")],
)
def test_only_active_employees_can_be_moved(person, post, status, expected):
    employee = person(status=status)
    assert (
        severity(run("transfer", [(employee, post())], effective=date(2026, 6, 1)), "active_status")
        == expected
    )


# Born 20-05-1968, BUP 58: the BUP birthday is 20-05-2026, the TMT pensiun 01-06-2026.
@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        (date(2025, 5, 31), None),  # retirement a day more than 12 months away
        (date(2025, 6, 1), "warn"),  # exactly 12 months before the TMT pensiun
        (date(2026, 5, 20), "warn"),  # the BUP birthday itself: still in service
        (date(2026, 5, 31), "warn"),  # the last day in service
        (date(2026, 6, 1), "block"),  # the TMT pensiun
    ],
)
def test_retirement_age_boundaries(person, post, effective, expected):
    employee = person(birth=date(1968, 5, 20))
    findings = run("transfer", [(employee, post())], effective=effective)
    assert severity(findings, "retirement_age") == expected
    if expected:
        assert of_rule(findings, "retirement_age")[0].facts["retirement_date"] == "2026-06-01"


@pytest.mark.parametrize(("kind", "expected"), [(P.PELAKSANA, "block"), (P.JPT_PRATAMA, None)])
def test_the_retirement_age_follows_the_new_post(person, post, kind, expected):
    employee = person(birth=date(1968, 5, 20))  # BUP 60 in a JPT post: TMT 01-06-2028
    findings = run("transfer", [(employee, post(kind))], effective=date(2026, 6, 1))
    assert severity(findings, "retirement_age") == expected


# Born 10-04-1970: 56 on 10-04-2026, 57 on 10-04-2027.
@pytest.mark.parametrize(
    ("effective", "data", "expected"),
    [
        (date(2026, 4, 9), {}, None),
        (date(2026, 4, 10), {}, None),  # the 56th birthday: 56 is allowed
        (date(2027, 4, 9), {}, None),  # still 56
        (date(2027, 4, 10), {}, "block"),  # 57
        (date(2027, 4, 10), {"presidential_exception": {"number": "Kepres 12/2027"}}, None),
    ],
)
def test_jpt_age_limit_boundaries(person, post, effective, data, expected):
    employee = person(birth=date(1970, 4, 10), position=post(P.ADMINISTRATOR))
    findings = run("appointment_jpt", [(employee, post(P.JPT_PRATAMA))], effective=effective, data=data)
    assert severity(findings, "jpt_age") == expected


def test_jpt_age_limit_does_not_apply_to_a_rotation_between_jpt_posts(person, post):
    employee = person(birth=date(1965, 1, 1), position=post(P.JPT_PRATAMA))
    findings = run("transfer", [(employee, post(P.JPT_PRATAMA))], effective=date(2026, 6, 1))
    assert severity(findings, "jpt_age") is None


def test_jpt_age_finding_says_when_it_would_have_been_possible(person, post):
    employee = person(birth=date(1970, 4, 10), position=post(P.ADMINISTRATOR))
    [finding] = of_rule(
        run("appointment_jpt", [(employee, post(P.JPT_PRATAMA))], effective=date(2027, 5, 1)), "jpt_age"
    )
    assert finding.facts == {
        "birth_date": "1970-04-10",
        "age": 57,
        "max_age": 56,
        "effective_date": "2027-05-01",
    }
    assert "10-04-2027" in finding.fix


# Born 30-03-1967 (the SIASN record of domain.md §1e): BUP 58 on 30-03-2025, TMT 01-04-2025.
@pytest.mark.parametrize(
    ("kind", "effective", "expected"),
    [
        (P.PELAKSANA, date(2025, 4, 1), None),
        (P.PELAKSANA, date(2025, 3, 30), "block"),  # the birthday is not the TMT pensiun
        (P.PELAKSANA, date(2025, 3, 31), "block"),
        (P.PELAKSANA, date(2025, 5, 1), "block"),
        (P.JPT_PRATAMA, date(2027, 4, 1), None),  # BUP 60
        (P.JPT_PRATAMA, date(2025, 4, 1), "block"),
    ],
)
def test_bup_retirement_takes_effect_on_the_tmt_pensiun(person, post, kind, effective, expected):
    employee = person(birth=date(1967, 3, 30), position=post(kind))
    findings = run("dismissal_retirement", [employee], effective=effective)
    assert severity(findings, "bup_date") == expected


def test_a_wrong_bup_date_names_the_right_one_as_the_fix(person, post):
    employee = person(birth=date(1967, 3, 30))
    [finding] = of_rule(run("dismissal_retirement", [employee], effective=date(2025, 3, 30)), "bup_date")
    assert finding.facts["retirement_date"] == "2025-04-01"
    assert "01-04-2025" in finding.fix
