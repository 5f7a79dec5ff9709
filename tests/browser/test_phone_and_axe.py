"""Every role's pages on a phone (360×740): nothing scrolls sideways, every action is on the
screen and big enough to tap, and axe-core finds no WCAG 2.1 A/AA violation. One test per
role, each walking all of that role's pages in one browser; the cases it reads are made on
demand through the services, so a role pays only for the states it looks at."""

from __future__ import annotations

import os
from datetime import date, timedelta
from functools import cached_property

import pytest
from django.utils import timezone

from decisions.models import Case
from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory, UserFactory
from tests.inspection.conftest import run_transfer

from .a11y import PHONE, axe_violations, phone_problems, use_axe
from .conftest import screenshot

pytestmark = pytest.mark.browser


class Scenes:
    """Transfers of the test city at the stages the pages show, each made when first asked for."""

    def __init__(self, city):
        self.city = city
        self.made = 0

    def _transfer(self, *, until: str | None) -> Case:
        self.made += 1
        employee = EmployeeFactory(
            name=f"Pegawai Ponsel {self.made}",
            position=PositionFactory(code=f"DISHUB-HP{self.made}", unit=self.city.dishub),
            position_since=date(2022, 1, 3),
            birth=date(1987, 3, 1 + self.made),
            tmt=date(2011, 1, 1),
        )
        case = case_create(
            actor=self.city.clerk,
            kind="transfer",
            items=[
                ItemInput(
                    employee=employee,
                    to_position=PositionFactory(code=f"BPKAD-HP{self.made}", unit=self.city.bpkad),
                )
            ],
            effective_date=timezone.localdate() + timedelta(days=30),
            reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
        )
        return run_transfer(case, self.city, until=until)

    @cached_property
    def at_secretary(self) -> Case:
        return self._transfer(until="secretary")

    @cached_property
    def at_signing(self) -> Case:
        return self._transfer(until="signing")

    @cached_property
    def signed(self) -> Case:
        return self._transfer(until=None)


# The user guide's phone pictures (`make screenshots` only: CI has no use for them).
PHONE_SHOTS = {
    ("official", "/"): "phone-home",
    ("official", "case"): "phone-case",
    ("signer", "case"): "phone-signing",
    ("anonymous", "verify"): "public-verify",
}


def _shot_key(path: str) -> str:
    if path.startswith("/cases/") and path[7:-1].isdigit():
        return "case"
    return "verify" if path.startswith("/v/") else path


def _feedback():
    from public.services import feedback_submit

    return feedback_submit(
        kind="complaint", text="Antrean di loket terlalu lama.", sender_contact="0812-555-0101"
    )


def _pages(role: str, city, scenes: Scenes) -> tuple[object, list[str]]:
    """Who plays ``role`` and the pages they open."""
    if role == "anonymous":
        return None, [
            "/accounts/login/",
            f"/v/{scenes.signed.decree.token}/",
            "/publik/statistik/",
            "/publik/masukan/",
            "/publik/masukan/lacak/",
        ]
    if role == "clerk":
        return city.clerk, ["/", "/tasks/", "/cases/", "/cases/new/", f"/cases/{scenes.signed.pk}/"]
    if role == "official":
        case = scenes.at_secretary
        return city.sekda, ["/", "/tasks/", f"/cases/{case.pk}/", "/cases/", "/dashboard/"]
    if role == "verifier":
        return city.verifier, ["/", "/tasks/", f"/cases/{scenes.at_secretary.pk}/"]
    if role == "signer":
        return city.walikota, [
            "/",
            "/tasks/",
            f"/cases/{scenes.at_signing.pk}/",
            f"/cases/{scenes.signed.pk}/",
        ]
    if role == "inspector":
        case = scenes.signed
        return city.inspector, [
            "/",
            "/inspect/",
            f"/inspect/cases/{case.pk}/",
            "/inspect/verify/",
            f"/cases/{case.pk}/",
            "/masukan/",
            f"/masukan/{_feedback().pk}/",
        ]
    if role == "administrator":
        admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        return admin, ["/", "/dashboard/", "/cases/"]
    raise AssertionError(role)


@pytest.mark.parametrize(
    "role", ["anonymous", "clerk", "official", "verifier", "signer", "inspector", "administrator"]
)
def test_every_page_of_a_role_fits_a_phone_and_passes_axe(browse, city, role):
    scenes = Scenes(city)
    user, paths = _pages(role, city, scenes)
    page = browse(user, viewport=PHONE)
    use_axe(page)
    problems: dict[str, list[str]] = {}
    taken: set[str] = set()
    for path in paths:
        page.goto(path)
        found = phone_problems(page) + [f"axe: {v}" for v in axe_violations(page)]
        if path == "/" and user is not None:
            # The menu: behind the toggle, which says whether it is open; every entry on screen.
            toggle = page.locator("button.vf-page__menu-toggle")
            assert toggle.get_attribute("aria-expanded") == "false"
            toggle.click()
            page.wait_for_selector(
                "#sahih-drawer.mdc-drawer--open:not(.mdc-drawer--animate):not(.mdc-drawer--opening)"
            )
            assert toggle.get_attribute("aria-expanded") == "true"
            found += [f"menu: {p}" for p in phone_problems(page)]
            found += [f"menu axe: {v}" for v in axe_violations(page)]
            assert page.locator("#sahih-drawer .sahih-logout").is_visible()
            page.keyboard.press("Escape")
            page.wait_for_selector("#sahih-drawer.mdc-drawer--open", state="detached")
        if found:
            problems[path] = found
        shot = PHONE_SHOTS.get((role, _shot_key(path)))
        if shot and shot not in taken and os.environ.get("SAHIH_SCREENSHOTS"):
            page.evaluate("window.scrollTo(0, 0)")
            screenshot(page, shot, full_page=False)  # the first screen, as the phone shows it
            taken.add(shot)
    assert problems == {}
