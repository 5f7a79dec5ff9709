"""The inspectors' own reads, in the ledger: who searched, opened or exported what.

Each read is one ``inspector.*`` event under ``object_type="inspection"`` and the reader's
user id, appended in its own short transaction (one lock, one head read, one insert). They
are not case events: they do not appear in a case's timeline, its "as of" state or its
evidence bundle, and officials reading a case never see who inspected it.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from audit import services as ledger
from personnel.selectors import identity_of

from .access import check_may_inspect

OBJECT_TYPE = "inspection"
SEARCHED, VIEWED, EXPORTED = "inspector.searched", "inspector.viewed", "inspector.exported"


def record_read(*, actor: AbstractBaseUser, action: str, data: dict) -> None:
    """Append one read event for ``actor`` (no other write happens in a read)."""
    with ledger.atomic():
        ledger.record(
            action=action,
            object_type=OBJECT_TYPE,
            object_id=actor.pk,
            actor=identity_of(actor),
            data=data,
        )


def record_search(
    *, actor: AbstractBaseUser, filters: dict, page: int, count: int, case_ids: list[int], channel: str
) -> None:
    """A search and the cases it showed (the page read, not every match)."""
    check_may_inspect(actor)
    record_read(
        actor=actor,
        action=SEARCHED,
        data={"channel": channel, "filters": filters, "page": page, "count": count, "cases": case_ids},
    )


def record_view(
    *,
    actor: AbstractBaseUser,
    case_id: int,
    view: str,
    channel: str,
    until_seq: int | None = None,
    until_at: datetime | None = None,
    state_seq: int | None = None,
) -> None:
    """A case's timeline (``view="timeline"``) or its state as of a moment (``"as_of"``)."""
    check_may_inspect(actor)
    data: dict = {"channel": channel, "case": case_id, "view": view}
    if view == "as_of":
        data["as_of"] = {"seq": until_seq, "at": until_at, "state_seq": state_seq}
    record_read(actor=actor, action=VIEWED, data=data)
