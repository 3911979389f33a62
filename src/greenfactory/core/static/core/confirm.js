// Destructive buttons ask first (decisions §58): a submit button carrying
// data-confirm="question" submits its form only once the user answers yes. Loaded on every
// page from our own origin, as the Content-Security-Policy requires (no inline script).
document.addEventListener(
  "submit",
  function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true
);
