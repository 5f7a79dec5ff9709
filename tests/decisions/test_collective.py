"""Collective SKs: the Lampiran (active people only, header repeated on every page, columns
that fit), and each person's PETIKAN carrying only their own row."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date

import pytest
from django.http import Http404

from decisions.decrees import decree_extract
from decisions.documents.blocks import ANNEX_WIDTHS, TEXT_WIDTH
from decisions.documents.compose import compose, signature_for
from decisions.documents.model import AnnexRow, DecreeDocument
from decisions.documents.render import render
from decisions.models import CaseItem
from decisions.signing import check_signature
from decisions.verification import check_file

from .conftest import issue
from .pdf import assert_in_order, body_lines, body_text, page_texts

# The header cells wrap, so the two title rows read back interleaved by line.
# Column headers are in capitals, like every heading of the decree.
HEADER = "NO NAMA / NIP PANGKAT / JABATAN DAN UNIT JABATAN DAN UNIT KET. GOL. KERJA LAMA KERJA BARU"
COLUMNS = "(1) (2) (3) (4) (5) (6)"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _compose(case) -> DecreeDocument:
    return compose(
        case=case,
        number="800.1.3.3/0007/BKPSDM/2026",
        decree_date=date(2026, 2, 16),
        signature=signature_for({"basis": "elected", "name": "Ahmad Fauzi"}),
        verify_url="https://sahih.example.go.id/v/kolektif/",
    )


def test_collective_transfer_lists_the_active_people_in_the_annex_and_not_the_dropped_one(city, make_case):
    case = make_case("transfer", people=3)
    CaseItem.objects.filter(case=case, position_in_case=2).update(status="dropped", drop_reason="batal")
    text = body_text(render(_compose(case)).pdf)
    assert_in_order(
        text,
        [
            "KESATU : Memindahkan Pegawai Negeri Sipil yang namanya tercantum dalam kolom 2 Lampiran Keputusan ini",
            "Tembusan:",
            "LAMPIRAN : KEPUTUSAN WALI KOTA TANJUNGBALAI NOMOR : 800.1.3.3/0007/BKPSDM/2026",
            "TANGGAL : 16 Februari 2026",
            HEADER,
            COLUMNS,
            "1 Budi Santoso, S.E.",
            f"NIP {city.subject.nip_display}",
            "2 Pegawai Rotasi 2",
            "Ditetapkan di Tanjungbalai",
            "WALI KOTA TANJUNGBALAI,",
            "AHMAD FAUZI",
        ],
    )
    assert "Pegawai Rotasi 1" not in text


def _long_annex_document(city, make_case, rows: int) -> DecreeDocument:
    document = _compose(make_case("transfer", people=2))
    annex = tuple(
        AnnexRow(
            number=n,
            name=f"Pegawai Lampiran {n:02d}, S.Sos.",
            nip=f"19850412 201001 1 {n:03d}",
            rank="Penata Muda Tingkat I, III/b",
            old_post="Pengadministrasi Perkantoran",
            old_unit="Bagian Umum, Dinas Perhubungan",
            new_post="Penata Layanan Operasional",
            new_unit="Badan Pengelolaan Keuangan dan Aset Daerah",
            note="Rotasi",
            item=n,
        )
        for n in range(1, rows + 1)
    )
    return dataclasses.replace(document, annex=annex)


def test_a_long_annex_repeats_both_header_rows_on_every_page(city, make_case):
    pdf = render(_long_annex_document(city, make_case, 65)).pdf
    pages = [_flat(text) for text in page_texts(pdf)]
    annex_pages = [page for page in pages if "Pegawai Lampiran" in page]
    assert len(annex_pages) >= 3
    for page in annex_pages:
        assert HEADER in page and COLUMNS in page
    text = " ".join(annex_pages)
    for n in range(1, 66):
        assert len(re.findall(rf"\b{n} Pegawai Lampiran {n:02d}, S\.Sos\.", text)) == 1
        # The NIP stays on one line: the name column is wide enough for it.
        assert f"NIP 19850412 201001 1 {n:03d}" in text


def test_annex_columns_fill_the_text_width_and_keep_short_headers_whole(city, make_case):
    assert sum(ANNEX_WIDTHS) == pytest.approx(TEXT_WIDTH)
    pdf = render(_long_annex_document(city, make_case, 3)).pdf
    annex_page = _flat(page_texts(pdf)[-1])
    assert "KET." in annex_page and "(6)" in annex_page
    assert "1 Pegawai Lampiran 01, S.Sos." in annex_page


@pytest.fixture
def collective_decree(city, make_case):
    return issue(make_case("transfer", people=3), city.walikota)


def test_a_petikan_carries_the_decree_but_only_its_persons_row(city, collective_decree):
    pdf = decree_extract(decree=collective_decree, item_number=2)
    text = body_text(pdf)
    assert_in_order(
        text,
        [
            "PETIKAN",
            "KEPUTUSAN WALI KOTA TANJUNGBALAI",
            f"NOMOR {collective_decree.number}",
            "Menimbang",
            "KESATU : Memindahkan Pegawai Negeri Sipil yang namanya tercantum dalam kolom 2 Lampiran",
            "Ditetapkan di Tanjungbalai",
            "AHMAD FAUZI",
            "Salinan sesuai dengan aslinya",
            "KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA KOTA TANJUNGBALAI,",
            "PETIKAN: Keputusan ini disampaikan kepada Sdr. Pegawai Rotasi 1, NIP",
            "untuk diketahui dan dipergunakan sebagaimana mestinya.",
            "PETIKAN",
            "LAMPIRAN : KEPUTUSAN WALI KOTA TANJUNGBALAI",
            HEADER,
            "2 Pegawai Rotasi 1",
        ],
    )
    # The annex page carries the PETIKAN mark above the normal LAMPIRAN heading.
    annex_page = body_lines(page_texts(pdf)[-1])
    assert annex_page[0] == "PETIKAN" and annex_page[1].startswith("LAMPIRAN : KEPUTUSAN WALI KOTA")
    assert "Budi Santoso" not in text and "Pegawai Rotasi 2" not in text
    assert "Tembusan:" not in text
    verify_url = collective_decree.content["verify_url"]
    assert all(f"Verifikasi: {verify_url}" in page for page in page_texts(pdf))
    signature = check_signature(pdf)
    assert signature.signed and signature.intact and signature.trusted


def test_a_petikan_is_recognised_as_genuine_and_a_changed_one_is_not(collective_decree):
    pdf = decree_extract(decree=collective_decree, item_number=3)
    check = check_file(pdf, decree=collective_decree)
    assert check.genuine and check.extract_item == 3 and check.status == "valid"
    assert hashlib.sha256(pdf).hexdigest() != collective_decree.sha256
    changed = pdf.replace(b"/Producer (Sahih)", b"/Producer (Sahik)", 1)
    assert changed != pdf
    assert not check_file(changed, decree=collective_decree).genuine


def test_there_is_no_petikan_for_a_dropped_person_or_an_individual_decree(city, make_case, signed_transfer):
    case = make_case("transfer", people=3)
    CaseItem.objects.filter(case=case, position_in_case=3).update(status="dropped", drop_reason="batal")
    decree = issue(case, city.walikota)
    with pytest.raises(Http404):
        decree_extract(decree=decree, item_number=3)
    with pytest.raises(Http404):
        decree_extract(decree=signed_transfer, item_number=1)


def test_the_petikan_download_is_for_users_who_may_see_the_case(client, city, collective_decree):
    url = f"/cases/{collective_decree.case_id}/decree/extract/1.pdf"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(city.outsider)
    assert client.get(url).status_code == 404
    client.force_login(city.agency_clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="petikan-800.1.3.3-0')
    assert "Budi Santoso" in body_text(response.content)
    assert client.get(f"/cases/{collective_decree.case_id}/decree/extract/9.pdf").status_code == 404
