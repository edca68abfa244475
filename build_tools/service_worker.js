// The site's service worker (issue 12, point 4): the calculator and the pages a reader has visited keep working
// without a network. Written to site/sw.js by build_tools/offline.py, which fills in VERSION (a hash of every file
// of the build) and PRECACHE (the calculator's page, its scripts and form model, and Pyodide's runtime, as paths
// from the site's root). Registered by docs/assets/offline/register.js, scoped to the site's root, so it works
// under any base path.
//
// Network first: online, every request goes to the server as it would without this worker (a new build is seen at
// once) and a good answer is kept; offline, the kept answer is given. A new build has a new VERSION, hence a new
// worker: it fills a cache of its own, takes over, and deletes the caches of older versions of this site (only
// those: the calculator keeps its own cache, and another site on the same host has another scope).
// Anything that goes wrong here falls back to the network, so that the worker can never be why a page fails.

const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const SCOPE = self.registration.scope;
const PREFIX = `tbsc55-offline ${SCOPE} `;
const CACHE = PREFIX + VERSION;
const MATCH = { ignoreVary: true };

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // "no-cache": each file is revalidated, so a file the page has just loaded costs a 304, not its bytes again.
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "no-cache" })));
      await self.skipWaiting();
    })(),
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
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await kept_answer(request);
    if (kept) return kept;
    throw error;
  }
  if (response.ok && response.type === "basic") event.waitUntil(keep(request, response.clone()));
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
