// @ts-check
// The calculator's engine: a module Web Worker that runs the `scoring` package in Pyodide (issue 4).
//
// It only moves data: JSON text from the page to scoring.browser and back. No rule, label or message of the
// scheme lives here. Everything it loads comes from the site itself, from the folder that the build writes once
// for both languages (build_tools/pyodide_hook.py): site/pyodide/, three levels up from this file
// (site/<lang>/assets/calculator/worker.js), so the site works under any base path.
//
// Its messages are described in protocol.js (shared with the page's engine.js; TypeScript checks both against
// it). The worker imports nothing at run time: a module import would be one more request before Python starts.

const RUNTIME = new URL("../../../pyodide/", import.meta.url);
// Pyodide's own files (its loader, its script, its WebAssembly) are in a folder of RUNTIME named after their
// contents, whose name the build writes here (build_tools/pyodide/runtime.py, bind_worker): files that never change
// under that name, which the browser and the site's service worker keep without asking the server again.
const PYODIDE = new URL("__PYODIDE__/", RUNTIME);
// Pyodide takes URLs in a browser; under Node.js (tests/pyodide runs this file there) it wants file paths.
const fromRuntime = (/** @type {string} */ name, base = RUNTIME) => {
  const url = new URL(name, base);
  return url.protocol === "file:" ? decodeURIComponent(url.pathname) : url.href;
};

/**
 * The scoring package's entry points (scoring/browser.py), each JSON text in and out.
 * @typedef {{evaluate: (json: string, compact: boolean) => string, grade: (json: string) => string,
 *   keptRaters: () => number, open: (text: string, kind: string) => string, openFile: (bytes: Uint8Array) => string,
 *   importLevels: (bytes: Uint8Array, name: string) => string, exportCsv: (json: string, lang: string, date?: string) => string,
 *   diagnose: (json: string) => string, diff: (a: string, b: string) => string,
 *   exportDiffCsv: (a: string, b: string, lang: string) => string,
 *   importSheets: (bytes: Uint8Array, name: string) => string, report: (json: string, lang: string, date: string) => string,
 *   save: (json: string) => string, version: string}} Python
 */

/** @type {any[]} requests that arrived before Python was ready (whatever the page sent: checked when answered) */
const queue = [];
/** @type {Python | null} */
let engine = null; // once ready
/** @type {string | null} */
let failure = null; // the fatal message, once Pyodide has failed to start

/** @param {unknown} message */
function post(message) {
  self.postMessage(message);
}

/** @param {any} error */
function messageOf(error) {
  return String((error && error.message) || error || "unknown error");
}

