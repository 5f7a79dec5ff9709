"""What every SK shares, whatever its kind (issue 11, §5): the region's own legal bases and the
gazette numbers of every citation, the pertek credited to its issuer, the state emblem (and a
placeholder that can never pass for it), the signer named once. Through the API, the signed
PDF read back."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import time_machine
from django.core.checks import run_checks
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader

from decisions.documents.texts.laws import LAWS, in_hierarchy

from .api_route import sign
from .conftest import retiring_employee
from .pdf import between, page_texts

DAY = datetime(2026, 2, 10, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
PERDA = (
    "Peraturan Daerah Kota Contoh Nomor 4 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah "
    "(Lembaran Daerah Kota Contoh Tahun 2016 Nomor 4)"
)


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    with time_machine.travel(DAY, tick=False):
        yield


def _death(city) -> tuple[dict, bytes, str]:
    """The shortest route to a signed SK: a death, verified and signed."""
    body = {
        "kind": "dismissal_death",
        "employee": city.subject.nip,
        "reason": "Meninggal dunia.",
        "data": {"date_of_death": "2026-01-18"},
    }
    return sign(city, body)


def test_every_decree_cites_the_regions_own_bases_first_and_its_perda_last(city, settings):
    """Mengingat lists the law that formed the city (UU Darurat 9/1956, Lembaran Negara 1956
    Nomor 60, Tambahan Lembaran Negara Nomor 1092, as PP 20/1987 cites it) and the Perda on the
    perangkat daerah, both settings, in the order of the hierarchy (UU 12/2011 Pasal 7): the
    oldest law first, the regional regulation last."""
    settings.SAHIH_REGION = {
        **settings.SAHIH_REGION,
        "legal_bases": [*settings.SAHIH_REGION["legal_bases"], PERDA],
    }
    _case, _pdf, text = _death(city)
    mengingat = between(text, "Mengingat :", "MEMUTUSKAN")
    items = re.split(r" \d+\. ", f" {mengingat.strip()}")[1:]
    assert items[0].startswith(
        "Undang-Undang Nomor 9 Drt. Tahun 1956 tentang Pembentukan Daerah Otonom Kota-Kota Kecil dalam Lingkungan "
        "Daerah Propinsi Sumatera Utara (Lembaran Negara Republik Indonesia Tahun 1956 Nomor 60, Tambahan "
        "Lembaran Negara Republik Indonesia Nomor 1092);"
    )
    assert items[-1] == f"{PERDA};"
    assert list(items) == [f"{citation};" for citation in in_hierarchy(item.rstrip(";") for item in items)]


def test_the_laws_of_the_ruling_hierarchy_carry_their_gazette_numbers(city):
    """Every Undang-Undang and Peraturan Pemerintah a decree cites carries its Lembaran Negara
    number (and the Tambahan where confirmed); the ministerial and agency regulations, whose
    Berita Negara numbers could not be confirmed, are cited without a number rather than with
    an invented one, and a region completes them in settings."""
    _case, _pdf, text = _death(city)
    mengingat = between(text, "Mengingat :", "MEMUTUSKAN")
    for item in re.split(r" \d+\. ", f" {mengingat.strip()}")[1:]:
        if item.startswith(("Undang-Undang", "Peraturan Pemerintah")):
            assert "(Lembaran Negara Republik Indonesia Tahun" in item, item
    assert "Tambahan Lembaran Negara Republik Indonesia Nomor 2906" in mengingat  # UU 11/1969
    assert all("Berita Negara" not in citation for citation in LAWS.values())


def test_a_region_completes_a_citation_once_for_every_decree(city, settings):
    completed = f"{LAWS['Peraturan BKN 3/2020']} (Berita Negara Republik Indonesia Tahun 2020 Nomor 999)"
    settings.SAHIH_DECREE = {**settings.SAHIH_DECREE, "citations": {"Peraturan BKN 3/2020": completed}}
    _case, _pdf, text = _death(city)
    assert f"{completed};" in between(text, "Mengingat :", "MEMUTUSKAN")


def _retire(city, pertek: dict) -> tuple[dict, bytes, str]:
    body = {
        "kind": "dismissal_retirement",
        "employee": retiring_employee(city).nip,
        "effective_date": "2026-03-01",
        "reason": "Mencapai batas usia pensiun.",
    }
    return sign(city, body, facts={"pertek": pertek})


def test_the_pertek_is_credited_to_whoever_issued_it(city):
    """The BKN technical approval (PP 11/2017 Pasal 307) is cited as issued by whoever the
    verifier recorded: here the Head of BKN himself, not the regional office."""
    pertek = {
        "pertek_number": "PH-77/BKN/2026",
        "pertek_date": "2026-01-15",
        "pertek_issuer": "Kepala Badan Kepegawaian Negara",
    }
    case, _pdf, text = _retire(city, pertek)
    assert case["data"]["pertek_issuer"] == "Kepala Badan Kepegawaian Negara"
    assert (
        "Pertimbangan Teknis Kepala Badan Kepegawaian Negara Nomor PH-77/BKN/2026 tanggal 15 Januari 2026;"
        in text
    )


def test_a_pertek_recorded_without_its_issuer_is_credited_to_the_regional_office(city):
    """For Kota Tanjungbalai the pertek comes from Kanreg VI BKN in Medan (a setting): left empty,
    that issuer is recorded with the pertek and cited."""
    case, _pdf, text = _retire(city, {"pertek_number": "PH-78/KR.VI/2026", "pertek_date": "2026-01-15"})
    assert case["data"]["pertek_issuer"] == "Kepala Kantor Regional VI Badan Kepegawaian Negara"
    assert (
        "Pertimbangan Teknis Kepala Kantor Regional VI Badan Kepegawaian Negara Nomor PH-78/KR.VI/2026 tanggal "
        "15 Januari 2026;"
    ) in text


def _deploy_check_ids() -> set[str]:
    return {
        message.id
        for message in run_checks(include_deployment_checks=True)
        if message.id.startswith("sahih.")
    }


def test_a_decree_drawn_with_the_placeholder_emblem_says_so_on_every_page_and_check_deploy_reports_it(city):
    """A kepala daerah's decree carries the Garuda Pancasila in its heading (UU 24/2009 Pasal 52
    huruf a, Pasal 54 ayat (1) huruf i). The placeholder never passes for it: it is labelled,
    every page says the document is not a valid official one, and `check --deploy` fails with
    sahih.E001."""
    _case, pdf, _text = _death(city)
    pages = page_texts(pdf)
    assert "LAMBANG PENGGANTI - BUKAN LAMBANG NEGARA" in pages[0]
    for page in pages:
        assert "Lambang Negara (Garuda Pancasila) belum dipasang pada sistem ini" in " ".join(page.split())
    assert "sahih.E001" in _deploy_check_ids()


def _garuda(path) -> None:
    """An image file standing for the configured emblem (a drawn disc: the test needs a real
    PNG, not the state emblem itself)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(200, 160, 40))
    image.save(path)


