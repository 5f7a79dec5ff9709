"""Competency-based placement in Chromium: the BKPSDM clerk opens the position map, goes to the
vacant post of BPKAD, reads why the excluded are excluded and what makes the best fit, starts
the case from the ranking -- and the case exists with the candidate. Every placement page
fits a phone and passes axe-core; `make screenshots` saves them for the user guide."""

from __future__ import annotations

import re

import pytest

from decisions.models import Case
from personnel.models import CompetencyAssessment

from ..factories import build_placement
from .a11y import PHONE, axe_violations, phone_problems, use_axe
from .conftest import no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser


def test_vacancy_candidates_start_the_case_and_the_case_has_the_candidate(browse, city):
    placement = build_placement(city)
    page = browse(city.agency_clerk)
    page.goto("/placement/")
    screenshot(page, "placement-map")
    with page.expect_navigation():
        page.click(f"#city-map a:text-is('{city.bpkad.name}')")
    with page.expect_navigation():
        page.click("a[data-position='BPKAD-KASUBBAG-KEU']")
    assert "Kepala Subbagian Keuangan" in page.inner_text("h1")
    first = page.locator("#candidates tbody tr").first
    assert first.get_attribute("data-nip") == placement.fit.nip
    first.locator("summary").click()  # why this score: each factor with its value and weight
    assert "PKP" in first.inner_text()
    page.click("#excluded-h ~ details summary >> nth=0")
    assert "Teknik Sipil" in page.inner_text("#excluded-h ~ details >> nth=0")
    assert no_horizontal_scroll(page)
    screenshot(page, "placement-candidates")
    assert Case.objects.count() == 0
    with page.expect_navigation():
        first.locator("button[type=submit]").click()
    assert re.search(r"/cases/\d+/$", page.url), page.url
    case = Case.objects.get()
    item = case.items.get()
    assert (item.employee, item.to_position) == (placement.fit, placement.vacancy)
    assert case.data["placement"]["score_version"]
    assert placement.fit.name in page.inner_text("main")


def test_the_placement_pages_fit_a_phone_and_pass_axe(browse, city):
    placement = build_placement(city)
    CompetencyAssessment.objects.create(
        employee=placement.other_fit, assessed_on="2024-06-03", potential="rendah"
    )
    page = browse(city.agency_clerk, viewport=PHONE)
    use_axe(page)
    paths = {
        "/placement/": None,
        "/placement/units/BPKAD/": None,
        f"/placement/positions/{placement.vacancy.pk}/candidates/": None,
        f"/placement/positions/{placement.vacancy.pk}/check/?nip={placement.sanctioned.nip}": None,
        f"/placement/positions/{placement.vacancy.pk}/check/?nip={placement.fit.nip}": None,
        f"/placement/employees/{placement.fit.nip}/": "placement-employee",
        "/placement/talent/": "placement-talent",
        "/placement/skp/": "placement-skp",
    }
    problems = {}
    for path in paths:
        page.goto(path)
        found = phone_problems(page) + [f"axe: {v}" for v in axe_violations(page)]
        if found:
            problems[path] = found
    assert problems == {}
    wide = browse(city.agency_clerk)
    for path, shot in paths.items():
        if shot:
            wide.goto(path)
            screenshot(wide, shot)
