"""Public feedback: receiving it, and the three steps of its route. Every step is in the
ledger; the sender's name and contact never are (the ledger is read more widely than the
Inspektorat's own pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as ledger
from personnel.models import Employee, OrgUnit
from personnel.selectors import identity_of
from workflows.authority import holds_permission, holds_permission_on

from . import deciders
from . import ledger as codes
from .flows import HANDLE, FeedbackFlow
from .models import Feedback

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
MSG_NOT_YOURS = _("This step of the feedback is not yours to decide.")
MSG_DONE = _("This step has already been decided.")
MSG_NEED_NOTE = _("Write what you decided and why.")
MSG_NEED_ANSWER = _("Write the answer the sender will read.")
MSG_NEED_UNIT = _("Choose the unit to forward the feedback to.")


def can_handle(user) -> bool:
    """The Inspektorat: triages, closes, and alone sees who sent what. Only a grant counts
    (the inspector role, or the permission given to the user): being a superuser does not
    make an administrator an inspector, as it gives no route's authority
    (workflows/authority.py)."""
    if not user.is_authenticated:
        return False
    if not user.is_superuser:
        return user.has_perm(HANDLE)  # Django's cache of the user's permissions, shared with the menu
    if not hasattr(user, "_sahih_handles_feedback"):
        user._sahih_handles_feedback = holds_permission(user, HANDLE)
    return user._sahih_handles_feedback


def units_answering(user):
    """The OPDs whose forwarded feedback ``user`` may read, as a subquery of OrgUnit ids: the
    OPD of the unit they head, and the units on which they were granted
    ``personnel.manage_tasks`` (to them or to a group of theirs, or model-wide: every OPD;
    never as a superuser)."""
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast
    from guardian.models import GroupObjectPermission, UserObjectPermission

    if not user.is_superuser and user.has_perm(deciders.UNIT_MANAGERS):  # granted model-wide
        return OrgUnit.objects.values("pk")
    app_label, codename = deciders.UNIT_MANAGERS.split(".")
    grant = Q(permission__codename=codename, permission__content_type__app_label=app_label)
    managed = Q(pk_text__in=UserObjectPermission.objects.filter(grant, user=user).values("object_pk")) | Q(
        pk_text__in=GroupObjectPermission.objects.filter(grant, group__user=user).values("object_pk")
    )
    head = (
        Employee.objects.select_related("position__unit__parent__parent")
        .filter(user=user, position__is_head=True)
        .first()
    )
    if head is not None:
        managed |= Q(pk=head.position.unit.opd.pk)
    return OrgUnit.objects.annotate(pk_text=Cast("pk", output_field=CharField())).filter(managed).values("pk")


def can_see_sender(user) -> bool:
    return can_handle(user)


def _event(feedback: Feedback, action: str, actor, **data) -> None:
    ledger.record(
        action=action,
        object_type="feedback",
        object_id=feedback.pk,
        actor=identity_of(actor),
        data={"tracking_code": feedback.tracking_code, **data},
    )


def feedback_submit(
    *, kind: str, text: str, unit=None, sender_name: str = "", sender_contact: str = ""
) -> Feedback:
    """A member of the public's feedback: stored, in the ledger, and on the route."""
    with ledger.atomic():
        feedback = Feedback.objects.create(
            kind=kind,
            text=text,
            unit=unit,
            sender_name=sender_name.strip(),
            sender_contact=sender_contact.strip(),
        )
        _event(
            feedback,
            codes.FEEDBACK_RECEIVED,
            None,
            kind=kind,
            unit=unit.code if unit else None,
            with_contact=bool(feedback.sender_contact),
        )
        FeedbackFlow.start.run(feedback=feedback)
    return feedback


def open_task(feedback: Feedback) -> Task | None:
    if feedback.process_id is None:
        return None
    return (
        Task.objects.filter(process_id=feedback.process_id, status__in=OPEN, flow_task_type="HUMAN")
        .order_by("-pk")
        .first()
    )


def may_decide(user, task: Task | None) -> bool:
    if task is None or not user.is_authenticated:
        return False
    if task.owner_id is not None:
        return task.owner_id == user.pk or (
            task.data.get("stage") != "feedback_unit_response" and can_handle(user)
        )
    if task.owner_permission == HANDLE:
        return can_handle(user)
    if task.owner_permission:  # the OPD's task managers, when its head post has nobody
        return holds_permission_on(
            user, task.owner_permission, task.owner_permission_content_type_id, task.owner_permission_obj_pk
        )
    return False


