"""Who holds a stage's authority, and who may hand its task to someone else.

A decision taken by someone without the authority is not valid (UU 30/2014 on Government
Administration: an official acts by attribution, delegation or mandate, and a Plt/Plh acts
by mandate on a written assignment, Ps. 14; a decision by an official without authority is
invalid, Ps. 70 -- the article numbers are from memory [R]). So a task goes only to someone
who holds the authority of its stage, on the day it is handed over:

- a stage of a position (a unit head, the Head of BKPSDM, the Sekda, the regional head):
  the holder of the position, or a Plt/Plh recorded for it (personnel.ActingAssignment,
  with the decree that appoints them) whose period covers the day;
- a pool stage (BKPSDM's verifiers): someone granted the pool's permission on its unit;
- a committee vote: a member of the committee who has no vote on this case yet;
- the proposer's revision: the proposer, or another clerk of the proposing unit.

Being a superuser or an administrator grants none of these: Django's superuser shortcut in
``has_perm`` is never consulted here. Who may reassign is a manager *of the stage's unit*:
``personnel.manage_tasks`` granted on the unit or a unit above it (django-guardian), or
held model-wide, as is the administrators' ``decisions.manage_case`` (BKPSDM runs the
process for every unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import get_objects_for_user, get_users_with_perms
from viewflow.workflow.models import Task

from decisions.models import Case
from personnel import compiled
from personnel.models import OrgUnit, Position
from personnel.selectors import authorised_for, head_position_of, office_unit, opd_of

from .approvers import MANAGER_PERMISSION

PROPOSE_PERMISSION = "decisions.add_case"
UNIT_MANAGER_PERMISSION = "personnel.manage_tasks"


@dataclass(frozen=True)
class StageAuthority:
    """What a task's stage acts for, fixed when the task was created."""

    kind: str  # "position", "pool", "committee", "proposer", "none"
    unit: OrgUnit | None  # whose managers may reassign the task
    position: Position | None = None
    permission: str | None = None
    committee: str = ""


def original_assignment(task: Task) -> dict:
    """The assignment resolved when the task was created (before any reassignment)."""
    assignment = task.data.get("assignment", {})
    while assignment.get("basis") == "reassigned" and "previous" in assignment:
        assignment = assignment["previous"]
    return assignment


def authority_of(task: Task, case: Case) -> StageAuthority:
    record = original_assignment(task)
    basis = record.get("basis")
    if basis == "pool":
        unit = OrgUnit.objects.filter(code=record.get("unit")).first()
        return StageAuthority(kind="pool", unit=unit, permission=record.get("permission"))
    if basis == "committee":
        return StageAuthority(
            kind="committee", unit=office_unit("personnel_agency"), committee=record.get("committee", "")
        )
    if basis == "creator":
        return StageAuthority(kind="proposer", unit=case.initiating_unit)
    position = None
    if record.get("position"):
        position = Position.objects.select_related("unit__parent").filter(code=record["position"]).first()
    elif record.get("unit"):  # a vacant stage of a unit without a head position on record
        unit = OrgUnit.objects.filter(code=record["unit"]).first()
        position = head_position_of(unit) if unit else None
    if position is None:
        return StageAuthority(kind="none", unit=None)
    return StageAuthority(kind="position", unit=position.unit.opd, position=position)


def holds_permission(user: AbstractBaseUser, permission: str, obj=None) -> bool:
    """Whether ``permission`` was granted to the user or one of their groups, model-wide or
    on ``obj`` -- never merely because the user is a superuser."""
    if obj is None:
        return holds_permission_on(user, permission, None, None)
    return holds_permission_on(user, permission, ContentType.objects.get_for_model(obj).pk, obj.pk)


def holds_permission_on(
    user: AbstractBaseUser, permission: str, content_type_id: int | None, object_pk
) -> bool:
    """``holds_permission`` for an object named by its content type and key (a pool task
    stores them), so the object itself is never loaded: one statement asks at once whether
    the grant is model-wide, on the object to the user, or on the object to a group of
    theirs (django-guardian's tables, as ``get_users_with_perms`` reads them). Compiled once
    per shape (personnel/compiled.py): a pool task's decision asks it every time."""
    if not user.is_authenticated or not user.is_active:
        return False
    app_label, codename = permission.split(".", 1)
    values = {"user_id": user.pk, "app_label": app_label, "codename": codename}
    if content_type_id is None or object_pk is None:
        return bool(compiled.fetch("workflows.holds_permission", _holding, **values))
    values.update(content_type_id=content_type_id, object_pk=str(object_pk))
    return bool(compiled.fetch("workflows.holds_permission_on", _holding_on, **values))


