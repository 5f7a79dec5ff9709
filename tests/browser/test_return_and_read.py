"""Sending a case back and bringing it again, and an inspector reading what happened."""

from __future__ import annotations

import pytest

from decisions.models import Case
from workflows.services import case_submit, task_approve

from .conftest import no_horizontal_scroll

pytestmark = pytest.mark.browser

NOTE = "Lampirkan surat permohonan dari OPD asal."
BETTER_REASON = "Pemenuhan kebutuhan pegawai BPKAD sesuai analisis beban kerja tahun berjalan."


def test_a_returned_case_is_fixed_and_resubmitted_by_the_clerk(browse, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)

    head = browse(city.head_dishub)
    head.goto(f"/cases/{case.pk}/")
    # Returning needs a note: without one the page says so next to the note field.
    with head.expect_navigation():
        head.click("button[name=action][value=return]")
    assert head.locator(".sahih-field--error textarea[name=note]").count() == 1
    head.fill("textarea[name=note]", NOTE)
    with head.expect_navigation():
        head.click("button[name=action][value=return]")
    case.refresh_from_db()
    assert case.status == Case.Status.RETURNED

    clerk = browse(city.clerk)
    returned = clerk.locator("section[aria-labelledby=returned-h]")
    assert case.reference in returned.inner_text()
    assert NOTE in returned.inner_text()
    clerk.click(f"section[aria-labelledby=returned-h] a:text-is('{case.reference}')")
    assert NOTE in clerk.locator(".sahih-note").inner_text()
    clerk.click("#edit-case")
    clerk.fill("#id_reason", BETTER_REASON)
    with clerk.expect_navigation():
        clerk.click("#save-draft")
    with clerk.expect_navigation():
        clerk.click("#submit-case")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW and case.reason == BETTER_REASON

    head.goto("/tasks/")
    assert case.reference in head.locator("#inbox-table").inner_text()


def test_an_inspector_reads_a_case_timeline_and_cannot_act(browse, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    task_approve(task_id=task.pk, actor=city.head_dishub)

    inspector = browse(city.inspector)
    assert inspector.locator("#inspect-h").count() == 1
    inspector.goto("/cases/")
    inspector.fill("input[name=q]", city.subject.nip)
    with inspector.expect_navigation():
        inspector.click("form.sahih-filters button[type=submit]")
    inspector.click(f"a:text-is('{case.reference}')")
    timeline = inspector.locator("#timeline")
    entries = timeline.locator("li")
    assert entries.count() >= 5
    text = timeline.inner_text()
    assert "Kepala Dinas Perhubungan" in text  # who approved, as the ledger froze them
    assert inspector.locator("button[name=action]").count() == 0
    assert inspector.locator("form[action*='/decide/']").count() == 0
    assert no_horizontal_scroll(inspector)


def test_the_language_switch_turns_the_pages_into_english_and_back(browse, city):
    page = browse(city.clerk)
    assert page.get_attribute("html", "lang") == "id"
    page.select_option("#sahih-language", "en")
    assert page.get_attribute("html", "lang") == "id"  # choosing alone changes nothing (WCAG 3.2.2)
    with page.expect_navigation():
        page.click(".mdc-top-app-bar .sahih-lang__apply")
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/tasks/")
    assert page.get_attribute("html", "lang") == "en"  # the choice sticks
    page.select_option("#sahih-language", "id")
    with page.expect_navigation():
        page.click(".mdc-top-app-bar .sahih-lang__apply")
    assert page.get_attribute("html", "lang") == "id"
    assert "/tasks/" in page.url  # back where the user was
