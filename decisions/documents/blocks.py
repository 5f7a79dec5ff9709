"""The building blocks of a decree page: fonts, styles, the emblem, the QR code, the
labelled lists (Menimbang, Mengingat, ...), the dictums, the signature block, the annex."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import reportlab
from reportlab.graphics.shapes import Circle, Drawing, Polygon
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from .model import DecreeDocument, Dictum
from .words import indonesian_date, ordinal

# Bitstream Vera ships inside the reportlab package (pinned in requirements.txt), so every
# machine embeds the very same font file and renders the very same bytes.
FONT, FONT_BOLD = "SahihSans", "SahihSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 20 * mm, 20 * mm, 28 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
QR_SIZE = 18 * mm
SIGNATURE_WIDTH = 80 * mm
SIGNATURE_FIELD_HEIGHT = 22 * mm
# Annex columns: No, Nama/NIP, Pangkat/Gol., old post, new post, Ket. (sum = TEXT_WIDTH). The
# name column fits "NIP 19880412 201101 1 014" on one line at the cell font size.
ANNEX_WIDTHS = (8 * mm, 44 * mm, 26 * mm, 37 * mm, 36 * mm, 14 * mm)
CELL_PADDING = 3


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5, alignment=TA_JUSTIFY)
        self.body = base
        self.left = ParagraphStyle("left", parent=base, alignment=TA_LEFT)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.center_bold = ParagraphStyle("center_bold", parent=self.center, fontName=FONT_BOLD)
        self.heading = ParagraphStyle("heading", parent=self.center_bold, fontSize=13, leading=16)
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, alignment=TA_LEFT)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10, alignment=TA_LEFT)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)


class SignatureAnchor(Flowable):
    """An invisible flowable that remembers where on which page it was drawn."""

    def __init__(self, width: float, height: float, anchors: list):
        super().__init__()
        self.width, self.height, self._anchors = width, height, anchors

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self._anchors.append((self.canv.getPageNumber(), x, y, x + self.width, y + self.height))


def placeholder_emblem(size: float = 20 * mm) -> Drawing:
    """A neutral emblem (a shield with a star) for instances that configured none."""
    drawing = Drawing(size, size, initialFontName=FONT)  # see qr()
    s = size
    shield = [0.15, 0.95, 0.85, 0.95, 0.85, 0.45, 0.5, 0.05, 0.15, 0.45]
    drawing.add(
        Polygon(
            [v * s for v in shield],
            fillColor=colors.HexColor("#1f4e79"),
            strokeColor=colors.black,
            strokeWidth=0.8,
        )
    )
    drawing.add(Circle(0.5 * s, 0.58 * s, 0.2 * s, fillColor=colors.HexColor("#f2c94c"), strokeColor=None))
    points = []
    for i in range(10):
        radius = (0.15 if i % 2 == 0 else 0.06) * s
        angle = math.pi / 2 + i * math.pi / 5
        points += [0.5 * s + radius * math.cos(angle), 0.58 * s + radius * math.sin(angle)]
    drawing.add(Polygon(points, fillColor=colors.HexColor("#1f4e79"), strokeColor=None))
    return drawing


def emblem(document: DecreeDocument):
    if document.emblem and Path(document.emblem).is_file():
        return Image(document.emblem, width=20 * mm, height=20 * mm, kind="proportional")
    return placeholder_emblem()


def qr_modules(url: str) -> list[list[bool]]:
    """The dark and light modules of the QR code for ``url`` (error correction level M)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url or "-")
    code.make()
    return [[bool(module) for module in row] for row in code.modules]


def draw_qr(canvas, modules: list[list[bool]], size: float, *, border: int = 4) -> None:
    """Draw the modules as filled runs in a ``size`` square with a quiet zone of ``border``
    modules, at the canvas origin. Drawn once per document into a form (see render.py):
    encoding the code and drawing a few hundred squares on every page of a 48-page annex
    cost most of the rendering time."""
    box = size / (len(modules) + 2 * border)
    canvas.setFillColor(colors.black)
    for r, row in enumerate(modules):
        c = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                canvas.rect(
                    (c + border) * box, size - (r + border + 1) * box, count * box, box, stroke=0, fill=1
                )
            c += count


def _table(rows: list, widths: list, *, padding_bottom: float = 2) -> Table:
    # A row may break across pages (a long correction text, a long list of particulars),
    # leaving at least about two lines on each side.
    table = Table(rows, colWidths=widths, splitInRow=28)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # cells split across pages are drawn as text
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding_bottom),
            ]
        )
    )
    return table


def labelled(label: str, items: list, styles: Styles, *, numbering: str) -> Table:
    """'Menimbang : a. ...' -- a label column, a colon, and lettered or numbered items."""
    rows = []
    for index, text in enumerate(items):
        marker = f"{chr(ord('a') + index)}." if numbering == "letters" else f"{index + 1}."
        rows.append(
            [
                Paragraph(label if index == 0 else "", styles.left),
                Paragraph(":" if index == 0 else "", styles.left),
                Paragraph(marker, styles.left),
                Paragraph(escape(text), styles.body),
            ]
        )
    return _table(rows, [30 * mm, 4 * mm, 7 * mm, None])


