"""The request form's live rule check, and an official handling a collective case's items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from decisions.models import CaseItem
from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory
from workflows.services import case_submit

from .conftest import accept_dialogs

pytestmark = pytest.mark.browser

PEOPLE = 55


def test_the_request_form_shows_rule_findings_while_it_is_filled_in(browse, city):
    newcomer = EmployeeFactory(
        name="Rina Baru",
        position=PositionFactory(unit=city.dishub, code="DISHUB-BARU"),
        position_since=timezone.localdate() - timedelta(days=200),
    )
    page = browse(city.clerk)
    page.goto("/cases/new/")
    region = page.locator("#policy-findings")
    assert region.get_attribute("aria-live") == "polite"
    page.select_option("#id_target_position", str(city.target.pk))
    page.fill("#id_effective_date", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.fill("#id_employee", newcomer.nip_display)
    finding = page.wait_for_selector("#policy-findings li.sahih-finding[data-key^='time_in_post']")
    text = finding.inner_text()
    assert "PermenPAN" in text or "BKN" in text or "Peraturan" in text  # the legal basis is shown
    # Another employee: the findings follow what is typed.
    page.fill("#id_employee", city.subject.nip)
    page.wait_for_selector("#policy-findings .sahih-policy__status--ok")
    assert region.locator("li.sahih-finding").count() == 0


def _collective_case(city, size: int):
    people = [
        EmployeeFactory(
            name=f"Pegawai Rotasi {number:02d}",
            position=PositionFactory(unit=city.dishub, code=f"DISHUB-R{number:02d}"),
            position_since=timezone.localdate() - timedelta(days=3 * 365),
        )
        for number in range(1, size + 1)
    ]
    targets = [
        PositionFactory(unit=city.dishub, code=f"DISHUB-T{number:02d}") for number in range(1, size + 1)
    ]
    case = case_create(
        actor=city.agency_clerk,
        kind="transfer",
        items=[ItemInput(employee=p, to_position=t) for p, t in zip(people, targets, strict=True)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Rotasi pegawai Dinas Perhubungan.",
    )
    return case_submit(case_id=case.pk, actor=city.agency_clerk)


def test_an_official_drops_a_filtered_group_from_a_case_of_fifty_five(browse, city):
    case = _collective_case(city, PEOPLE)
    page = browse(city.head_dishub)
    confirmations = accept_dialogs(page)
    page.goto(f"/cases/{case.pk}/")
    page.click("#drop summary")
    count = page.locator("[data-picker-count]")
    assert f"0/{PEOPLE}/{PEOPLE}" == _numbers(count.inner_text())

    page.fill("[data-picker-filter]", "rotasi 1")  # Pegawai Rotasi 10 … 19
    assert _numbers(count.inner_text()) == f"0/{PEOPLE}/10"
    page.click("[data-picker-all]")
    page.fill("[data-picker-filter]", "")
    assert _numbers(count.inner_text()) == f"10/{PEOPLE}/{PEOPLE}"
    page.fill("#id_reason", "Masih dibutuhkan di bidang lalu lintas.")
    with page.expect_navigation():
        page.click("#drop-submit")
    assert len(confirmations) == 1
    dropped = CaseItem.objects.filter(case=case, status="dropped")
    assert sorted(dropped.values_list("employee__name", flat=True)) == [
        f"Pegawai Rotasi {n}" for n in range(10, 20)
    ]


def _numbers(text: str) -> str:
    """The picker's "{chosen} … {total} … {shown}" as chosen/total/shown, whatever the language."""
    import re

    return "/".join(re.findall(r"\d+", text))
