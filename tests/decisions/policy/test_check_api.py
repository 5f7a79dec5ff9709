"""POST /api/policy/check/: the live check while a clerk fills in a request."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import Event
from decisions.models import Case, RuleEvaluation, RuleOverride
from personnel.models import DisciplinarySanction, PositionHistory
from tests.factories import EmployeeFactory, PositionFactory

URL = "/api/policy/check/"
FINDING_FIELDS = {
    "key",
    "rule",
    "severity",
    "title",
    "message",
    "facts",
    "basis",
    "fix",
    "item",
    "override_roles",
    "justification_required",
}


def body(city, *, items=None, **extra):
    return {
        "kind": "transfer",
        "effective_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "items": items or [{"employee": city.subject.nip_display, "target_position": city.target.code}],
        "data": {},
        **extra,
    }


def fresh(user):
    """The user as a new request would load it (no permission cache carried over)."""
    return get_user_model().objects.get(pk=user.pk)


def test_a_clean_request_has_no_findings(api, city):
    response = api(city.clerk).post(URL, body(city), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["findings"] == []
    assert len(response.json()["version"]) == 12


def test_findings_explain_themselves(api, city):
    since = timezone.localdate() - timedelta(days=400)
    city.subject.position_since = since
    city.subject.save(update_fields=["position_since"])
    response = api(city.clerk).post(URL, body(city), format="json")
    assert response.status_code == 200
    [finding] = response.json()["findings"]
    assert set(finding) == FINDING_FIELDS
    assert (finding["key"], finding["severity"], finding["item"]) == ("time_in_post#1", "warn", 1)
    assert finding["justification_required"] is True
    assert finding["facts"]["position_since"] == since.isoformat()
    assert finding["basis"].startswith("Peraturan BKN 5/2019")
    assert finding["override_roles"] == ["official", "signer"]


def test_the_check_is_a_dry_run(api, city):
    DisciplinarySanction.objects.create(
        employee=city.subject, level="sedang", kind="pemotongan_tukin", start=date(2025, 1, 1), end=None
    )
    counts = [
        Case.objects.count(),
        RuleEvaluation.objects.count(),
        RuleOverride.objects.count(),
        Event.objects.count(),
    ]
    with CaptureQueriesContext(connection) as queries:
        response = api(city.clerk).post(URL, body(city), format="json")
    assert response.status_code == 200
    assert [f["rule"] for f in response.json()["findings"]] == ["discipline"]
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert counts == [
        Case.objects.count(),
        RuleEvaluation.objects.count(),
        RuleOverride.objects.count(),
        Event.objects.count(),
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            {"items": [{"employee": "19990101 202001 1 001", "target_position": "BPKAD-PLO1"}]},
            "unknown_employee",
        ),
        ({"kind": "promotion"}, None),
        ({"effective_date": "31-12-2026"}, None),
        ({"items": []}, None),
    ],
)
def test_bad_requests_are_refused_with_400(api, city, change, code):
    response = api(city.clerk).post(URL, {**body(city), **change}, format="json")
    assert response.status_code == 400
    if code:
        assert response.json()["code"] == code


def test_an_unknown_position_is_a_400(api, city):
    items = [{"employee": city.subject.nip, "target_position": "NOPE"}]
    response = api(city.clerk).post(URL, body(city, items=items), format="json")
    assert (response.status_code, response.json()["code"]) == (400, "unknown_position")


@pytest.mark.parametrize(("persona", "code"), [("outsider", "outside_unit"), ("verifier", "not_clerk")])
def test_only_clerks_who_may_propose_it_may_check_it(api, city, persona, code):
    response = api(getattr(city, persona)).post(URL, body(city), format="json")
    assert (response.status_code, response.json()["code"]) == (403, code)


def test_a_bkpsdm_clerk_may_check_any_unit(api, city):
    assert api(city.agency_clerk).post(URL, body(city), format="json").status_code == 200


def test_anonymous_users_may_not_check(api, city):
    assert api().post(URL, body(city), format="json").status_code in (401, 403)


def _grow_registry(city, n):
    """``n`` more employees in their own posts, each with a history, SKPs and a sanction."""
    for _ in range(n):
        employee = EmployeeFactory(
            position=PositionFactory(unit=city.dishub), position_since=date(2019, 5, 2)
        )
        PositionHistory.objects.create(
            employee=employee, position=city.target, start=date(2012, 1, 1), end=date(2019, 5, 1)
        )
        DisciplinarySanction.objects.create(
            employee=employee,
            level="ringan",
            kind="teguran_lisan",
            start=date(2020, 1, 1),
            end=date(2020, 1, 1),
        )


def _count(api, city, request_body) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api(fresh(city.clerk)).post(URL, request_body, format="json")
    assert response.status_code == 200, response.json()
    return len(queries.captured_queries)


QUERY_PIN = 18  # measured: 18 (user, registry reads, parameters, facts)


def test_one_check_costs_the_same_queries_whatever_the_registry_size(
    api, city, django_assert_max_num_queries
):
    _grow_registry(city, 5)
    small = _count(api, city, body(city))
    _grow_registry(city, 195)
    large = _count(api, city, body(city))
    assert small == large
    with django_assert_max_num_queries(QUERY_PIN):
        api(fresh(city.clerk)).post(URL, body(city), format="json")


def test_one_check_costs_the_same_queries_whatever_the_number_of_items(api, city):
    movers = [EmployeeFactory(position=PositionFactory(unit=city.dishub)) for _ in range(10)]
    targets = [PositionFactory(unit=city.bpkad, capacity=3) for _ in range(10)]
    one = _count(
        api, city, body(city, items=[{"employee": movers[0].nip, "target_position": targets[0].code}])
    )
    ten = _count(
        api,
        city,
        body(
            city,
            items=[
                {"employee": m.nip, "target_position": t.code} for m, t in zip(movers, targets, strict=True)
            ],
        ),
    )
    assert one == ten


def test_one_employee_named_twice_in_a_request_would_hold_two_posts(api, city):
    second = PositionFactory(
        unit=city.bpkad, code="BPKAD-JF1", kind="fungsional", functional_level="ahli_pertama"
    )
    items = [
        {"employee": city.subject.nip, "target_position": city.target.code},
        {"employee": city.subject.nip_display, "target_position": second.code},
    ]
    response = api(city.clerk).post(URL, body(city, items=items), format="json")
    assert response.status_code == 200
    keys = [f["key"] for f in response.json()["findings"] if f["rule"] == "concurrent_posts"]
    assert keys == ["concurrent_posts#2"]
