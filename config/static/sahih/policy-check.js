// The request form's live rule check: as the clerk fills in who, where to and from when,
// ask POST /api/policy/check/ (a dry run, nothing is saved) and show the findings in the
// form's #policy-findings region (aria-live, so screen readers hear them too). Debounced;
// a newer answer always wins over an older one. Without JavaScript the form's "Check the
// rules" button does the same on the server.
(function () {
  "use strict";

  const NOT_DIGITS = /\D+/g;
  const WAIT_MS = 400;

  function setup(region) {
    if (region.dataset.ready) return;
    region.dataset.ready = "1";
    const form = region.closest("form");
    const field = (name) => form.elements.namedItem(name);
    const status = region.querySelector("[data-policy-status]");
    const list = region.querySelector("[data-policy-list]");
    const template = document.getElementById("policy-finding-template");
    const token = form.elements.namedItem("csrfmiddlewaretoken").value;
    let timer = null;
    let controller = null;
    let sequence = 0;
    let lastBody = "";

    function say(text, kind) {
      status.textContent = text || "";
      status.className = "sahih-policy__status" + (kind ? " sahih-policy__status--" + kind : "");
    }

    function payload() {
      const nip = (field("employee").value || "").replace(NOT_DIGITS, "");
      const effective = field("effective_date").value;
      if (nip.length !== 18 || !effective) return null;
      const select = field("target_position");
      const option = select && select.selectedOptions && select.selectedOptions[0];
      const file = field("attachment");
      const attached = file && file.files && file.files.length > 0;
      return {
        kind: field("kind").value,
        effective_date: effective,
        items: [{ employee: nip, target_position: (option && option.dataset.code) || null }],
        attachment_kinds: attached ? [field("attachment_kind").value] : [],
      };
    }

    function text(node, selector, value) {
      const target = node.querySelector(selector);
      target.textContent = value || "";
      const holder = target.closest("[data-optional]");
      if (holder) holder.hidden = !value;
    }

    function render(findings) {
      list.replaceChildren();
      if (!findings.length) {
        say(region.dataset.msgClean, "ok");
        return;
      }
      const blocks = findings.filter((f) => f.severity === "block").length;
      say(region.dataset.msgFound.replace("{count}", findings.length).replace("{blocks}", blocks),
        blocks ? "block" : "warn");
      findings.forEach((finding) => {
        const item = template.content.firstElementChild.cloneNode(true);
        item.classList.add("sahih-finding--" + finding.severity);
        item.dataset.key = finding.key;
        const badge = item.querySelector("[data-slot=severity]");
        badge.classList.add("sahih-badge--" + finding.severity);
        badge.textContent = finding.severity === "block" ? region.dataset.labelBlock : region.dataset.labelWarn;
        text(item, "[data-slot=title]", finding.title);
        text(item, "[data-slot=message]", finding.message);
        text(item, "[data-slot=basis]", finding.basis);
        text(item, "[data-slot=fix]", finding.fix);
        list.appendChild(item);
      });
    }

    async function check() {
      const body = payload();
      if (!body) {
        lastBody = "";
        list.replaceChildren();
        say(region.dataset.msgIncomplete);
        return;
      }
      const json = JSON.stringify(body);
      if (json === lastBody) return;
      lastBody = json;
      if (controller) controller.abort();
      controller = new AbortController();
      const mine = ++sequence;
      region.setAttribute("aria-busy", "true");
      say(region.dataset.msgChecking);
      try {
        const response = await fetch(region.dataset.checkUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
          body: json,
          signal: controller.signal,
        });
        const answer = await response.json();
        if (mine !== sequence) return;
        if (!response.ok) {
          lastBody = "";
          list.replaceChildren();
          say(answer.message || region.dataset.msgFailed, "block");
          return;
        }
        render(answer.findings);
      } catch (error) {
        if (error.name === "AbortError") return;
        lastBody = "";
        say(region.dataset.msgFailed, "block");
      } finally {
        if (mine === sequence) region.removeAttribute("aria-busy");
      }
    }

    function soon() {
      clearTimeout(timer);
      timer = setTimeout(check, WAIT_MS);
    }

    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    const button = form.querySelector("[data-policy-check-now]");
    if (button) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        clearTimeout(timer);
        lastBody = "";
        check();
      });
    }
    if (!region.querySelector("[data-server-findings]")) soon();
  }

  function init() {
    document.querySelectorAll("#policy-findings[data-check-url]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("turbo:load", init);
})();
