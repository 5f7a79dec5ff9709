"""Helpers shared by the ledger's tests."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import TestCase

from audit import services

# Tests that need PostgreSQL: marked for CI, and skipped when the suite runs on SQLite.
postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def postgres_only(test):
    """Mark a test as needing PostgreSQL (skipped on SQLite)."""
    for mark in postgres:
        test = mark(test)
    return test


ACTOR = {"username": "clerk", "name": "Siti Rahma", "nip": "198501012010012001", "position": None}


def record_events(count: int, *, object_id: str = "1", action: str = "case.noted", data=None) -> None:
    """Append ``count`` events in one transaction, the way services do (and, as after a real
    commit, their witness lines: a test's own transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True), services.atomic():
        for index in range(count):
            services.record(
                action=action,
                object_type="case",
                object_id=object_id,
                actor=ACTOR,
                data={"index": index, **(data or {})},
            )


def run_in_threads(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads at once, each on its own connection."""
    results: list = [None] * count
    errors: list = []
    start = threading.Barrier(count)

    def body(index: int) -> None:
        try:
            start.wait()
            results[index] = work(index)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
