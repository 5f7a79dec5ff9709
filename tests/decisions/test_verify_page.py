"""The public verification page behind the QR code: what it shows, what it hides, unknown
tokens, uploads of genuine and changed files, and its rate limit."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from personnel.nip import mask_nip

from .conftest import issue, stored_pdf


def _page(client, decree, **extra):
    return client.get(reverse("decree-verify", args=[decree.token]), **extra)


def _upload(client, decree, content: bytes, **extra):
    upload = SimpleUploadedFile("sk.pdf", content, content_type="application/pdf")
    return client.post(reverse("decree-verify", args=[decree.token]), {"file": upload}, **extra)


def test_the_page_shows_what_the_decree_shows_with_the_nip_masked(client, city, signed_transfer):
    response = _page(client, signed_transfer)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert signed_transfer.number in html
    assert signed_transfer.sha256 in html
    assert "Budi Santoso, S.E." in html
    assert mask_nip(city.subject.nip) in html
    assert "WALI KOTA TANJUNGBALAI" in html and "AHMAD FAUZI" in html
    assert signed_transfer.title in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_page_hides_everything_the_decree_does_not_show(client, city, signed_transfer):
    case = signed_transfer.case
    html = _page(client, signed_transfer).content.decode()
    nip = city.subject.nip
    for secret in (
        nip,
        city.subject.nip_display,
        nip[8:],  # the unmasked tail
        case.reason,
        case.reference,
        f"/cases/{case.pk}",
        signed_transfer.unsigned_sha256,
        signed_transfer.pdf.name,
        city.walikota.username,
    ):
        assert secret not in html, secret
    assert not re.search(r"\b\d{18}\b", html)  # no NIP of anyone in any form
    assert str(city.subject.rank.pangkat) not in html  # the annex shows it; the page need not


def test_a_collective_decree_lists_every_name_with_a_masked_nip(client, city, make_case):
    decree = issue(make_case("transfer", people=3), city.walikota)
    html = _page(client, decree).content.decode()
    for row in decree.content["annex"]:
        assert row["name"] in html
        assert mask_nip(row["nip"]) in html
        assert row["nip"] not in html


def test_an_unknown_token_gives_a_404_that_says_nothing_more(client, signed_transfer):
    response = client.get(reverse("decree-verify", args=["tidak-ada-keputusan-dengan-token-ini"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert signed_transfer.number not in html and "SHA-256" not in html and "<form" not in html


def test_a_superseded_decree_names_its_replacement_and_links_to_its_page(
    client, city, make_case, signed_transfer
):
    correction = issue(make_case("correction", target=signed_transfer), city.walikota)
    html = _page(client, signed_transfer).content.decode()
    assert 'data-status="superseded"' in html
    assert correction.number in html
    assert reverse("decree-verify", args=[correction.token]) in html
    assert 'data-status="valid"' in _page(client, correction).content.decode()


def test_a_revoked_decree_says_so(client, city, make_case, signed_transfer):
    revocation = issue(make_case("revocation", target=signed_transfer), city.walikota)
    html = _page(client, signed_transfer).content.decode()
    assert 'data-status="revoked"' in html and revocation.number in html


def test_uploading_the_genuine_pdf_confirms_it(client, signed_transfer):
    response = _upload(client, signed_transfer, stored_pdf(signed_transfer))
    assert response.status_code == 200
    assert 'data-check="genuine"' in response.content.decode()


def test_uploading_a_pdf_with_one_changed_byte_says_it_is_not_genuine(client, signed_transfer):
    content = bytearray(stored_pdf(signed_transfer))
    position = content.index(b"/Producer (Sahih)") + len("/Producer (Sahi")
    content[position] = ord("k")
    html = _upload(client, signed_transfer, bytes(content)).content.decode()
    assert 'data-check="not-genuine"' in html
    assert 'data-reason="altered"' in html


def test_another_genuine_decree_is_not_this_one(client, city, make_case, signed_transfer):
    other = issue(make_case("dismissal_unfit"), city.walikota)
    html = _upload(client, signed_transfer, stored_pdf(other)).content.decode()
    assert 'data-check="not-genuine"' in html and 'data-reason="unknown"' in html


def test_uploading_nothing_or_an_unsigned_file_is_answered_plainly(client, signed_transfer):
    assert client.post(reverse("decree-verify", args=[signed_transfer.token])).status_code == 400
    html = _upload(client, signed_transfer, b"%PDF-1.4 bukan keputusan").content.decode()
    assert 'data-check="not-genuine"' in html and 'data-reason="unsigned"' in html


def test_the_page_is_rate_limited_per_address_counting_views_and_uploads(client, settings, signed_transfer):
    settings.SAHIH_VERIFY_RATE = "3/m"
    assert _page(client, signed_transfer).status_code == 200
    assert _upload(client, signed_transfer, b"%PDF-1.4").status_code == 200
    assert client.get(reverse("decree-verify", args=["token-tak-dikenal"])).status_code == 404
    limited = _page(client, signed_transfer)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert signed_transfer.number not in limited.content.decode()
    assert _upload(client, signed_transfer, b"%PDF-1.4").status_code == 429
    assert _page(client, signed_transfer, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_a_correction_lists_no_one_because_its_text_names_no_one(client, city, make_case, signed_transfer):
    correction = issue(make_case("correction", target=signed_transfer), city.walikota)
    html = _page(client, correction).content.decode()
    assert "Budi Santoso" not in html and mask_nip(city.subject.nip) not in html
    assert signed_transfer.number in html  # its title names the decree it corrects