def _run(feedback: Feedback, stage: str, actor) -> None:
    task = open_task(feedback)
    if task is None or task.data.get("stage") != stage:
        raise ValidationError(MSG_DONE, code="task_closed")
    if not may_decide(actor, task):
        raise PermissionDenied(MSG_NOT_YOURS)
    with task.activation() as activation:
        if activation.task.status not in OPEN:
            raise ValidationError(MSG_DONE, code="task_closed")
        if activation.task.status == STATUS.NEW:
            activation.assign(actor)
            activation.task.assigned = timezone.now()
        elif activation.task.owner_id != actor.pk:
            activation.task.owner = actor  # the Inspektorat takes over an assigned step
        activation.start(SimpleNamespace(user=actor))
        activation.execute()


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def feedback_triage(*, feedback: Feedback, actor, forward: bool, unit=None, note: str) -> Feedback:
    if not note.strip():
        raise ValidationError(MSG_NEED_NOTE, code="note")
    with ledger.atomic():
        feedback = _locked(feedback)
        if forward:
            unit = unit or feedback.unit
            if unit is None:
                raise ValidationError(MSG_NEED_UNIT, code="unit")
            feedback.unit = unit
            feedback.disposition = Feedback.Disposition.FORWARDED
            feedback.status = Feedback.Status.WITH_UNIT
        else:
            feedback.disposition = Feedback.Disposition.NOT_ACTIONABLE
            feedback.status = Feedback.Status.CLOSING
        feedback.triage_note = note.strip()
        feedback.save(update_fields=["unit", "disposition", "status", "triage_note"])
        _run(feedback, "feedback_triage", actor)
        _event(
            feedback,
            codes.FEEDBACK_TRIAGED,
            actor,
            disposition=feedback.disposition,
            unit=feedback.unit.code if feedback.unit else None,
            note=feedback.triage_note,
        )
    return feedback


def feedback_respond(*, feedback: Feedback, actor, response: str) -> Feedback:
    if not response.strip():
        raise ValidationError(MSG_NEED_NOTE, code="note")
    with ledger.atomic():
        feedback = _locked(feedback)
        feedback.unit_response = response.strip()
        feedback.status = Feedback.Status.CLOSING
        feedback.save(update_fields=["unit_response", "status"])
        _run(feedback, "feedback_unit_response", actor)
        _event(feedback, codes.FEEDBACK_UNIT_RESPONDED, actor, response=feedback.unit_response)
    return feedback


def feedback_close(*, feedback: Feedback, actor, conclusion: str, public_answer: str) -> Feedback:
    if not conclusion.strip():
        raise ValidationError(MSG_NEED_NOTE, code="note")
    if not public_answer.strip():
        raise ValidationError(MSG_NEED_ANSWER, code="answer")
    with ledger.atomic():
        feedback = _locked(feedback)
        feedback.conclusion = conclusion.strip()
        feedback.public_answer = public_answer.strip()
        feedback.status = Feedback.Status.CLOSED
        feedback.closed_at = timezone.now()
        feedback.save(update_fields=["conclusion", "public_answer", "status", "closed_at"])
        _run(feedback, "feedback_closure", actor)
        _event(
            feedback,
            codes.FEEDBACK_CLOSED,
            actor,
            conclusion=feedback.conclusion,
            answer=feedback.public_answer,
        )
    return feedback


@dataclass
class FeedbackDeadlineRun:
    reminded: int = 0
    escalated: int = 0


def run_feedback_deadlines(*, today: date | None = None) -> FeedbackDeadlineRun:
    """Remind before a feedback step is due, escalate after (deciders.escalation_target);
    each once."""
    from django.conf import settings
    from viewflow.workflow.fields import get_flow_ref

    from workflows.deadlines import working_days_between

    today = today or timezone.localdate()
    run = FeedbackDeadlineRun()
    flow_ref = get_flow_ref(FeedbackFlow)
    ids = Task.objects.filter(
        status__in=(STATUS.NEW, STATUS.ASSIGNED), flow_task_type="HUMAN", process__flow_class=flow_ref
    ).values_list("pk", flat=True)
    for task_id in list(ids):
        with ledger.atomic():
            task = (
                Task.objects.select_for_update()
                .filter(pk=task_id, status__in=(STATUS.NEW, STATUS.ASSIGNED))
                .first()
            )
            if task is None or not task.data.get("due"):
                continue
            due = date.fromisoformat(task.data["due"])
            feedback = Feedback.objects.get(process_id=task.process_id)
            if today > due and not task.data.get("escalated_on"):
                holder = deciders.escalation_target(task, today)
                target = holder.as_record() if holder and holder.user else None
                task.data.update(escalated_on=today.isoformat(), escalated_to=target)
                task.save(update_fields=["data"])
                _event(
                    feedback,
                    codes.FEEDBACK_ESCALATED,
                    None,
                    task=task.pk,
                    stage=task.data["stage"],
                    due=due,
                    escalated_to=target,
                )
                run.escalated += 1
            elif (
                today <= due
                and not task.data.get("reminded_on")
                and working_days_between(today, due) <= settings.SAHIH_REMINDER_DAYS_BEFORE
            ):
                task.data["reminded_on"] = today.isoformat()
                task.save(update_fields=["data"])
                _event(
                    feedback, codes.FEEDBACK_REMINDED, None, task=task.pk, stage=task.data["stage"], due=due
                )
                run.reminded += 1
    return run
