"""A case's ledger events for the inspector: each event as it was written (actor, data,
sequence number and hashes), what it changed, and the case as of any moment.

One query reads the case's events (the ``object_type, object_id, seq`` index); everything
else is worked out in memory by replaying them (replay.py), so the cost does not grow with
the number of cases and grows with a case's events only in Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import events as event_types
from audit.models import Event
from decisions.errors import Invalid
from decisions.kinds import data_label, data_text
from decisions.models import Case
from workflows.timeline import Entry, describe

from .replay import CaseState, ItemState, Replay, as_text


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    # True when the event itself states both values; False when worked out by replaying
    # the events before it (e.g. the status an approval moved the case out of).
    recorded: bool


@dataclass
class Step(Entry):
    """One ledger event as the inspector reads it."""

    prev_hash: str = ""
    data: dict = field(default_factory=dict)
    rows: list[ChangeRow] = field(default_factory=list)
    after_cutoff: bool = False
    transaction: tuple[int, int] = (0, 0)  # the first and last event of its commit

    @property
    def ends_transaction(self) -> bool:
        return self.seq == self.transaction[1]

    @property
    def shares_transaction(self) -> bool:
        return self.transaction[0] != self.transaction[1]

    @property
    def data_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True, indent=2)


@dataclass
class CaseHistory:
    case_id: int
    steps: list[Step]
    state: CaseState  # as of the cutoff (the head when there is none)
    head: CaseState  # after every event
    cutoff_seq: int | None = None
    cutoff_at: datetime | None = None

    @property
    def has_cutoff(self) -> bool:
        return self.cutoff_seq is not None or self.cutoff_at is not None

    @property
    def at_head(self) -> bool:
        return self.state.seq == self.head.seq


def _field_label(name: str) -> str:
    labels = {
        "effective_date": _("Effective date (TMT)"),
        "reason": _("Reason"),
    }
    return str(labels.get(name, name))


def _effect_text(side: dict | None) -> str:
    side = side or {}
    return f"{side.get('position') or '—'} · {side.get('status') or '—'}"


def recorded_rows(action: str, data: dict) -> list[ChangeRow]:
    """The before/after values an event states itself (``action``: the registered code)."""
    rows: list[ChangeRow] = []
    if action == "case.updated":
        for name, pair in sorted((data.get("changes") or {}).items()):
            before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if name == "items":
                old, new = list(before or []), list(after or [])
                for number in range(1, max(len(old), len(new)) + 1):
                    lines = [
                        ItemState(number, side[number - 1] or {}).line() if number <= len(side) else ""
                        for side in (old, new)
                    ]
                    if lines[0] != lines[1]:
                        rows.append(ChangeRow(f"{_('Employee')} {number}", lines[0], lines[1], True))
            elif name == "data" and isinstance(before, dict) and isinstance(after, dict):
                for key in sorted(set(before) | set(after)):
                    if before.get(key) != after.get(key):
                        rows.append(
                            ChangeRow(
                                capfirst(data_label(key)),
                                data_text(key, before.get(key)),
                                data_text(key, after.get(key)),
                                True,
                            )
                        )
            else:
                rows.append(ChangeRow(_field_label(name), as_text(before), as_text(after), True))
    elif action == "case.effective":
        for change in data.get("changes") or []:
            label = f"{_('Employee')} {change.get('employee', '')}"
            rows.append(
                ChangeRow(label, _effect_text(change.get("before")), _effect_text(change.get("after")), True)
            )
    return rows


def derived_rows(before: dict[str, str], after: dict[str, str], skip: set[str]) -> list[ChangeRow]:
    return [
        ChangeRow(label, before.get(label, ""), after.get(label, ""), False)
        for label in list(before) + [label for label in after if label not in before]
        if label not in skip and before.get(label, "") != after.get(label, "")
    ]


def _extra_details(action: str, data: dict) -> list[tuple[str, str]]:
    """What describe() leaves out and an inspector asks about."""
    if action == "decree.issued":
        return [
            (_("Title"), data.get("title", "")),
            (_("Date set"), data.get("date", "")),
            (_("SHA-256 before signing"), data.get("unsigned_sha256", "")),
            (_("Signature"), data.get("signature_form", "")),
        ]
    if action in ("policy.overridden", "policy.acknowledged"):
        return [
            (_("Stage"), data.get("stage", "")),
            (_("Rule set"), data.get("version", "")),
            (_("Role"), data.get("role", "")),
        ]
    if action in ("decree.superseded", "decree.revoked"):
        return [(_("Replaced by"), data.get("replaced_by_number", ""))]
    return []


MSG_SEQ = gettext_lazy("Give a sequence number: a whole number from 1.")
MSG_AT = gettext_lazy("Give a moment as a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM).")


def parse_as_of(data) -> tuple[int | None, datetime | None]:
    """``seq`` and ``at`` from a query string; ``Invalid`` (400) when either is malformed.

    A date alone means the end of that day; a time without a zone is in the local zone.
    """
    raw_seq, raw_at = (data.get("seq") or "").strip(), (data.get("at") or "").strip()
    seq = at = None
    if raw_seq:
        if not raw_seq.isdigit() or int(raw_seq) < 1:
            raise Invalid(MSG_SEQ, code="invalid_as_of", fields={"seq": MSG_SEQ})
        seq = int(raw_seq)
    if raw_at:
        try:
            day = parse_date(raw_at) if len(raw_at) == 10 else None
            at = datetime.combine(day, time.max) if day else parse_datetime(raw_at)
        except ValueError:
            at = None
        if at is None:
            raise Invalid(MSG_AT, code="invalid_as_of", fields={"at": MSG_AT})
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
    return seq, at


def _transactions(events) -> list[list[Event]]:
    """Consecutive events appended by one commit: they share their recorded time exactly."""
    groups: list[list[Event]] = []
    for event in events:
        if groups and groups[-1][-1].content["at"] == event.content["at"]:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def case_history(
    case_id: int, *, until_seq: int | None = None, until_at: datetime | None = None
) -> CaseHistory:
    """Every event of the case in order, and the case as of ``until_seq`` / ``until_at``.

    The state is taken between transactions, as the database held it: asking for an event
    written together with others (one decision appends several) gives the case after all of
    them. Each transaction's last event carries what the transaction changed, as worked out
    by replay, besides what each event states itself.
    """
    events = Event.objects.filter(object_type="case", object_id=str(case_id)).order_by("seq")
    replay = Replay(case_id)
    steps: list[Step] = []
    state: CaseState | None = None
    for group in _transactions(events):
        at = parse_datetime(group[0].content["at"])
        beyond = (until_seq is not None and group[0].seq > until_seq) or (
            until_at is not None and at > until_at
        )
        if beyond and state is None:
            state = replay.snapshot()
        before = replay.state.lines()
        recorded_labels: set[str] = set()
        for event in group:
            content = event.content
            replay.apply(content)
            data = content.get("data") or {}
            event_type = event_types.lookup(content["action"])
            code = event_type.code if event_type else content["action"]
            rows = recorded_rows(code, data)
            recorded_labels |= {row.label for row in rows}
            if event is group[-1]:
                rows += derived_rows(before, replay.state.lines(), recorded_labels)
            entry = describe(event)
            entry.details += [(label, value) for label, value in _extra_details(code, data) if value]
            steps.append(
                Step(
                    **{f.name: getattr(entry, f.name) for f in fields(Entry)},
                    prev_hash=event.prev_hash,
                    data=data,
                    rows=rows,
                    after_cutoff=beyond,
                    transaction=(group[0].seq, group[-1].seq),
                )
            )
    head = replay.state
    return CaseHistory(
        case_id=case_id,
        steps=steps,
        state=state if state is not None else head,
        head=head,
        cutoff_seq=until_seq,
        cutoff_at=until_at,
    )


# --- today's tables against the ledger ---------------------------------------------------------


def _live(case: Case) -> dict:
    items = sorted(case.items.all(), key=lambda item: item.position_in_case)
    decree = getattr(case, "decree", None)
    return {
        "kind": case.kind,
        "status": case.status,
        "stages": sorted(code for code in case.stage.split(",") if code),
        "effective_date": case.effective_date.isoformat(),
        "reason": case.reason,
        "data": case.data,
        "items": [(item.position_in_case, item.snapshot.get("nip"), item.status) for item in items],
        "snapshots": [item.snapshot for item in items if item.status == "active"],
        "applied": [item.position_in_case for item in items if item.applied_at is not None],
        "attachments": sorted(attachment.sha256 for attachment in case.attachments.all()),
        "decree": (decree.number, decree.sha256, decree.status) if decree else None,
        "policy_version": case.policy_version,
    }


def _replayed(state: CaseState) -> dict:
    decree = state.decree
    return {
        "kind": state.kind,
        "status": state.status,
        "stages": state.stages,
        "effective_date": state.effective_date,
        "reason": state.reason,
        "data": state.data,
        "items": [(item.number, item.nip, item.status) for item in state.items],
        "snapshots": [item.snapshot for item in state.items if item.status == "active"],
        "applied": [item.number for item in state.items if item.applied_at is not None],
        "attachments": sorted(attachment["sha256"] for attachment in state.attachments),
        "decree": (decree["number"], decree["sha256"], decree["status"]) if decree else None,
        "policy_version": state.policy_version,
    }


def differences(head: CaseState, case: Case) -> list[str]:
    """The fields where today's tables disagree with the case replayed from the ledger.

    Empty when they agree. A difference means the tables were changed without the event
    that should have recorded it (or a kind of change replay does not know yet).
    """
    live, replayed = _live(case), _replayed(head)
    return [name for name in live if live[name] != replayed[name]]
