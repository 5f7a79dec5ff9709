"""Reassignment hands a task only to someone who holds the stage's authority.

UU 30/2014 (Administrasi Pemerintahan): an official decides by attribution, delegation or
mandate; a Plt/Plh acts by mandate on a written assignment (Ps. 14), and a decision taken
without authority is invalid (Ps. 70; article numbers [R], see workflows/authority.py).

The matrix: every stage of every route x {the authorised holder, a recorded Plt, an official
of another unit, the administrator, a clerk, an inspector}, reassigning the task to each and
then letting each decide. Each case is built directly (no earlier stages are decided): the
stage's task is created by the Stage node itself, exactly as the route creates it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm
from viewflow.workflow.token import Token

from decisions.errors import Invalid, Refused
from decisions.models import Case, CaseItem
from personnel.models import ActingAssignment, Position
from personnel.selectors import authorised_for
from tests.factories import UserFactory, staff
from workflows import authority
from workflows.flows import ROUTES
from workflows.models import CaseProcess
from workflows.nodes import Stage
from workflows.services import Decision, available_actions, task_decide, task_reassign


@pytest.fixture(autouse=True)
def _pinned_day():
    """A working Monday inside the city's elected term: nothing here depends on today."""
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        yield


PERSONAS = ("holder", "plt", "other_unit_official", "admin", "clerk", "inspector")
ALLOWED = {"holder"} | {"plt"}  # on a stage of a position; pools and committees: "holder" only


def _matrix() -> list:
    params = []
    for kind, route in ROUTES.items():
        for node in route.instance.nodes():
            if isinstance(node, Stage):
                params.append(pytest.param(kind, node.name, id=f"{kind}-{node.name}"))
    return params


def waiting_task(city, committee, kind: str, node_name: str):
    """A case of ``kind`` whose route waits at ``node_name``, its task made by the node."""
    route = ROUTES[kind]
    node = getattr(route.instance, node_name)
    case = Case.objects.create(
        kind=kind,
        created_by=city.clerk,
        initiating_unit=city.dishub,
        reason="Uji kewenangan.",
        effective_date=timezone.localdate() + timedelta(days=30),
        status=Case.Status.IN_REVIEW,
    )
    CaseItem.objects.create(
        case=case, employee=city.subject, from_position=city.subject.position, to_position=city.target
    )
    case.units.set([city.dishub, city.bpkad])
    process = CaseProcess.objects.create(flow_class=route)
    case.process = process
    case.save(update_fields=["process"])
    process.case = case
    start = route.task_class.objects.create(process=process, flow_task=route.start, status="DONE")
    data = {}
    if node.stage == "unit_head":
        data = {"unit": "BPKAD"}
    if node.stage == "committee_vote":
        data = {"member": committee[0].pk, "name": "Anggota 1", "committee": "tim_penilai_kinerja", "size": 3}
    activation = node.activation_class.create(
        node, SimpleNamespace(process=process, task=start), Token("start"), data=data
    )
    return activation.task, case


def personas(city, committee, task, case) -> dict:
    """Who plays each part for this stage."""
    stage_authority = authority.authority_of(task, case)
    today = timezone.localdate()
    if stage_authority.kind == "position":
        position = stage_authority.position
        holder = next(h.user for h in authorised_for(position, on=today) if h.basis != "plt")
    else:  # the Plt of the head of BKPSDM (or of the proposing unit) holds no pool or vote
        code = "KADISHUB" if stage_authority.kind == "proposer" else "KABKPSDM"
        position = Position.objects.get(code=code)
        holder = {
            "pool": city.verifier2,
            "committee": committee[1],
            "proposer": staff(city.dishub, username="clerk_dishub2").user,
        }[stage_authority.kind]
    plt = UserFactory(username="plt_kepala", roles=["official"], first_name="Plt")
    ActingAssignment.objects.create(
        position=position,
        kind="plt",
        user=plt,
        start=today - timedelta(days=1),
        end=today + timedelta(days=60),
        decree_number="800.1.3.3/99/BKPSDM/2026",
        decree_date=today - timedelta(days=2),
    )
    return {
        "holder": holder,
        "plt": plt,
        "other_unit_official": UserFactory(username="kadinkes"),
        "admin": UserFactory(username="root", roles=["admin"], is_staff=True, is_superuser=True),
        "clerk": city.agency_clerk,
        "inspector": city.inspector,
    }


def try_reassign(task, manager, user) -> str:
    try:
        task_reassign(task_id=task.pk, actor=manager, to_user=user, reason="Pejabat berhalangan.")
    except Invalid as refusal:
        assert refusal.code == "no_authority"
        return "refused"
    return "reassigned"


def try_decide(task, case, user) -> str:
    """Whether ``user`` may decide the task now; refusals go through the real service."""
    task.refresh_from_db()
    if available_actions(task, case, user):
        return "decides"
    action = "reject" if "reject" in task.flow_task.actions else task.flow_task.actions[0]
    try:
        task_decide(task_id=task.pk, actor=user, decision=Decision(action=action, note="Tidak berwenang."))
    except (Refused, Http404):
        return "refused"
    return "decided without authority"


