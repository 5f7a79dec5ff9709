"""The application's own records witness the ledger: every decided task, every signed decree
(and the ledger position it was signed at), every case status has its event. Cutting the
last events off the ledger is found even with no checkpoint and no witness log covering them.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from django.db import connection

from audit import claims, protection
from audit.models import Event
from audit.verify import verify_ledger
from workflows.services import case_submit

from .conftest import decide


@pytest.fixture
def signed(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    for stage, user in [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)
    return case


def test_each_app_registers_its_records_as_witnesses():
    assert {"decisions", "workflows"} <= set(claims.sources())


def test_a_sound_ledger_meets_every_claim_of_the_records(signed):
    report = verify_ledger(checkpoint_dir=None, witness_dir=None)

    assert report.ok, report.problems
    assert report.claims >= 8  # six decided tasks, the decree, the case's status


def test_the_signed_sk_carries_the_ledger_position_it_was_signed_at(signed):
    decree = signed.decree
    issued = Event.objects.get(action="decree.issued", object_id=str(signed.pk))
    position = decree.signer["ledger_position"]

    assert 0 < position < issued.seq
    assert issued.data["ledger_position"] == position
    with decree.pdf.open("rb") as handle:
        fields = pypdf.PdfReader(io.BytesIO(handle.read())).get_fields()
    reasons = [field.get("/V", {}).get("/Reason", "") for field in fields.values()]
    assert any(f"buku besar audit #{position}" in reason for reason in reasons)


@pytest.mark.ledger_cut
def test_cutting_the_last_events_is_found_from_the_records(signed):
    signing = Event.objects.filter(object_id=str(signed.pk), action="task.approved").order_by("-seq").first()
    protection.remove(connection)  # the owner, in this test's transaction
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE seq >= %s", [signing.seq - 1])
        # ... and hides the cut from the high-water mark as well.
        last = Event.objects.order_by("-seq").first()
        cursor.execute("UPDATE audit_ledgerhead SET seq = %s, hash = %s", [last.seq, last.hash])
    protection.install(connection)

    report = verify_ledger(checkpoint_dir=None, witness_dir=None)

    assert not report.ok
    assert f"SK {signed.decree.number}" in report.problem and "(signing) approved" in report.problem
    # The decree was signed at a position the ledger no longer reaches past.
    assert report.first_bad_seq == signed.decree.signer["ledger_position"] + 1