/** A request of the page (protocol.js), as it came: checked here. @param {any} request */
function answer(request) {
  const id = request && request.id;
  if (failure !== null) {
    post({ id, type: "error", message: `The grading engine is not available: ${failure}` });
    return;
  }
  const python = /** @type {Python} */ (engine); // answer() runs once Python is ready or has failed
  try {
    if (request.type === "evaluate") {
      const payload = JSON.parse(python.evaluate(JSON.stringify(request.document), request.compact === true));
      post({ id, type: "evaluated", payload });
    } else if (request.type === "grade") {
      const payload = JSON.parse(python.grade(formUpdate(request)));
      post({ id, type: "graded", payload });
    } else if (request.type === "open") {
      if (request.kind !== "vector" && request.kind !== "json") {
        throw new Error(`unknown kind of document: ${JSON.stringify(request.kind)}`);
      }
      const payload = JSON.parse(
        request.bytes === undefined ? python.open(String(request.text), request.kind) : python.openFile(asBytes(request.bytes)),
      );
      post({ id, type: "opened", payload });
    } else if (request.type === "import_sheets") {
      const payload = JSON.parse(python.importSheets(asBytes(request.bytes), String(request.name || "")));
      post({ id, type: "imported", payload });
    } else if (request.type === "import_levels") {
      const payload = JSON.parse(python.importLevels(asBytes(request.bytes), String(request.name || "")));
      post({ id, type: "imported_levels", payload });
    } else if (request.type === "export_csv") {
      const date = typeof request.date === "string" ? request.date : undefined;
      const payload = JSON.parse(python.exportCsv(JSON.stringify(request.document), language(request.lang), date));
      post({ id, type: "exported", payload });
    } else if (request.type === "diagnose") {
      const payload = JSON.parse(python.diagnose(JSON.stringify(request.document)));
      post({ id, type: "diagnosed", payload });
    } else if (request.type === "diff") {
      const payload = JSON.parse(python.diff(JSON.stringify(request.a), JSON.stringify(request.b)));
      post({ id, type: "compared", payload });
    } else if (request.type === "export_diff_csv") {
      const [a, b] = [JSON.stringify(request.a), JSON.stringify(request.b)];
      const payload = JSON.parse(python.exportDiffCsv(a, b, language(request.lang)));
      post({ id, type: "exported", payload });
    } else if (request.type === "report") {
      language(request.lang);
      if (typeof request.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(request.date)) {
        throw new Error(`not a date (YYYY-MM-DD): ${JSON.stringify(request.date)}`);
      }
      const payload = JSON.parse(python.report(JSON.stringify(request.document), request.lang, request.date));
      post({ id, type: "reported", payload });
    } else if (request.type === "save") {
      const save = { form: request.form, name: String(request.name || ""), lang: language(request.lang), date: String(request.date || "") };
      post({ id, type: "saved", payload: JSON.parse(python.save(JSON.stringify(save))) });
    } else {
      throw new Error(`unknown request type: ${JSON.stringify(request && request.type)}`);
    }
  } catch (error) {
    post({ id, type: "error", message: messageOf(error) });
  }
  snapshotWhenIdle();
}

/**
 * The update of the form Python keeps (scoring.browser.grade_form), as JSON text: the raters that changed come as
 * the page made their JSON text (engine.js), and are written into the update as they are.
 * @param {any} request a GradeRequest (protocol.js)
 */
function formUpdate(request) {
  const changed = [];
  for (const [index, text] of request.changed) {
    if (!Number.isInteger(index) || typeof text !== "string") throw new Error("not a form update: a changed rater");
    changed.push(`"${index}":${text}`);
  }
  const head = JSON.stringify({
    document: request.document,
    count: request.count,
    removed: request.removed,
    window: request.window,
    since: request.since,
  });
  return `${head.slice(0, -1)},"changed":{${changed.join(",")}}}`;
}

/** @param {unknown} lang @returns {"zh" | "en"} */
function language(lang) {
  if (lang !== "zh" && lang !== "en") throw new Error(`unknown language: ${JSON.stringify(lang)}`);
  return lang;
}

/** @param {unknown} data @returns {Uint8Array} */
function asBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new Error("the file's bytes are missing (an ArrayBuffer or a Uint8Array)");
}

self.addEventListener("message", (event) => {
  // boot.js's hand-over of the WebAssembly file comes without an id; a request of that name is answered as unknown.
  if (event.data && event.data.type === "wasm" && event.data.id === undefined) return receiveWasm(event.data);
  if (engine !== null || failure !== null) answer(event.data);
  else queue.push(event.data);
});

