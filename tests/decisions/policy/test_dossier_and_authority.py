"""Rules 18, 19, 23, 26: the inter-region file, the pertek, signer authority, regional caps."""

from __future__ import annotations

from datetime import date

import pytest

from decisions.policy.engine import configured
from personnel.models import ActingAssignment, ElectedTerm, OrgUnit, Position
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory

from .helpers import TODAY, of_rule, run, severity

P = Position.Kind
FULL_FILE = (
    "request_letter",
    "consent_letter",
    "release_letter",
    "job_analysis",
    "clearance",
    "no_discipline",
    "no_study_leave",
    "skp",
    "skp",
)


@pytest.mark.parametrize(
    ("files", "data", "expected"),
    [
        (FULL_FILE, {"final_issuer": "gubernur", "destination_province": "Sumatera Utara"}, None),
        (FULL_FILE, {"final_issuer": "mendagri", "destination_province": "Aceh"}, None),
        (FULL_FILE, {"final_issuer": "gubernur"}, None),  # province not given: not checked
        (FULL_FILE, {"final_issuer": "gubernur", "destination_province": "Aceh"}, "block"),
        (FULL_FILE, {}, "block"),  # issuer not chosen
        (FULL_FILE[:-1], {"final_issuer": "gubernur"}, "block"),  # one SKP only
    ],
)
def test_the_file_of_a_transfer_out(person, files, data, expected):
    findings = run("transfer_out", [person()], effective=date(2026, 6, 1), files=files, data=data)
    assert severity(findings, "external_file") == expected


def test_an_incomplete_file_lists_what_is_missing(person):
    [finding] = of_rule(
        run(
            "transfer_in", [person()], effective=date(2026, 6, 1), files=("skp",), data={"final_issuer": "x"}
        ),
        "external_file",
    )
    assert finding.facts["missing"] == {
        "request_letter": 1,
        "consent_letter": 1,
        "release_letter": 1,
        "job_analysis": 1,
        "clearance": 1,
        "no_discipline": 1,
        "no_study_leave": 1,
        "skp": 1,
    }
    assert finding.facts["final_issuer"] == "x"


@pytest.mark.parametrize(
    ("kind", "stage", "data", "expected"),
    [
        ("appointment_structural", "signing", {}, "block"),
        (
            "appointment_structural",
            "signing",
            {"pertek_number": "PT-0412/2026", "pertek_date": "2026-03-02"},
            None,
        ),
        (
            "appointment_structural",
            "signing",
            {"pertek_number": "PT-0412/2026", "pertek_date": "2026-03-03"},
            "block",
        ),
        ("appointment_structural", "signing", {"pertek_number": "", "pertek_date": "2026-03-01"}, "block"),
        ("appointment_structural", "secretary", {}, None),  # only the signing gate asks
        ("dismissal_retirement", "signing", {}, "block"),
        ("transfer", "signing", {}, None),  # not by default
    ],
)
def test_the_pertek_is_recorded_before_signing(person, post, kind, stage, data, expected):
    item = person() if kind == "dismissal_retirement" else (person(), post(P.PENGAWAS))
    assert (
        severity(run(kind, [item], effective=date(2026, 6, 1), stage=stage, data=data), "pertek") == expected
    )


def test_regions_on_i_mut_ask_the_pertek_for_internal_transfers_too(person, post, policy, settings):
    policy(pertek_required_kinds=[*configured()["pertek_required_kinds"], "transfer"])
    findings = run("transfer", [(person(), post())], effective=date(2026, 6, 1), stage="signing")
    assert severity(findings, "pertek") == "block"


@pytest.fixture
def head_post(region):
    return PositionFactory(code="WALIKOTA", name="Wali Kota", unit=region, kind=P.REGIONAL_HEAD, is_head=True)


def _acting(head_post, kind, start, end):
    user = UserFactory(username=f"{kind}_{start:%Y%m%d}", roles=["signer"])
    ActingAssignment.objects.create(
        position=head_post,
        kind=kind,
        user=user,
        start=start,
        end=end,
        decree_number="800/1/2026",
        decree_date=start,
    )
    return user


def _sign(signer, employee, target, kind="transfer"):
    data = {"pertek_number": "PT-1", "pertek_date": "2026-03-01"}
    return run(
        kind, [(employee, target)], effective=date(2026, 6, 1), stage="signing", signer=signer, data=data
    )


