"""Attachments: PDF or image, size-limited, content checked; a bad file loses nothing else."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from audit.models import Event

from .helpers import create_transfer, small_pdf


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(api, user, case_id, name, content, kind="request_letter"):
    return api(user).post(
        f"/api/cases/{case_id}/attachments/",
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("surat.pdf", small_pdf(), "application/pdf"),
        ("scan.png", _png(), "image/png"),
    ],
)
def test_a_clerk_attaches_a_pdf_or_an_image_and_it_is_fingerprinted(api, city, name, content, content_type):
    case = create_transfer(api, city)
    response = _upload(api, city.clerk, case["id"], name, content)
    assert response.status_code == 201
    body = response.json()
    assert body["content_type"] == content_type and body["size"] == len(content)
    import hashlib

    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert Event.objects.filter(action="case.attachment.added", object_id=str(case["id"])).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("surat.pdf", b"This is a text file pretending to be a PDF", "file_type"),
        ("surat.pdf", b"%PDF-1.4 but broken inside", "file_broken"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"garbage", "file_broken"),
        ("kosong.pdf", b"", "file_empty"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_with_a_reason(api, city, name, content, code):
    case = create_transfer(api, city)
    response = _upload(api, city.clerk, case["id"], name, content)
    assert response.status_code == 400
    assert response.json()["code"] in (code, "invalid")
    assert "file" in response.json()["fields"]
    assert api(city.clerk).get(f"/api/cases/{case['id']}/attachments/").json() == []


def test_a_file_over_the_size_limit_is_refused(api, city, settings):
    settings.SAHIH_ATTACHMENT_MAX_BYTES = 1000
    case = create_transfer(api, city)
    response = _upload(api, city.clerk, case["id"], "besar.pdf", small_pdf("x" * 2000) + b" " * 1000)
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"


def test_attachments_cannot_be_added_once_the_case_is_submitted(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    response = _upload(api, city.clerk, case["id"], "surat.pdf", small_pdf())
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
