// The request form's pickers (issue 13 §2). The employee field searches, as one types, the
// employees the clerk may propose (GET /api/pickers/employees/) into a <datalist>: the
// browser's own list, chosen with the arrow keys and Enter. The position <select> lists the
// posts with a free place first (server side); once an employee is chosen, the posts that
// do not fit them (rank range, education) are marked in their option text, before the rules
// run. Without JavaScript the form works as typed: a NIP and the full list.
(function () {
  "use strict";

  const WAIT_MS = 250;
  const NOT_DIGITS = /\D+/g;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s|\{(\w+)\}/g, (_m, a, b) => values[a || b] ?? "");
  }

  function setup(input) {
    const list = document.getElementById("employee-options");
    if (!list || input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    const status = document.getElementById("employee-picker-status");
    const select = document.getElementById("id_target_position");
    const marks = document.getElementById("position-picker-status");
    const known = new Map(); // NIP digits -> employee
    let timer = null;
    let controller = null;

    function markPositions(employee) {
      if (!select || !marks) return;
      let misfits = 0;
      for (const option of select.options) {
        if (!option.dataset.code) continue;
        if (!option.dataset.baseLabel) option.dataset.baseLabel = option.textContent.split(" · " + marks.dataset.misfit.split(":")[0])[0];
        const reasons = [];
        if (employee) {
          const rank = Number(employee.rank_code || 0);
          if (rank && option.dataset.minRank && rank < Number(option.dataset.minRank)) {
            reasons.push(fill(marks.dataset.rankBelow, { rank: option.dataset.minRankName }));
          }
          if (rank && option.dataset.maxRank && rank > Number(option.dataset.maxRank)) {
            reasons.push(fill(marks.dataset.rankAbove, { rank: option.dataset.maxRankName }));
          }
          const education = Number(employee.education_rank || 0);
          if (education && option.dataset.minEducation && education < Number(option.dataset.minEducation)) {
            reasons.push(fill(marks.dataset.educationBelow, { level: option.dataset.minEducationName }));
          }
        }
        option.textContent = option.dataset.baseLabel + (reasons.length ? " · " + fill(marks.dataset.misfit, { why: reasons.join(", ") }) : "");
        option.toggleAttribute("data-misfit", reasons.length > 0);
        if (reasons.length) misfits += 1;
      }
      marks.textContent = employee ? fill(marks.dataset.summary, { count: misfits }) : "";
    }

    function chosen() {
      const digits = input.value.replace(NOT_DIGITS, "");
      return digits.length === 18 ? known.get(digits) : undefined;
    }

    async function search() {
      const text = input.value.trim();
      if (text.length < 2) return;
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const url = list.dataset.searchUrl + "?q=" + encodeURIComponent(text);
        const response = await fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal });
        if (!response.ok) return;
        const people = await response.json();
        list.replaceChildren(...people.map((person) => {
          known.set(person.nip, person);
          const option = document.createElement("option");
          option.value = person.nip_display;
          option.label = `${person.name} — ${person.position || "-"}, ${person.unit || "-"} (${person.rank || "-"})`;
          return option;
        }));
        if (status) status.textContent = people.length ? fill(list.dataset.found, { count: people.length }) : list.dataset.none;
        const employee = chosen();
        if (employee) markPositions(employee);
      } catch (error) {
        if (error.name !== "AbortError") throw error;
      }
    }

    input.addEventListener("input", () => {
      const employee = chosen();
      if (employee) {
        markPositions(employee);
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, WAIT_MS);
    });
    if (input.value.replace(NOT_DIGITS, "").length === 18) search();
  }

  function init() {
    const input = document.getElementById("id_employee");
    if (input) setup(input);
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("turbo:load", init);
  init();
})();
