"""Issue 11 §2, the dates a legal officer checks: the election freeze judged on the act, the
Minister's approval dated before the act, no retroactive TMT, and no absurd dates -- rule by
rule, through the task service on a pinned clock, and through the API."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from decisions.attachments import store_attachment
from decisions.errors import Invalid
from decisions.models import ElectionPeriod
from decisions.policy import PolicyBlocked
from decisions.services import ItemInput, case_create, case_update
from personnel.models import ActingAssignment, Position, PositionHistory, SkpRating
from tests.api.helpers import small_pdf
from tests.factories import PositionFactory, UserFactory
from workflows.services import case_submit

from .helpers import of_rule, run, severity
from .test_gate import ROUTE, approve

P = Position.Kind
REASON = "Pemenuhan kebutuhan pejabat pengawas sesuai analisis beban kerja."
APPROVAL = {"minister_approval_number": "100.2.2.6/5531/OTDA"}


def at(day: date):
    """The clock stopped at 09:00 in the region on ``day``."""
    return time_machine.travel(
        datetime.combine(day, time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False
    )


@pytest.fixture
def pilkada(db):
    """An election whose freeze starts on 1 November 2026 (candidates set on 1 May 2027)."""
    return ElectionPeriod.objects.create(
        name="Pilkada 2027", candidates_set_on=date(2027, 5, 1), term_end=date(2027, 12, 31)
    )


# -- the election freeze, judged on the act -------------------------------------------------


@pytest.mark.parametrize(
    ("on", "stage", "tmt", "inside"),
    [
        (date(2026, 10, 20), "check", date(2026, 10, 26), None),  # both before the window
        (date(2026, 12, 3), "signing", date(2026, 10, 26), ["decided_on"]),  # the case
        (date(2026, 10, 20), "check", date(2026, 11, 2), ["effective_date"]),
        (date(2026, 12, 3), "signing", date(2026, 12, 4), ["decided_on", "effective_date"]),
    ],
)
def test_the_freeze_is_judged_on_the_signing_date_as_well_as_the_tmt(
    pilkada, person, post, on, stage, tmt, inside
):
    """UU 10/2016 Ps. 71 ayat (2) forbids *replacing* officials in the window: the act is the
    decree, so a section head's transfer signed on 03-12-2026 inside a window that opened on
    01-11-2026 is frozen even though its TMT, 26-10-2026, lies before the window."""
    official = person(position=post(P.PENGAWAS))
    findings = run("transfer", [(official, post(P.PENGAWAS))], effective=tmt, on=on, stage=stage)
    if inside is None:
        assert severity(findings, "election_freeze") is None
    else:
        [finding] = of_rule(findings, "election_freeze")
        assert (finding.severity, finding.facts["inside"]) == ("block", inside)
        assert finding.facts["decided_on"] == on.isoformat()


@pytest.mark.parametrize(
    ("approved_on", "expected"),
    [
        ("2026-12-01", "warn"),  # approved, reminded to report within seven working days
        ("2026-12-03", "warn"),  # the same day
        ("2026-12-05", "block"),  # dated after the act
    ],
)
def test_the_ministers_approval_must_be_dated_before_the_signing(
    pilkada, person, post, approved_on, expected
):
    """UU 10/2016 Ps. 71 ayat (2): the written approval allows the act, so it comes first;
    an approval dated after the signing is refused."""
    official = person(position=post(P.PENGAWAS))
    [finding] = of_rule(
        run(
            "transfer",
            [(official, post(P.PENGAWAS))],
            effective=date(2026, 12, 4),
            on=date(2026, 12, 3),
            stage="signing",
            data={**APPROVAL, "minister_approval_date": approved_on},
            files=("minister_approval",),
        ),
        "election_freeze",
    )
    assert finding.severity == expected
    assert ("report_by" in finding.facts) == (expected == "warn")


def test_an_acting_heads_approval_dated_after_the_signing_is_refused(region, person, post):
    """PP 49/2008 Ps. 132A: a Plt signs a transfer only with the Minister's prior approval."""
    head = PositionFactory(code="WALIKOTA", name="Wali Kota", unit=region, kind=P.REGIONAL_HEAD, is_head=True)
    user = UserFactory(username="plt_walikota", roles=["signer"])
    ActingAssignment.objects.create(
        position=head,
        kind="plt",
        user=user,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        decree_number="100.1.4.3-123 TAHUN 2025",
        decree_date=date(2025, 12, 20),
    )

    def sign(approved_on):
        return run(
            "transfer",
            [(person(), post())],
            effective=date(2026, 4, 1),
            on=date(2026, 3, 30),
            stage="signing",
            signer=user,
            data={**APPROVAL, "minister_approval_date": approved_on},
            files=("minister_approval",),
        )

    [late] = of_rule(sign("2026-03-31"), "acting_head_approval")
    assert late.severity == "block" and late.facts["approval"]["date"] == "2026-03-31"
    assert of_rule(sign("2026-03-27"), "acting_head_approval") == []


