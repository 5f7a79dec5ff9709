"""Fixtures for the ledger's tests (the flush that lifts the ledger's protection for the
test database is in tests/conftest.py: every area's transactional tests need it)."""

from __future__ import annotations

import pytest
from django.db import connection

from audit import protection


@pytest.fixture
def ledger_files(tmp_path, settings):
    """A fresh signing key, checkpoint directory and witness log for the test."""
    settings.SAHIH_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    settings.SAHIH_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.SAHIH_LEDGER_WITNESS_DIR = tmp_path / "witness"
    return tmp_path


@pytest.fixture
def as_owner():
    """Act as the table's owner (the DBA): the triggers are removed for this test.

    In a ``db`` test the removal rolls back with the test; a transactional test's flush
    reinstalls the triggers.
    """
    protection.remove(connection)
    yield
    if not connection.in_atomic_block and not protection.installed(connection):
        protection.install(connection)
