// On a narrow screen the header folds the user tools and the main navigation behind a "Menu"
// button, so the page's own content starts within the first quarter of the screen. Without
// JavaScript the button stays hidden and everything is shown, as on a wide screen.
(function () {
  "use strict";
  var button = document.querySelector(".site-menu-toggle");
  var header = document.querySelector(".site-header");
  if (!button || !header) {
    return;
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("site-header--closed", !open);
  }
  setOpen(false);
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    var folding = button.offsetParent !== null; // the button shows only on a narrow screen
    if (event.key === "Escape" && folding && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
