"""Typesetting rules the decree keeps on every page, whatever its kind and length.

- A paragraph breaks across pages only with at least ``MIN_LINES`` lines on each side, so no
  page starts or ends with a stray line of it (``Para``).
- Justified text never stretches a space beyond ``MAX_GAP_RATIO`` times its natural width: a
  line that would is set ragged instead (``Para``).
- A title is set in lines of even length, so its last line never holds a lone word
  (``BalancedPara``).
- A NIP never breaks: its groups are joined by no-break spaces (``unbreakable``).
- A lead-in keeps company with what it introduces: a diktum's opening (its label, its first
  sentence, the particulars of a person) stays with at least ``MIN_LINES`` lines of the text
  that follows it (``KeepHead``).

tests/decisions/test_typesetting.py checks each rule on the rendered PDF of every kind.
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

MIN_LINES = 3
MAX_GAP_RATIO = 3.0  # widest space allowed in justified text, in natural space widths
NBSP = "\u00a0"
_NIP = re.compile(r"\b(\d{8}) (\d{6}) (\d) (\d{3})\b")


def unbreakable(text: str) -> str:
    """NIPs written spaced ("19880412 201101 1 003") never break across lines."""
    return _NIP.sub(lambda m: NBSP.join(m.groups()), text)


def _gap_limit(style) -> float:
    return MAX_GAP_RATIO * stringWidth(" ", style.fontName, style.fontSize)


class Para(Paragraph):
    """A body paragraph with the decree's rules on breaking and justification."""

    def wrap(self, availWidth, availHeight):
        # Tables, KeepHead and the frame ask a paragraph for its height several times at the
        # same width; breaking its lines again each time was a fifth of a one-person SK's
        # rendering. The lines depend on the width alone (split() may drop them: then wrap).
        if getattr(self, "_wrapped_width", None) == availWidth and hasattr(self, "blPara"):
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        if self.style.alignment == TA_JUSTIFY:
            self._rag_wide_lines()
        self._wrapped_width = availWidth
        return result

    def _rag_wide_lines(self) -> None:
        """Set ragged (flush left) every justified line whose spaces would grow too wide."""
        limit = _gap_limit(self.style)
        space = stringWidth(" ", self.style.fontName, self.style.fontSize)
        lines = self.blPara.lines
        # The last line is not justified -- unless this is the first part of a paragraph broken
        # across pages, whose last line reportlab justifies (``_JustifyLast``).
        justified = len(lines) if getattr(self, "_JustifyLast", False) else len(lines) - 1
        for index, line in enumerate(lines[:justified]):
            if self.blPara.kind == 0:
                extra, words = line
                gaps = len(words) - 1 + sum(word.count(NBSP) for word in words)
                if gaps > 0 and space + extra / gaps > limit:
                    lines[index] = (0, words)
            else:
                gaps = line.wordCount - 1
                if gaps > 0 and space + line.extraSpace / gaps > limit:
                    line.extraSpace = 0

    def split(self, availWidth, availHeight):
        """Break only where both parts keep ``MIN_LINES`` lines; otherwise move on whole."""
        self.wrap(availWidth, availHeight)
        lines = len(self.blPara.lines)
        leading = self.style.leading
        fit = int((availHeight + 1e-6) // leading)
        if lines <= fit:
            return super().split(availWidth, availHeight)
        if fit < MIN_LINES or lines < 2 * MIN_LINES:
            return []
        keep = min(fit, lines - MIN_LINES)
        return super().split(availWidth, keep * leading + 1e-3)


class BalancedPara(Para):
    """A centred title set at the narrowest width that keeps its number of lines."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hAlign = "CENTER"

    def wrap(self, availWidth, availHeight):
        balanced = getattr(self, "_balanced", None)
        if balanced and balanced[0] == availWidth and self._wrapped_width == balanced[1]:
            return balanced[2]  # the search below, done already at this width
        self._balanced = None
        _width, height = super().wrap(availWidth, availHeight)
        lines = len(self.blPara.lines)
        if lines < 2:
            return availWidth, height
        low, high = availWidth * 0.3, availWidth
        for _ in range(16):
            middle = (low + high) / 2
            super().wrap(middle, availHeight)
            if len(self.blPara.lines) > lines:
                low = middle
            else:
                high = middle
        result = super().wrap(high, availHeight)
        self._balanced = (availWidth, high, result)
        return result

    def split(self, availWidth, availHeight):
        return []  # a title is never broken across pages


class KeepHead(Flowable):
    """``head`` (flowables that are never split) kept with at least ``MIN_LINES`` lines of
    ``tail`` (a Para); the rest of the tail may run on to the next page."""

    def __init__(self, head: list, tail: Para):
        super().__init__()
        self.head, self.tail = head, tail

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, 0xFFFFFF  # always split: the frame places the parts

    def split(self, availWidth, availHeight):
        parts = [*self.head, self.tail]
        heights = [part.wrap(availWidth, availHeight)[1] for part in parts]
        spacing = sum(part.getSpaceBefore() + part.getSpaceAfter() for part in parts)
        if sum(heights) + spacing <= availHeight:
            return parts
        room = availHeight - sum(heights[:-1]) - spacing
        rest = self.tail.split(availWidth, room) if room > 0 else []
        at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
        if not rest:
            # Nothing of the tail fits with the head here: start a new page (or, at the top
            # of one already, let the tail run on).
            return parts if at_top else []
        return [*self.head, *rest]

    def draw(self):  # never drawn itself: split() hands its parts to the frame
        pass
