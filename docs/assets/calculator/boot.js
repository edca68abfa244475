// Starts the calculator's engine worker as early as the page allows. Python's start-up in the worker is the
// longest step of opening the calculator, so it should not wait for the rest of the page: this small classic
// script is written into the top of the page's <head> (overrides/main.html, build_tools/pyodide_hook.py), with the
// worker's URL in its data-worker attribute; it runs before the theme's styles and scripts and before
// calculator.js (a module, run once the page is parsed). calculator.js adopts the worker and replays what it said.
// It also holds back the theme's search worker until the engine has answered (below).
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

// The theme's search builds its index in a worker of its own as soon as a page loads: about half a second of CPU,
// which on this page would compete with Python's start-up for the processor. Here that worker is created once the
// engine has given its first answer and had a second to itself — or at once when the reader turns to the search
// box (the theme focuses it for its keyboard shortcuts too). Until then the theme's messages to it are kept, in
// order. Any other worker is created as usual.
(() => {
  const boot = window.tbsc55Boot;
  if (!boot || !boot.worker) return;
  const PageWorker = window.Worker;
  const waiting = []; // the deferred workers' start functions
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    window.Worker = PageWorker;
    for (const start of waiting.splice(0)) start();
  };

  class DeferredWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.messages = [];
      this.worker = null;
      waiting.push(() => {
        this.worker = new PageWorker(url, options);
        for (const type of ["message", "messageerror", "error"]) {
          this.worker.addEventListener(type, (event) => this.dispatchEvent(new event.constructor(type, event)));
        }
        for (const message of this.messages.splice(0)) this.worker.postMessage(message);
      });
    }

    postMessage(message) {
      if (this.worker) this.worker.postMessage(message);
      else this.messages.push(message);
    }

    terminate() {
      if (this.worker) this.worker.terminate();
      else this.messages.length = 0;
    }
  }

  // The theme's configuration (with the search worker's URL) is at the end of <body>: read when first needed.
  let searchWorkerUrl;
  const searchWorker = () => {
    const element = document.getElementById("__config");
    if (searchWorkerUrl === undefined && element) {
      try {
        const config = JSON.parse(element.textContent);
        searchWorkerUrl = config.search ? new URL(config.search, location.href).href : null;
      } catch {
        searchWorkerUrl = null;
      }
    }
    return searchWorkerUrl ?? null;
  };
  window.Worker = function Worker(url, options) {
    if (!released && new URL(url, location.href).href === searchWorker()) return new DeferredWorker(url, options);
    return new PageWorker(url, options);
  };

  let idle = 0;
  boot.worker.addEventListener("message", (event) => {
    const type = event.data && event.data.type;
    if (type === "fatal") release();
    else if (type === "evaluated" || type === "opened") {
      clearTimeout(idle);
      idle = setTimeout(release, 1000);
    }
  });
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.closest(".md-search")) release();
  });
  setTimeout(release, 30000); // whatever happens to the engine
})();
