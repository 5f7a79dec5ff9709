"""The building blocks of a decree page: fonts, styles, the emblem, the QR code, the
labelled lists (Menimbang, Mengingat, ...), the dictums, the signature block, the annex.

The rules on how text breaks across lines and pages are in typeset.py; every body paragraph
here is one of its ``Para``."""

from __future__ import annotations

import bisect
import functools
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
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from .model import DecreeDocument, Dictum
from .typeset import MIN_LINES, KeepHead, Para, unbreakable  # noqa: F401 (MIN_LINES: ROW_SPLIT)
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
FRAME_PADDING = 6  # reportlab's frame keeps this much inside the margins on every side
# Columns of the labelled lists and the dictums: label, colon, marker, text.
LABEL_WIDTH, COLON_WIDTH, MARKER_WIDTH = 30 * mm, 4 * mm, 7 * mm
DETAIL_LABEL_WIDTH = 50 * mm
ANNEX_HEADING_WIDTHS = (33 * mm, 3 * mm, 75 * mm)
BODY_LEADING = 13.5
# A row of a list may break across pages only with this much of it on each side (3 lines).
ROW_SPLIT = MIN_LINES * BODY_LEADING + 3
# The placeholder emblem says what it is, in red, on every decree that carries it.
PLACEHOLDER_LABEL = "LAMBANG PENGGANTI - BUKAN LAMBANG NEGARA"
PLACEHOLDER_NOTICE = (
    "Lambang Negara (Garuda Pancasila) belum dipasang pada sistem ini: dokumen ini tidak dapat "
    "dipergunakan sebagai naskah dinas yang sah."
)
WARNING_RED = colors.HexColor("#c00000")


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def escape(text: str) -> str:
    """Text as a paragraph's markup: XML-escaped, NIPs held on one line."""
    return unbreakable(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def column_starts() -> tuple[float, ...]:
    """Where on the page a column of text begins (points from the left edge): between two
    words on a line, a gap that ends at one of these is a column, not a stretched space."""
    left = MARGIN_LEFT + FRAME_PADDING
    width = TEXT_WIDTH - 2 * FRAME_PADDING
    signature = left + width - SIGNATURE_WIDTH
    # The annex table is as wide as the text between the margins, centred over the frame.
    annex = [MARGIN_LEFT + sum(ANNEX_WIDTHS[:i]) + CELL_PADDING for i in range(len(ANNEX_WIDTHS))]
    heading = left + width - sum(ANNEX_HEADING_WIDTHS)
    details = left + LABEL_WIDTH + COLON_WIDTH
    starts = {
        left,
        left + LABEL_WIDTH,
        left + LABEL_WIDTH + COLON_WIDTH,
        left + LABEL_WIDTH + COLON_WIDTH + MARKER_WIDTH,
        left + MARKER_WIDTH,
        details + DETAIL_LABEL_WIDTH,
        details + DETAIL_LABEL_WIDTH + COLON_WIDTH,
        left + DETAIL_LABEL_WIDTH,  # the particulars under the Lampiran's table
        left + DETAIL_LABEL_WIDTH + COLON_WIDTH,
        signature,
        heading,
        heading + ANNEX_HEADING_WIDTHS[0],
        heading + ANNEX_HEADING_WIDTHS[0] + ANNEX_HEADING_WIDTHS[1],
        *annex,
    }
    return tuple(sorted(starts))


class Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=BODY_LEADING, alignment=TA_JUSTIFY)
        self.body = base
        self.left = ParagraphStyle("left", parent=base, alignment=TA_LEFT)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.center_bold = ParagraphStyle("center_bold", parent=self.center, fontName=FONT_BOLD)
        self.heading = ParagraphStyle("heading", parent=self.center_bold, fontSize=13, leading=16)
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, alignment=TA_LEFT)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10, alignment=TA_LEFT)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.warning = ParagraphStyle(
            "warning", parent=self.center_bold, fontSize=7, leading=9, textColor=WARNING_RED
        )
        # Text that follows a diktum's particulars, aligned with the diktum's own text.
        self.continued = ParagraphStyle("continued", parent=base, leftIndent=LABEL_WIDTH + COLON_WIDTH)


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


def uses_placeholder(document: DecreeDocument) -> bool:
    """Whether the decree is drawn without the configured state emblem."""
    return not (document.emblem and Path(document.emblem).is_file())


def emblem(document: DecreeDocument, styles: Styles) -> list:
    """The state emblem of the heading; the placeholder carries a red label saying it is not."""
    if not uses_placeholder(document):
        image = Image(document.emblem, width=20 * mm, height=20 * mm, kind="proportional")
        image.hAlign = "CENTER"
        return [image]
    mark = placeholder_emblem()
    mark.hAlign = "CENTER"
    return [mark, Spacer(1, 1 * mm), Para(PLACEHOLDER_LABEL, styles.warning)]


