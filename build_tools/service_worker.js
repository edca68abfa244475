// The site's service worker (issue 12, point 4): the calculator and the pages a reader has visited keep working
// without a network. Written to site/sw.js by build_tools/offline.py, which fills in VERSION (a hash of every file
// of the build), SHARED (Pyodide's runtime, shared by both languages), CALCULATOR (per language: the calculator's
// page, its scripts and form model, and the edition its requirements are shown from) and IMMUTABLE (those of them
// whose name carries a hash of their content), as paths from the site's root. Registered by
// docs/assets/offline/register.js, scoped to the site's root, so it works under any base path.
//
// Nothing is stored until a reader opens the calculator. Once its engine has answered, the page registers this
// worker and asks it to keep its language's calculator ("keep"): each file is fetched with "no-cache", which the
// browser turns into a question to the server ("changed since?") when its HTTP cache holds the page's download; a 304
// carries no body, so the runtime the page has just downloaded is not downloaded again. A reader of the
// specification alone downloads nothing more than the pages read, which are kept as they are visited.
//
// Network first: online, every request goes to the server as it would without this worker (a new build is seen at
// once) and a good answer is kept; offline, the kept answer is given. Except for a file whose name carries a hash of
// its content (IMMUTABLE: Pyodide's folder, the standard library, the package, the theme's bundles): under that name
// it never changes, so a kept copy is given at once, the server not asked: fetching Pyodide's 11 MB again through
// this worker made a returning reader's first result ~15 % slower (issue 24, benchmarks/bench_calculator.py (c)).
// A new build has a new VERSION, hence a new worker: it fills a cache of its own (the calculator again, if the
// reader had it: each file an older version kept is revalidated with its ETag and adopted when unchanged, so only
// what changed is downloaded), takes over, and deletes the caches of older versions of this site (only those: the
// calculator keeps a cache of its own, and another site on the same host has another scope). Anything that goes
// wrong here falls back to the network, so that the worker can never be why a page fails.

const VERSION = "__VERSION__";
const SHARED = __SHARED__;
const CALCULATOR = __CALCULATOR__;
const IMMUTABLE = __IMMUTABLE__;
const SCOPE = self.registration.scope;
const PREFIX = `tbsc55-offline ${SCOPE} `;
const CACHE = PREFIX + VERSION;
const MATCH = { ignoreVary: true };

const url = (path) => new URL(path, SCOPE).href;
const FIXED = new Set(IMMUTABLE.map(url));
// Answers being written to the cache, by URL: "keep" waits for them rather than fetching their files again.
const writing = new Map();

/** Stores the runtime and one language's calculator files that the cache does not hold yet. */
async function keepCalculator(lang) {
  const cache = await caches.open(CACHE);
  await Promise.all([...SHARED, ...CALCULATOR[lang]].map((path) => keepFile(cache, url(path))));
}

async function keepFile(cache, href) {
  await writing.get(href);
  if (await cache.match(href, MATCH)) return; // kept as the page fetched it through this worker
  const old = await olderCopy(href);
  const etag = old && old.headers.get("ETag");
  // With an older copy, ask whether it changed (a 304 costs no body); else fetch it ("no-cache": revalidated
  // against the HTTP cache where the browser shares it with workers, downloaded where it does not).
  const response = await fetch(href, etag ? { cache: "no-store", headers: { "If-None-Match": etag } } : { cache: "no-cache" });
  if (response.status === 304 && old) await cache.put(href, old);
  else if (response.ok) await cache.put(href, response);
  else throw new Error(`${href}: HTTP ${response.status}`);
}

/** The answer for `href` that an older version of this site's worker kept, if any. */
async function olderCopy(href) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const found = await (await caches.open(name)).match(href, MATCH);
    if (found) return found;
  }
  return undefined;
}

/** The languages whose calculator an older version of this site's worker had stored. */
async function storedBefore() {
  const langs = new Set();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    for (const lang of Object.keys(CALCULATOR)) {
      if (await old.match(url(CALCULATOR[lang][0]), MATCH)) langs.add(lang);
    }
  }
  return [...langs];
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      try {
        for (const lang of await storedBefore()) await keepCalculator(lang);
      } catch {
        // Offline during the update, or storage refused: the new build works online; its page asks again.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const lang = event.data && event.data.keep;
  if (!Object.hasOwn(CALCULATOR, lang)) return;
  event.waitUntil(
    keepCalculator(lang).then(
      () => event.source && event.source.postMessage({ kept: lang }),
      () => {},
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE) || request.headers.has("range")) return;
  event.respondWith(answer(request, event));
});

async function answer(request, event) {
  if (FIXED.has(request.url)) {
    const kept = await kept_answer(request);
    if (kept) return kept;
  }
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await kept_answer(request);
    if (kept) return kept;
    throw error;
  }
  if (response.ok && response.type === "basic") {
    const written = keep(request, response.clone());
    writing.set(request.url, written);
    written.then(() => writing.get(request.url) === written && writing.delete(request.url));
    event.waitUntil(written);
  }
  return response;
}

async function kept_answer(request) {
  try {
    const cache = await caches.open(CACHE);
    // A page is kept without its query; the calculator's shared link is in the fragment, never sent.
    return await cache.match(request, { ...MATCH, ignoreSearch: request.mode === "navigate" });
  } catch {
    return undefined;
  }
}

async function keep(request, response) {
  try {
    const cache = await caches.open(CACHE);
    const old = await cache.match(request, MATCH);
    const etag = response.headers.get("ETag");
    if (old && etag && old.headers.get("ETag") === etag) return; // the same file: not written again
    await cache.put(request, response);
  } catch {
    // Storage full or refused: the page has its answer anyway.
  }
}
