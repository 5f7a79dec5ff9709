"""The fast pass itself: sound batches are accepted whole, and the tree it builds is right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection

from audit import services, sources
from audit.merkle import root_from_peaks
from audit.models import Event
from audit.proofs import ledger_tree
from audit.scan import Scanner, column_problem, columns_agree

from .helpers import ACTOR, record_events


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(sources, "BATCH", 8)


def batches(lo: int, hi: int) -> list:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return list(sources.pg_batches(connection.connection.pgconn, "audit_event", lo, hi))
    return list(sources.sqlite_batches(connection.connection.cursor(), "audit_event", lo, hi))


def rows(lo: int, hi: int) -> list:
    if connection.vendor == "postgresql":
        return list(sources.pg_rows(connection.connection.pgconn, "audit_event", lo, hi))
    return list(sources.sqlite_rows(connection.connection.cursor(), "audit_event", lo, hi))


def test_sound_batches_are_accepted_whole(db, small_batches):
    record_events(12)
    services.record(action="ledger.checkpoint", object_type="ledger", object_id=12, actor=None)
    record_events(3, object_id="2")

    scanner = Scanner()
    assert [scanner.batch(columns) for columns in batches(0, 16)] == [True, True]
    assert scanner.found is None and scanner.last == 16
    assert scanner.prev_hex.decode() == Event.objects.get(seq=16).hash


def test_a_batch_with_a_quote_in_a_column_is_checked_row_by_row_and_passes(db, small_batches):
    services.record(action="case.noted", object_type="case", object_id=1, actor={"username": "o'brien\"x"})
    record_events(3)

    scanner = Scanner()
    (columns,) = batches(0, 4)
    assert not scanner.batch(columns)
    scanner.rows(rows(0, 4))
    assert scanner.found is None and scanner.last == 4


def test_a_batch_with_the_separator_in_a_column_is_checked_row_by_row_and_passes(db, small_batches):
    # PostgreSQL sends a batch as one string of values joined by the unit separator.
    services.record(action="case.noted", object_type="case", object_id="1\x1f2", actor={"username": "a\x1fb"})
    record_events(3)

    scanner = Scanner()
    (columns,) = batches(0, 4)
    assert not scanner.batch(columns)
    scanner.rows(rows(0, 4))
    assert scanner.found is None and scanner.last == 4


@pytest.mark.parametrize("column", [3, 4, 5, 6, 7])
def test_each_column_is_compared_with_the_body(db, column):
    record_events(1)
    (row,) = rows(0, 1)
    seq_b, _prev, _hash, action, object_type, object_id, username, at, body = row
    assert columns_agree([body], [action], [object_type], [object_id], [username], [at], [seq_b])

    altered = list(row)
    altered[column] = b"2020-01-01T00:00:00.000000" if column == 7 else altered[column] + b"x"
    _seq, _p, _h, action, object_type, object_id, username, at, body = altered
    assert not columns_agree([body], [action], [object_type], [object_id], [username], [at], [seq_b])
    name = {3: "action", 4: "object", 5: "object", 6: "actor", 7: "at"}[column]
    found = column_problem(1, action, object_type, object_id, username, at, body)
    assert found["text"] == f"event #1: the {name} column disagrees with the hashed body"
    assert found["params"] == {"seq": 1, "columns": name}


def test_the_tree_from_batches_and_rows_has_the_right_root_at_every_size(db, small_batches):
    for index in range(45):
        services.record(
            action="case.noted", object_type="case", object_id=index, actor=ACTOR if index % 3 else None
        )
    tree = ledger_tree(45)
    table, everything = "audit_event", list(range(1, 46))
    connection.ensure_connection()
    handle = (
        connection.connection.pgconn if connection.vendor == "postgresql" else connection.connection.cursor()
    )

    result = sources.scan_range(connection.vendor, handle, table, 0, 45, everything)
    aligned = sources.scan_range(connection.vendor, handle, table, 16, 32, everything)

    assert result["problem"] is None and root_from_peaks(result["peaks"]) == tree.root()
    assert all(root_from_peaks(result["marks"][m][1]) == tree.root(m) for m in everything)
    assert all(result["marks"][m][0] == Event.objects.get(seq=m).hash for m in (1, 8, 9, 45))
    assert aligned["peaks"] == [tree.subtree(16, 32)] and aligned["count"] == 16


@pytest.mark.parametrize("microsecond", [0, 120000, 5])
def test_times_whose_fraction_the_database_shortens_still_pass_whole(db, small_batches, microsecond):
    with time_machine.travel(datetime(2026, 3, 2, 8, 30, 15, microsecond, tzinfo=UTC), tick=False):
        record_events(3)

    scanner = Scanner()
    assert [scanner.batch(columns) for columns in batches(0, 3)] == [True]
