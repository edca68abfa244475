// @ts-check
// A returning reader's first result (issue 24 (e)): the engine's first answers of a visit — a shared link's
// evaluation read, the form graded from nothing (update 0: every rater in it) — are kept in this browser's Cache
// Storage with the request they answer, under the name of the files that made them (runtime.json's: Pyodide, the
// standard library, scoring and its rules). At the next visit the same request is answered from them at once, while
// Python starts in the worker: the engine's own answers, recorded, not a rule of ours. The worker answers the
// request too (which also gives Python the form the page believes it keeps); engine.js compares the two answers,
// and should they differ (an engine gives one answer to one question: never), every kept answer is dropped and the
// form is graded again. Deleting an evaluation or resetting the form forgets them all.
//
// The page keeps them, not the worker: the worker is busy starting Python just when the page asks its first
// questions (measured: a kept answer given by the worker came 50–250 ms after it was asked).

const CACHE = "tbsc55-calculator-answers";
const KEPT = 8; // the most recent
const MAX_CHARS = 256 * 1024; // a larger form's question and answer are not kept: every start reads them all
const KEEP_AFTER_MS = 1000; // once the page has drawn its first result
const RUNTIME = new URL("../../../pyodide/", import.meta.url); // as worker.js finds it

/** @typedef {import("./protocol.js").Request} Request */

/**
 * The question a request asks, as text, if its answer may be kept: a shared link's evaluation read, or the form
 * graded from nothing; null for any other request.
 * @param {Request} request
 */
export function question(request) {
  if (request.type === "open" && request.kind === "vector" && request.bytes === undefined) return JSON.stringify(request);
  if (request.type !== "grade" || request.since !== 0) return null;
  // A large form's question is never kept: not made either (a form of thousands of raters is megabytes of text).
  let size = 0;
  for (const [, text] of request.changed) size += text.length;
  return size > MAX_CHARS ? null : JSON.stringify(request);
}

/** @param {string} text */
async function sha256(text) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class KeptAnswers {
  constructor() {
    /** @type {Promise<string | null>} the cache's folder of this build's answers; null: none can be kept */
    this.folder = this.findFolder();
    /** @type {Promise<Map<string, string>>} question → the answer's JSON text, as read at the page's start */
    this.read = this.readAll();
    /** @type {Set<string>} the kinds of request whose first answer is still to be kept */
    this.firstOnes = new Set(["open", "grade"]);
    /** @type {{asked: string, text: string}[]} */
    this.toKeep = [];
    this.forgotten = 0; // how many times the kept answers were forgotten: a write begun before goes no further
  }

  /** Whether an answer to a request of this type may yet be kept this visit. @param {string} type */
  wants(type) {
    return this.firstOnes.has(type);
  }

  async findFolder() {
    if (typeof caches === "undefined" || typeof crypto === "undefined" || !crypto.subtle) return null;
    try {
      const response = await fetch(new URL("runtime.json", RUNTIME));
      const { build } = await response.json(); // the name of the files the engine is made of
      if (typeof build !== "string" || !build) return null;
      return new URL(`answers/${build}/`, RUNTIME).href; // keys in the cache, never fetched
    } catch {
      return null; // offline without the manifest kept, or no Cache Storage: nothing kept
    }
  }

  /** @returns {Promise<Map<string, string>>} */
  async readAll() {
    /** @type {Map<string, string>} */
    const answers = new Map();
    const folder = await this.folder;
    if (folder === null) return answers;
    try {
      const cache = await caches.open(CACHE);
      for (const key of await cache.keys()) {
        if (!key.url.startsWith(folder)) continue;
        const kept = await (await cache.match(key))?.json().catch(() => null);
        if (typeof kept?.asked === "string" && typeof kept.text === "string") answers.set(kept.asked, kept.text);
      }
    } catch {
      // storage refused: the engine answers
    }
    return answers;
  }

  /**
   * The kept answer to ``asked``, parsed, with its text; null if none (or one that cannot be read).
   * @param {string} asked @returns {Promise<{payload: unknown, text: string} | null>}
   */
  async answer(asked) {
    const text = (await this.read).get(asked);
    if (text === undefined) return null;
    try {
      return { payload: JSON.parse(text), text };
    } catch {
      return null;
    }
  }

  /**
   * The engine answered ``asked`` (its first answer of that kind this visit is kept, a moment later).
   * @param {Request} request @param {string} asked @param {string} text the answer as JSON text
   */
  answered(request, asked, text) {
    if (!this.firstOnes.delete(request.type) || asked.length + text.length > MAX_CHARS) return;
    this.toKeep.push({ asked, text });
    setTimeout(() => this.keep(), KEEP_AFTER_MS);
  }

  /** The first answers of this visit kept: the most recent KEPT of this build's, none of another build's. */
  async keep() {
    const answers = this.toKeep.splice(0);
    const forgotten = this.forgotten;
    const folder = await this.folder;
    if (answers.length === 0 || folder === null) return;
    try {
      const cache = await caches.open(CACHE);
      for (const { asked, text } of answers) {
        const entry = new Response(JSON.stringify({ asked, text }), { headers: { "Content-Type": "application/json" } });
        const key = folder + (await sha256(asked));
        if (this.forgotten !== forgotten) return;
        await cache.put(key, entry);
      }
      const keys = await cache.keys(); // oldest first
      const older = keys.filter((key) => key.url.startsWith(folder)).slice(0, -KEPT);
      for (const key of keys) if (!key.url.startsWith(folder) || older.includes(key)) await cache.delete(key);
    } catch {
      // storage full or refused: the next visit waits for the engine
    }
  }

  /** Every kept answer dropped (an evaluation deleted, the form reset, or a kept answer not the engine's). */
  forget() {
    this.forgotten += 1;
    this.toKeep = [];
    this.firstOnes.clear(); // nothing more of this visit is kept either
    this.read = Promise.resolve(new Map());
    if (typeof caches !== "undefined") caches.delete(CACHE).catch(() => {});
  }
}
