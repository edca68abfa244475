// @ts-check
// Starts the calculator's engine worker as early as the page allows. Python's start-up in the worker is the
// longest step of opening the calculator, so it should not wait for the rest of the page: this small classic script
// is the first of the calculator page's <head> (overrides/main.html), with the worker's URL in its data-worker
// attribute; it runs before the theme's styles and scripts and before calculator.js (a module, run once the page is
// parsed). calculator.js (engine.js) adopts the worker through window.tbsc55Boot and replays what it said.
//
// The site's service worker (site/sw.js, build_tools/offline.py) keeps what passes through it for reading offline.
// So that the engine's downloads (Pyodide's runtime, 3.4 MB) pass through it rather than being downloaded a second
// time to be kept, the first visit registers it here and starts the engine once it controls the page — a moment,
// bounded by OFFLINE_WAIT_MS. Where it already controls the page (every later visit), or cannot (no support, not a
// secure context, missing, refused, broken), the engine starts at once.
// (The site's search, docs/assets/search/search.js, fetches nothing until the reader opens it, so nothing here needs
// to hold it back.)

/**
 * What this script hands to engine.js (the same shape as its EarlyBoot): the worker, what it said before being
 * adopted, and how to stop listening to it; or why it could not be created.
 * @typedef {{worker: Worker | null, messages: unknown[], errors: string[], error: string | null,
 *   release: () => void}} EarlyBoot
 */

(() => {
  const OFFLINE_WAIT_MS = 1500;
  const page = /** @type {Window & {tbsc55Boot?: EarlyBoot | null}} */ (window);
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (page.tbsc55Boot !== undefined || typeof Worker === "undefined" || script === null) return;
  const workerUrl = new URL(script.dataset.worker ?? "worker.js", document.baseURI);
  // The site's root holds sw.js: three folders above this file (site/<lang>/assets/calculator/boot.js).
  const offline = new URL("../../../sw.js", script.src);
  let started = false;

  function start() {
    // Once only; and never once engine.js has taken its worker (null) or started its own.
    if (started || page.tbsc55Boot !== undefined) return;
    started = true;
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
  }

  const container = "serviceWorker" in navigator && window.isSecureContext ? navigator.serviceWorker : null;
  if (container === null || container.controller !== null) {
    start();
    return;
  }
  const timer = setTimeout(start, OFFLINE_WAIT_MS);
  const now = () => {
    clearTimeout(timer);
    start();
  };
  container.addEventListener("controllerchange", now, { once: true });
  container.register(offline, { scope: new URL("./", offline).pathname }).then(
    (registration) => {
      // Nothing to wait for: registration refused without an error (an automated browser can do that), or a worker
      // already active that does not control this page (a reload that bypassed it) and will not claim it now.
      if (!registration || (registration.active && !registration.installing && !registration.waiting)) now();
    },
    now, // sw.js missing or broken: the site works without it
  );
})();
