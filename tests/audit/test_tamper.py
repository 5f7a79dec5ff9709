"""The tamper matrix: every way of rewriting history is refused by the database or, when the
owner (the DBA) removes the triggers, found by audit_verify at the right sequence number."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from audit import checkpoints, services
from audit.models import Event
from audit.verify import verify_ledger

from .helpers import record_events


@pytest.fixture
def ledger(db, ledger_files):
    """Sixteen events: checkpoint A covers #1-#5 (its event is #6), B covers #1-#12 (#13)."""
    record_events(5)
    checkpoints.create_checkpoint()
    record_events(6, object_id="2")
    checkpoints.create_checkpoint()
    record_events(3, object_id="3")
    assert Event.objects.count() == 16 and verify_ledger().ok


def sql(*statements: str, params=None) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)


def forge_event(seq: int, prev_hash: str) -> tuple[str, str]:
    body = services.event_body(
        seq=seq,
        at=Event.objects.get(seq=seq - 1).at,
        action="case.approved",
        object_type="case",
        object_id="2",
        actor={"username": "intruder"},
        data={},
    )
    return body, services.entry_hash(prev_hash, body)


# --- refused by the database ----------------------------------------------------------------

TRUNCATE = "TRUNCATE audit_event" if connection.vendor == "postgresql" else "DELETE FROM audit_event"
REFUSED = {
    "update": "UPDATE audit_event SET body = replace(body, 'index', 'indeks') WHERE seq = 8",
    "update a column": "UPDATE audit_event SET actor_username = 'nobody' WHERE seq = 8",
    "delete": "DELETE FROM audit_event WHERE seq = 8",
    "insert (renumbering)": "UPDATE audit_event SET seq = -seq WHERE seq > 8",
    "reorder": "UPDATE audit_event SET seq = CASE seq WHEN 9 THEN 10 ELSE 9 END WHERE seq IN (9, 10)",
    "truncate": TRUNCATE,
}


@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_the_database_refuses_to_rewrite_history(ledger, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            sql(statement)

    assert verify_ledger().ok


# --- found by audit_verify when the owner rewrites it anyway --------------------------------


def tamper_update_body():
    sql("UPDATE audit_event SET body = replace(body, '\"index\":2', '\"index\":7') WHERE seq = 9")


def tamper_update_column():
    sql("UPDATE audit_event SET actor_username = 'nobody' WHERE seq = 9")


def tamper_rewrite_consistently():
    old = Event.objects.get(seq=9)
    body = old.body.replace('"index":2', '"index":7')
    sql(
        "UPDATE audit_event SET body = %s, hash = %s WHERE seq = 9",
        params=[body, services.entry_hash(old.prev_hash, body)],
    )


def tamper_delete():
    sql("DELETE FROM audit_event WHERE seq = 9")


def tamper_delete_and_renumber():
    sql(
        "DELETE FROM audit_event WHERE seq = 9",
        "UPDATE audit_event SET seq = -seq WHERE seq > 9",
        "UPDATE audit_event SET seq = -seq - 1 WHERE seq < 0",
    )


def tamper_insert():
    sql(
        "UPDATE audit_event SET seq = -seq WHERE seq >= 9",
        "UPDATE audit_event SET seq = -seq + 1 WHERE seq < 0",
    )
    body, digest = forge_event(9, Event.objects.get(seq=8).hash)
    Event.objects.bulk_create(
        [
            Event(
                seq=9,
                at=Event.objects.get(seq=8).at,
                action="case.approved",
                object_type="case",
                object_id="2",
                actor_username="intruder",
                body=body,
                prev_hash=Event.objects.get(seq=8).hash,
                hash=digest,
            )
        ]
    )


def tamper_reorder():
    sql(
        "UPDATE audit_event SET seq = -seq WHERE seq IN (9, 10)",
        "UPDATE audit_event SET seq = 10 WHERE seq = -9",
        "UPDATE audit_event SET seq = 9 WHERE seq = -10",
    )


def tamper_truncate_after_checkpoint():
    sql("DELETE FROM audit_event WHERE seq > 10")


MATRIX = {
    "update the body": (tamper_update_body, 9, "the hash does not match its content"),
    "update a column": (tamper_update_column, 9, "the actor column disagrees with the hashed body"),
    "update and rehash one event": (tamper_rewrite_consistently, 9, "event #9 was changed"),
    "delete": (tamper_delete, 9, "event #9 is missing"),
    "delete and renumber": (tamper_delete_and_renumber, 9, "event #9 is missing or moved"),
    "insert": (tamper_insert, 9, "event #9 was inserted"),
    "reorder": (tamper_reorder, 9, "event #9 is missing or moved"),
    "truncate after a checkpoint": (tamper_truncate_after_checkpoint, 11, "events #11–#12 were removed"),
}


@pytest.mark.parametrize(("tamper", "first_bad", "problem"), MATRIX.values(), ids=MATRIX.keys())
def test_audit_verify_names_the_first_rewritten_event(ledger, as_owner, tamper, first_bad, problem):
    tamper()

    report = verify_ledger()

    assert not report.ok
    assert report.first_bad_seq == first_bad
    assert problem in report.problem
    assert report.entries == first_bad - 1  # what is still sound: everything before it


def test_a_history_rewritten_from_the_middle_is_caught_by_the_checkpoint_that_covers_it(ledger, as_owner):
    # The owner cuts the tail and lets the application write new events: a valid chain,
    # but not the one checkpoint B signed. Checkpoint A still vouches for #1-#5.
    sql("DELETE FROM audit_event WHERE seq > 10")
    record_events(4, object_id="9")

    report = verify_ledger()

    assert report.entries == 14 and not report.ok
    assert report.first_bad_seq == 6
    assert "differ from the signed checkpoint (rewritten somewhere in #6–#12)" in report.problem
    assert [item.ok for item in report.checkpoints] == [True, False]


def edit_checkpoint(name: str, **changes) -> None:
    path = settings.SAHIH_CHECKPOINT_DIR / name
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


@pytest.mark.parametrize(
    "changes",
    [{"root": "ab" * 32}, {"size": 4}, {"at": "2020-01-01T00:00:00+00:00"}],
    ids=["root", "size", "time"],
)
def test_a_forged_checkpoint_is_reported(ledger, changes):
    edit_checkpoint("checkpoint-000000000005.json", **changes)

    report = verify_ledger()

    assert not report.ok and report.first_bad_seq is None
    forged = report.checkpoints[0]
    assert not forged.ok and "signature does not verify" in forged.problem
    assert report.checkpoints[1].ok


def test_a_checkpoint_signed_with_another_key_is_reported(ledger, tmp_path, settings):
    document = json.loads((settings.SAHIH_CHECKPOINT_DIR / "checkpoint-000000000012.json").read_text())
    settings.SAHIH_LEDGER_KEY_FILE = tmp_path / "attacker.pem"
    forged = checkpoints.sign({**document, "root": "cd" * 32})
    settings.SAHIH_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    (settings.SAHIH_CHECKPOINT_DIR / "checkpoint-000000000012.json").write_text(json.dumps(forged))

    report = verify_ledger()

    assert not report.ok
    assert [item.ok for item in report.checkpoints] == [True, False]
