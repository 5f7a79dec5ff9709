from __future__ import annotations

from viewflow.workflow.models import Task

from decisions.models import Case
from workflows.services import case_submit, task_approve


def open_task(case: Case, stage: str, owner=None) -> Task:
    """The open task of ``stage`` (the one waiting for ``owner`` when several are open)."""
    tasks = Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"], data__stage=stage)
    if owner is not None:
        tasks = tasks.filter(owner=owner)
    return tasks.get()


def test_transfer_runs_from_submission_to_signed_decree(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    assert case.status == Case.Status.IN_REVIEW
    assert case.stage == "unit_head"

    case = task_approve(task_id=open_task(case, "unit_head", city.head_dishub).pk, actor=city.head_dishub)
    assert case.stage == "unit_head"
    case = task_approve(task_id=open_task(case, "unit_head", city.head_bpkad).pk, actor=city.head_bpkad)
    assert case.stage == "verification"
    case = task_approve(task_id=open_task(case, "verification").pk, actor=city.verifier)
    case = task_approve(task_id=open_task(case, "agency_head").pk, actor=city.agency_head)
    case = task_approve(task_id=open_task(case, "secretary").pk, actor=city.sekda)
    case = task_approve(task_id=open_task(case, "signing").pk, actor=city.walikota)

    case.refresh_from_db()
    assert case.status == Case.Status.SIGNED
    assert case.decree.number.startswith("800.1.3.3/0001/BKPSDM/")
