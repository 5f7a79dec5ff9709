"""Public feedback end to end in the browser, on a phone: a member of the public sends it and
gets a tracking code; the Inspektorat triages it, the unit's head responds, the Inspektorat
closes it; the sender follows it with the code. axe-core on every public page on the way."""

from __future__ import annotations

import os

import pytest

from public.models import Feedback
from tests.public.conftest import signed_case

from .a11y import PHONE, axe_violations, phone_problems, use_axe
from .conftest import screenshot

pytestmark = pytest.mark.browser

TEXT = "Pelayanan di loket Dinas Perhubungan lambat, antrean lebih dari dua jam."


def _checked(page, where: str, problems: dict) -> None:
    found = phone_problems(page) + [f"axe: {v}" for v in axe_violations(page)]
    if found:
        problems[where] = found


def _shot(page, name: str, **kwargs) -> None:
    if os.environ.get("SAHIH_SCREENSHOTS"):
        screenshot(page, name, **kwargs)


def _radios_sit_by_their_labels(page) -> None:
    for label in page.locator("label.sahih-choice").all():
        radio = label.locator("input[type=radio]").bounding_box()
        text = label.bounding_box()
        # The button is at the start of its label's row, not pushed to the middle of the form.
        assert radio["x"] - text["x"] < 8 and radio["width"] < 40, (radio, text)


def test_feedback_from_sending_to_the_answer_with_the_tracking_code(browser_day, browse, city):
    # The browser tests run on Thursday 3 December 2026 (conftest.BROWSER_DAY), the live
    # server included: the triage is due three working days on, Tuesday the 8th.
    assert browser_day.isoformat() == "2026-12-03"
    problems: dict[str, list[str]] = {}
    public = browse(viewport=PHONE)
    use_axe(public)
    public.goto("/publik/masukan/")
    _checked(public, "form", problems)
    # Too short: the form says so, accessibly.
    public.get_by_label("Pengaduan").check()
    public.get_by_label("Masukan Anda").fill("pendek")
    public.get_by_role("button", name="Kirim").click()
    public.wait_for_selector(".errorlist")
    _checked(public, "form with errors", problems)

    public.goto("/publik/masukan/")  # afresh: the guide's picture shows no stale error
    public.get_by_label("Pengaduan").check()
    public.get_by_label("Masukan Anda").fill(TEXT)
    public.get_by_label("Perangkat daerah terkait (opsional)").select_option(label="Dinas Perhubungan")
    public.get_by_label("Nama Anda (opsional)").fill("Siti Aminah")
    public.get_by_label("Telepon atau surel (opsional)").fill("0812-555-0101")
    _shot(public, "public-feedback-form")
    public.get_by_role("button", name="Kirim").click()
    code = public.get_by_test_id("tracking-code").inner_text().strip()
    _checked(public, "sent", problems)
    _shot(public, "public-feedback-sent", full_page=False)
    feedback = Feedback.objects.get()
    assert code == feedback.tracking_code

    # The Inspektorat triages: it sees who sent it.
    inspector = browse(city.inspector)
    inspector.goto("/masukan/")
    inspector.get_by_role("link", name=code).click()
    assert inspector.get_by_test_id("sender-contact").inner_text() == "0812-555-0101"
    # The server's clock is on the pinned Thursday too: received on the 3rd, due the 8th.
    assert inspector.get_by_test_id("received").inner_text().startswith("03-12-2026")
    assert inspector.get_by_test_id("due").inner_text() == "08-12-2026"
    _radios_sit_by_their_labels(inspector)
    assert "---------" not in inspector.locator("#id_unit").inner_text()
    inspector.get_by_label("Teruskan ke perangkat daerah untuk ditanggapi").check()
    inspector.get_by_label("Catatan (alasan)").fill("Layak ditindaklanjuti oleh Dinas Perhubungan.")
    _shot(inspector, "feedback-triage")
    inspector.get_by_role("button", name="Simpan keputusan").click()
    assert "menunggu tanggapan" in inspector.get_by_test_id("feedback-status").inner_text()

    # The unit's head responds: the sender is not shown to them.
    head = browse(city.head_dishub)
    head.goto(f"/masukan/{feedback.pk}/")
    assert head.get_by_test_id("sender-contact").count() == 0
    assert "0812-555-0101" not in head.content() and "Siti Aminah" not in head.content()
    head.get_by_label("Tanggapan perangkat daerah").fill("Loket kedua dibuka mulai Senin.")
    head.get_by_role("button", name="Simpan keputusan").click()

    inspector.goto(f"/masukan/{feedback.pk}/")
    inspector.get_by_label("Kesimpulan (internal)").fill("Ditindaklanjuti oleh unit.")
    inspector.get_by_label("Jawaban kepada pengirim").fill("Loket kedua sudah dibuka. Terima kasih.")
    inspector.get_by_role("button", name="Simpan keputusan").click()
    assert inspector.get_by_test_id("feedback-status").inner_text() == "selesai" or "tutup" in (
        inspector.get_by_test_id("feedback-status").inner_text()
    )

    # The sender follows it with the code, and sees the status and the answer only.
    public.goto("/publik/masukan/lacak/")
    _checked(public, "track", problems)
    public.get_by_label("Kode lacak").fill("ZZZZZ-ZZZZZ")
    public.get_by_role("button", name="Tampilkan status").click()
    public.wait_for_selector(".errorlist")
    assert "Kode lacak tidak ditemukan" in public.get_by_test_id("not-found").inner_text()
    _checked(public, "track unknown", problems)
    _shot(public, "public-feedback-not-found", full_page=False)
    public.get_by_label("Kode lacak").fill(code.lower())
    public.get_by_role("button", name="Tampilkan status").click()
    assert "Loket kedua sudah dibuka" in public.content()
    assert "Senin" not in public.content() and "Siti" not in public.content()
    _checked(public, "track found", problems)
    _shot(public, "public-feedback-track", full_page=False)
    assert problems == {}


