"""Writing to the ledger.

Every service that changes state records its events with ``record()`` inside
``audit.services.atomic()``. Events are buffered and appended in one go just before the
outermost block ends, so the ledger's head is locked only for the last instant of each
transaction -- concurrent transactions run in parallel and queue only to append
(docs/ledger.md, "Appending under concurrency").

Buffered events ride on Django's on-commit list as inert markers: when a savepoint rolls
back, Django drops the callbacks registered inside it, and with them our markers, so an
event never outlives the change it describes.

The head is read under a transaction-level lock, which needs READ COMMITTED (Django's
default): under REPEATABLE READ the head would be stale and the insert fails on the primary
key -- an error, never a fork.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache, partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import canonical, events, witness
from .models import GENESIS_HASH, Event, LedgerHead

LEDGER_VERSION = 1
# Any constant works; it names the advisory lock that serialises the first append of an
# emptied database, before the high-water mark's row exists (``_head``).
_ADVISORY_LOCK_KEY = 0x5A4849480001

_state = threading.local()


@dataclass
class _PendingEvent:
    """An event waiting to be appended; a no-op when Django runs it after commit."""

    action: str
    object_type: str
    object_id: str
    actor: dict | None
    data: dict = field(default_factory=dict)
    appended: bool = False

    def __call__(self) -> None:
        """Already appended before commit; nothing to do after it."""


def entry_hash(prev_hash: str, body: str) -> str:
    """The event hash: SHA-256 over the previous hash's 32 raw bytes, then the body's UTF-8."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + body.encode("utf-8")).hexdigest()


def format_at(at: datetime) -> str:
    """The body's timestamp: UTC, always with microseconds, so it has one text form."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def event_body(*, seq: int, at: datetime, action: str, object_type: str, object_id: str, actor, data) -> str:
    """The canonical body of one event (docs/ledger.md, "Canonical form")."""
    return canonical.dumps(
        {
            "v": LEDGER_VERSION,
            "seq": seq,
            "at": format_at(at),
            "action": action,
            "object": {"type": object_type, "id": object_id},
            "actor": actor,
            "data": data,
        }
    )


def record(
    *,
    action: str,
    object_type: str,
    object_id: Any,
    actor: dict | None,
    data: dict | None = None,
) -> None:
    """Record an event in the current transaction.

    ``actor`` is the identity as it was (username, name, NIP, position, unit), built by the
    caller; the ledger stores it as given. ``data`` must be canonical JSON material.
    ``action`` must be registered (``audit.events``): a code nobody can read is refused.
    """
    events.require(action)
    pending = _PendingEvent(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        actor=canonical.normalise(actor),
        data=canonical.normalise(data or {}),
    )
    if getattr(_state, "depth", 0) > 0:
        transaction.on_commit(pending)
    else:
        with transaction.atomic():
            _append([pending])


@contextmanager
def atomic():
    """``transaction.atomic()`` whose recorded events are appended just before it ends."""
    depth = getattr(_state, "depth", 0)
    with transaction.atomic():
        _state.depth = depth + 1
        try:
            yield
            if depth == 0:
                _append(_surviving_events())
        finally:
            _state.depth = depth


def _username(actor) -> str:
    """The actor column: the snapshot's username, or "" for the system and odd snapshots."""
    return str(actor.get("username") or "") if isinstance(actor, dict) else ""


def _surviving_events() -> list[_PendingEvent]:
    return [
        callback
        for _sids, callback, _robust in connection.run_on_commit
        if isinstance(callback, _PendingEvent) and not callback.appended
    ]


def _locked_head() -> tuple[int, str] | None:
    """The high-water mark, its row locked until commit: the lock that serialises appends on
    PostgreSQL, taken and read in one statement (the hot path appends once per decision).
    SQLite serialises writers itself: a write transaction holds the database lock."""
    if connection.vendor != "postgresql":
        return LedgerHead.objects.values_list("seq", "hash").first()
    select = "SELECT seq, hash FROM audit_ledgerhead WHERE id = 1 FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(select)
        row = cursor.fetchone()
        if row is None:
            # No high-water mark yet (an emptied database): one writer at a time creates it,
            # then every writer locks the same row.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
            _head()
            cursor.execute(select)
            row = cursor.fetchone()
    return row


# The ledger's columns in the order ``_append`` builds each row's values; a test holds this to
# the model's fields.
EVENT_COLUMNS = (
    "seq",
    "at",
    "action",
    "object_type",
    "object_id",
    "actor_username",
    "body",
    "prev_hash",
    "hash",
)


@cache
def _event_fields() -> list:
    return [Event._meta.get_field(name) for name in EVENT_COLUMNS]


@lru_cache(maxsize=32)
def _insert_sql(vendor: str, rows: int) -> str:
    """The INSERT of ``rows`` events on ``vendor``'s database, placeholders for the values."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in EVENT_COLUMNS)
    values = ", ".join(["(" + ", ".join(["%s"] * len(EVENT_COLUMNS)) + ")"] * rows)
    return f"INSERT INTO {quote(Event._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608 - names quoted, values bound


def _insert(rows: list[tuple]) -> None:
    """Insert the events' rows (values in ``EVENT_COLUMNS`` order) as ``bulk_create`` would --
    each value prepared by its field for this database, batches as large as the backend takes
    -- but with SQL built once per number of rows: compiling the ORM's insert on every append
    cost more CPU than the rest of it (issue 15 §1). ``personnel.compiled.insert`` does the
    same for one row of any model; the ledger imports nothing of ours, and appends many."""
    fields = _event_fields()
    batch = max(connection.ops.bulk_batch_size(fields, rows), 1)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [
                field.get_db_prep_save(value, connection)
                for row in chunk
                for field, value in zip(fields, row, strict=True)
            ]
            cursor.execute(_insert_sql(connection.vendor, len(chunk)), params)


def _append(events: list[_PendingEvent]) -> None:
    if not events:
        return
    seq, prev_hash = _locked_head() or _head()
    at = timezone.now()
    rows = []
    for pending in events:
        seq += 1
        body = event_body(
            seq=seq,
            at=at,
            action=pending.action,
            object_type=pending.object_type,
            object_id=pending.object_id,
            actor=pending.actor,
            data=pending.data,
        )
        digest = entry_hash(prev_hash, body)
        rows.append(
            (
                seq,
                at,
                pending.action,
                pending.object_type,
                pending.object_id,
                _username(pending.actor),
                body,
                prev_hash,
                digest,
            )
        )
        prev_hash = digest
    # The insert moves the high-water mark forward too (a trigger: protection.py).
    _insert(rows)
    for pending in events:
        pending.appended = True
    transaction.on_commit(partial(witness.write, [(row[0], row[-1]) for row in rows]))


def position() -> int:
    """How long the ledger is, as far as this transaction can tell: the high-water mark.
    Every event appended from now on gets a higher sequence number."""
    mark = LedgerHead.objects.values_list("seq", flat=True).first()
    if mark is not None:
        return mark
    return Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _head() -> tuple[int, str]:
    """Where the next event links: the high-water mark, not the last row -- after rows were
    removed from the tail, numbering goes on past them and the gap stays visible."""
    mark = LedgerHead.objects.values_list("seq", "hash").first()
    if mark is None:  # an emptied test database; a real one has the row from migration 0003
        last = Event.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS_HASH)
        LedgerHead.objects.create(id=1, seq=last[0], hash=last[1])
        return last
    return mark
