"""The workflow features officials need: acting officials, reassignment, collective cases,
deadlines with reminders and escalation, notifications."""

from __future__ import annotations

import io
from datetime import date, timedelta
from unittest import mock

import pdfplumber
import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from audit.models import Event
from decisions.attachments import store_attachment
from decisions.errors import Invalid, Refused
from decisions.services import ItemInput, case_create, case_update
from personnel.models import ActingAssignment, PublicHoliday
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory, UserFactory
from workflows.deadlines import add_working_days, working_days_between
from workflows.services import case_submit, item_drop, run_deadlines, task_reassign
from workflows.tasks import mail_task_waiting

from .conftest import decide, open_tasks

REASON = "Rotasi pegawai sesuai kebutuhan organisasi."


def _events(case, action):
    return [
        event for event in Event.objects.filter(object_type="case", object_id=str(case.pk), action=action)
    ]


# -- acting officials ----------------------------------------------------------------------------


def test_a_task_whose_head_is_absent_goes_to_the_plh_and_the_ledger_says_so(city, transfer_case):
    plh = UserFactory(username="plh_bpkad", roles=["official"], first_name="Plh Kepala BPKAD")
    ActingAssignment.objects.create(
        position=city.head_bpkad.employee.position,
        kind="plh",
        user=plh,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=10),
        decree_number="800.1.3.3/55/BKPSDM/2026",
        decree_date=timezone.localdate(),
    )
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    tasks = {task.owner.username: task for task in open_tasks(case, "unit_head")}
    assert set(tasks) == {"kadishub", "plh_bpkad"}
    assignment = tasks["plh_bpkad"].data["assignment"]
    assert (
        assignment["basis"] == "plh" and assignment["acting"]["decree_number"] == "800.1.3.3/55/BKPSDM/2026"
    )
    created = [e for e in _events(case, "task.created") if e.data["assignment"]["basis"] == "plh"]
    assert len(created) == 1
    decide(case, "unit_head", plh)  # the Plh decides; the absent holder could not


def test_a_plt_regional_head_signs_and_the_sk_says_plt(city, transfer_case):
    deputy = UserFactory(username="wakil", roles=["signer"], first_name="Rahmat", last_name="Hidayat")
    ActingAssignment.objects.create(
        position=city.mayor_position,
        kind="plt",
        user=deputy,
        start=timezone.localdate() - timedelta(days=1),
        end=timezone.localdate() + timedelta(days=60),
        decree_number="100.2.1.3/901/OTDA",
        decree_date=timezone.localdate() - timedelta(days=2),
    )
    # An acting regional head may transfer officials only with the Minister's written approval
    # (PP 49/2008 Ps. 132A): the file carries it, or the signing is blocked.
    case_update(
        case=transfer_case,
        actor=city.clerk,
        data={
            "minister_approval_number": "100.2.2.6/4411/SJ",
            "minister_approval_date": timezone.localdate().isoformat(),
        },
    )
    store_attachment(
        case=transfer_case,
        actor=city.clerk,
        kind="minister_approval",
        name="mendagri.pdf",
        content=small_pdf("persetujuan"),
    )
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    for stage, user in [
        ("unit_head", city.head_dishub),
        ("unit_head", city.head_bpkad),
        ("verification", city.verifier),
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
    ]:
        case = decide(case, stage, user)
    assert open_tasks(case, "signing")[0].owner == deputy
    case = decide(case, "signing", deputy)
    with case.decree.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Plt. WALI KOTA TANJUNGBALAI," in text
    assert "RAHMAT HIDAYAT" in text
    assert case.decree.signer["form"] == "plt"


def vacant_position(city):
    from personnel.models import Position

    return Position.objects.get(code="KABPKAD")


