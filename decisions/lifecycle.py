"""A case's lifecycle: its statuses, the events that move it, and who may cause each.

``TRANSITIONS`` is the whole state machine, to be read against docs/architecture.md
("The case lifecycle"). ``transition()`` is the only code that writes ``Case.status`` (a test
walks the source tree for others); the workflow's inspection replay reads the same table, so
the status an inspector sees "as of" an event is the one the services set.

``may()`` answers "may this user cause this event on this case now?" for the pages and the
API; ``check()`` is the same question asked by the services, raising the refusal instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit import services as ledger

from . import tally
from .errors import Conflict, Refused
from .models import Case

S = Case.Status

# The events that change a case's status.
CREATE = "create"
SUBMIT = "submit"
RESUBMIT = "resubmit"
RETURN = "return"
REJECT = "reject"
WITHDRAW = "withdraw"
SIGN = "sign"
TAKE_EFFECT = "take_effect"

# Who causes an event. Only the proposer's events are a button of their own; the route's
# happen when an official decides a task (workflows/services/tasks.py asks its own questions
# about who holds the task), and the system's when a date comes.
PROPOSER = "proposer"
ROUTE = "route"
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    event: str
    sources: tuple[str, ...]  # the statuses it may start from; () for a new case
    target: str
    by: str
    # The ledger event that records it. None: the route's task decision records it
    # (``task.returned``, whose data carries the case's new ``status``).
    records: str | None
    closes: bool = False  # the case waits nowhere any more and gets its ``closed_at``
    refusal: Promise | None = None  # said when the case is in another status (409)
    refusal_code: str = "illegal_transition"
    not_actor: Promise | None = None  # said to anyone but the one who may cause it (403)


MSG_ILLEGAL = _("The case is %(status)s; this cannot be done to it now.")
MSG_NOT_SUBMITTABLE = _("The case is %(status)s; only drafts and returned cases can be submitted.")
MSG_NOT_PROPOSER = _("Only the clerk who proposed the case may submit it.")
MSG_NOT_WITHDRAWABLE = _("The case is %(status)s; only cases not yet signed can be withdrawn.")
MSG_NOT_WITHDRAWER = _("Only the clerk who proposed the case may withdraw it.")

OPEN = (S.DRAFT, S.IN_REVIEW, S.RETURNED)

TRANSITIONS: dict[str, Transition] = {
    t.event: t
    for t in (
        Transition(CREATE, (), S.DRAFT, PROPOSER, "case.created"),
        Transition(
            SUBMIT,
            (S.DRAFT,),
            S.IN_REVIEW,
            PROPOSER,
            "case.submitted",
            refusal=MSG_NOT_SUBMITTABLE,
            refusal_code="not_submittable",
            not_actor=MSG_NOT_PROPOSER,
        ),
        Transition(
            RESUBMIT,
            (S.RETURNED,),
            S.IN_REVIEW,
            PROPOSER,
            "case.resubmitted",
            refusal=MSG_NOT_SUBMITTABLE,
            refusal_code="not_submittable",
            not_actor=MSG_NOT_PROPOSER,
        ),
        Transition(RETURN, (S.IN_REVIEW,), S.RETURNED, ROUTE, None),
        Transition(REJECT, (S.IN_REVIEW, S.RETURNED), S.REJECTED, ROUTE, "case.rejected", closes=True),
        Transition(
            WITHDRAW,
            OPEN,
            S.WITHDRAWN,
            PROPOSER,
            "case.withdrawn",
            closes=True,
            refusal=MSG_NOT_WITHDRAWABLE,
            refusal_code="not_withdrawable",
            not_actor=MSG_NOT_WITHDRAWER,
        ),
        Transition(SIGN, (S.IN_REVIEW,), S.SIGNED, ROUTE, "decree.issued", closes=True),
        Transition(TAKE_EFFECT, (S.SIGNED,), S.EFFECTIVE, SYSTEM, "case.effective"),
    )
}

# The ledger codes that record a transition, for the replay.
RECORDED_BY = {t.records: t for t in TRANSITIONS.values() if t.records}


def leads(source: str, target: str) -> bool:
    """Does some event move a case from ``source`` to ``target``?"""
    return any(source in t.sources and t.target == target for t in TRANSITIONS.values())


def submission_event(case: Case) -> str:
    """Submitting a returned case is its resubmission."""
    return RESUBMIT if case.status == S.RETURNED else SUBMIT


def refusal(case: Case, event: str) -> Conflict | None:
    """Why ``event`` cannot happen to ``case`` in its status now, or None if it can."""
    spec = TRANSITIONS[event]
    if case.status in spec.sources:
        return None
    message = spec.refusal or MSG_ILLEGAL
    return Conflict(message % {"status": case.get_status_display()}, code=spec.refusal_code)


def _is_actor(user: AbstractBaseUser, case: Case, spec: Transition) -> bool:
    return spec.by == PROPOSER and user.is_authenticated and case.created_by_id == user.pk


def may(user: AbstractBaseUser, case: Case, event: str) -> bool:
    """May ``user`` cause ``event`` on ``case`` now? (Route and system events: never by hand.)"""
    spec = TRANSITIONS[event]
    return case.status in spec.sources and _is_actor(user, case, spec)


def allowed(user: AbstractBaseUser, case: Case) -> list[str]:
    """The events ``user`` may cause on ``case`` now, in the table's order."""
    return [event for event in TRANSITIONS if may(user, case, event)]


def check(user: AbstractBaseUser, case: Case, event: str) -> None:
    """``may()`` for the services: the status first (409), then who (403)."""
    spec = TRANSITIONS[event]
    illegal = refusal(case, event)
    if illegal is not None:
        raise illegal
    if not _is_actor(user, case, spec):
        raise Refused(spec.not_actor or MSG_ILLEGAL, code="not_proposer")


def transition(
    *,
    case: Case,
    event: str,
    actor: dict | None = None,
    data: dict | None = None,
    at: datetime | None = None,
) -> Case:
    """Move ``case`` (locked by the caller, inside its ``ledger.atomic``) by ``event``: check
    the status it starts from, write the fields, record the ledger event.

    ``actor`` is the identity recorded (``personnel.selectors.identity_of``), None for the
    system; ``data`` is what the event carries; ``at`` the moment (now if not given).
    """
    assert transaction.get_connection().in_atomic_block, "a transition runs in the caller's transaction"
    spec = TRANSITIONS[event]
    illegal = refusal(case, event)
    if illegal is not None:
        raise illegal
    at = at or timezone.now()
    source = case.status
    case.status = spec.target
    fields = ["status"]
    if spec.closes:
        case.stage, case.closed_at = "", at
        fields += ["stage", "closed_at"]
    if spec.target == S.EFFECTIVE:
        case.effective_at = at
        fields.append("effective_at")
    case.save(update_fields=fields)
    tally.moved(case, source=source, target=spec.target)
    if spec.records is not None:
        ledger.record(
            action=spec.records, object_type="case", object_id=case.pk, actor=actor, data=data or {}
        )
    return case


def adopt_stored(case: Case, *, status: str, closed_at) -> None:
    """Give ``case`` the status and closing time its row holds, read by the caller in a query
    of its own (the stage sync reads them with the open tasks, saving a statement). Not a
    transition: nothing is written."""
    case.status, case.closed_at = status, closed_at
