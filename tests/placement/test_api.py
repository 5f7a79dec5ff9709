"""/api/placement/ for every persona: scoped like cases, in the OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from decisions.models import Case

from ..factories import UserFactory


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def _urls(placement):
    return {
        "map": "/api/placement/map/?unit=BPKAD",
        "candidates": f"/api/placement/positions/{placement.vacancy.pk}/candidates/",
        "check": f"/api/placement/positions/{placement.vacancy.pk}/candidates/{placement.sanctioned.nip}/",
        "vacancies": f"/api/placement/employees/{placement.fit.nip}/vacancies/",
        "talent": "/api/placement/talent/?unit=BPKAD",
        "skp": "/api/placement/skp/?unit=BPKAD",
    }


@pytest.mark.parametrize("endpoint", ["map", "candidates", "check", "vacancies", "talent", "skp"])
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agency_clerk", 200), ("head_bpkad", 200), ("inspector", 200), ("outsider", 404)],
)
def test_reading_is_scoped_like_cases(api, placement, endpoint, persona, expected):
    response = api(getattr(placement.city, persona)).get(_urls(placement)[endpoint])
    assert response.status_code == expected


def test_anonymous_and_unit_less_users_are_refused(placement):
    assert APIClient().get("/api/placement/map/").status_code == 401
    client = APIClient()
    client.force_authenticate(UserFactory(username="tamu", roles=["clerk"]))
    assert client.get("/api/placement/map/").status_code == 403


def test_the_candidates_carry_the_score_factors_and_the_exclusion_reasons(api, placement):
    body = api(placement.city.agency_clerk).get(_urls(placement)["candidates"]).json()
    first = body["candidates"][0]
    assert first["employee"]["nip"] == placement.fit.nip
    assert len(first["score"]["factors"]) == 7 and first["score"]["version"] == body["score_version"]
    excluded = {row["employee"]["nip"]: row["blocks"] for row in body["excluded"]}
    assert excluded[placement.sanctioned.nip][0]["rule"] == "discipline"
    counts = {row["rule"]: row["count"] for row in body["exclusions"]}
    assert counts["discipline"] >= 1 and counts["education"] >= 1
    assert body["top"] == 20 and body["unchecked"] == 0


def test_one_employee_is_checked_with_every_finding_or_the_score(api, placement):
    client = api(placement.city.agency_clerk)
    blocked = client.get(_urls(placement)["check"]).json()
    assert not blocked["passes"] and blocked["score"] is None
    assert "discipline" in {f["rule"] for f in blocked["blocks"]}
    passes = client.get(
        f"/api/placement/positions/{placement.vacancy.pk}/candidates/{placement.fit.nip}/"
    ).json()
    assert passes["passes"] and passes["blocks"] == [] and len(passes["score"]["factors"]) == 7
    assert client.get(f"/api/placement/positions/{placement.vacancy.pk}/candidates/123/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agency_clerk", 201), ("inspector", 403), ("head_bpkad", 403), ("outsider", 404)],
)
def test_starting_a_case(api, placement, persona, expected):
    response = api(getattr(placement.city, persona)).post(
        f"/api/placement/positions/{placement.vacancy.pk}/start/",
        {"employees": [placement.fit.nip]},
        format="json",
    )
    assert response.status_code == expected
    if expected == 201:
        case = Case.objects.get(pk=response.json()["id"])
        assert case.items.get().employee == placement.fit
        assert response.json()["placement"]["score_version"]


def test_starting_with_an_excluded_employee_is_a_400(api, placement):
    response = api(placement.city.agency_clerk).post(
        f"/api/placement/positions/{placement.vacancy.pk}/start/",
        {"employees": [placement.sanctioned.nip]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_candidate"


def test_the_endpoints_are_in_the_openapi_schema(api, placement):
    schema = api(placement.city.agency_clerk).get("/api/schema/?format=json").json()
    paths = set(schema["paths"])
    assert {
        "/api/placement/map/",
        "/api/placement/positions/{id}/candidates/",
        "/api/placement/positions/{id}/start/",
        "/api/placement/employees/{nip}/vacancies/",
        "/api/placement/talent/",
        "/api/placement/skp/",
    } <= paths


def test_a_nul_byte_in_a_nip_or_unit_is_not_found_not_a_server_error(api, placement):
    client = api(placement.city.agency_clerk)
    assert client.get("/api/placement/employees/1985%00/vacancies/").status_code == 404
    assert client.get("/api/placement/map/?unit=BP%00KAD").status_code == 404
