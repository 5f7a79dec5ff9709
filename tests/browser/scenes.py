"""Cases in flight on the demo city, for the screenshots and the user guide.

Every case is driven through the services, step by step in date order with the clock set
back (time-machine), so the timelines, the waiting times on the dashboard and the late tasks
look like a few weeks of real work. Also usable against a development database::

    DEBUG=1 python -c "import django; django.setup(); from tests.browser.scenes import populate; populate()"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone
from viewflow.workflow.models import Task

from decisions.models import Case, CaseKind
from decisions.policy import PolicyBlocked
from decisions.policy.checks import policy_check
from decisions.services import ItemInput, case_create
from personnel.models import Employee, Position
from workflows.services import case_submit, task_approve, task_return

REASON = "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja {unit}."
# The offices on every transfer's route: a move in or out of them would ask their head to
# decide two stages of one case, which the separation of duties forbids.
ON_THE_ROUTE = ("BKPSDM", "SETDA")


@dataclass
class Scenes:
    """What ``populate`` made, by name."""

    cases: dict[str, Case] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Case:
        return Case.objects.get(pk=self.cases[name].pk)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _at(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _candidates(today: date, unit_code: str | None = None) -> list[Employee]:
    """Staff (pelaksana) without a login, two years or more in post, with a clean record."""
    people = Employee.objects.filter(
        position__kind="pelaksana",
        user__isnull=True,
        status=Employee.Status.ACTIVE,
        position_since__lte=today - timedelta(days=2 * 365 + 1),
    )
    if unit_code:
        people = people.filter(position__unit__code=unit_code)
    people = people.exclude(position__unit__code__in=ON_THE_ROUTE).exclude(
        position__unit__parent__code__in=ON_THE_ROUTE
    )
    return list(
        people.exclude(sanctions__isnull=False)
        .exclude(proceedings__isnull=False)
        .exclude(skp_ratings__rating__in=["butuh_perbaikan", "kurang", "sangat_kurang"])
        .select_related("position__unit")
        .order_by("nip")
    )


def _vacancies() -> list[Position]:
    return list(
        Position.objects.filter(kind="pelaksana", is_active=True)
        .exclude(unit__code__in=ON_THE_ROUTE)
        .exclude(unit__parent__code__in=ON_THE_ROUTE)
        .annotate(held=Count("holders", filter=Q(holders__status=Employee.Status.ACTIVE)))
        .filter(held__lt=F("capacity"))
        .select_related("unit")
        .order_by("unit__code", "code")
    )


def _clean_pairs(clerk, count: int, on: date, today: date, skip=()) -> list[tuple[Employee, Position]]:
    """Employees and vacant posts in another unit that no rule blocks, each post used once."""
    pairs, used = [], set()
    vacancies = _vacancies()
    for employee in _candidates(today):
        if employee.pk in skip:
            continue
        for position in vacancies:
            if position.pk in used or position.unit_id == employee.position.unit_id:
                continue
            evaluation = policy_check(
                actor=clerk,
                kind=CaseKind.TRANSFER,
                effective_date=on,
                items=[{"employee": employee.nip, "target_position": position.code}],
            )
            if not evaluation.blocks:
                pairs.append((employee, position))
                used.add(position.pk)
                break
        if len(pairs) == count:
            break
    return pairs


def _open_tasks(case: Case) -> list[Task]:
    return list(
        Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"]).order_by("pk")
    )


def _decider(task: Task):
    return task.owner or _user("verifikator1")


def approve(task: Task, actor=None) -> Case:
    """Approve as a careful official would: having read (acknowledged) every warning."""
    actor = actor or _decider(task)
    try:
        return task_approve(task_id=task.pk, actor=actor)
    except PolicyBlocked as blocked:
        warnings = [f["key"] for f in blocked.extra["findings"] if f["severity"] == "warn"]
        return task_approve(task_id=task.pk, actor=actor, acknowledged=warnings)


def _advance(case: Case) -> None:
    """Approve every open task of the case (heads in parallel decide on the same day)."""
    for task in _open_tasks(case):
        approve(task)


def populate(*, today: date | None = None) -> Scenes:
    """Transfers at every stage of their route, a returned one, a rejected one, a signed one,
    a collective rotation and a draft. Idempotent only on a fresh demo city."""
    today = today or timezone.localdate()
    scenes = Scenes()
    clerk = _user("clerk.bkpsdm")
    # Within this year: next year's move would need this year's SKP, which is rated in January.
    effective = min(today + timedelta(days=30), date(today.year, 12, 31))
    pairs = _clean_pairs(clerk, 9, effective, today)
    assert len(pairs) == 9, "the demo city should offer nine clean transfers"

    def create(name, pair_list, *, by=clerk, days_ago=0, reason_unit=None):
        with time_machine.travel(_at(today - timedelta(days=days_ago), 8), tick=False):
            case = case_create(
                actor=by,
                kind=CaseKind.TRANSFER,
                items=[ItemInput(employee=e, to_position=p) for e, p in pair_list],
                effective_date=effective,
                reason=REASON.format(unit=reason_unit or pair_list[0][1].unit.name),
            )
        scenes.cases[name] = case
        return case

    # (name, days ago it was proposed, then (days ago, action) steps in order)
    plans = {
        "signed": (40, [(38, 1), (33, 1), (30, 1), (27, 1), (25, 1)]),
        "at_signing": (15, [(13, 1), (10, 1), (7, 1), (4, 1)]),
        "at_secretary": (20, [(17, 1), (12, 1), (8, 1)]),
        "at_verification": (10, [(7, 1)]),
        "late_at_heads": (16, []),
        "fresh": (1, []),
        "returned": (12, [(10, 1), (9, 1)]),
        "rejected": (30, []),
    }
    for (name, (ago, _steps)), pair in zip(plans.items(), pairs[:8], strict=True):
        create(name, [pair], days_ago=ago)

    # Every step, in date order across cases, so the ledger's clock never runs backwards.
    events = []
    for name, (ago, steps) in plans.items():
        events.append((ago, 0, name, "submit"))
        events.extend((step_ago, 1 + i, name, "approve") for i, (step_ago, _n) in enumerate(steps))
    events.append((7, 9, "returned", "return"))
    events.append((28, 9, "rejected", "reject"))
    for ago, order, name, action in sorted(events, key=lambda e: (-e[0], e[1])):
        with time_machine.travel(_at(today - timedelta(days=ago), 10 + order % 6), tick=False):
            case = scenes[name]
            if action == "submit":
                case_submit(case_id=case.pk, actor=case.created_by)
            elif action == "approve":
                _advance(case)
            elif action == "return":
                task = _open_tasks(case)[0]
                task_return(
                    task_id=task.pk,
                    actor=_decider(task),
                    note="Lampirkan surat persetujuan kepala OPD tujuan dan perbaiki alasan mutasi.",
                )
            elif action == "reject":
                from workflows.services import task_reject

                task = next(t for t in _open_tasks(case) if t.owner)
                task_reject(
                    task_id=task.pk,
                    actor=task.owner,
                    note="Pegawai masih dibutuhkan untuk program angkutan lebaran.",
                )

    # A rotation of many employees inside DISHUB, proposed by BKPSDM three days ago.
    rotation = _rotation_pairs(clerk, effective, today, skip={e.pk for e, _p in pairs})
    if rotation:
        case = create("rotation", rotation, days_ago=3, reason_unit="perangkat daerah")
        with time_machine.travel(_at(today - timedelta(days=3), 11), tick=False):
            case_submit(case_id=case.pk, actor=clerk)

    # A draft the clerk is still working on.
    create("draft", pairs[8:], days_ago=0)
    return scenes


def _rotation_pairs(clerk, on: date, today: date, skip) -> list[tuple[Employee, Position]]:
    """Staff swapping posts two by two (a rotation needs no vacancy), each swap rule-clean."""
    people, seen = [], set()
    for employee in _candidates(today):
        if employee.pk not in skip and employee.position_id not in seen:
            people.append(employee)
            seen.add(employee.position_id)
    rotation, taken = [], set()
    for i, first in enumerate(people):
        for second in people[i + 1 :]:
            if first.pk in taken or second.pk in taken:
                continue
            swap = [(first, second.position), (second, first.position)]
            evaluation = policy_check(
                actor=clerk,
                kind=CaseKind.TRANSFER,
                effective_date=on,
                items=[{"employee": e.nip, "target_position": p.code} for e, p in swap],
            )
            if not evaluation.blocks:
                rotation.extend(swap)
                taken |= {first.pk, second.pk}
        if len(rotation) >= 12:
            break
    return rotation
