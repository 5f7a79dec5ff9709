"""The ledger events of the legal record: cases, their file, the rules, the decree.

Registered with ``audit.events`` from ``DecisionsConfig.ready()``. Until issue 14 a case's
own events named its kind in the code (``case.transfer.submitted``); they are now
``case.submitted`` with the kind on ``case.created``, and the old codes stay readable.
"""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import events
from audit.events import Told

from .kinds import day_text
from .models import CaseKind

ITEM = {"nip": "199001012015031001", "full_name": "Budi", "from": {}, "to": {}}
FINDING = {"key": "rule", "rule": "rule", "title": "Aturan", "severity": "block", "message": "…"}


# Every event of this module is about a case, unless it says otherwise.
register = partial(events.register, object_type="case")


def _old_codes(what: str) -> dict[str, dict]:
    """Until issue 14 a case's own events named its kind: ``case.<kind>.<what>``."""
    return {f"case.{kind}.{what}": {"kind": kind} for kind in CaseKind.values}


def _created(data: dict) -> Told:
    return Told(_("Case proposed"), details=[(_("Reason"), data.get("reason", ""))])


def _updated(data: dict) -> Told:
    return Told(_("Case changed"), changes=data.get("changes") or {})


def _withdrawn(data: dict) -> Told:
    return Told(_("Withdrawn by the proposer"), details=[(_("Note"), data.get("note") or "")])


def _attachment(data: dict) -> Told:
    return Told(
        _("Document attached: %(name)s") % {"name": data.get("name", "")},
        details=[("SHA-256", data.get("sha256", ""))],
    )


def _evaluated(data: dict) -> Told:
    findings = data.get("findings") or []
    return Told(
        _("Rules checked (version %(version)s): %(count)s finding(s)")
        % {"version": data.get("version", ""), "count": len(findings)},
        findings=findings,
    )


def _overridden(data: dict) -> Told:
    finding = data.get("finding") or {}
    return Told(
        _("Rule overridden: %(title)s") % {"title": finding.get("title", "")},
        details=[(_("Justification"), data.get("justification", ""))],
        findings=[finding],
    )


def _acknowledged(data: dict) -> Told:
    finding = data.get("finding") or {}
    return Told(
        _("Warning acknowledged: %(title)s") % {"title": finding.get("title", "")}, findings=[finding]
    )


def _issued(data: dict) -> Told:
    return Told(
        _("Decree %(number)s signed") % {"number": data.get("number", "")},
        details=[("SHA-256", data.get("sha256", ""))],
    )


def _replaced(data: dict) -> Told:
    return Told(
        _("Decree %(number)s replaced by %(new)s")
        % {"number": data.get("number", ""), "new": data.get("replaced_by_number", "")}
    )


def _effective(data: dict) -> Told:
    return Told(
        _("Took effect on %(date)s") % {"date": day_text(data.get("effective_date", ""))},
        changes={
            change.get("employee", ""): [change.get("before"), change.get("after")]
            for change in data.get("changes") or []
        },
    )


def register_all() -> None:
    register(
        "case.created",
        label=gettext_lazy("Case proposed"),
        carries={
            "kind": "transfer",
            "reference": "USL-2026-00001",
            "effective_date": "2026-07-01",
            "reason": "…",
            "items": [ITEM],
            "data": {},
        },
        describe=_created,
        aliases=_old_codes("created"),
    )
    register(
        "case.updated",
        label=gettext_lazy("Case changed"),
        carries={"changes": {"reason": ["lama", "baru"]}},
        describe=_updated,
        aliases=_old_codes("updated"),
    )
    register(
        "case.submitted",
        label=gettext_lazy("Submitted for approval"),
        carries={"items": [ITEM], "decide_by": None},
        aliases=_old_codes("submitted"),
    )
    register(
        "case.resubmitted",
        label=gettext_lazy("Revised and resubmitted"),
        carries={"items": [ITEM], "decide_by": None},
        aliases=_old_codes("resubmitted"),
    )
    register(
        "case.withdrawn",
        label=gettext_lazy("Withdrawn by the proposer"),
        carries={"note": "…"},
        describe=_withdrawn,
        aliases=_old_codes("withdrawn"),
    )
    register(
        "case.attachment.added",
        label=gettext_lazy("Document attached"),
        carries={
            "attachment": 1,
            "kind": "other",
            "name": "surat.pdf",
            "sha256": "ab" * 32,
            "size": 1,
            "content_type": "application/pdf",
        },
        describe=_attachment,
    )
    register(
        "case.rejected",
        label=gettext_lazy("Case closed: rejected"),
        carries={"status": "rejected"},
    )
    register(
        "case.effective",
        label=gettext_lazy("Took effect"),
        carries={
            "decree": "800/1/2026",
            "effective_date": "2026-07-01",
            "changes": [{"item": 1, "employee": "199001012015031001", "before": {}, "after": {}}],
        },
        describe=_effective,
    )
    register(
        "policy.evaluated",
        label=gettext_lazy("Rules checked"),
        carries={"stage": "submission", "version": "2026.1", "findings": [FINDING]},
        describe=_evaluated,
    )
    answer = {
        "stage": "submission",
        "version": "2026.1",
        "finding": FINDING,
        "justification": "…",
        "attachment": None,
        "role": "",
    }
    register("policy.overridden", label=gettext_lazy("Rule overridden"), carries=answer, describe=_overridden)
    register(
        "policy.acknowledged",
        label=gettext_lazy("Warning acknowledged"),
        carries=answer,
        describe=_acknowledged,
    )
    register(
        "decree.issued",
        label=gettext_lazy("Decree signed"),
        carries={
            "decree": 1,
            "number": "800/1/2026",
            "date": "2026-06-01",
            "title": "…",
            "sha256": "ab" * 32,
            "unsigned_sha256": "cd" * 32,
            "signature_form": "ttd",
            "effective_date": "2026-07-01",
            "ledger_position": 1,
        },
        describe=_issued,
    )
    replaced = {
        "decree": 1,
        "number": "800/1/2026",
        "status": "superseded",
        "replaced_by": 2,
        "replaced_by_number": "800/2/2026",
        "replacing_case": 2,
    }
    register(
        "decree.superseded", label=gettext_lazy("Decree superseded"), carries=replaced, describe=_replaced
    )
    register("decree.revoked", label=gettext_lazy("Decree revoked"), carries=replaced, describe=_replaced)
