"""The server-drawn bar charts: well-formed SVG, bars to scale, text escaped, labelled."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from web.charts import PALETTE, Row, axis, bar_chart, nice_step

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, not untrusted input


def _bars(root) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "sahih-bars__bar"]


def test_bars_are_drawn_to_scale_with_their_values_written_out():
    svg = bar_chart(
        chart_id="c",
        title="Kasus",
        description="Jumlah kasus",
        rows=[Row("Mutasi", (8,)), Row("Pengangkatan", (2,)), Row("Pemberhentian", (0,))],
    )
    root = _parse(svg)
    bars = _bars(root)
    assert [float(bar.get("data-value")) for bar in bars] == [8, 2]  # nothing drawn for zero
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] == pytest.approx(4 * widths[1], rel=0.01)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Mutasi" in texts and "8" in texts and "0" in texts


def test_a_chart_is_an_image_named_by_its_title_and_description():
    root = _parse(bar_chart(chart_id="median", title="Median", description="Hari per tahap", rows=[]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "median-title median-desc"
    assert root.find(f"{SVG}title").text == "Median"
    assert root.find(f"{SVG}desc").text == "Hari per tahap"


def test_stacked_series_share_one_bar_and_a_legend_names_them():
    svg = bar_chart(
        chart_id="s",
        title="t",
        description="d",
        rows=[Row("Dinas Perhubungan", (3, 1)), Row("BPKAD", (0, 2))],
        series=["rotasi", "pensiun"],
    )
    root = _parse(svg)
    bars = _bars(root)
    assert [bar.get("fill") for bar in bars] == [PALETTE[0], PALETTE[1], PALETTE[1]]
    first, second = float(bars[0].get("x")), float(bars[1].get("x"))
    assert second == pytest.approx(first + float(bars[0].get("width")), abs=0.2)  # stacked end to end
    legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "sahih-bars__legend"]
    assert [g.find(f"{SVG}text").text for g in legend] == ["rotasi", "pensiun"]


def test_labels_and_titles_are_escaped():
    root = _parse(bar_chart(chart_id="x", title="<b>&", description="'\"", rows=[Row("<script>", (1,))]))
    assert root.find(f"{SVG}title").text == "<b>&"
    assert "<script>" in [text.text for text in root.iter(f"{SVG}text")]


def test_long_labels_are_shortened_but_kept_whole_in_the_hover_title():
    name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    root = _parse(bar_chart(chart_id="x", title="t", description="d", rows=[Row(name, (1,))]))
    row = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "sahih-bars__row")
    assert row.find(f"{SVG}title").text.startswith(name)
    label = row.find(f"{SVG}text").text
    assert label.endswith("…") and len(label) < len(name)


def test_an_empty_chart_says_so():
    root = _parse(bar_chart(chart_id="e", title="t", description="d", rows=[], empty_text="Tidak ada data."))
    assert "Tidak ada data." in [text.text for text in root.iter(f"{SVG}text")]
    assert _bars(root) == []


def test_bad_rows_are_refused():
    with pytest.raises(ValueError, match="negative"):
        bar_chart(chart_id="n", title="t", description="d", rows=[Row("a", (-1,))])
    with pytest.raises(ValueError, match="series"):
        bar_chart(chart_id="n", title="t", description="d", rows=[Row("a", (1,))], series=["x", "y"])


@pytest.mark.parametrize(
    ("maximum", "whole", "expected"),
    [
        (0, True, [0, 1]),
        (3, True, [0, 1, 2, 3]),
        (9, True, [0, 5, 10]),
        (65, True, [0, 20, 40, 60, 80]),
        (2.1, False, [0, 1, 2, 3]),
        (0.4, False, [0, 0.1, 0.2, 0.3, 0.4]),
    ],
)
def test_the_axis_runs_in_round_steps_past_the_largest_value(maximum, whole, expected):
    assert axis(maximum, whole=whole) == pytest.approx(expected)


def test_counts_never_get_fractional_steps():
    assert nice_step(0.25, whole=True) == 1
    assert nice_step(2.25, whole=True) == 5
