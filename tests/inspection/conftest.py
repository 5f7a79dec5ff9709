"""Fixtures for the inspector workspace: clients per persona, a signed case, a key and a
checkpoint directory of the test's own."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from audit.models import Event
from decisions.models import Case
from tests.factories import UserFactory
from tests.workflows.conftest import decide
from workflows.services import case_submit

TRANSFER_ROUTE = (
    ("unit_head", "head_dishub"),
    ("unit_head", "head_bpkad"),
    ("verification", "verifier"),
    ("agency_head", "agency_head"),
    ("secretary", "sekda"),
    ("signing", "walikota"),
)


@pytest.fixture(autouse=True)
def ledger_files(tmp_path, settings):
    """Each test signs with its own key into its own checkpoint directory."""
    settings.SAHIH_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    settings.SAHIH_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return tmp_path


@pytest.fixture
def api():
    """``api(user)``: an API client authenticated as ``user`` (None: anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        # The assertions read labels in English; Indonesian is the product's default.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def browser(client):
    """``browser(user)``: the test client logged in as ``user`` (None: anonymous)."""

    def as_user(user=None):
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as for the API client
        if user is not None:
            client.force_login(user)
        return client

    return as_user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def run_transfer(case: Case, city, *, until: str | None = None) -> Case:
    """Submit and approve ``case`` stage by stage (stopping before ``until``)."""
    case = case_submit(case_id=case.pk, actor=city.clerk)
    for stage, persona in TRANSFER_ROUTE:
        if stage == until:
            break
        case = decide(case, stage, getattr(city, persona))
    case.refresh_from_db()
    return case


@pytest.fixture
def signed_case(city, transfer_case):
    """The city's transfer, approved all the way and signed (its SK exists)."""
    return run_transfer(transfer_case, city)


def reads(action: str | None = None):
    """The inspectors' read events, oldest first."""
    events = Event.objects.filter(object_type="inspection")
    return list(events.filter(action=action) if action else events)
