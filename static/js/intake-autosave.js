// The intake response form saves itself: a few seconds after the last change and at least
// every 30 seconds while something is unsaved. Every change is also kept in this browser
// (localStorage) until the server has it, so an expired session or a lost connection loses
// nothing: the next visit of the form puts the unsaved input back. Questions with a display
// condition are shown only when the earlier answer they depend on is given.
(function () {
  "use strict";
  var form = document.getElementById("response-form");
  if (!form) return;
  var statusBox = document.getElementById("autosave-status");
  var storageKey = form.dataset.storageKey;
  var url = form.dataset.autosaveUrl;
  var dirty = false;
  var paused = false;
  var timer = null;
  var lastSave = Date.now();

  function say(text) { if (statusBox) statusBox.textContent = text; }

  function snapshot() {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") entries.push([name, value]);
    });
    return entries;
  }

  function visibleSignature(entries) {
    return JSON.stringify(entries.filter(function (e) { return e[0].indexOf("a-") === 0; }));
  }

  function keep() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ saved: Date.now(), fields: snapshot() }));
    } catch (e) { /* storage full or disabled: autosave still works */ }
  }

  function forget() { try { localStorage.removeItem(storageKey); } catch (e) {} }

  function restore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields) return;
    if (visibleSignature(kept.fields) === visibleSignature(snapshot())) { forget(); return; }
    // Put the input back as it was typed, with the version and marks it started from: the
    // server then merges it with what others saved meanwhile, or shows a conflict.
    var names = {};
    kept.fields.forEach(function (e) { (names[e[0]] = names[e[0]] || []).push(e[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || !(el.name in names)) {
        if (el.type === "checkbox" && el.name && el.name.indexOf("a-") === 0) el.checked = false;
        return;
      }
      var values = names[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = values.indexOf(el.value) !== -1;
      else el.value = values[0];
    });
    dirty = true;
    say(form.dataset.restoredText || "");
    var notice = document.getElementById("restored-notice");
    if (notice) notice.hidden = false;
  }

  function applyConditions() {
    var data = new FormData(form);
    form.querySelectorAll("[data-condition-key]").forEach(function (box) {
      var values = data.getAll("a-" + box.dataset.conditionKey);
      var show = values.indexOf(box.dataset.conditionValue) !== -1;
      box.hidden = !show;
      var hint = box.querySelector(".condition-hint");
      if (hint) hint.hidden = true;
    });
  }

  function save() {
    if (!dirty || paused) return;
    var body = new FormData(form);
    var token = body.get("csrfmiddlewaretoken");
    dirty = false;
    say(form.dataset.savingText || "…");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": token },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || type.indexOf("application/json") === -1) {
        dirty = true;
        paused = true;
        say(form.dataset.expiredText);
        var link = document.getElementById("login-again");
        if (link) link.hidden = false;
        return null;
      }
      return response.json().then(function (data) {
        if (response.ok) {
          form.elements.version.value = data.version;
          Object.keys(data.fingerprints).forEach(function (name) {
            if (form.elements[name]) form.elements[name].value = data.fingerprints[name];
          });
          var done = document.getElementById("completeness");
          if (done && form.dataset.completenessText) {
            done.textContent = form.dataset.completenessText
              .replace("{answered}", data.completeness[0]).replace("{total}", data.completeness[1]);
          }
          lastSave = Date.now();
          if (!dirty) forget();
          var time = new Date().toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit" });
          say((form.dataset.savedText || "").replace("{time}", time));
        } else {
          dirty = true;
          if (response.status === 409) paused = true;
          say(data.message || "");
        }
      });
    }).catch(function () {
      dirty = true;
      say(form.dataset.offlineText || "");
    });
  }

  function changed() {
    dirty = true;
    keep();
    applyConditions();
    clearTimeout(timer);
    timer = setTimeout(save, Date.now() - lastSave > 30000 ? 0 : 3000);
  }

  restore();
  applyConditions();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { paused = true; keep(); });
  setInterval(function () { if (dirty) save(); }, 30000);
  window.addEventListener("pagehide", function () { if (dirty) keep(); });
})();
