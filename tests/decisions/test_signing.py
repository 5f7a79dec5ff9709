"""PAdES signatures: a signed SK validates with pyHanko, any change breaks it, the visible
field shows who signed and when, B-T with a timestamp authority, the QR codes scan."""

from __future__ import annotations

import asyncio
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from asn1crypto import tsp
from django.conf import settings
from django.utils import timezone
from PIL import ImageChops
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from decisions.decrees import render_again
from decisions.documents.words import indonesian_date
from decisions.signing import (
    LocalPadesSigner,
    SignatureRequest,
    SigningUnavailable,
    check_signature,
    trust_roots,
    write_development_certificates,
)

from .conftest import issue, stored_pdf


def _flip(content: bytes, position: int) -> bytes:
    changed = bytearray(content)
    changed[position] ^= 0x01
    return bytes(changed)


def test_a_signed_decree_validates_with_pyhanko_as_intact_and_trusted(signed_transfer):
    content = stored_pdf(signed_transfer)
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[0]
    roots = [load_cert_from_pemder(settings.SAHIH_SIGNING["ca_cert_file"])]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert signature.sig_field.get("/T") == "TandaTanganElektronik"
    check = check_signature(content)
    assert (check.signed, check.intact, check.trusted, check.timestamped) == (True, True, True, False)
    assert "Tanjungbalai" in check.signer


def test_one_changed_byte_anywhere_in_the_signed_content_breaks_the_signature(signed_transfer):
    content = stored_pdf(signed_transfer)
    unsigned_length = len(render_again(signed_transfer))
    for position in (
        content.index(b"/Producer (Sahih)") + 15,  # in the document information
        unsigned_length // 2,  # in the middle of the page content
        unsigned_length - 40,  # in the cross-reference data
    ):
        check = check_signature(_flip(content, position))
        assert not check.intact, position


def test_anything_appended_after_signing_is_not_covered_by_the_signature(signed_transfer):
    writer = IncrementalPdfFileWriter(io.BytesIO(stored_pdf(signed_transfer)))
    writer.root[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    check = check_signature(output.getvalue())
    assert check.signed and not check.intact


def _flattened_text(content: bytes, page_index: int) -> str:
    document = pdfium.PdfDocument(content)
    document.init_forms()
    document[page_index].flatten()
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return _page_text(buffer.getvalue(), page_index)


def _page_text(content: bytes, page_index: int) -> str:
    document = pdfium.PdfDocument(content)
    text = document[page_index].get_textpage().get_text_range()
    document.close()
    return " ".join(text.split())


def test_the_visible_signature_names_the_office_and_the_time(signed_transfer):
    """The stamp names the office and the time; the signer's name stands once, under it, in the
    signature block (Permendagri 1/2023 Pasal 44)."""
    content = stored_pdf(signed_transfer)
    page_index = _signature_page(content)
    before = _page_text(content, page_index)
    after = " ".join(_flattened_text(content, page_index).split())
    signed_at = timezone.localtime(signed_transfer.signed_at)
    stamp = [
        "Ditandatangani secara elektronik oleh:",
        "WALI KOTA TANJUNGBALAI",
        f"{indonesian_date(signed_at.date())} {signed_at:%H:%M:%S} WIB",
    ]
    for line in stamp:
        assert line in after
    assert "Ditandatangani secara elektronik oleh:" not in before
    assert after.count("AHMAD FAUZI") == 1


def _signature_page(content: bytes) -> int:
    """The page that holds the signature field."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return next(i for i, page in enumerate(reader.pages) if page.get("/Annots"))


def test_the_stamp_is_drawn_inside_the_signature_block(signed_transfer):
    content = stored_pdf(signed_transfer)
    page = _signature_page(content)
    with_forms, without = pdfium.PdfDocument(content), pdfium.PdfDocument(content)
    with_forms.init_forms()
    shown = with_forms[page].render(scale=1, may_draw_forms=True).to_pil().convert("L")
    plain = without[page].render(scale=1).to_pil().convert("L")
    with_forms.close()
    without.close()
    difference = ImageChops.difference(shown, plain).point(lambda value: 255 if value else 0)
    assert difference.histogram()[255] > 500  # the frame and four lines of text, not a stray pixel
    left, top, right, bottom = difference.getbbox()
    assert top > shown.height / 3 and left > shown.width / 3  # in the signature block, right of centre


def test_every_page_has_a_qr_code_that_scans_to_the_verification_address(city, make_case):
    decree = issue(make_case("transfer", people=2), city.walikota)
    content = stored_pdf(decree)
    document = pdfium.PdfDocument(content)
    images = [page.render(scale=3).to_pil() for page in document]
    document.close()
    assert len(images) >= 3
    for image in images:
        codes = [
            code.text
            for code in zxingcpp.read_barcodes(image)
            if code.format == zxingcpp.BarcodeFormat.QRCode
        ]
        assert codes == [decree.content["verify_url"]]
    assert decree.content["verify_url"].endswith(f"/v/{decree.token}/")


@pytest.fixture
def timestamp_authority(tmp_path, settings):
    """An RFC 3161 timestamp authority on a local port (pyHanko's test TSA behind HTTP), whose
    root the instance trusts next to its own CA (one PEM bundle)."""
    key_file, cert_file, tsa_root = write_development_certificates(
        key_file=tmp_path / "tsa-key.pem",
        cert_file=tmp_path / "tsa-cert.pem",
        ca_file=tmp_path / "tsa-root.pem",
        common_name="Otoritas Cap Waktu (uji)",
        ca_name="Root Cap Waktu (uji)",
        timestamping=True,
    )
    bundle = tmp_path / "trusted.pem"
    bundle.write_bytes(Path(settings.SAHIH_SIGNING["ca_cert_file"]).read_bytes() + tsa_root.read_bytes())
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "ca_cert_file": str(bundle)}
    stamper = DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(cert_file)),
        tsa_key=load_private_key_from_pemder(str(key_file), None),
    )
    requests_seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            requests_seen.append(request)
            body = asyncio.run(stamper.async_request_tsa_response(request)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", requests_seen
    server.shutdown()
    server.server_close()


def _request(box=(300, 400, 520, 460)) -> SignatureRequest:
    return SignatureRequest(
        page=1,
        box=box,
        signer_name="Ahmad Fauzi",
        reason="uji",
        location="Tanjungbalai",
        appearance=("a", "B"),
    )


def test_with_a_timestamp_authority_the_signature_is_pades_b_t(signed_transfer, timestamp_authority):
    url, seen = timestamp_authority
    signer = LocalPadesSigner({**settings.SAHIH_SIGNING, "tsa_url": url})
    signed = signer.sign(render_again(signed_transfer), _request())
    check = check_signature(signed)
    assert check.intact and check.trusted and check.timestamped
    assert seen  # pyHanko asks once to size the token, once to stamp
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = validate_pdf_signature(
        embedded, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    )
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def test_an_unreachable_timestamp_authority_means_nothing_is_signed(signed_transfer):
    signer = LocalPadesSigner({**settings.SAHIH_SIGNING, "tsa_url": "http://127.0.0.1:9/", "tsa_timeout": 2})
    with pytest.raises(SigningUnavailable):
        signer.sign(render_again(signed_transfer), _request())


def test_without_its_certificate_the_signer_refuses_clearly(signed_transfer, tmp_path):
    missing = {**settings.SAHIH_SIGNING, "key_file": str(tmp_path / "none.pem")}
    with pytest.raises(SigningUnavailable, match="none.pem"):
        LocalPadesSigner(missing).sign(render_again(signed_transfer), _request())
    assert not Path(missing["key_file"]).exists()
