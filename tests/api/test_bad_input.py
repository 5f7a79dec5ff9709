"""Input a client may send on purpose or by mistake gets the API's ``{code, message, fields}``
with a 4xx, never a server error (the four causes an outside fuzzer found, and their kin)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def case_body(city, **extra) -> dict:
    return {
        "kind": "transfer",
        "employee": city.subject.nip,
        "target_position": "BPKAD-PLO1",
        "effective_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "reason": "Pemenuhan kebutuhan pegawai.",
        **extra,
    }


def plain(response) -> dict:
    body = response.json()
    assert set(body) >= {"code", "message", "fields"}
    assert "ErrorDetail" not in json.dumps(body)
    return body


@pytest.mark.parametrize("persona", ["clerk", "head_dishub"])
def test_form_encoded_items_are_refused_not_crashed_for_clerk_and_official(api, city, persona):
    response = api(getattr(city, persona)).post(
        "/api/cases/", {**case_body(city), "items": "bukan daftar"}, format="multipart"
    )

    # Form data carries lists as items[0]employee=…; a bare string is no list, so the single
    # employee fields decide: the clerk drafts, the official is refused -- neither crashes.
    assert response.status_code == (201 if persona == "clerk" else 403)
    if response.status_code == 403:
        plain(response)


def test_an_empty_employee_list_is_a_field_error(api, city):
    response = api(city.clerk).post("/api/cases/", case_body(city, employee=[]), format="json")

    assert response.status_code == 400
    assert "employee" in plain(response)["fields"]


def test_the_same_employee_twice_in_one_case_is_a_field_error(api, city):
    row = {"employee": city.subject.nip, "target_position": "BPKAD-PLO1"}
    response = api(city.agency_clerk).post("/api/cases/", case_body(city, items=[row, row]), format="json")

    assert response.status_code == 400
    body = plain(response)
    assert body["code"] == "employee_twice" and "items" in body["fields"]
    assert city.subject.full_name not in body["message"]


def test_items_given_as_a_string_show_a_sentence_not_a_python_repr(api, city):
    response = api(city.clerk).post("/api/cases/", case_body(city, items="abc"), format="json")

    assert response.status_code == 400
    body = plain(response)
    assert body["fields"]["items"] and all(isinstance(text, str) for text in body["fields"]["items"])


def test_deeply_nested_json_is_refused_even_anonymously(db):
    deep = "[" * 3000 + "]" * 3000
    response = APIClient().post(
        "/api/auth/token/", data=f'{{"username": {deep}, "password": "x"}}', content_type="application/json"
    )

    assert response.status_code == 400
    assert plain(response)["code"] in ("too_deep", "parse_error")


def test_moderately_nested_json_past_the_bound_is_refused(api, city):
    nested: dict = {}
    for _ in range(40):
        nested = {"x": nested}
    response = api(city.clerk).post("/api/cases/", case_body(city, data=nested), format="json")

    assert response.status_code == 400 and plain(response)["code"] == "too_deep"


@pytest.mark.parametrize("fmt", ["json", "form"])
def test_an_oversize_body_gets_413_in_the_api_shape(db, city, fmt):
    client = APIClient()
    client.login(username="clerk_dishub", password=PASSWORD)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    if fmt == "json":
        response = client.post(
            "/api/cases/", data=json.dumps({"reason": big}), content_type="application/json"
        )
    else:
        response = client.post(
            "/api/cases/", data=f"reason={big}", content_type="application/x-www-form-urlencoded"
        )

    assert response.status_code == 413
    assert plain(response)["code"] == "too_large"


def test_patching_the_kind_is_refused(api, city, transfer_case):
    response = api(city.clerk).patch(
        f"/api/cases/{transfer_case.pk}/", {"kind": "dismissal_death"}, format="json"
    )

    assert response.status_code == 400
    body = plain(response)
    assert body["code"] == "not_changeable" and "kind" in body["fields"]
    transfer_case.refresh_from_db()
    assert transfer_case.kind == "transfer"


@pytest.mark.parametrize("path", ["/api/cases/", "/api/policy/check/"])
def test_a_clerk_of_another_unit_does_not_learn_the_name_behind_a_nip(api, city, path):
    body = {**case_body(city), "items": [{"employee": city.subject.nip, "target_position": "BPKAD-PLO1"}]}
    response = api(city.outsider).post(path, body, format="json")

    assert response.status_code == 403
    message = plain(response)["message"]
    assert city.subject.name not in message and "Budi" not in message
    assert city.subject.nip_display in message
