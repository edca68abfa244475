// @ts-check
// Starts the calculator's engine worker as early as the page allows. Python's start-up in the worker is the
// longest step of opening the calculator, so it should not wait for the rest of the page: this small classic script
// is the first of the calculator page's <head> (overrides/main.html), with the worker's URL in its data-worker
// attribute; it runs before the theme's styles and scripts and before calculator.js (a module, run once the page is
// parsed). calculator.js (engine.js) adopts the worker through window.tbsc55Boot and replays what it said.
//
// It also asks for Pyodide's WebAssembly file (2.8 MB of the runtime's 3.4 on the wire, its URL in data-wasm; the
// page's preload of it, overrides/main.html, is what answers) and hands the download to the worker as it arrives (a
// transferred stream: WasmHandOver in protocol.js): the worker's own request could leave only once its script has
// arrived and run, a round trip and more later, while a slow line stands idle between the page's small files
// (issue 24 (b): 10 Mbit/s, the first result ~3.9 → ~3.7 s).
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
  const wasm = script.dataset.wasm ? fetch(new URL(script.dataset.wasm, document.baseURI)) : null;
  if (wasm) workerUrl.hash = "wasm"; // the worker waits for the file from this page (worker.js)

  /** @type {EarlyBoot} */
  const boot = { worker: null, messages: [], errors: [], error: null, release: () => {} };
  try {
    boot.worker = new Worker(workerUrl, { type: "module" });
  } catch (error) {
    boot.error = String((error instanceof Error && error.message) || error); // engine.js reports it
    wasm?.then((response) => response.body?.cancel(), () => {}); // no worker to hand it to
    page.tbsc55Boot = boot;
    return;
  }
  const worker = boot.worker;
  if (wasm) handOver(worker, wasm);
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

  /**
   * Hands the download of Pyodide's WebAssembly file to the worker, as a transferred stream of its body; or null,
   * when the request failed or the browser cannot transfer a stream, and the worker asks for the file itself.
   * @param {Worker} worker @param {Promise<Response>} wasm
   */
  function handOver(worker, wasm) {
    /** @param {ReadableStream<Uint8Array> | null} body @param {string} contentType */
    const send = (body, contentType) => worker.postMessage({ type: "wasm", body, contentType }, body ? [body] : []);
    wasm.then(
      (response) => {
        if (!response.ok || !response.body) return send(null, "");
        try {
          send(response.body, response.headers.get("content-type") || "");
        } catch {
          response.body.cancel().catch(() => {}); // a stream this browser cannot transfer
          send(null, "");
        }
      },
      () => send(null, ""),
    );
  }
})();