def test_the_statistics_page_fits_a_phone_and_passes_axe(browse, city):
    from datetime import date

    for _ in range(5):
        signed_case(
            city=city,
            kind="transfer",
            unit=city.dishub,
            people=1,
            submitted=date(2026, 3, 2),
            signed=date(2026, 3, 9),
        )
    page = browse(viewport=PHONE)
    use_axe(page)
    page.goto("/publik/statistik/")
    assert "Dinas Perhubungan" in page.content()
    problems: dict[str, list[str]] = {}
    _checked(page, "statistics", problems)
    _shot(page, "public-statistics", full_page=False)
    assert problems == {}


def test_the_handling_pages_as_each_person_sees_them(browse, city):
    """The Inspektorat, an OPD head, a division head, a clerk, an outsider and an anonymous
    visitor open the feedback pages: whoever may open them gets the site's side menu; the
    others the login form or a refusal."""
    from personnel.models import OrgUnit, Position
    from public import services
    from tests.factories import OrgUnitFactory, official

    bidang = OrgUnitFactory(
        code="DISHUB-LLAJ", name="Bidang Lalu Lintas", kind=OrgUnit.Kind.DIVISION, parent=city.dishub
    )
    division_head = official(
        bidang,
        code="KABID-LLAJ",
        title="Kepala Bidang Lalu Lintas",
        username="kabid_llaj",
        kind=Position.Kind.ADMINISTRATOR,
        rank_code=34,
    ).user
    feedback = services.feedback_submit(
        kind="complaint",
        text=TEXT,
        unit=city.dishub,
        sender_name="Siti Aminah",
        sender_contact="0812-555-0101",
    )
    services.feedback_triage(feedback=feedback, actor=city.inspector, forward=True, note="Teruskan.")
    detail = f"/masukan/{feedback.pk}/"
    for name, user, menu in (
        ("inspector", city.inspector, True),
        ("head", city.head_dishub, True),
        ("division-head", division_head, True),
        ("clerk", city.clerk, False),
        ("outsider", city.outsider, False),
    ):
        page = browse(user)
        for url in ("/masukan/", detail):
            page.goto(url)
            assert (page.locator("#sahih-drawer nav.sahih-menu").count() == 1) is menu, (name, url)
            if menu:
                assert page.get_by_role("link", name="Masukan publik").count() >= 1
    anonymous = browse()
    anonymous.goto(detail)
    assert "/accounts/login/" in anonymous.url
