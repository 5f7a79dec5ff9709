"""Deciding tasks: approve, return, reject, sign, record, choose, postpone; reassigning a
task; dropping an item from a collective case.

Every action checks, in order: that the user may see the case (404), that the task is
still open (409), that the action exists at this stage (400), that the user may decide this
task (403), the separation of duties (403), the facts the stage asks for (400), and the
policy rules (400 with findings). Only then does it touch an activation.

Locks: the case row first (every service takes it, so two decisions on one case queue
up), then viewflow's process lock inside ``task.activation()``; a decision takes both in
one statement (``lock_open_task``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.lock import lock_scope
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as ledger
from decisions import decrees, files, policy
from decisions.attachments import attachment_ahead, attachment_record
from decisions.errors import Conflict, Invalid, Refused
from decisions.models import Attachment, Case, CaseItem
from decisions.selectors import cases_visible, cases_visible_to, is_inspector, visibility_of
from decisions.signing import OneTimeSecret
from personnel import compiled
from personnel.selectors import identity_of

from .. import durations, progress
from ..konsep import PARAF_ACTIONS, paraf_of
from ..nodes import ACTION_LABELS, ACTION_OUTCOME, Outcome, Stage
from ..stages import OPEN, stage_authority, stage_title

MSG_TASK_DONE = _("This task has already been decided (%(status)s). Reload the case to see where it is now.")
MSG_NOT_AT_STAGE = _("“%(action)s” is not possible at the stage “%(stage)s”.")
MSG_NOTE_REQUIRED = _("Write a note saying why the case is returned or rejected.")
MSG_NOT_YOURS = _("This task waits for %(name)s, not for you.")
MSG_NOT_IN_POOL = _("You are not among the officials who may take this task.")
MSG_CREATOR_DECIDES = _("You proposed this case, so you may not decide any stage of it.")
MSG_ABOUT_YOU = _("This case is about you, so you may not act on it.")
MSG_TWO_STAGES = _(
    "You already decided the stage “%(stage)s” of this case; nobody may decide two stages "
    "of one case. Ask a manager to reassign this task."
)
MSG_INSPECTOR_READS = _("Inspectors read cases; they do not act on them.")
MSG_ADMIN_NO_AUTHORITY = _(
    "An administrator account holds no authority to decide a stage. Decide with the account of "
    "the official who holds it."
)
MSG_FACT_REQUIRED = _("Fill in “%(label)s”.")
MSG_FACT_DATE = _("“%(label)s” must be a date (dd-mm-yyyy).")
MSG_DOCUMENT_REQUIRED = _("Attach the scan of the document.")


@dataclass(frozen=True)
class Decision:
    """What the user decided, with the facts the stage asks for and their answers to the
    policy findings. ``action`` None means the stage's go-ahead."""

    action: str | None = None
    note: str = ""
    facts: dict = field(default_factory=dict)
    document: tuple[str, bytes] | None = None  # (file name, content)
    overrides: dict | None = None  # finding key -> justification (and optional attachment id)
    acknowledged: tuple[str, ...] = ()  # finding keys of warnings the approver has read
    # What the signer typed to unlock their certificate at BSrE (signing only); never stored.
    secret: OneTimeSecret | None = field(default=None, repr=False)


def _request_for(actor):
    # viewflow's activation.start() wants a request; it only reads the user.
    return SimpleNamespace(user=actor)


def stage_of(task: Task) -> Stage:
    node = task.flow_task
    if not isinstance(node, Stage):
        raise Http404
    return node


def get_task_for_user(actor: AbstractBaseUser, task_id: int) -> tuple[Task, Case]:
    """The task and its case, or 404 when the user may not see the case."""
    task = Task.objects.filter(pk=task_id, flow_task_type="HUMAN").select_related("process").first()
    if task is None:
        raise Http404
    case = cases_visible_to(actor).filter(process_id=task.process_id).first()
    if case is None:
        raise Http404
    return task, case


