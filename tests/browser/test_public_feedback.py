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


def test_feedback_from_sending_to_the_answer_with_the_tracking_code(browse, city):
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
    _checked(public, "track unknown", problems)
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
