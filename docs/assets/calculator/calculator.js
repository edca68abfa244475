// @ts-check
// The calculator page (docs/{zh,en}/calculator.md): starts the grading engine (the `scoring` package in Pyodide, in
// worker.js, through engine.js and protocol.js), reads the form model, and puts the page's parts together:
//
//   state.js    the one state (the evaluation as typed, and what only the page needs); every change goes through it
//   grading.js  the engine's answer for the form as it is (one request at a time, the raters listed)
//   form.js     the form, drawn from the form model, and what the engine said of each field, in place
//   results.js  the engine's status, the figures, the note, the problems, the details and the trace
//   actions.js  open, save, copy the link, reset, import rater sheets, the report, a shared link
//   address.js  the address bar's fragment (the evaluation string) and the language links
//   agreement.js  the site's rater agreement diagnostics (editorial), when the reader opens them
//   compare.js  this form's result beside another evaluation's (the engine's comparison)
//   library.js, evaluations.js  the evaluations kept in this browser (localStorage), and their list on the page
//   words.js    the page's own words; everything else (rules, names, messages, paths, links) is the engine's
//
// No rule of CTS TBSC55-2026 B/0 lives in the page's JavaScript.

import { Actions } from "./actions.js";
import { Address, fragmentOf } from "./address.js";
import { Agreement } from "./agreement.js";
import { Compare } from "./compare.js";
import { h, jumpLink } from "./dom.js";
import { keepFocusInView } from "./inview.js";
import { Engine } from "./engine.js";
import { Evaluations } from "./evaluations.js";
import { Form } from "./form.js";
import { Grading } from "./grading.js";
import { Library } from "./library.js";
import { Results } from "./results.js";
import { Store } from "./state.js";
import { pageLanguage, wordsFor } from "./words.js";

/**
 * @typedef {import("./protocol.js").FormModel} FormModel
 * @typedef {import("./engine.js").Status} Status
 * @typedef {import("./actions.js").Opening} Opening
 * @typedef {import("./form.js").Context} Context
 */

// A shared link's form is drawn with its first answer, or after this long without one (the engine at work on a
// large evaluation, or failing): the form is never held back for long.
const WAIT_FOR_FIRST_ANSWER_MS = 300;

