"""Fixtures every test area shares: the test database's ledger protection, the signing
certificates, the small city and a drafted transfer.

The ledger's triggers refuse TRUNCATE (PostgreSQL) and DELETE (SQLite), which is exactly how
pytest-django empties the database after every transactional test. The test database's user
owns the tables -- the "owner can drop the triggers" case that the hash chain and the
checkpoints kept outside the database exist for (docs/ledger.md) -- so for the *test*
database the flush lifts the protection inside its own transaction and puts it back before
that transaction commits. Nothing outside a test flush is affected.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

from audit import events, protection
from decisions.services import ItemInput, case_create
from decisions.signing import create_development_certificates

from .bsre import bsre_config, start_standin
from .factories import build_city

# No wall-clock limit in any test: Hypothesis's default 200 ms deadline per example failed a
# property test on a busy machine while the property held.
hypothesis_settings.register_profile("sahih", deadline=None)
hypothesis_settings.load_profile("sahih")

# The areas whose outcome depends on the calendar: the rules, the routes and their deadlines,
# retirement, the demo city (built relative to today) and its route. `make test-dates` runs
# them (marker ``dates``) with the clock pinned on the awkward days of the year.
DATE_SENSITIVE = (
    "decisions/policy",
    "workflows/test_routes.py",
    "workflows/test_features.py",
    "workflows/test_transfer_route.py",
    "workflows/test_pns_route.py",
    "personnel/test_demo.py",
    "personnel/test_demo_route.py",
    "personnel/test_demo_seeding.py",
    # Deadlines, overdue marks and dates shown on pages, built relative to today.
    "inspection/test_timeline.py",
    "web/test_homes.py",
    "web/test_inbox_scale.py",
    "web/test_finding_answers.py",
    "web/test_case_data.py",
    # The rules' SQL forms and the SKP year in its grace period (placement ranks by them).
    "placement/test_exclusion_agrees_with_policy.py",
    "placement/test_candidates.py",
    # Feedback deadlines (working days from the day it is received).
    "public/test_feedback.py",
    "public/test_feedback_routing.py",
    "public/test_demo.py",
)


def pytest_collection_modifyitems(config, items):
    """Mark the tests of the date-sensitive areas ``dates`` (see DATE_SENSITIVE)."""
    root = Path(__file__).parent
    areas = [root / area for area in DATE_SENSITIVE]
    for item in items:
        path = Path(str(item.path))
        if any(path == area or area in path.parents for area in areas):
            item.add_marker(pytest.mark.dates)


# Codes only the ledger's own tests record: the registry refuses a code without an entry
# (audit.events), and these are about the chain, not about any decision.
TEST_EVENT_CODES = (
    "case.noted",
    "case.approved",
    "x",
    "system.ran",
    "standalone",
    "never",
    "inner",
    "innermost",
    "outer.first",
    "outer.last",
    "kept.before",
    "kept.after",
    "load.written",
    "load.discarded",
    "rolled.back",
    "rolled.back.plain",
)


@pytest.fixture(scope="session", autouse=True)
def _test_event_codes():
    for code in TEST_EVENT_CODES:
        events.register(code, label=f"test event {code}")
    yield
    for code in TEST_EVENT_CODES:
        events.unregister(code)


@pytest.fixture(scope="session", autouse=True)
def _pinned_today():
    """``SAHIH_TEST_TODAY=YYYY-MM-DD`` runs the whole session on that day (09:00 in the
    region's time zone, the clock ticking on from there); `make test-dates` uses it to run
    the date-sensitive tests on the calendar's awkward days. Unset: the real day."""
    day = os.environ.get("SAHIH_TEST_TODAY", "").strip()
    if not day:
        yield None
        return
    start = datetime.combine(date.fromisoformat(day), time(9, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(start, tick=True):
        assert timezone.localdate() == start.date()
        yield start.date()


@pytest.fixture(scope="session", autouse=True)
def _test_flush_lifts_ledger_protection():
    """pytest-django's flush after a transactional test: drop triggers, empty, reinstall."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        vendor = self.connection.vendor
        original(
            self,
            [
                *protection.statements(vendor, install=False),
                *sql_list,
                *protection.statements(vendor, install=True),
            ],
        )

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _ledger_protection_in_place(request, django_db_blocker):
    """Every database test starts with the triggers installed (a cheap catalogue query)."""
    if not {"db", "transactional_db"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("django_db_setup")  # the test database, never the real one
    with django_db_blocker.unblock():
        if not protection.installed(connection):
            protection.install(connection)
    yield


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Transactional tests start from an emptied database (pytest-django flushes after each):
    put back what the migrations load -- the ranks and the roles -- before they run."""
    if "transactional_db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    from personnel.models import Rank
    from personnel.ranks import RANKS
    from personnel.roles import ensure_roles

    with django_db_blocker.unblock():
        for code, golongan, pangkat in RANKS:
            Rank.objects.get_or_create(code=code, defaults={"golongan": golongan, "pangkat": pangkat})
        ensure_roles()
    yield


@pytest.fixture(scope="session", autouse=True)
def signing_certificates():
    """The development CA and signer certificate, once per test run, in the test var dir."""
    key = Path(settings.SAHIH_SIGNING["key_file"])
    if not key.exists():
        create_development_certificates(key.parent, common_name="Wali Kota Tanjungbalai (uji)")


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Indonesian): a request made with an English
    cookie leaves English active in the worker's thread for whatever test comes next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def bsre_standin(tmp_path, settings):
    """The BSrE stand-in on a free port of 127.0.0.1; the BSrE client's settings point at it
    and its CA is trusted as the BSrE chain (tests/bsre.py)."""
    handle = start_standin(tmp_path / "bsre-standin")
    settings.SAHIH_SIGNING = bsre_config(settings.SAHIH_SIGNING, handle)
    yield handle
    handle.server.stop()


@pytest.fixture
def city(db):
    return build_city()


@pytest.fixture
def transfer_case(city):
    """A drafted transfer of the city's subject into the vacant BPKAD position."""
    return case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
    )
