"""What the application's own records say the ledger must hold.

A chain checks itself, and the witness and checkpoints check what they saw; neither knows
that a decision was taken whose event was cut off the tail before anything witnessed it.
The records that outlive such a cut do: a task marked decided, a decree signed (which also
carries the ledger position it was signed at), a case in a status. Each app that owns such
records registers a *source* of claims here -- ``audit`` imports none of them -- and
verification checks every claim against the events (docs/ledger.md, "Completeness").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import events
from .models import Event
from .scan import gettext_noop, message

CHUNK = 5000


@dataclass(frozen=True)
class Claim:
    """An event the ledger must hold: its action on an object, with ``data`` among its data,
    appended after event #``after`` (the ledger position a signed decree witnessed)."""

    what: str  # for people: "decree 800.1.3.3/0001/BKPSDM/2026"
    action: str
    object_type: str
    object_id: str
    data: dict = field(default_factory=dict)
    after: int = 0


Source = Callable[[], Iterable[Claim]]
_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Called from an app's ``ready()``: ``source()`` yields the claims of its records."""
    _sources[name] = source


def sources() -> dict[str, Source]:
    return dict(_sources)


def _matches(claim: Claim, seq: int, data: dict) -> bool:
    return seq > claim.after and all(data.get(key) == value for key, value in claim.data.items())


def check(head: int) -> tuple[dict | None, int]:
    """The first unmet claim (as a problem, with the first sequence number it puts in doubt,
    if any) and how many claims were checked."""
    wanted: dict[tuple[str, str, str], list[Claim]] = {}
    count = 0
    for source in _sources.values():
        for claim in source():
            wanted.setdefault((claim.action, claim.object_type, claim.object_id), []).append(claim)
            count += 1
    if not wanted:
        return None, 0
    met: set[int] = set()
    # An old ledger recorded some events under their old codes (audit.events aliases).
    spellings = {spelling for key in wanted for spelling in events.spellings(key[0])}
    rows = (
        Event.objects.filter(action__in=spellings)
        .order_by("seq")
        .values_list("seq", "action", "object_type", "object_id", "body")
    )
    for seq, action, object_type, object_id, body in rows.iterator(chunk_size=CHUNK):
        event_type = events.lookup(action)
        claims = wanted.get((event_type.code if event_type else action, object_type, object_id))
        if not claims:
            continue
        data = json.loads(body).get("data", {})
        for claim in claims:
            if id(claim) not in met and _matches(claim, seq, data):
                met.add(id(claim))
    unmet = [claim for claims in wanted.values() for claim in claims if id(claim) not in met]
    if not unmet:
        return None, count
    # A decree witnessed the ledger's length when it was signed: its event lies past that.
    positioned = [claim for claim in unmet if claim.after]
    first = min((claim.after + 1 for claim in positioned), default=None)
    if first is not None and head < first:
        first = head + 1
    found = message(
        gettext_noop("%(count)s recorded decisions have no event in the ledger, among them: %(what)s"),
        count=len(unmet),
        what="; ".join(sorted(claim.what for claim in unmet)[:5]),
    )
    return {**found, "seq": first}, count
