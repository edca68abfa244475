// Runs the site's own worker.js (site/<lang>/assets/calculator/worker.js, with the site/pyodide/ it loads)
// under Node.js, in place of a browser's module Web Worker: `self`, file: fetches and Cache Storage are shims.
//
//   node tests/pyodide/worker_harness.mjs <worker.js> <script.json> <answer.json>
//
// script: {early: [<message posted at once, before the worker is ready>...],
//          later: [<message posted after "ready">...], starts: <how many times to start the worker>}
// answer: {runs: [{received: [<every message from the worker, in order>...], warnings: [...]}...],
//          cache_puts: <snapshots stored>, cache_hits: <snapshots found>}
import fs from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const [workerPath, scriptPath, answerPath] = process.argv.slice(2);
const script = JSON.parse(await fs.readFile(scriptPath, "utf8"));

globalThis.fetch = async (url) => {
  const href = String(url);
  if (!href.startsWith("file:")) throw new Error(`the worker fetched something outside the site: ${href}`);
  try {
    return new Response(await fs.readFile(fileURLToPath(href)), { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
};

const store = new Map();
const answer = { runs: [], cache_puts: 0, cache_hits: 0 };
globalThis.caches = {
  async open() {
    return {
      async match(key) {
        if (!store.has(String(key))) return undefined;
        answer.cache_hits += 1;
        return new Response(store.get(String(key)));
      },
      async put(key, response) {
        answer.cache_puts += 1;
        store.set(String(key), new Uint8Array(await response.arrayBuffer()));
      },
    };
  },
  async delete() {
    store.clear();
    return true;
  },
};

for (let start = 0; start < (script.starts ?? 1); start++) {
  const run = { received: [], warnings: [] };
  const hitsBefore = answer.cache_hits;
  const putsBefore = answer.cache_puts;
  answer.runs.push(run);
  const listeners = [];
  let ready;
  const readyOrFatal = new Promise((resolve) => {
    ready = resolve;
  });
  const pending = new Map();
  globalThis.self = {
    postMessage(message) {
      const copy = structuredClone(message);
      run.received.push(copy);
      if (copy.type === "ready" || copy.type === "fatal") ready();
      if (copy.id !== undefined && pending.has(copy.id)) pending.get(copy.id)();
    },
    addEventListener(type, listener) {
      if (type === "message") listeners.push(listener);
    },
  };
  const warn = console.warn;
  console.warn = (...args) => run.warnings.push(args.join(" "));
  const send = (message) =>
    new Promise((resolve) => {
      pending.set(message.id, resolve);
      for (const listener of listeners) listener({ data: structuredClone(message) });
    });
  // A fresh module instance each start, as a new Worker would be.
  await import(`${pathToFileURL(workerPath).href}?start=${start}`);
  const early = (script.early ?? []).map(send);
  await readyOrFatal;
  await Promise.all(early);
  for (const message of script.later ?? []) await send(message);
  // A cold start stores its snapshot once it has been idle for a moment (worker.js: SNAPSHOT_IDLE_MS); wait for
  // it, or for a warning that there will be none. A warm start or a failed one stores nothing.
  const cold = answer.cache_hits === hitsBefore && !run.received.some((m) => m.type === "fatal");
  for (let waited = 0; cold && answer.cache_puts === putsBefore && !run.warnings.length && waited < 60000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  console.warn = warn;
}
await fs.writeFile(answerPath, JSON.stringify(answer));
process.exit(0);
