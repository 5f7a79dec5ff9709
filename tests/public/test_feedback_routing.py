"""Who the unit's response goes to (the OPD head, the Plt/Plh, or the OPD's task managers),
who a late step escalates to, and who may see what: the Inspektorat alone sees the sender --
a superuser is not the Inspektorat -- and a division head reads their own OPD's feedback only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from guardian.shortcuts import assign_perm

from personnel.models import ActingAssignment, Employee, OrgUnit, Position
from public import services
from tests.factories import OrgUnitFactory, UserFactory, official, staff

TEXT = "Pelayanan di loket Dinas Perhubungan lambat, antrean lebih dari dua jam."
MONDAY = date(2026, 3, 2)


@pytest.fixture
def division_head(city):
    """The head of a bidang of Dinas Perhubungan (kepala bidang)."""
    bidang = OrgUnitFactory(
        code="DISHUB-LLAJ", name="Bidang Lalu Lintas", kind=OrgUnit.Kind.DIVISION, parent=city.dishub
    )
    head = official(
        bidang,
        code="KABID-LLAJ",
        title="Kepala Bidang Lalu Lintas",
        username="kabid_llaj",
        kind=Position.Kind.ADMINISTRATOR,
        rank_code=34,
    )
    return head.user


def _forwarded(city, unit=None, *, on=MONDAY):
    with time_machine.travel(on, tick=False):
        feedback = services.feedback_submit(
            kind="complaint",
            text=TEXT,
            unit=unit or city.dishub,
            sender_name="Siti Aminah",
            sender_contact="0812-555-0101",
        )
        services.feedback_triage(feedback=feedback, actor=city.inspector, forward=True, note="Teruskan.")
    return feedback


def _vacate_dishub_head(city):
    Employee.objects.filter(user=city.head_dishub).update(position=None)


def test_the_unit_response_goes_to_the_opd_head_and_says_so(city):
    task = services.open_task(_forwarded(city))
    assert task.owner == city.head_dishub
    record = task.data["assignment"]
    assert (record["basis"], record["username"], record["position"], record["unit"]) == (
        "holder",
        "kadishub",
        "KADISHUB",
        "DISHUB",
    )


def test_a_plt_answers_for_the_head_while_their_decree_runs(city, division_head):
    ActingAssignment.objects.create(
        position=Position.objects.get(code="KADISHUB"),
        kind="plt",
        user=division_head,
        start=MONDAY - timedelta(days=10),
        end=MONDAY + timedelta(days=30),
        decree_number="800.1.3.3/11/BKPSDM/2026",
        decree_date=MONDAY - timedelta(days=11),
    )
    feedback = _forwarded(city)
    task = services.open_task(feedback)
    assert task.owner == division_head
    assert task.data["assignment"]["basis"] == "plt"
    assert task.data["assignment"]["acting"]["decree_number"] == "800.1.3.3/11/BKPSDM/2026"
    with pytest.raises(PermissionDenied):  # the absent head does not answer while the Plt acts
        services.feedback_respond(feedback=feedback, actor=city.head_dishub, response="Sudah.")
    services.feedback_respond(feedback=feedback, actor=division_head, response="Loket kedua dibuka.")


def test_a_vacant_head_post_sends_the_response_to_the_opds_task_managers(city):
    _vacate_dishub_head(city)
    manager = staff(city.dishub, username="sekdis", roles=("official",)).user
    assign_perm("personnel.manage_tasks", manager, city.dishub)
    feedback = _forwarded(city)
    task = services.open_task(feedback)
    assert task.owner is None and task.owner_permission == "personnel.manage_tasks"
    assert task.owner_permission_obj == city.dishub
    assert task.data["assignment"] == {
        "basis": "pool",
        "unit": "DISHUB",
        "permission": "personnel.manage_tasks",
        "position": "KADISHUB",
        "vacant": True,
    }
    for stranger in (city.clerk, city.head_bpkad, city.inspector):
        assert not services.may_decide(stranger, task)
    services.feedback_respond(feedback=feedback, actor=manager, response="Loket kedua dibuka.")
    assert services.open_task(feedback).data["stage"] == "feedback_closure"


def test_a_superuser_does_not_take_the_managers_pool(city):
    _vacate_dishub_head(city)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    task = services.open_task(_forwarded(city))
    assert not services.may_decide(root, task)


def _escalated_to(city, feedback, today):
    run = services.run_feedback_deadlines(today=today)
    assert run.escalated == 1
    return services.open_task(feedback).data["escalated_to"]


def test_a_late_unit_response_escalates_to_the_heads_superior_the_sekda(city):
    feedback = _forwarded(city)  # due ten working days after Monday 2 March: the 16th
    assert services.open_task(feedback).data["due"] == "2026-03-16"
    assert _escalated_to(city, feedback, date(2026, 3, 17))["username"] == "sekda"


def test_a_late_response_of_the_task_managers_escalates_to_the_sekda_too(city):
    _vacate_dishub_head(city)
    feedback = _forwarded(city)
    assert _escalated_to(city, feedback, date(2026, 3, 17))["username"] == "sekda"


def test_a_late_response_of_the_secretariat_escalates_to_the_regional_head(city):
    feedback = _forwarded(city, city.setda)
    assert services.open_task(feedback).owner == city.sekda
    assert _escalated_to(city, feedback, date(2026, 3, 17))["username"] == "walikota"


def test_with_no_sekda_to_escalate_to_a_late_response_goes_to_the_inspektur(city):
    Employee.objects.filter(user=city.sekda).update(position=None)
    feedback = _forwarded(city)
    assert _escalated_to(city, feedback, date(2026, 3, 17))["username"] == "inspektur"


def test_a_late_inspectorate_step_escalates_to_the_inspektur(city):
    with time_machine.travel(MONDAY, tick=False):
        feedback = services.feedback_submit(kind="complaint", text=TEXT, unit=city.dishub)
    assert _escalated_to(city, feedback, date(2026, 3, 6))["username"] == "inspektur"


# -- who sees what ---------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "persona, status, sees_sender, may_triage",
    [
        ("inspector", 200, True, True),
        ("superuser", 404, False, False),  # an administrator is not the Inspektorat
        ("head_dishub", 200, False, False),
        ("division_head", 200, False, False),
        ("outsider", 403, False, False),
    ],
)
def test_only_the_inspectorate_sees_the_sender(
    client, city, superuser, division_head, persona, status, sees_sender, may_triage
):
    feedback = _forwarded(city)
    people = {"superuser": superuser, "division_head": division_head}
    user = people.get(persona) or getattr(city, persona)
    assert services.can_see_sender(user) is sees_sender
    assert services.can_handle(user) is may_triage
    client.force_login(user)
    page = client.get(reverse("masukan:detail", args=[feedback.pk]))
    assert page.status_code == status
    if status == 200:
        html = page.content.decode()
        assert TEXT in html
        assert ("0812-555-0101" in html) is sees_sender and ("Siti Aminah" in html) is sees_sender


def test_a_superuser_cannot_triage(city, superuser):
    with time_machine.travel(MONDAY, tick=False):
        feedback = services.feedback_submit(kind="complaint", text=TEXT, unit=city.dishub)
    with pytest.raises(PermissionDenied):
        services.feedback_triage(feedback=feedback, actor=superuser, forward=False, note="x")


def test_a_division_head_reads_their_own_opds_feedback_only(client, city, division_head):
    ours = _forwarded(city)
    theirs = _forwarded(city, city.bpkad)
    with time_machine.travel(MONDAY, tick=False):  # not yet triaged: the Inspektorat's alone
        waiting = services.feedback_submit(kind="suggestion", text=TEXT, unit=city.dishub)
    client.force_login(division_head)
    html = client.get(reverse("masukan:index")).content.decode()
    assert ours.tracking_code in html
    assert theirs.tracking_code not in html and waiting.tracking_code not in html
    assert client.get(reverse("masukan:detail", args=[theirs.pk])).status_code == 404
    # Reading is not answering: the head of the OPD answers.
    page = client.get(reverse("masukan:detail", args=[ours.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(reverse("masukan:detail", args=[ours.pk]), {"response": "x"}).status_code == 403


def test_the_opds_task_managers_answer_on_the_page(client, city):
    _vacate_dishub_head(city)
    manager = staff(city.dishub, username="sekdis", roles=("official",)).user
    assign_perm("personnel.manage_tasks", manager, city.dishub)
    feedback = _forwarded(city)
    other = _forwarded(city, city.bpkad)
    client.force_login(manager)
    html = client.get(reverse("masukan:index")).content.decode()
    assert feedback.tracking_code in html and other.tracking_code not in html
    url = reverse("masukan:detail", args=[feedback.pk])
    assert "0812-555-0101" not in client.get(url).content.decode()
    assert client.post(url, {"response": "Loket kedua dibuka."}).status_code == 302
    assert services.open_task(feedback).data["stage"] == "feedback_closure"