def numbered_list(items: tuple[str, ...], styles: Styles) -> Table:
    """ "1. ...", "2. ..." with the text hanging under itself (the Tembusan)."""
    rows = [
        [Paragraph(f"{n}.", styles.left), Paragraph(escape(text), styles.left)]
        for n, text in enumerate(items, 1)
    ]
    return _table(rows, [7 * mm, None], padding_bottom=0)


def _details(details: tuple, styles: Styles) -> Table:
    """The particulars of a person inside a diktum: "Nama : ...", "NIP : ..."."""
    rows = [
        [
            Paragraph(escape(label), styles.left),
            Paragraph(":", styles.left),
            Paragraph(escape(value), styles.left),
        ]
        for label, value in details
    ]
    return _table(rows, [50 * mm, 4 * mm, None], padding_bottom=1)


def _dictum_cell(dictum: Dictum, styles: Styles) -> list:
    cell = [Paragraph(escape(dictum.text), styles.body)]
    if dictum.details:
        cell += [Spacer(1, 1 * mm), _details(dictum.details, styles), Spacer(1, 1 * mm)]
    if dictum.after:
        cell.append(Paragraph(escape(dictum.after), styles.body))
    return cell


def dictums(document: DecreeDocument, styles: Styles) -> Table:
    rows = [
        [
            Paragraph("Menetapkan", styles.left),
            Paragraph(":", styles.left),
            Paragraph(escape(document.decides), styles.body),
        ]
    ]
    for index, dictum in enumerate(document.dictums, 1):
        rows.append(
            [
                Paragraph(ordinal(index), styles.left),
                Paragraph(":", styles.left),
                _dictum_cell(dictum, styles),
            ]
        )
    return _table(rows, [30 * mm, 4 * mm, None], padding_bottom=3)


def signature_block(document: DecreeDocument, styles: Styles, anchors: list, *, with_anchor: bool):
    signature = document.signature
    lines = [
        Paragraph(f"Ditetapkan di {escape(document.place)}", styles.left),
        Paragraph(f"pada tanggal {indonesian_date(document.date)}", styles.left),
        Spacer(1, 2 * mm),
    ]
    lines += [Paragraph(escape(line), styles.left) for line in signature.lines]
    if with_anchor:
        lines.append(SignatureAnchor(SIGNATURE_WIDTH, SIGNATURE_FIELD_HEIGHT, anchors))
    else:
        lines.append(Spacer(1, SIGNATURE_FIELD_HEIGHT))
    lines.append(Paragraph(f"<b>{escape(signature.name.upper())}</b>", styles.left))
    if signature.rank:
        lines.append(Paragraph(escape(signature.rank), styles.left))
    if signature.nip:
        lines.append(Paragraph(f"NIP {escape(signature.nip)}", styles.left))
    table = Table([[Spacer(1, 1), lines]], colWidths=[None, SIGNATURE_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return KeepTogether([table])


CELL_FONT_SIZE, CELL_LEADING = 8, 10


def _lines(column: int, *parts: str) -> str:
    """A body cell as plain text broken into lines that fit its column.

    Plain-text cells are drawn line by line; a Paragraph per cell made a 500-person annex
    three times slower to render, for the same text on the page.
    """
    width = ANNEX_WIDTHS[column] - 2 * CELL_PADDING
    lines = []
    for part in parts:
        lines += simpleSplit(part, FONT, CELL_FONT_SIZE, width) or [""]
    return "\n".join(lines)


def _post(post: str, unit: str) -> tuple[str, ...]:
    if not post and not unit:
        return ("-",)
    if post and unit:
        return (f"{post},", unit)
    return (post or unit,)


def annex_table(document: DecreeDocument, styles: Styles) -> Table:
    header = ["No", "Nama / NIP", "Pangkat / Gol.", *document.annex_headers, "Ket."]
    rows = [
        [Paragraph(f"<b>{escape(text)}</b>", styles.cell_center) for text in header],
        [Paragraph(f"({n})", styles.cell_center) for n in range(1, 7)],
    ]
    chosen = [row for row in document.annex if document.extract_for in (None, row.number)]
    for row in chosen:
        rows.append(
            [
                str(row.number),
                _lines(1, row.name, f"NIP {row.nip}"),
                _lines(2, row.rank),
                _lines(3, *_post(row.old_post, row.old_unit)),
                _lines(4, *_post(row.new_post, row.new_unit)),
                _lines(5, row.note),
            ]
        )
    # Both header rows (titles and column numbers) repeat on every page of a long annex.
    table = LongTable(rows, colWidths=list(ANNEX_WIDTHS), repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
                ("ALIGN", (0, 2), (0, -1), "CENTER"),
                ("ALIGN", (5, 2), (5, -1), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e8eef5")),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def annex_heading(document: DecreeDocument, styles: Styles) -> Table:
    label = "PETIKAN LAMPIRAN" if document.extract_for is not None else "LAMPIRAN"
    rows = [
        [label, f"KEPUTUSAN {document.issuer}"],
        ["NOMOR", document.number],
        ["TANGGAL", indonesian_date(document.date).upper()],
        ["TENTANG", document.title],
    ]
    table = Table(
        [
            [Paragraph(a, styles.small), Paragraph(":", styles.small), Paragraph(escape(b), styles.small)]
            for a, b in rows
        ],
        colWidths=[33 * mm, 3 * mm, 75 * mm],
        hAlign="RIGHT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # cells split across pages are drawn as text
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table
