"""The web pages, through Django's test client: who sees what, and the forms' errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from workflows.services import case_submit


@pytest.fixture
def browser(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home:index"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_login_page_is_in_indonesian_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "id"


@pytest.mark.parametrize("persona", ["clerk", "head_dishub", "inspector", "walikota"])
def test_every_role_has_a_home(browser, city, persona):
    assert browser(getattr(city, persona)).get(reverse("home:index")).status_code == 200


def test_the_case_page_offers_the_owner_their_decision_and_hides_it_from_others(browser, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    url = reverse("cases:detail", args=[transfer_case.pk])
    owner = browser(city.head_dishub).get(url)
    assert owner.status_code == 200 and b'name="action" value="approve"' in owner.content
    reader = browser(city.inspector).get(url)
    assert reader.status_code == 200 and b'name="action"' not in reader.content
    assert browser(city.outsider).get(url).status_code == 404


def test_an_official_approves_from_the_case_page(browser, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    response = browser(city.head_dishub).post(reverse("tasks:decide", args=[task.pk]), {"action": "approve"})
    assert response.status_code == 302
    transfer_case.refresh_from_db()
    assert transfer_case.stage == "unit_head"


def test_rejecting_without_a_note_shows_the_error_next_to_the_note(browser, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    response = browser(city.head_dishub).post(
        reverse("tasks:decide", args=[task.pk]), {"action": "reject", "note": ""}
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors["note"]


def test_a_clerk_drafts_a_request_and_a_bad_nip_is_explained(browser, city):
    client = browser(city.clerk)
    bad = client.post(
        reverse("cases:new"),
        {"kind": "transfer", "employee": "1988", "effective_date": "2026-12-01", "reason": "x"},
    )
    assert bad.status_code == 400 and bad.context["form"].errors["employee"]
    good = client.post(
        reverse("cases:new"),
        {
            "kind": "transfer",
            "employee": city.subject.nip_display,
            "target_position": city.target.pk,
            "effective_date": "2026-12-01",
            "reason": "Kebutuhan BPKAD.",
            "attachment_kind": "request_letter",
        },
    )
    assert good.status_code == 302
    assert client.get(good["Location"]).status_code == 200


def test_the_inbox_lists_what_waits(browser, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    response = browser(city.head_dishub).get(reverse("tasks:index"))
    assert response.status_code == 200
    assert transfer_case.reference.encode() in response.content
    assert browser(city.head_bpkad).get(reverse("tasks:index") + "?overdue=1").status_code == 200


def test_the_route_chart_is_an_svg(browser, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    response = browser(city.clerk).get(reverse("cases:chart", args=[transfer_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"


def test_an_official_drops_employees_of_a_collective_case_from_its_page(browser, city):
    from decisions.services import ItemInput, case_create
    from tests.factories import EmployeeFactory, PositionFactory

    people = [EmployeeFactory(position=PositionFactory(unit=city.dishub)) for _ in range(3)]
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[ItemInput(employee=p, to_position=PositionFactory(unit=city.dishub)) for p in people],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Rotasi.",
    )
    case = case_submit(case_id=case.pk, actor=city.agency_clerk)
    task = case.process.task_set.get(data__stage="unit_head")
    client = browser(city.head_dishub)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.context["drop_form"] is not None
    missing_reason = client.post(reverse("tasks:drop", args=[task.pk]), {"items": [2]})
    assert missing_reason.status_code == 400 and missing_reason.context["drop_form"].errors["reason"]
    done = client.post(reverse("tasks:drop", args=[task.pk]), {"items": [2], "reason": "Masih dibutuhkan."})
    assert done.status_code == 302
    assert list(case.items.filter(status="dropped").values_list("position_in_case", flat=True)) == [2]


def test_a_manager_reassigns_a_task_from_the_case_page(browser, city, transfer_case):
    from datetime import timedelta

    from django.utils import timezone

    from personnel.models import ActingAssignment
    from tests.factories import UserFactory

    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_bpkad)
    manager = UserFactory(username="pengelola", roles=["admin"])
    client = browser(manager)
    assert client.get(reverse("cases:detail", args=[case.pk])).context["can_reassign"]
    unknown = client.post(reverse("tasks:reassign", args=[task.pk]), {"to": "nobody", "reason": "Cuti."})
    assert unknown.status_code == 400 and unknown.context["reassign_form"].errors["to"]
    # The Sekda holds no authority over BPKAD's head stage: refused until a Plh is recorded.
    refused = client.post(
        reverse("tasks:reassign", args=[task.pk]), {"to": "sekda", "reason": "Kepala BPKAD cuti."}
    )
    assert refused.status_code == 400 and refused.context["reassign_form"].errors["to"]
    ActingAssignment.objects.create(
        position=city.head_bpkad.employee.position,
        kind="plh",
        user=city.sekda,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=5),
        decree_number="800.1.3.3/72/BKPSDM/2026",
        decree_date=timezone.localdate(),
    )
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert city.sekda in [p for row in page.context["pending"] for p in row["candidates"]]
    done = client.post(
        reverse("tasks:reassign", args=[task.pk]), {"to": "sekda", "reason": "Kepala BPKAD cuti."}
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.owner == city.sekda


def test_late_tasks_escalated_to_a_superior_show_in_their_inbox(browser, city, transfer_case):
    from datetime import date

    import time_machine

    from workflows.services import run_deadlines

    with time_machine.travel(date(2026, 12, 7), tick=False):
        case_submit(case_id=transfer_case.pk, actor=city.clerk)
    run_deadlines(today=date(2026, 12, 15))
    response = browser(city.sekda).get(reverse("tasks:index"))
    assert [row["case"].pk for row in response.context["escalated"]] == [transfer_case.pk, transfer_case.pk]


def test_a_clerk_files_an_own_request_dismissal_with_its_request_date(browser, city):
    client = browser(city.clerk)
    response = client.post(
        reverse("cases:new"),
        {
            "kind": "dismissal_own_request",
            "employee": city.subject.nip_display,
            "effective_date": "2027-01-01",
            "reason": "Permintaan sendiri.",
            "request_date": "2026-11-20",
            "attachment_kind": "request_letter",
        },
    )
    assert response.status_code == 302
    from decisions.models import Case

    case = Case.objects.get(kind="dismissal_own_request")
    assert case.data["request_date"] == "2026-11-20"
    edit = client.get(reverse("cases:edit", args=[case.pk]))
    assert edit.context["form"].initial["request_date"] == "2026-11-20"


def test_a_bkpsdm_clerk_files_a_rotation_of_several_employees_in_one_request(browser, city):
    from decisions.models import Case
    from tests.factories import EmployeeFactory, PositionFactory

    others = [EmployeeFactory(position=PositionFactory(unit=city.dishub)) for _ in range(2)]
    posts = [PositionFactory(unit=city.bpkad, code=f"BPKAD-ROT{n}") for n in range(2)]
    lines = "\n".join(f"{e.nip_display}; {p.code}" for e, p in zip(others, posts, strict=True))
    client = browser(city.agency_clerk)
    bad = client.post(
        reverse("cases:new"),
        {
            "kind": "transfer",
            "employee": city.subject.nip_display,
            "target_position": city.target.pk,
            "effective_date": "2027-01-01",
            "reason": "Rotasi.",
            "more_employees": "1988\n",
            "attachment_kind": "request_letter",
        },
    )
    assert bad.status_code == 400 and bad.context["form"].errors["more_employees"]
    response = client.post(
        reverse("cases:new"),
        {
            "kind": "transfer",
            "employee": city.subject.nip_display,
            "target_position": city.target.pk,
            "effective_date": "2027-01-01",
            "reason": "Rotasi.",
            "more_employees": lines,
            "attachment_kind": "request_letter",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.is_collective
    assert [item.to_position for item in case.items.order_by("position_in_case")] == [city.target, *posts]


def test_a_bkpsdm_clerk_starts_a_correction_from_the_decree_and_it_names_the_decree(
    browser, city, transfer_case
):
    from decisions.models import Case
    from tests.api.helpers import ROUTE
    from workflows.services import task_approve

    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    for stage, persona in ROUTE:
        user = getattr(city, persona)
        tasks = case.process.task_set.filter(data__stage=stage, status__in=["NEW", "ASSIGNED"])
        task = tasks.filter(owner=user).first() or tasks.first()
        case = task_approve(task_id=task.pk, actor=user)
    decree = case.decree
    client = browser(city.agency_clerk)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.context["can_amend"]
    form_page = client.get(
        reverse("cases:new") + f"?kind=correction&decree={decree.number}&employee={city.subject.nip}"
    )
    assert form_page.context["form"].initial["target_decree"] == decree.number
    response = client.post(
        reverse("cases:new"),
        {
            "kind": "correction",
            "employee": city.subject.nip,
            "effective_date": "2026-12-01",
            "reason": "Salah tulis jabatan.",
            "target_decree": decree.number,
            "correction": "Tertulis “Penata Layanan”, seharusnya “Penata Layanan Operasional”.",
            "attachment_kind": "other",
        },
    )
    assert response.status_code == 302
    correction = Case.objects.get(kind="correction")
    assert correction.target_decree == decree and correction.data["correction"].startswith("Tertulis")
    assert not browser(city.clerk).get(reverse("cases:detail", args=[case.pk])).context["can_amend"]


@pytest.mark.parametrize("persona", ["inspector", "head_dishub", "head_bpkad"])
def test_the_edit_page_of_a_draft_is_refused_to_inspectors_and_officials(
    browser, city, transfer_case, persona
):
    refused = browser(getattr(city, persona)).get(reverse("cases:edit", args=[transfer_case.pk]))

    assert refused.status_code == 403
    assert browser(city.clerk).get(reverse("cases:edit", args=[transfer_case.pk])).status_code == 200
