"""Deterministic, readable PDFs: the same content renders to the same bytes, the stored
content renders the very file that was signed, and the fonts travel inside the file."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from pypdf import PdfReader

from decisions.decrees import render_again
from decisions.documents.compose import compose, signature_for
from decisions.documents.model import DecreeDocument
from decisions.documents.render import render

from .conftest import KINDS, issue, stored_pdf


def _document(case) -> DecreeDocument:
    return compose(
        case=case,
        number="800.1.3.3/0001/BKPSDM/2026",
        decree_date=date(2026, 2, 16),
        signature=signature_for({"basis": "plt", "name": "Hendra Gunawan"}),
        verify_url="https://sahih.example.go.id/v/tetap/",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_document_renders_to_the_same_bytes_and_survives_its_json(make_case, kind):
    document = _document(make_case(kind))
    assert DecreeDocument.from_dict(document.to_dict()) == document
    assert _document(document_case := make_case(kind)) == _document(document_case)
    assert render(document).pdf == render(DecreeDocument.from_dict(document.to_dict())).pdf


def test_the_stored_content_renders_the_very_file_that_was_signed(city, make_case):
    decree = issue(make_case("dismissal_retirement", people=3), city.walikota)
    again = render_again(decree)
    assert hashlib.sha256(again).hexdigest() == decree.unsigned_sha256
    # The signature is an incremental update: the signed file begins with those very bytes.
    assert stored_pdf(decree).startswith(again)


def test_every_font_is_embedded(signed_transfer):
    reader = PdfReader(io.BytesIO(stored_pdf(signed_transfer)))
    fonts = {}
    for page in reader.pages:
        for name, font in (page["/Resources"].get("/Font") or {}).items():
            fonts[name] = font.get_object()
    assert fonts
    for font in fonts.values():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]  # an embedded TrueType subset
