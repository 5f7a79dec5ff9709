"""A case's ledger events, told as sentences for the case page and the inspector.

The ledger stores dotted action codes and data; people read what happened. The sentence is
built from the hashed content of each event (``Event.content``), never from the columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from audit.models import Event
from decisions.kinds import day_text

from .stages import stage_title


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


def _assignee(assignment: dict) -> str:
    basis = assignment.get("basis")
    if basis == "pool":
        return _("any verifier of %(unit)s") % {"unit": assignment.get("unit", "")}
    if basis == "vacant":
        return _("nobody yet (the post is vacant; a manager must reassign)")
    name = assignment.get("name") or assignment.get("username") or "-"
    if basis in ("plt", "plh"):
        acting = assignment.get("acting", {})
        return _("%(name)s as %(kind)s, decree %(decree)s") % {
            "name": name,
            "kind": basis.capitalize() + ".",
            "decree": acting.get("decree_number", "-"),
        }
    return name


def describe(event: Event) -> Entry:
    content = event.content
    data = content.get("data", {})
    action = content["action"]
    stage = stage_title(data["stage"]) if data.get("stage") else ""
    details: list[tuple[str, str]] = []
    findings: list[dict] = []
    changes: dict = {}
    if action.startswith("case.") and action.endswith(".created"):
        summary = _("Case proposed")
        details = [(_("Reason"), data.get("reason", ""))]
    elif action.endswith(".submitted"):
        summary = _("Submitted for approval")
    elif action.endswith(".resubmitted"):
        summary = _("Revised and resubmitted")
    elif action.endswith(".updated"):
        summary = _("Case changed")
        changes = data.get("changes", {})
    elif action.endswith(".withdrawn"):
        summary = _("Withdrawn by the proposer")
        details = [(_("Note"), data.get("note", ""))] if data.get("note") else []
    elif action == "case.attachment.added":
        summary = _("Document attached: %(name)s") % {"name": data.get("name", "")}
        details = [("SHA-256", data.get("sha256", ""))]
    elif action == "task.created":
        summary = _("Waiting for “%(stage)s”: %(who)s") % {
            "stage": stage,
            "who": _assignee(data.get("assignment", {})),
        }
        details = [(_("Due"), day_text(data.get("due", "")))]
    elif action == "task.approved":
        summary = _("Approved: %(stage)s") % {"stage": stage}
        if data.get("action") == "sign":
            summary = _("Signed: %(stage)s") % {"stage": stage}
        details = [(_("Note"), data["note"])] if data.get("note") else []
    elif action == "task.returned":
        summary = _("Returned for revision at “%(stage)s”") % {"stage": stage}
        details = [(_("Note"), data.get("note", ""))]
    elif action == "task.rejected":
        summary = _("Rejected at “%(stage)s”") % {"stage": stage}
        details = [(_("Reason"), data.get("note", ""))]
    elif action == "task.reassigned":
        summary = _("Task “%(stage)s” reassigned") % {"stage": stage}
        details = [(_("Reason"), data.get("reason", ""))]
    elif action == "policy.evaluated":
        findings = data.get("findings", [])
        summary = _("Rules checked (version %(version)s): %(count)s finding(s)") % {
            "version": data.get("version", ""),
            "count": len(findings),
        }
    elif action == "policy.overridden":
        findings = [data.get("finding", {})]
        summary = _("Rule overridden: %(title)s") % {"title": data.get("finding", {}).get("title", "")}
        details = [(_("Justification"), data.get("justification", ""))]
    elif action == "policy.acknowledged":
        findings = [data.get("finding", {})]
        summary = _("Warning acknowledged: %(title)s") % {"title": data.get("finding", {}).get("title", "")}
    elif action == "decree.issued":
        summary = _("Decree %(number)s signed") % {"number": data.get("number", "")}
        details = [("SHA-256", data.get("sha256", ""))]
    elif action == "case.effective":
        summary = _("Took effect on %(date)s") % {"date": day_text(data.get("effective_date", ""))}
        changes = {
            change.get("employee", ""): [change.get("before"), change.get("after")]
            for change in data.get("changes", [])
        }
    elif action == "case.rejected":
        summary = _("Case closed: rejected")
    else:
        summary = action
    return Entry(
        seq=content["seq"],
        at=parse_datetime(content["at"]),
        action=action,
        actor=content.get("actor"),
        summary=summary,
        details=[(label, value) for label, value in details if value],
        findings=findings,
        changes=changes,
        hash=event.hash,
    )


def case_timeline(case_id: int, *, until_seq: int | None = None) -> list[Entry]:
    events = Event.objects.filter(object_type="case", object_id=str(case_id)).order_by("seq")
    if until_seq is not None:
        events = events.filter(seq__lte=until_seq)
    return [describe(event) for event in events]
