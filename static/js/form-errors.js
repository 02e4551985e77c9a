// After a form comes back with errors, move the focus to their summary and show it: a form
// far down the page (the status update) no longer answers 1,500 px above its errors, and
// screen readers read the summary first. Without JavaScript the form's action carries a
// fragment that leads to the form.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "start" });
    }
  });
})();