@functools.lru_cache(maxsize=64)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The dark and light modules of the QR code for ``url`` (error correction level M).

    Kept for the last few addresses: choosing the best of eight masks costs a few
    milliseconds, and one decree is rendered again for each of its PETIKANs, all with the
    same address."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url or "-")
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def draw_qr(canvas, modules, size: float, *, border: int = 4) -> None:
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


def _table(rows: list, widths: list, *, padding_bottom: float = 2, split_rows: bool = True) -> Table:
    # A row may break across pages (a long list of laws) only with at least three lines on
    # each side; a table that must not break (a diktum's head) is moved on whole.
    table = Table(rows, colWidths=widths, splitInRow=ROW_SPLIT if split_rows else 0)
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
                Para(label if index == 0 else "", styles.left),
                Para(":" if index == 0 else "", styles.left),
                Para(marker, styles.left),
                Para(escape(text), styles.body),
            ]
        )
    return _table(rows, [LABEL_WIDTH, COLON_WIDTH, MARKER_WIDTH, None])


def numbered_list(items: tuple[str, ...], styles: Styles) -> Table:
    """ "1. ...", "2. ..." with the text hanging under itself (the Tembusan)."""
    rows = [[Para(f"{n}.", styles.left), Para(escape(text), styles.left)] for n, text in enumerate(items, 1)]
    return _table(rows, [MARKER_WIDTH, None], padding_bottom=0)


def details(rows: tuple, styles: Styles) -> Table:
    """The particulars of a person inside a diktum: "Nama : ...", "NIP : ..."."""
    cells = [
        [Para(escape(label), styles.left), Para(":", styles.left), Para(escape(value), styles.left)]
        for label, value in rows
    ]
    return _table(cells, [DETAIL_LABEL_WIDTH, COLON_WIDTH, None], padding_bottom=1, split_rows=False)


def _row(label: str, content: list, styles: Styles) -> Table:
    """ "KESATU : ..." -- one labelled row that is never split."""
    row = [Para(label, styles.left), Para(":", styles.left), content]
    return _table([row], [LABEL_WIDTH, COLON_WIDTH, None], padding_bottom=3, split_rows=False)


def diktum(label: str, dictum: Dictum, styles: Styles):
    """One diktum, its label and opening kept together with its particulars and with at least
    three lines of the sentence that follows them."""
    content = [Para(escape(dictum.text), styles.body)]
    if dictum.details:
        content += [Spacer(1, 1 * mm), details(dictum.details, styles), Spacer(1, 1 * mm)]
    head = _row(label, content, styles)
    if not dictum.after:
        return head
    tail = Para(escape(dictum.after), styles.continued)
    tail.spaceAfter = 3
    return KeepHead([head], tail)


def dictums(document: DecreeDocument, styles: Styles) -> list:
    """MEMUTUSKAN, Menetapkan and every diktum but the closing one (which stays with the
    signature, see render.py)."""
    decides = _row("Menetapkan", [Para(escape(document.decides), styles.body)], styles)
    flowables = [KeepTogether([Para("MEMUTUSKAN:", styles.center_bold), Spacer(1, 2 * mm), decides])]
    for index, dictum in enumerate(document.dictums[:-1], 1):
        flowables.append(diktum(ordinal(index), dictum, styles))
    return flowables


def closing_diktum(document: DecreeDocument, styles: Styles):
    return diktum(ordinal(len(document.dictums)), document.dictums[-1], styles)


def signature_block(
    signature,
    document: DecreeDocument,
    styles: Styles,
    anchors: list,
    *,
    with_anchor: bool,
    dated: bool = True,
):
    """ "Ditetapkan di ... / pada tanggal ...", the title lines, the signature field, the name
    (and rank and NIP where the rules want them). ``with_anchor`` places the field whose
    position the signer needs; without it the space says "ttd." when the decree was signed
    elsewhere (a PETIKAN)."""
    lines = []
    if dated:
        lines += [
            Para(f"Ditetapkan di {escape(document.place)}", styles.left),
            Para(
                f"pada tanggal {DRAFT_BLANK if document.draft else indonesian_date(document.date)}",
                styles.left,
            ),
            Spacer(1, 2 * mm),
        ]
    lines += [Para(escape(line), styles.left) for line in signature.lines]
    if with_anchor:
        lines.append(SignatureAnchor(SIGNATURE_WIDTH, SIGNATURE_FIELD_HEIGHT, anchors))
    elif document.extract_for is not None and dated:
        lines += [Spacer(1, 4 * mm), Para("ttd.", styles.left), Spacer(1, 4 * mm)]
    else:
        lines.append(Spacer(1, SIGNATURE_FIELD_HEIGHT))
    lines.append(Para(f"<b>{escape(signature.name.upper())}</b>", styles.left))
    if signature.rank:
        lines.append(Para(escape(signature.rank), styles.left))
    if signature.nip:
        lines.append(Para(f"NIP {escape(signature.nip)}", styles.left))
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
    return table