def test_a_configured_emblem_is_drawn_and_the_decree_carries_no_marking(city, settings, tmp_path):
    emblem = tmp_path / "garuda.png"
    _garuda(emblem)
    settings.SAHIH_REGION = {**settings.SAHIH_REGION, "emblem": str(emblem), "legal_bases": [PERDA]}
    _case, pdf, text = _death(city)
    assert "LAMBANG PENGGANTI" not in text and "belum dipasang" not in text
    first_page = PdfReader(io.BytesIO(pdf)).pages[0]
    images = list(first_page.images)
    assert images and ImageReader(io.BytesIO(images[0].data)).getSize() == (120, 120)
    assert "sahih.E001" not in _deploy_check_ids() and "sahih.W002" not in _deploy_check_ids()


def test_check_deploy_warns_while_the_region_cites_no_perda(settings):
    settings.SAHIH_REGION = {**settings.SAHIH_REGION, "legal_bases": settings.SAHIH_REGION["legal_bases"][:1]}
    assert "sahih.W002" in _deploy_check_ids()


def test_the_signer_is_named_once_under_the_signature(city):
    """Permendagri 1/2023 Pasal 44: the signature block names the signer under the signature;
    the electronic stamp names the office and the time, not the name again."""
    _case, pdf, _text = _death(city)
    document = pdfium.PdfDocument(pdf)
    document.init_forms()
    for page in document:
        page.flatten()
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    flattened = " ".join(" ".join(page_texts(buffer.getvalue())).split())
    assert flattened.count("AHMAD FAUZI") == 1
    assert "Ditandatangani secara elektronik oleh: WALI KOTA TANJUNGBALAI" in flattened
