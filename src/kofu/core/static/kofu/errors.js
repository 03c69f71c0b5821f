// Move the focus to the error summary when a form comes back with errors (screen readers read it,
// keyboard users start from it); each error in it is a link to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
});