CELL_FONT_SIZE, CELL_LEADING = 8, 10
# What a konsep prints where the number and the date will go.
DRAFT_BLANK = "...................."


def paraf_table(document: DecreeDocument, styles: Styles) -> Table:
    """The konsep's paraf koordinasi: one row per official who approved, in route order."""
    rows = [["No.", "Nama dan Jabatan", "Tanggal", "Paraf"]]
    for number, paraf in enumerate(document.parafs, 1):
        initials = "".join(word[0] for word in paraf.name.replace(",", " ").split() if word[:1].isupper())[:3]
        rows.append(
            [
                str(number),
                Para(f"{escape(paraf.name)}<br/>{escape(paraf.position)}", styles.small),
                paraf.date.strftime("%d-%m-%Y"),
                initials,
            ]
        )
    if len(rows) == 1:
        rows.append(["-", Para("Belum ada paraf.", styles.small), "-", "-"])
    table = Table(rows, colWidths=[10 * mm, 95 * mm, 25 * mm, 20 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _lines(column: int, *parts: str) -> tuple[str, ...]:
    """A body cell as plain text broken into lines that fit its column.

    Plain-text cells are drawn line by line; a Paragraph per cell made a 500-person annex
    three times slower to render, for the same text on the page.
    """
    width = ANNEX_WIDTHS[column] - 2 * CELL_PADDING
    lines = []
    for part in parts:
        lines += simpleSplit(part, FONT, CELL_FONT_SIZE, width) or [""]
    return tuple(lines)


def _post(post: str, unit: str) -> tuple[str, ...]:
    if not post and not unit:
        return ("-",)
    if post and unit:
        return (f"{post},", unit)
    return (post or unit,)


def annex_rows(document: DecreeDocument) -> list:
    """The annex rows a document prints: all of them, or a PETIKAN's own."""
    return [row for row in document.annex if document.extract_for in (None, row.number)]


ANNEX_HEADER_FORM = "SahihAnnexHeader"
ANNEX_TOP_PADDING, ANNEX_BOTTOM_PADDING = 2, 3
ANNEX_GRID = 0.5
# Columns whose body cells are centred: the number and the note.
ANNEX_CENTRED = (0, 5)


class AnnexTable(Flowable):
    """The Lampiran's table: its two header rows (titles and column numbers) at the top of
    every page, then as many whole rows as fit.

    Drawn straight onto the canvas rather than as a reportlab Table: a 500-person annex is
    some 3,000 cells, and a Table draws each line of each cell as a text object of its own
    and lays the rows out again at every page it splits. Here every row's lines and height
    are known once, a page's part is found by bisection, its body is one text object and
    its grid a handful of lines, and the header (Paragraphs, laid out once) is drawn once
    into a form that every page places. The geometry is the Table's: the same paddings,
    leading and grid, so rows break across pages exactly where they did.
    """

    def __init__(self, header: Table, rows: list, heights: list, tops: list, start: int = 0, end=None):
        super().__init__()
        self.header, self.rows, self.heights, self.tops = header, rows, heights, tops
        self.start, self.end = start, len(rows) if end is None else end
        self.hAlign = "CENTER"
        self.width = sum(ANNEX_WIDTHS)
        self.header_height = header.wrap(self.width, PAGE_HEIGHT)[1]

    @classmethod
    def of(cls, header: Table, rows: list) -> AnnexTable:
        """``rows``: per row, its six cells as tuples of lines."""
        heights = [
            max(len(cell) for cell in row) * CELL_LEADING + ANNEX_TOP_PADDING + ANNEX_BOTTOM_PADDING
            for row in rows
        ]
        return cls(header, rows, heights, [0, *itertools.accumulate(heights)])

    def _body_height(self) -> float:
        return self.tops[self.end] - self.tops[self.start]

    def wrap(self, available_width, available_height):
        self.height = self.header_height + self._body_height()
        return self.width, self.height

    def split(self, available_width, available_height):
        room = available_height - self.header_height
        # The last row whose bottom still fits on this page (rows never break).
        fits = (
            bisect.bisect_right(self.tops, self.tops[self.start] + room + 1e-6, self.start, self.end + 1) - 1
        )
        # The frame splits only what it found too tall: should rounding say all rows fit,
        # leave the last for the next page rather than hand the frame the whole table again.
        fits = min(fits, self.end - 1)
        if fits <= self.start:
            return []
        return [
            AnnexTable(self.header, self.rows, self.heights, self.tops, self.start, fits),
            AnnexTable(self.header, self.rows, self.heights, self.tops, fits, self.end),
        ]

    def draw(self):
        canvas = self.canv
        body = self._body_height()
        if not canvas.hasForm(ANNEX_HEADER_FORM):
            canvas.beginForm(ANNEX_HEADER_FORM, upperx=self.width, uppery=self.header_height)
            self.header.drawOn(canvas, 0, 0)
            canvas.endForm()
        canvas.saveState()
        canvas.translate(0, body)
        canvas.doForm(ANNEX_HEADER_FORM)
        canvas.restoreState()
        lefts = [0, *itertools.accumulate(ANNEX_WIDTHS)]
        text = canvas.beginText()
        text.setFont(FONT, CELL_FONT_SIZE, CELL_LEADING)
        rows = [body - (top - self.tops[self.start]) for top in self.tops[self.start : self.end + 1]]
        for row, top in zip(self.rows[self.start : self.end], rows, strict=False):
            baseline = top - ANNEX_TOP_PADDING - CELL_FONT_SIZE
            for column, lines in enumerate(row):
                if not lines:
                    continue
                if column in ANNEX_CENTRED:
                    middle = lefts[column] + ANNEX_WIDTHS[column] / 2
                    for offset, line in enumerate(lines):
                        width = pdfmetrics.stringWidth(line, FONT, CELL_FONT_SIZE)
                        text.setTextOrigin(middle - width / 2, baseline - offset * CELL_LEADING)
                        text.textOut(line)
                else:
                    text.setTextOrigin(lefts[column] + CELL_PADDING, baseline)
                    text.textLines(lines)
        canvas.drawText(text)
        canvas.setLineWidth(ANNEX_GRID)
        canvas.setStrokeColor(colors.black)
        canvas.lines([(0, y, self.width, y) for y in rows] + [(x, 0, x, body) for x in lefts])


def annex_header(document: DecreeDocument, styles: Styles) -> Table:
    """The annex's two header rows: the column titles, in capitals like every heading of the
    decree, and the column numbers."""
    header = ["No", "Nama / NIP", "Pangkat / Gol.", *document.annex_headers, "Ket."]
    rows = [
        [Para(f"<b>{escape(text.upper())}</b>", styles.cell_center) for text in header],
        [Para(f"({n})", styles.cell_center) for n in range(1, 7)],
    ]
    table = Table(rows, colWidths=list(ANNEX_WIDTHS))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
                ("GRID", (0, 0), (-1, -1), ANNEX_GRID, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e8eef5")),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), ANNEX_TOP_PADDING),
                ("BOTTOMPADDING", (0, 0), (-1, -1), ANNEX_BOTTOM_PADDING),
            ]
        )
    )
    return table


