"""Checks run in the page: text contrast (WCAG 2.1 AA), labels on controls, keyboard focus,
axe-core's WCAG 2.1 A/AA rules, and what a phone needs (reflow, reachable actions, tap targets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

# axe-core, pinned in package.json / package-lock.json and installed by `npm ci` (the Makefile's
# install step, .ci/run). It is injected from disk: the tests reach no network.
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}

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

# The focused element shows a ring, and the ring stands out 3:1 from what it is drawn on (WCAG
# 1.4.11): the first opaque background around the element.
FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing focused";
  const style = getComputedStyle(el);
  const name = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`;
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  if (!ring) return style.boxShadow !== "none" ? "" : `no visible focus on ${name}`;
  const rgb = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(",").map(parseFloat); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  let bg = { r: 255, g: 255, b: 255, a: 1 };
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c && c.a >= 1) { bg = c; break; }
  }
  const ink = rgb(style.outlineColor);
  const [hi, lo] = [lum(ink), lum(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  return ratio < 3 ? `focus ring ${ratio.toFixed(2)}:1 on ${name}` : "";
}
"""

# What a phone user could not reach or hit: the page scrolling sideways (WCAG 1.4.10); a
# control or link outside the screen or cut off by a box that hides its overflow (inside a box
# that scrolls sideways, such as a wide table's, it is reachable); a target under 24 x 24 px
# (WCAG 2.5.8; links inside a sentence are exempt). The closed drawer is checked when open.
PHONE_JS = """
() => {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`scrolls sideways: ${root.scrollWidth} px wide`);
  const width = root.clientWidth;
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.innerText || el.value || el.name || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`;
  const targets = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])");
  for (const el of targets) {
    if (el.closest(".sahih-skip, .sahih-visually-hidden, .mdc-dom-focus-sentinel, [hidden], .mdc-drawer--modal:not(.mdc-drawer--open), details:not([open]) > :not(summary)")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.getClientRects().length === 0) continue;
    const box = el.getBoundingClientRect();
    let scroller = null;
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      const overflow = getComputedStyle(n).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && n.scrollWidth > n.clientWidth) { scroller = n; break; }
      if ((overflow === "hidden" || overflow === "clip") && box.right > n.getBoundingClientRect().right + 1) {
        problems.push(`cut off by ${n.tagName.toLowerCase()}.${n.className}: ${describe(el)}`);
        break;
      }
    }
    const outer = scroller ? scroller.getBoundingClientRect() : box;
    if (outer.left < -1 || outer.right > width + 1) problems.push(`off the screen (${Math.round(outer.left)}..${Math.round(outer.right)} px): ${describe(el)}`);
    const inline = el.tagName === "A" && style.display === "inline";
    if (!inline && (box.width < 23.5 || box.height < 23.5)) problems.push(`target ${Math.round(box.width)}x${Math.round(box.height)} px: ${describe(el)}`);
  }
  return problems;
}
"""

AXE_JS = """
async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -- ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
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


def use_axe(page) -> None:
    """Give every page ``page``'s context opens axe-core (an init script from node_modules: no
    network, and the page's Content-Security-Policy does not apply to it)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` in the project root (package.json pins it)")
    page.context.add_init_script(path=str(AXE))


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA rules on the page as it is now."""
    return page.evaluate(AXE_JS, AXE_TAGS)


def phone_problems(page) -> list[str]:
    return page.evaluate(PHONE_JS)
