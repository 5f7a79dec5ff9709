"""Rule 13: the election freeze, and the acting head's need for the Minister's approval."""

from __future__ import annotations

from datetime import date

import pytest

from decisions.models import ElectionPeriod
from decisions.policy.engine import parameters
from decisions.policy.rules.election import freeze_windows
from personnel.models import ActingAssignment, Position, PublicHoliday
from tests.factories import PositionFactory, UserFactory

from .helpers import of_rule, run, severity

P = Position.Kind
APPROVAL = {"minister_approval_number": "100.2.2.6/4321/OTDA", "minister_approval_date": "2024-08-01"}


@pytest.fixture
def election(db):
    # 2024: candidates set on 22-09-2024 (SE Mendagri 100.2.1.3/1575/SJ: freeze from 22-03-2024).
    return ElectionPeriod.objects.create(
        name="Pilkada 2024",
        candidates_set_on=date(2024, 9, 22),
        term_end=date(2025, 2, 19),
        inauguration_on=date(2025, 2, 20),
    )


def test_the_windows_of_the_2024_election(election):
    assert freeze_windows(election, parameters()) == [
        ("before_election", date(2024, 3, 22), date(2025, 2, 19)),
        ("after_inauguration", date(2025, 2, 20), date(2025, 8, 19)),
    ]


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        (date(2024, 3, 21), None),
        (date(2024, 3, 22), "block"),  # first day: six months before the candidates are set
        (date(2025, 2, 19), "block"),  # last day of the term
        (date(2025, 2, 20), "block"),  # the inauguration
        (date(2025, 8, 19), "block"),  # last day of the six months after it
        (date(2025, 8, 20), None),
    ],
)
def test_replacing_an_official_in_the_window_is_blocked(election, person, post, effective, expected):
    official = person(position=post(P.ADMINISTRATOR))
    findings = run("transfer", [(official, post(P.ADMINISTRATOR))], effective=effective)
    assert severity(findings, "election_freeze") == expected


@pytest.mark.parametrize(
    ("current", "target", "codes", "expected"),
    [
        (P.PELAKSANA, P.PELAKSANA, [], None),  # not an official
        (P.PENGAWAS, P.PELAKSANA, [], "block"),  # moved out of a structural post
        (P.PELAKSANA, P.JPT_PRATAMA, [], "block"),
        (P.PELAKSANA, P.FUNCTIONAL, ["PUSKESMAS-KEPALA"], "block"),  # JF with a leadership task
        (P.PELAKSANA, P.FUNCTIONAL, [], None),
    ],
)
def test_who_counts_as_an_official(election, person, post, policy, current, target, codes, expected):
    policy(election_freeze_position_codes=codes)
    level = Position.FunctionalLevel.AHLI_MUDA if target == P.FUNCTIONAL else ""
    code = "PUSKESMAS-KEPALA" if target == P.FUNCTIONAL else None
    target_post = post(target, functional_level=level, **({"code": code} if code else {}))
    findings = run("transfer", [(person(position=post(current)), target_post)], effective=date(2024, 8, 15))
    assert severity(findings, "election_freeze") == expected


@pytest.mark.parametrize(
    ("data", "files", "expected"),
    [
        (APPROVAL, ("minister_approval",), "warn"),
        (APPROVAL, (), "block"),  # the scan is missing
        ({"minister_approval_number": "100.2.2.6/4321/OTDA"}, ("minister_approval",), "block"),  # no date
    ],
)
def test_the_ministers_approval_lifts_the_block(election, person, post, data, files, expected):
    official = person(position=post(P.PENGAWAS))
    findings = run(
        "transfer", [(official, post(P.PENGAWAS))], effective=date(2024, 8, 15), data=data, files=files
    )
    assert severity(findings, "election_freeze") == expected


def test_approved_replacement_is_reported_within_seven_working_days(election, person, post):
    PublicHoliday.objects.create(date=date(2024, 8, 19), name="Cuti bersama")
    official = person(position=post(P.PENGAWAS))
    findings = run(
        "transfer",
        [(official, post(P.PENGAWAS))],
        effective=date(2024, 8, 15),
        data=APPROVAL,
        files=("minister_approval",),
    )
    [finding] = of_rule(findings, "election_freeze")
    # Thursday 15-08: Fri 16, (Mon 19 off), 20, 21, 22, 23, 26, 27.
    assert finding.facts["report_by"] == "2024-08-27"
    assert finding.facts["window"] == "before_election"
    assert finding.facts["approval"] == {"number": "100.2.2.6/4321/OTDA", "date": "2024-08-01"}


def test_the_freeze_lists_every_official_of_a_collective_case_once(election, person, post):
    items = [(person(position=post(P.PENGAWAS)), post(P.PENGAWAS)) for _ in range(3)] + [(person(), post())]
    [finding] = of_rule(run("transfer", items, effective=date(2024, 8, 15)), "election_freeze")
    assert finding.item is None
    assert finding.facts["items"] == [1, 2, 3]
    assert finding.override_roles == ()  # nobody overrides the law


@pytest.fixture
def acting_signer(region):
    head = PositionFactory(code="WALIKOTA", name="Wali Kota", unit=region, kind=P.REGIONAL_HEAD, is_head=True)
    user = UserFactory(username="plt_walikota", roles=["signer"])
    ActingAssignment.objects.create(
        position=head,
        kind=ActingAssignment.Kind.PLT,
        user=user,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        decree_number="100.1.4.3-123 TAHUN 2025",
        decree_date=date(2025, 12, 20),
    )
    return user


@pytest.mark.parametrize(
    ("stage", "data", "files", "expected"),
    [
        ("signing", {}, (), "block"),
        ("signing", APPROVAL, ("minister_approval",), None),
        ("verification", {}, (), None),  # the signer is known only at signing
    ],
)
def test_an_acting_head_signs_transfers_only_with_the_ministers_approval(
    acting_signer, person, post, stage, data, files, expected
):
    findings = run(
        "transfer",
        [(person(), post())],
        effective=date(2026, 4, 1),
        stage=stage,
        signer=acting_signer,
        data=data,
        files=files,
    )
    assert severity(findings, "acting_head_approval") == expected
    assert severity(findings, "signer_authority") is None
