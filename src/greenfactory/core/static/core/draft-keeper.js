// Keeps what the user typed in forms marked .autosave[data-draft-key] in this browser until the
// server has saved it, so an expired session or a lost connection never loses typing.
(function () {
  "use strict";
  var SKIP = { csrfmiddlewaretoken: true, revision: true };

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "submit";
    });
  }

  // Only the fields the user changed are kept, so that putting them back never overwrites
  // what a colleague saved in the other fields meanwhile.
  var edited = {};

  function read(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (edited[form.dataset.draftKey + ":" + el.name]) {
        values[el.name] = el.type === "checkbox" ? el.checked : el.value;
      }
    });
    return values;
  }

  function revisionOf(form) {
    var input = form.querySelector("input[name=revision]");
    return input ? input.value : "";
  }

  function store(form) {
    var draft = { revision: revisionOf(form), values: read(form) };
    try { localStorage.setItem("draft:" + form.dataset.draftKey, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
  }

  function clear(form) {
    try { localStorage.removeItem("draft:" + form.dataset.draftKey); } catch (e) { /* ignore */ }
  }

  function say(form, text, cls) {
    var box = document.createElement("div");
    box.className = cls;
    box.setAttribute("role", "status");
    box.textContent = text;
    form.insertBefore(box, form.firstChild);
  }

  // "2.5" typed and "2.50" shown by the server are the same entry.
  function sameNumber(a, b) {
    var number = /^\s*-?\d+(\.\d+)?\s*$/;
    return number.test(a) && number.test(b) && parseFloat(a) === parseFloat(b);
  }

  function restore(form) {
    var raw;
    try { raw = localStorage.getItem("draft:" + form.dataset.draftKey); } catch (e) { return; }
    if (!raw) { return; }
    var draft = JSON.parse(raw);
    // The page's revision moved on: the server saved since (this typing, through the Save
    // button, or a colleague's). Putting the entries back would announce unsaved typing that
    // is not, or overwrite newer work; the kept draft goes (decisions §15, §58).
    if (draft.revision !== revisionOf(form)) { clear(form); return; }
    var changed = 0;
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in draft.values)) { return; }
      var value = draft.values[el.name];
      if (el.type === "checkbox") {
        if (el.checked !== value) { el.checked = value; changed++; }
      } else if (el.value !== value && !sameNumber(el.value, value)) { el.value = value; changed++; }
      edited[form.dataset.draftKey + ":" + el.name] = true;
    });
    if (changed) { say(form, form.dataset.msgRestored || "", "draft-restored"); }
  }

  document.querySelectorAll("form.autosave[data-draft-key]").forEach(function (form) {
    restore(form);
    function remember(evt) {
      if (evt.target && evt.target.name) { edited[form.dataset.draftKey + ":" + evt.target.name] = true; }
      store(form);
    }
    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
    function notSaved() {
      var status = document.getElementById("save-status");
      if (status) { status.textContent = form.dataset.msgExpired || ""; status.classList.add("error"); }
    }
    form.addEventListener("htmx:beforeSwap", function (evt) {
      var url = evt.detail.xhr.responseURL || "";
      if (url.indexOf("/accounts/login/") !== -1) {
        evt.detail.shouldSwap = false;
        notSaved();
        return;
      }
      // The answer says every refusal again (each beside its input): the old ones go.
      form.querySelectorAll(".field-error").forEach(function (slot) { slot.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    });
    // Mark each input whose slot now holds a refusal (``error-<input id>``).
    form.addEventListener("htmx:afterSettle", function () {
      form.querySelectorAll(".field-error").forEach(function (slot) {
        var input = document.getElementById(slot.id.replace(/^error-/, ""));
        if (input && slot.textContent.trim()) { input.setAttribute("aria-invalid", "true"); }
      });
    });
    // A refused request (an expired session fails its CSRF check) or a lost connection.
    form.addEventListener("htmx:responseError", notSaved);
    form.addEventListener("htmx:sendError", notSaved);
    form.addEventListener("htmx:afterRequest", function (evt) {
      var url = evt.detail.xhr.responseURL || "";
      if (evt.detail.successful && url.indexOf("/accounts/login/") === -1 && !document.querySelector("#save-status .error")) {
        clear(form);
      }
    });
  });
})();
