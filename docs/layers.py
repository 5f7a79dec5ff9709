"""Draws docs/layers.svg, the picture of docs/architecture.md: Sahih's apps in their layers and
every app-to-app import the code really has, read with grimp (the graph import-linter checks).

    .venv/bin/python docs/layers.py          # rewrite docs/layers.svg
    .venv/bin/python docs/layers.py --check  # exit 1 if the picture is out of date

An arrow means "imports". Arrows between neighbouring layers go straight down; an arrow that
skips layers runs in a lane beside the boxes. The layers and their order are the ones of the
import-linter layers contract in pyproject.toml; an arrow pointing up would break it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import grimp

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "layers.svg"
sys.path.insert(0, str(ROOT))  # grimp finds the apps on the path, as lint-imports does

# Top to bottom; apps in one row are independent of each other.
ROWS: list[list[tuple[str, str]]] = [
    [("config", "settings, urls, the site's menu and shell, middleware, seed_demo")],
    [
        ("placement", "position map, candidates, talent pool, SKP"),
        ("public", "open statistics, public feedback and its route"),
    ],
    [
        ("web", "pages, REST API of cases and tasks, dashboards"),
        ("inspection", "search, replay, evidence bundles, reads recorded"),
    ],
    [("workflows", "routing engine: flows, nodes, approvers, task services")],
    [("decisions", "legal record: cases, policy rules, the decree, signing")],
    [("personnel", "registry: units, employees, roles, working-day calendar")],
    [("audit", "ledger: hash-chained events, checkpoints, proofs")],
]
APPS = [name for row in ROWS for name, _ in row]

WIDTH, BOX_H, ROW_GAP, TOP = 910, 58, 46, 20
SINGLE = (250, 630)  # x range of a box alone in its row
ROW_BOXES = {0: [(40, 840)], 1: [(40, 400), (480, 840)], 2: [(40, 400), (480, 840)]}
# Where the lanes of arrows that skip layers run, by the box they leave (first lane, step):
# web's on the left, below web; inspection's below inspection; config's outside every box;
# the engine's and the legal record's to the right of the column.
LANES = {
    "placement": (210, -16),
    "public": (670, 14),
    "web": (230, -16),
    "inspection": (650, 14),
    "config": (856, 14),
}
COLUMN_LANES = (712, 14)


def app_edges() -> set[tuple[str, str]]:
    """(importer, imported) for every pair of our apps with at least one direct import."""
    graph = grimp.build_graph(*APPS, cache_dir=None)
    edges = set()
    for module in graph.modules:
        source = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")[0]
            if target != source and target in APPS:
                edges.add((source, target))
    return edges


def layout() -> dict[str, tuple[int, int, int, int]]:
    """Each app's box as (x0, y0, x1, y1)."""
    boxes = {}
    for index, row in enumerate(ROWS):
        y0 = TOP + index * (BOX_H + ROW_GAP)
        spans = ROW_BOXES.get(index, [SINGLE])
        for (name, _), (x0, x1) in zip(row, spans, strict=True):
            boxes[name] = (x0, y0, x1, y0 + BOX_H)
    return boxes


def row_of(app: str) -> int:
    return next(index for index, row in enumerate(ROWS) if app in dict(row))


def arrows(edges, boxes) -> list[str]:
    paths = []
    # Straight arrows: into a neighbouring row, at a point both boxes share.
    straight = sorted(e for e in edges if row_of(e[1]) - row_of(e[0]) == 1)
    for source, target in straight:
        sx0, _, sx1, sy1 = boxes[source]
        tx0, ty0, tx1, _ = boxes[target]
        lo, hi = max(sx0, tx0), min(sx1, tx1)
        x = (lo + hi) // 2
        paths.append(f'<path d="M{x},{sy1} V{ty0 - 2}" class="edge"/>')
    # Lanes: the longer the jump, the further out (or, for web, the further left).
    skipping = sorted(
        (e for e in edges if row_of(e[1]) - row_of(e[0]) > 1),
        key=lambda e: (row_of(e[1]) - row_of(e[0]), e),
    )
    used: dict[str, int] = {}
    entries: dict[tuple[str, str], int] = {}
    for source, target in skipping:
        group = source if source in LANES else "column"
        first, step = LANES.get(source, COLUMN_LANES)
        x = first + used.get(group, 0) * step
        used[group] = used.get(group, 0) + 1
        sx0, sy0, sx1, sy1 = boxes[source]
        tx0, ty0, tx1, ty1 = boxes[target]
        if sx0 < x < sx1:
            start = f"M{x},{sy1}"  # straight out of the box's bottom
        else:
            start = f"M{sx1},{(sy0 + sy1) // 2 + 6 * used[group]} H{x}"  # out of its right side
        side = "left" if x < tx0 else "right"
        slot = entries.get((target, side), 0)
        entries[(target, side)] = slot + 1
        y = ty0 + 10 + slot * 8
        end_x = tx0 - 2 if side == "left" else tx1 + 2
        paths.append(f'<path d="{start} V{y} H{end_x}" class="edge lane"/>')
    return paths


def draw() -> str:
    edges = app_edges()
    boxes = layout()
    height = TOP + len(ROWS) * (BOX_H + ROW_GAP) - ROW_GAP + 44
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif">',
        "<title>Sahih's apps in their layers; an arrow means imports (docs/layers.py)</title>",
        "<defs><marker id='head' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='#555'/>"
        "</marker></defs>",
        "<style>.box{fill:#eef3f8;stroke:#1f4e79;stroke-width:1.5}.name{font-size:15px;"
        "font-weight:bold;fill:#1f4e79}.what{font-size:11px;fill:#333}.edge{fill:none;"
        "stroke:#555;stroke-width:1.2;marker-end:url(#head)}.lane{stroke:#8a8a8a}</style>",
    ]
    parts.extend(arrows(edges, boxes))
    for row in ROWS:
        for name, what in row:
            x0, y0, x1, y1 = boxes[name]
            middle = (x0 + x1) // 2
            parts.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="6" class="box"/>')
            parts.append(f'<text x="{middle}" y="{y0 + 23}" text-anchor="middle" class="name">{name}/</text>')
            parts.append(
                f'<text x="{middle}" y="{y0 + 42}" text-anchor="middle" class="what">{escape(what)}</text>'
            )
    parts.append(
        f'<text x="40" y="{height - 12}" class="what">An arrow means "imports". Every arrow points down: '
        "lint-imports (pyproject.toml) fails on one pointing up or between web and inspection.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    svg = draw()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != svg:
            print(f"{OUT.relative_to(ROOT)} is out of date: run .venv/bin/python docs/layers.py")
            return 1
        return 0
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
