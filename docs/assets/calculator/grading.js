// @ts-check
// The engine's answer for the form as it is now. One request at a time: a burst of typing costs one request more,
// not one per key, and a large form's answer follows the last key without a fixed delay. The answer is the
// engine's (scoring/session.py): for the raters listed (Store.window), and what could be graded of an incomplete form.

/**
 * @typedef {import("./engine.js").Engine} Engine
 * @typedef {import("./state.js").Store} Store
 * @typedef {import("./protocol.js").Graded} Graded
 * @typedef {import("./protocol.js").Result} Result
 * @typedef {import("./protocol.js").Partial} Partial
 * @typedef {import("./protocol.js").EngineError} EngineError
 * @typedef {import("./protocol.js").Window} Window
 */

export class Grading {
  /**
   * @param {Engine} engine @param {Store} store
   * @param {{answered: () => void, pending: () => void, unavailable: () => void}} on
   *   answered: a new answer is here; pending: a request is on its way; unavailable: the engine cannot answer
   */
  constructor(engine, store, on) {
    this.engine = engine;
    this.store = store;
    this.on = on;
    /** @type {Result | null} the result of the form, once it is complete and valid */
    this.result = null;
    /** @type {EngineError[]} */
    this.errors = [];
    /** @type {Partial | null} what the engine could grade of an incomplete form (bands, rater totals, …) */
    this.partial = null;
    /** @type {Window | null} the raters whose figures the last answer wrote out */
    this.shown = null;
    this.wrongCount = 0; // fields in error that are not empty, as the engine counted them
    /** @type {Set<string>} the fields that were empty when the last answer was asked for */
    this.sentEmpty = new Set();
    this.held = false; // while a shared link is opened: the form is not the user's yet, nothing is asked
    this.seq = 0;
    this.inFlight = false; // a request to the engine is on its way
    this.dirty = false; // the form changed since that request
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
  }

  /** Asks for the form's answer: at once (after the changes of this task) when no request is on its way, else as
   * soon as the one on its way is answered. @param {number} [delay] */
  schedule(delay = 0) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.inFlight) this.dirty = true;
      else this.ask();
    }, delay);
  }

  /** Asks now (a form just opened: it is graded while it is drawn). */
  now() {
    clearTimeout(this.timer);
    this.ask();
  }

  async ask() {
    if (this.held) return;
    const seq = ++this.seq;
    const sentEmpty = new Set(this.store.emptyPaths());
    this.on.pending();
    /** @type {Graded} */
    let payload;
    this.inFlight = true;
    try {
      payload = await this.engine.grade(this.store.toDocument(), this.store.window());
    } catch {
      this.inFlight = false;
      if (seq === this.seq) this.unavailable();
      return;
    }
    this.inFlight = false;
    if (this.dirty) {
      this.dirty = false;
      this.ask(); // the form changed while the engine was at work: this answer is already old
      return;
    }
    if (seq !== this.seq) return; // a newer request has been sent meanwhile
    this.sentEmpty = sentEmpty;
    this.shown = payload.window;
    this.wrongCount = payload.ok ? 0 : payload.wrong_count;
    this.errors = payload.ok ? [] : payload.errors;
    this.result = payload.ok ? payload.result : null;
    this.partial = payload.ok ? null : payload.partial || null;
    this.on.answered();
  }

  /** The engine failed: no result stands. */
  unavailable() {
    this.result = null;
    this.on.unavailable();
  }

  /** Does the answer cover every rater (a form of few raters, or the whole list on one page)? */
  coversAll() {
    return !this.shown || (this.shown.start === 0 && this.shown.stop === this.shown.count);
  }
}