@pytest.mark.parametrize(
    ("inaugurated", "term_end", "expected"),
    [
        (date(2021, 2, 26), date(2026, 3, 2), None),  # the last day of the term
        (date(2021, 2, 26), date(2026, 3, 1), "block"),  # the term ended yesterday
        (date(2026, 3, 2), date(2031, 3, 2), None),  # inaugurated today
    ],
)
def test_the_regional_head_in_office_may_sign(head_post, person, post, inaugurated, term_end, expected):
    user = UserFactory(username="walikota", roles=["signer"])
    ElectedTerm.objects.create(
        position=head_post, full_name="Ahmad Fauzi", user=user, inaugurated_on=inaugurated, term_end=term_end
    )
    assert severity(_sign(user, person(), post()), "signer_authority") == expected


@pytest.mark.parametrize(
    ("kind", "start", "end", "may_sign", "expected"),
    [
        (ActingAssignment.Kind.PLT, date(2026, 1, 1), date(2026, 3, 2), ["plt", "plh"], None),
        (ActingAssignment.Kind.PLT, date(2026, 1, 1), date(2026, 3, 1), ["plt", "plh"], "block"),  # expired
        (ActingAssignment.Kind.PLT, date(2026, 3, 3), date(2026, 6, 1), ["plt", "plh"], "block"),  # not yet
        (ActingAssignment.Kind.PLH, date(2026, 3, 1), date(2026, 3, 5), ["plt", "plh"], None),
        (ActingAssignment.Kind.PLH, date(2026, 3, 1), date(2026, 3, 5), ["plt"], "block"),
    ],
)
def test_an_acting_official_signs_while_the_decree_runs(
    head_post, person, post, policy, kind, start, end, may_sign, expected
):
    policy(acting_may_sign=may_sign)
    signer = _acting(head_post, kind, start, end)
    assert severity(_sign(signer, person(), post()), "signer_authority") == expected


def test_an_expired_acting_decree_is_named_in_the_finding(head_post, person, post):
    signer = _acting(head_post, ActingAssignment.Kind.PLT, date(2025, 9, 1), date(2026, 2, 28))
    [finding] = of_rule(_sign(signer, person(), post()), "signer_authority")
    assert finding.facts["acting"] == {
        "kind": "plt",
        "decree": "800/1/2026",
        "start": "2025-09-01",
        "end": "2026-02-28",
    }
    assert finding.facts["signing_date"] == TODAY.isoformat()
    assert finding.override_roles == ()


@pytest.mark.parametrize(("kind", "expected"), [("transfer", None), ("appointment_structural", "block")])
def test_a_delegate_named_in_the_settings_signs_the_kinds_delegated(
    head_post, region, person, post, policy, kind, expected
):
    policy(signing_delegates=[{"position": "SEKDA", "kinds": ["transfer"], "decree": "Perwali 12/2025"}])
    setda = OrgUnitFactory(
        code="SETDA", name="Sekretariat Daerah", kind=OrgUnit.Kind.SECRETARIAT, parent=region
    )
    user = UserFactory(username="sekda", roles=["official"])
    EmployeeFactory(
        position=PositionFactory(code="SEKDA", unit=setda, kind=P.JPT_PRATAMA, is_head=True), user=user
    )
    target = post(P.PENGAWAS) if kind != "transfer" else post()
    assert severity(_sign(user, person(), target, kind=kind), "signer_authority") == expected


def test_anyone_else_may_not_sign(head_post, person, post):
    clerk = UserFactory(username="someone", roles=["signer"])
    assert severity(_sign(clerk, person(), post()), "signer_authority") == "block"


@pytest.mark.parametrize(
    ("caps", "birth", "rank", "expected"),
    [
        ({}, date(1960, 1, 1), 34, None),  # off by default
        ({"max_age": 40}, date(1985, 6, 2), 32, None),  # 40 on the effective date
        ({"max_age": 40}, date(1985, 6, 1), 32, "block"),  # 41 on it
        ({"max_age": 40, "exempt_units": ["DISHUB"]}, date(1960, 1, 1), 32, None),
        ({"max_rank": 33}, date(1985, 1, 1), 33, None),
        ({"max_rank": 33}, date(1985, 1, 1), 34, "block"),
        ({"max_rank": 33, "severity": "warn"}, date(1985, 1, 1), 34, "warn"),
    ],
)
def test_regional_caps_on_incoming_transfers(person, post, policy, settings, caps, birth, rank, expected):
    policy(incoming_transfer_caps={**configured()["incoming_transfer_caps"], **caps})
    employee = person(birth=birth, rank_code=rank, position=None, position_since=None)
    findings = run("transfer_in", [(employee, post())], effective=date(2026, 6, 1))
    assert severity(findings, "regional_caps") == expected