def check_may_decide(task: Task, case: Case, actor: AbstractBaseUser) -> None:
    """Raise Refused unless ``actor`` may decide ``task`` now (ownership and duties).

    Recording a fact from outside (the BKN pertek, the inauguration date) is not a
    decision about the case, so it does not count as "a stage" for the two-stages rule.
    """
    stage = stage_of(task)
    if actor.is_superuser:
        # Superuser status is for running the system; it is no office (workflows/authority.py).
        raise Refused(MSG_ADMIN_NO_AUTHORITY, code="admin_no_authority")
    if is_inspector(actor):
        raise Refused(MSG_INSPECTOR_READS, code="inspector_read_only")
    if task.owner_id is not None and task.owner_id != actor.pk:
        owner = task.data.get("assignment", {}).get("name") or task.owner.get_username()
        raise Refused(MSG_NOT_YOURS % {"name": owner}, code="not_task_owner")
    if task.owner_id is None and not stage.can_assign(actor, task):
        raise Refused(MSG_NOT_IN_POOL, code="not_in_pool")
    if stage.stage == "revision":
        return
    if case.created_by_id == actor.pk:
        raise Refused(MSG_CREATOR_DECIDES, code="separation_creator")
    # ``lock_open_task`` answers both questions in its locking statement; other callers ask.
    about_actor = getattr(case, "about_actor", None)
    if about_actor is None:
        about_actor = case.items.filter(employee__user=actor).exists()
    if about_actor:
        raise Refused(MSG_ABOUT_YOU, code="separation_subject")
    if stage.actions[0] == "record" or getattr(case, "actor_decided", None) is False:
        return
    decided = {
        data.get("stage")
        for data in Task.objects.filter(
            process_id=case.process_id, status=STATUS.DONE, owner=actor, flow_task_type="HUMAN"
        ).values_list("data", flat=True)
    }
    others = sorted(
        code
        for code in decided - {stage.stage, "revision"}
        if stage_authority(code) not in (None, stage.authority)
    )
    if others:
        raise Refused(MSG_TWO_STAGES % {"stage": stage_title(others[0])}, code="separation_two_stages")


def available_actions(task: Task, case: Case, actor: AbstractBaseUser) -> tuple[str, ...]:
    """The actions ``actor`` may take on ``task`` now; empty if none."""
    if task.status not in OPEN:
        return ()
    try:
        check_may_decide(task, case, actor)
    except Refused:
        return ()
    return stage_of(task).actions


