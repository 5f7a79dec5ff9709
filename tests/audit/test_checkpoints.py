"""Signed checkpoints, the verify report, the commands and the scheduled task."""

from __future__ import annotations

import json
import stat

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit import checkpoints, proofs, protection
from audit.merkle import leaf_hash, verify_consistency, verify_inclusion
from audit.models import Event
from audit.tasks import checkpoint as checkpoint_task
from audit.verify import verify_ledger
from audit.verify_bundle import public_key_from_pem, verify_signed

from .helpers import record_events


def test_a_checkpoint_is_signed_written_outside_the_database_and_recorded(db, ledger_files):
    record_events(5)

    document = checkpoints.create_checkpoint()

    path = settings.SAHIH_CHECKPOINT_DIR / "checkpoint-000000000005.json"
    assert json.loads(path.read_text()) == document
    assert document["size"] == 5
    assert document["head"] == Event.objects.get(seq=5).hash
    assert document["root"] == proofs.ledger_tree(5).root().hex()
    public_key = public_key_from_pem(checkpoints.public_key_pem())
    assert verify_signed(document, public_key) and checkpoints.signature_valid(document, public_key)
    recorded = Event.objects.get(seq=6)
    assert recorded.action == "ledger.checkpoint"
    assert recorded.data["root"] == document["root"] and recorded.data["signature"] == document["signature"]


def test_the_signing_key_is_created_once_readable_only_by_its_owner(db, ledger_files):
    first = checkpoints.public_key_pem()
    second = checkpoints.public_key_pem()

    assert first == second
    assert stat.S_IMODE(settings.SAHIH_LEDGER_KEY_FILE.stat().st_mode) == 0o600


def test_the_public_key_is_exported_for_inspectors(db, ledger_files, capsys):
    call_command("audit_checkpoint", public_key=True)

    assert public_key_from_pem(capsys.readouterr().out) == checkpoints.public_key_raw()


def test_each_checkpoint_covers_the_previous_one_and_proofs_link_them(db, ledger_files):
    record_events(4)
    first = checkpoints.create_checkpoint()
    record_events(7, object_id="2")
    second = checkpoints.create_checkpoint()

    assert (first["size"], second["size"]) == (4, 12)  # the first checkpoint's own event is #5
    consistency = proofs.consistency_proof(old=first, new=second)
    path = [bytes.fromhex(step) for step in consistency["path"]]
    assert verify_consistency(4, 12, bytes.fromhex(first["root"]), bytes.fromhex(second["root"]), path)
    assert not verify_consistency(4, 12, bytes.fromhex(second["root"]), bytes.fromhex(second["root"]), path)
    for seq in range(1, 13):
        proof = proofs.inclusion_proof(seq=seq, checkpoint=second)
        leaf = leaf_hash(bytes.fromhex(proof["event_hash"]))
        steps = [bytes.fromhex(step) for step in proof["path"]]
        assert verify_inclusion(leaf, seq - 1, 12, steps, bytes.fromhex(second["root"]))


def test_verify_reports_every_checkpoint_in_the_api_shape(db, ledger_files):
    record_events(3)
    checkpoints.create_checkpoint()
    record_events(2)

    report = verify_ledger().as_dict()

    assert set(report) == {
        "ok",
        "entries",
        "head",
        "root",
        "first_bad_seq",
        "problem",
        "checkpoints",
        "mark",
        "witnessed",
        "claims",
        "protection",
        "problems",
    }
    assert report["ok"] and report["entries"] == 6 and report["first_bad_seq"] is None
    assert (
        report["mark"] == 6 and report["witnessed"] == 5 and report["protection"] == report["problems"] == []
    )
    assert report["checkpoints"] == [
        {
            "name": "checkpoint-000000000003.json",
            "ok": True,
            "size": 3,
            "at": report["checkpoints"][0]["at"],
            "problem": "",
        }
    ]


def test_audit_verify_prints_the_result_and_fails_with_the_first_bad_sequence(db, ledger_files, capsys):
    record_events(4)
    call_command("audit_checkpoint")
    call_command("audit_verify")
    assert "Ledger verified." in capsys.readouterr().out

    protection.remove(connection)  # the owner drops the triggers (rolled back with the test)
    with connection.cursor() as cursor:  # and edits the table directly
        cursor.execute("UPDATE audit_event SET object_id = '99' WHERE seq = 3")
    with pytest.raises(CommandError, match=r"at event #3: event #3: the object column disagrees"):
        call_command("audit_verify")


def test_a_ledger_that_fails_verification_is_not_signed(db, ledger_files, as_owner):
    record_events(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE seq = 2")

    with pytest.raises(CommandError, match="Not signed: the ledger fails verification at event #2"):
        call_command("audit_checkpoint")
    assert not list(settings.SAHIH_CHECKPOINT_DIR.glob("*.json"))


def test_an_existing_checkpoint_file_is_never_replaced(db, ledger_files):
    record_events(2)
    document = checkpoints.create_checkpoint()
    path = settings.SAHIH_CHECKPOINT_DIR / checkpoints.file_name(document["size"])
    forged = {**document, "root": "00" * 32}
    with pytest.raises(FileExistsError):
        checkpoints._write_once(path, forged)
    assert json.loads(path.read_text()) == document


def test_the_scheduled_task_signs_a_checkpoint(db, ledger_files):
    record_events(2)

    result = checkpoint_task.delay().get()

    assert result["size"] == 2 and (settings.SAHIH_CHECKPOINT_DIR / result["file"]).exists()
    assert settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]["task"] == checkpoint_task.name
