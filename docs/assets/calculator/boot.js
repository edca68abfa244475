// Starts the calculator's engine worker as early as the page allows. Python's start-up in the worker is the
// longest step of opening the calculator, so it should not wait for the rest of the page: this small classic
// script is written into the top of the page's <head> (overrides/main.html, build_tools/pyodide_hook.py), with the
// worker's URL in its data-worker attribute; it runs before the theme's styles and scripts and before
// calculator.js (a module, run once the page is parsed). calculator.js adopts the worker and replays what it said.
// (The site's search, docs/assets/search/search.js, fetches nothing until the reader opens it, so nothing here needs
// to hold it back.)
(() => {
  if (window.tbsc55Boot !== undefined || typeof Worker === "undefined") return; // calculator.js starts its own
  const boot = { worker: null, messages: [], errors: [], error: null };
  try {
    boot.worker = new Worker(new URL(document.currentScript.dataset.worker, document.baseURI), { type: "module" });
  } catch (error) {
    boot.error = String((error && error.message) || error); // calculator.js reports it, as for its own worker
    window.tbsc55Boot = boot;
    return;
  }
  const keep = (event) => boot.messages.push(event.data);
  const died = (event) => {
    event.preventDefault();
    boot.errors.push(event.message || "");
  };
  boot.worker.addEventListener("message", keep);
  boot.worker.addEventListener("error", died);
  boot.worker.addEventListener("messageerror", died);
  boot.release = () => {
    boot.worker.removeEventListener("message", keep);
    boot.worker.removeEventListener("error", died);
    boot.worker.removeEventListener("messageerror", died);
  };
  window.tbsc55Boot = boot;
})();

