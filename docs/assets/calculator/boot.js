// @ts-check
// Starts the calculator's engine worker as early as the page allows. Python's start-up in the worker is the
// longest step of opening the calculator, so it should not wait for the rest of the page: this small classic script
// is the first of the calculator page's <head> (overrides/main.html), with the worker's URL in its data-worker
// attribute; it runs before the theme's styles and scripts and before calculator.js (a module, run once the page is
// parsed). calculator.js (engine.js) adopts the worker through window.tbsc55Boot and replays what it said.
//
// Nothing holds it back: not the site's search (docs/assets/search/search.js fetches nothing until the reader opens
// it), nor the site's service worker on a first visit. docs/assets/offline/register.js registers that once the
// calculator has answered, and the offline copy it then makes asks the server whether each runtime file changed,
// taking the browser's HTTP cache's copy on a 304 (no body): starting at once costs no second download.

/**
 * What this script hands to engine.js (the same shape as its EarlyBoot): the worker, what it said before being
 * adopted, and how to stop listening to it; or why it could not be created.
 * @typedef {{worker: Worker | null, messages: unknown[], errors: string[], error: string | null,
 *   release: () => void}} EarlyBoot
 */

(() => {
  const page = /** @type {Window & {tbsc55Boot?: EarlyBoot | null}} */ (window);
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (page.tbsc55Boot !== undefined || typeof Worker === "undefined" || script === null) return;
  const workerUrl = new URL(script.dataset.worker ?? "worker.js", document.baseURI);

  /** @type {EarlyBoot} */
  const boot = { worker: null, messages: [], errors: [], error: null, release: () => {} };
  try {
    boot.worker = new Worker(workerUrl, { type: "module" });
  } catch (error) {
    boot.error = String((error instanceof Error && error.message) || error); // engine.js reports it
    page.tbsc55Boot = boot;
    return;
  }
  const worker = boot.worker;
  /** @param {MessageEvent} event */
  const keep = (event) => boot.messages.push(event.data);
  /** @param {Event} event */
  const died = (event) => {
    event.preventDefault();
    boot.errors.push(event instanceof ErrorEvent ? event.message || "" : "");
  };
  worker.addEventListener("message", keep);
  worker.addEventListener("error", died);
  worker.addEventListener("messageerror", died);
  boot.release = () => {
    worker.removeEventListener("message", keep);
    worker.removeEventListener("error", died);
    worker.removeEventListener("messageerror", died);
  };
  page.tbsc55Boot = boot;
})();
