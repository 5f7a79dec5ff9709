"""Verification against the configured trust roots (SAHIH_SIGNING["trust_roots"]): a decree
signed with the instance's own certificate and one signed through BSrE (here its stand-in)
both verify, and the public page and the validation endpoint say which kind each carries."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decisions.signing import check_signature
from decisions.signing.verify import trust_fingerprint

from .conftest import stored_pdf
from .test_bsre import sign


def signed_through_bsre(decree):
    """The decree as the wired signing step will store it: the PDF signed through BSrE."""
    signed = sign(decree)
    decree.pdf.save(f"{decree.token[:12]}-bsre.pdf", ContentFile(signed), save=False)
    decree.sha256 = hashlib.sha256(signed).hexdigest()
    decree.save(update_fields=["pdf", "sha256"])
    return decree


def _page(client, decree) -> str:
    return client.get(reverse("decree-verify", args=[decree.token])).content.decode()


def _upload(client, decree, content: bytes) -> str:
    upload = SimpleUploadedFile("sk.pdf", content, content_type="application/pdf")
    return client.post(reverse("decree-verify", args=[decree.token]), {"file": upload}).content.decode()


def _validate(client, content: bytes) -> dict:
    upload = SimpleUploadedFile("sk.pdf", content, content_type="application/pdf")
    return client.post("/api/decrees/validate/", {"file": upload}).json()


def test_a_locally_signed_decree_says_it_carries_the_instances_own_certificate(client, city, signed_transfer):
    assert 'data-field="signature-kind" data-kind="local"' in _page(client, signed_transfer)
    html = _upload(client, signed_transfer, stored_pdf(signed_transfer))
    assert 'data-check="genuine"' in html and 'data-field="certificate" data-kind="local"' in html
    client.force_login(city.inspector)
    body = _validate(client, stored_pdf(signed_transfer))
    assert (body["trusted"], body["signature_kind"], body["status"]) == (True, "local", "valid")


def test_a_decree_signed_through_bsre_says_it_is_certified(client, city, bsre_standin, signed_transfer):
    decree = signed_through_bsre(signed_transfer)
    page = _page(client, decree)
    assert 'data-status="valid"' in page and 'data-kind="bsre"' in page
    assert "tanda tangan elektronik tersertifikasi (BSrE)" in page  # the page speaks Indonesian
    html = _upload(client, decree, stored_pdf(decree))
    assert 'data-check="genuine"' in html and 'data-field="certificate" data-kind="bsre"' in html
    client.force_login(city.inspector)
    body = _validate(client, stored_pdf(decree))
    assert (body["intact"], body["trusted"], body["signature_kind"]) == (True, True, "bsre")
    assert body["matches_decree"] == decree.number and body["status"] == "valid"


def test_without_the_bsre_chain_configured_a_bsre_signature_is_not_recognised(
    client, city, bsre_standin, signed_transfer, settings
):
    decree = signed_through_bsre(signed_transfer)
    assert 'data-kind="bsre"' in _page(client, decree)
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "trust_roots": {"bsre": "", "local": ""}}
    page = _page(client, decree)  # the cached answer belongs to the old trust roots
    assert 'data-field="signature-kind" data-kind=""' in page
    check = check_signature(stored_pdf(decree))
    assert check.intact and not check.trusted and check.kind == ""


def test_a_root_in_both_bundles_is_never_called_certified(bsre_standin, signed_transfer, settings):
    decree = signed_through_bsre(signed_transfer)
    ca = str(bsre_standin.ca_file)
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "trust_roots": {"bsre": ca, "local": ca}}
    assert check_signature(stored_pdf(decree)).kind == "local"


def test_the_trust_fingerprint_follows_the_bundles_content(bsre_standin, settings, tmp_path):
    before = trust_fingerprint()
    bundle = tmp_path / "bsre.pem"
    bundle.write_bytes(bsre_standin.ca_file.read_bytes())
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "trust_roots": {"bsre": str(bundle)}}
    assert trust_fingerprint() == before  # same certificates, same fingerprint
    bundle.write_bytes(b"")
    assert trust_fingerprint() != before