// Pyodide's WebAssembly file, 2.8 MB of the runtime's 3.4 (brotli), is asked for as this worker starts: Pyodide's
// loader would ask for it only once the loader and the manifest have arrived, a round trip later, for which a slow
// line (10 Mbit/s, 40 ms a request: benchmarks/bench_calculator.py (f)) would stand idle. Pyodide's own fetch of the
// file is answered with this response (withEarlyWasm). Under Node.js (the tests) Pyodide reads files, not URLs.
// Where the page's boot.js asked for the file before this worker existed (this worker's URL ends in "#wasm"), the
// response is made of the download the page hands over (WasmHandOver in protocol.js); if it hands over none, this
// worker asks itself.
const WASM_URL = new URL("pyodide.asm.wasm", PYODIDE);
/** @type {(handOver: import("./protocol.js").WasmHandOver) => void} */
let receiveWasm = () => {};
/** @type {Promise<import("./protocol.js").WasmHandOver>} */
const handedOver = new Promise((resolve) => {
  receiveWasm = resolve;
});
/** @returns {Promise<Response> | null} */
function askForWasm() {
  if (WASM_URL.protocol === "file:") return null;
  if (typeof location === "undefined" || location.hash !== "#wasm") return fetch(WASM_URL);
  return handedOver.then(({ body, contentType }) =>
    body ? new Response(body, { headers: { "Content-Type": contentType } }) : fetch(WASM_URL),
  );
}
/** @type {Promise<Response> | null} */
let earlyWasm = askForWasm();
earlyWasm?.catch(() => {}); // a failure is Pyodide's own fetch's to see: withEarlyWasm asks again

/**
 * Runs ``start`` (Pyodide's start-up) with the early response for pyodide.asm.wasm as the answer to Pyodide's
 * fetch of that file (its loader takes a URL, not a response). Once: a second start (a stored snapshot that failed
 * to load) fetches the file again, as does one whose early request failed. Every other fetch is left as it is.
 * Whichever response Pyodide gets for the file, its first bytes are checked: Pyodide never settles when the file is
 * not WebAssembly (a proxy's error page sent as 200), so that failure ends the start here, at once, with its
 * reason, rather than when the page's 30-second wait runs out.
 * @template T @param {() => Promise<T>} start @returns {Promise<T>}
 */
async function withEarlyWasm(start) {
  if (WASM_URL.protocol === "file:") return start();
  const fetchItself = self.fetch;
  /** @type {(reason: Error) => void} */
  let refuse = () => {};
  /** @type {Promise<never>} */
  const refused = new Promise((_, reject) => {
    refuse = reject;
  });
  self.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== WASM_URL.href) return fetchItself.call(self, input, init);
    const early = earlyWasm;
    earlyWasm = null;
    let response = early === null ? null : await early.catch(() => null);
    if (response === null || !response.ok) response = await fetchItself.call(self, input, init);
    if (response.ok) isWebAssembly(response.clone()).catch(refuse);
    return response;
  };
  try {
    return await Promise.race([start(), refused]);
  } finally {
    self.fetch = fetchItself;
    earlyWasm = null;
  }
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm", the first four bytes of every WebAssembly module

/** Rejects unless the response's body starts as WebAssembly does (reads only its first bytes).
 * @param {Response} response */
async function isWebAssembly(response) {
  if (response.body === null) return;
  const reader = response.body.getReader();
  /** @type {number[]} */
  const head = [];
  while (head.length < WASM_MAGIC.length) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(...value.subarray(0, WASM_MAGIC.length - head.length));
  }
  reader.cancel().catch(() => {});
  if (WASM_MAGIC.some((byte, i) => head[i] !== byte)) {
    const type = response.headers.get("content-type") || "no type";
    throw new Error(`${WASM_URL.pathname} is not a WebAssembly file (${type})`);
  }
}

/** @param {URL} url */
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// A warm start: after a first start, the interpreter's memory with scoring imported and the rules read is kept
// in the browser's Cache Storage, under a key naming every file it was made from. Restoring it skips
// Python's start-up, the bulk of the time. Pyodide's snapshot API is marked private: version 314.0.7 is pinned
// exactly, and any failure falls back to a normal start (and drops the stored snapshot).
const SNAPSHOTS = "tbsc55-calculator-pyodide";

/** @param {{build: string}} runtime runtime.json: ``build`` names the files the engine is made of */
function snapshotKey(runtime) {
  return new URL(`snapshot/${STORED_FORMAT}/${runtime.build}`, RUNTIME).href; // a key in the cache, never fetched
}

