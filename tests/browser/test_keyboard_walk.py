"""A clerk who uses only the keyboard: logs in, is sent back to what to fix after a refused
submission, starts and submits a transfer, opens the inbox from the side menu and logs out.
No mouse: every step is a key press, and every Tab stop shows a focus ring that stands out
3:1 from what it is drawn on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from decisions.models import Case
from tests.factories import PASSWORD

from .a11y import FOCUS_RING_JS
from .conftest import accept_dialogs

pytestmark = pytest.mark.browser


class Keyboard:
    """Tab until a control is focused (checking the ring at every stop), then use it."""

    def __init__(self, page):
        self.page = page
        self.rings: list[str] = []

    def tab_to(self, selector: str, *, limit: int = 80) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            problem = self.page.evaluate(FOCUS_RING_JS)
            if problem and problem != "nothing focused":  # past the last stop: the browser's own
                self.rings.append(f"{self.page.url}: {problem}")
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} not reached with Tab on {self.page.url}")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def choose(self, selector: str, value: str, *, limit: int = 60) -> None:
        """Arrow down a focused select until ``value`` is chosen."""
        self.tab_to(selector)
        for _ in range(limit):
            if self.page.evaluate("(s) => document.querySelector(s).value", selector) == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value} not offered by {selector}")

    def press_on(self, selector: str, key: str = "Enter") -> None:
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def focused(self) -> str:
        return self.page.evaluate(
            "document.activeElement.id || document.activeElement.className || document.activeElement.tagName"
        )


def test_a_clerk_does_a_whole_request_with_the_keyboard_alone(browse, city):
    page = browse()
    keys = Keyboard(page)
    confirmations = accept_dialogs(page)
    page.goto("/accounts/login/")

    # Log in: the username field has the focus already.
    page.keyboard.type(city.clerk.get_username())
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url

    # From the home page's "New request" to the form; an empty submission is refused, and
    # the focus lands on what to fix rather than on the page body.
    keys.press_on("#new-request")
    assert "/cases/new/" in page.url
    keys.press_on("#save-draft")
    assert page.locator(".sahih-field--error").count() > 0
    assert page.evaluate("document.activeElement.matches('.sahih-errors, [aria-invalid=true]')"), (
        f"focus on {keys.focused()} after a refused submission"
    )

    # Fill it in from the top, with the keyboard.
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    keys.choose("#id_kind", "transfer")
    page.keyboard.press("Tab")  # the employee's NIP comes next
    page.keyboard.press("Control+A")
    page.keyboard.type(city.subject.nip)
    keys.choose("#id_target_position", str(city.target.pk))
    keys.tab_to("#id_effective_date")
    # A day whose day and month are the same number: typed the same way whichever order the
    # browser's date field puts them in (day first in Indonesian, month first in English).
    effective = timezone.localdate() + timedelta(days=30)
    while effective.day != effective.month:
        effective += timedelta(days=1)
    page.keyboard.type(effective.strftime("%d%m%Y"))
    assert page.input_value("#id_effective_date") == effective.isoformat()
    page.wait_for_selector("#policy-findings .sahih-policy__status--ok")
    keys.tab_to("#id_reason")
    page.keyboard.press("Control+A")
    page.keyboard.type("Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.")
    keys.press_on("#save-draft")
    assert re.search(r"/cases/\d+/$", page.url), page.url
    case = Case.objects.get()

    # Submit it from its page.
    keys.press_on("#submit-case")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW, confirmations

    # The inbox, from the side menu; then log out, also from the menu.
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    keys.press_on("#sahih-drawer a[href='/tasks/']")
    assert page.url.endswith("/tasks/")
    keys.press_on("#sahih-drawer .sahih-logout")
    assert "/accounts/login/" in page.url

    assert keys.rings == []
