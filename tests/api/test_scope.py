"""Every endpoint three times: the user allowed, the user who may only read (an inspector),
and the outsider (a clerk of an unrelated unit). Outsiders get 404, readers 403 on actions."""

from __future__ import annotations

import pytest

from .helpers import create_transfer, run_route, small_pdf, task_id


@pytest.fixture
def draft(api, city):
    return create_transfer(api, city)


@pytest.fixture
def signed(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    run_route(api, city, case["id"])
    return case


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("clerk", 200), ("head_bpkad", 200), ("agency_head", 200), ("inspector", 200), ("outsider", 404)],
)
def test_reading_a_case(api, city, draft, persona, expected):
    assert api(getattr(city, persona)).get(f"/api/cases/{draft['id']}/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("clerk", 200), ("inspector", 200), ("outsider", 404)])
def test_reading_a_case_history(api, city, signed, persona, expected):
    response = api(getattr(city, persona)).get(f"/api/cases/{signed['id']}/history/")
    assert response.status_code == expected
    if expected == 200:
        actions = [event["action"] for event in response.json()]
        assert actions[0] == "case.created"
        assert "decree.issued" in actions and actions[-1] == "case.effective"


@pytest.mark.parametrize(("persona", "expected"), [("clerk", 200), ("inspector", 200), ("outsider", 404)])
def test_downloading_the_decree(api, city, signed, persona, expected):
    response = api(getattr(city, persona)).get(f"/api/cases/{signed['id']}/decree.pdf")
    response.close()  # a FileResponse holds the stored file open until closed
    assert response.status_code == expected


def test_listing_cases_is_scoped(api, city, draft):
    def ids(user):
        return [case["id"] for case in api(user).get("/api/cases/").json()["results"]]

    assert ids(city.clerk) == [draft["id"]]
    assert ids(city.inspector) == [draft["id"]]
    assert ids(city.head_bpkad) == [draft["id"]]  # the destination unit is touched
    assert ids(city.outsider) == []


@pytest.mark.parametrize(("persona", "expected"), [("clerk", 200), ("inspector", 403), ("outsider", 404)])
def test_editing_a_draft(api, city, draft, persona, expected):
    response = api(getattr(city, persona)).patch(
        f"/api/cases/{draft['id']}/", {"reason": "Alasan baru."}, format="json"
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("clerk", 200), ("inspector", 403), ("outsider", 404)])
def test_submitting(api, city, draft, persona, expected):
    assert (
        api(getattr(city, persona)).post(f"/api/cases/{draft['id']}/submit/", {}, format="json").status_code
        == expected
    )


@pytest.mark.parametrize(("persona", "expected"), [("clerk", 200), ("inspector", 403), ("outsider", 404)])
def test_withdrawing(api, city, draft, persona, expected):
    assert (
        api(getattr(city, persona)).post(f"/api/cases/{draft['id']}/withdraw/", {}, format="json").status_code
        == expected
    )


@pytest.mark.parametrize(("persona", "expected"), [("clerk", 201), ("inspector", 403), ("outsider", 404)])
def test_attaching_a_document(api, city, draft, persona, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("surat.pdf", small_pdf(), content_type="application/pdf")
    response = api(getattr(city, persona)).post(
        f"/api/cases/{draft['id']}/attachments/",
        {"kind": "request_letter", "file": upload},
        format="multipart",
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("head_dishub", 200), ("head_bpkad", 403), ("sekda", 403), ("inspector", 403), ("outsider", 404)],
)
def test_approving_a_task(api, city, draft, persona, expected):
    api(city.clerk).post(f"/api/cases/{draft['id']}/submit/", {}, format="json")
    tid = task_id(api, city.head_dishub, draft["id"], "unit_head")
    response = api(getattr(city, persona)).post(f"/api/tasks/{tid}/approve/", {}, format="json")
    assert response.status_code == expected, response.json()


def test_the_task_list_shows_each_user_only_what_they_may_act_on(api, city, draft):
    api(city.clerk).post(f"/api/cases/{draft['id']}/submit/", {}, format="json")
    assert [t["stage"] for t in api(city.head_dishub).get("/api/tasks/").json()] == ["unit_head"]
    assert [t["stage"] for t in api(city.head_bpkad).get("/api/tasks/").json()] == ["unit_head"]
    for persona in ("clerk", "inspector", "outsider", "sekda", "verifier"):
        assert api(getattr(city, persona)).get("/api/tasks/").json() == [], persona


@pytest.mark.parametrize(("persona", "expected"), [("inspector", 200), ("clerk", 403), ("outsider", 403)])
def test_verifying_the_ledger(api, city, signed, persona, expected):
    response = api(getattr(city, persona)).get("/api/audit/verify/")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["ok"] is True and response.json()["entries"] > 0


@pytest.mark.parametrize("url", ["/api/cases/", "/api/tasks/", "/api/me/", "/api/audit/verify/"])
def test_anonymous_users_are_refused_with_401_and_told_how_to_authenticate(api, url):
    response = api(None).get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"' or response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_an_api_token_is_issued_for_a_password_and_identifies_the_user(api, city):
    from tests.factories import PASSWORD

    response = api(None).post(
        "/api/auth/token/", {"username": "clerk_dishub", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/me/").json()
    assert me["username"] == "clerk_dishub" and me["roles"] == ["clerk"]
    assert (
        api(None)
        .post("/api/auth/token/", {"username": "clerk_dishub", "password": "salah"}, format="json")
        .status_code
        == 400
    )


def test_the_openapi_schema_is_served(api, city):
    response = api(city.clerk).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/tasks/{id}/approve/" in response.content
