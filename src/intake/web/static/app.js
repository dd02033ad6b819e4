// Light help only: every page works without it. Submit the queue filters as soon as one changes,
// ask before irreversible decisions, box on the piece the words a field was read from, and the keyboard:
// j / k (or → / ←) the next / previous claim of the queue last shown, c to confirm a draft.
const QUEUE_KEY = "intake-file";

function showBox(id, focus) {
  const box = document.getElementById(id);
  if (!box) return;
  document.querySelectorAll(".source-box.active").forEach((b) => b.classList.remove("active"));
  box.classList.add("active");
  box.scrollIntoView({ block: "center", inline: "nearest" });
  if (focus) box.focus({ preventScroll: true });
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

function rememberQueue() {
  const rows = Array.from(document.querySelectorAll("table.queue tr[data-reference]"));
  if (!rows.length) return rows;
  const refs = rows.map((r) => r.dataset.reference);
  sessionStorage.setItem(QUEUE_KEY, JSON.stringify({ refs: refs, url: location.pathname + location.search }));
  return rows;
}

function neighbour(reference, step) {
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "null"); } catch (e) { saved = null; }
  if (!saved || !Array.isArray(saved.refs)) return null;
  const at = saved.refs.indexOf(reference);
  if (at < 0) return null;
  const next = saved.refs[at + step];
  return next ? "/sinistres/" + encodeURIComponent(next) : saved.url;  // past either end: back to the queue
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("form.bulk-confirm").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm("Confirmer tous les brouillons complets de vos collectivités au-dessus du seuil ?")) event.preventDefault();
    });
  });
  document.querySelectorAll('form[action$="/rejeter"]').forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm("Rejeter ce brouillon ?")) event.preventDefault();
    });
  });

  // The page viewer: a link shows the box and takes the focus to it; a field taking the focus shows its box.
  document.querySelectorAll("a.source-link").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showBox(link.dataset.box, true);
    });
  });
  document.addEventListener("focusin", (event) => {
    const field = event.target.closest("[data-box]:not(a)");
    if (field) showBox(field.dataset.box, false);
  });

  const rows = rememberQueue();
  const claim = document.querySelector("[data-claim]");
  let selected = -1;
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const forward = event.key === "j" || event.key === "ArrowRight";
    const back = event.key === "k" || event.key === "ArrowLeft";
    if (claim && (forward || back)) {
      const url = neighbour(claim.dataset.claim, forward ? 1 : -1);
      if (url) { event.preventDefault(); location.assign(url); }
    } else if (claim && event.key === "c") {
      const confirm = document.querySelector("form.confirm");
      if (confirm) { event.preventDefault(); confirm.requestSubmit(); }
    } else if (rows.length && (forward || back)) {
      // In the queue: move the selection, Enter opens the claim (its link has the focus).
      event.preventDefault();
      const step = forward ? 1 : -1;
      selected = Math.max(0, Math.min(rows.length - 1, selected + step));
      rows.forEach((r, i) => r.classList.toggle("selected", i === selected));
      rows[selected].querySelector("a").focus();
    }
  });
});
