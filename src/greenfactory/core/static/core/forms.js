// Loaded on every page from our own origin, as the Content-Security-Policy requires (no
// inline script). Decisions §58.
(function () {
  "use strict";

  // Typing kept in this browser (draft-keeper.js) goes when its user logs out: the next user
  // of a shared browser does not get it.
  function clearDrafts() {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("draft:") === 0) { localStorage.removeItem(key); }
      });
    } catch (e) { /* storage off */ }
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      // Destructive buttons ask first: a submit button carrying data-confirm="question"
      // submits its form only once the user answers yes.
      var button = event.submitter;
      var question = button && button.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      if (form && form.matches && form.matches("form[data-logout]")) { clearDrafts(); }
    },
    true
  );
})();
