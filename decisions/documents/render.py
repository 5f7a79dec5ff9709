"""Rendering a DecreeDocument to PDF with reportlab.

Deterministic: the same document gives the same bytes (reportlab's ``invariant`` mode, fixed
metadata, an embedded TrueType font from the reportlab package). Every page carries the
verification QR code, the verification address and its page number; the annex table repeats
its header on each page. The renderer also reports where the signature field goes, so the
signer can put its visible field there.

Pages break by the rules of typeset.py: the closing diktum stays with the signature block, the
Tembusan is never split, a PETIKAN's certification stays with its closing line.

A PETIKAN (extract, ``document.extract_for``) is the same decree marked as an extract,
carrying only one person's annex row and no list of copies: the regional head's signature
reads "ttd.", and the official who certifies the extract ("Salinan sesuai dengan aslinya")
signs it; it closes by naming whom it is delivered to and why.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, SimpleDocTemplate, Spacer

from .blocks import (
    FONT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PLACEHOLDER_NOTICE,
    QR_SIZE,
    WARNING_RED,
    Styles,
    annex_heading,
    annex_particulars,
    annex_table,
    closing_diktum,
    dictums,
    draw_qr,
    emblem,
    escape,
    labelled,
    numbered_list,
    paraf_table,
    qr_modules,
    register_fonts,
    signature_block,
    uses_placeholder,
)
from .model import DecreeDocument
from .typeset import BalancedPara, Para

EXTRACT_MARK = "PETIKAN"
DRAFT_MARK = "KONSEP"
DRAFT_NOTICE = (
    "KONSEP: belum bernomor, belum bertanggal dan belum ditandatangani; bukan keputusan yang sah. "
    "Keputusan yang ditandatangani memuat teks yang sama dengan nomor, tanggal, tanda tangan dan kode QR."
)
EXTRACT_KEYWORD = "petikan:"
QR_FORM = "SahihVerificationQR"


def extract_closing(document: DecreeDocument) -> str:
    """ "PETIKAN: Keputusan ini disampaikan kepada Sdr. ..., NIP ..., untuk diketahui ..." """
    row = next((row for row in document.annex if row.number == document.extract_for), None)
    whom = f"Sdr. {row.name}, NIP {row.nip}," if row is not None else "Pegawai Negeri Sipil yang bersangkutan"
    return (
        f"PETIKAN: Keputusan ini disampaikan kepada {whom} untuk diketahui dan dipergunakan sebagaimana "
        "mestinya."
    )


def _heading(document: DecreeDocument, styles: Styles) -> list:
    story: list = []
    if document.draft:
        story += [Para(DRAFT_MARK, styles.heading), Spacer(1, 2 * mm)]
    if document.extract_for is not None:
        story += [Para(EXTRACT_MARK, styles.center_bold), Spacer(1, 2 * mm)]
    story += [*emblem(document, styles), Spacer(1, 2 * mm)]
    story += [Para(escape(line), styles.heading) for line in document.heading]
    story.append(Spacer(1, 5 * mm))
    return story + [
        Para(f"KEPUTUSAN {escape(document.issuer)}", styles.center_bold),
        Para(f"NOMOR {escape(document.number)}", styles.center_bold),
        Spacer(1, 2 * mm),
        Para("TENTANG", styles.center_bold),
        BalancedPara(escape(document.title.upper()), styles.center_bold),
        Spacer(1, 5 * mm),
        Para("DENGAN RAHMAT TUHAN YANG MAHA ESA", styles.center_bold),
        Spacer(1, 2 * mm),
        Para(f"{escape(document.issuer)},", styles.center_bold),
        Spacer(1, 4 * mm),
    ]


def _ending(document: DecreeDocument, styles: Styles, anchors: list) -> list:
    """The closing diktum and the signature, then the Tembusan or a PETIKAN's certification."""
    extract = document.extract_for is not None
    # A PETIKAN is signed by whoever certifies it; without a certifier on record (the post was
    # empty), where the decree itself was signed.
    certified = extract and document.certifier is not None
    signed = signature_block(document.signature, document, styles, anchors, with_anchor=not certified)
    closing = [closing_diktum(document, styles), Spacer(1, 6 * mm)] if document.dictums else []
    story = [KeepTogether([*closing, signed])]
    if extract:
        certification = [Spacer(1, 4 * mm)]
        if certified:
            certification.append(
                signature_block(document.certifier, document, styles, anchors, with_anchor=True, dated=False)
            )
        certification += [Spacer(1, 6 * mm), Para(escape(extract_closing(document)), styles.body)]
        story.append(KeepTogether(certification))
    elif document.copies:
        story.append(
            KeepTogether(
                [Spacer(1, 6 * mm), Para("Tembusan:", styles.left), numbered_list(document.copies, styles)]
            )
        )
    if document.draft:
        story.append(
            KeepTogether(
                [Spacer(1, 6 * mm), Para("Paraf koordinasi:", styles.left), paraf_table(document, styles)]
            )
        )
    return story


