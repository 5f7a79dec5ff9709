"""Reads of the workflow that carry a rule: what waits for a user, what waits on a case.

``actionable_task_query`` answers "what may I act on now" as one query, however many tasks
exist: the tasks assigned to the user, plus the pool tasks their permissions open (guardian
object permissions on a unit, or the permission held model-wide), minus those the
separation of duties forbids -- so lists count, filter and page in the database.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from decisions.selectors import is_inspector

from .approvers import MANAGER_PERMISSION
from .flows import ROUTES
from .stages import OPEN, stages


def _route_refs() -> list[str]:
    from viewflow.workflow.fields import get_flow_ref

    return [get_flow_ref(flow) for flow in ROUTES.values()]


def _pool_filter(user: AbstractBaseUser) -> Q:
    """Pool tasks whose stored permission (and object) the user holds."""
    grants = Q(pk__in=[])
    object_perms = list(
        UserObjectPermission.objects.filter(user=user).values_list(
            "permission__content_type__app_label", "permission__codename", "content_type_id", "object_pk"
        )
    ) + list(
        GroupObjectPermission.objects.filter(group__user=user).values_list(
            "permission__content_type__app_label", "permission__codename", "content_type_id", "object_pk"
        )
    )
    for app_label, codename, content_type_id, object_pk in object_perms:
        grants |= Q(
            owner_permission=f"{app_label}.{codename}",
            owner_permission_content_type_id=content_type_id,
            owner_permission_obj_pk=str(object_pk),
        )
    # Superusers never get here (actionable_task_query): their get_all_permissions() would
    # be every permission, opening every pool to an administrator (workflows/authority.py).
    model_perms = user.get_all_permissions()
    if model_perms:
        grants |= Q(owner_permission__in=model_perms)
    # A vacant stage carries the managers' permission so managers hear of it; they
    # reassign it, they do not decide it.
    return grants & ~Q(owner_permission=MANAGER_PERMISSION)


def open_human_tasks() -> QuerySet[Task]:
    return Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN", process__flow_class__in=_route_refs())


def _authority() -> Case:
    """SQL for the authority of a task's stage (a stage is its own authority by default)."""
    whens = [
        When(data__stage=code, then=Value(authority))
        for code, authority in ((info.code, info.authority) for info in stages().values())
        if authority != code
    ]
    return Case(*whens, default=KT("data__stage"), output_field=CharField())


def actionable_task_query(user: AbstractBaseUser) -> QuerySet[Task]:
    """Open tasks the user may decide now, soonest due first, as one query.

    The separation of duties is part of the query (so the inbox can count and page in the
    database), exactly as the task service checks it: outside the proposer's own revision
    stage, no task of a case the user proposed or is the subject of; and unless the stage
    only records a fact, none of a case where the user decided a stage of another authority.
    """
    if not user.is_authenticated or user.is_superuser or is_inspector(user):
        return Task.objects.none()
    from decisions.models import Case as CaseModel
    from decisions.models import CaseItem

    mine = Q(owner=user, status=STATUS.ASSIGNED)
    pool = Q(owner__isnull=True, status=STATUS.NEW) & _pool_filter(user)
    proposed = CaseModel.objects.filter(process_id=OuterRef("process_id"), created_by=user)
    about_user = CaseItem.objects.filter(case__process_id=OuterRef("process_id"), employee__user=user)
    decided_elsewhere = (
        Task.objects.filter(
            process_id=OuterRef("process_id"), owner=user, status=STATUS.DONE, flow_task_type="HUMAN"
        )
        .annotate(authority=_authority())
        .filter(authority__isnull=False)
        .exclude(authority=OuterRef("authority"))
        .exclude(data__stage="revision")
    )
    recording = [
        code
        for code, authority in ((info.code, info.authority) for info in stages().values())
        if authority is None
    ]
    conflicted = (
        Exists(proposed) | Exists(about_user) | (~Q(data__stage__in=recording) & Exists(decided_elsewhere))
    )
    return (
        open_human_tasks()
        .filter(mine | pool)
        .annotate(authority=_authority())
        .filter(Q(data__stage="revision") | ~conflicted)
        .select_related("process__case__created_by", "process__case__initiating_unit", "owner")
        .order_by(Coalesce(KT("data__due"), Value("9999")), "pk")
    )


def actionable_tasks(user: AbstractBaseUser) -> list[Task]:
    """Open tasks the user may decide now, soonest due first, with their cases loaded."""
    return list(actionable_task_query(user))


def late_filter(today: date | None = None) -> LessThan:
    """Tasks past their due date, for ``filter()``: ``due`` is an ISO date, so text order is
    date order on every database."""
    return LessThan(KT("data__due"), Value((today or timezone.localdate()).isoformat()))


def due_date(task: Task) -> date | None:
    due = task.data.get("due")
    return date.fromisoformat(due) if due else None


def is_overdue(task: Task, today: date | None = None) -> bool:
    due = due_date(task)
    return due is not None and due < (today or timezone.localdate())


def pending_tasks_by_process(process_ids: list[int]) -> dict[int, list[Task]]:
    """Open tasks of many cases at once (for lists), keyed by process id."""
    grouped: dict[int, list[Task]] = {}
    for task in (
        Task.objects.filter(process_id__in=process_ids, status__in=OPEN, flow_task_type="HUMAN")
        .select_related("owner")
        .order_by("pk")
    ):
        grouped.setdefault(task.process_id, []).append(task)
    return grouped


def escalated_to(user: AbstractBaseUser) -> list[Task]:
    """Late tasks escalated to ``user`` as the superior of whoever they wait for."""
    if not user.is_authenticated:
        return []
    return list(
        open_human_tasks()
        .filter(data__escalated_to__username=user.get_username())
        .select_related("process__case", "owner")
        .order_by("pk")
    )


def latest_returns(cases) -> dict[int, dict]:
    """The latest return of each case (the note, who, at which stage, when), in one query."""
    from .stages import stage_title

    notes: dict[int, dict] = {}
    returned = (
        Task.objects.filter(
            process_id__in=[c.process_id for c in cases if c.process_id], data__outcome="returned"
        )
        .select_related("owner")
        .order_by("process_id", "-finished", "-pk")
    )
    for task in returned:
        owner = task.owner
        notes.setdefault(
            task.process_id,
            {
                "note": task.data.get("note", ""),
                "stage": stage_title(task.data.get("stage", "")),
                "by": (owner.get_full_name() or owner.get_username()) if owner else "",
                "at": task.finished,
            },
        )
    return {case.pk: notes.get(case.process_id, {}) for case in cases}
