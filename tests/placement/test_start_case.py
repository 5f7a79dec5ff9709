"""One action starts the right case with the chosen candidate, and the case (and the ledger's
created event) keeps the score version and the factors that ranked them."""

from __future__ import annotations

import pytest

from audit.models import Event
from decisions.errors import Invalid, Refused
from decisions.models import CaseKind
from placement.scoring import parameters, version
from placement.services import start_case


def test_a_transfer_into_a_pengawas_post_from_a_pengawas_post_is_a_transfer(placement):
    from placement.candidates import case_kind_for

    assert case_kind_for(placement.vacancy, placement.vacancy) == CaseKind.TRANSFER
    assert case_kind_for(placement.fit.position, placement.vacancy) == CaseKind.APPOINTMENT_STRUCTURAL
    assert case_kind_for(placement.administrators[0].position, placement.jpt) == CaseKind.APPOINTMENT_JPT


def test_starting_from_the_ranking_drafts_the_case_with_the_candidate_and_the_score_version(placement):
    case = start_case(
        actor=placement.city.agency_clerk, position=placement.vacancy, employee_ids=[placement.fit.pk]
    )
    assert case.kind == CaseKind.APPOINTMENT_STRUCTURAL and case.status == "draft"
    item = case.items.get()
    assert (item.employee, item.to_position) == (placement.fit, placement.vacancy)
    record = case.data["placement"]
    assert record["score_version"] == version(parameters())
    assert record["candidates"][0]["nip"] == placement.fit.nip and record["candidates"][0]["place"] == 1
    assert {f["key"] for f in record["candidates"][0]["factors"]} >= {"education", "performance"}
    event = Event.objects.get(action="case.created", object_id=str(case.pk))
    assert event.data["data"]["placement"]["score_version"] == record["score_version"]


def test_an_excluded_employee_cannot_be_started(placement):
    with pytest.raises(Invalid) as raised:
        start_case(
            actor=placement.city.agency_clerk,
            position=placement.vacancy,
            employee_ids=[placement.sanctioned.pk],
        )
    assert raised.value.code == "not_a_candidate"


def test_a_jpt_post_sends_the_best_three_to_the_panel_in_one_case(placement):
    case = start_case(actor=placement.city.agency_clerk, position=placement.jpt)
    assert case.kind == CaseKind.APPOINTMENT_JPT
    items = list(case.items.order_by("position_in_case"))
    assert len(items) == 3 and all(item.to_position == placement.jpt for item in items)
    assert [row["nip"] for row in case.data["shortlist"]] == [item.employee.nip for item in items]
    assert [c["place"] for c in case.data["placement"]["candidates"]] == [1, 2, 3]


def test_an_inspector_reads_the_ranking_but_starts_nothing(placement):
    with pytest.raises(Refused):
        start_case(
            actor=placement.city.inspector, position=placement.vacancy, employee_ids=[placement.fit.pk]
        )
