"""The demo's personas can carry a transfer through its whole route to a signed SK."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from viewflow.workflow.models import Task

from decisions.models import Case
from decisions.services import ItemInput, case_create
from personnel.models import Employee, Position, SkpRating
from workflows.services import case_submit, task_approve


def test_a_transfer_between_demo_opds_runs_to_a_signed_decree(demo):
    User = get_user_model()
    today = timezone.localdate()
    subject = (
        Employee.objects.filter(
            position__code="DISHUB-PLO",  # a post like the target's (the demo seats a settled one)
            user__isnull=True,
            position_since__lte=today - timedelta(days=3 * 365),
        )
        .exclude(sanctions__isnull=False)
        .exclude(skp_ratings__rating__in=["butuh_perbaikan", "kurang", "sangat_kurang"])
        .order_by("nip")
        .first()
    )
    assert subject is not None
    assert SkpRating.objects.filter(employee=subject, year=today.year - 1).exists()
    clerk = User.objects.get(username="clerk.dishub")
    case = case_create(
        actor=clerk,
        kind="transfer",
        items=[ItemInput(employee=subject, to_position=Position.objects.get(code="BPKAD-PLO"))],
        effective_date=today + timedelta(days=30),
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
    )
    case = case_submit(case_id=case.pk, actor=clerk)
    assert case.process_id is not None

    deciders = []
    for _round in range(20):
        tasks = list(Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"]))
        if not tasks:
            break
        for task in tasks:
            # Named tasks go to their owner; pool tasks (verification) to a BKPSDM verifier.
            actor = task.owner or User.objects.get(username="verifikator1")
            deciders.append(actor.username)
            task_approve(task_id=task.pk, actor=actor)
    case.refresh_from_db()
    assert case.status == Case.Status.SIGNED
    expected = {"kepala.dishub", "kepala.bpkad", "verifikator1", "kepala.bkpsdm", "sekda", "walikota"}
    assert expected <= set(deciders)


def test_the_demo_intake_of_cpns_is_appointed_pns_through_its_route(demo):
    """A fresh demo shows CPNS to appoint (PP 11/2017 Ps. 34-36): last year's intake, their
    probation over, the Latsar passed, rated good -- one collective decree, then the oath."""
    from datetime import date

    from decisions.attachments import store_attachment
    from tests.api.helpers import small_pdf

    User = get_user_model()
    today = timezone.localdate()
    intake = list(Employee.objects.filter(status="cpns").order_by("nip"))
    assert len(intake) >= 5
    first_of_next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    clerk = User.objects.get(username="clerk.bkpsdm")
    case = case_create(
        actor=clerk,
        kind="appointment_pns",
        items=[ItemInput(employee=person) for person in intake],
        effective_date=first_of_next_month,
        reason="Pengangkatan CPNS formasi tahun lalu yang telah menjalani masa percobaan.",
    )
    for person in intake:
        store_attachment(
            case=case,
            actor=clerk,
            kind="health_statement",
            name=f"sehat-{person.nip}.pdf",
            content=small_pdf(),
        )
    case = case_submit(case_id=case.pk, actor=clerk)
    for stage, username in (
        ("verification", "verifikator1"),
        ("agency_head", "kepala.bkpsdm"),
        ("signing", "walikota"),
        ("oath", "verifikator2"),
    ):
        task = Task.objects.get(process_id=case.process_id, status__in=["NEW", "ASSIGNED"], data__stage=stage)
        facts = {"oath_date": today.isoformat()} if stage == "oath" else None
        task_approve(task_id=task.pk, actor=User.objects.get(username=username), facts=facts)
    case.refresh_from_db()
    assert case.status == Case.Status.SIGNED
    assert [row["nip"].replace(" ", "") for row in case.decree.content["annex"]] == [p.nip for p in intake]
    assert set(
        Employee.objects.filter(pk__in=[p.pk for p in intake]).values_list("oath_date", flat=True)
    ) == {today}
