"""Bar charts as inline SVG, drawn on the server: no script, no CDN, readable without colour.

One kind of chart is enough for the dashboards: horizontal bars, one row per category,
optionally stacked by series (a legend then names the series). Labels sit left of the bars
(long unit names stay readable), values at the end of each bar. Every chart is an
``role="img"`` with a title and a one-sentence description; the page puts the same numbers
in a table next to it for screen readers and for copying.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Each at least 3:1 against white (WCAG 1.4.11, graphical objects), distinct in grey too.
PALETTE = ("#1f4e79", "#b35c00", "#2e7d32", "#a4262c", "#6a4c93", "#4d5b6a")

ROW_HEIGHT = 26
BAR_HEIGHT = 16
LABEL_WIDTH = 220
CHAR_WIDTH = 7  # a generous average at 13px, for laying out the legend
VALUE_GAP = 6
FONT = "Roboto, system-ui, sans-serif"


@dataclass(frozen=True)
class Row:
    """One category: its label and one value per series."""

    label: str
    values: tuple[float, ...]
    name: str = ""  # the full name, when the label is shortened (an acronym)

    @property
    def full(self) -> str:
        return self.name or self.label

    @property
    def total(self) -> float:
        return sum(self.values)


def nice_step(value: float, *, whole: bool = False) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if value <= step and (not whole or step == int(step)):
            return max(step, 1.0) if whole else step
    return 10 * power  # pragma: no cover - the loop always returns


def axis(maximum: float, *, whole: bool, ticks: int = 4) -> list[float]:
    """Gridline values from 0 past ``maximum`` in round steps (whole numbers for counts)."""
    step = nice_step(maximum / ticks, whole=whole)
    count = max(1, math.ceil(maximum / step - 1e-9))
    return [step * index for index in range(count + 1)]


def _fmt(value: float, decimals: int) -> str:
    if not decimals:
        return number_format(int(round(value)))
    return number_format(round(value, decimals), decimal_pos=decimals)


def _clip(text: str, limit: int = LABEL_WIDTH // 8) -> str:
    # 8 px a character, the widest fallback font's average at 13px (DejaVu Sans where Roboto
    # is missing), so that a long label ends in "…" inside the label column rather than being
    # cut by the chart's left edge (34 characters were).
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(series: Sequence[str], width: int) -> list[tuple[int, int, int, str]]:
    """Where each series' key goes: left to right, wrapping onto new lines as needed."""
    placed, x, y = [], 8, 6
    for index, name in enumerate(series):
        span = 28 + CHAR_WIDTH * len(name)
        if x > 8 and x + span > width - 8:
            x, y = 8, y + 20
        placed.append((x, y, index, name))
        x += span
    return placed


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[Row],
    series: Sequence[str] = (),
    decimals: int = 0,
    width: int = 560,
    empty_text: str = "",
) -> SafeString:
    """Horizontal (stacked) bars as an SVG element, sized by its rows, scaled to the widest."""
    for row in rows:
        if any(value < 0 for value in row.values):
            raise ValueError(f"negative value in row {row.label!r}")
        if series and len(row.values) != len(series):
            raise ValueError(f"row {row.label!r} has {len(row.values)} values for {len(series)} series")
    legend = _legend(series, width) if len(series) > 1 else []
    top = (max(y for _x, y, _i, _n in legend) + 24) if legend else 8
    height = top + max(len(rows), 1) * ROW_HEIGHT + 24
    plot_left = LABEL_WIDTH + 8
    plot_width = width - plot_left - 56
    whole = decimals == 0
    gridlines = axis(max((row.total for row in rows), default=0), whole=whole)
    maximum = gridlines[-1]
    scale = plot_width / maximum
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sahih-bars" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="{FONT}" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for x, y, index, name in legend:
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<g class="sahih-bars__legend"><rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y + 10}" fill="#1b1b1b">{escape(name)}</text></g>'
        )
    # Axis: round gridlines with their values under the plot.
    baseline = top + max(len(rows), 1) * ROW_HEIGHT
    tick_decimals = 0 if all(value == int(value) for value in gridlines) else 1
    for value in gridlines:
        x = plot_left + value * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{baseline}" stroke="#d6dce4" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{baseline + 16}" text-anchor="middle" fill="#4d5b6a">'
            f"{_fmt(value, tick_decimals)}</text>"
        )
    if not rows:
        parts.append(
            f'<text x="{plot_left + plot_width / 2:.1f}" y="{top + ROW_HEIGHT / 2 + 4:.1f}" '
            f'text-anchor="middle" fill="#555">{escape(empty_text)}</text>'
        )
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
        parts.append(
            f'<g class="sahih-bars__row"><title>{escape(row.full)}: {_fmt(row.total, decimals)}</title>'
            f'<text x="{LABEL_WIDTH}" y="{bar_y + BAR_HEIGHT - 3:.1f}" text-anchor="end" fill="#1b1b1b">'
            f"{escape(_clip(row.label))}</text>"
        )
        x = plot_left
        for series_index, value in enumerate(row.values):
            if value <= 0:
                continue
            bar = value * scale
            colour = PALETTE[series_index % len(PALETTE)]
            parts.append(
                f'<rect class="sahih-bars__bar" x="{x:.1f}" y="{bar_y:.1f}" width="{bar:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}" data-value="{value}"/>'
            )
            x += bar
        parts.append(
            f'<text x="{x + VALUE_GAP:.1f}" y="{bar_y + BAR_HEIGHT - 3:.1f}" fill="#1b1b1b" '
            f'font-weight="600">{_fmt(row.total, decimals)}</text></g>'
        )
    parts.append(
        f'<line x1="{plot_left}" y1="{top}" x2="{plot_left}" y2="{baseline}" stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
