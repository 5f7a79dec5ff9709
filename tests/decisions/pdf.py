"""Reading rendered decrees back: the text of each page without its furniture, parts in order."""

from __future__ import annotations

import io
import re

import pdfplumber

_FOOTER = re.compile(
    r"^(Dokumen ini telah ditandatangani secara elektronik.*|dapat diperiksa melalui kode QR.*|Verifikasi: \S+"
    r"|PETIKAN|Halaman \d+ dari \d+)$"
)


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


# Above the body of every page while the instance has no state emblem (render.py).
_NOTICE = re.compile(r"^(Lambang Negara \(Garuda Pancasila\) belum dipasang.*|dinas yang sah\.)$")


def body_lines(page_text: str) -> list[str]:
    """A page's lines without what every page carries: the footer (QR text, page number) and,
    while the state emblem is not configured, the notice above the body."""
    lines = page_text.splitlines()
    while lines and _FOOTER.match(lines[-1].strip()):
        lines.pop()
    while lines and _NOTICE.match(lines[0].strip()):
        lines.pop(0)
    return lines


def body_text(pdf: bytes) -> str:
    """The whole document as one line of text: footers dropped, whitespace collapsed."""
    lines = [line for text in page_texts(pdf) for line in body_lines(text)]
    return " ".join(" ".join(lines).split())


def assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, (
            f"{part!r} not found in order; the text after the previous part reads: {text[position : position + 300]!r}"
        )
        position = found + len(part)


def between(text: str, start: str, end: str) -> str:
    """The text after the first ``start`` up to the next ``end``."""
    begin = text.index(start) + len(start)
    return text[begin : text.index(end, begin)]