// A snapshot is stored without the pages of the interpreter's memory that hold only zeros (about 60 % of its
// 31 MB), which a warm start then need not read (issue 24: reading them was on the first result's path, ~50 ms).
// Layout: four 32-bit words (STORED_FORMAT, the memory's length, PAGE, the count of pages kept), the numbers of the
// pages kept, then those pages one after another.
const STORED_FORMAT = 0x54425331; // "TBS1"; in the key too, so that a snapshot stored otherwise is never read
const PAGE = 4096;

/** The snapshot as stored: its memory less the pages of zeros. @param {Uint8Array} snapshot @returns {Uint8Array} */
function withoutZeroPages(snapshot) {
  const memory = snapshot.byteOffset % 4 === 0 ? snapshot : snapshot.slice(); // read a word at a time
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.byteLength >>> 2);
  /** @type {number[]} */
  const kept = [];
  for (let page = 0; page * PAGE < memory.length; page++) {
    const end = Math.min((page + 1) * PAGE, memory.length);
    let zero = true;
    for (let word = (page * PAGE) >>> 2; zero && word < end >>> 2; word++) zero = words[word] === 0;
    for (let byte = end & ~3; zero && byte < end; byte++) zero = memory[byte] === 0;
    if (!zero) kept.push(page);
  }
  const pages = kept.map((page) => memory.subarray(page * PAGE, Math.min((page + 1) * PAGE, memory.length)));
  const head = 4 * (4 + kept.length);
  const stored = new Uint8Array(head + pages.reduce((sum, bytes) => sum + bytes.length, 0));
  const header = new Uint32Array(stored.buffer, 0, 4 + kept.length);
  header.set([STORED_FORMAT, memory.length, PAGE, kept.length]);
  header.set(kept, 4);
  let at = head;
  for (const bytes of pages) {
    stored.set(bytes, at);
    at += bytes.length;
  }
  return stored;
}

/** The memory a stored snapshot holds, its pages of zeros put back. Throws for anything else.
 * @param {ArrayBuffer} stored @returns {Uint8Array} */
function withZeroPages(stored) {
  if (stored.byteLength < 16) throw new Error("not a stored snapshot");
  const [format, length, page, count] = new Uint32Array(stored, 0, 4);
  if (format !== STORED_FORMAT || page !== PAGE || 16 + 4 * count > stored.byteLength) {
    throw new Error("not a stored snapshot");
  }
  const memory = new Uint8Array(length);
  let at = 16 + 4 * count;
  for (const number of new Uint32Array(stored, 16, count)) {
    const size = Math.min(PAGE, length - number * PAGE);
    if (size <= 0 || at + size > stored.byteLength) throw new Error("a stored snapshot cut short");
    memory.set(new Uint8Array(stored, at, size), number * PAGE);
    at += size;
  }
  if (at !== stored.byteLength) throw new Error("a stored snapshot with bytes to spare");
  return memory;
}

/** The stored snapshot's memory, still being read (~13 MB of its 31: Pyodide reads it while it imports its
 * runtime's script, which is when it needs it), or null when none is stored. @param {string} key
 * @returns {Promise<{bytes: Promise<Uint8Array>} | null>} */
async function storedSnapshot(key) {
  try {
    if (typeof caches === "undefined") return null; // not a secure context, or an old browser
    const response = await (await caches.open(SNAPSHOTS)).match(key);
    if (!response) return null;
    const bytes = response.arrayBuffer().then(withZeroPages);
    bytes.catch(() => {}); // a damaged snapshot: Pyodide's start fails with its reason, then starts afresh
    return { bytes };
  } catch {
    return null;
  }
}

