"""A case's ledger events, told as sentences for the case page and the inspector.

The ledger stores dotted action codes and data; people read what happened, as each code's
entry in the registry of event types tells it (``audit.events``). The sentence is built
from the hashed content of each event (``Event.content``), never from the columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from audit import events
from audit.models import Event


@dataclass
class Entry:
    seq: int
    at: datetime
    action: str
    actor: dict | None
    summary: str
    details: list[tuple[str, str]] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    hash: str = ""

    @property
    def actor_line(self) -> str:
        if not self.actor:
            return _("System")
        parts = [self.actor.get("name") or self.actor.get("username")]
        if self.actor.get("position"):
            parts.append(self.actor["position"])
        if self.actor.get("unit"):
            parts.append(self.actor["unit"])
        return " — ".join(part for part in parts if part)


def describe(event: Event) -> Entry:
    """The event told by its type in the registry (audit.events); old codes read as theirs."""
    content = event.content
    action = content["action"]
    event_type, data = events.read(action, content.get("data"))
    told = event_type.tell(data) if event_type is not None else events.unknown(action)
    return Entry(
        seq=content["seq"],
        at=parse_datetime(content["at"]),
        action=action,
        actor=content.get("actor"),
        summary=told.summary,
        details=[(label, value) for label, value in told.details if value],
        findings=told.findings,
        changes=told.changes,
        hash=event.hash,
    )


def case_timeline(case_id: int, *, until_seq: int | None = None) -> list[Entry]:
    events = Event.objects.filter(object_type="case", object_id=str(case_id)).order_by("seq")
    if until_seq is not None:
        events = events.filter(seq__lte=until_seq)
    return [describe(event) for event in events]
