"""Reading a rendered decree's text layout with pdfplumber, to check the typesetting rules of
decisions/documents/typeset.py on what was actually printed."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from reportlab.pdfbase.pdfmetrics import stringWidth

from decisions.documents.blocks import FONT, MARGIN_BOTTOM, MARGIN_TOP, column_starts, register_fonts
from decisions.documents.typeset import MAX_GAP_RATIO

BODY_SIZE = 10
register_fonts()
# The widest space justified body text may show: the renderer's limit, and a hair for rounding.
MAX_GAP = MAX_GAP_RATIO * stringWidth(" ", FONT, BODY_SIZE) + 0.5
COLUMNS = column_starts()
LABELS = re.compile(r"^(KE[A-Z]+( BELAS)?|Menimbang|Mengingat|Memperhatikan|Menetapkan) :")
NIP_BROKEN = re.compile(r"\b\d{8}(?: \d{6})?(?: \d)?\n\d")


@dataclass
class Line:
    text: str
    words: list  # pdfplumber words, left to right
    size: float


@dataclass
class Page:
    number: int
    lines: list[Line]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def pages(pdf: bytes) -> list[Page]:
    """Each page's body lines (the running notice above and the footer below left out), with
    their words and font size."""
    result = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            top, bottom = MARGIN_TOP - 2, page.height - MARGIN_BOTTOM + 2
            words = [
                w
                for w in page.extract_words(extra_attrs=["size"], x_tolerance=1.5, keep_blank_chars=False)
                if top <= w["top"] and w["bottom"] <= bottom
            ]
            rows: dict[int, list] = {}
            for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                rows.setdefault(round(word["top"]), []).append(word)
            lines = [
                Line(" ".join(w["text"] for w in row), row, max(w["size"] for w in row))
                for _top, row in sorted(rows.items())
            ]
            result.append(Page(number, lines))
    return result


def at_column(x: float) -> bool:
    return any(abs(x - start) <= 1.2 for start in COLUMNS)


def _body(line: Line) -> bool:
    """A line of the body text (10 pt), not of a heading or of the Lampiran's table."""
    return abs(line.size - BODY_SIZE) < 0.5


def wide_gaps(page: Page) -> list[str]:
    """Spaces wider than the limit inside justified body text (10 pt), columns aside."""
    found = []
    for line in page.lines:
        if not _body(line):
            continue
        for before, after in zip(line.words, line.words[1:], strict=False):
            gap = after["x0"] - before["x1"]
            if gap > MAX_GAP and not at_column(after["x0"]):
                found.append(
                    f"page {page.number}: {gap:.1f} pt between {before['text']!r} and {after['text']!r}"
                )
    return found


def _ends_item(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ":"))


# How a new block begins: a label, a list marker, a heading, a table header, a row's number.
NEW_ITEM = re.compile(
    r"^(KE[A-Z]+( BELAS)? :|Menimbang :|Mengingat :|Memperhatikan :|Menetapkan :|MEMUTUSKAN:|"
    r"([a-z]|\d+)\. |Tembusan:|LAMPIRAN|PETIKAN|NO NAMA|Ditetapkan di|Salinan sesuai)"
)


def _starts_item(text: str) -> bool:
    return bool(NEW_ITEM.match(text))


def rule_violations(pdf: bytes) -> list[str]:
    """Every break of the typesetting rules in a rendered decree, as sentences."""
    read = pages(pdf)
    problems: list[str] = []
    full = "\n".join(line for page in read for line in page.texts)
    if NIP_BROKEN.search(full):
        problems.append(f"a NIP breaks across lines: {NIP_BROKEN.search(full).group()!r}")
    for index, page in enumerate(read):
        texts = page.texts
        if not texts:
            problems.append(f"page {page.number} is empty")
            continue
        if index and len(texts) <= 2:
            problems.append(f"page {page.number} holds only {texts!r}")
        last = texts[-1]
        is_last_page = index == len(read) - 1
        if not is_last_page and last.rstrip().endswith(":"):
            problems.append(f"page {page.number} ends on a lead-in: {last!r}")
        if not is_last_page and LABELS.match(last) and not _ends_item(last):
            problems.append(f"page {page.number} ends on the first line of {last.split(' :')[0]}: {last!r}")
        following = read[index + 1].lines[0] if not is_last_page and read[index + 1].lines else None
        if (
            following is not None
            and _body(page.lines[-1])
            and _body(following)  # rows of the Lampiran's table (8 pt) break between rows
            and not _ends_item(last)
            and not _starts_item(following.text)
        ):
            problems += _split_paragraph(read, index)
        problems += wide_gaps(page)
    problems += _kept_together(read)
    return problems


def _split_paragraph(read: list[Page], index: int) -> list[str]:
    """A paragraph running over a page break keeps at least three lines on each side."""
    before = 0
    for text in reversed(read[index].texts):
        if before and _ends_item(text):
            break
        before += 1
        if _starts_item(text):
            break
    after = 0
    for text in read[index + 1].texts:
        after += 1
        if _ends_item(text):
            break
    if before < 3 or after < 3:
        return [f"page {read[index].number} breaks a paragraph {before} lines / {after} lines"]
    return []


def _page_of(read: list[Page], needle: str, *, last: bool = False) -> int | None:
    found = [page.number for page in read for text in page.texts if needle in text]
    return (found[-1] if last else found[0]) if found else None


def _kept_together(read: list[Page]) -> list[str]:
    problems = []
    closing = _page_of(read, "perbaikan sebagaimana mestinya.")
    signed = _page_of(read, "Ditetapkan di")
    if closing != signed:
        problems.append(f"the closing diktum (page {closing}) and the signature (page {signed}) are apart")
    copies, archive = _page_of(read, "Tembusan:"), _page_of(read, "Arsip.")
    if copies is not None and copies != archive:
        problems.append(f"the Tembusan runs from page {copies} to page {archive}")
    return problems


def title_lines(pdf: bytes) -> list[str]:
    """The lines of the title under TENTANG on the first page."""
    texts = pages(pdf)[0].texts
    start = texts.index("TENTANG") + 1
    end = texts.index("DENGAN RAHMAT TUHAN YANG MAHA ESA")
    return texts[start:end]
