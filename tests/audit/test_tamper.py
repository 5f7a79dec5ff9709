"""The tamper matrix: every way of rewriting history is refused by the database or, when the
owner (the DBA) removes the triggers, found by audit_verify at the right sequence number."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import TestCase

from audit import checkpoints, services
from audit.models import Event
from audit.verify import verify_ledger

from .helpers import postgres_only, record_events


@pytest.fixture
def ledger(db, ledger_files):
    """Sixteen events: checkpoint A covers #1-#5 (its event is #6), B covers #1-#12 (#13)."""
    record_events(5)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the checkpoint's event is witnessed too
        checkpoints.create_checkpoint()
    record_events(6, object_id="2")
    with TestCase.captureOnCommitCallbacks(execute=True):
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


def cut_tail_and_lower_the_mark(after: int) -> None:
    """The owner removes everything after #``after`` and sets the high-water mark back to it,
    so that the application numbers its next events from there: a valid chain."""
    last = Event.objects.get(seq=after)
    sql("DELETE FROM audit_event WHERE seq > %s", params=[after])
    sql("UPDATE audit_ledgerhead SET seq = %s, hash = %s", params=[after, last.hash])


def test_a_history_rewritten_from_the_middle_is_named_at_its_first_changed_event(ledger, as_owner):
    # Checkpoint B covers #1-#12; the witness log saw #1-#16 as they were appended.
    cut_tail_and_lower_the_mark(10)
    record_events(4, object_id="9")

    report = verify_ledger()

    assert report.entries == 14 and not report.ok  # the chain alone is valid
    assert report.first_bad_seq == 11
    assert "event #11 is the first that differs" in report.problem
    assert [item.ok for item in report.checkpoints] == [True, False]


def test_without_a_witness_a_checkpoint_bounds_the_rewrite_to_what_it_does_not_vouch_for(ledger, as_owner):
    cut_tail_and_lower_the_mark(10)
    record_events(4, object_id="9")

    report = verify_ledger(witness_dir=None)

    assert report.entries == 14 and not report.ok
    assert report.first_bad_seq == 6, report.problems  # checkpoint A still vouches for #1-#5
    assert "differ from the signed checkpoint (rewritten somewhere in #6–#12)" in report.problem


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


# --- beyond the chain: the tail, rewrites with every later hash recomputed, the protection ----


def rechain_from(seq: int, change) -> None:
    """The owner rewrites event ``seq`` with ``change(body)`` and recomputes every later
    hash, so the chain alone is valid again."""
    prev = Event.objects.get(seq=seq - 1).hash
    for event in Event.objects.filter(seq__gte=seq).order_by("seq"):
        body = change(event.body) if event.seq == seq else event.body
        digest = services.entry_hash(prev, body)
        actor = json.loads(body)["actor"]
        sql(
            "UPDATE audit_event SET body = %s, prev_hash = %s, hash = %s, actor_username = %s WHERE seq = %s",
            params=[body, prev, digest, (actor or {}).get("username", ""), event.seq],
        )
        prev = digest


def tamper_delete_the_tail():
    sql("DELETE FROM audit_event WHERE seq > 12")  # #13-#16: no checkpoint covers them


def tamper_rewrite_and_rechain_inside_a_checkpoint():
    rechain_from(9, lambda body: body.replace('"index":2', '"index":7'))


def tamper_edit_after_the_last_checkpoint():
    rechain_from(15, lambda body: body.replace('"username":"clerk"', '"username":"mallory"'))


BEYOND = {
    "delete the last events": (tamper_delete_the_tail, 13, "events #13–#16 were removed"),
    "rewrite one event and recompute the rest": (
        tamper_rewrite_and_rechain_inside_a_checkpoint,
        9,
        "event #9 is the first that differs",
    ),
    "edit after the last checkpoint and recompute": (
        tamper_edit_after_the_last_checkpoint,
        15,
        "event #15 was changed: its hash differs from the one witnessed",
    ),
}


@pytest.mark.parametrize(("tamper", "first_bad", "problem"), BEYOND.values(), ids=BEYOND.keys())
def test_audit_verify_names_rewrites_the_chain_cannot_see(ledger, as_owner, tamper, first_bad, problem):
    tamper()

    report = verify_ledger()

    assert not report.ok
    assert report.first_bad_seq == first_bad
    assert problem in report.problem


def test_numbers_are_never_reused_after_the_tail_was_cut(ledger, as_owner):
    tamper_delete_the_tail()
    record_events(2, object_id="7")

    assert list(Event.objects.filter(seq__gt=12).values_list("seq", flat=True)) == [17, 18]
    report = verify_ledger(checkpoint_dir=None, witness_dir=None)  # the chain and the mark alone
    assert not report.ok and report.first_bad_seq == 13
    assert "event #13 is missing" in report.problem


def test_the_high_water_mark_only_moves_forward(ledger):
    for statement in (
        "UPDATE audit_ledgerhead SET seq = 3",
        "UPDATE audit_ledgerhead SET hash = 'x'",
        "DELETE FROM audit_ledgerhead",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                sql(statement)
    assert verify_ledger().ok


def test_a_dropped_trigger_is_reported(ledger):
    name = "audit_event_no_update_delete" if connection.vendor == "postgresql" else "audit_event_no_update"
    sql(f"DROP TRIGGER {name}" + (" ON audit_event" if connection.vendor == "postgresql" else ""))

    report = verify_ledger()

    assert not report.ok and report.first_bad_seq is None
    assert report.protection == [f"trigger {name} is missing"]
    assert "protection is not in force" in report.problem


@postgres_only
def test_a_disabled_trigger_is_reported(ledger):
    sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete")

    report = verify_ledger()

    assert not report.ok
    assert report.protection == ["trigger audit_event_no_update_delete is disabled"]


@postgres_only
def test_a_replica_session_is_reported_and_still_refused(ledger):
    sql("SET session_replication_role = replica")
    try:
        report = verify_ledger()
        with pytest.raises(DatabaseError, match="append-only"):  # ENABLE ALWAYS: still fires
            with transaction.atomic():
                sql(REFUSED["delete"])
    finally:
        sql("SET session_replication_role = origin")

    assert not report.ok
    assert report.protection == ["this session runs with session_replication_role = replica"]


@postgres_only
def test_triggers_that_a_replica_session_skips_are_reported(ledger):
    sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate")  # back to ORIGIN only

    report = verify_ledger()

    assert report.protection == [
        "trigger audit_event_no_truncate is silenced by session_replication_role = replica"
    ]
