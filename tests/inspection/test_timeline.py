"""A case's timeline for the inspector: every ledger event in order, the actor as they were,
what changed, the rule findings and overrides, the decree, sequence numbers and hashes."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from decisions.attachments import store_attachment
from decisions.models import PolicyParameter
from decisions.services import case_update
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory
from tests.workflows.conftest import decide
from workflows.services import case_submit, task_approve

from .conftest import run_transfer

JUSTIFICATION = "Pengisian jabatan mendesak karena pejabat lama pensiun bulan ini."


def timeline(api, city, case) -> list[dict]:
    response = api(city.inspector).get(f"/api/inspect/cases/{case.pk}/timeline/")
    assert response.status_code == 200
    return response.json()["events"]


def test_every_event_of_the_case_is_listed_in_order_with_its_sequence_number_and_hashes(
    api, city, signed_case
):
    events = timeline(api, city, signed_case)
    stored = list(Event.objects.filter(object_type="case", object_id=str(signed_case.pk)).order_by("seq"))
    assert [e["seq"] for e in events] == [event.seq for event in stored]
    assert [(e["hash"], e["prev_hash"]) for e in events] == [
        (event.hash, event.prev_hash) for event in stored
    ]
    assert [e["action"] for e in events] == [event.action for event in stored]
    assert events[0]["action"] == "case.created"
    assert "decree.issued" in [e["action"] for e in events]


def test_the_actor_is_shown_as_the_ledger_recorded_them_not_as_they_are_today(
    api, browser, city, signed_case
):
    head = city.head_dishub.employee
    recorded = (head.full_name, head.nip, head.position.name, head.position.unit.name)
    head.name = "Nama Baru Setelah Menikah"
    head.position = PositionFactory(unit=city.bpkad, name="Staf Ahli Wali Kota")
    head.save()

    approvals = [
        e for e in timeline(api, city, signed_case) if e["actor"] and e["actor"]["username"] == "kadishub"
    ]
    assert approvals
    for event in approvals:
        actor = event["actor"]
        assert (actor["name"], actor["nip"], actor["position"], actor["unit"]) == recorded
    page = browser(city.inspector).get(reverse("inspect:case", args=[signed_case.pk]))
    assert recorded[0].encode() in page.content and b"Nama Baru Setelah Menikah" not in page.content


def test_a_change_shows_what_it_was_before_and_after(api, city, transfer_case):
    old_date = transfer_case.effective_date
    new_date = old_date + timedelta(days=14)
    case_update(
        case=transfer_case, actor=city.clerk, reason="Alasan yang diperbarui.", effective_date=new_date
    )

    updated = next(e for e in timeline(api, city, transfer_case) if e["action"] == "case.updated")
    changes = {row["label"]: (row["before"], row["after"], row["recorded"]) for row in updated["changes"]}
    assert changes == {
        "Effective date (TMT)": (old_date.isoformat(), new_date.isoformat(), True),
        "Reason": (
            "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
            "Alasan yang diperbarui.",
            True,
        ),
    }


def test_a_swapped_employee_shows_who_left_the_case_and_who_came(api, city, transfer_case):
    from decisions.services import ItemInput

    other = EmployeeFactory(name="Dewi Lestari", position=PositionFactory(unit=city.dishub))
    case_update(
        case=transfer_case, actor=city.clerk, items=[ItemInput(employee=other, to_position=city.target)]
    )
    updated = next(e for e in timeline(api, city, transfer_case) if e["action"] == "case.updated")
    [row] = [row for row in updated["changes"] if row["label"] == "Employee 1"]
    assert city.subject.nip in row["before"] and other.nip in row["after"] and row["recorded"]


def test_a_decision_shows_the_status_and_stage_it_moved_the_case_between(api, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    events = timeline(api, city, transfer_case)
    submitted = [e for e in events if e["changes"] and e["action"] == "task.created"][-1]
    derived = {row["label"]: (row["before"], row["after"], row["recorded"]) for row in submitted["changes"]}
    assert derived["Status"] == ("draft", "in review", False)
    assert derived["Waiting at"] == ("", "Approval by the unit head", False)


def test_rule_findings_overrides_and_acknowledgements_carry_the_whole_finding(
    api, browser, city, transfer_case
):
    since = timezone.localdate() - timedelta(days=400)
    city.subject.position_since = since
    city.subject.save(update_fields=["position_since"])
    case = case_submit(
        case_id=transfer_case.pk, actor=city.clerk, overrides={"time_in_post#1": JUSTIFICATION}
    )
    PolicyParameter.objects.create(key="override_roles.vacancy", value=["official", "signer"], note="uji")
    EmployeeFactory(position=city.target, position_since=timezone.localdate())  # the post fills up
    evidence = store_attachment(
        case=case, actor=city.head_dishub, kind="override_evidence", name="nota.pdf", content=small_pdf()
    )
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    task_approve(
        task_id=task.pk,
        actor=city.head_dishub,
        overrides={"vacancy#1": {"justification": JUSTIFICATION, "attachment": evidence.pk}},
        acknowledged=["time_in_post#1"],
    )

    events = timeline(api, city, case)
    evaluated = [e for e in events if e["action"] == "policy.evaluated"]
    assert {f["rule"] for f in evaluated[-1]["findings"]} >= {"vacancy", "time_in_post"}
    [overridden] = [e for e in events if e["action"] == "policy.overridden"]
    [finding] = overridden["findings"]
    assert finding["rule"] == "vacancy" and finding["severity"] == "block" and finding["basis"]
    details = {d["label"]: d["value"] for d in overridden["details"]}
    assert details["Justification"] == JUSTIFICATION and details["Role"] == "official"
    justified = [e for e in events if e["action"] == "policy.acknowledged"][0]
    assert justified["data"]["justification"] == JUSTIFICATION
    # The page names the overriding role and the evidence by their labels, not their codes.
    page = browser(city.inspector).get(reverse("inspect:case", args=[case.pk]))
    [override] = [answer for answer in page.context["answers"] if answer["kind"] == "override"]
    assert override["role"] == "Official"
    assert [document["kind"] for document in page.context["attachments"]] == ["evidence for a rule override"]


def test_the_decree_issued_is_in_the_timeline_with_its_number_and_hash(api, browser, city, signed_case):
    [issued] = [e for e in timeline(api, city, signed_case) if e["action"] == "decree.issued"]
    details = {d["label"]: d["value"] for d in issued["details"]}
    decree = signed_case.decree
    assert details["SHA-256"] == decree.sha256 and details["Date set"] == decree.decree_date.isoformat()
    assert decree.number in issued["summary"]
    page = browser(city.inspector).get(reverse("inspect:case", args=[signed_case.pk]))
    assert decree.sha256.encode() in page.content


def test_the_page_shows_every_event_with_its_hash(browser, city, signed_case):
    page = browser(city.inspector).get(reverse("inspect:case", args=[signed_case.pk]))
    assert page.status_code == 200
    for event in Event.objects.filter(object_type="case", object_id=str(signed_case.pk)):
        assert f'id="event-{event.seq}"'.encode() in page.content
        assert event.hash.encode() in page.content


def query_count(request) -> int:
    request()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured)


def costs(browser, api, city, case) -> dict:
    page, client = browser(city.inspector), api(city.inspector)
    return {
        "page": query_count(lambda: page.get(reverse("inspect:case", args=[case.pk]))),
        "page as of": query_count(lambda: page.get(reverse("inspect:case", args=[case.pk]), {"seq": 2})),
        "api": query_count(lambda: client.get(f"/api/inspect/cases/{case.pk}/timeline/")),
        "api as of": query_count(lambda: client.get(f"/api/inspect/cases/{case.pk}/as-of/", {"seq": 2})),
    }


def test_a_timeline_costs_the_same_with_few_events_or_many(browser, api, city, transfer_case):
    few = costs(browser, api, city, transfer_case)
    for day in range(1, 39):
        case_update(
            case=transfer_case,
            actor=city.clerk,
            effective_date=transfer_case.effective_date + timedelta(days=day),
        )
    run_transfer(transfer_case, city)
    assert Event.objects.filter(object_type="case", object_id=str(transfer_case.pk)).count() >= 60
    many = costs(browser, api, city, transfer_case)
    assert few == many
    print("timeline queries (page, page as of, API, API as of):", few)


def test_a_case_with_many_employees_costs_the_same_as_one(browser, api, city, transfer_case):
    from decisions.services import ItemInput, case_create

    few = costs(browser, api, city, transfer_case)
    rotation = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[
            ItemInput(
                employee=EmployeeFactory(position=PositionFactory(unit=city.dishub)),
                to_position=PositionFactory(unit=city.bpkad),
            )
            for _ in range(20)
        ],
        effective_date=transfer_case.effective_date,
        reason="Rotasi.",
    )
    decide(case_submit(case_id=rotation.pk, actor=city.agency_clerk), "unit_head", city.head_dishub)
    assert costs(browser, api, city, rotation) == few
