// Small enhancements; every page works without them.
(function () {
  "use strict";

  // Confirmation before irreversible actions: any button or link with data-confirm asks first.
  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // The drawer's toggle says whether the drawer is open (viewflow's script only moves a class).
  function watchDrawer() {
    const drawer = document.getElementById("sahih-drawer");
    const toggle = document.querySelector("button.vf-page__menu-toggle[aria-controls]");
    if (!drawer || !toggle || drawer.dataset.watched) return;
    drawer.dataset.watched = "1";
    const update = () => toggle.setAttribute("aria-expanded", String(drawer.classList.contains("mdc-drawer--open")));
    new MutationObserver(update).observe(drawer, { attributes: true, attributeFilter: ["class"] });
    update();
  }

  // After a submission the server refused, the focus goes to what to fix: the error summary
  // when there is one, else the first field marked invalid (the page body would say nothing).
  function focusErrors() {
    const shown = (el) => el.getClientRects().length > 0;
    const summary = Array.from(
      document.querySelectorAll(".sahih-errors, .sahih-message--error")
    ).find(shown);
    const field = Array.from(document.querySelectorAll(
      "#content [aria-invalid=true], .sahih-field--error input, .sahih-field--error select, .sahih-field--error textarea"
    )).find(shown);
    const target = summary || field;
    if (!target) return;
    if (target === summary && !summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    target.focus();
  }

  // Choosing many of a long list of checkboxes (a collective case's employees): a filter
  // box, "select all shown" / "select none", and a live count of what is selected.
  function initPicker(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    const tools = picker.querySelector("[data-picker-tools]");
    const filter = picker.querySelector("[data-picker-filter]");
    const count = picker.querySelector("[data-picker-count]");
    const rows = Array.from(picker.querySelectorAll("[data-picker-row]"));
    const boxes = () => rows.map((row) => row.querySelector("input[type=checkbox]"));
    const update = () => {
      const chosen = boxes().filter((box) => box.checked).length;
      const shown = rows.filter((row) => !row.hidden).length;
      count.textContent = count.dataset.template
        .replace("{chosen}", chosen).replace("{total}", rows.length).replace("{shown}", shown);
    };
    if (tools) tools.hidden = false;
    filter.addEventListener("input", () => {
      // The words as typed, in order (so "rotasi 1" does not match every NIP with a 1).
      const phrase = filter.value.toLowerCase().trim().replace(/\s+/g, " ");
      rows.forEach((row) => {
        row.hidden = phrase !== "" && !row.dataset.pickerText.includes(phrase);
      });
      update();
    });
    picker.querySelector("[data-picker-all]").addEventListener("click", () => {
      rows.forEach((row) => { if (!row.hidden) row.querySelector("input[type=checkbox]").checked = true; });
      update();
    });
    picker.querySelector("[data-picker-none]").addEventListener("click", () => {
      boxes().forEach((box) => { box.checked = false; });
      update();
    });
    picker.addEventListener("change", update);
    update();
  }

  // A box that scrolls sideways on a narrow screen (a wide table, a chart) must scroll from the
  // keyboard too (WCAG 2.1.1): it gets a tab stop when nothing inside it can take the focus.
  const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  function scrollableByKeyboard() {
    document.querySelectorAll(".sahih-page table, .sahih-scroll, .sahih-chart-box, .sahih-picker__list").forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-picker]").forEach(initPicker);
    watchDrawer();
    scrollableByKeyboard();
  }
  window.addEventListener("resize", () => window.requestAnimationFrame(scrollableByKeyboard));
  function ready() {
    init();
    focusErrors();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  document.addEventListener("turbo:load", init);
})();

// The request form shows the details of the chosen kind only (all of them without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  const details = document.querySelector("[data-kind-details]");
  const kind = details && details.closest("form").elements.namedItem("kind");
  if (!kind) return;
  const show = () => {
    let shown = 0;
    details.querySelectorAll("[data-kinds]").forEach((holder) => {
      const wanted = holder.dataset.kinds.split(" ").includes(kind.value);
      holder.hidden = !wanted;
      shown += wanted ? 1 : 0;
    });
    details.querySelector("[data-kind-none]").hidden = shown > 0;
  };
  kind.addEventListener("change", show);
  show();
});
