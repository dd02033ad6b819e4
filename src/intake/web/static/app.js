// Light help only: every page works without it. Submit the queue filters as soon as one changes,
// and ask before irreversible decisions.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll('form[action$="/rejeter"]').forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm("Rejeter ce brouillon ?")) event.preventDefault();
    });
  });
});