class Calculator {
  /**
   * @param {HTMLElement} root @param {Context} ctx @param {Engine} engine
   * @param {Promise<Opening> | null} opening a shared link's evaluation, on its way
   */
  constructor(root, ctx, engine, opening) {
    this.root = root;
    this.ctx = ctx;
    this.engine = engine;
    const store = ctx.store;
    this.address = new Address();
    this.grading = new Grading(engine, store, {
      pending: () => this.results.pending(),
      answered: () => this.answered(),
      unavailable: () => this.answered(),
    });
    this.form = new Form(ctx, {
      importFile: (file) => this.actions.importFile(file),
      importLevels: (file) => this.actions.importLevels(file),
      reshaped: () => this.reshaped(),
      visited: () => {
        this.form.showErrors(this.grading.errors);
        this.results.counts();
      },
    });
    this.results = new Results(ctx, engine, this.grading, this.form);
    this.actions = new Actions(ctx, engine, this.grading, this.address, this.form);
    this.agreement = new Agreement(ctx, engine, this.grading);
    this.compare = new Compare(ctx, engine, this.grading, (path) => this.form.fieldName(path));
    // Nothing of a deleted evaluation stays in this browser: not the engine's answers kept for a next visit either.
    this.evaluations = new Evaluations(ctx, () => engine.forgetAnswers());
    // An answer given before the engine was ready, from those kept at an earlier visit, was not its own (never
    // expected): the form is graded again (by the engine, now ready).
    engine.onRevised = () => this.grading.now();
    this.drawn = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} a shared link's form waits for its answer until then */
    this.drawWithAnswer = undefined;
    this.compare.showSaved();
    store.subscribe((change) => {
      if (change.kind === "view") return; // the form draws what it shows (Form.redraw), focus included
      if (change.kind !== "edit") {
        // An edit changes no list: they follow a new form, or what storage or another tab did.
        this.evaluations.show();
        this.compare.showSaved();
      }
      if (change.kind === "stored") return;
      if (change.kind === "replace") {
        this.grading.now(); // graded while the form is drawn
        if (!this.drawn && opening) {
          // A shared link's form, the page's first: drawn with its answer (one task, one layout of the page) rather
          // than drawn, laid out, then filled with the figures — unless the answer is slow to come.
          clearTimeout(this.drawWithAnswer);
          this.drawWithAnswer = setTimeout(() => this.drawnWithAnswer(), WAIT_FOR_FIRST_ANSWER_MS);
          return;
        }
        this.draw();
        this.results.pending();
        return;
      }
      this.actions.formChanged();
      this.results.counts(); // the count of fields to fill in follows the typing, before the engine answers
      this.grading.schedule();
    });
    this.keepKeys();
    if (opening) {
      // The form comes with the link's evaluation; a form drawn before would be replaced (and what was typed lost).
      this.grading.held = true;
      this.root.replaceChildren(this.results.status, h("p", { class: "calc-hint", "data-testid": "opening-link" }, ctx.text.openingLink));
      this.actions.openLink(opening);
    } else {
      this.draw();
      this.grading.schedule();
    }
    // Another shared link pasted into the address bar of this page: open it like a link at load.
    window.addEventListener("hashchange", () => {
      const text = fragmentOf(location.hash);
      if (!text || (this.grading.result && text === this.grading.result.vector)) return;
      this.grading.held = true;
      this.actions.openLink(engine.open("vector", text).catch((error) => ({ ok: false, failed: error })));
    });
  }

  /** The page: status, figures, toolbars, messages, the form, the details. */
  draw() {
    const T = this.ctx.text;
    this.form.draw();
    if (!this.drawn) {
      this.drawn = true;
      this.root.replaceChildren(
        this.skipLinks(),
        this.results.status,
        this.results.summary,
        this.results.mini,
        this.actions.toolbar,
        this.evaluations.el,
        this.actions.reportBar,
        this.actions.message,
        h("p", { class: "calc-hint" }, T.shareHint),
        this.form.el,
        this.results.details,
        this.agreement.el,
        this.compare.el,
      );
      keepFocusInView([this.results.summary, this.results.mini]);
    }
    this.showAnswer();
  }

  /** The engine's status, as it changes. @param {Status} status */
  status(status) {
    this.results.showStatus(status);
    this.actions.sync();
    if (status.state === "failed") this.grading.unavailable();
  }

  /** The first form drawn, if it waits for its answer (a shared link's): now. */
  drawnWithAnswer() {
    if (this.drawWithAnswer === undefined) return;
    clearTimeout(this.drawWithAnswer);
    this.drawWithAnswer = undefined;
    this.draw();
    if (this.grading.inFlight) this.results.pending();
  }

  /** The engine answered: its errors and figures in place, the results, the address. */
  answered() {
    this.drawnWithAnswer();
    this.showAnswer();
    if (!this.grading.held) this.address.show(this.grading.result ? this.grading.result.vector : null);
    // The diagnostics (when shown) and the comparison (once another evaluation is chosen) follow the result.
    this.agreement.refresh();
    this.compare.compare().catch((error) => this.compare.failed([{ path: "", zh: String(error), en: String(error) }]));
  }

  showAnswer() {
    this.form.showErrors(this.grading.errors);
    this.form.showFigures(this.grading);
    this.results.show();
    this.actions.sync();
  }

  /** The form was drawn again: what the engine said goes back in place, and the raters now listed are asked for. */
  reshaped() {
    this.showAnswer();
    this.grading.schedule();
  }

  /** Links past the long form: to the raters, to the management requirements, to the result. */
  skipLinks() {
    const { text: T, lang } = this.ctx;
    const skip = (/** @type {string} */ target, /** @type {string} */ text, /** @type {string} */ testid) =>
      jumpLink(target, [text], { "data-testid": testid });
    const sep = T.listSeparator;
    return h(
      "nav",
      { class: "calc-skip", "aria-label": T.skip.replace(/[:：]$/, "") },
      T.skip,
      " ",
      skip("calc-service-title", T.skipRaters, "skip-raters"),
      sep,
      skip("calc-management-title", T.skipManagement, "skip-management"),
      sep,
      skip("calc-summary-title", T.skipResult, "skip-result"),
    );
  }

  /** The theme's one-key shortcuts ("." and "n" go to the next page, "," and "p" to the previous one, "f", "s" and
   * "/" to the search) answer keys typed anywhere but in a text field: not on the calculator's buttons, radios and
   * lists, where a key typed is meant for the form. */
  keepKeys() {
    this.root.addEventListener("keydown", (event) => {
      if (event.target instanceof Element && event.target.closest("button, select, input, a, summary")) event.stopPropagation();
    });
  }
}

// --- start: the worker first (it takes longest), the form model and a shared link's evaluation at once ---------

function start() {
  const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-calculator]"));
  if (!root) return;
  const lang = pageLanguage();
  const text = wordsFor(lang);
  /** @type {Status} */
  let lastStatus = { state: "progress", stage: "download" };
  /** @type {Calculator | null} */
  let calculator = null;
  const engine = new Engine((status) => {
    lastStatus = status;
    if (calculator) calculator.status(status);
  }, text);
  const fragment = fragmentOf(location.hash);
  /** @type {Promise<Opening> | null} */
  const opening = fragment ? engine.open("vector", fragment).catch((error) => ({ ok: false, failed: error })) : null;
  fetch(new URL("form-model.json", import.meta.url))
    .then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return response.json();
    })
    .then(
      (/** @type {FormModel} */ model) => {
        const library = new Library(text);
        const store = new Store(model, library, { newName: (n) => ({ new: n }), keptName: (name, when) => ({ kept: name, when }) });
        calculator = new Calculator(root, { model, lang, text, store }, engine, opening);
        calculator.status(lastStatus);
      },
      (error) => {
        root.replaceChildren(h("p", { class: "calc-message calc-message--error", role: "alert" }, text.modelFailed, ` (${error.message})`));
      },
    );
}

start();