def parse_day(text: str) -> date:
    """A date as people write it (dd-mm-yyyy) or as machines do (yyyy-mm-dd)."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text, "%d-%m-%Y").date()  # noqa: DTZ007 -- a calendar day, no time


def _clean_facts(stage: Stage, action: str, decision: Decision) -> dict:
    record = stage.record_for(action)
    if record is None:
        return {}
    facts = {}
    for fact in record.facts:
        value = decision.facts.get(fact.key)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, "") and fact.default is not None:
            value = fact.default()
        if value in (None, ""):
            message = MSG_FACT_REQUIRED % {"label": fact.label}
            raise Invalid(message, code="fact_required", fields={fact.key: message})
        if fact.kind == "date":
            try:
                value = value if isinstance(value, date) else parse_day(str(value))
            except ValueError:
                message = MSG_FACT_DATE % {"label": fact.label}
                raise Invalid(message, code="fact_date", fields={fact.key: message}) from None
            value = value.isoformat()
        if fact.kind == "item":
            try:
                value = int(value)
            except (TypeError, ValueError):
                message = MSG_FACT_REQUIRED % {"label": fact.label}
                raise Invalid(message, code="fact_required", fields={fact.key: message}) from None
        facts[fact.key] = value
    if record.document and decision.document is None:
        raise Invalid(
            MSG_DOCUMENT_REQUIRED, code="document_required", fields={"document": MSG_DOCUMENT_REQUIRED}
        )
    return facts


@contextmanager
def _already_locked(flow_class, process_pk):
    # A viewflow lock_impl for a process row this transaction has locked already.
    yield


@contextmanager
def _activation(task: Task, *, locked: bool):
    """``task.activation()``; or, when ``lock_open_task`` has locked the case and its process
    and read the task under that lock (``locked``), the same activation without viewflow's
    own lock: its savepoint, its second lock of the process row, and its re-reading of the
    task and the process would be four statements more that learn nothing new."""
    if not locked:
        with task.activation() as activation:
            yield activation
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a task read under the case lock is completed in the same transaction")
    # lock_scope still runs what viewflow defers until the flow lock is released.
    with lock_scope(_already_locked, task.flow_task.flow_class, task.process_id):
        yield task.flow_task.activation_class(task)


def run_activation(
    task: Task,
    case: Case,
    actor: AbstractBaseUser,
    *,
    outcome: str,
    note: str,
    extra=None,
    locked: bool = False,
) -> Task:
    """Complete ``task`` through viewflow (assigning it first when taken from a pool).
    ``locked``: the task was read by ``lock_open_task`` in this transaction.

    The holidays are read once for the next task's deadline and this task's duration."""
    with durations.decision_calendar(task):
        with _activation(task, locked=locked) as activation:
            if activation.task.status not in OPEN:
                raise Conflict(
                    MSG_TASK_DONE % {"status": activation.task.get_status_display()}, code="task_closed"
                )
            activation.process.case = case
            if activation.task.status == STATUS.NEW:
                # Taken from the pool (``check_may_decide`` asked ``can_assign``) and decided at
                # once: what viewflow's assign() sets, written by execute()'s save, not a save more.
                activation.task.owner = actor
                activation.task.status = STATUS.ASSIGNED
                activation.task.assigned = timezone.now()
            activation.start(_request_for(actor))
            activation.task.data.update(
                {"outcome": outcome, "note": note, "decided_at": timezone.now().isoformat(), **(extra or {})}
            )
            activation.execute()
        durations.record_stage(activation.task, case)
    return activation.task


@dataclass
class Opened:
    """A task checked and ready to be decided, its case locked (``open_task``)."""

    task: Task
    case: Case
    stage: Stage
    action: str
    outcome: str
    note: str
    facts: dict
    who: dict  # the actor as the ledger records them: worked out once per decision


def _locking_statement(*, scope: str, task_id: int, actor_id: int, **ids):
    # ``lock_open_task``'s one statement, for ``compiled.fetch`` (the scope is in its key).
    of_task = Task.objects.filter(pk=task_id, flow_task_type="HUMAN").values("process_id")
    visible = cases_visible(scope, **ids).filter(process_id__in=of_task).values("pk")
    return (
        Case.objects.select_related("process")
        .select_for_update(of=("self", "process"))
        # A condition on the process's own column makes its join an inner one, which
        # PostgreSQL can lock (never the nullable side of an outer join).
        .filter(pk__in=visible, process__status__isnull=False)
        .annotate(
            about_actor=Exists(CaseItem.objects.filter(case_id=OuterRef("pk"), employee__user_id=actor_id)),
            actor_decided=Exists(
                Task.objects.filter(
                    process_id=OuterRef("process_id"),
                    status=STATUS.DONE,
                    owner_id=actor_id,
                    flow_task_type="HUMAN",
                )
            ),
        )[:1]
    )


def _task(*, task_id: int):
    return Task.objects.filter(pk=task_id)


def lock_open_task(actor: AbstractBaseUser, task_id: int) -> tuple[Task, Case]:
    """The task the actor may see, its case locked and the task read again under the lock:
    refused when another decision closed it meanwhile.

    Two statements on the hot path: one finds the case through the task, checks that the
    actor may see it, locks it and its viewflow process (the row viewflow's own lock takes:
    ``run_activation(locked=True)`` then skips that lock), and answers the
    separation-of-duties questions ``check_may_decide`` would otherwise ask one by one; one
    reads the task under the lock.
    """
    scope, ids = visibility_of(actor)
    if scope == "none":
        raise Http404
    # Compiled once per visibility scope: the statement differs only in its ids.
    found = compiled.fetch(
        ("workflows.lock_open_task", scope),
        partial(_locking_statement, scope=scope),
        task_id=task_id,
        actor_id=actor.pk,
        **ids,
    )
    if not found:
        raise Http404
    case = found[0]
    (task,) = compiled.fetch("workflows.task", _task, task_id=task_id)
    task.process = case.process  # read and locked with the case
    if task.status not in OPEN:
        raise Conflict(MSG_TASK_DONE % {"status": task.get_status_display()}, code="task_closed")
    return task, case


def open_task(
    *, task_id: int, actor: AbstractBaseUser, decision: Decision, who: dict | None = None
) -> Opened:
    """Lock the case and run every check of a decision (inside the caller's transaction).
    ``who``: the actor's identity, when the caller has worked it out already."""
    task, case = lock_open_task(actor, task_id)
    stage = stage_of(task)
    action = decision.action or stage.actions[0]
    if action not in stage.actions:
        message = MSG_NOT_AT_STAGE % {
            "action": ACTION_LABELS.get(action, action),
            "stage": stage.task_title,
        }
        raise Invalid(message, code="action_not_available", fields={"action": message})
    outcome = ACTION_OUTCOME[action]
    note = (decision.note or "").strip()
    if outcome != Outcome.APPROVED and stage.stage != "committee_vote" and not note:
        raise Invalid(MSG_NOTE_REQUIRED, code="note_required", fields={"note": MSG_NOTE_REQUIRED})
    check_may_decide(task, case, actor)
    facts = _clean_facts(stage, action, decision) if outcome == Outcome.APPROVED else {}
    return Opened(
        task=task,
        case=case,
        stage=stage,
        action=action,
        outcome=outcome,
        note=note,
        facts=facts,
        who=who or identity_of(actor),
    )


def gate(opened: Opened, actor: AbstractBaseUser, decision: Decision) -> None:
    """The policy rules, for a go-ahead (a committee vote is no decision about the case)."""
    if opened.outcome == Outcome.APPROVED and opened.stage.stage != "committee_vote":
        policy.gate(
            case=opened.case,
            stage=opened.stage.stage,
            actor=actor,
            overrides=decision.overrides or {},
            acknowledged=decision.acknowledged,
            who=opened.who,
        )


def decide_opened(
    opened: Opened,
    actor: AbstractBaseUser,
    decision: Decision,
    *,
    issue: Callable[[Case], object] | None = None,
    document: Attachment | None = None,
) -> Case:
    """Everything a decision changes, after ``open_task`` in the same transaction; ``issue``
    stores the signed decree at the signing stage (workflows/services/signing.py);
    ``document`` is the decision's document, its file already written (``_document_ahead``)."""
    task, case, stage, action = opened.task, opened.case, opened.stage, opened.action
    gate(opened, actor, decision)
    if opened.facts:
        case.data.update(opened.facts)
        case.save(update_fields=["data"])
    if decision.document is not None and opened.outcome == Outcome.APPROVED:
        record = stage.record_for(action)
        if document is None:
            # Not written ahead: it fails its checks, and says so now, after who may decide.
            name, content = decision.document
            document = attachment_ahead(actor=actor, kind="other", name=name, content=content)
        document.kind = (record.document if record else None) or "other"
        attachment_record(attachment=document, case=case, actor=actor, identity=opened.who)
    if opened.outcome == Outcome.APPROVED:
        stage.apply_effect(
            case=case, task=task, action=action, facts=opened.facts, actor=actor, who=opened.who
        )
    if issue is not None:
        issue(case)
    extra = {"action": action}
    if opened.outcome == Outcome.APPROVED and action in PARAF_ACTIONS:
        # The approval initials the konsep SK (workflows/konsep.py).
        extra["paraf"] = paraf_of(
            actor, task.data.get("assignment", {}), on=timezone.localdate(), stage=stage.stage, who=opened.who
        )
    done = run_activation(
        task, case, actor, outcome=opened.outcome, note=opened.note, extra=extra, locked=True
    )
    if issue is not None:
        durations.record_case(case)
    progress.sync_stage(case)
    ledger.record(
        action=f"task.{opened.outcome}",
        object_type="case",
        object_id=case.pk,
        actor=opened.who,
        data={
            "task": done.pk,
            "stage": stage.stage,
            "action": action,
            "note": opened.note,
            "facts": opened.facts,
            **({"paraf": extra["paraf"]} if "paraf" in extra else {}),
            "status": case.status,
            "next_stages": case.stage.split(",") if case.stage else [],
        },
    )
    if issue is not None and decrees.apply_case(case):
        case.refresh_from_db()
    return case


def _document_ahead(actor: AbstractBaseUser, decision: Decision) -> Attachment | None:
    """The decision's document with its file written before the transaction, so that the case
    is not locked while the storage works (decisions/files.py). None without a document, or when
    it fails its checks: ``decide_opened`` raises those in their turn, after who may decide."""
    if decision.document is None:
        return None
    name, content = decision.document
    try:
        return attachment_ahead(actor=actor, kind="other", name=name, content=content)
    except Invalid:
        return None


def task_decide(*, task_id: int, actor: AbstractBaseUser, decision: Decision) -> Case:
    """Decide a task. The one entry point behind approve, return, reject, sign and the rest.

    Signing runs in steps of its own (``signing.task_sign``), so that no lock is held while the
    signer signs; when the action is not named, this transaction finds out and only checks."""
    from .signing import task_sign

    who = identity_of(actor)  # once per decision: every event of it records the same actor
    if decision.action == "sign":
        return task_sign(task_id=task_id, actor=actor, decision=decision, who=who)
    document = _document_ahead(actor, decision)
    case, recorded = None, False
    try:
        with ledger.atomic():
            opened = open_task(task_id=task_id, actor=actor, decision=decision, who=who)
            if opened.action != "sign":
                case = decide_opened(opened, actor, decision, document=document)
        recorded = document is not None and document.pk is not None  # and committed
    finally:
        if document is not None and not recorded:
            # Rolled back, or not an approval: the file written ahead is nobody's.
            files.remove(document.file)
    if case is not None:
        return case
    return task_sign(task_id=task_id, actor=actor, decision=replace(decision, action="sign"), who=who)


def task_approve(
    *,
    task_id: int,
    actor: AbstractBaseUser,
    note: str = "",
    overrides=None,
    acknowledged=(),
    facts=None,
    document=None,
    secret: OneTimeSecret | None = None,
) -> Case:
    """The stage's go-ahead: approve; at the signing stage sign; at a recording stage record."""
    return task_decide(
        task_id=task_id,
        actor=actor,
        decision=Decision(
            note=note,
            overrides=overrides,
            acknowledged=tuple(acknowledged),
            facts=facts or {},
            document=document,
            secret=secret,
        ),
    )


def task_return(*, task_id: int, actor: AbstractBaseUser, note: str) -> Case:
    """Send the case back to its proposer for revision."""
    return task_decide(task_id=task_id, actor=actor, decision=Decision(action="return", note=note))


def task_reject(*, task_id: int, actor: AbstractBaseUser, note: str) -> Case:
    """End the case: the proposal is refused."""
    return task_decide(task_id=task_id, actor=actor, decision=Decision(action="reject", note=note))
