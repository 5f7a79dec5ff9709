// The inspector workspace: a busy state for slow forms, and bundle downloads that say what
// happened (a checkpoint signed first, warnings). Without JavaScript the forms work as
// plain forms; these only add feedback.
(() => {
  const live = (form) => form.querySelector(".sahih-live") || document.querySelector("#sahih-inspect-live");

  const setBusy = (form, busy) => {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    form.querySelectorAll("button").forEach((button) => { button.disabled = busy; });
    const region = live(form);
    if (region) region.textContent = busy ? form.dataset.busy || "" : region.textContent;
  };

  const filename = (response) => {
    const header = response.headers.get("Content-Disposition") || "";
    const match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : "bundle.zip";
  };

  // After a verification the result is read first (keyboard and screen-reader users).
  document.addEventListener("DOMContentLoaded", () => {
    const result = document.getElementById("verify-result");
    if (result) result.focus();
  });

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.busy) return;
    if (!form.hasAttribute("data-download") || !window.fetch) {
      // A normal submission: the browser shows the next page when the work is done.
      window.setTimeout(() => setBusy(form, true), 0);
      return;
    }
    event.preventDefault();
    setBusy(form, true);
    const region = live(form);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      if (!response.ok) {
        let message = response.statusText;
        try { message = (await response.json()).message || message; } catch (error) { /* not JSON */ }
        if (region) region.textContent = message;
        return;
      }
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filename(response);
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      let notes = [];
      try { notes = JSON.parse(response.headers.get("X-Sahih-Export-Notes") || "[]"); } catch (error) { notes = []; }
      if (region) region.textContent = [form.dataset.done || "", ...notes].filter(Boolean).join(" ");
    } catch (error) {
      if (region) region.textContent = String(error);
    } finally {
      form.setAttribute("aria-busy", "false");
      form.querySelectorAll("button").forEach((button) => { button.disabled = false; });
    }
  });
})();