# -- no retroactive decisions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "tmt", "expected"),
    [
        ("transfer", date(2026, 3, 1), "block"),  # the day before the decision
        ("transfer", date(2026, 3, 2), None),  # the decision's own day
        ("dismissal_own_request", date(2026, 2, 1), "block"),
        ("dismissal_death", date(2026, 2, 14), None),  # the law: from the death
        ("dismissal_retirement", date(2026, 2, 1), None),  # the law: the TMT pensiun
    ],
)
def test_a_tmt_before_the_decision_is_retroactive_except_where_the_law_sets_it(person, kind, tmt, expected):
    """UU 30/2014 Ps. 58 ayat (6): a decision does not take effect retroactively; a dismissal
    on death (Peraturan BKN 3/2020 Ps. 13) and a retirement at its BUP (UU 20/2023 Ps. 55; PP
    11/2017 Ps. 239) take the date the law gives them."""
    findings = run(kind, [person()], effective=tmt, on=date(2026, 3, 2), data={"request_date": "2026-02-20"})
    assert severity(findings, "retroactive") == expected


def test_the_exempt_kinds_are_settings_with_their_basis(person, policy):
    """The list is data: a region whose legal office reads the law differently edits it."""
    policy(retroactive_allowed_kinds={})
    findings = run("dismissal_death", [person()], effective=date(2026, 2, 14), on=date(2026, 3, 2))
    [finding] = of_rule(findings, "retroactive")
    assert finding.facts == {"effective_date": "2026-02-14", "decided_on": "2026-03-02", "days_before": 16}
    assert finding.basis.startswith("UU 30/2014 Ps. 58 ayat (6)") and finding.override_roles == ()


# -- through the task service, on a pinned clock --------------------------------------------------


def _settled(city):
    """The subject in post since 2022 and rated good every year, whatever today is."""
    subject = city.subject
    subject.position_since = date(2022, 1, 3)
    subject.save(update_fields=["position_since"])
    PositionHistory.objects.filter(employee=subject).update(start=subject.position_since)
    SkpRating.objects.filter(employee=subject).delete()
    SkpRating.objects.bulk_create(
        SkpRating(employee=subject, year=y, rating="baik") for y in range(2020, 2028)
    )


def _transfer(city, tmt, **data):
    return case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=tmt,
        reason=REASON,
        data=data,
    )


def test_a_transfer_approved_before_the_window_is_frozen_at_its_signing(city, pilkada, policy):
    """The issue's case end to end: TMT 26-10-2026, approved in October, signed on 03-12-2026
    inside the window (UU 10/2016 Ps. 71 ayat (2)) -- and by then retroactive too (UU 30/2014
    Ps. 58 ayat (6)): the signing gate re-evaluates both on the signing date."""
    _settled(city)
    policy(election_freeze_position_codes=[city.target.code])  # the new post heads a team
    with at(date(2026, 10, 20)):
        case = case_submit(case_id=_transfer(city, date(2026, 10, 26)).pk, actor=city.clerk)
        for stage, persona in ROUTE[:-1]:
            case = approve(city, case, stage, persona)
    with at(date(2026, 12, 3)), pytest.raises(PolicyBlocked) as raised:
        approve(city, case, "signing", "walikota")
    assert sorted(raised.value.extra["unresolved"]) == ["election_freeze", "retroactive"]
    freeze = next(f for f in raised.value.extra["findings"] if f["rule"] == "election_freeze")
    assert freeze["facts"]["inside"] == ["decided_on"] and "03-12-2026" in freeze["message"]


def test_signing_before_the_ministers_approval_is_refused_by_the_service(city, pilkada, policy):
    """An approval dated 05-12-2026 does not cover a signing on 04-12-2026."""
    _settled(city)
    policy(election_freeze_position_codes=[city.target.code])
    with at(date(2026, 12, 1)):
        draft = _transfer(city, date(2026, 12, 14), **APPROVAL, minister_approval_date="2026-12-05")
        store_attachment(
            case=draft, actor=city.clerk, kind="minister_approval", name="izin.pdf", content=small_pdf()
        )
        with pytest.raises(PolicyBlocked) as raised:
            case_submit(case_id=draft.pk, actor=city.clerk)
    [late] = [f for f in raised.value.extra["findings"] if f["rule"] == "election_freeze"]
    assert late["severity"] == "block" and late["facts"]["approval"]["date"] == "2026-12-05"


def test_a_retroactive_submission_is_blocked_with_the_reason(city):
    """UU 30/2014 Ps. 58 ayat (6), at the first gate: a TMT of yesterday."""
    _settled(city)
    with at(date(2026, 12, 2)):
        draft = _transfer(city, date(2026, 12, 1))
        with pytest.raises(PolicyBlocked) as raised:
            case_submit(case_id=draft.pk, actor=city.clerk)
    assert raised.value.extra["unresolved"] == ["retroactive"]