def test_a_vacant_head_post_waits_for_a_manager_who_reassigns_it_with_a_reason(city, transfer_case):
    head = city.head_bpkad.employee
    head.position, head.position_since = None, None
    head.save()
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    vacant = [task for task in open_tasks(case, "unit_head") if task.owner_id is None][0]
    assert vacant.data["assignment"]["basis"] == "vacant"

    manager = UserFactory(username="pengelola", roles=["admin"])
    with pytest.raises(Refused):
        task_reassign(task_id=vacant.pk, actor=city.clerk, to_user=city.sekda, reason="x")
    with pytest.raises(Invalid):
        task_reassign(task_id=vacant.pk, actor=manager, to_user=city.head_dishub, reason=" ")
    stand_in = UserFactory(username="sekretaris_bpkad", roles=["official"])
    with pytest.raises(Invalid) as unrecorded:  # not yet appointed Plt: no authority (UU 30/2014)
        task_reassign(task_id=vacant.pk, actor=manager, to_user=stand_in, reason="Ditunjuk sekretaris.")
    assert unrecorded.value.code == "no_authority"
    ActingAssignment.objects.create(
        position=vacant_position(city),
        kind="plt",
        user=stand_in,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=90),
        decree_number="800.1.3.3/71/BKPSDM/2026",
        decree_date=timezone.localdate(),
    )
    task_reassign(
        task_id=vacant.pk, actor=manager, to_user=stand_in, reason="Kepala BPKAD kosong; ditunjuk sekretaris."
    )
    reassigned = _events(case, "task.reassigned")[0].data
    assert reassigned["reason"].startswith("Kepala BPKAD kosong")
    assert reassigned["authority"]["basis"] == "plt"
    assert reassigned["authority"]["acting"]["decree_number"] == "800.1.3.3/71/BKPSDM/2026"
    decide(case, "unit_head", stand_in)


# -- collective cases ----------------------------------------------------------------------------


def test_a_rotation_of_fifty_with_three_dropped_yields_one_sk_listing_forty_seven(city):
    employees, targets = [], []
    for n in range(50):
        employees.append(
            EmployeeFactory(
                name=f"Pegawai Rotasi {n:02d}",
                position=PositionFactory(unit=city.dishub),
                position_since=timezone.localdate() - timedelta(days=1200),
            )
        )
        targets.append(
            PositionFactory(unit=city.bpkad if n % 2 else city.dishub, name=f"Jabatan Baru {n:02d}")
        )
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[ItemInput(employee=e, to_position=t) for e, t in zip(employees, targets, strict=True)],
        effective_date=timezone.localdate(),
        reason=REASON,
    )
    assert case.is_collective
    case = case_submit(case_id=case.pk, actor=city.agency_clerk)
    case = decide(case, "unit_head", city.head_dishub)
    case = decide(case, "unit_head", city.head_bpkad)
    verification = open_tasks(case, "verification")[0]
    with pytest.raises(Invalid):
        item_drop(task_id=verification.pk, actor=city.verifier, numbers=[4], reason="")
    item_drop(
        task_id=verification.pk, actor=city.verifier, numbers=[4, 17], reason="Belum dua tahun menjabat."
    )
    case = decide(case, "verification", city.verifier)
    item_drop(
        task_id=open_tasks(case, "agency_head")[0].pk,
        actor=city.agency_head,
        numbers=[30],
        reason="Dibutuhkan di unit asal.",
    )
    for stage, user in [
        ("agency_head", city.agency_head),
        ("secretary", city.sekda),
        ("signing", city.walikota),
    ]:
        case = decide(case, stage, user)

    with case.decree.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        rows = [row for page in pdf.pages for table in page.extract_tables() for row in table]
    numbered = [row for row in rows if row[0] and row[0].strip().isdigit()]
    assert len(numbered) == 47
    names = " ".join(row[1] for row in numbered)
    for dropped in ("Pegawai Rotasi 03", "Pegawai Rotasi 16", "Pegawai Rotasi 29"):
        assert dropped not in names
    assert case.items.filter(status="dropped").count() == 3
    assert case.items.filter(status="active", applied_at__isnull=False).count() == 47