def annex_cells(document: DecreeDocument) -> list:
    """Every annex row as its six cells, each a tuple of lines that fit its column."""
    return [
        (
            (str(row.number),),
            _lines(1, row.name, f"NIP {row.nip}"),
            _lines(2, row.rank),
            _lines(3, *_post(row.old_post, row.old_unit)),
            _lines(4, *_post(row.new_post, row.new_unit)),
            _lines(5, row.note),
        )
        for row in annex_rows(document)
    ]


def annex_table(document: DecreeDocument, styles: Styles) -> AnnexTable:
    return AnnexTable.of(annex_header(document, styles), annex_cells(document))


def annex_particulars(document: DecreeDocument, styles: Styles) -> list:
    """What the Lampiran says of each person beyond the table (a retirement's pension and the
    family entitled), person by person; each kept whole on a page."""
    flowables = []
    for row in annex_rows(document):
        if not row.particulars:
            continue
        title = Para(f"{row.number}. {escape(row.name)}, NIP {escape(row.nip)}", styles.left)
        flowables.append(KeepTogether([title, details(row.particulars, styles), Spacer(1, 3 * mm)]))
    return flowables


def annex_heading(document: DecreeDocument, styles: Styles) -> Table:
    """ "LAMPIRAN : KEPUTUSAN ... / NOMOR : ... / TANGGAL : 3 Desember 2026 / TENTANG : ..." --
    the same in a PETIKAN, whose mark stands above it (render.py)."""
    rows = [
        ["LAMPIRAN", f"KEPUTUSAN {document.issuer}"],
        ["NOMOR", document.number],
        ["TANGGAL", indonesian_date(document.date)],
        ["TENTANG", document.title],
    ]
    table = Table(
        [[Para(a, styles.small), Para(":", styles.small), Para(escape(b), styles.small)] for a, b in rows],
        colWidths=list(ANNEX_HEADING_WIDTHS),
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
