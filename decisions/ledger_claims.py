"""The ledger events the legal record says must exist (registered with audit.claims).

Every case's current status was set by an event, every signed decree has its
``decree.issued`` (appended after the ledger position the decree witnessed when it was
signed), every superseded or revoked decree its ``decree.superseded``/``decree.revoked``.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.claims import Claim

from .lifecycle import TRANSITIONS
from .models import Case, Decree

# The event that puts a case in each status, from the lifecycle's table (a first submission
# before a resubmission); a return is recorded by the task decision that made it. Old
# ledgers' codes (``case.transfer.submitted``) count: audit.claims reads them as aliases.
STATUS_EVENTS = {
    transition.target: transition.records
    for transition in reversed(TRANSITIONS.values())
    if transition.records
} | {Case.Status.RETURNED: "task.returned"}


def claims() -> Iterator[Claim]:
    for case in Case.objects.only("pk", "kind", "status", "created_at").iterator(chunk_size=2000):
        yield Claim(
            what=f"{case.reference} {case.status}",
            action=STATUS_EVENTS[case.status],
            object_type="case",
            object_id=str(case.pk),
        )
    for case_id, number, status, signer in Decree.objects.values_list(
        "case_id", "number", "status", "signer"
    ):
        yield Claim(
            what=f"SK {number}",
            action="decree.issued",
            object_type="case",
            object_id=str(case_id),
            data={"number": number},
            after=int((signer or {}).get("ledger_position") or 0),
        )
        if status != Decree.Status.VALID:
            yield Claim(
                what=f"SK {number} {status}",
                action=f"decree.{status}",
                object_type="case",
                object_id=str(case_id),
                data={"number": number},
            )
