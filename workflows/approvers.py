"""Who decides a stage, resolved from the organisation when the task is created.

A resolver takes the case and the day and returns an ``Assignment``: a named person (the
holder of a head position, or the Plt/Plh acting for it) or a pool (anyone holding a
django-guardian permission on a unit). The resolution is stored on the task and in the
ledger, so "why did this go to her" has an answer years later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from decisions.models import Case
from personnel.models import OrgUnit
from personnel.selectors import (
    Holder,
    head_position_of,
    holder_of,
    office_head_position,
    office_unit,
    regional_head_position,
)

# A stage whose decider cannot be found waits in this pool until a manager reassigns it.
MANAGER_PERMISSION = "decisions.manage_case"


@dataclass(frozen=True)
class Assignment:
    user: AbstractBaseUser | None
    record: dict
    permission: str | None = None
    obj: Any = None
    holder: Holder | None = field(default=None, compare=False)


# (case, day, the task's own data) -> Assignment. The task data is what a FanOut gave this
# task, e.g. {"unit": "DISHUB"} or {"member": 12}.
Resolver = Callable[[Case, date, dict], Assignment]


def _from_holder(holder: Holder) -> Assignment:
    if holder.user is None:
        return Assignment(user=None, record=holder.as_record(), permission=MANAGER_PERMISSION)
    return Assignment(user=holder.user, record=holder.as_record(), holder=holder)


def _first_item(case: Case):
    return (
        case.items.select_related("from_position__unit__parent", "to_position__unit__parent")
        .filter(status="active")
        .first()
    )


def origin_opd(case: Case) -> OrgUnit | None:
    item = _first_item(case)
    return item.from_position.unit.opd if item and item.from_position else None


def head_of_task_unit(case: Case, on: date, task_data: dict) -> Assignment:
    """The head of the unit a fan-out named in the task's data ({"unit": code})."""
    return head_of(lambda case: OrgUnit.objects.get(code=task_data["unit"]))(case, on, task_data)


def committee_member(case: Case, on: date, task_data: dict) -> Assignment:
    """The committee member a fan-out named in the task's data ({"member": user id})."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=task_data["member"])
    return Assignment(
        user=user,
        record={
            "basis": "committee",
            "username": user.get_username(),
            "name": task_data.get("name", ""),
            "committee": task_data.get("committee", ""),
        },
    )


def subject_opd_head(case: Case, on: date, task_data: dict) -> Assignment:
    """The head of the OPD the (first) subject works in: requests go up their hierarchy."""
    return head_of(origin_opd)(case, on, task_data)


def head_of(unit_of_case: Callable[[Case], OrgUnit | None]) -> Resolver:
    """The head of the unit the case names (its holder, or the acting official)."""

    def resolve(case: Case, on: date, task_data: dict) -> Assignment:
        unit = unit_of_case(case)
        position = head_position_of(unit) if unit else None
        if position is None:
            return Assignment(
                user=None,
                record={"basis": "vacant", "unit": unit.code if unit else None},
                permission=MANAGER_PERMISSION,
            )
        return _from_holder(holder_of(position, on=on))

    return resolve


def head_of_office(role: str) -> Resolver:
    """The head of a fixed office: "personnel_agency" (Kepala BKPSDM), "secretariat" (Sekda).
    The office's head position is found through the unit's code, in one query (not the unit,
    then its head position): the record of a vacant office names the code it was asked for."""

    def resolve(case: Case, on: date, task_data: dict) -> Assignment:
        code = settings.SAHIH_OFFICES[role]
        position = office_head_position(code)
        if position is None:
            return Assignment(
                user=None, record={"basis": "vacant", "unit": code}, permission=MANAGER_PERMISSION
            )
        return _from_holder(holder_of(position, on=on))

    return resolve


def regional_head(case: Case, on: date, task_data: dict) -> Assignment:
    """The Wali Kota, or whoever acts for the office."""
    return _from_holder(holder_of(regional_head_position(), on=on))


def pool(role: str, permission: str) -> Resolver:
    """Anyone holding ``permission`` on the office's unit may take the task."""

    def resolve(case: Case, on: date, task_data: dict) -> Assignment:
        unit = office_unit(role)
        return Assignment(
            user=None,
            record={"basis": "pool", "unit": unit.code, "permission": permission},
            permission=permission,
            obj=unit,
        )

    return resolve


def case_creator(case: Case, on: date, task_data: dict) -> Assignment:
    """The clerk who started the case: revisions come back to them."""
    user = case.created_by
    return Assignment(
        user=user,
        record={"basis": "creator", "username": user.get_username(), "name": user.get_full_name()},
    )


def superior_key(task, case: Case) -> tuple:
    """Whose superior a late task escalates to, as a key: the proposer's unit for a revision,
    else the position it waits for, else BKPSDM (pools, committees, stages without a head).
    Tasks with the same key escalate to the same person, so a run over many late tasks asks
    ``superior_of`` once per key."""
    if task.data.get("stage") == "revision":
        return ("unit", case.initiating_unit_id)
    position_code = task.data.get("assignment", {}).get("position")
    return ("position", position_code) if position_code else ("personnel_agency",)


def superior_of(task, case: Case, on: date) -> Holder | None:
    """Who a late task escalates to: the superior of whoever it waits for.

    An OPD head answers to the Regional Secretary, the Secretary to the regional head (who
    answers to nobody here); pools, committees and stages without a head answer to the
    Head of BKPSDM, who runs the process; a proposer's revision to the head of their unit.
    """
    kind, *value = superior_key(task, case)
    if kind == "unit":
        return _head_holder(case.initiating_unit, on)
    if kind == "position":
        from personnel.models import Position

        position = Position.objects.select_related("unit__parent").filter(code=value[0]).first()
        if position is not None:
            if position.kind in Position.ELECTED_KINDS:
                return None
            if position.unit == office_unit("secretariat"):
                return holder_of(regional_head_position(), on=on)
            return _head_holder(office_unit("secretariat"), on)
    return _head_holder(office_unit("personnel_agency"), on)


def _head_holder(unit: OrgUnit, on: date) -> Holder | None:
    position = head_position_of(unit)
    return holder_of(position, on=on) if position else None
