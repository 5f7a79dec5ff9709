"""A verification running beside live appends (the Celery checkpoint does) must not take an
event appended meanwhile for events removed from the tail: the last event and the high-water
mark are read in one statement, one snapshot."""

from __future__ import annotations

from django.db import connection

from audit.verify import verify_ledger

from .helpers import record_events


def test_an_append_committed_while_the_ledger_is_verified_is_not_taken_for_a_removal(db):
    record_events(3)
    appended = []

    def append_after_the_first_read_of_the_events(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not appended and "audit_event" in sql and sql.lstrip().upper().startswith("SELECT"):
            appended.append(True)  # before recording: the append's own statements pass through here
            record_events(1, object_id="2")  # another process's append, landing between reads
        return result

    with connection.execute_wrapper(append_after_the_first_read_of_the_events):
        report = verify_ledger(checkpoint_dir=None, witness_dir=None)

    assert appended
    assert report.ok, report.problems