def test_the_last_employee_of_a_case_cannot_be_dropped(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = open_tasks(case, "unit_head")[0]
    with pytest.raises(Invalid) as refusal:
        item_drop(task_id=task.pk, actor=task.owner, numbers=[1], reason="Tidak jadi.")
    assert refusal.value.code in ("not_collective", "last_item")


# -- deadlines ----------------------------------------------------------------------------------


def test_working_days_skip_weekends_and_public_holidays(db):
    friday = date(2026, 12, 18)
    assert add_working_days(friday, 1) == date(2026, 12, 21)  # Monday
    PublicHoliday.objects.create(date=date(2026, 12, 25), name="Hari Raya Natal")
    assert add_working_days(friday, 5) == date(2026, 12, 28)  # skips the weekend and Christmas
    assert working_days_between(friday, date(2026, 12, 28)) == 5


def test_a_task_is_reminded_before_it_is_due_and_escalated_to_the_superior_after(city, transfer_case):
    with time_machine.travel(date(2026, 12, 7), tick=False):  # a Monday
        case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = [t for t in open_tasks(case, "unit_head") if t.owner == city.head_dishub][0]
    assert task.data["due"] == "2026-12-14"  # five working days
    mail.outbox.clear()

    run = run_deadlines(today=date(2026, 12, 9))
    assert (run.reminded, run.escalated) == (0, 0)
    run = run_deadlines(today=date(2026, 12, 11))  # one working day before the due date
    assert run.reminded == 2 and run.escalated == 0
    assert run_deadlines(today=date(2026, 12, 11)).reminded == 0  # reminded once
    run = run_deadlines(today=date(2026, 12, 15))
    assert run.escalated == 2
    task.refresh_from_db()
    assert task.data["escalated_to"]["username"] == "sekda"  # an OPD head answers to the Sekda
    assert run_deadlines(today=date(2026, 12, 16)).escalated == 0  # escalated once
    assert len(_events(case, "task.reminded")) == 2 and len(_events(case, "task.escalated")) == 2


def test_the_deadline_command_runs_from_cron(city, transfer_case, capsys):
    from django.core.management import call_command

    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    call_command("run_deadlines")
    assert "reminded" in capsys.readouterr().out


# -- notifications ------------------------------------------------------------------------------


def test_whoever_a_new_task_waits_for_gets_an_email_after_commit(
    city, transfer_case, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_submit(case_id=transfer_case.pk, actor=city.clerk)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["kabpkad@example.test", "kadishub@example.test"]
    assert transfer_case.reference in mail.outbox[0].subject


def test_pool_tasks_mail_every_member_of_the_pool(city, transfer_case, django_capture_on_commit_callbacks):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    case = decide(case, "unit_head", city.head_dishub)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(case, "unit_head", city.head_bpkad)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["verifier1@example.test", "verifier2@example.test"]


def test_with_a_worker_the_mail_about_a_new_task_is_queued_and_the_worker_sends_it(
    city, transfer_case, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # CELERY_BROKER_URL set: a worker runs the jobs
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    case = decide(case, "unit_head", city.head_dishub)
    mail.outbox.clear()
    with (
        mock.patch("workflows.tasks.mail_task_waiting.delay") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        decide(case, "unit_head", city.head_bpkad)
    assert mail.outbox == []  # nothing sent while the official waits for the response
    (verification,) = open_tasks(case, "verification")
    queue.assert_called_once_with(verification.pk)
    mail_task_waiting(verification.pk)  # what the worker runs
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["verifier1@example.test", "verifier2@example.test"]


def test_a_broker_that_cannot_take_the_mail_does_not_lose_it(
    city, transfer_case, django_capture_on_commit_callbacks, settings, caplog
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    mail.outbox.clear()
    with (
        mock.patch("workflows.tasks.mail_task_waiting.delay", side_effect=OperationalError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case_submit(case_id=transfer_case.pk, actor=city.clerk)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["kabpkad@example.test", "kadishub@example.test"]
    assert "could not queue the mail" in caplog.text


def test_no_mail_leaves_when_the_decision_fails(city, transfer_case, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        case_submit(case_id=transfer_case.pk, actor=city.head_dishub)
    assert mail.outbox == []


def test_the_case_page_shows_the_route_with_the_current_stage(client, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client.force_login(city.clerk)
    svg = client.get(f"/cases/{transfer_case.pk}/route.svg").content.decode()
    assert svg.startswith("<svg")
    assert '<g id="unit_head"' in svg and 'class="assigned"' in svg  # the waiting stage is marked
    assert '<g id="signing"' in svg


def test_task_emails_show_the_due_day_as_day_month_year(
    city, transfer_case, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with time_machine.travel(date(2026, 12, 7), tick=False), django_capture_on_commit_callbacks(execute=True):
        case_submit(case_id=transfer_case.pk, actor=city.clerk)  # due in five working days: the 14th
    with django_capture_on_commit_callbacks(execute=True):
        run_deadlines(today=date(2026, 12, 11))  # the reminders
    with django_capture_on_commit_callbacks(execute=True):
        run_deadlines(today=date(2026, 12, 15))  # the escalations
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) >= 3
    for body in bodies:
        assert "14-12-2026" in body and "2026-12-14" not in body
