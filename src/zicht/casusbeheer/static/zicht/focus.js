// Keyboard focus where the user's attention should go (WCAG 2.4.3): to the row that
// "Persoon toevoegen" just added, and to the error summary after the server refused a form.
document.addEventListener("htmx:afterSwap", function (e) {
  var doel = e.detail && e.detail.target;
  if (!doel || doel.id !== "personen") return;
  var rijen = doel.querySelectorAll("fieldset.zicht-rij");
  var veld = rijen.length && rijen[rijen.length - 1].querySelector("input, select, textarea");
  if (veld) veld.focus();
});
document.addEventListener("DOMContentLoaded", function () {
  var fout = document.querySelector(".utrecht-alert--error[role=alert], .zicht-foutsamenvatting");
  if (!fout) return;
  fout.setAttribute("tabindex", "-1");
  fout.focus();
});