def _granted(app_label: str, codename: str):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def _holding(*, user_id: int, app_label: str, codename: str, on_object=None):
    granted = _granted(app_label, codename)
    holds = Exists(granted.filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))))
    if on_object is not None:
        on_object = {"permission__in": granted, **on_object}
        holds |= Exists(UserObjectPermission.objects.filter(user=OuterRef("pk"), **on_object))
        holds |= Exists(GroupObjectPermission.objects.filter(group__user=OuterRef("pk"), **on_object))
    # The user model, not type(user): a request's user is a SimpleLazyObject.
    return get_user_model()._default_manager.filter(holds, pk=user_id).only("pk")


def _holding_on(*, user_id: int, app_label: str, codename: str, content_type_id: int, object_pk: str):
    on_object = {"content_type_id": content_type_id, "object_pk": object_pk}
    return _holding(user_id=user_id, app_label=app_label, codename=codename, on_object=on_object)


def _committee_members(task: Task, authority: StageAuthority) -> list[tuple[AbstractBaseUser, dict]]:
    from .models import Committee

    committee = Committee.objects.filter(code=authority.committee).first()
    if committee is None:
        return []
    voting = {
        owner
        for owner in Task.objects.filter(process_id=task.process_id, data__stage=task.data.get("stage"))
        .exclude(pk=task.pk)
        .values_list("owner_id", flat=True)
    }
    return [
        (user, {"basis": "committee", "committee": committee.code})
        for user in committee.members.filter(is_active=True).exclude(pk__in=voting - {None})
    ]


def authority_record(user: AbstractBaseUser, task: Task, case: Case, *, on: date) -> dict | None:
    """What gives ``user`` the authority of ``task``'s stage on ``on`` (the record stored
    with a reassignment), or None when nothing does."""
    if not user.is_active or user.is_superuser:
        return None
    authority = authority_of(task, case)
    if authority.kind == "position":
        for holder in authorised_for(authority.position, on=on):
            if holder.user.pk == user.pk:
                return holder.as_record()
        return None
    if authority.kind == "pool":
        if authority.permission == MANAGER_PERMISSION or authority.unit is None:
            return None
        if holds_permission(user, authority.permission, authority.unit):
            return {"basis": "pool", "unit": authority.unit.code, "permission": authority.permission}
        return None
    if authority.kind == "committee":
        return next(
            (record for member, record in _committee_members(task, authority) if member == user), None
        )
    if authority.kind == "proposer":
        if user.pk == case.created_by_id or (
            holds_permission(user, PROPOSE_PERMISSION) and opd_of(user) == case.initiating_unit
        ):
            return {"basis": "proposer", "unit": case.initiating_unit.code if case.initiating_unit else None}
    return None


def candidates(task: Task, case: Case, *, on: date) -> list[AbstractBaseUser]:
    """The people a manager may hand ``task`` to (for the reassignment form)."""
    authority = authority_of(task, case)
    if authority.kind == "position":
        people = [holder.user for holder in authorised_for(authority.position, on=on)]
    elif (
        authority.kind == "pool" and authority.unit is not None and authority.permission != MANAGER_PERMISSION
    ):
        people = list(
            get_users_with_perms(
                authority.unit,
                only_with_perms_in=[authority.permission.split(".", 1)[1]],
                with_superusers=False,
            )
        )
    elif authority.kind == "committee":
        people = [member for member, _record in _committee_members(task, authority)]
    elif authority.kind == "proposer":
        people = [case.created_by]
    else:
        people = []
    unique = {user.pk: user for user in people if user.is_active and not user.is_superuser}
    return [user for pk, user in unique.items() if pk != task.owner_id]


def may_reassign(actor: AbstractBaseUser, task: Task, case: Case) -> bool:
    """A manager of the stage's unit: model-wide, or on the unit or a unit above it."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.has_perm(MANAGER_PERMISSION) or actor.has_perm(UNIT_MANAGER_PERMISSION):
        return True
    unit = authority_of(task, case).unit
    while unit is not None:
        if actor.has_perm(UNIT_MANAGER_PERMISSION, unit):
            return True
        unit = unit.parent
    return False


def manages_any_unit(actor: AbstractBaseUser) -> bool:
    """Whether the user manages some unit (to show them the reassignment form at all)."""
    if not actor.is_authenticated:
        return False
    if actor.has_perm(MANAGER_PERMISSION) or actor.has_perm(UNIT_MANAGER_PERMISSION):
        return True
    return get_objects_for_user(
        actor, UNIT_MANAGER_PERMISSION, klass=OrgUnit, accept_global_perms=False
    ).exists()
