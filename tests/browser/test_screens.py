"""Every role's pages on the demo city with a few weeks of work in it, at 1366×768: each is
saved to docs/screenshots/ for the user guide, and checked for what people expect -- no
horizontal scrolling, a label on every control, readable contrast (WCAG AA), a skip link,
a visible focus ring that stands out 3:1, and no axe-core WCAG 2.1 A/AA violation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from viewflow.workflow.models import Task

from personnel.demo import DEMO_PASSWORD, seed_demo
from personnel.holidays import load_holidays
from personnel.models import Employee
from workflows.demo import seed_committees

from .a11y import (
    AXE,
    FOCUS_RING_JS,
    PHONE,
    axe_violations,
    contrast_failures,
    keyboard_problems,
    phone_problems,
    unlabelled_controls,
    use_axe,
)
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
            use_axe(pages[username])
        return pages[username]

    visitor = browse()
    use_axe(visitor)
    visitor.goto("/accounts/login/")
    assert unlabelled_controls(visitor) == [] and contrast_failures(visitor) == []
    assert axe_violations(visitor) == []
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
        found += [f"axe: {violation}" for violation in axe_violations(page)]
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
    found = unlabelled_controls(clerk) + contrast_failures(clerk) + axe_violations(clerk)
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

    # On a phone: a page wider than the screen, a button pushed off it, a tiny target, a
    # pale focus ring; and axe-core, injected from node_modules, reports an image without alt.
    page = chromium.new_page(viewport=PHONE)
    page.set_content(
        '<div style="width:600px"><button id="far" style="margin-left:450px">Far</button></div>'
        '<button id="tiny" style="width:16px;height:16px;padding:0">x</button>'
        '<a href="#" id="pale" style="outline:3px solid #c9a227">pale ring</a>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    problems = phone_problems(page)
    assert any(p.startswith("scrolls sideways") for p in problems)
    assert any("off the screen" in p and "#far" in p for p in problems)
    assert any("target 16x16" in p and "#tiny" in p for p in problems)
    page.focus("#pale")
    assert "focus ring" in page.evaluate(FOCUS_RING_JS)
    page.add_script_tag(path=str(AXE))
    assert any(v.startswith("image-alt") for v in axe_violations(page))
    page.close()
