"""The visible appearance of an electronic signature: a small PDF drawn with the decree's own
font, which the signer places in the signature field ("Ditandatangani secara elektronik
oleh: NAME", the office, the time), or the same as an image for BSrE to place."""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.pdfgen import canvas as pdfcanvas

from .blocks import FONT, FONT_BOLD, register_fonts

BORDER = colors.HexColor("#1f4e79")


def appearance_pdf(lines: tuple[str, ...], width: float, height: float) -> bytes:
    """One page of ``width`` x ``height`` points: a thin frame and the lines; the second line
    (the office that signs) in bold. A line too long for the field wraps onto further lines
    (a long office: "KEPALA BADAN KEPEGAWAIAN DAN ..."), up to three, and only what still
    does not fit is cut short."""
    register_fonts()
    buffer = io.BytesIO()
    page = pdfcanvas.Canvas(buffer, pagesize=(width, height), invariant=1, initialFontName=FONT)
    page.setStrokeColor(BORDER)
    page.setLineWidth(0.8)
    page.roundRect(1, 1, width - 2, height - 2, 4, stroke=1, fill=0)
    page.setFillColor(BORDER)
    page.rect(1, 1, 3, height - 2, stroke=0, fill=1)
    page.setFillColor(colors.black)
    rows = []
    for index, line in enumerate(lines):
        font, size = (FONT_BOLD, 8) if index == 1 else (FONT, 6.5)
        rows += [(font, size, part) for part in _wrap(line, font, size, width - 16)]
    total = sum(size * 1.3 for _font, size, _text in rows)
    y = (height + total) / 2 - rows[0][1]
    for font, size, text in rows:
        page.setFont(font, size)
        page.drawString(10, y, _fit(text, font, size, width - 16))
        y -= size * 1.3
    page.showPage()
    page.save()
    return buffer.getvalue()


def _wrap(text: str, font: str, size: float, width: float, most: int = 3) -> list[str]:
    """At most ``most`` lines of ``text`` that fit ``width``; any rest stays on the last."""
    from reportlab.lib.utils import simpleSplit

    parts = simpleSplit(text, font, size, width) or [""]
    return parts if len(parts) <= most else [*parts[: most - 1], " ".join(parts[most - 1 :])]


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def appearance_png(lines: tuple[str, ...], width: float, height: float, *, scale: int = 4) -> bytes:
    """The same appearance as a PNG image of ``scale`` pixels per point, transparent around the
    text: what a remote signer that draws the signer's image (BSrE's ``imageBase64``) places in
    the signature field."""
    fonts = Path(reportlab.__file__).parent / "fonts"
    size = (round(width * scale), round(height * scale))
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    border = (0x1F, 0x4E, 0x79, 255)
    draw.rounded_rectangle(
        (scale, scale, size[0] - scale, size[1] - scale), radius=4 * scale, outline=border, width=scale
    )
    draw.rectangle((scale, scale, 4 * scale, size[1] - scale), fill=border)
    sizes = [9 if index == 1 else 7 for index in range(len(lines))]
    total = sum(point * 1.3 for point in sizes)
    top = (height - total) / 2
    for index, (line, point) in enumerate(zip(lines, sizes, strict=True)):
        font = ImageFont.truetype(str(fonts / ("VeraBd.ttf" if index == 1 else "Vera.ttf")), point * scale)
        while line and draw.textlength(line, font=font) > (width - 16) * scale:
            line = line[:-2] + "…"
        draw.text((10 * scale, top * scale), line, font=font, fill=(0, 0, 0, 255))
        top += point * 1.3
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()
