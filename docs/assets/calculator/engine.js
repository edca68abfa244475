// @ts-check
// The grading engine as the page sees it: a client of the worker (worker.js, protocol.js) that restarts a worker
// that dies, reports one that cannot start, and answers each request with a promise — while the worker starts,
// from the engine's answers kept at an earlier visit where it has them (kept.js), checked against the worker's.

import { KeptAnswers, question } from "./kept.js";

const READY_TIMEOUT_MS = 30000; // issue 4: no answer within ~30 s is a failure, never an endless spinner
const MAX_RESTARTS = 3; // a worker that keeps dying is reported, not restarted forever

/** The type of the answer to each type of request (protocol.js; worker.js answers so). */
export const ANSWERS = Object.freeze({
  evaluate: "evaluated",
  grade: "graded",
  open: "opened",
  import_sheets: "imported",
  import_levels: "imported_levels",
  report: "reported",
  export_csv: "exported",
  export_diff_csv: "exported",
  diagnose: "diagnosed",
  diff: "compared",
  save: "saved",
});

/**
 * @typedef {import("./protocol.js").Request} Request
 * @typedef {import("./protocol.js").WorkerMessage} WorkerMessage
 * @typedef {import("./protocol.js").EvaluationDocument} EvaluationDocument
 * @typedef {import("./protocol.js").Evaluated} Evaluated
 * @typedef {import("./protocol.js").Graded} Graded
 * @typedef {import("./protocol.js").GradeAnswer} GradeAnswer
 * @typedef {import("./protocol.js").Opened} Opened
 * @typedef {import("./protocol.js").OpenedDocument} OpenedDocument
 * @typedef {import("./protocol.js").Imported} Imported
 * @typedef {import("./protocol.js").Reported} Reported
 * @typedef {import("./protocol.js").Saved} Saved
 * @typedef {import("./protocol.js").ImportedLevels} ImportedLevels
 * @typedef {import("./protocol.js").Exported} Exported
 * @typedef {import("./protocol.js").Diagnosed} Diagnosed
 * @typedef {import("./protocol.js").Compared} Compared
 * @typedef {import("./protocol.js").Lang} Lang
 * @typedef {{state: "progress", stage: string} | {state: "restarting"} | {state: "ready", version: string}
 *   | {state: "failed", message: string}} Status
 * @typedef {{worker: Worker | null, messages: unknown[], errors: string[], error: string | null,
 *   release: () => void}} EarlyBoot
 * @typedef {{timeout: string, died: string}} EngineWords
 * A request on its way: ``asked``, its question if its answer may be kept (kept.js); ``early``, the text of the
 * kept answer it was answered with, which the worker's answer must equal.
 * @typedef {{message: Request, resolve: (payload: unknown) => void, reject: (error: Error) => void,
 *   asked: string | null, early: string | null}} Pending
 */

/** The worker that boot.js started while the page loaded, once (null if there is none: then start one here). */
function takeEarlyWorker() {
  const w = /** @type {{tbsc55Boot?: EarlyBoot | null}} */ (/** @type {unknown} */ (window));
  const boot = w.tbsc55Boot;
  w.tbsc55Boot = null; // taken (or none): boot.js, if it runs late, starts nothing
  return boot && (boot.worker || boot.error !== null) ? boot : null;
}

export class Engine {
  /** @param {(status: Status) => void} onStatus @param {EngineWords} words */
  constructor(onStatus, words) {
    this.onStatus = onStatus;
    this.words = words;
    /** @type {Map<number, Pending>} */
    this.pending = new Map();
    this.nextId = 1;
    this.restarts = 0;
    /** @type {"starting" | "ready" | "failed"} */
    this.state = "starting";
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {string | null} */
    this.version = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** The form as Python keeps it (scoring/session.py): each rater's JSON text as sent, and the updates sent. */
    this.form = { sent: /** @type {string[]} */ ([]), updates: 0 };
    /** @type {WeakMap<object, string>} a rater document's JSON text */
    this.texts = new WeakMap();
    this.kept = new KeptAnswers();
    this.keptGiven = false; // a request was answered from the kept answers (while the worker started)
    /** A kept answer given while the worker started was not the worker's (never expected): ask again. */
    this.onRevised = () => {};
    this.start();
  }

