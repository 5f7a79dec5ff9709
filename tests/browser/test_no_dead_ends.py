"""Issue 13 §1 in Chromium: every link and button on every role's home works; the API's
documentation runs from the instance alone (the ``browse`` fixture fails any test whose
pages ask another host for anything); a warning that needs a written justification is
answered in the form and the case goes on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from decisions.models import Case, RuleOverride
from decisions.services import ItemInput, case_create
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory, UserFactory

from .conftest import screenshot

pytestmark = pytest.mark.browser

# Links that end the session or only switch the language: followed, they leave the page
# under test, so they are checked for their target only.
NOT_FOLLOWED = ("/accounts/logout/", "/i18n/")


def _targets(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return sorted({href for href in hrefs if href.startswith("/") and not href.startswith(NOT_FOLLOWED)})


def test_every_link_and_button_on_every_role_s_home_works(browse, city, transfer_case, settings, tmp_path):
    # The export signs a checkpoint: this test's own key and directory (workers run in parallel).
    settings.SAHIH_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    settings.SAHIH_CHECKPOINT_DIR = tmp_path / "checkpoints"
    admin = UserFactory(username="pengelola", roles=["admin"], is_staff=True, is_superuser=True)
    broken: list[str] = []
    for user in (city.clerk, city.head_dishub, city.verifier, city.walikota, city.inspector, admin):
        page = browse(user)
        page.goto("/")
        for href in _targets(page):
            try:
                response = page.goto(href, wait_until="domcontentloaded")  # the page and what it loads
            except Exception:  # noqa: BLE001 -- a download: Chromium does not navigate
                response = page.request.get(href)
            if response.status >= 400:
                broken.append(f"{user.username}: {href} → {response.status}")
    assert broken == []

    inspector = browse(city.inspector)
    inspector.goto("/")
    with inspector.expect_download() as download:
        inspector.click("#export-all")
    assert download.value.suggested_filename.endswith(".zip")


def test_the_api_documentation_runs_without_internet(browse, city):
    page = browse(city.clerk)
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert browse.outside_requests == []


def test_a_warning_needing_a_justification_is_answered_in_the_form_and_the_case_goes_on(browse, city):
    newcomer = EmployeeFactory(
        name="Rina Baru",
        position=PositionFactory(unit=city.dishub, code="DISHUB-BARU"),
        position_since=timezone.localdate() - timedelta(days=200),
    )
    case = case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=newcomer, to_position=city.target)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
    )
    page = browse(city.clerk)
    page.goto(f"/cases/{case.pk}/")
    answers = page.locator("#finding-answers")
    assert answers.locator("input[type=checkbox]").count() == 0  # not a box to tick
    assert answers.locator("textarea[name^=override__time_in_post]").count() == 1
    # Too short first: refused, the page asks again and keeps the case a draft.
    answers.locator("textarea[name^=override__time_in_post]").fill("karena perlu")
    with page.expect_navigation():
        page.click("#submit-case")
    assert page.locator(".sahih-errors").count() == 1
    page.locator("#finding-answers textarea[name^=override__time_in_post]").fill(
        "Mengisi kekosongan pelaksana BPKAD menjelang penutupan tahun anggaran daerah."
    )
    screenshot(page, "request-justification", element="#finding-answers")
    page.set_input_files(
        "#finding-answers input[type=file]",
        files=[{"name": "nota-dinas.pdf", "mimeType": "application/pdf", "buffer": small_pdf("nota")}],
    )
    with page.expect_navigation():
        page.click("#submit-case")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW, page.locator("main").inner_text()
    assert RuleOverride.objects.get(case=case, finding_key__startswith="time_in_post").attachment is not None


def test_the_clerk_finds_whom_to_propose_and_where_by_keyboard(browse, city):
    """Issue 13 §2: the employee search as one types, the posts with a free place first, and
    the posts that do not fit the employee marked before the rules run."""
    from personnel.models import Rank

    PositionFactory(
        unit=city.bpkad, code="BPKAD-IV", name="Analis Kebijakan", min_rank=Rank.objects.get(code=41)
    )
    page = browse(city.clerk)
    page.goto("/cases/new/")
    page.focus("#id_kind")
    page.keyboard.press("Tab")  # the employee field is next, by keyboard
    assert page.evaluate("document.activeElement.id") == "id_employee"
    page.keyboard.type("Budi")
    page.wait_for_selector("#employee-options option", state="attached")
    option = page.locator("#employee-options option").first
    assert option.get_attribute("value") == city.subject.nip_display
    assert "Budi Santoso" in option.get_attribute("label")
    assert "ditemukan" in page.locator("#employee-picker-status").inner_text()

    page.fill("#id_employee", city.subject.nip_display)
    page.wait_for_selector("#id_target_position option[data-misfit]", state="attached")
    labels = page.eval_on_selector_all(
        "#id_target_position option[data-code]", "o => o.map(x => x.textContent)"
    )
    assert "kosong" in labels[0]  # a post with a free place first
    screenshot(page, "request-pickers", full_page=False)
    marked = page.locator("#id_target_position option[data-misfit]").first.text_content()
    assert "Analis Kebijakan" in marked and "tidak sesuai" in marked
    page.focus("#id_target_position")
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#id_target_position", "s => s.value") != ""
