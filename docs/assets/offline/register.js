// Registers the site's service worker (site/sw.js, written by build_tools/offline.py), which keeps the calculator
// and the visited pages for reading without a network. An enhancement only: where service workers are missing or
// refused, or sw.js is missing, nothing changes.
//
// Its scope is the site's root, two folders above the language's assets (site/<lang>/assets/offline/ → site/), so
// the site works under any base path. It is registered once the page is quiet; on the calculator page, once the
// engine has answered and a moment more, so that nothing competes with the first result. The page then asks the
// worker to keep the calculator of its language: the worker asks the server whether each file changed since the page
// downloaded it, and a 304 (no body) lets it keep the browser's HTTP cache's copy, so the runtime is not downloaded
// twice. When everything is stored, <html data-offline="ready"> says so.

const WORKER = new URL("../../../sw.js", import.meta.url);

function register() {
  navigator.serviceWorker.register(WORKER, { scope: new URL("./", WORKER).pathname }).catch(() => {
    // No worker (not published, or broken): the site works as it does without one.
  });
}

function keepCalculator() {
  const container = navigator.serviceWorker;
  const ask = () => container.controller && container.controller.postMessage({ keep: document.documentElement.lang });
  container.addEventListener("message", (event) => {
    if (event.data && event.data.kept) document.documentElement.dataset.offline = "ready";
  });
  // A first visit: the worker takes the page over once installed. A new build: its worker takes over, and is asked.
  container.addEventListener("controllerchange", ask);
  container.startMessages();
  ask();
}

// The calculator page is quiet once its engine has answered (or failed): its summary is no longer busy.
const QUIET_MS = 3000; // …or this long after the engine is ready, whatever the summary says
const AFTER_ANSWER_MS = 2000; // and then a moment more: the page draws its first result undisturbed

function whenQuiet(then) {
  const calculator = document.querySelector("[data-calculator]");
  if (!calculator) return then();
  let readyAt = 0;
  const ready = () => {
    if (document.querySelector('.calc-status[data-state="failed"]')) return true;
    if (!document.querySelector('.calc-status[data-state="ready"]')) return false;
    if (!readyAt) {
      readyAt = Date.now();
      setTimeout(check, QUIET_MS); // the summary may never change again: look once more then
    }
    if (Date.now() - readyAt >= QUIET_MS) return true;
    return document.querySelector('.calc-summary[aria-busy="false"]') !== null;
  };
  let done = false;
  const check = () => {
    if (done || !ready()) return;
    done = true;
    observer.disconnect();
    setTimeout(then, AFTER_ANSWER_MS);
  };
  const observer = new MutationObserver(check);
  observer.observe(calculator, { subtree: true, attributes: true, attributeFilter: ["data-state", "aria-busy"], childList: true });
  check();
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  const start = () =>
    whenQuiet(() => {
      register();
      if (document.querySelector("[data-calculator]")) keepCalculator();
    });
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
}