  start() {
    this.state = "starting";
    this.onStatus({ state: "progress", stage: "download" });
    // The first worker was usually started by boot.js while the page loaded; a restart makes a new one.
    const early = takeEarlyWorker();
    /** @type {Worker} */
    let worker;
    try {
      if (early && early.error !== null) throw new Error(early.error);
      worker = early && early.worker ? early.worker : new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      this.fail(String(error instanceof Error ? error.message : error));
      return;
    }
    this.worker = worker;
    worker.addEventListener("message", (event) => this.receive(event.data));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.died(event.message || "");
    });
    worker.addEventListener("messageerror", () => this.died("messageerror"));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.state !== "ready") this.fail(this.words.timeout);
    }, READY_TIMEOUT_MS);
    // Requests still unanswered (a restart): the worker queues them until it is ready.
    for (const [id, { message }] of this.pending) worker.postMessage({ ...message, id });
    if (early) {
      early.release();
      for (const data of early.messages) this.receive(data); // what it said before this page listened
      if (early.errors.length) this.died(early.errors[0]);
    }
  }

  /** @param {unknown} message */
  receive(message) {
    if (!message || typeof message !== "object" || this.state === "failed") return;
    const data = /** @type {WorkerMessage} */ (message);
    switch (data.type) {
      case "progress":
        this.onStatus({ state: "progress", stage: data.stage });
        break;
      case "ready":
        this.state = "ready";
        this.version = data.version;
        clearTimeout(this.timer);
        this.onStatus({ state: "ready", version: data.version });
        break;
      case "fatal":
        this.fail(String(data.message || ""));
        break;
      case "evaluated":
      case "graded":
      case "opened":
      case "imported":
      case "imported_levels":
      case "exported":
      case "diagnosed":
      case "compared":
      case "reported":
      case "saved":
      case "error": {
        const request = this.pending.get(data.id);
        if (!request || (data.type !== "error" && ANSWERS[request.message.type] !== data.type)) return;
        this.pending.delete(data.id);
        const text = request.asked !== null && data.type !== "error" ? JSON.stringify(data.payload) : null;
        if (request.early !== null) {
          if (text !== request.early) this.revised(request.message.type);
        } else if (data.type === "error") {
          request.reject(new Error(String(data.message || "")));
        } else {
          request.resolve(data.payload);
          if (request.asked !== null && text !== null) this.kept.answered(request.message, request.asked, text);
        }
        break;
      }
      default:
        break;
    }
  }

  /** @param {string} detail */
  died(detail) {
    if (this.state === "failed") return;
    if (this.worker) this.worker.terminate();
    if (this.restarts >= MAX_RESTARTS) {
      this.fail(`${this.words.died} ${detail}`.trim());
      return;
    }
    this.restarts += 1;
    this.onStatus({ state: "restarting" });
    this.start();
  }

  /** @param {string} message */
  fail(message) {
    this.state = "failed";
    clearTimeout(this.timer);
    if (this.worker) this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    this.onStatus({ state: "failed", message });
  }

  /** The answers kept for a next visit are forgotten (an evaluation deleted, a form reset: nothing of it stays). */
  forgetAnswers() {
    this.kept.forget();
  }

  /** A kept answer was not the worker's: every kept answer goes, and the page asks again. @param {string} type */
  revised(type) {
    console.error(`calculator: a kept answer to "${type}" was not the engine's; every kept answer is dropped`);
    this.kept.forget();
    this.onRevised();
  }

  /** @param {Request} message @returns {Promise<unknown>} */
  request(message) {
    if (this.state === "failed" || !this.worker) return Promise.reject(new Error("engine failed"));
    const worker = this.worker;
    const id = this.nextId++;
    // Its question, if its answer may be kept and is wanted: looked for while the worker starts, or to keep.
    const asked = this.state !== "ready" || this.kept.wants(message.type) ? question(message) : null;
    return new Promise((resolve, reject) => {
      /** @type {Pending} */
      const pending = { message, resolve, reject, asked, early: null };
      this.pending.set(id, pending);
      worker.postMessage({ ...message, id });
      if (asked === null || this.state === "ready") return;
      // While the worker starts: the kept answer, if there is one (the worker's answer comes too, and is compared).
      this.kept.answer(asked).then((kept) => {
        if (kept === null || this.pending.get(id) !== pending || this.state === "ready") return;
        pending.early = kept.text;
        this.keptGiven = true;
        resolve(kept.payload);
      });
    });
  }

  /**
   * @param {EvaluationDocument} document
   * @param {boolean} [compact] each rater's bands instead of its items in full (a large rater set)
   * @returns {Promise<Evaluated>}
   */
  evaluate(document, compact = false) {
    return /** @type {Promise<Evaluated>} */ (this.request({ type: "evaluate", document, compact }));
  }

  /**
   * The form graded (the worker passes on to Python only the raters that changed since the last time).
   * @param {EvaluationDocument} document @param {[number, number]} window the raters written out: [start, stop)
   * @returns {Promise<Graded>}
   */
  async grade(document, window) {
    let answer = await this.sendForm(document, window);
    if ("stale" in answer) {
      this.form = { sent: [], updates: 0 }; // Python has not the form we think: send every rater
      answer = await this.sendForm(document, window);
    }
    if ("stale" in answer) throw new Error("the grading engine lost the form twice");
    return answer;
  }

  /**
   * The update of the form since the last one: the raters whose JSON text changed (each rater document's text is
   * made once: the page keeps an unchanged rater's document object), or the index of one taken out.
   * @param {EvaluationDocument} document @param {[number, number]} window @returns {Promise<GradeAnswer>}
   */
  sendForm(document, window) {
    const { sent } = this.form;
    const texts = document.service.raters.map((rater) => {
      let text = this.texts.get(rater);
      if (text === undefined) this.texts.set(rater, (text = JSON.stringify(rater)));
      return text;
    });
    /** @type {number | null} */
    let removed = null;
    if (texts.length === sent.length - 1) {
      let first = 0;
      while (first < texts.length && texts[first] === sent[first]) first++;
      let rest = true;
      for (let k = first; rest && k < texts.length; k++) rest = texts[k] === sent[k + 1];
      if (rest) {
        removed = first;
        sent.splice(first, 1);
      }
    }
    /** @type {[number, string][]} */
    const changed = [];
    texts.forEach((text, k) => {
      if (k >= sent.length || sent[k] !== text) changed.push([k, text]);
    });
    const since = this.form.updates;
    this.form = { sent: texts, updates: since + 1 };
    const head = { ...document, service: {} };
    const request = { type: /** @type {"grade"} */ ("grade"), document: head, count: texts.length, changed, removed, window, since };
    return /** @type {Promise<GradeAnswer>} */ (this.request(request)).catch((error) => {
      this.form = { sent: [], updates: -1 }; // what Python keeps is unknown: the next update is told it is stale
      throw error;
    });
  }

  /** A compact evaluation string (a shared link's). @param {"vector"} kind @param {string} text
   * @returns {Promise<OpenedDocument>} */
  open(kind, text) {
    return /** @type {Promise<OpenedDocument>} */ (this.request({ type: "open", kind, text }));
  }

  /**
   * A file's bytes as they are: a JSON document, which Python decodes as the command line does (UTF-8, or refused
   * by name), or a report of this tool, verified as ``python -m scoring verify`` verifies it (scoring.browser.open_file).
   * @param {Uint8Array} bytes @returns {Promise<Opened>}
   */
  openFile(bytes) {
    return /** @type {Promise<Opened>} */ (this.request({ type: "open", kind: "json", text: "", bytes }));
  }

  /**
   * The file's bytes as they are: Python decodes them (UTF-8 with or without BOM, or GB18030).
   * @param {string} name @param {Uint8Array} bytes @returns {Promise<Imported>}
   */
  importSheets(name, bytes) {
    return /** @type {Promise<Imported>} */ (this.request({ type: "import_sheets", name, bytes }));
  }

  /** A levels CSV's bytes. @param {string} name @param {Uint8Array} bytes @returns {Promise<ImportedLevels>} */
  importLevels(name, bytes) {
    return /** @type {Promise<ImportedLevels>} */ (this.request({ type: "import_levels", name, bytes }));
  }

  /** The result as a CSV for spreadsheets, and its file's name (with a date).
   * @param {EvaluationDocument} document @param {Lang} lang @param {string} [date] @returns {Promise<Exported>} */
  exportCsv(document, lang, date) {
    return /** @type {Promise<Exported>} */ (this.request({ type: "export_csv", document, lang, date }));
  }

  /** The site's rater agreement diagnostics. @param {EvaluationDocument} document @returns {Promise<Diagnosed>} */
  diagnose(document) {
    return /** @type {Promise<Diagnosed>} */ (this.request({ type: "diagnose", document }));
  }

  /** Two evaluations compared. @param {EvaluationDocument} a @param {EvaluationDocument} b @returns {Promise<Compared>} */
  diff(a, b) {
    return /** @type {Promise<Compared>} */ (this.request({ type: "diff", a, b }));
  }

  /** Two evaluations compared, as a CSV. @param {EvaluationDocument} a @param {EvaluationDocument} b @param {Lang} lang
   * @returns {Promise<Exported>} */
  exportDiffCsv(a, b, lang) {
    return /** @type {Promise<Exported>} */ (this.request({ type: "export_diff_csv", a, b, lang }));
  }

  /** @param {EvaluationDocument} document @param {Lang} lang @param {string} date @returns {Promise<Reported>} */
  report(document, lang, date) {
    return /** @type {Promise<Reported>} */ (this.request({ type: "report", document, lang, date }));
  }

  /** The form saved to a file: the evaluation document, or a draft document holding it as typed (the engine decides).
   * @param {unknown} form state.js's FormState @param {string} name @param {Lang} lang @param {string} date
   * @returns {Promise<Saved>} */
  save(form, name, lang, date) {
    return /** @type {Promise<Saved>} */ (this.request({ type: "save", form, name, lang, date }));
  }
}
