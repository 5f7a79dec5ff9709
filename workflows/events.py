"""The ledger events of the routes: tasks, committee votes, candidates, the inspectors' reads.

Registered with ``audit.events`` from ``WorkflowsConfig.ready()``.
"""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import events
from audit.events import Told
from decisions.kinds import day_text

from .stages import stage_title

ASSIGNMENT = {"basis": "position", "username": "kepala", "name": "Kepala", "position": "P1"}
PERSON = {"username": "kepala", "name": "Kepala"}


# Every event of this module is about a case, unless it says otherwise.
register = partial(events.register, object_type="case")


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


def _stage(data: dict) -> str:
    return stage_title(data["stage"]) if data.get("stage") else ""


def _created(data: dict) -> Told:
    return Told(
        _("Waiting for “%(stage)s”: %(who)s")
        % {"stage": _stage(data), "who": _assignee(data.get("assignment") or {})},
        details=[(_("Due"), day_text(data.get("due", "")))],
    )


def _approved(data: dict) -> Told:
    sentence = _("Signed: %(stage)s") if data.get("action") == "sign" else _("Approved: %(stage)s")
    return Told(sentence % {"stage": _stage(data)}, details=[(_("Note"), data.get("note") or "")])


def _returned(data: dict) -> Told:
    return Told(
        _("Returned for revision at “%(stage)s”") % {"stage": _stage(data)},
        details=[(_("Note"), data.get("note", ""))],
    )


def _rejected(data: dict) -> Told:
    return Told(
        _("Rejected at “%(stage)s”") % {"stage": _stage(data)}, details=[(_("Reason"), data.get("note", ""))]
    )


def _reassigned(data: dict) -> Told:
    return Told(
        _("Task “%(stage)s” reassigned") % {"stage": _stage(data)},
        details=[(_("Reason"), data.get("reason", ""))],
    )


def _reminded(data: dict) -> Told:
    return Told(_("Reminder sent: %(stage)s") % {"stage": _stage(data)})


def _escalated(data: dict) -> Told:
    return Told(_("Overdue, escalated: %(stage)s") % {"stage": _stage(data)})


def _chosen(data: dict) -> Told:
    return Told(_("Candidate chosen: %(name)s") % {"name": data.get("name") or data.get("employee", "")})


def _dropped(data: dict) -> Told:
    names = ", ".join(item.get("name") or item.get("employee", "") for item in data.get("items") or [])
    return Told(
        _("Employees dropped from the case: %(names)s") % {"names": names},
        details=[(_("Reason"), data.get("reason", ""))],
    )


def _oath(data: dict) -> Told:
    return Told(_("Oath of office recorded: %(date)s") % {"date": day_text(data.get("oath_date", ""))})


def register_all() -> None:
    decided = {
        "task": 1,
        "stage": "unit_head",
        "action": "approve",
        "note": "…",
        "facts": {},
        "status": "in_review",
        "next_stages": ["verification"],
    }
    register(
        "task.created",
        label=gettext_lazy("Task waiting"),
        carries={
            "task": 1,
            "stage": "unit_head",
            "title": "…",
            "assignment": ASSIGNMENT,
            "due": "2026-07-01",
        },
        describe=_created,
    )
    register("task.approved", label=gettext_lazy("Task approved"), carries=decided, describe=_approved)
    register(
        "task.returned", label=gettext_lazy("Returned for revision"), carries=decided, describe=_returned
    )
    register("task.rejected", label=gettext_lazy("Rejected"), carries=decided, describe=_rejected)
    register(
        "task.reassigned",
        label=gettext_lazy("Task reassigned"),
        carries={
            "task": 1,
            "stage": "unit_head",
            "from": ASSIGNMENT,
            "to": PERSON,
            "authority": None,
            "reason": "…",
        },
        describe=_reassigned,
    )
    register(
        "task.reminded",
        label=gettext_lazy("Reminder sent"),
        carries={"task": 1, "stage": "unit_head", "due": "2026-07-01"},
        describe=_reminded,
    )
    register(
        "task.escalated",
        label=gettext_lazy("Task escalated"),
        carries={
            "task": 1,
            "stage": "unit_head",
            "due": "2026-07-01",
            "late_since": "2026-07-01",
            "waiting_for": ASSIGNMENT,
            "escalated_to": PERSON,
        },
        describe=_escalated,
    )
    register(
        "committee.decided",
        label=gettext_lazy("Committee decided"),
        carries={"result": "approved", "votes": [{"member": "Kepala", "vote": "approved", "note": ""}]},
    )
    register(
        "case.candidate_chosen",
        label=gettext_lazy("Candidate chosen"),
        carries={"item": 1, "employee": "199001012015031001", "name": "Budi"},
        describe=_chosen,
    )
    register(
        "case.items_dropped",
        label=gettext_lazy("Employees dropped from the case"),
        carries={
            "task": 1,
            "stage": "unit_head",
            "reason": "…",
            "items": [{"item": 2, "employee": "199001012015031001", "name": "Budi"}],
        },
        describe=_dropped,
    )
    register(
        "registry.oath_recorded",
        label=gettext_lazy("Oath of office recorded"),
        carries={"oath_date": "2026-07-01", "employees": ["199001012015031001"]},
        describe=_oath,
    )
    register(
        "inspector.searched",
        object_type="inspection",
        label=gettext_lazy("Inspector searched"),
        carries={"channel": "web", "filters": {}, "page": 1, "count": 0, "cases": []},
    )
    register(
        "inspector.viewed",
        object_type="inspection",
        label=gettext_lazy("Inspector read a case"),
        carries={"channel": "web", "case": 1, "view": "timeline", "as_of": None},
    )
    register(
        "inspector.exported",
        object_type="inspection",
        label=gettext_lazy("Inspector exported an evidence bundle"),
        carries={
            "channel": "web",
            "search": {},
            "cases": [1],
            "events": 1,
            "files": 1,
            "checkpoint": {"size": 1, "root": "ab" * 32, "created": False},
            "bundle": {"sha256": "ab" * 32, "size": 1},
        },
    )
