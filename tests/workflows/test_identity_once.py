"""A decision works out who its actor is once (``personnel.selectors.identity_of``) and every
event it records names that same identity: the policy evaluation, the paraf, the decree, the
task's event."""

from __future__ import annotations

from unittest import mock

import pytest

from audit.models import Event
from personnel import selectors

from .conftest import decide, open_tasks, submit

# Every module on a decision's way that asks for the actor's identity.
ASKERS = (
    "workflows.services.tasks",
    "workflows.services.signing",
    "workflows.konsep",
    "decisions.issuing",
    "decisions.policy",
    "decisions.services",
)


@pytest.fixture
def identities():
    """How many times the actor's identity is worked out."""
    calls = []

    def counted(user):
        calls.append(user)
        return selectors.identity_of(user)

    patches = [mock.patch(f"{module}.identity_of", counted) for module in ASKERS]
    for patch in patches:
        patch.start()
    yield calls
    for patch in patches:
        patch.stop()


def _at(case, city, last: str):
    case = submit(case, city.clerk)
    for stage, actor in [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
    ]:
        if stage == last:
            return case
        case = decide(case, stage, actor)
    return case


@pytest.mark.parametrize(("stage", "persona"), [("agency_head", "agency_head"), ("signing", "walikota")])
def test_a_decision_works_out_its_actor_once(city, transfer_case, identities, stage, persona):
    case = _at(transfer_case, city, stage)
    actor = getattr(city, persona)
    before = Event.objects.count()
    identities.clear()
    decide(case, stage, actor)
    assert identities == [actor]
    # The next task's creation is the system's, not the actor's.
    recorded = [event.actor for event in Event.objects.order_by("seq")[before:] if event.actor]
    assert len(recorded) >= 2 and all(who == recorded[0] for who in recorded)
    assert recorded[0]["user_id"] == actor.pk
    assert not open_tasks(case, stage)
