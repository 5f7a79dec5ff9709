"""Public feedback: sending it (honeypot, size limits, rate limit), following it with the
tracking code, and the Inspektorat's route -- triage, the unit's response, closure -- in the
ledger, with the sender's identity shown to the Inspektorat only."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from viewflow.workflow.models import Task

from audit.models import Event
from public import services
from public.models import Feedback
from tests.factories import OrgUnitFactory

TEXT = "Pelayanan di loket Dinas Perhubungan lambat, antrean lebih dari dua jam."


def _send(client, address="127.0.0.1", **extra):
    data = {
        "kind": "complaint",
        "text": TEXT,
        "unit": "",
        "sender_name": "",
        "sender_contact": "",
        "website": "",
    }
    return client.post(reverse("public:feedback"), {**data, **extra}, REMOTE_ADDR=address)


def _track(client, code):
    return client.post(reverse("public:feedback-track"), {"code": code})


@pytest.fixture
def feedback(city):
    return services.feedback_submit(
        kind="complaint",
        text=TEXT,
        unit=city.dishub,
        sender_name="Siti Aminah",
        sender_contact="0812-555-0101",
    )


def _open_stage(feedback):
    return services.open_task(feedback).data["stage"]


def test_anyone_sends_feedback_and_gets_a_tracking_code(client, city):
    response = _send(client, unit=city.dishub.pk, sender_name="Siti Aminah", sender_contact="siti@example.id")
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert feedback.tracking_code in response.content.decode()
    assert (feedback.unit, feedback.sender_contact, feedback.status) == (
        city.dishub,
        "siti@example.id",
        "received",
    )
    assert _open_stage(feedback) == "feedback_triage"
    event = Event.objects.get(action="feedback.received")
    assert "siti@example.id" not in str(event.data) and "Siti" not in str(event.data)
    assert event.data["with_contact"] is True


def test_the_honeypot_stores_nothing(client, city):
    response = _send(client, website="http://spam.example")
    assert response.status_code == 200 and "Terima kasih" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("text", "x" * 4001), ("text", "pendek"), ("sender_contact", "9" * 121), ("kind", "lain")],
)
def test_size_limits_and_bad_input_are_refused(client, city, field, value):
    assert _send(client, **{field: value}).status_code == 400
    assert not Feedback.objects.exists()


def test_sending_is_rate_limited_per_address(client, city, settings):
    settings.SAHIH_FEEDBACK_RATE = "2/h"
    assert _send(client).status_code == 201
    assert _send(client).status_code == 201
    limited = _send(client)
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert Feedback.objects.count() == 2
    assert _send(client, address="10.9.8.7").status_code == 201


def test_the_tracking_code_shows_the_status_and_nothing_else(client, feedback):
    page = _track(client, feedback.tracking_code.lower().replace("-", " "))
    assert page.status_code == 200
    html = page.content.decode()
    assert "menunggu telaah" in html.lower()
    for secret in ("Siti", "0812", "loket", "Dinas Perhubungan"):
        assert secret not in html
    assert _track(client, "ABCDE-FGHJK").status_code == 404


def test_looking_up_codes_is_rate_limited(client, feedback, settings):
    settings.SAHIH_FEEDBACK_TRACK_RATE = "2/m"
    assert _track(client, "ABCDE-FGHJK").status_code == 404
    assert _track(client, "ABCDE-FGHJ2").status_code == 404
    assert _track(client, feedback.tracking_code).status_code == 429


def test_the_route_forwards_to_the_unit_and_closes_with_an_answer(client, city, feedback):
    services.feedback_triage(
        feedback=feedback, actor=city.inspector, forward=True, unit=None, note="Layak ditindaklanjuti."
    )
    feedback.refresh_from_db()
    assert feedback.status == "with_unit" and _open_stage(feedback) == "feedback_unit_response"
    task = services.open_task(feedback)
    assert task.owner == city.head_dishub  # the head of the OPD concerned

    with pytest.raises(PermissionDenied):
        services.feedback_respond(feedback=feedback, actor=city.head_bpkad, response="Bukan kami.")
    services.feedback_respond(
        feedback=feedback, actor=city.head_dishub, response="Loket kedua dibuka mulai Senin."
    )
    services.feedback_close(
        feedback=feedback,
        actor=city.inspector,
        conclusion="Ditindaklanjuti oleh unit.",
        public_answer="Loket kedua dibuka; terima kasih atas masukannya.",
    )
    feedback.refresh_from_db()
    assert feedback.status == "closed" and services.open_task(feedback) is None
    assert feedback.process.status == "DONE"
    actions = list(
        Event.objects.filter(object_type="feedback").order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["feedback.received", "feedback.triaged", "feedback.unit_responded", "feedback.closed"]

    html = _track(client, feedback.tracking_code).content.decode()
    assert "Loket kedua dibuka; terima kasih" in html
    assert "Ditindaklanjuti oleh unit" not in html and "Senin" not in html


def test_feedback_not_actionable_skips_the_unit(city, feedback):
    services.feedback_triage(
        feedback=feedback, actor=city.inspector, forward=False, note="Bukan kewenangan daerah."
    )
    assert _open_stage(feedback) == "feedback_closure"
    services.feedback_close(
        feedback=feedback, actor=city.inspector, conclusion="Selesai.", public_answer="Bukan kewenangan."
    )
    feedback.refresh_from_db()
    assert feedback.status == "closed" and feedback.disposition == "not_actionable"


def test_only_the_inspectorate_triages(city, feedback):
    for person in (city.head_dishub, city.verifier, city.outsider):
        with pytest.raises(PermissionDenied):
            services.feedback_triage(feedback=feedback, actor=person, forward=False, note="x")
    assert _open_stage(feedback) == "feedback_triage"


@pytest.mark.parametrize(
    "persona, status, sees_sender",
    [
        ("inspector", 200, True),
        ("head_dishub", 200, False),
        ("head_bpkad", 404, False),
        ("outsider", 403, False),
    ],
)
def test_the_sender_is_shown_to_the_inspectorate_only(client, city, feedback, persona, status, sees_sender):
    services.feedback_triage(
        feedback=feedback, actor=city.inspector, forward=True, unit=None, note="Teruskan."
    )
    client.force_login(getattr(city, persona))
    page = client.get(reverse("masukan:detail", args=[feedback.pk]))
    assert page.status_code == status
    if status == 200:
        html = page.content.decode()
        assert TEXT in html
        assert ("0812-555-0101" in html) is sees_sender and ("Siti Aminah" in html) is sees_sender


def test_anonymous_users_are_sent_to_the_login(client, feedback):
    for url in (reverse("masukan:index"), reverse("masukan:detail", args=[feedback.pk])):
        assert client.get(url).status_code == 302


def test_the_pages_drive_the_route(client, city, feedback):
    url = reverse("masukan:detail", args=[feedback.pk])
    client.force_login(city.inspector)
    assert client.post(url, {"forward": "1", "unit": city.dishub.pk, "note": ""}).status_code == 400
    assert client.post(url, {"forward": "1", "unit": city.dishub.pk, "note": "Teruskan."}).status_code == 302
    client.force_login(city.head_dishub)
    assert client.post(url, {"response": "Sudah diperbaiki."}).status_code == 302
    client.force_login(city.inspector)
    assert (
        client.post(url, {"conclusion": "Selesai.", "public_answer": "Sudah diperbaiki."}).status_code == 302
    )
    feedback.refresh_from_db()
    assert feedback.status == "closed"
    # A closed feedback has nothing to decide.
    assert client.post(url, {"conclusion": "x", "public_answer": "y"}).status_code == 403


def test_the_list_costs_a_fixed_number_of_queries(client, city, django_assert_num_queries):
    for _ in range(3):
        services.feedback_submit(kind="suggestion", text=TEXT, unit=city.dishub)
    client.force_login(city.inspector)
    client.get(reverse("masukan:index"))
    for _ in range(5):
        services.feedback_submit(kind="suggestion", text=TEXT)
    with django_assert_num_queries(6):
        page = client.get(reverse("masukan:index"))
    assert page.content.decode().count("/masukan/") >= 8


def test_a_late_step_is_reminded_then_escalated_to_the_inspektur(city):
    with time_machine.travel(date(2026, 3, 2), tick=False):  # a Monday; triage due Thursday the 5th
        feedback = services.feedback_submit(kind="complaint", text=TEXT, unit=city.dishub)
    assert services.open_task(feedback).data["due"] == "2026-03-05"
    run = services.run_feedback_deadlines(today=date(2026, 3, 4))
    assert (run.reminded, run.escalated) == (1, 0)
    run = services.run_feedback_deadlines(today=date(2026, 3, 6))
    assert (run.reminded, run.escalated) == (0, 1)
    assert services.run_feedback_deadlines(today=date(2026, 3, 9)).escalated == 0  # once
    task = Task.objects.get(pk=services.open_task(feedback).pk)
    assert task.data["escalated_to"]["username"] == "inspektur"
    assert Event.objects.filter(action="feedback.escalated").count() == 1


@pytest.mark.parametrize("persona, status", [("inspector", 200), ("head_dishub", 200), ("outsider", 403)])
def test_the_list_shows_each_person_what_they_may_open(client, city, feedback, persona, status):
    other = services.feedback_submit(kind="suggestion", text=TEXT, unit=city.bpkad)
    services.feedback_triage(feedback=feedback, actor=city.inspector, forward=True, note="Teruskan.")
    client.force_login(getattr(city, persona))
    page = client.get(reverse("masukan:index"))
    assert page.status_code == status
    if persona == "head_dishub":  # their unit's feedback only
        html = page.content.decode()
        assert feedback.tracking_code in html and other.tracking_code not in html


def test_a_decision_on_the_page_costs_a_fixed_number_of_queries(
    client, city, feedback, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(city.inspector)
    url = reverse("masukan:detail", args=[feedback.pk])
    # 36 on PostgreSQL, one fewer on SQLite (viewflow's process lock is a real SELECT FOR UPDATE
    # only on PostgreSQL).
    with django_assert_max_num_queries(36):
        assert client.post(url, {"forward": "0", "note": "Bukan kewenangan daerah."}).status_code == 302
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_inspectorate_reads_the_deadline_as_a_day_month_year(client, city):
    with time_machine.travel(date(2026, 12, 3), tick=False):  # a Thursday: 3 working days on
        feedback = services.feedback_submit(kind="complaint", text=TEXT, unit=city.dishub)
        client.force_login(city.inspector)
        page = client.get(reverse("masukan:detail", args=[feedback.pk])).content.decode()
    assert '<dd data-testid="due">08-12-2026</dd>' in page


def test_a_wrong_tracking_code_is_not_found_in_plain_indonesian_with_a_way_back(client, feedback):
    page = _track(client, "ZZZZZ-ZZZZZ")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Kode lacak tidak ditemukan" in html
    assert f'href="{reverse("public:feedback")}"' in html
    # The same answer for a code that was issued and closed as for one never issued: "not
    # found" is all a page says about codes it cannot show.
    assert "Tidak ada masukan" not in html and "ditutup" not in html


def test_the_triage_form_names_its_empty_unit_choice(client, city, feedback):
    client.force_login(city.inspector)
    html = client.get(reverse("masukan:detail", args=[feedback.pk])).content.decode()
    assert "---------" not in html
    assert "pilih perangkat daerah tujuan penerusan" in html


# -- what each page costs ---------------------------------------------------------------------------


def test_the_public_pages_cost_a_fixed_number_of_queries(client, city, feedback, django_assert_num_queries):
    for n in range(3):  # more OPDs and more feedback change nothing
        OrgUnitFactory(code=f"DINAS{n}", name=f"Dinas {n}", parent=city.region)
        services.feedback_submit(kind="suggestion", text=TEXT)
    with django_assert_num_queries(1):  # the OPDs to choose from
        assert client.get(reverse("public:feedback")).status_code == 200
    # The feedback, its route (process, start and triage tasks, the due day), its ledger event:
    # 19 on SQLite and on PostgreSQL.
    with django_assert_num_queries(19):
        assert _send(client, unit=city.dishub.pk).status_code == 201
    with django_assert_num_queries(0):
        assert client.get(reverse("public:feedback-track")).status_code == 200
    with django_assert_num_queries(1):
        assert _track(client, feedback.tracking_code).status_code == 200
    with django_assert_num_queries(1):
        assert _track(client, "ZZZZZ-ZZZZZ").status_code == 404


@pytest.mark.parametrize(
    "persona, page_queries, list_queries",
    # The OPD head's pages read their employee record once more (which OPD they head).
    [("inspector", 7, 6), ("head_dishub", 8, 7)],
)
def test_a_feedback_page_costs_a_fixed_number_of_queries(
    client, city, feedback, persona, page_queries, list_queries, django_assert_num_queries
):
    services.feedback_triage(feedback=feedback, actor=city.inspector, forward=True, note="Teruskan.")
    for _ in range(3):
        services.feedback_submit(kind="suggestion", text=TEXT, unit=city.dishub)
    client.force_login(getattr(city, persona))
    url = reverse("masukan:detail", args=[feedback.pk])
    with django_assert_num_queries(page_queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(list_queries):
        assert client.get(reverse("masukan:index")).status_code == 200
