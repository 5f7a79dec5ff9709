"""Separation of duties: refusals are clear errors (403 with a code), never silent skips."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from decisions.errors import Refused
from decisions.services import ItemInput, case_create
from tests.factories import PositionFactory
from workflows.selectors import actionable_tasks
from workflows.services import case_submit, task_approve

from .test_transfer_route import open_task

REASON = "Rotasi untuk pemenuhan kebutuhan pegawai."


def _drive_to(case, city, stage):
    order = [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
    ]
    for name, user in order:
        if name == stage:
            return case
        case = task_approve(
            task_id=open_task(case, name, user if name == "unit_head" else None).pk, actor=user
        )
    return case


def test_the_clerk_who_proposed_a_case_cannot_approve_any_stage_of_it(city, transfer_case):
    city.verifier2.groups.add(Group.objects.get(name="clerk"))
    case = case_create(
        actor=city.verifier2,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=transfer_case.effective_date,
        reason=REASON,
    )
    case = case_submit(case_id=case.pk, actor=city.verifier2)
    case = _drive_to(case, city, "verification")
    task = open_task(case, "verification")

    with pytest.raises(Refused) as refusal:
        task_approve(task_id=task.pk, actor=city.verifier2)
    assert refusal.value.code == "separation_creator"
    assert task not in actionable_tasks(city.verifier2)
    assert task in actionable_tasks(city.verifier)


def test_nobody_decides_two_stages_of_one_case(city, transfer_case):
    assign_perm("personnel.verify_cases", city.head_bpkad, city.bkpsdm)
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    case = _drive_to(case, city, "verification")  # head_bpkad approved destination_head
    task = open_task(case, "verification")

    with pytest.raises(Refused) as refusal:
        task_approve(task_id=task.pk, actor=city.head_bpkad)
    assert refusal.value.code == "separation_two_stages"
    assert task not in actionable_tasks(city.head_bpkad)


def transfer_case_date():
    return timezone.localdate()


def test_nobody_acts_on_a_case_about_themselves(city):
    subject = city.verifier.employee
    target = PositionFactory(code="BPKAD-ANALIS", name="Analis Keuangan", unit=city.bpkad)
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[ItemInput(employee=subject, to_position=target)],
        effective_date=transfer_case_date(),
        reason=REASON,
    )
    case = case_submit(case_id=case.pk, actor=city.agency_clerk)
    case = task_approve(task_id=open_task(case, "unit_head", city.agency_head).pk, actor=city.agency_head)
    case = task_approve(task_id=open_task(case, "unit_head", city.head_bpkad).pk, actor=city.head_bpkad)
    task = open_task(case, "verification")

    with pytest.raises(Refused) as refusal:
        task_approve(task_id=task.pk, actor=city.verifier)
    assert refusal.value.code == "separation_subject"
    assert task not in actionable_tasks(city.verifier)
    task_approve(task_id=task.pk, actor=city.verifier2)


def test_a_clerk_cannot_propose_a_case_about_themselves(city):
    me = city.clerk.employee
    with pytest.raises(Refused) as refusal:
        case_create(
            actor=city.clerk,
            kind="transfer",
            items=[ItemInput(employee=me, to_position=city.target)],
            effective_date=me.position_since,
            reason=REASON,
        )
    assert refusal.value.code == "about_self"


def test_an_opd_clerk_proposes_only_for_their_own_unit_and_a_bkpsdm_clerk_for_any(city):
    stranger = city.head_bpkad.employee
    with pytest.raises(Refused) as refusal:
        case_create(
            actor=city.clerk,
            kind="transfer",
            items=[
                ItemInput(employee=city.subject, to_position=city.target),
                ItemInput(employee=stranger, to_position=PositionFactory(unit=city.dishub)),
            ],
            effective_date=city.subject.position_since,
            reason=REASON,
        )
    assert refusal.value.code == "outside_unit"
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=city.subject.position_since,
        reason=REASON,
    )
    assert case.pk


def test_an_official_cannot_decide_a_task_waiting_for_someone_else(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    with pytest.raises(Refused) as refusal:
        task_approve(task_id=open_task(case, "unit_head", city.head_dishub).pk, actor=city.head_bpkad)
    assert refusal.value.code == "not_task_owner"


def test_only_verifiers_of_bkpsdm_may_take_the_verification_pool(city, transfer_case):
    case = _drive_to(case_submit(case_id=transfer_case.pk, actor=city.clerk), city, "verification")
    with pytest.raises(Refused) as refusal:
        task_approve(task_id=open_task(case, "verification").pk, actor=city.agency_clerk)
    assert refusal.value.code == "not_in_pool"
