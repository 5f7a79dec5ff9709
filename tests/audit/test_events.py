"""The registry of event types (audit/events.py): nothing unregistered is recorded, every
registered type tells itself in Indonesian from the data it declares, and the old codes of an
append-only ledger still describe, replay, meet the completeness claims and are found."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from audit import claims, events, services
from audit.models import Event
from decisions.models import Case
from inspection.history import case_history
from workflows.timeline import case_timeline

from .helpers import ACTOR


def _old_event(case: Case, action: str, data: dict) -> None:
    """An event as a ledger written before issue 14 holds it (the services refuse old codes)."""
    with transaction.atomic():
        services._append(
            [
                services._PendingEvent(
                    action=action, object_type="case", object_id=str(case.pk), actor=None, data=data
                )
            ]
        )


def test_a_code_without_an_entry_is_not_recorded(db):
    before = Event.objects.count()
    with pytest.raises(events.UnknownEvent), services.atomic():
        services.record(action="case.teleported", object_type="case", object_id=1, actor=ACTOR, data={})
    assert Event.objects.count() == before


def test_an_old_code_is_not_recorded_any_more(db):
    with pytest.raises(events.UnknownEvent, match="case.submitted"):
        services.record(action="case.transfer.submitted", object_type="case", object_id=1, actor=None)
    assert not Event.objects.filter(action="case.transfer.submitted").exists()


def test_every_app_registers_its_codes_once():
    codes = {event_type.code for event_type in events.registered()}
    for code in ("ledger.checkpoint", "case.created", "case.submitted", "task.approved", "registry.imported"):
        assert code in codes
    with pytest.raises(ValueError, match="already registered"):
        events.register("case.renamed", label="x", aliases=["case.transfer.submitted"])


@pytest.mark.parametrize("event_type", events.registered(), ids=lambda event_type: event_type.code)
def test_every_registered_type_tells_its_declared_data_in_indonesian(event_type):
    if str(event_type.label).startswith("test event"):
        pytest.skip("a code of the ledger's own tests")
    with translation.override("id"):
        told = event_type.tell(dict(event_type.carries))
        label = str(event_type.label)
    assert told.summary and event_type.code not in told.summary
    assert label and label != event_type.code
    assert all(isinstance(key, str) for key in event_type.carries)
    assert all(isinstance(value, str) for _label, value in told.details)


def test_old_codes_still_describe_replay_and_meet_the_claims(transfer_case):
    case = transfer_case
    _old_event(case, "case.transfer.submitted", {"items": [], "decide_by": None})
    _old_event(case, "case.transfer.withdrawn", {"note": "Tidak jadi."})
    Case.objects.filter(pk=case.pk).update(status=Case.Status.WITHDRAWN)
    with translation.override("id"):
        summaries = [entry.summary for entry in case_timeline(case.pk)]
    assert summaries[-2:] == ["Diajukan untuk disetujui", "Ditarik kembali oleh pengusul"]
    head = case_history(case.pk).head
    assert (head.kind, head.status, head.uninterpreted) == ("transfer", "withdrawn", [])
    problem, _count = claims.check(Event.objects.order_by("-seq").values_list("seq", flat=True).first())
    assert problem is None


def test_a_code_nobody_registered_reads_as_such_not_raw(transfer_case):
    _old_event(transfer_case, "case.teleported", {})
    with translation.override("id"):
        last = case_timeline(transfer_case.pk)[-1]
    assert last.summary == "Peristiwa berjenis tidak terdaftar (case.teleported)"
    assert case_history(transfer_case.pk).head.uninterpreted == ["case.teleported"]
