"""Evidence bundles of cases: their data, ledger events with proofs, and SK PDFs in one ZIP.

audit/bundle.py builds and signs the ZIP; this module chooses what goes in: every ledger
event of each case, the case as today's tables hold it (with a note of any field that
disagrees with the case replayed from the ledger), and each decree's PDF bound to the
``decree.issued`` event that recorded its SHA-256 -- so verify_bundle.py checks the PDFs
against the ledger, not merely against the manifest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import checkpoints
from audit.bundle import BundleError, BundleFile, bundle_bytes
from audit.models import Event
from decisions.errors import Conflict, Invalid
from decisions.models import Case, CaseItem
from personnel.selectors import identity_of

from .access import check_may_inspect
from .history import differences
from .records import EXPORTED, record_read
from .replay import Replay

MSG_NOTHING = gettext_lazy("No case matches: there is nothing to export.")
MSG_TOO_MANY = gettext_lazy(
    "%(count)s cases match; one bundle holds at most %(limit)s. Narrow the search and export in parts."
)
MSG_NOT_SOUND = gettext_lazy(
    "The ledger fails verification, so no checkpoint can be signed for the bundle: %(problem)s"
)
MSG_BUNDLE = gettext_lazy("The bundle could not be built: %(problem)s")
MSG_NO_EVENTS = gettext_lazy("The ledger holds no events for these cases.")

DEFAULT_MAX_CASES = 200


def max_cases() -> int:
    return int(getattr(settings, "SAHIH_INSPECT_EXPORT_MAX_CASES", DEFAULT_MAX_CASES))


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    case_ids: list[int]
    events: int
    checkpoint: dict
    checkpoint_created: bool
    warnings: list[str]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _safe(text: str) -> str:
    """A file-name part from a decree number or reference ("800.1/0001/BKPSDM/2026")."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "x"


def _case_document(case: Case, seqs: list[int], issued: dict[str, int], head, sk_name: str | None) -> dict:
    decree = getattr(case, "decree", None)
    return {
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "kind": case.kind,
            "kind_display": case.get_kind_display(),
            "status": case.status,
            "stage": case.stage,
            "effective_date": case.effective_date,
            "reason": case.reason,
            "data": case.data,
            "initiating_unit": {"code": case.initiating_unit.code, "name": case.initiating_unit.name},
            "created_by": case.created_by.get_username(),
            "created_at": _when(case.created_at),
            "submitted_at": _when(case.submitted_at),
            "closed_at": _when(case.closed_at),
            "effective_at": _when(case.effective_at),
            "policy_version": case.policy_version,
        },
        "items": [
            {
                "number": item.position_in_case,
                "employee": {"nip": item.employee.nip, "name": item.employee.full_name},
                "status": item.status,
                "drop_reason": item.drop_reason,
                "applied_at": _when(item.applied_at),
                "snapshot": item.snapshot,
            }
            for item in case.items.all()
        ],
        "attachments": [
            {
                "id": attachment.pk,
                "kind": attachment.kind,
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "uploaded_at": _when(attachment.uploaded_at),
                "uploaded_by": attachment.uploaded_by.get_username(),
            }
            for attachment in case.attachments.all()
        ],
        "decree": None
        if decree is None
        else {
            "number": decree.number,
            "date": decree.decree_date,
            "title": decree.title,
            "sha256": decree.sha256,
            "unsigned_sha256": decree.unsigned_sha256,
            "status": decree.status,
            "replaced_by": decree.replaced_by.number if decree.replaced_by_id else None,
            "signed_at": _when(decree.signed_at),
            "file": f"files/{sk_name}" if sk_name else None,
            "ledger_event": issued.get(decree.sha256),
        },
        "ledger": {
            "events": seqs,
            # Today's tables against the case replayed from these events (docs/inspection.md).
            "tables_differ_on": differences(head, case) if head is not None else [],
        },
    }


def _load_cases(case_ids: list[int]) -> list[Case]:
    cases = list(
        Case.objects.filter(pk__in=case_ids)
        .select_related("initiating_unit", "created_by", "decree__replaced_by")
        .prefetch_related(
            Prefetch(
                "items", queryset=CaseItem.objects.select_related("employee").order_by("position_in_case")
            ),
            "attachments__uploaded_by",
        )
        .order_by("pk")
    )
    if len(cases) != len(set(case_ids)):
        raise Http404
    return cases


