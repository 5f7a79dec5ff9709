"""The inspectors' own reads are in the ledger: one event per search, case opened, moment
looked at or export, saying who read what -- and never among the case's own events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Event
from audit.verify import verify_ledger
from inspection.access import check_may_inspect
from inspection.history import case_history
from inspection.records import record_view

from .conftest import reads


def appended(call) -> list[Event]:
    """The events ``call`` appended."""
    head = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = call()
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return list(Event.objects.filter(seq__gt=head))


def test_a_search_is_one_event_naming_the_filters_and_the_cases_shown(browser, api, city, transfer_case):
    [web] = appended(
        lambda: browser(city.inspector).get(reverse("inspect:index"), {"name": "budi", "status": "draft"})
    )
    assert (web.action, web.object_type, web.object_id) == (
        "inspector.searched",
        "inspection",
        str(city.inspector.pk),
    )
    assert web.actor["username"] == "inspector" and web.actor["unit"] == "Inspektorat"
    assert web.data == {
        "channel": "web",
        "filters": {"name": "budi", "status": ["draft"]},
        "page": 1,
        "count": 1,
        "cases": [transfer_case.pk],
    }
    [through_api] = appended(
        lambda: api(city.inspector).get("/api/inspect/cases/", {"nip": city.subject.nip})
    )
    assert through_api.data["channel"] == "api" and through_api.data["filters"] == {"nip": city.subject.nip}


def test_opening_a_timeline_is_one_event(browser, api, city, transfer_case):
    [web] = appended(lambda: browser(city.inspector).get(reverse("inspect:case", args=[transfer_case.pk])))
    assert web.action == "inspector.viewed"
    assert web.data == {"channel": "web", "case": transfer_case.pk, "view": "timeline"}
    [through_api] = appended(
        lambda: api(city.inspector).get(f"/api/inspect/cases/{transfer_case.pk}/timeline/")
    )
    assert through_api.data == {"channel": "api", "case": transfer_case.pk, "view": "timeline"}


def test_looking_at_a_moment_is_one_event_naming_the_moment(browser, api, city, transfer_case):
    [web] = appended(
        lambda: browser(city.inspector).get(
            reverse("inspect:case", args=[transfer_case.pk]), {"at": "2026-03-04"}
        )
    )
    assert web.data["view"] == "as_of" and web.data["as_of"]["at"].startswith("2026-03-04T23:59:59")
    [through_api] = appended(
        lambda: api(city.inspector).get(f"/api/inspect/cases/{transfer_case.pk}/as-of/", {"seq": 1})
    )
    assert through_api.data["as_of"] == {"seq": 1, "at": None, "state_seq": 1}


def test_an_export_is_one_event_besides_the_checkpoint_it_may_need(api, city, transfer_case):
    events = appended(lambda: api(city.inspector).post(f"/api/inspect/cases/{transfer_case.pk}/export/"))
    assert [event.action for event in events] == ["ledger.checkpoint", "inspector.exported"]
    events = appended(lambda: api(city.inspector).post(f"/api/inspect/cases/{transfer_case.pk}/export/"))
    assert [event.action for event in events] == ["inspector.exported"]


def test_a_refused_or_malformed_read_is_not_recorded(browser, api, city, transfer_case):
    assert browser(city.clerk).get(reverse("inspect:index")).status_code == 403
    assert api(city.clerk).get(f"/api/inspect/cases/{transfer_case.pk}/timeline/").status_code == 403
    assert api(city.inspector).get("/api/inspect/cases/", {"nip": "abc"}).status_code == 400
    assert reads() == []


def test_reads_are_not_case_events(browser, city, transfer_case):
    before = [step.seq for step in case_history(transfer_case.pk).steps]
    browser(city.inspector).get(reverse("inspect:case", args=[transfer_case.pk]))
    browser(city.inspector).get(reverse("inspect:index"))
    assert len(reads()) == 2
    assert [step.seq for step in case_history(transfer_case.pk).steps] == before
    assert verify_ledger(checkpoint_dir=None).ok


def test_recording_a_read_is_one_insert(city, transfer_case):
    city.inspector.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        record_view(actor=city.inspector, case_id=transfer_case.pk, view="timeline", channel="web")
    inserts = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and "audit_event" in inserts[0]
    assert len(captured) <= 10
    print("queries to record one read:", len(captured))


def test_only_inspectors_can_be_recorded_as_reading(city, transfer_case):
    from decisions.errors import Refused

    with pytest.raises(Refused) as refused:
        record_view(actor=city.clerk, case_id=transfer_case.pk, view="timeline", channel="web")
    assert refused.value.code == "not_inspector"
    check_may_inspect(city.inspector)
    assert reads() == []
