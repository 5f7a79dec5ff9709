"""POST /api/decrees/validate/: is this PDF an intact, trusted decree of ours?"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import issue, stored_pdf

URL = "/api/decrees/validate/"


def _post(client, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("sk.pdf", content, content_type="application/pdf")})


def test_a_genuine_decree_validates(client, city, signed_transfer):
    client.force_login(city.inspector)
    body = _post(client, stored_pdf(signed_transfer)).json()
    assert body["signed"] and body["intact"] and body["trusted"]
    assert body["matches_decree"] == signed_transfer.number
    assert body["status"] == "valid" and body["extract_item"] is None
    assert "Tanjungbalai" in body["signer"] and body["signed_at"]


def test_a_changed_byte_makes_it_not_intact_and_no_decree_of_ours(client, city, signed_transfer):
    client.force_login(city.inspector)
    content = stored_pdf(signed_transfer).replace(b"/Producer (Sahih)", b"/Producer (Sahiq)", 1)
    body = _post(client, content).json()
    assert body["signed"] and not body["intact"]
    assert body["matches_decree"] is None and body["status"] == "altered"


def test_a_petikan_validates_as_an_extract_of_its_decree(client, city, make_case):
    from decisions.decrees import decree_extract

    decree = issue(make_case("transfer", people=2), city.walikota)
    client.force_login(city.inspector)
    body = _post(client, decree_extract(decree=decree, item_number=2)).json()
    assert body["matches_decree"] == decree.number and body["extract_item"] == 2 and body["status"] == "valid"


def test_only_signed_in_users_may_validate(client, signed_transfer):
    assert _post(client, stored_pdf(signed_transfer)).status_code in (401, 403)


def test_a_request_without_a_file_is_refused_with_its_code(client, city):
    client.force_login(city.inspector)
    response = client.post(URL, {})
    assert response.status_code == 400 and response.json()["code"] == "file_required"
