"""A 500-person collective SK read back with pypdf: every person once, in order, each annex
page under both header rows, and every page with its QR code, verification address and
"Halaman x dari y" (the annex is drawn by blocks.AnnexTable, not a reportlab Table)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from bench.decree import sample_document
from decisions.documents.render import QR_FORM, render

PEOPLE = 500
ROW = re.compile(r"^(\d+) Pegawai Rotasi (\d{3}), S\.E\.$")


@pytest.fixture(scope="module")
def collective():
    document = sample_document(PEOPLE)
    return document, PdfReader(io.BytesIO(render(document).pdf))


def _lines(page) -> list[str]:
    return [" ".join(line.split()) for line in page.extract_text().splitlines()]


def test_a_500_person_annex_lists_every_person_once_in_order(collective):
    _document, reader = collective
    numbers = []
    for page in reader.pages:
        for line in _lines(page):
            match = ROW.match(line)
            if match:
                assert match.group(1) == str(int(match.group(2)))  # the No column beside its name
                numbers.append(int(match.group(1)))
    assert numbers == list(range(1, PEOPLE + 1))
    text = " ".join(" ".join(_lines(page)) for page in reader.pages)
    for n in (1, 250, 500):
        assert text.count(f"NIP 19850412 201001 1 {n % 1000:03d}") == 1


def test_every_annex_page_starts_with_both_header_rows(collective):
    _document, reader = collective
    annex = [page for page in reader.pages if any(ROW.match(line) for line in _lines(page))]
    assert len(annex) >= 40
    for page in annex:
        text = " ".join(_lines(page))
        first_row = min(
            text.find(f" {n} Pegawai Rotasi") for n in range(1, PEOPLE + 1) if f" {n} Pegawai Rotasi" in text
        )
        for header in ("NAMA / NIP", "KET.", "(1)", "(6)"):
            assert -1 < text.find(header) < first_row, header


def test_every_page_carries_its_number_the_address_and_the_qr_code(collective):
    document, reader = collective
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Halaman {number} dari {total}" in text
        assert f"Verifikasi: {document.verify_url}" in text
        assert f"/FormXob.{QR_FORM}" in page["/Resources"]["/XObject"]


def test_rows_never_break_and_the_last_page_closes_with_the_signature(collective):
    document, reader = collective
    last = _lines(reader.pages[-1])
    assert any(line == document.signature.name.upper() for line in last)
    for page in reader.pages:
        lines = _lines(page)
        for index, line in enumerate(lines):
            if ROW.match(line):
                # A person's NIP is on the line after the name, on the same page.
                assert lines[index + 1].startswith("NIP 19850412"), lines[index : index + 2]