def _story(document: DecreeDocument, anchors: list) -> list:
    styles = Styles()
    story = _heading(document, styles)
    story += [
        labelled("Menimbang", list(document.considering), styles, numbering="letters"),
        Spacer(1, 2 * mm),
        labelled("Mengingat", list(document.legal_bases), styles, numbering="numbers"),
    ]
    if document.noting:
        story += [
            Spacer(1, 2 * mm),
            labelled("Memperhatikan", list(document.noting), styles, numbering="numbers"),
        ]
    story += [Spacer(1, 4 * mm), *dictums(document, styles)]
    story += _ending(document, styles, anchors)
    if document.annex_refers and document.annex:
        story.append(PageBreak())
        if document.extract_for is not None:
            story += [Para(EXTRACT_MARK, styles.center_bold), Spacer(1, 2 * mm)]
        story += [
            annex_heading(document, styles),
            Spacer(1, 5 * mm),
            annex_table(document, styles),
            Spacer(1, 4 * mm),
            *annex_particulars(document, styles),
            Spacer(1, 2 * mm),
            CondPageBreak(60 * mm),
            # The visible signature goes where the decree is set ("Ditetapkan di ..."); the
            # annex repeats the block without it.
            signature_block(document.signature, document, styles, anchors, with_anchor=False),
        ]
    return story


def _numbered_canvas(document: DecreeDocument):
    """A canvas that draws the QR code, the footer and 'Halaman x dari y' on every page (and,
    while the emblem is the placeholder, a notice that this is no valid official document)."""
    placeholder = uses_placeholder(document)

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

        def _placeholder_notice(self) -> None:
            if placeholder:
                # The placeholder must never pass for the state emblem: every page says so.
                self.saveState()
                self.setFillColor(WARNING_RED)
                self.setFont(FONT, 7)
                top = PAGE_HEIGHT - MARGIN_TOP + 4 * mm
                for offset, line in enumerate(_wrap(PLACEHOLDER_NOTICE, 120)):
                    self.drawCentredString(PAGE_WIDTH / 2, top - offset * 8.5, line)
                self.restoreState()

        def _decorate(self, total: int) -> None:
            if document.draft:
                # A konsep has no verification address yet: no QR code, and every page says
                # what it is.
                self._placeholder_notice()
                self.setFont(FONT, 7)
                y = 6 * mm + QR_SIZE - 3 * mm
                for line in _wrap(DRAFT_NOTICE, 120):
                    self.drawString(MARGIN_LEFT, y, line)
                    y -= 8.5
                self.drawRightString(
                    PAGE_WIDTH - MARGIN_RIGHT, 6 * mm, f"Halaman {self._pageNumber} dari {total}"
                )
                return
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
            self._placeholder_notice()
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
    kind = "Petikan Keputusan" if extract else "Konsep Keputusan" if document.draft else "Keputusan"
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
