"""Changes to a case's route that decide nothing: a task handed to another official, items
dropped from a collective case. Like every task service, checked and recorded here."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as ledger
from decisions.errors import Invalid, Refused
from decisions.models import Case, CaseItem
from personnel.selectors import identity_of

from .. import authority, notifications
from .tasks import check_may_decide, lock_open_task, stage_of

MSG_NOT_MANAGER = _("Only a manager of the unit this stage belongs to may reassign its task.")
MSG_NO_AUTHORITY = _(
    "%(name)s does not hold the authority of the stage “%(stage)s”: a task goes only to the holder "
    "of the position, a Plt/Plh recorded for it, or a member of the stage's pool."
)
MSG_REASSIGN_REASON = _("Write why the task is reassigned.")
MSG_USER_INACTIVE = _("That account is deactivated.")
MSG_DROP_REASON = _("Write why this employee is dropped from the case.")
MSG_DROP_LAST = _("This is the last employee in the case; reject the case instead.")
MSG_NO_ITEM = _("The case has no employee number %(number)s.")
MSG_DROP_NOT_COLLECTIVE = _("Only employees of a collective case can be dropped.")


def task_reassign(*, task_id: int, actor: AbstractBaseUser, to_user: AbstractBaseUser, reason: str) -> Task:
    """A manager of the stage's unit hands a waiting task to someone who holds the stage's
    authority (absence, vacancy, conflict of duties); what gives them the authority is
    stored on the task and in the ledger."""
    with ledger.atomic():
        task, case = lock_open_task(actor, task_id)
        stage = stage_of(task)
        if not authority.may_reassign(actor, task, case):
            raise Refused(MSG_NOT_MANAGER, code="not_manager")
        reason = (reason or "").strip()
        if not reason:
            raise Invalid(MSG_REASSIGN_REASON, code="reason_required", fields={"reason": MSG_REASSIGN_REASON})
        if not to_user.is_active:
            raise Invalid(MSG_USER_INACTIVE, code="user_inactive", fields={"to": MSG_USER_INACTIVE})
        basis = authority.authority_record(to_user, task, case, on=timezone.localdate())
        if basis is None:
            name = (identity_of(to_user) or {}).get("name") or to_user.get_username()
            message = MSG_NO_AUTHORITY % {"name": name, "stage": stage.task_title}
            raise Invalid(message, code="no_authority", fields={"to": message})
        before = task.data.get("assignment", {})
        task.owner = to_user
        task.status = STATUS.ASSIGNED
        task.assigned = timezone.now()
        task.data["assignment"] = {
            "basis": "reassigned",
            "authority": basis,
            "username": to_user.get_username(),
            "name": (identity_of(to_user) or {}).get("name"),
            "reason": reason,
            "by": actor.get_username(),
            "previous": before,
        }
        task.save(update_fields=["owner", "status", "assigned", "data"])
        ledger.record(
            action="task.reassigned",
            object_type="case",
            object_id=case.pk,
            actor=identity_of(actor),
            data={
                "task": task.pk,
                "stage": task.data.get("stage"),
                "from": before,
                "to": identity_of(to_user),
                "authority": basis,
                "reason": reason,
            },
        )
        task_id = task.pk
        transaction.on_commit(lambda: notifications.announce(task_id))
    return task


def item_drop(*, task_id: int, actor: AbstractBaseUser, numbers: list[int], reason: str) -> Case:
    """The official deciding a stage drops employees from a collective case, with a reason.

    The rest of the case goes on; the SK's annex lists only the employees who remain.
    """
    with ledger.atomic():
        task, case = lock_open_task(actor, task_id)
        check_may_decide(task, case, actor)
        reason = (reason or "").strip()
        if not reason:
            raise Invalid(MSG_DROP_REASON, code="reason_required", fields={"reason": MSG_DROP_REASON})
        active = {item.position_in_case: item for item in case.items.filter(status=CaseItem.Status.ACTIVE)}
        if len(active) < 2 and not case.is_collective:
            raise Invalid(MSG_DROP_NOT_COLLECTIVE, code="not_collective")
        for number in numbers:
            if number not in active:
                message = MSG_NO_ITEM % {"number": number}
                raise Invalid(message, code="no_such_item", fields={"items": message})
        if len(set(numbers)) >= len(active):
            raise Invalid(MSG_DROP_LAST, code="last_item", fields={"items": MSG_DROP_LAST})
        dropped = []
        for number in sorted(set(numbers)):
            item = active[number]
            item.status = CaseItem.Status.DROPPED
            item.drop_reason = reason
            item.save(update_fields=["status", "drop_reason"])
            dropped.append({"item": number, "employee": item.employee.nip, "name": item.employee.full_name})
        ledger.record(
            action="case.items_dropped",
            object_type="case",
            object_id=case.pk,
            actor=identity_of(actor),
            data={"task": task.pk, "stage": task.data.get("stage"), "reason": reason, "items": dropped},
        )
    return case