/** @param {string} key @param {Uint8Array} snapshot */
async function storeSnapshot(key, snapshot) {
  try {
    if (typeof caches === "undefined") return;
    await caches.delete(SNAPSHOTS); // at most one snapshot: the one of the files served now
    const stored = /** @type {Uint8Array<ArrayBuffer>} */ (withoutZeroPages(snapshot));
    await (await caches.open(SNAPSHOTS)).put(key, new Response(stored));
  } catch {
    // a full or disabled cache only costs the next visit a normal start
  }
}

// The snapshot of a cold start is made once the worker has had nothing to do for a moment: making it copies
// the interpreter's memory (about 40 ms), which should not delay the first answers.
const SNAPSHOT_IDLE_MS = 500;
const SNAPSHOT_MAX_RATERS = 100;
/** @type {{key: string, make: () => Uint8Array} | null} */
let pendingSnapshot = null; // after a cold start, until the snapshot is made
let snapshotTimer = 0;

function snapshotWhenIdle() {
  if (pendingSnapshot === null) return;
  clearTimeout(snapshotTimer);
  const pending = pendingSnapshot;
  snapshotTimer = setTimeout(() => {
    // Making it forgets the form Python keeps, which the page then sends again: for a large form, a second of
    // grading in the middle of its edits. Such a form waits (its next visit may make the snapshot).
    if (engine !== null && engine.keptRaters() > SNAPSHOT_MAX_RATERS) return;
    const { key, make } = pending;
    pendingSnapshot = null;
    let made;
    try {
      made = make();
    } catch (error) {
      console.warn(`calculator: no Python snapshot for the next visit (${messageOf(error)})`);
      return;
    }
    storeSnapshot(key, made);
  }, SNAPSHOT_IDLE_MS);
}

async function dropSnapshots() {
  try {
    if (typeof caches !== "undefined") await caches.delete(SNAPSHOTS);
  } catch {
    // nothing to drop
  }
}

const stages = new Set();
/** @param {string} stage */
function progress(stage) {
  if (!stages.has(stage)) post({ type: "progress", stage });
  stages.add(stage);
}

/** @returns {Promise<{pyodide: any, sitePackages: string}>} */
/**
 * @param {(options: any) => Promise<any>} loadPyodide @param {any} runtime runtime.json (build_tools/pyodide/runtime.py)
 * @param {Promise<Uint8Array> | null} snapshot @param {() => void} starting called once the runtime's files are in
 */
async function startPython(loadPyodide, runtime, snapshot, starting) {
  /** @type {string | null} */
  let sitePackages = null;
  const pyodide = await loadPyodide({
    indexURL: fromRuntime("", PYODIDE),
    stdLibURL: fromRuntime(runtime.stdlib),
    // A lock file with no packages: Pyodide fetches no pyodide-lock.json and installs nothing from anywhere.
    lockFileContents: runtime.lock,
    packageBaseUrl: fromRuntime("", PYODIDE),
    ...(snapshot ? { _loadSnapshot: snapshot } : { _makeSnapshot: true }),
    fsInit: async (/** @type {unknown} */ _fs, /** @type {{sitePackages: string}} */ info) => {
      sitePackages = info.sitePackages;
      starting();
      progress("python"); // downloaded and compiled: the interpreter starts now
    },
  });
  progress("python");
  progress("rules");
  const packages = sitePackages ?? pyodide.runPython("import sys; [p for p in sys.path if p.endswith('site-packages')][0]");
  return { pyodide, sitePackages: String(packages) };
}

