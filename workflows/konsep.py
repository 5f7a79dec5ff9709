"""The konsep SK and its parafs (issue 13 §3).

In Indonesian offices a decree travels as a *konsep* that each official initials (paraf
koordinasi) before the head signs. From submission on, everyone who may read a case can
open its konsep: the decree composed exactly as it would be signed today -- the same layout
and text -- marked KONSEP, without number, date or signature, with a paraf for every
approval so far. Each approval records its paraf (name, position, date) on the task and in
the ledger when it is given (``paraf_of``); the konsep and the case page read them back.

Here, not in ``decisions``, because parafs are read from the route's tasks and the signer
is resolved by the route's signing stage.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.utils import timezone
from viewflow.workflow.models import Task

from decisions.documents.blocks import DRAFT_BLANK
from decisions.documents.compose import compose, signature_for
from decisions.documents.model import DecreeDocument, Paraf
from decisions.documents.render import render
from decisions.models import Case
from personnel.selectors import employee_of, identity_of

from .nodes import Stage
from .stages import OPEN, stage_title

# The approvals that initial the konsep: a decision on the case, not a fact recorded.
PARAF_ACTIONS = ("approve", "choose")
ACTING = {"plt": "Plt.", "plh": "Plh.", "pj": "Pj."}
# The statuses in which a konsep exists: submitted and not yet signed (after signing, the SK).
KONSEP_STATUSES = (Case.Status.IN_REVIEW, Case.Status.RETURNED)


def paraf_of(actor, assignment: dict, *, on: date, stage: str, who: dict | None = None) -> dict:
    """The paraf an approval puts on the konsep, as stored on the task and in the ledger;
    ``who``: the actor's identity when the caller has worked it out already."""
    who = who or identity_of(actor)
    position = assignment.get("position_name") or who.get("position") or ""
    prefix = ACTING.get(assignment.get("basis", ""))
    if prefix and position:
        position = f"{prefix} {position}"
    if who.get("unit") and who["unit"] not in position and not assignment.get("position_name"):
        position = f"{position}, {who['unit']}" if position else who["unit"]
    return {"name": who["name"], "position": position, "date": on.isoformat(), "stage": stage}


def case_parafs(case: Case) -> list[Paraf]:
    """The parafs on the konsep of ``case``, in the order they were given. A returned case's
    route starts again, and so do its parafs: only those since the last (re)submission."""
    if not case.process_id:
        return []
    tasks = Task.objects.filter(process_id=case.process_id, status="DONE").order_by("finished", "pk")
    parafs: list[Paraf] = []
    for task in tasks.only("data", "finished"):
        data = task.data or {}
        if data.get("action") == "resubmit":
            parafs = []
        paraf = data.get("paraf")
        if paraf:
            parafs.append(
                Paraf(
                    name=paraf["name"],
                    position=paraf["position"],
                    date=date.fromisoformat(paraf["date"]),
                    stage=str(stage_title(paraf.get("stage", ""))),
                )
            )
    return parafs


def _signing_assignment(case: Case, today: date) -> dict:
    """Who is to sign: the open signing task's decider, else whom the route's signing stage
    would resolve today."""
    task = (
        Task.objects.filter(process_id=case.process_id, data__stage="signing", status__in=OPEN)
        .order_by("-pk")
        .first()
    )
    if task is not None and task.data.get("assignment"):
        return task.data["assignment"]
    from .flows import route_for

    for node in route_for(case.kind).instance.nodes():
        if isinstance(node, Stage) and node.stage == "signing":
            return node.resolver(case, today, {}).record
    return {}


def konsep_document(case: Case) -> DecreeDocument:
    """The decree of ``case`` as it would be signed today, as a konsep with its parafs."""
    today = timezone.localdate()
    assignment = _signing_assignment(case, today)
    signer = None
    if assignment.get("username"):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=assignment["username"]).first()
        signer = employee_of(user) if user else None
    document = compose(
        case=case,
        number=DRAFT_BLANK,
        decree_date=today,
        signature=signature_for(assignment, signer_employee=signer),
        verify_url="",
    )
    return replace(document, draft=True, parafs=tuple(case_parafs(case)))


def konsep_pdf(case: Case) -> bytes:
    return render(konsep_document(case)).pdf