# -- dates out of any sane range: refused, in Indonesian, by the service, the API and the form ---


@pytest.mark.parametrize("tmt", [date(1900, 1, 1), date(2010, 12, 31), date(9999, 12, 31), date(2028, 12, 3)])
def test_dates_no_decision_can_have_are_refused_by_the_service(city, tmt):
    """Issue 12 §4: a TMT before the employee's TMT CPNS (01-01-2011) or more than two years
    ahead (SAHIH_POLICY effective_date_max_years_ahead) is a typing error, not a decision."""
    with at(date(2026, 12, 2)), pytest.raises(Invalid) as raised:
        _transfer(city, tmt)
    assert raised.value.code == "effective_date_out_of_range"
    assert set(raised.value.fields) == {"effective_date"}


def test_the_latest_date_allowed_is_two_years_ahead(city):
    with at(date(2026, 12, 2)):
        assert _transfer(city, date(2028, 12, 2)).effective_date == date(2028, 12, 2)


def test_a_draft_cannot_be_changed_to_an_absurd_date(city):
    with at(date(2026, 12, 2)):
        draft = _transfer(city, date(2027, 1, 4))
        with pytest.raises(Invalid) as raised:
            case_update(case=draft, actor=city.clerk, effective_date=date(9999, 12, 31))
    assert raised.value.code == "effective_date_out_of_range"
    draft.refresh_from_db()
    assert draft.effective_date == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("tmt", "words"),
    [("1900-01-01", "sebelum TMT CPNS"), ("9999-12-31", "lebih dari 2 tahun ke depan")],
)
def test_the_api_refuses_absurd_dates_in_indonesian(api, city, tmt, words):
    """POST /api/cases/, PATCH /api/cases/{id}/ and POST /api/policy/check/ all answer 400
    with the message on the effective_date field."""
    client = api(city.clerk)
    body = {
        "kind": "transfer",
        "employee": city.subject.nip_display,
        "target_position": city.target.code,
        "effective_date": tmt,
        "reason": REASON,
    }
    with at(date(2026, 12, 2)):
        created = client.post("/api/cases/", body, format="json", HTTP_ACCEPT_LANGUAGE="id")
        draft = client.post("/api/cases/", {**body, "effective_date": "2027-01-04"}, format="json")
        patched = client.patch(f"/api/cases/{draft.json()['id']}/", {"effective_date": tmt}, format="json")
        checked = client.post(
            "/api/policy/check/",
            {
                "kind": "transfer",
                "effective_date": tmt,
                "items": [{"employee": city.subject.nip, "target_position": city.target.code}],
            },
            format="json",
        )
    for response in (created, patched, checked):
        assert response.status_code == 400, response.json()
        assert words in response.json()["fields"]["effective_date"][0]


def test_the_request_form_shows_the_date_error_next_to_the_date(client, city):
    client.force_login(city.clerk)
    with at(date(2026, 12, 2)):
        response = client.post(
            "/cases/new/",
            {
                "kind": "transfer",
                "employee": city.subject.nip_display,
                "target_position": city.target.pk,
                "effective_date": "9999-12-31",
                "reason": REASON,
                "attachment_kind": "request_letter",
            },
        )
    assert response.status_code == 400
    assert "lebih dari 2 tahun ke depan" in response.context["form"].errors["effective_date"][0]


def test_the_live_check_judges_the_freeze_the_approval_and_the_tmt_on_todays_date(api, city, pilkada, policy):
    """POST /api/policy/check/ on 03-12-2026, inside the window that opened on 01-11-2026: the
    freeze (UU 10/2016 Ps. 71 ayat (2)), an approval dated after today, a retroactive TMT (UU
    30/2014 Ps. 58 ayat (6))."""
    _settled(city)
    policy(election_freeze_position_codes=[city.target.code])

    def check(tmt, **data):
        body = {
            "kind": "transfer",
            "effective_date": tmt,
            "items": [{"employee": city.subject.nip, "target_position": city.target.code}],
            "data": data,
            "attachment_kinds": ["minister_approval"] if data else [],
        }
        with at(date(2026, 12, 3)):
            response = api(city.clerk).post("/api/policy/check/", body, format="json")
        assert response.status_code == 200, response.json()
        return {f["rule"]: f for f in response.json()["findings"]}

    found = check("2026-12-14")
    assert found["election_freeze"]["severity"] == "block"
    assert found["election_freeze"]["facts"]["inside"] == ["decided_on", "effective_date"]
    late = check("2026-12-14", **APPROVAL, minister_approval_date="2026-12-10")["election_freeze"]
    assert late["severity"] == "block" and late["facts"]["approval"]["date"] == "2026-12-10"
    assert (
        check("2026-12-14", **APPROVAL, minister_approval_date="2026-12-01")["election_freeze"]["severity"]
        == "warn"
    )
    assert check("2026-10-26")["retroactive"]["facts"]["days_before"] == 38
