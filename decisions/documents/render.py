"""Rendering a DecreeDocument to PDF with reportlab.

Deterministic: the same document gives the same bytes (reportlab's ``invariant`` mode, fixed
metadata, an embedded TrueType font from the reportlab package). Every page carries the
verification QR code, the verification address and its page number; the annex table repeats
its header on each page. The renderer also reports where the signature block landed, so the
signer can put its visible field there.

A PETIKAN (extract, ``document.extract_for``) is the same decree marked as an extract,
carrying only one person's annex row and no list of copies.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from .blocks import (
    FONT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_WIDTH,
    QR_SIZE,
    Styles,
    annex_heading,
    annex_table,
    dictums,
    draw_qr,
    emblem,
    escape,
    labelled,
    numbered_list,
    qr_modules,
    register_fonts,
    signature_block,
)
from .model import DecreeDocument

EXTRACT_MARK = "PETIKAN: Keputusan ini disampaikan kepada PNS yang bersangkutan"
EXTRACT_KEYWORD = "petikan:"
QR_FORM = "SahihVerificationQR"


def _story(document: DecreeDocument, anchors: list) -> list:
    styles = Styles()
    extract = document.extract_for is not None
    story: list = []
    if extract:
        story += [Paragraph("PETIKAN", styles.center_bold), Spacer(1, 2 * mm)]
    mark = emblem(document)
    mark.hAlign = "CENTER"
    story += [mark, Spacer(1, 2 * mm)]
    story += [Paragraph(escape(line), styles.heading) for line in document.heading]
    story.append(Spacer(1, 5 * mm))
    story += [
        Paragraph(f"KEPUTUSAN {escape(document.issuer)}", styles.center_bold),
        Paragraph(f"NOMOR {escape(document.number)}", styles.center_bold),
        Spacer(1, 2 * mm),
        Paragraph("TENTANG", styles.center_bold),
        Paragraph(escape(document.title.upper()), styles.center_bold),
        Spacer(1, 5 * mm),
        Paragraph("DENGAN RAHMAT TUHAN YANG MAHA ESA", styles.center_bold),
        Spacer(1, 2 * mm),
        Paragraph(f"{escape(document.issuer)},", styles.center_bold),
        Spacer(1, 4 * mm),
        labelled("Menimbang", list(document.considering), styles, numbering="letters"),
        Spacer(1, 2 * mm),
        labelled("Mengingat", list(document.legal_bases), styles, numbering="numbers"),
    ]
    if document.noting:
        story += [
            Spacer(1, 2 * mm),
            labelled("Memperhatikan", list(document.noting), styles, numbering="numbers"),
        ]
    story += [
        Spacer(1, 4 * mm),
        Paragraph("MEMUTUSKAN:", styles.center_bold),
        Spacer(1, 2 * mm),
        dictums(document, styles),
        Spacer(1, 6 * mm),
        # The visible signature goes where the decree is set ("Ditetapkan di ..."); the
        # annex repeats the block without it.
        signature_block(document, styles, anchors, with_anchor=True),
    ]
    if extract:
        story += [Spacer(1, 6 * mm), Paragraph(f"{EXTRACT_MARK}.", styles.left)]
    elif document.copies:
        story += [
            Spacer(1, 6 * mm),
            Paragraph("Tembusan:", styles.left),
            numbered_list(document.copies, styles),
        ]
    if document.annex_refers and document.annex:
        story += [
            PageBreak(),
            annex_heading(document, styles),
            Spacer(1, 5 * mm),
            annex_table(document, styles),
            Spacer(1, 6 * mm),
            CondPageBreak(60 * mm),
            signature_block(document, styles, anchors, with_anchor=False),
        ]
    return story


def _numbered_canvas(document: DecreeDocument):
    """A canvas that draws the QR code, the footer and 'Halaman x dari y' on every page."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._qr_defined = False

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                state.pop("_qr_defined", None)  # page states were saved before the form existed
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            if not self._qr_defined:
                self.beginForm(QR_FORM, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
                draw_qr(self, qr_modules(document.verify_url), QR_SIZE)
                self.endForm()
                self._qr_defined = True
            self.saveState()
            self.translate(MARGIN_LEFT, 6 * mm)
            self.doForm(QR_FORM)
            self.restoreState()
            self.setFont(FONT, 7)
            text_x = MARGIN_LEFT + QR_SIZE + 3 * mm
            y = 6 * mm + QR_SIZE - 3 * mm
            for line in _wrap(document.footer, 105):
                self.drawString(text_x, y, line)
                y -= 8.5
            self.drawString(text_x, y, f"Verifikasi: {document.verify_url}")
            if document.extract_for is not None:
                self.drawString(text_x, y - 8.5, "PETIKAN")
            self.drawRightString(
                PAGE_WIDTH - MARGIN_RIGHT, 6 * mm, f"Halaman {self._pageNumber} dari {total}"
            )

    return NumberedCanvas


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = (text or "").split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class RenderedDecree:
    pdf: bytes
    # (page number, x1, y1, x2, y2) of the signature field, in PDF points
    signature_box: tuple[int, float, float, float, float]


def render(document: DecreeDocument) -> RenderedDecree:
    register_fonts()
    buffer = io.BytesIO()
    anchors: list = []
    extract = document.extract_for is not None
    kind = "Petikan Keputusan" if extract else "Keputusan"
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{kind} {document.issuer.title()} Nomor {document.number}",
        author=document.issuer.title(),
        subject=document.title,
        keywords=f"{EXTRACT_KEYWORD}{document.extract_for}" if extract else "",
        creator="Sahih",
        producer="Sahih",
        invariant=1,
        # reportlab starts every page in Helvetica, referenced but not embedded; start in
        # our own embedded font instead.
        initialFontName=FONT,
    )
    template.build(_story(document, anchors), canvasmaker=_numbered_canvas(document))
    page, x1, y1, x2, y2 = anchors[0]
    return RenderedDecree(pdf=buffer.getvalue(), signature_box=(page, x1, y1, x2, y2))
