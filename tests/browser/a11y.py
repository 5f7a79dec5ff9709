"""Checks run in the page: text contrast (WCAG 2.1 AA), labels on controls, keyboard focus."""

from __future__ import annotations

# Every visible text node's colour against the background it is drawn on (the first opaque
# background up the tree, with translucent ones blended in; elements with background
# images are skipped, as is text in SVG, whose charts are checked by their own colours).
CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(",").map((s) => parseFloat(s));
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.backgroundImage !== "none") return null;
      const c = parse(style.backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) bg = blend(layer, bg);
    return bg;
  };
  const opacity = (el) => { let o = 1; for (let n = el; n; n = n.parentElement) o *= parseFloat(getComputedStyle(n).opacity); return o; };
  const failures = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || seen.has(el)) continue;
    seen.add(el);
    if (el.closest(".sahih-visually-hidden, [hidden], svg, noscript, script, style, template, option, .material-icons")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || rect.bottom < 0) continue;
    const bg = background(el);
    const fg = parse(style.color);
    if (!bg || !fg) continue;
    fg.a *= opacity(el);
    const ink = fg.a < 1 ? blend(fg, bg) : fg;
    const [hi, lo] = [lum(ink), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    const need = large ? 3 : 4.5;
    if (ratio < need - 0.005) {
      failures.push(`${ratio.toFixed(2)} < ${need}: "${text.slice(0, 40)}" (${el.tagName.toLowerCase()}.${el.className})`);
    }
  }
  return failures;
}
"""

UNLABELLED_JS = """
() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter((el) => el.type !== "hidden" && !el.closest("template"))
  .filter((el) => {
    if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.title) return false;
    if (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) return false;
    return !el.closest("label");
  })
  .map((el) => el.name || el.id || el.outerHTML.slice(0, 80))
"""

FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing focused";
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return ring || style.boxShadow !== "none" ? "" : `no visible focus on ${el.tagName.toLowerCase()}.${el.className}`;
}
"""


def contrast_failures(page) -> list[str]:
    return page.evaluate(CONTRAST_JS)


def unlabelled_controls(page) -> list[str]:
    return page.evaluate(UNLABELLED_JS)


def keyboard_problems(page, stops: int = 6) -> list[str]:
    """Tab from the top: the skip link comes first and leads to the content; every stop
    after it shows a focus ring."""
    problems = []
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.className") != "sahih-skip":
        problems.append("the first Tab does not reach the skip link")
    for _ in range(stops):
        page.keyboard.press("Tab")
        problem = page.evaluate(FOCUS_RING_JS)
        if problem:
            problems.append(problem)
    return problems
