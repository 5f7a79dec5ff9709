"""Appends under concurrent writers on PostgreSQL (real threads, real connections)."""

from __future__ import annotations

from itertools import groupby

import pytest
from django.db import connection

from audit import proofs, protection, services
from audit.models import Event
from audit.verify import verify_ledger

from .helpers import postgres, run_in_threads

pytestmark = postgres

WRITERS = 8
TRANSACTIONS = 30


def lock_is_free() -> bool:
    """Whether another connection could take the append lock right now (never waits)."""

    def probe(_index):
        with connection.cursor() as cursor:
            # The high-water mark's row is the append lock, the advisory lock while that row
            # is still missing (audit/services.py, _locked_head).
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [services._ADVISORY_LOCK_KEY])
            advisory_free = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM audit_ledgerhead")
            head_exists = cursor.fetchone()[0] > 0
            cursor.execute("SELECT id FROM audit_ledgerhead WHERE id = 1 FOR UPDATE SKIP LOCKED")
            head_free = cursor.fetchone() is not None
            return advisory_free and (head_free or not head_exists)

    return run_in_threads(1, probe)[0]


def test_recording_takes_no_lock_and_the_flush_holds_it_only_until_commit(transactional_db, monkeypatch):
    seen = {}
    append = services._append

    def append_then_probe(events):
        append(events)
        seen["after_the_flush"] = lock_is_free()

    monkeypatch.setattr(services, "_append", append_then_probe)
    with services.atomic():
        services.record(action="case.noted", object_type="case", object_id=1, actor=None)
        seen["while_recording"] = lock_is_free()
    seen["after_commit"] = lock_is_free()

    assert seen == {"while_recording": True, "after_the_flush": False, "after_commit": True}


def writer(index: int) -> None:
    """Short transactions of one to three events; every fifth also rolls a savepoint back."""
    for number in range(TRANSACTIONS):
        with services.atomic():
            for part in range(1 + number % 3):
                services.record(
                    action="load.written",
                    object_type="writer",
                    object_id=index,
                    actor={"username": f"writer{index}"},
                    data={"transaction": number, "part": part},
                )
            if number % 5 == 4:
                try:
                    with services.atomic():
                        services.record(
                            action="load.discarded", object_type="writer", object_id=index, actor=None
                        )
                        raise LookupError("rolled back")
                except LookupError:
                    pass


def test_eight_writers_appending_at_once_leave_one_valid_gapless_chain(transactional_db):
    run_in_threads(WRITERS, writer)

    expected = WRITERS * sum(1 + number % 3 for number in range(TRANSACTIONS))
    report = verify_ledger(checkpoint_dir=None)
    assert report.ok, report.problem
    assert report.entries == expected
    events = list(Event.objects.order_by("seq"))
    assert [event.seq for event in events] == list(range(1, expected + 1))
    assert not [event for event in events if event.action == "load.discarded"]
    # A transaction's events are appended together: consecutive sequence numbers.
    runs = [
        (key, [event.seq for event in group])
        for key, group in groupby(events, key=lambda e: (e.object_id, e.data["transaction"]))
    ]
    assert len(runs) == WRITERS * TRANSACTIONS
    assert all(seqs == list(range(seqs[0], seqs[0] + len(seqs))) for _key, seqs in runs)
    # Every writer's transactions are in its own order.
    for index in range(WRITERS):
        mine = [e.data["transaction"] for e in events if e.object_id == str(index) and e.data["part"] == 0]
        assert mine == list(range(TRANSACTIONS))


@pytest.mark.parametrize("workers", [2, 3])
def test_parallel_verification_of_aligned_ranges_agrees_with_one_pass(transactional_db, workers):
    for batch in range(10):
        services.record(action="case.noted", object_type="case", object_id=batch, actor=None)
        with services.atomic():
            for index in range(29):
                services.record(
                    action="case.noted", object_type="case", object_id=batch, actor=None, data={"i": index}
                )

    one_pass = verify_ledger(checkpoint_dir=None, merkle=True)
    ranges = verify_ledger(checkpoint_dir=None, workers=workers, chunk=64, parallel_from=1, merkle=True)

    assert one_pass.ok and ranges.ok
    assert one_pass.root == proofs.ledger_tree(300).root().hex()
    assert (ranges.entries, ranges.head, ranges.root) == (one_pass.entries, one_pass.head, one_pass.root)
    assert ranges.entries == 300


def test_parallel_verification_finds_the_same_first_bad_event_across_range_boundaries(transactional_db):
    for batch in range(6):
        with services.atomic():
            for _index in range(10):
                services.record(
                    action="case.noted",
                    object_type="case",
                    object_id=batch,
                    actor=None,
                    data={"note": 'a "quoted" \\ note'},
                )
    with connection.cursor() as cursor:
        protection.remove(connection)
        # #16 opens the third range of 8; rewrite it consistently so only #17's link tells.
        body = Event.objects.get(seq=16).body.replace("quoted", "changed")
        cursor.execute(
            "UPDATE audit_event SET body = %s, hash = %s WHERE seq = 16",
            [body, services.entry_hash(Event.objects.get(seq=16).prev_hash, body)],
        )
        cursor.execute("DELETE FROM audit_event WHERE seq = 41")

    one_pass = verify_ledger(checkpoint_dir=None)
    ranges = verify_ledger(checkpoint_dir=None, workers=2, chunk=8, parallel_from=1)

    assert (one_pass.first_bad_seq, ranges.first_bad_seq) == (16, 16)
    assert (
        one_pass.problem == ranges.problem == "event #16 was changed: event #17 recorded another hash for it"
    )
    assert (
        (ranges.entries, ranges.head)
        == (one_pass.entries, one_pass.head)
        == (15, Event.objects.get(seq=15).hash)
    )