def _checkpoint_covering(last_seq: int) -> tuple[dict, bool]:
    """The newest signed checkpoint covering ``last_seq``; one is signed first if none does."""
    found = checkpoints.latest_checkpoint(at_least=last_seq)
    if found is not None:
        return found, False
    try:
        return checkpoints.create_checkpoint(), True
    except checkpoints.LedgerNotSound as error:
        raise Conflict(
            MSG_NOT_SOUND % {"problem": error.report.problem_text}, code="ledger_not_sound"
        ) from None


def export_cases(
    *, actor: AbstractBaseUser, case_ids: list[int], search: dict | None = None, channel: str = "web"
) -> Export:
    """Build the evidence bundle of ``case_ids`` and record the export in the ledger."""
    check_may_inspect(actor)
    case_ids = sorted(set(case_ids))
    if not case_ids:
        raise Invalid(MSG_NOTHING, code="nothing_to_export")
    if len(case_ids) > max_cases():
        raise Invalid(MSG_TOO_MANY % {"count": len(case_ids), "limit": max_cases()}, code="export_too_large")
    cases = _load_cases(case_ids)
    events = list(
        Event.objects.filter(object_type="case", object_id__in=[str(pk) for pk in case_ids]).order_by("seq")
    )
    if not events:
        raise Conflict(MSG_NO_EVENTS, code="no_events")
    by_case: dict[str, list[Event]] = {}
    for event in events:
        by_case.setdefault(event.object_id, []).append(event)
    checkpoint, created = _checkpoint_covering(events[-1].seq)

    documents, files, warnings = {}, [], []
    for case in cases:
        own = by_case.get(str(case.pk), [])
        replay = Replay(case.pk)
        issued: dict[str, int] = {}
        for event in own:
            replay.apply(event.content)
            if event.action == "decree.issued" and event.data.get("sha256"):
                issued[event.data["sha256"]] = event.seq
        decree, sk_name = getattr(case, "decree", None), None
        if decree is not None and decree.pdf:
            sk_name = f"sk/{_safe(decree.number)}.pdf"
            with decree.pdf.open("rb") as handle:
                content = handle.read()
            bound = issued.get(hashlib.sha256(content).hexdigest())
            if bound is None:
                warnings.append(
                    _(
                        "%(ref)s: no ledger event records the SHA-256 of its decree PDF; it is included unbound."
                    )
                    % {"ref": case.reference}
                )
            files.append(BundleFile(name=sk_name, content=content, bound_to_seq=bound))
        document = _case_document(
            case, [event.seq for event in own], issued, replay.state if own else None, sk_name
        )
        if document["ledger"]["tables_differ_on"]:
            warnings.append(
                _("%(ref)s: today's records differ from the ledger on %(fields)s.")
                % {"ref": case.reference, "fields": ", ".join(document["ledger"]["tables_differ_on"])}
            )
        documents[f"case-{case.pk:06d}"] = document
    identity = identity_of(actor)
    documents["export"] = {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": identity,
        "search": search,
        "cases": [{"id": case.pk, "reference": case.reference} for case in cases],
        "checkpoint_signed_for_this_export": created,
        "warnings": warnings,
    }
    if len(cases) == 1:
        title = _("Evidence bundle of case %(ref)s") % {"ref": cases[0].reference}
        filename = f"sahih-{_safe(cases[0].reference)}.zip"
    else:
        title = _("Evidence bundle of %(count)s cases") % {"count": len(cases)}
        filename = f"sahih-cases-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip"
    try:
        content = bundle_bytes(
            events=events,
            documents=documents,
            files=files,
            title=title,
            exported_by=identity,
            checkpoint=checkpoint,
        )
    except BundleError as error:
        raise Conflict(MSG_BUNDLE % {"problem": str(error)}, code="bundle_failed") from None
    export = Export(
        content=content,
        filename=filename,
        case_ids=case_ids,
        events=len(events),
        checkpoint=checkpoint,
        checkpoint_created=created,
        warnings=warnings,
    )
    record_read(
        actor=actor,
        action=EXPORTED,
        data={
            "channel": channel,
            "search": search,
            "cases": case_ids,
            "events": len(events),
            "files": len(files),
            "checkpoint": {"size": checkpoint["size"], "root": checkpoint["root"], "created": created},
            "bundle": {"sha256": export.sha256, "size": len(content)},
        },
    )
    return export
