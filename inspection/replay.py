"""A case rebuilt from its ledger events alone: the state "as of" any event.

The services write every change of a case's legal record in the same transaction as a
ledger event, and most events carry the values they set (docs/inspection.md lists which
field comes from which event). Replaying the events in order therefore gives the case as it
stood after any of them -- without reading today's tables, which may have changed since or
been edited behind the application's back. What the ledger does not record is named in
``NOT_RECORDED`` and shown as such, never guessed from today's rows.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from audit import events as event_types
from decisions import lifecycle
from decisions.kinds import data_rows, day_text
from decisions.models import Case, Decree
from workflows.stages import stage_title

# Set by the JPT route's effect with a fixed text (workflows/effects.py); the ledger event
# says who was chosen, so the others' reason is known without being recorded.
NOT_CHOSEN = _("Not chosen by the regional head.")

# What an "as of" view cannot show, and why: the ledger records these differently or not at all.
NOT_RECORDED = (
    ("units", _("Units that may see the case"), _("derived from the registry; not recorded")),
    ("process", _("Workflow engine state"), _("not recorded; stages, assignments and due dates are")),
    ("attachment_files", _("Document files"), _("not recorded; each file's name, size and SHA-256 are")),
    (
        "decree_pdf",
        _("Decree PDF, verification token and signer certificate"),
        _("not recorded; the decree's number, date, title and SHA-256 are"),
    ),
    (
        "registry_links",
        _("Links to today's employee and position records"),
        _("not recorded; the employees and posts as they were (snapshots) are"),
    ),
)


@dataclass
class ItemState:
    number: int
    snapshot: dict
    status: str = "active"
    drop_reason: str = ""
    applied_at: datetime | None = None

    @property
    def nip(self) -> str:
        return self.snapshot.get("nip") or ""

    @property
    def name(self) -> str:
        return self.snapshot.get("full_name") or self.snapshot.get("name") or ""

    def line(self) -> str:
        """One line for diffs: who, from where, to where, and whether dropped."""
        source, target = self.snapshot.get("from") or {}, self.snapshot.get("to") or {}
        text = f"{self.name} ({self.nip})"
        if source or target:
            text += f": {source.get('name', '—')} → {target.get('name', '—')}"
        if self.status != "active":
            text += f" [{_('dropped')}]"
        return text


@dataclass
class CaseState:
    """The case as its ledger events tell it (see NOT_RECORDED for what they do not)."""

    case_id: int
    seq: int = 0  # the last event applied
    at: datetime | None = None  # when that event was recorded
    events: int = 0
    exists: bool = False
    reference: str = ""
    kind: str = ""
    status: str = ""
    stages: list[str] = field(default_factory=list)
    effective_date: str | None = None
    reason: str = ""
    data: dict = field(default_factory=dict)
    proposed_by: dict | None = None
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    closed_at: datetime | None = None
    effective_at: datetime | None = None
    policy_version: str = ""
    items: list[ItemState] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    open_tasks: dict[str, dict] = field(default_factory=dict)  # task id -> stage, assignment, due
    evaluation: dict | None = None  # the latest rule evaluation
    answers: list[dict] = field(default_factory=list)  # overrides and acknowledgements
    decree: dict | None = None
    uninterpreted: list[str] = field(default_factory=list)  # actions replay does not know

    @property
    def stage_titles(self) -> list[str]:
        return [stage_title(code) for code in self.stages]

    def item(self, number: int) -> ItemState | None:
        return next((item for item in self.items if item.number == number), None)

    def lines(self) -> dict[str, str]:
        """The state as label -> text, for showing what an event changed."""
        lines = {
            str(_("Status")): str(dict(Case.Status.choices).get(self.status, self.status)),
            str(_("Waiting at")): ", ".join(self.stage_titles),
            str(_("Effective date (TMT)")): day_text(self.effective_date),
            str(_("Reason")): self.reason,
            str(_("Rule set")): self.policy_version,
        }
        for label, text in data_rows(self.data):
            lines[label] = text
        for item in self.items:
            lines[f"{_('Employee')} {item.number}"] = item.line()
        if self.decree:
            status = self.decree.get("status")
            lines[str(_("Decree"))] = (
                f"{self.decree.get('number')} ({dict(Decree.Status.choices).get(status, status)})"
            )
        return lines

    def as_dict(self) -> dict:
        """JSON-ready (the API's ``state``)."""
        result = asdict(self)
        result["open_tasks"] = [{"task": key, **value} for key, value in self.open_tasks.items()]
        result["stage_titles"] = self.stage_titles
        for item in result["items"]:
            item["nip"] = item["snapshot"].get("nip")
        return result


def as_text(value) -> str:
    """A recorded value as one line of text: strings as they are, the rest as JSON."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _after(pair):
    """The new value of a recorded ``[before, after]`` pair."""
    if not isinstance(pair, list) or len(pair) != 2:
        raise ValueError("a change is recorded as [before, after]")
    return pair[1]


def _local_date(at: datetime) -> str:
    return timezone.localtime(at).date().isoformat()


class Replay:
    """Apply a case's events one by one; ``state`` is the case after the last one."""

    def __init__(self, case_id: int):
        self.state = CaseState(case_id=case_id)

    def snapshot(self) -> CaseState:
        return copy.deepcopy(self.state)

    def apply(self, content: dict) -> None:
        state = self.state
        action = content["action"]
        # Old codes (``case.transfer.submitted``) read as their type, with the kind they named.
        event_type, data = event_types.read(action, content.get("data"))
        at = parse_datetime(content["at"])
        state.seq, state.at, state.events = content["seq"], at, state.events + 1
        handler = getattr(self, "_" + event_type.code.replace(".", "_"), None) if event_type else None
        try:
            if handler is None:
                raise LookupError(action)
            status = self._status_after(event_type.code, data)
            handler(content, data, at)
            if status is not None:
                state.status = status
        except (LookupError, TypeError, ValueError, AttributeError):
            # An action replay does not know, data of an unexpected shape, or a move the
            # lifecycle does not allow from where the case stood: say so and go on with the
            # rest rather than guess (the event itself is still in the timeline).
            if action not in state.uninterpreted:
                state.uninterpreted.append(action)

    def _status_after(self, code: str, data: dict) -> str | None:
        """The status the event leads to, by the lifecycle's own table (decisions.lifecycle);
        None when it does not move the case. A task decision carries the status it left."""
        current = self.state.status
        move = lifecycle.RECORDED_BY.get(code)
        if move is not None:
            if current not in move.sources and not (move.event == lifecycle.CREATE and not current):
                raise ValueError(f"{code} from {current!r}")
            return move.target
        status = data.get("status") if code.startswith("task.") else None
        if not status or status == current:
            return None
        if not lifecycle.leads(current, status):
            raise ValueError(f"{code}: {current!r} to {status!r}")
        return status

    # --- the proposer's events ---------------------------------------------------------------

    def _case_created(self, content, data, at) -> None:
        state = self.state
        state.exists = True
        state.kind = data["kind"]
        state.reference = data.get("reference", "")
        state.effective_date = data.get("effective_date")
        state.reason = data.get("reason", "")
        state.data = dict(data.get("data") or {})
        state.proposed_by = content.get("actor")
        state.created_at = at
        state.items = [ItemState(number, snap) for number, snap in enumerate(data.get("items") or [], 1)]

    def _case_updated(self, content, data, at) -> None:
        state = self.state
        changes = {name: _after(pair) for name, pair in (data.get("changes") or {}).items()}
        # Everything is read before anything is set: an odd event changes nothing.
        items = [ItemState(n, dict(snap)) for n, snap in enumerate(changes.get("items") or [], 1)]
        new_data = dict(changes.get("data") or {})
        if "effective_date" in changes:
            state.effective_date = changes["effective_date"]
        if "reason" in changes:
            state.reason = changes["reason"]
        if "data" in changes:
            state.data = new_data
        if "items" in changes:
            state.items = items
            # case_update sets the flag after computing the data change it records.
            state.data["collective"] = len(items) > 1

    def _submitted(self, content, data, at) -> None:
        state = self.state
        state.submitted_at = at
        active = [item for item in state.items if item.status == "active"]
        by_nip = {item.nip: item for item in active}
        for snap in data.get("items") or []:
            item = by_nip.get(snap.get("nip"))
            if item is not None:
                item.snapshot = snap  # refreshed at submission: what the SK will show
        if data.get("decide_by") is not None:
            state.data["decide_by"] = data["decide_by"]

    def _case_submitted(self, content, data, at) -> None:
        self._submitted(content, data, at)

    def _case_resubmitted(self, content, data, at) -> None:
        self._submitted(content, data, at)
        # The revision task is completed by the resubmission itself (no task event).
        self.state.open_tasks = {
            key: task for key, task in self.state.open_tasks.items() if task["stage"] != "revision"
        }
        self._sync_stages()

    def _case_withdrawn(self, content, data, at) -> None:
        self._close(at)

    def _case_attachment_added(self, content, data, at) -> None:
        self.state.attachments.append(
            {
                "id": data.get("attachment"),
                "kind": data.get("kind"),
                "name": data.get("name"),
                "size": data.get("size"),
                "content_type": data.get("content_type"),
                "sha256": data.get("sha256"),
                "added_at": at,
                "added_by": (content.get("actor") or {}).get("name"),
                "seq": content["seq"],
            }
        )

    # --- the route ---------------------------------------------------------------------------

    def _task_created(self, content, data, at) -> None:
        self.state.open_tasks[str(data.get("task"))] = {
            "stage": data.get("stage", ""),
            "assignment": data.get("assignment") or {},
            "due": day_text(data.get("due")) or None,
        }
        self._sync_stages()

    def _decided(self, content, data, at) -> None:
        state = self.state
        facts = data.get("facts") or {}
        state.data.update(facts)
        if data.get("action") == "postpone" and facts.get("postponed_until"):
            # workflows.effects.postpone_dismissal: the requested date is kept, TMT moves.
            state.data["requested_effective_date"] = state.effective_date
            state.effective_date = facts["postponed_until"]
        state.open_tasks.pop(str(data.get("task")), None)
        if "next_stages" in data:
            following = set(data["next_stages"])
            state.open_tasks = {k: t for k, t in state.open_tasks.items() if t["stage"] in following}
        self._sync_stages()

    _task_approved = _decided
    _task_returned = _decided
    _task_rejected = _decided

    def _task_reassigned(self, content, data, at) -> None:
        task = self.state.open_tasks.get(str(data.get("task")))
        if task is not None:
            to = data.get("to") or {}
            task["assignment"] = {
                "basis": "reassigned",
                "username": to.get("username"),
                "name": to.get("name"),
                "reason": data.get("reason"),
            }

    def _task_reminded(self, content, data, at) -> None:
        task = self.state.open_tasks.get(str(data.get("task")))
        if task is not None:
            task["reminded_on"] = _local_date(at)

    def _task_escalated(self, content, data, at) -> None:
        task = self.state.open_tasks.get(str(data.get("task")))
        if task is not None:
            task["escalated_to"] = data.get("escalated_to")

    def _committee_decided(self, content, data, at) -> None:
        self.state.data["committee"] = data
        # Set in the same transaction as the event, from the local date (workflows/effects.py).
        self.state.data["committee_date"] = _local_date(at)

    def _case_candidate_chosen(self, content, data, at) -> None:
        for item in self.state.items:
            if item.status == "active" and item.number != data.get("item"):
                item.status, item.drop_reason = "dropped", str(NOT_CHOSEN)
        self.state.data["chosen_candidate"] = data.get("employee")

    def _case_items_dropped(self, content, data, at) -> None:
        for dropped in data.get("items") or []:
            item = self.state.item(dropped.get("item"))
            if item is not None:
                item.status, item.drop_reason = "dropped", data.get("reason", "")

    def _registry_oath_recorded(self, content, data, at) -> None:
        """The oath date is the employees' (the registry's), not the case's: nothing to set."""

    def _case_rejected(self, content, data, at) -> None:
        self._close(at)

    # --- rules -------------------------------------------------------------------------------

    def _policy_evaluated(self, content, data, at) -> None:
        self.state.evaluation = {
            "stage": data.get("stage"),
            "version": data.get("version"),
            "findings": data.get("findings") or [],
            "at": at,
            "seq": content["seq"],
            "by": (content.get("actor") or {}).get("name"),
        }
        self.state.policy_version = data.get("version") or self.state.policy_version

    def _answer(self, content, data, at, kind: str) -> None:
        self.state.answers.append(
            {
                "kind": kind,
                "stage": data.get("stage"),
                "version": data.get("version"),
                "finding": data.get("finding") or {},
                "justification": data.get("justification", ""),
                "role": data.get("role", ""),
                "by": content.get("actor"),
                "at": at,
                "seq": content["seq"],
            }
        )

    def _policy_overridden(self, content, data, at) -> None:
        self._answer(content, data, at, "override")

    def _policy_acknowledged(self, content, data, at) -> None:
        self._answer(content, data, at, "acknowledge")

    # --- the decree --------------------------------------------------------------------------

    def _decree_issued(self, content, data, at) -> None:
        state = self.state
        state.decree = {
            "number": data.get("number"),
            "date": data.get("date"),
            "title": data.get("title"),
            "sha256": data.get("sha256"),
            "unsigned_sha256": data.get("unsigned_sha256"),
            "signature_form": data.get("signature_form"),
            "signed_by": content.get("actor"),
            "status": "valid",
            "replaced_by": None,
            "seq": content["seq"],
        }
        state.closed_at = at

    def _replaced(self, content, data, at) -> None:
        if self.state.decree is not None:
            self.state.decree["status"] = data.get("status")
            self.state.decree["replaced_by"] = data.get("replaced_by_number")

    _decree_superseded = _replaced
    _decree_revoked = _replaced

    def _case_effective(self, content, data, at) -> None:
        state = self.state
        state.effective_at = at
        for change in data.get("changes") or []:
            item = state.item(change.get("item"))
            if item is not None:
                item.applied_at = at

    # --- helpers -----------------------------------------------------------------------------

    def _close(self, at) -> None:
        self.state.closed_at = at
        self.state.open_tasks = {}
        self._sync_stages()

    def _sync_stages(self) -> None:
        self.state.stages = sorted(
            {task["stage"] for task in self.state.open_tasks.values() if task["stage"]}
        )
