"""Searching every case: by NIP, name, unit, kind, status, actor and period, paginated, with
the same number of queries however many cases there are."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory
from tests.workflows.conftest import decide
from workflows.services import case_submit

JAKARTA = ZoneInfo("Asia/Jakarta")
JANUARY = datetime(2026, 1, 12, 9, 0, tzinfo=JAKARTA)
FEBRUARY = datetime(2026, 2, 3, 9, 0, tzinfo=JAKARTA)


def draft(city, *, name: str, kind: str = "transfer", actor=None, target=True):
    """A draft about a new DISHUB employee (into a new BPKAD post for moves)."""
    employee = EmployeeFactory(
        name=name,
        position=PositionFactory(unit=city.dishub),
        position_since=date(2020, 1, 6),
    )
    return case_create(
        actor=actor or city.clerk,
        kind=kind,
        items=[
            ItemInput(employee=employee, to_position=PositionFactory(unit=city.bpkad) if target else None)
        ],
        effective_date=date(2026, 12, 1),
        reason="Kebutuhan organisasi.",
        data={"request_date": "2026-01-05"} if kind == "dismissal_own_request" else None,
    )


@pytest.fixture
def cases(city, transfer_case):
    """Budi's transfer (submitted in February, approved by the DISHUB head), a draft proposed
    in January, and an own-request dismissal."""
    with time_machine.travel(JANUARY):
        january = draft(city, name="Siti Rahmawati")
    with time_machine.travel(FEBRUARY):
        budi = decide(case_submit(case_id=transfer_case.pk, actor=city.clerk), "unit_head", city.head_dishub)
    dismissal = draft(city, name="Joko Susilo", kind="dismissal_own_request", target=False)
    return {"budi": budi, "january": january, "dismissal": dismissal}


def found(api, city, **query) -> list[int]:
    response = api(city.inspector).get("/api/inspect/cases/", query)
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def test_every_case_is_found_without_filters(api, city, cases):
    assert found(api, city) == sorted(case.pk for case in cases.values())


def test_by_nip_whole_or_its_first_digits(api, city, cases):
    budi = cases["budi"]
    assert found(api, city, nip=city.subject.nip) == [budi.pk]
    assert found(api, city, nip=city.subject.nip_display) == [budi.pk]  # spaced as printed
    assert found(api, city, nip=city.subject.nip[:12]) == [budi.pk]
    assert found(api, city, nip="999999999") == []


def test_by_name_part_in_any_case(api, city, cases):
    assert found(api, city, name="rahma") == [cases["january"].pk]
    assert found(api, city, name="SANTOSO") == [cases["budi"].pk]


def test_by_unit_touched(api, city, cases):
    assert found(api, city, unit="DISHUB") == sorted(case.pk for case in cases.values())
    assert found(api, city, unit="BPKAD") == sorted([cases["budi"].pk, cases["january"].pk])
    assert found(api, city, unit="DINKES") == []


def test_by_kind_and_status(api, city, cases):
    assert found(api, city, kind="dismissal_own_request") == [cases["dismissal"].pk]
    assert found(api, city, status="in_review") == [cases["budi"].pk]
    both = api(city.inspector).get("/api/inspect/cases/?status=in_review&status=draft").json()
    assert both["count"] == 3


def test_by_actor_username_nip_or_name(api, city, cases):
    budi = cases["budi"].pk
    assert found(api, city, actor="kadishub") == [budi]
    assert found(api, city, actor=city.head_dishub.employee.nip) == [budi]
    assert found(api, city, actor="Kepala Dishub") == [budi]
    assert found(api, city, actor="clerk_dishub") == sorted(case.pk for case in cases.values())
    assert found(api, city, actor="kabpkad") == []  # has not acted yet


def test_by_period_of_activity_and_by_who_acted_in_it(api, city, cases):
    budi, january = cases["budi"].pk, cases["january"].pk
    assert found(api, city, date_from="2026-01-01", date_to="2026-01-31") == [january]
    assert found(api, city, date_from="2026-02-03", date_to="2026-02-03") == [budi]
    assert found(api, city, actor="kadishub", date_from="2026-02-01", date_to="2026-02-28") == [budi]
    assert found(api, city, actor="kadishub", date_to="2026-01-31") == []


def test_by_event_type_alone_or_with_who_recorded_it(api, city, cases):
    budi = cases["budi"].pk
    assert found(api, city, event="case.submitted") == [budi]
    assert found(api, city, event="task.approved", actor="kadishub") == [budi]
    assert found(api, city, event="task.approved", actor="clerk_dishub") == []
    assert found(api, city, event="case.created") == sorted(case.pk for case in cases.values())
    refused = api(city.inspector).get("/api/inspect/cases/", {"event": "case.transfer.noted"})
    assert refused.status_code == 400 and "event" in refused.json()["fields"]


def test_the_event_filter_offers_the_registered_types_of_a_case_by_label(browser, city, cases):
    page = browser(city.inspector).get(reverse("inspect:index"))
    offered = dict(page.context["event_types"])
    assert offered["case.submitted"] == "Submitted for approval"
    assert "inspector.searched" not in offered and "ledger.checkpoint" not in offered


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"nip": "19880412-abc"}, "nip"),
        ({"nip": "1" * 19}, "nip"),
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, "date_to"),
        ({"kind": "promotion"}, "kind"),
    ],
)
def test_bad_search_input_is_explained(api, browser, city, query, field):
    response = api(city.inspector).get("/api/inspect/cases/", query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_search" and field in response.json()["fields"]
    page = browser(city.inspector).get(reverse("inspect:index"), query)
    assert page.status_code == 400 and field in page.context["form"].errors


def test_the_page_filters_paginates_and_links_to_each_case(browser, city, cases):
    page = browser(city.inspector).get(reverse("inspect:index"), {"unit": "BPKAD"})
    assert page.status_code == 200
    assert [case.pk for case in page.context["page"]] == [cases["budi"].pk, cases["january"].pk]
    assert reverse("inspect:case", args=[cases["budi"].pk]).encode() in page.content
    assert b"Budi Santoso" in page.content and city.subject.nip.encode() in page.content


def test_the_form_as_a_browser_sends_it_with_every_field_empty_lists_every_case(browser, city, cases):
    empty = dict.fromkeys(("nip", "name", "unit", "kind", "status", "actor", "date_from", "date_to"), "")
    page = browser(city.inspector).get(reverse("inspect:index"), empty)
    assert page.status_code == 200 and page.context["page"].paginator.count == 3
    one_kind = browser(city.inspector).get(
        reverse("inspect:index"), {**empty, "kind": "dismissal_own_request"}
    )
    assert [case.pk for case in one_kind.context["page"]] == [cases["dismissal"].pk]


def many_cases(city, count: int) -> None:
    for index in range(count):
        draft(city, name=f"Pegawai Uji {index:02d}", actor=city.agency_clerk if index % 2 else city.clerk)


def test_the_page_holds_twenty_five_cases(browser, city, db):
    many_cases(city, 30)
    client = browser(city.inspector)
    first = client.get(reverse("inspect:index"))
    second = client.get(reverse("inspect:index"), {"page": 2})
    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 5
    assert not set(first.context["page"]) & set(second.context["page"])


FILTERED = {
    "unit": "DISHUB",
    "kind": "transfer",
    "status": "draft",
    "name": "pegawai",
    "actor": "clerk_dishub",
    "date_from": "2020-01-01",
    "date_to": "2099-12-31",
}


def query_count(request) -> int:
    request()  # warm the per-process caches (content types, permissions, translations)
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured)


def costs(browser, api, city) -> dict:
    page, client = browser(city.inspector), api(city.inspector)
    return {
        "page": query_count(lambda: page.get(reverse("inspect:index"))),
        "page filtered": query_count(lambda: page.get(reverse("inspect:index"), FILTERED)),
        "api": query_count(lambda: client.get("/api/inspect/cases/")),
        "api filtered": query_count(lambda: client.get("/api/inspect/cases/", FILTERED)),
    }


def test_a_search_costs_the_same_with_two_cases_or_forty(browser, api, city):
    many_cases(city, 2)
    few = costs(browser, api, city)
    many_cases(city, 38)
    many = costs(browser, api, city)
    assert api(city.inspector).get("/api/inspect/cases/").json()["count"] == 40
    assert few == many
    print("search queries (page, filtered page, API, filtered API):", few)


def test_the_period_ends_with_its_last_day(api, city, db):
    with time_machine.travel(datetime(2026, 1, 31, 23, 30, tzinfo=JAKARTA)):
        late = draft(city, name="Larut Malam")
    assert found(api, city, date_to="2026-01-31") == [late.pk]
    assert found(api, city, date_from="2026-01-31", date_to="2026-01-31") == [late.pk]
    assert found(api, city, date_from=(date(2026, 1, 31) + timedelta(days=1)).isoformat()) == []
