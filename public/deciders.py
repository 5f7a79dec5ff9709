"""Who decides each step of the feedback route, who a late step escalates to, and when a
step is due.

A decider returns an ``Assignment`` (workflows.approvers): a named person, or a pool that
anyone holding a permission may take. Its record is stored on the task, so "why did this
go to her" has an answer later, as for the personnel routes.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from personnel.models import OrgUnit
from personnel.selectors import Holder, head_position_of, holder_of, office_unit, regional_head_position
from workflows.approvers import Assignment

HANDLE = "public.handle_feedback"
# When the OPD's head post has nobody to act for it, whoever may manage the OPD's waiting
# tasks (django-guardian, on the OPD) may answer for it.
UNIT_MANAGERS = "personnel.manage_tasks"


def inspectorate(feedback, today: date) -> Assignment:
    """Nobody in particular: the task waits in the Inspektorat's pool (``handle_feedback``)."""
    return Assignment(user=None, record={"basis": "pool", "permission": HANDLE}, permission=HANDLE)


def unit_head(feedback, today: date) -> Assignment:
    """The head of the OPD concerned; when the post is vacant or someone acts for it on the
    day, the Plt/Plh (``holder_of`` prefers an acting official whose decree covers the day);
    with nobody at all, the OPD's task managers."""
    opd = feedback.unit.opd
    position = head_position_of(opd)
    if position is not None:
        holder = holder_of(position, on=today)
        if holder.user is not None:
            return Assignment(
                user=holder.user, record={**holder.as_record(), "unit": opd.code}, holder=holder
            )
    return Assignment(
        user=None,
        record={
            "basis": "pool",
            "unit": opd.code,
            "permission": UNIT_MANAGERS,
            "position": position.code if position else None,
            "vacant": True,
        },
        permission=UNIT_MANAGERS,
        obj=opd,
    )


def inspector_general(today: date) -> Holder | None:
    """The Inspektur: who a late Inspektorat step is escalated to."""
    position = head_position_of(office_unit("inspectorate"))
    return holder_of(position, on=today) if position is not None else None


def escalation_target(task, today: date) -> Holder | None:
    """Who a late step goes to: for the unit's response, the OPD head's superior -- the
    Sekda, or the regional head when the OPD is the Secretariat itself; for the Inspektorat's
    own steps, or when that superior has nobody to act for them, the Inspektur."""
    if task.data.get("stage") == "feedback_unit_response":
        code = task.data.get("assignment", {}).get("unit")
        opd = OrgUnit.objects.filter(code=code).first() if code else None
        if opd is not None:
            secretariat = office_unit("secretariat")
            if opd == secretariat:
                superior = holder_of(regional_head_position(), on=today)
            else:
                position = head_position_of(secretariat)
                superior = holder_of(position, on=today) if position else None
            if superior is not None and superior.user is not None and superior.user.pk != task.owner_id:
                return superior
    return inspector_general(today)


def stage_days(stage: str) -> int:
    return settings.SAHIH_FEEDBACK_DEADLINES[stage]


def due_date(stage: str, *, start: date) -> date:
    from workflows.deadlines import add_working_days

    return add_working_days(start, stage_days(stage))
