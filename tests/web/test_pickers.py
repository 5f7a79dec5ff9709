"""Issue 13 §2: finding whom to propose, and where. The employee search is scoped to whom the
clerk may propose; the position picker lists the posts with a free place first, with their
unit, kind, rank range and free places, and marks the posts that do not fit the employee."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from personnel.models import Rank
from tests.factories import EmployeeFactory, PositionFactory


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_the_employee_search_finds_by_name_or_nip_whom_the_clerk_may_propose(api, city):
    stranger = EmployeeFactory(name="Budi Lain", position=PositionFactory(unit=city.bpkad, code="BPKAD-X"))
    url = reverse("api-picker-employees")
    by_name = api(city.clerk).get(url, {"q": "budi"}).json()
    assert [row["nip"] for row in by_name] == [city.subject.nip]  # not BPKAD's Budi
    by_nip = api(city.clerk).get(url, {"q": city.subject.nip[:8] + " " + city.subject.nip[8:14]}).json()
    assert by_nip[0]["name"] == city.subject.full_name and by_nip[0]["unit"] == "Dinas Perhubungan"
    everyone = api(city.agency_clerk).get(url, {"q": "budi"}).json()  # BKPSDM proposes for all units
    assert {row["nip"] for row in everyone} == {city.subject.nip, stranger.nip}


@pytest.mark.parametrize("persona", ["head_dishub", "inspector", "verifier"])
def test_only_those_who_propose_may_search(api, city, persona):
    assert api(getattr(city, persona)).get(reverse("api-picker-employees"), {"q": "budi"}).status_code == 403
    assert api(getattr(city, persona)).get(reverse("api-picker-positions")).status_code == 403


@pytest.mark.parametrize("name", ["api-picker-employees", "api-picker-positions"])
@pytest.mark.parametrize("query", [{"q": "bu\x00di"}, {"employee": "1990\x00"}, {"q": "x" * 101}])
def test_a_search_with_a_nul_byte_or_too_long_is_refused_with_a_clear_400(api, city, name, query):
    # Found by the schema fuzz on PostgreSQL, whose text cannot hold a NUL byte: a 500 before.
    answer = api(city.clerk).get(reverse(name), query)
    assert answer.status_code == 400
    assert answer.json()["code"] and answer.json()["fields"]


def test_the_position_search_puts_vacancies_first_and_marks_what_does_not_fit(
    api, city, django_assert_max_num_queries
):
    high = Rank.objects.get(code=41)
    full = PositionFactory(unit=city.bpkad, code="BPKAD-FULL", name="Analis Anggaran", capacity=1)
    EmployeeFactory(position=full)
    demanding = PositionFactory(unit=city.bpkad, code="BPKAD-IV", name="Analis Kebijakan", min_rank=high)
    with django_assert_max_num_queries(6):
        rows = (
            api(city.clerk)
            .get(reverse("api-picker-positions"), {"q": "BPKAD", "employee": city.subject.nip})
            .json()
        )
    codes = [row["code"] for row in rows]
    assert codes.index("BPKAD-PLO1") < codes.index("BPKAD-FULL") and codes.index("BPKAD-IV") < codes.index(
        "BPKAD-FULL"
    )
    by_code = {row["code"]: row for row in rows}
    assert by_code["BPKAD-PLO1"]["free"] == 1 and by_code["BPKAD-PLO1"]["fits"]
    assert by_code["BPKAD-FULL"]["free"] == 0
    assert not by_code["BPKAD-IV"]["fits"] and "IV/a" in by_code["BPKAD-IV"]["misfits"][0]
    assert demanding.unit.name in by_code["BPKAD-IV"]["label"]


def test_the_request_form_offers_both_pickers(client, city):
    client.force_login(city.clerk)
    content = client.get(reverse("cases:new")).content.decode()
    assert 'list="employee-options"' in content and 'id="employee-options"' in content
    assert f'data-search-url="{reverse("api-picker-employees")}"' in content
    options = content[content.index('id="id_target_position"') :]
    assert "1 kosong" in options or "1 free" in options
    assert 'data-min-rank="' in options


def test_the_pickers_are_in_the_api_schema(client):
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/pickers/employees/" in schema and "/api/pickers/positions/" in schema
