"""The typesetting rules, checked on the text layout (pdfplumber) of every kind of SK -- one
person and several, short names and very long ones, a Lampiran over many pages, a PETIKAN:

- a diktum's label stays with its first lines, and a lead-in ("... sebagai berikut:", "...
  di bawah ini:", "Tembusan:") with what it introduces;
- the signature block stays with the last diktum, and the Tembusan is never split;
- a NIP never breaks; no page holds only a tail of two lines or fewer; a paragraph broken over
  pages keeps three lines on each side;
- titles are set in balanced lines; justified text shows no space wider than the limit.

(Permendagri 1/2023 on tata naskah dinas asks for a legible, orderly document; these rules are
the house's reading of it, decisions/documents/typeset.py.)
"""

from __future__ import annotations

from datetime import date

import pytest

from decisions.decrees import extract_document
from decisions.documents.compose import compose, signature_for
from decisions.documents.render import render
from decisions.kinds import SPECS
from decisions.models import CaseItem

from .conftest import KINDS, issue
from .layout import rule_violations, title_lines
from .pdf import body_text

LONG_NAME = "Prof. Dr. Ir. Hj. Siti Rahmawati Nurhayati Nasution Harahap Pardede, S.E., M.Si., M.A.P., M.Kom."
LONG_POST = "Penelaah Teknis Kebijakan Pengelolaan Informasi Publik, Persandian, dan Statistik Sektoral"
LONG_UNIT = "Bidang Persandian dan Statistik Sektoral"
LONG_OPD = "Dinas Komunikasi, Informatika, Persandian, dan Statistik Daerah"
SIGNER = {"basis": "delegated", "office": "personnel_agency", "office_title": "Kepala BKPSDM"}
# The kinds one case may carry several people for, listed in the Lampiran.
COLLECTIVE = tuple(kind for kind in KINDS if SPECS[kind].collective)


def _lengthen(case) -> None:
    """Give every person of the case a very long name, post and unit (as frozen in the case)."""
    for item in CaseItem.objects.filter(case=case):
        snapshot = dict(item.snapshot)
        snapshot["full_name"] = LONG_NAME
        for side in ("from", "to"):
            if snapshot.get(side):
                snapshot[side] = {**snapshot[side], "name": LONG_POST, "unit": LONG_UNIT, "opd": LONG_OPD}
        item.snapshot = snapshot
        item.save(update_fields=["snapshot"])


def _render(city, case, *, delegated: bool = False) -> bytes:
    signer = signature_for(SIGNER, signer_employee=city.agency_head.employee) if delegated else None
    document = compose(
        case=case,
        number="800.1.3.3/0412/BKPSDM/2026",
        decree_date=date(2026, 2, 16),
        signature=signer or signature_for({"basis": "elected", "name": "Ahmad Fauzi"}),
        verify_url="https://sahih.example.go.id/v/tata-letak/",
    )
    return render(document).pdf


@pytest.mark.parametrize("long", [False, True], ids=["usual", "long-names"])
@pytest.mark.parametrize("kind", KINDS)
def test_one_persons_decree_of_every_kind_keeps_the_typesetting_rules(city, make_case, kind, long):
    case = make_case(kind)
    if long:
        _lengthen(case)
    pdf = _render(city, case, delegated=long)
    assert rule_violations(pdf) == []
    if long and kind not in ("correction", "revocation"):
        assert LONG_NAME in body_text(pdf)


@pytest.mark.parametrize("people", [3, 14])
@pytest.mark.parametrize("kind", COLLECTIVE)
def test_a_collective_decree_of_every_kind_keeps_the_typesetting_rules(city, make_case, kind, people):
    case = make_case(kind, people=people)
    _lengthen(case)
    pdf = _render(city, case)
    assert rule_violations(pdf) == []
    text = body_text(pdf)
    # The Lampiran heading: the date as written everywhere else, the column headers in capitals.
    assert "TANGGAL : 16 Februari 2026" in text
    assert "NO NAMA / NIP PANGKAT /" in text


def test_a_long_correction_keeps_its_lead_in_with_the_text_it_introduces(city, make_case):
    """The ralat's "… sebagai berikut:" and the corrected text stay together, whatever its length."""
    paragraph = "Pada Lampiran nomor urut {n}, kolom (5): tertulis “Penata”, seharusnya “Penata Layanan Operasional”. "
    for rows in (3, 25, 119):
        case = make_case(
            "correction", data={"correction": "".join(paragraph.format(n=n) for n in range(1, rows))}
        )
        assert rule_violations(_render(city, case)) == [], rows


def test_a_petikan_keeps_the_typesetting_rules(city, make_case):
    decree = issue(make_case("dismissal_retirement", people=3), city.walikota)
    document = extract_document(decree, 2)
    assert rule_violations(render(document).pdf) == []


@pytest.mark.parametrize("kind", ["dismissal_death", "dismissal_retirement", "appointment_functional"])
def test_titles_are_set_in_balanced_lines(city, make_case, kind):
    """ "… YANG MENINGGAL / DUNIA" was a fault: no title ends with a lone word."""
    lines = title_lines(_render(city, make_case(kind)))
    assert len(lines) >= 2
    assert len(lines[-1].split()) >= 2
    assert len(lines[-1]) >= 0.5 * max(len(line) for line in lines)


def _badly_set(pages: list[list[str]]) -> bytes:
    """A PDF with the given body lines on each page, set without any of the rules."""
    import io

    from reportlab.pdfgen import canvas as pdfcanvas

    from decisions.documents.blocks import FONT, MARGIN_LEFT, MARGIN_TOP, PAGE_HEIGHT, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    page = pdfcanvas.Canvas(buffer, invariant=1)
    for lines in pages:
        page.setFont(FONT, 10)
        for n, line in enumerate(lines):
            page.drawString(MARGIN_LEFT + 6, PAGE_HEIGHT - MARGIN_TOP - 12 - n * 13.5, line)
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_the_checks_fail_on_the_faults_they_exist_for():
    """A page holding "9. Arsip." alone, a Tembusan split after its heading, a NIP broken over two
    lines, a diktum's label left at the foot of a page, a stretched space: each is reported, so
    a clean run of the tests above means something."""
    body = [f"bahwa kalimat pengisi halaman nomor {n} berakhir di sini;" for n in range(40)]
    pdf = _badly_set(
        [
            [*body, "KESATU : Memindahkan Pegawai Negeri Sipil sebagaimana tersebut di bawah"],
            ["ini:", "Nama : Budi Santoso", "NIP : 20010703", "202405 1 001", "Tembusan:"],
            [
                "1. Gubernur Sumatera Utara di Medan;",
                "2. Inspektur Kota Tanjungbalai;",
                "3. Pegawai yang bersangkutan;",
            ],
            ["9. Arsip."],
        ]
    )
    problems = " | ".join(rule_violations(pdf))
    assert "ends on the first line of KESATU" in problems
    assert "a NIP breaks across lines" in problems
    assert "page 2 ends on a lead-in: 'Tembusan:'" in problems
    assert "page 4 holds only ['9. Arsip.']" in problems
    assert "the Tembusan runs from page 2 to page 4" in problems
    from .layout import Line, Page, wide_gaps

    word = {"size": 10}
    stretched = Page(
        1,
        [
            Line(
                "Persetujuan tertulis",
                [
                    {**word, "text": "Persetujuan", "x0": 300, "x1": 350},
                    {**word, "text": "tertulis", "x0": 380, "x1": 410},
                ],
                10,
            )
        ],
    )
    assert wide_gaps(stretched)
