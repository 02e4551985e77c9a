// Keeps the import page's progress bar current and reloads the page once the work is done.
// Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var label = document.getElementById("import-progress-label");
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.working) { window.location.reload(); return; }
        if (state.percent !== null && state.status === "pruefung") {
          bar.value = state.percent;
          label.textContent = label.textContent.replace(/\d+/, String(state.rows_done));
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