async function boot() {
  progress("download");
  // The loader, the runtime's script (1.2 MB, which the loader would ask for only once it runs) and the manifest
  // (names of the hashed files, the lock) are fetched side by side; the loader's own import of the script then
  // finds it in the module map.
  const loader = import(new URL("pyodide.mjs", PYODIDE).href);
  loader.catch(() => {}); // awaited below; if the manifest fails first, its failure is the one reported
  import(new URL("pyodide.asm.mjs", PYODIDE).href).catch(() => {}); // a failure is the loader's to report
  const runtime = await (await fetch(new URL("runtime.json", RUNTIME))).json();
  // The package's zip is needed once Python has started: asked for when the runtime's own files are in and the
  // interpreter starts, it does not share a slow line with them (113 kB: 90 ms at 10 Mbit/s), and is there long
  // before Python is (a second or two).
  /** @type {Promise<Uint8Array> | null} */
  let scoringZip = null;
  const fetchScoring = () => {
    if (scoringZip === null) {
      scoringZip = fetchBytes(new URL(runtime.scoring, RUNTIME));
      scoringZip.catch(() => {}); // awaited below; a failure then is reported as fatal, not as unhandled
    }
    return scoringZip;
  };
  const key = snapshotKey(runtime);
  const snapshot = await storedSnapshot(key);
  if (snapshot) fetchScoring(); // from the browser's copies: a warm start's Python is there sooner (~0.5 s)
  const { loadPyodide } = await loader;
  const { pyodide, sitePackages, fresh } = await withEarlyWasm(async () => {
    if (snapshot) {
      try {
        return { ...(await startPython(loadPyodide, runtime, snapshot.bytes, fetchScoring)), fresh: false };
      } catch (error) {
        console.warn(`calculator: the stored Python snapshot was not usable (${messageOf(error)}); starting afresh`);
        await dropSnapshots();
      }
    }
    return { ...(await startPython(loadPyodide, runtime, null, fetchScoring)), fresh: true };
  });
  // The package's files (rules.toml, schemas) live in the file system, which no snapshot holds: unpack always.
  pyodide.unpackArchive(await fetchScoring(), "zip", { extractDir: sitePackages });
  // Import the package and read rules.toml now rather than on the first request.
  pyodide.runPython("import scoring.browser\nfrom scoring.rules import load_rules\nload_rules()");
  const browser = pyodide.pyimport("scoring.browser");
  if (fresh) {
    pendingSnapshot = {
      key,
      make: () => {
        // The snapshot holds no form: Python forgets the one it keeps, and the page sends every rater again.
        browser.forget_form();
        return pyodide.makeMemorySnapshot();
      },
    };
  }
  /** A Uint8Array becomes Python bytes (a copy); the proxy of the copy is released at once.
   * @param {Uint8Array} bytes @param {(data: unknown) => string} use */
  const withBytes = (bytes, use) => {
    const data = pyodide.toPy(bytes);
    try {
      return use(data);
    } finally {
      data.destroy();
    }
  };
  const engine = {
    evaluate: browser.evaluate_document,
    grade: browser.grade_form,
    keptRaters: browser.kept_raters,
    open: browser.open_document,
    openFile: (/** @type {Uint8Array} */ bytes) => withBytes(bytes, (data) => browser.open_file(data)),
    importSheets: (/** @type {Uint8Array} */ bytes, /** @type {string} */ name) => withBytes(bytes, (data) => browser.import_sheets(data, name)),
    importLevels: (/** @type {Uint8Array} */ bytes, /** @type {string} */ name) => withBytes(bytes, (data) => browser.import_levels(data, name)),
    exportCsv: browser.export_csv,
    diagnose: browser.diagnose_document,
    diff: browser.diff_documents,
    exportDiffCsv: browser.export_diff_csv,
    report: browser.report,
    save: browser.save_form,
    version: pyodide.runPython("import scoring; scoring.__version__"),
  };
  return engine;
}

boot().then(
  (ready) => {
    engine = ready;
    post({ type: "ready", version: ready.version });
    for (const request of queue.splice(0)) answer(request);
    snapshotWhenIdle();
  },
  (error) => {
    failure = messageOf(error);
    post({ type: "fatal", message: `Python (Pyodide) could not start in this browser: ${failure}` });
    for (const request of queue.splice(0)) answer(request);
  },
);
