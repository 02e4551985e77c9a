// The progress of an import or export is kept current by htmx (hx-trigger="every 1s" on the
// progress box). When the work ends, the server answers the poll with the event "job-done":
// the page then loads the result and puts the focus on its heading. Without JavaScript the
// page offers a refresh link.
(function () {
  "use strict";
  var result = document.getElementById("ergebnis");
  if (result && window.location.hash === "#ergebnis") { result.focus(); }
  document.body.addEventListener("job-done", function () {
    window.location.replace(window.location.pathname + "#ergebnis");
    window.location.reload();
  });
})();
