"""Every role's pages on the demo city with a few weeks of work in it, at 1366×768: each is
saved to docs/screenshots/ for the user guide, and checked for what people expect -- no
horizontal scrolling, a label on every control, readable contrast (WCAG AA), a skip link
and a visible focus ring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from viewflow.workflow.models import Task

from personnel.demo import DEMO_PASSWORD, seed_demo
from personnel.models import Employee
from workflows.demo import seed_committees
from workflows.holidays import load_holidays

from .a11y import contrast_failures, keyboard_problems, unlabelled_controls
from .conftest import no_horizontal_scroll, screenshot
from .scenes import populate

pytestmark = pytest.mark.browser


def _head_of_first_open_task(case) -> str:
    task = Task.objects.filter(process_id=case.process_id, status="ASSIGNED").order_by("pk").first()
    return task.owner.get_username()


def _newcomer() -> Employee:
    """A demo employee under two years in post (the rules warn), for the request form."""
    return (
        Employee.objects.filter(
            position__unit__code="BPKAD",
            position__kind="pelaksana",
            user__isnull=True,
            position_since__gt=timezone.localdate() - timedelta(days=2 * 365),
        )
        .order_by("nip")
        .first()
    )


def test_every_role_s_pages_read_well_at_1366_by_768(browse, transactional_db):
    seed_demo()
    load_holidays()
    seed_committees()
    scenes = populate()
    users = get_user_model().objects
    pages = {}

    def page_of(username):
        if username not in pages:
            pages[username] = browse(users.get(username=username), password=DEMO_PASSWORD)
        return pages[username]

    visitor = browse()
    visitor.goto("/accounts/login/")
    assert unlabelled_controls(visitor) == [] and contrast_failures(visitor) == []
    screenshot(visitor, "login")

    rotation = scenes["rotation"]
    shots = [
        ("home-clerk", "clerk.bkpsdm", "/"),
        ("home-official", "sekda", "/"),
        ("inbox", "sekda", "/tasks/"),
        ("case-page", "sekda", f"/cases/{scenes['at_secretary'].pk}/"),
        ("home-verifier", "verifikator1", "/"),
        ("home-regional-head", "walikota", "/"),
        ("case-signing", "walikota", f"/cases/{scenes['at_signing'].pk}/"),
        ("home-inspector", "inspektur1", "/"),
        ("case-signed", "inspektur1", f"/cases/{scenes['signed'].pk}/"),
        ("home-administrator", "admin", "/"),
        ("dashboard", "kepala.bkpsdm", "/dashboard/"),
        ("collective-case", _head_of_first_open_task(rotation), f"/cases/{rotation.pk}/"),
        ("case-returned", "clerk.bkpsdm", f"/cases/{scenes['returned'].pk}/"),
    ]
    problems: dict[str, list[str]] = {}
    for name, username, path in shots:
        page = page_of(username)
        page.goto(path)
        found = []
        if not no_horizontal_scroll(page):
            found.append("scrolls sideways at 1366 px")
        found += [f"no label: {control}" for control in unlabelled_controls(page)]
        found += [f"contrast {failure}" for failure in contrast_failures(page)]
        found += keyboard_problems(page)
        if found:
            problems[name] = found
        if name == "collective-case":
            page.click("#drop summary")
            page.fill("[data-picker-filter]", "kelurahan")
            page.click("[data-picker-all]")
        page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
        screenshot(page, name)
        if name == "collective-case":
            screenshot(page, "collective-drop", element="#drop")

    # The request form, with the rules answering while it is filled in.
    clerk = page_of("clerk.bkpsdm")
    clerk.goto("/cases/new/")
    newcomer = _newcomer()
    if newcomer is not None:
        clerk.fill("#id_employee", newcomer.nip_display)
    clerk.fill("#id_effective_date", (timezone.localdate() + timedelta(days=30)).isoformat())
    clerk.wait_for_selector("#policy-findings li.sahih-finding, #policy-findings .sahih-policy__status--ok")
    clerk.fill("#id_reason", "Penyegaran organisasi.")
    found = unlabelled_controls(clerk) + contrast_failures(clerk)
    if found:
        problems["request-form"] = found
    screenshot(clerk, "request-form")

    assert problems == {}


def test_the_page_checks_catch_what_they_look_for(chromium):
    page = chromium.new_page()
    page.set_content(
        '<a class="sahih-skip" href="#c">skip</a>'
        '<p style="color:#aaa;background:#fff">pale grey on white</p>'
        '<p style="color:#1b1b1b">dark on white</p>'
        '<input name="q"><label for="ok">Name</label><input id="ok">'
    )
    failures = contrast_failures(page)
    assert len(failures) == 1 and "pale grey" in failures[0]
    assert unlabelled_controls(page) == ["q"]
    page.close()
