// Keeps the import page's progress bar current and reloads the page once the work is done,
// with the focus on the result's heading. Without JavaScript the page offers a refresh link.
(function () {
  "use strict";
  var result = document.getElementById("ergebnis");
  if (result && window.location.hash === "#ergebnis") { result.focus(); }
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var label = document.getElementById("import-progress-label");
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.working) {  // the result: load it and put the focus on its heading
          window.location.replace(window.location.pathname + "#ergebnis");
          window.location.reload();
          return;
        }
        if (state.percent !== null && (state.status === "pruefung" || state.status === "laufend")) {
          bar.value = state.percent;
          label.textContent = label.textContent.replace(/\d+/, String(state.rows_done));
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