@pytest.mark.parametrize(("kind", "node_name"), _matrix())
def test_a_task_goes_only_to_who_holds_the_stage_authority_and_only_they_decide(
    city, committee, kind, node_name
):
    task, case = waiting_task(city, committee, kind, node_name)
    people = personas(city, committee, task, case)
    manager = UserFactory(username="pengelola", roles=["admin"])  # BKPSDM's process manager
    kind_of_stage = authority.authority_of(task, case).kind
    allowed = ALLOWED if kind_of_stage == "position" else {"holder"}

    outcomes = {}
    # The holder goes last: after the others, the task returns to them and they decide it.
    for persona in sorted(PERSONAS, key=lambda name: name == "holder"):
        user = people[persona]
        outcomes[persona] = (try_reassign(task, manager, user), try_decide(task, case, user))

    expected = {
        persona: ("reassigned", "decides") if persona in allowed else ("refused", "refused")
        for persona in PERSONAS
    }
    assert outcomes == expected, f"{kind}/{node_name} ({kind_of_stage})"
    task.refresh_from_db()
    assert task.owner == people["holder"]
    assert task.data["assignment"]["authority"]["basis"] in {
        "holder",
        "elected",
        "pool",
        "committee",
        "proposer",
    }


def test_the_holder_then_decides_for_real_and_the_ledger_names_the_authority(city, committee):
    task, case = waiting_task(city, committee, "dismissal_death", "signing")
    deputy = UserFactory(username="wakil", roles=["signer"], first_name="Wakil")
    ActingAssignment.objects.create(
        position=city.mayor_position,
        kind="plh",
        user=deputy,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=3),
        decree_number="100.2.1.3/77/OTDA",
        decree_date=timezone.localdate(),
    )
    manager = UserFactory(username="pengelola", roles=["admin"])
    task_reassign(task_id=task.pk, actor=manager, to_user=deputy, reason="Wali Kota dinas luar.")
    case = task_decide(
        task_id=task.pk, actor=deputy, decision=Decision(action="reject", note="Berkas kurang.")
    )
    assert case.status == Case.Status.REJECTED
    task.refresh_from_db()
    assert task.data["assignment"]["authority"]["acting"]["decree_number"] == "100.2.1.3/77/OTDA"


def test_an_administrator_decides_nothing_even_a_vacant_stage_or_one_reassigned_to_itself(
    city, transfer_case
):
    from workflows.services import case_submit

    head = city.head_bpkad.employee
    head.position, head.position_since = None, None
    head.save()
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    root = UserFactory(username="root", roles=["admin"], is_staff=True, is_superuser=True)
    vacant = case.process.task_set.get(data__stage="unit_head", owner__isnull=True)

    with pytest.raises(Refused) as refusal:
        task_decide(task_id=vacant.pk, actor=root, decision=Decision())
    assert refusal.value.code == "admin_no_authority"
    with pytest.raises(Invalid):
        task_reassign(task_id=vacant.pk, actor=root, to_user=root, reason="Saya ambil alih.")
    assert not available_actions(vacant, case, root)
    from workflows.selectors import actionable_tasks

    assert actionable_tasks(root) == []
    manager = UserFactory(username="pengelola", roles=["admin"])  # not a superuser
    assert actionable_tasks(manager) == []  # the vacant stage is to reassign, not to decide


def test_who_may_reassign_is_scoped_to_the_stage_unit(city, transfer_case):
    from workflows.services import case_submit

    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    dishub_task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    bpkad_task = case.process.task_set.get(data__stage="unit_head", owner=city.head_bpkad)
    secretary = staff(city.dishub, username="sekretaris_dishub", roles=("official",)).user
    assign_perm(authority.UNIT_MANAGER_PERMISSION, secretary, city.dishub)
    plh = UserFactory(username="plh_dishub", roles=["official"])
    ActingAssignment.objects.create(
        position=Position.objects.get(code="KADISHUB"),
        kind="plh",
        user=plh,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=5),
        decree_number="800.1.3.3/12/DISHUB/2026",
        decree_date=timezone.localdate(),
    )

    task_reassign(task_id=dishub_task.pk, actor=secretary, to_user=plh, reason="Kepala dinas cuti.")
    with pytest.raises(Refused) as refusal:
        task_reassign(task_id=bpkad_task.pk, actor=secretary, to_user=plh, reason="Bukan unitnya.")
    assert refusal.value.code == "not_manager"
    with pytest.raises(Refused):  # a clerk manages nothing
        task_reassign(task_id=dishub_task.pk, actor=city.agency_clerk, to_user=city.head_dishub, reason="x")
    dishub_task.refresh_from_db()
    assert dishub_task.owner == plh


def test_a_plt_whose_decree_has_ended_is_no_longer_a_candidate(city, transfer_case):
    from workflows.services import case_submit

    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_bpkad)
    former = UserFactory(username="plt_lama", roles=["official"])
    ActingAssignment.objects.create(
        position=Position.objects.get(code="KABPKAD"),
        kind="plt",
        user=former,
        start=timezone.localdate() - timedelta(days=60),
        end=timezone.localdate() - timedelta(days=1),
        decree_number="800.1.3.3/3/BKPSDM/2026",
        decree_date=timezone.localdate() - timedelta(days=61),
    )
    manager = UserFactory(username="pengelola", roles=["admin"])
    assert former not in authority.candidates(task, case, on=timezone.localdate())
    with pytest.raises(Invalid):
        task_reassign(task_id=task.pk, actor=manager, to_user=former, reason="Plt lama.")
