// @ts-check
// The calculator page (docs/{zh,en}/calculator.md): builds the form from the build-time form model, moves the
// form's evaluation document to the grading engine (the `scoring` package in Pyodide, in worker.js, through
// engine.js and protocol.js) and renders what the engine returns. No rule of CTS TBSC55-2026 B/0 lives here:
// items, clauses, bands, profiles, names of results, messages, field paths and links all come from the engine;
// the page's own words are in words.js.

import { download, fieldId, fieldPath, h, localDate, present, refs as refsIn, siteLink } from "./dom.js";
import { Engine } from "./engine.js";
import { pageLanguage, wordsFor } from "./words.js";

const LANG = pageLanguage();
const TEXT = wordsFor(LANG);
const STORAGE_KEY = "tbsc55-calculator/v1";
const SAVE_MS = 400; // autosave after typing stops for this long (a large form is a large write)
const OPEN_RATERS = 10; // up to this many raters, every rater's sheet is drawn open
const PAGE_RATERS = 25; // beyond it, the raters are listed a page at a time, each sheet drawn when opened
const LISTED_ERRORS = 12; // the error summary links this many errors, then says how many more

/** "(5.1, appendix 1)" in the page's language. @param {...[string, string]} links */
const refs = (...links) => refsIn(/** @type {[string, string, string]} */ (TEXT.refs), ...links);

/** An exception's message. @param {unknown} error */
const messageOf = (error) => String(error instanceof Error ? error.message : error);

/** An error's place in a file (a rater sheet's row and column), in the page's words, as the engine gives it. */
function placeOf(error) {
  return error.where ? error.where[LANG] : null;
}

// --- start: the worker first (it takes longest), the form model and a shared link's evaluation at once ---------

/**
 * @typedef {import("./protocol.js").FormModel} FormModel
 * @typedef {import("./protocol.js").EngineError} EngineError
 * @typedef {import("./protocol.js").Evaluated} Evaluated
 * @typedef {import("./protocol.js").Graded} Graded
 * @typedef {import("./protocol.js").Window} Window
 * @typedef {import("./protocol.js").Opened} Opened
 * @typedef {import("./protocol.js").Result} Result
 * @typedef {import("./protocol.js").Partial} Partial
 * @typedef {import("./protocol.js").EvaluationDocument} EvaluationDocument
 * @typedef {import("./engine.js").Status} Status
 *
 * The form as typed: the one state of the calculator (α and levels as the text of their fields).
 * @typedef {{name: string, alpha: Record<string, string>}} RaterState
 * @typedef {{profile: string, organization: string, raters: RaterState[], levels: Record<string, string>,
 *   conformity: boolean}} FormState
 * A drawn field: its input, its message, and the cells the engine's figures go to.
 * @typedef {{input: HTMLInputElement | HTMLSelectElement, message: HTMLElement, band?: HTMLElement,
 *   points?: HTMLElement}} Field
 */

/** @type {((status: Status) => void) | null} */
let statusView = null;
/** @type {Status} */
let lastStatus = { state: "progress", stage: "download" };
const engine = new Engine((status) => {
  lastStatus = status;
  if (statusView) statusView(status);
}, TEXT);
const fragment = decodeFragment(location.hash);
const opening = fragment ? engine.open("vector", fragment).catch((error) => ({ ok: false, failed: error })) : null;
const modelPromise = fetch(new URL("form-model.json", import.meta.url)).then((response) => {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
});

/**
 * Rater r of the form, changed: a new object in its place. A rater's state is never changed in place, so that its
 * evaluation document (and the engine's copy of it) is made once per change (Calculator.raterDocument).
 * @param {FormState} form @param {number} r @param {(rater: RaterState) => unknown} change
 */
function changeRater(form, r, change) {
  const rater = { name: form.raters[r].name, alpha: { ...form.raters[r].alpha } };
  change(rater);
  form.raters[r] = rater;
}

function decodeFragment(hash) {
  // The compact evaluation string is ASCII (the engine percent-encodes free text); pass it on untouched.
  return hash && hash.length > 1 ? hash.slice(1) : "";
}

// --- the calculator ---------------------------------------------------------------------------------------------

class Calculator {
  /** @param {HTMLElement} root @param {FormModel} model */
  constructor(root, model) {
    this.root = root;
    this.model = model;
    // The page's parts, drawn by render() (placeholders until then).
    this.statusEl = h("div");
    this.messageEl = h("div");
    this.importMessageEl = h("div");
    this.summaryEl = h("section");
    this.noteEl = h("p");
    this.problemsEl = h("div");
    this.detailsEl = h("section");
    this.saveButton = h("button");
    this.addRaterButton = h("button");
    /** @type {HTMLButtonElement[]} */
    this.reportButtons = [];
    this.reportHint = h("span");
    /** @type {HTMLIFrameElement | null} */
    this.reportFrame = null;
    this.reportBusy = false;
    /** @type {{score: HTMLElement, total: HTMLElement, grade: HTMLElement, stars: HTMLElement} | null} */
    this.summaryValues = null;
    /** @type {Map<number, HTMLElement>} */
    this.raterTotals = new Map();
    /** @type {Set<number> | null} raters whose sheets the user closed, up to OPEN_RATERS raters */
    this.closed = null;
    /** @type {string[][]} */
    this.pathCache = [];
    /** @type {Set<string>} */
    this.sentEmpty = new Set();
    this.keysGuarded = false;
    this.itemsById = new Map(model.items.map((i) => [i.id, i]));
    /** @type {WeakMap<RaterState, import("./protocol.js").RaterDocument>} */
    this.raterDocuments = new WeakMap();
    this.bands = new Map(model.bands.map((b) => [b.band, b]));
    this.starNames = new Map(model.stars.map((s) => [s.stars, s]));
    this.gradeNames = new Map(model.grades.map((g) => [g.grade, g]));
    /** @type {Partial | null} what the engine could grade of an incomplete form (bands, rater totals, …) */
    this.partial = null;
    /** @type {Set<number>} raters whose sheets are open, when there are more than OPEN_RATERS */
    this.open = new Set();
    this.page = 0; // the page of the rater list shown, when there are more than OPEN_RATERS
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.saveTimer = null;
    /** @type {Set<string>} */
    this.touched = new Set();
    /** @type {Map<string, Field>} path → the drawn field */
    this.fields = new Map();
    /** @type {EngineError[]} */
    this.errors = [];
    /** @type {Result | null} */
    this.result = null;
    /** @type {Window | null} the raters whose figures the engine's last answer wrote out */
    this.shown = null;
    this.wrongCount = 0; // fields in error that are not empty, as the engine counted them
    this.seq = 0;
    this.inFlight = false; // a request to the engine is on its way
    this.dirty = false; // the form changed since that request
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.holdFragment = Boolean(fragment); // until a shared link is opened, the fragment is not ours to change
    this.languageLinks = [...document.querySelectorAll("a.md-select__link[hreflang]")].map((a) => ({
      a,
      base: (a.getAttribute("href") || "").split("#")[0],
    }));
    /** @type {FormState} */
    this.state = this.restore() || this.blank();
    window.addEventListener("pagehide", () => {
      if (this.saveTimer) this.save();
    });
    if (this.holdFragment) this.renderOpening();
    else this.render();
  }

  // --- form state ------------------------------------------------------------------------------------------------

  /** Rater r's α paths, in the items' order (made once per rater: a large form asks for them often). */
  /** The engine's name of a star level / a grade, in the page's language. @param {number} n */
  starName(n) {
    const named = this.starNames.get(n);
    return named ? named[LANG] : String(n);
  }

  /** @param {number} n */
  gradeName(n) {
    const named = this.gradeNames.get(n);
    return named ? named[LANG] : String(n);
  }

  /** @param {number} r */
  alphaPaths(r) {
    this.pathCache = this.pathCache || [];
    let paths = this.pathCache[r];
    if (!paths) {
      paths = this.pathCache[r] = this.model.items.map((i) => fieldPath(this.model.paths.alpha, { rater: r, item: i.id }));
    }
    return paths;
  }

  alphaPath(r, item) {
    this.itemIndex = this.itemIndex || new Map(this.model.items.map((i, k) => [i.id, k]));
    return this.alphaPaths(r)[this.itemIndex.get(item)];
  }

  /** The rater whose field this path names (-1 for none). */
  raterOf(path) {
    for (let r = 0; r < this.state.raters.length; r++) {
      if (path === this.raterIdPath(r) || this.alphaPaths(r).includes(path)) return r;
    }
    return -1;
  }

  levelPath(clause) {
    return fieldPath(this.model.paths.level, { clause });
  }

  raterIdPath(r) {
    return fieldPath(this.model.paths.rater_id, { rater: r });
  }

  /** Is rater r's sheet drawn open? All are, up to OPEN_RATERS raters; beyond, those the user opened. */
  isOpen(r) {
    return this.state.raters.length <= OPEN_RATERS ? !this.closed || !this.closed.has(r) : this.open.has(r);
  }

  blank() {
    return {
      profile: this.model.default_profile,
      organization: "",
      raters: [this.blankRater()],
      levels: Object.fromEntries(this.model.clauses.map((c) => [c.id, ""])),
      conformity: true,
    };
  }

  blankRater() {
    return { name: "", alpha: Object.fromEntries(this.model.items.map((i) => [i.id, ""])) };
  }

  /** The form's state, whatever it holds (valid or not), from a saved or opened shape. */
  normalize(s) {
    const text = (v) => (v === null || v === undefined ? "" : String(v));
    const raters = Array.isArray(s.raters) && s.raters.length ? s.raters : [{}];
    return {
      profile: this.model.profiles.some((p) => p.id === s.profile) ? s.profile : this.model.default_profile,
      organization: text(s.organization),
      raters: raters.map((r) => ({
        name: text(r && r.name),
        alpha: Object.fromEntries(this.model.items.map((i) => [i.id, text(r && r.alpha && r.alpha[i.id])])),
      })),
      levels: Object.fromEntries(this.model.clauses.map((c) => [c.id, text(s.levels && s.levels[c.id])])),
      conformity: s.conformity !== false,
    };
  }

  fromDocument(doc) {
    return this.normalize({
      profile: doc.profile,
      organization: doc.organization,
      raters: doc.service.raters.map((r) => ({ name: r.id, alpha: r.alpha })),
      levels: doc.management.levels,
      conformity: doc.management.conformity_passed,
    });
  }

  /** The evaluation document the engine grades: α exactly as typed, levels as integers (null when unset). */
  /** @returns {EvaluationDocument} */
  toDocument() {
    const s = this.state;
    /** @type {EvaluationDocument} */
    const doc = {
      scheme: this.model.scheme.full_id,
      profile: s.profile,
      service: {
        raters: s.raters.map((r) => this.raterDocument(r)),
      },
      management: {
        levels: Object.fromEntries(this.model.clauses.map((c) => [c.id, s.levels[c.id] === "" ? null : Number(s.levels[c.id])])),
        conformity_passed: s.conformity,
      },
    };
    if (s.organization !== "") doc.organization = s.organization;
    return doc;
  }

  /**
   * A rater's evaluation document: α as typed, but for spaces around it, which the form drops (a file keeps them,
   * and is refused). Made once per rater state (which is never changed in place: changeRater).
   * @param {RaterState} r @returns {import("./protocol.js").RaterDocument}
   */
  raterDocument(r) {
    let doc = this.raterDocuments.get(r);
    if (!doc) {
      const alpha = Object.fromEntries(Object.entries(r.alpha).map(([k, v]) => [k, v.trim()]));
      doc = r.name.trim() === "" ? { alpha } : { id: r.name, alpha };
      this.raterDocuments.set(r, doc);
    }
    return doc;
  }

  restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
      return saved && typeof saved === "object" ? this.normalize(saved) : null;
    } catch {
      return null;
    }
  }

  save() {
    clearTimeout(this.saveTimer ?? undefined);
    this.saveTimer = null;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.state));
    } catch {
      // Private browsing or a full quota: autosave is a convenience; the form keeps working.
    }
  }

  /**
   * Every edit of the form goes through here: the change is made to the one state (the form as typed), and all
   * that derives from it follows — autosave, the count of fields to fill in, the note about the link, and the
   * engine's result (with the URL fragment and the language links, once it answers). The form's fields are not
   * redrawn: they already show what was typed.
   * @param {(form: FormState) => unknown} change
   * @param {string | null} path the field changed (it counts as visited), or null for a change of the raters' list
   */
  update(change, path) {
    change(this.state);
    if (path) this.touched.add(path);
    // A small form is saved at once; a large one (a long write) once the typing pauses, and when the page goes.
    clearTimeout(this.saveTimer ?? undefined);
    if (this.state.raters.length <= OPEN_RATERS) this.save();
    else this.saveTimer = setTimeout(() => this.save(), SAVE_MS);
    this.copyNoteStale();
    this.renderCounts(); // the count of fields to fill in follows the typing, before the engine answers
    this.schedule();
  }

  /** A note about the link (copied, or not) is about the form as it was: it goes when the form changes. */
  copyNoteStale() {
    if (this.messageEl && this.messageEl.dataset.about === "copy") this.message(null);
  }

  // --- evaluation ------------------------------------------------------------------------------------------------

  /**
   * Asks the engine for the form's result: at once (after the changes of this task) when no request is on its
   * way, else as soon as the one on its way is answered. One request at a time: a burst of typing costs one
   * evaluation more, not one per key, and a large form's result follows the last key without a fixed delay.
   * @param {number} [delay]
   */
  schedule(delay = 0) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.inFlight) this.dirty = true;
      else this.evaluate();
    }, delay);
  }

  async evaluate() {
    if (this.holdFragment) return; // the shared link's evaluation is being opened; it will evaluate when filled
    const seq = ++this.seq;
    const sentEmpty = new Set(this.emptyPaths());
    this.markPending();
    /** @type {Graded} */
    let payload;
    this.inFlight = true;
    try {
      payload = await engine.grade(this.toDocument(), this.window());
    } catch {
      this.inFlight = false;
      if (seq === this.seq) this.showEngineUnavailable();
      return;
    }
    this.inFlight = false;
    if (this.dirty) {
      this.dirty = false;
      this.evaluate(); // the form changed while the engine was at work: this answer is already old
      return;
    }
    if (seq !== this.seq) return; // a newer input has been sent meanwhile
    this.sentEmpty = sentEmpty;
    this.show(payload);
  }

  /** The summary says that a result is on its way (or waits for the engine). */
  markPending() {
    if (engine.state === "failed" || !this.summaryEl) return;
    this.summaryEl.setAttribute("aria-busy", "true");
    if (this.result || !this.noteEl.textContent) this.setNote(engine.state === "ready" ? TEXT.computing : TEXT.waiting, true);
  }

  /** The raters whose figures the engine writes out: all, up to OPEN_RATERS raters; beyond, the page shown.
   * @returns {[number, number]} */
  window() {
    const count = this.state.raters.length;
    if (count <= OPEN_RATERS) return [0, count];
    const page = Math.min(Math.max(0, this.page), Math.ceil(count / PAGE_RATERS) - 1);
    return [page * PAGE_RATERS, Math.min(count, (page + 1) * PAGE_RATERS)];
  }

  /** @param {Graded} payload */
  show(payload) {
    this.shown = payload.window;
    this.wrongCount = payload.ok ? 0 : payload.wrong_count;
    this.errors = payload.ok ? [] : payload.errors;
    this.result = payload.ok ? payload.result : null;
    this.partial = payload.ok ? null : payload.partial || null;
    this.renderErrors();
    this.renderResult();
    this.updateFragment();
  }

  updateFragment() {
    if (this.holdFragment) return;
    const url = location.pathname + location.search + (this.result ? "#" + this.result.vector : "");
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    for (const { a, base } of this.languageLinks) a.setAttribute("href", base + location.hash);
  }

  // --- opening a shared link or a file ---------------------------------------------------------------------------

  async openFragment(promise) {
    const payload = await promise;
    this.holdFragment = false;
    if (payload.ok) {
      this.load(payload.document);
      this.message("info", TEXT.linkOpened);
      return;
    }
    this.render(); // the saved form: the link did not open
    if (payload.failed) {
      this.updateLanguageLinksOnly();
    } else {
      this.message("error", TEXT.linkFailed, payload.errors);
      history.replaceState(null, "", location.pathname + location.search);
    }
    this.schedule(0);
  }

  updateLanguageLinksOnly() {
    for (const { a, base } of this.languageLinks) a.setAttribute("href", base + location.hash);
  }

  async openFile(file) {
    let payload;
    try {
      payload = await engine.open("json", await file.text());
    } catch (error) {
      this.message("error", TEXT.openFailed(file.name), [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
      return;
    }
    if (!payload.ok) {
      this.message("error", TEXT.openFailed(file.name), payload.errors);
      return;
    }
    this.load(payload.document);
    this.message("info", TEXT.opened(file.name));
  }

  /** An opened document becomes the form; it is sent to the worker first, which grades while the form is drawn. */
  load(doc) {
    this.state = this.fromDocument(doc);
    this.resetSheets();
    this.touched.clear();
    this.save();
    clearTimeout(this.timer);
    this.evaluate();
    this.render();
    this.markPending(); // on the summary just drawn
  }

  async saveFile() {
    if (!this.result) return;
    let payload;
    try {
      payload = await engine.open("vector", this.result.vector);
    } catch {
      return;
    }
    if (!payload.ok) return;
    download(payload.canonical_json + "\n", "application/json", "tbsc55-evaluation.json");
  }

  // --- rater sheets (CSV) ------------------------------------------------------------------------------------------

  /** A new set of raters: sheets drawn as for a new form (all open up to OPEN_RATERS, else none), page 1. */
  resetSheets() {
    this.open.clear();
    if (this.closed) this.closed.clear();
    this.page = 0;
  }

  hasRaterInput() {
    return this.state.raters.some((r) => r.name.trim() !== "" || Object.values(r.alpha).some((v) => v.trim() !== ""));
  }

  async importFile(file) {
    let payload;
    try {
      payload = await engine.importSheets(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      this.importMessage("error", TEXT.importFailed(file.name), [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
      return;
    }
    if (!payload.ok) {
      this.importMessage("error", TEXT.importFailed(file.name), payload.errors);
      return;
    }
    if (this.hasRaterInput() && !window.confirm(TEXT.importConfirm(payload.raters.length))) return;
    this.state = this.normalize({
      ...this.state,
      raters: payload.raters.map((r) => ({ name: r.id, alpha: r.alpha })),
    });
    this.resetSheets();
    this.touched.clear();
    this.save();
    this.render();
    this.importMessage("info", TEXT.imported(file.name, payload.raters.length));
    this.schedule(0);
  }

  importMessage(kind, text, errors = []) {
    this.message(kind, text, errors, this.importMessageEl);
  }

  // --- the report: the engine's own HTML document, printed or downloaded as it is ----------------------------------

  /** The report of the evaluation shown (the result's evaluation string, not the form as typed since). */
  async reportHtml() {
    if (!this.result) return null;
    this.reportBusy = true;
    this.syncReportButtons();
    try {
      const opened = await engine.open("vector", this.result.vector);
      const payload = opened.ok ? await engine.report(opened.document, LANG, localDate()) : opened;
      if (!payload.ok) {
        this.message("error", TEXT.reportFailed, payload.errors);
        return null;
      }
      return payload.html;
    } catch (error) {
      this.message("error", TEXT.reportFailed, [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
      return null;
    } finally {
      this.reportBusy = false;
      this.syncReportButtons();
    }
  }

  async printReport() {
    const html = await this.reportHtml();
    if (html === null) return;
    if (this.reportFrame) this.reportFrame.remove();
    // Printed from a hidden frame, so that no pop-up blocker stands in the way; the report runs no script.
    const frame = h("iframe", {
      class: "calc-report-frame",
      "data-testid": "report-frame",
      title: TEXT.reportFrame,
      "aria-hidden": "true",
      tabindex: "-1",
      sandbox: "allow-same-origin allow-modals",
    });
    frame.addEventListener(
      "load",
      () => {
        const printed = frame.contentWindow;
        if (!printed) return;
        printed.focus();
        printed.print();
        frame.dataset.printed = "true";
      },
      { once: true },
    );
    frame.srcdoc = html;
    document.body.append(frame);
    this.reportFrame = frame;
  }

  async downloadReport() {
    const html = await this.reportHtml();
    if (html !== null) download(html, "text/html;charset=utf-8", `tbsc55-report-${localDate()}.html`);
  }

  syncReportButtons() {
    if (!this.reportButtons) return;
    const usable = Boolean(this.result) && engine.state === "ready";
    for (const button of this.reportButtons) button.disabled = !usable || Boolean(this.reportBusy);
    this.reportHint.textContent = usable ? TEXT.reportHint : TEXT.reportUnavailable;
    this.reportHint.dataset.state = usable ? "ready" : "unavailable";
  }

  reset() {
    if (!window.confirm(TEXT.resetConfirm)) return;
    this.state = this.blank();
    this.resetSheets();
    this.touched.clear();
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // see save()
    }
    history.replaceState(null, "", location.pathname + location.search);
    this.message(null);
    this.render();
    this.schedule(0);
  }

  async copyLink() {
    // Only a complete, valid evaluation has a link (the fragment is its evaluation string): never copy the bare
    // page's address as if it held the form.
    if (!this.result || location.hash !== "#" + this.result.vector) {
      this.message("error", TEXT.copyIncomplete);
      this.messageEl.dataset.about = "copy";
      return;
    }
    try {
      await navigator.clipboard.writeText(location.href);
      this.message("info", TEXT.copied);
    } catch {
      this.message("info", TEXT.copyFailed);
    }
    this.messageEl.dataset.about = "copy";
  }

  // --- rendering: the form -----------------------------------------------------------------------------------------

  /**
   * A shared link is being opened: the engine's status and a note until the engine has read the link. The form
   * comes with the link's evaluation; a form drawn before would be replaced (and what was typed in it lost).
   */
  renderOpening() {
    this.statusEl = h("div", { class: "calc-status", role: "status" });
    this.root.replaceChildren(this.statusEl, h("p", { class: "calc-hint", "data-testid": "opening-link" }, TEXT.openingLink));
    statusView = (status) => this.renderStatus(status);
    this.renderStatus(lastStatus);
  }

  render() {
    this.fields.clear();
    this.raterTotals = new Map(); // rater index → the cell of its total (drawn raters only)
    this.statusEl = h("div", { class: "calc-status", role: "status" });
    this.messageEl = h("div", { class: "calc-message", hidden: true, "data-testid": "message" });
    const fileInput = h("input", {
      type: "file",
      accept: ".json,application/json",
      id: "calc-open-file",
      class: "calc-file",
      "data-testid": "open-file",
      onchange: (event) => {
        const file = event.target.files && event.target.files[0];
        event.target.value = "";
        if (file) this.openFile(file);
      },
    });
    this.saveButton = h(
      "button",
      { type: "button", class: "md-button", "data-testid": "save", title: TEXT.saveHint, onclick: () => this.saveFile() },
      TEXT.save,
    );
    const toolbar = h(
      "div",
      { class: "calc-toolbar", role: "group", "aria-label": TEXT.toolbar },
      fileInput,
      h("label", { for: "calc-open-file", class: "md-button", title: TEXT.openHint }, TEXT.open),
      this.saveButton,
      h("button", { type: "button", class: "md-button", "data-testid": "copy-link", onclick: () => this.copyLink() }, TEXT.copy),
      h("button", { type: "button", class: "md-button calc-reset", "data-testid": "reset", onclick: () => this.reset() }, TEXT.reset),
    );
    this.reportButtons = [
      h("button", { type: "button", class: "md-button", "data-testid": "print-report", onclick: () => this.printReport() }, TEXT.printReport),
      h("button", { type: "button", class: "md-button", "data-testid": "download-report", onclick: () => this.downloadReport() }, TEXT.downloadReport),
    ];
    this.reportHint = h("span", { class: "calc-report-hint", id: "calc-report-hint", "data-testid": "report-hint" });
    for (const button of this.reportButtons) button.setAttribute("aria-describedby", "calc-report-hint");
    const reportBar = h("div", { class: "calc-toolbar calc-reportbar", role: "group", "aria-label": TEXT.report }, this.reportButtons, this.reportHint);

    const summary = this.renderSummary();
    const form = h(
      "form",
      { class: "calc-form", novalidate: true, onsubmit: (event) => event.preventDefault() },
      this.renderGeneral(),
      this.renderService(),
      this.renderManagement(),
    );
    this.detailsEl = h("section", { class: "calc-details", "aria-labelledby": "calc-details-title" });

    if (!this.keysGuarded) {
      // The theme's one-key shortcuts ("." and "n" go to the next page, "," and "p" to the previous one, "f",
      // "s" and "/" to the search) answer keys typed anywhere but in a text field: not on the calculator's
      // buttons, radios and lists, where a key typed is meant for the form.
      this.keysGuarded = true;
      this.root.addEventListener("keydown", (event) => {
        if (event.target instanceof Element && event.target.closest("button, select, input, a, summary")) event.stopPropagation();
      });
    }
    this.root.replaceChildren(
      this.renderSkipLinks(),
      this.statusEl,
      summary,
      toolbar,
      reportBar,
      this.messageEl,
      h("p", { class: "calc-hint" }, TEXT.shareHint),
      form,
      this.detailsEl,
    );
    statusView = (status) => {
      this.renderStatus(status);
      this.syncReportButtons();
    };
    this.renderStatus(lastStatus);
    this.renderErrors();
    this.renderResult();
  }

  /** Links past the long form: to the raters, to the management requirements, to the result. */
  renderSkipLinks() {
    const skip = (target, text, testid) =>
      h(
        "a",
        {
          href: `#${target}`,
          "data-testid": testid,
          // Moves the focus there without touching the address bar (its fragment is the evaluation's).
          onclick: (event) => {
            event.preventDefault();
            const el = document.getElementById(target);
            if (!el) return;
            el.scrollIntoView({ block: "start" });
            el.focus({ preventScroll: true });
          },
        },
        text,
      );
    const sep = LANG === "zh" ? "、" : ", ";
    return h(
      "nav",
      { class: "calc-skip", "aria-label": TEXT.skip.replace(/[:：]$/, "") },
      TEXT.skip,
      " ",
      skip("calc-service-title", TEXT.skipRaters, "skip-raters"),
      sep,
      skip("calc-management-title", TEXT.skipManagement, "skip-management"),
      sep,
      skip("calc-summary-title", TEXT.skipResult, "skip-result"),
    );
  }

  renderGeneral() {
    const m = this.model;
    const org = h("input", {
      type: "text",
      id: "calc-organization",
      autocomplete: "organization",
      value: this.state.organization,
      oninput: (event) => {
        const value = event.target.value;
        this.update((form) => (form.organization = value), this.model.paths.organization);
      },
    });
    this.register("organization", org);
    const profiles = h(
      "fieldset",
      { class: "calc-profile" },
      h("legend", {}, TEXT.profile),
      m.profiles.map((p) =>
        h(
          "label",
          { class: "calc-radio" },
          h("input", {
            type: "radio",
            name: "calc-profile",
            value: p.id,
            "data-testid": `profile-${p.id}`,
            checked: this.state.profile === p.id,
            onchange: () => {
              this.update((form) => (form.profile = p.id), this.model.paths.profile);
            },
          }),
          h("span", {}, p[LANG], " ", h("code", {}, p.id), h("small", { class: "calc-profile-summary" }, p.summary[LANG])),
        ),
      ),
      h("p", { class: "calc-help" }, siteLink(m.links.profiles, TEXT.profileHelp)),
    );
    return h(
      "section",
      { class: "calc-section calc-general", "aria-labelledby": "calc-general-title" },
      h("h2", { id: "calc-general-title" }, TEXT.general),
      h("div", { class: "calc-field" }, h("label", { for: "calc-organization" }, TEXT.organization), org, this.messageFor("organization")),
      profiles,
    );
  }

  renderService() {
    const m = this.model;
    this.addRaterButton = h(
      "button",
      {
        type: "button",
        class: "md-button calc-add",
        "data-testid": "add-rater",
        onclick: () => {
          const r = this.state.raters.length;
          this.open.add(r);
          this.page = Math.floor(r / PAGE_RATERS);
          this.update((form) => form.raters.push(this.blankRater()), null);
          this.rerender(() => document.getElementById(fieldId("rater", r, "name")));
        },
      },
      "+ " + TEXT.addRater,
    );
    return h(
      "section",
      { class: "calc-section calc-service", "aria-labelledby": "calc-service-title" },
      h("h2", { id: "calc-service-title", tabindex: "-1" }, TEXT.service, " ", refs([m.links.service, "5.1"], [m.characteristics[0].href, TEXT.appendix(1)])),
      this.renderAlphaHelp(),
      this.renderSheets(),
      this.renderRaters(),
      this.messageFor(this.model.paths.raters),
      this.addRaterButton,
    );
  }

  /** What α is, with 5.1.1's bands, and what a quick pick sets. */
  renderAlphaHelp() {
    const m = this.model;
    return h(
      "details",
      { class: "calc-alpha-help", "data-testid": "alpha-help" },
      h("summary", {}, TEXT.alphaTitle),
      h("p", {}, TEXT.alphaText, " ", refs([m.links.alpha, "5.1.1"])),
      h(
        "table",
        { class: "calc-table calc-bands" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, TEXT.band), h("th", { scope: "col" }, "α"), h("th", { scope: "col", class: "num" }, TEXT.pickHead))),
        h(
          "tbody",
          {},
          [...m.bands].reverse().map((b) =>
            h("tr", {}, h("th", { scope: "row" }, b[LANG]), h("td", {}, b.interval), h("td", { class: "num", "data-testid": `pick-${b.band}` }, b.pick)),
          ),
        ),
      ),
      h("p", {}, TEXT.picksText, " ", refs([m.links.picks, TEXT.picksNote])),
    );
  }

  /** The raters' sheets: all drawn, up to OPEN_RATERS; beyond, a page of rows with each rater's total. */
  renderRaters() {
    const count = this.state.raters.length;
    if (count <= OPEN_RATERS) return this.state.raters.map((rater, r) => this.renderRater(rater, r));
    const pages = Math.ceil(count / PAGE_RATERS);
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const from = this.page * PAGE_RATERS;
    const to = Math.min(count, from + PAGE_RATERS);
    const go = (page) => {
      this.page = page;
      this.rerender(() => document.getElementById("calc-rater-page"));
      this.schedule(); // the figures of this page's raters
    };
    const nav = h(
      "div",
      { class: "calc-pager", role: "group", "aria-label": TEXT.raterList },
      h("button", { type: "button", class: "md-button", "data-testid": "raters-prev", disabled: this.page === 0, onclick: () => go(this.page - 1) }, TEXT.pagePrev),
      h("span", { id: "calc-rater-page", tabindex: "-1", "data-testid": "raters-page", "aria-live": "polite" }, TEXT.raterPage(from + 1, to, count)),
      h("button", { type: "button", class: "md-button", "data-testid": "raters-next", disabled: this.page >= pages - 1, onclick: () => go(this.page + 1) }, TEXT.pageNext),
    );
    const rows = [];
    for (let r = from; r < to; r++) rows.push(this.renderRater(this.state.raters[r], r));
    return [nav, ...rows];
  }
  renderSheets() {
    const input = h("input", {
      type: "file",
      accept: ".csv,text/csv",
      id: "calc-import-csv",
      class: "calc-file",
      "data-testid": "import-csv",
      "aria-describedby": "calc-sheets-layout",
      onchange: (event) => {
        const file = event.target.files && event.target.files[0];
        event.target.value = "";
        if (file) this.importFile(file);
      },
    });
    // The templates are written at build time beside this page's language (docs/<lang>/downloads/).
    const template = (name, text) => h("a", { href: `../downloads/${name}`, download: "", "data-testid": `template-${name}` }, text);
    const sep = LANG === "zh" ? "、" : ", ";
    this.importMessageEl = h("div", { class: "calc-message", hidden: true, "data-testid": "import-message" });
    return h(
      "div",
      { class: "calc-sheets", role: "group", "aria-labelledby": "calc-sheets-title" },
      h("h3", { id: "calc-sheets-title", class: "calc-visually-hidden" }, TEXT.sheets),
      h(
        "div",
        { class: "calc-sheets-row" },
        input,
        h("label", { for: "calc-import-csv", class: "md-button" }, TEXT.importCsv),
        h("span", { class: "calc-help" }, TEXT.importHint),
      ),
      h(
        "p",
        { class: "calc-help", id: "calc-sheets-layout" },
        TEXT.layout(this.model.item_ids[LANG]),
        " ",
        TEXT.templates,
        LANG === "zh" ? "" : " ",
        template("rater-sheets-template.csv", TEXT.templateRaters),
        sep,
        template("batch-sheets-template.csv", TEXT.templateBatch),
        sep,
        template("batch-levels-template.csv", TEXT.templateLevels),
        LANG === "zh" ? "。" : ".",
      ),
      this.importMessageEl,
    );
  }

  renderRater(rater, r) {
    const m = this.model;
    const title = TEXT.rater(r + 1);
    const nameId = fieldId("rater", r, "name");
    const open = this.isOpen(r);
    const idPath = this.raterIdPath(r);
    const name = h("input", {
      type: "text",
      id: nameId,
      value: rater.name,
      "data-testid": `rater-${r}-name`,
      oninput: (event) => {
        const value = event.target.value;
        this.update((form) => changeRater(form, r, (rater) => (rater.name = value)), idPath);
      },
    });
    this.register(idPath, name);
    const remove = h(
      "button",
      {
        type: "button",
        class: "calc-remove",
        "data-testid": `rater-${r}-remove`,
        disabled: this.state.raters.length === 1,
        "aria-label": `× ${TEXT.removeRater}（${title}）`,
        title: TEXT.removeRater,
        onclick: () => {
          this.touched.clear();
          this.open.clear();
          if (this.closed) this.closed.clear();
          this.update((form) => form.raters.splice(r, 1), null);
          this.rerender(() => this.addRaterButton);
        },
      },
      "×",
    );
    const total = h("span", { class: "calc-rater-total", "data-testid": `rater-${r}-total`, "data-value": "" }, "—");
    const toggle = h(
      "button",
      {
        type: "button",
        class: "calc-toggle",
        "data-testid": `rater-${r}-toggle`,
        "aria-expanded": String(open),
        "aria-controls": fieldId("rater", r, "items"),
        onclick: () => {
          if (this.state.raters.length <= OPEN_RATERS) {
            this.closed = this.closed || new Set();
            if (open) this.closed.add(r);
            else this.closed.delete(r);
          } else if (open) this.open.delete(r);
          else this.open.add(r);
          this.rerender(() => document.querySelector(`[data-testid="rater-${r}-toggle"]`));
        },
      },
      h("span", { class: "calc-toggle-mark", "aria-hidden": "true" }, open ? "▾" : "▸"),
      " ",
      title,
    );
    const head = h(
      "div",
      { class: "calc-rater-head" },
      h("h3", { class: "calc-rater-title" }, toggle),
      h("span", { class: "calc-rater-score" }, TEXT.raterTotal, LANG === "zh" ? "：" : ": ", total),
      h("label", { for: nameId }, TEXT.raterName),
      name,
      remove,
    );
    this.raterTotals.set(r, total);
    if (!open) {
      return h("div", { class: "calc-rater calc-rater--closed", "data-testid": `rater-${r}` }, head, this.messageFor(idPath));
    }
    const groups = m.characteristics.map((c) => {
      const items = m.items.filter((i) => i.characteristic === c.id);
      return h(
        "div",
        { class: "calc-char", role: "group", "aria-labelledby": fieldId("r", r, "char", c.id) },
        h(
          "h4",
          { id: fieldId("r", r, "char", c.id), class: "calc-char-title" },
          h("span", { class: "calc-num" }, c.id),
          " ",
          c[LANG],
          h("span", { class: "calc-max" }, TEXT.points(c.max_points)),
        ),
        items.map((item) => this.renderItem(rater, r, item, title)),
      );
    });
    return h(
      "div",
      { class: "calc-rater", "data-testid": `rater-${r}` },
      head,
      this.messageFor(idPath),
      h(
        "div",
        { id: fieldId("rater", r, "items"), role: "group", "aria-label": title },
        h(
          "div",
          { class: "calc-items-head", "aria-hidden": "true" },
          h("span", {}, TEXT.item),
          h("span", {}, TEXT.maxPoints),
          h("span", {}, TEXT.alpha),
          h("span", {}, TEXT.band),
        ),
        groups,
      ),
    );
  }
  renderItem(rater, r, item, raterTitle) {
    const path = this.alphaPath(r, item.id);
    const id = fieldId("r", r, "alpha", item.id);
    const bandEl = h("span", { class: "calc-band", "data-testid": `band-${r}-${item.id}` }, TEXT.bandPending);
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      id,
      class: "calc-alpha",
      value: rater.alpha[item.id],
      "data-testid": `alpha-${r}-${item.id}`,
      "aria-label": TEXT.alphaLabel(item.id, item[LANG], raterTitle),
      oninput: (event) => {
        const value = event.target.value;
        this.syncPicks(picks, value.trim());
        this.update((form) => changeRater(form, r, (rater) => (rater.alpha[item.id] = value)), path);
      },
      onblur: (event) => {
        // The form drops spaces around a typed α (a file keeps them, and is refused).
        const trimmed = event.target.value.trim();
        if (trimmed !== event.target.value) {
          event.target.value = trimmed;
          this.update((form) => changeRater(form, r, (rater) => (rater.alpha[item.id] = trimmed)), path);
        }
        if (!this.touched.has(path)) {
          this.touched.add(path);
          this.renderErrors();
          this.renderCounts();
        }
      },
    });
    const picks = h(
      "div",
      { class: "calc-picks", role: "group", "aria-label": TEXT.picks(item.id) },
      this.model.bands.map((b) =>
        h(
          "button",
          {
            type: "button",
            class: "calc-pick",
            "data-pick": b.pick,
            "aria-pressed": "false",
            title: TEXT.pick(b[LANG], b.pick),
            onclick: () => {
              input.value = b.pick;
              this.syncPicks(picks, b.pick);
              this.update((form) => changeRater(form, r, (rater) => (rater.alpha[item.id] = b.pick)), path);
            },
          },
          // The visible value first: the button's name starts with what is seen (voice control says "0.8").
          b.pick,
          h("span", { class: "calc-visually-hidden" }, ` ${item.id} ${b[LANG]}`),
        ),
      ),
    );
    this.syncPicks(picks, rater.alpha[item.id].trim());
    this.register(path, input, { band: bandEl });
    return h(
      "div",
      { class: "calc-item" },
      h("span", { class: "calc-item-name" }, siteLink(item.href, item.id, { class: "calc-num" }), " ", h("label", { for: id }, item[LANG])),
      h("span", { class: "calc-item-max" }, TEXT.points(item.max_points)),
      input,
      picks,
      bandEl,
      this.messageFor(path),
    );
  }
  syncPicks(picks, value) {
    for (const button of picks.children) button.setAttribute("aria-pressed", String(button.dataset.pick === value));
  }

  renderManagement() {
    const m = this.model;
    const groups = m.groups.map((g) =>
      h(
        "fieldset",
        { class: "calc-group" },
        h("legend", {}, h("span", { class: "calc-num" }, g.id), " ", g[LANG]),
        m.clauses.filter((c) => c.group === g.id).map((c) => this.renderClause(c)),
      ),
    );
    const conformity = h("input", {
      type: "checkbox",
      id: "calc-conformity",
      "data-testid": "conformity",
      checked: this.state.conformity,
      onchange: (event) => {
        const checked = event.target.checked;
        this.update((form) => (form.conformity = checked), this.model.paths.conformity);
      },
    });
    this.register("management.conformity_passed", conformity);
    return h(
      "section",
      { class: "calc-section calc-management", "aria-labelledby": "calc-management-title" },
      h("h2", { id: "calc-management-title", tabindex: "-1" }, TEXT.management, " ", refs([m.links.management, TEXT.appendix(3)], [m.clauses[0].a4_href.split("#")[0], TEXT.appendix(4)])),
      h(
        "p",
        { class: "calc-help", "data-testid": "level-help" },
        TEXT.levelHelp,
        " ",
        refs([m.links.level_model, TEXT.levelModel], [m.links.appendix_2, TEXT.appendix2]),
      ),
      h("div", { class: "calc-clauses-head", "aria-hidden": "true" }, h("span", {}, TEXT.clause), h("span", {}, TEXT.level), h("span", {}, TEXT.clausePoints)),
      groups,
      h(
        "div",
        { class: "calc-conformity" },
        conformity,
        h("label", { for: "calc-conformity" }, TEXT.conformity),
        " ",
        siteLink(m.links.conformity, `(${TEXT.conformityRef})`),
        this.messageFor("management.conformity_passed"),
      ),
    );
  }

  renderClause(c) {
    const path = this.levelPath(c.id);
    const id = fieldId("level", c.id);
    const levels = this.model.level_names;
    const sep = LANG === "zh" ? "：" : ": ";
    const pointsEl = h("span", { class: "calc-clause-points", "data-testid": `points-${c.id}` }, "—");
    const select = h(
      "select",
      {
        id,
        class: "calc-level",
        "data-testid": `level-${c.id}`,
        "aria-label": TEXT.levelLabel(c.id, c[LANG]),
        onchange: (event) => {
          const value = event.target.value;
          this.update((form) => (form.levels[c.id] = value), path);
        },
        onblur: () => {
          if (!this.touched.has(path)) {
            this.touched.add(path);
            this.renderErrors();
          }
        },
      },
      h("option", { value: "" }, TEXT.levelNone),
      levels.map((n) =>
        h(
          "option",
          { value: String(n.level), selected: this.state.levels[c.id] === String(n.level) },
          n[LANG] + (n[`model_${LANG}`] ? sep + n[`model_${LANG}`] : ""),
        ),
      ),
    );
    this.register(path, select, { points: pointsEl });
    return h(
      "div",
      { class: "calc-clause" },
      h(
        "span",
        { class: "calc-clause-name" },
        siteLink(c.href, c.id, { class: "calc-num", title: TEXT.a3Title(c.id) }),
        " ",
        h("label", { for: id }, c[LANG]),
        " ",
        h("span", { class: "calc-weight" }, TEXT.weight(c.weight)),
        " ",
        siteLink(c.a4_href, TEXT.a4, { class: "calc-a4", title: TEXT.a4Title(c.id) }),
      ),
      select,
      pointsEl,
      this.messageFor(path),
    );
  }

  /** Re-renders the form (raters added or removed) and puts the focus where the user expects it. */
  rerender(focus) {
    this.render();
    const target = focus();
    if (target) target.focus();
  }

  register(path, input, extra = {}) {
    const message = h("p", { class: "calc-error", id: fieldId("err", path), hidden: true });
    this.fields.set(path, { input, message, ...extra });
  }

  messageFor(path) {
    const field = this.fields.get(path);
    return field ? field.message : h("p", { class: "calc-error", id: fieldId("err", path), hidden: true, "data-path": path });
  }

  // --- rendering: errors, status and results -------------------------------------------------------------------------

  renderErrors() {
    const byPath = new Map(this.errors.map((e) => [e.path, e]));
    for (const [path, field] of this.fields) {
      const error = byPath.get(path);
      const value = field.input.value.trim();
      const shown = error && (value !== "" || this.touched.has(path));
      field.input.toggleAttribute("aria-invalid", false);
      if (shown) {
        field.input.setAttribute("aria-invalid", "true");
        field.input.setAttribute("aria-describedby", field.message.id);
        field.message.textContent = error[LANG];
        field.message.hidden = false;
      } else {
        field.input.removeAttribute("aria-describedby");
        field.message.textContent = "";
        field.message.hidden = true;
      }
    }
    // Errors without a field of their own (the document as a whole, the list of raters).
    const other = this.errors.filter((e) => !this.fields.has(e.path));
    const listPath = this.model.paths.raters;
    const raterList = [...this.root.querySelectorAll(/** @type {"p"} */ (".calc-error[data-path]"))].find(
      (el) => el.dataset.path === listPath,
    );
    if (raterList) {
      const own = other.filter((e) => e.path === listPath);
      raterList.textContent = own.map((e) => e[LANG]).join(" ");
      raterList.hidden = own.length === 0;
    }
  }

  renderStatus(status) {
    if (!this.statusEl) return;
    const el = this.statusEl;
    el.className = `calc-status calc-status--${status.state}`;
    el.dataset.state = status.state;
    if (status.state === "progress" || status.state === "restarting") {
      const stages = Object.keys(TEXT.stages);
      const current = Math.max(0, stages.indexOf(status.stage));
      el.replaceChildren(
        ...present([
          // A bar of the stages done, not a spinner: a never-ending animation keeps a machine without a graphics
          // processor drawing frames while Python starts, and says less than the stage does.
          h(
            "span",
            { class: "calc-stagebar", "aria-hidden": "true" },
            stages.map((_, i) => h("span", { class: i <= current ? "calc-stagebar-done" : "" })),
          ),
          h("span", {}, TEXT.loading),
          h("span", { class: "calc-stage", "aria-current": "step" }, TEXT.stages[stages[current]]),
          h("span", { class: "calc-stage-count" }, TEXT.stageCount(current + 1, stages.length)),
          status.state === "restarting" ? h("span", {}, TEXT.restarting) : null,
        ]),
      );
    } else if (status.state === "ready") {
      el.replaceChildren(h("span", { class: "calc-ok", "aria-hidden": "true" }, "✓"), " ", TEXT.ready(status.version));
    } else {
      el.setAttribute("role", "alert");
      el.replaceChildren(
        ...present([
        h("strong", {}, TEXT.fatalTitle),
        h("p", {}, TEXT.fatalHelp, " ", siteLink("guides/auditors/", TEXT.auditors)),
        status.message
          ? h("details", {}, h("summary", {}, TEXT.technical), h("pre", { class: "calc-detail" }, status.message))
          : null,
      ]),
      );
      this.showEngineUnavailable();
    }
  }

  showEngineUnavailable() {
    this.result = null;
    this.renderResult();
  }

  setNote(text, busy) {
    if (this.noteEl) {
      this.noteEl.textContent = text;
      this.summaryEl.setAttribute("aria-busy", busy ? "true" : "false");
    }
  }

  renderSummary() {
    const cell = (testid, label) => {
      const value = h("dd", { "data-testid": testid, "data-value": "" }, "—");
      return [h("div", { class: `calc-stat calc-stat--${testid}` }, h("dt", {}, label), value), value];
    };
    const [score, scoreValue] = cell("service-score", TEXT.serviceScore);
    const [total, totalValue] = cell("management-total", TEXT.managementTotal);
    const [grade, gradeValue] = cell("management-grade", TEXT.managementGrade);
    const [stars, starsValue] = cell("stars", TEXT.result);
    this.summaryValues = { score: scoreValue, total: totalValue, grade: gradeValue, stars: starsValue };
    this.noteEl = h("p", { class: "calc-note", "data-testid": "note" });
    this.problemsEl = h("div", { class: "calc-problems", "data-testid": "problems", hidden: true });
    this.summaryEl = h(
      "section",
      { class: "calc-summary", "aria-labelledby": "calc-summary-title", "aria-live": "polite", "data-testid": "results" },
      h("h2", { id: "calc-summary-title", class: "calc-visually-hidden", tabindex: "-1" }, TEXT.summary),
      h("dl", {}, score, total, grade, stars),
      this.noteEl,
      this.problemsEl,
    );
    return this.summaryEl;
  }

  renderResult() {
    if (!this.summaryValues) return;
    const res = this.result;
    const part = res ? null : this.partial;
    const v = this.summaryValues;
    const set = (el, value, text) => {
      el.dataset.value = value;
      el.replaceChildren(...(Array.isArray(text) ? text : [text]).filter((c) => c !== null && c !== undefined));
    };
    const stars = (n) => [
      n ? h("span", { class: "calc-stars", "aria-hidden": "true" }, "★".repeat(n)) : null,
      h("span", { class: n ? "" : "calc-not-certified" }, this.starName(n)),
    ];
    this.saveButton.disabled = !res;
    this.syncReportButtons();
    // Bands, clause points and rater totals: from the engine only (its result, or what it could grade so far).
    for (const [, field] of this.fields) {
      if (field.band) {
        field.band.textContent = TEXT.bandPending;
        delete field.band.dataset.band;
      }
      if (field.points) field.points.textContent = "—";
    }
    for (const el of this.raterTotals.values()) set(el, "", "—");
    const showBand = (r, itemId, band) => {
      const field = this.fields.get(this.alphaPath(r, itemId));
      const named = this.bands.get(band);
      if (field && field.band && named) {
        field.band.textContent = named[LANG];
        field.band.dataset.band = String(band);
      }
    };
    if (!res) {
      const m = part && part.management;
      set(v.score, part && part.service_score ? part.service_score : "", part && part.service_score ? part.service_score : "—");
      set(v.total, m ? m.total : "", m ? m.total : "—");
      set(v.grade, m ? String(m.grade) : "", m ? this.gradeName(m.grade) : "—");
      const n = part ? part.stars : null;
      set(v.stars, n === null || n === undefined ? "" : String(n), n === null || n === undefined ? "—" : stars(n));
      if (part) {
        const first = this.shown ? this.shown.start : 0;
        part.raters.forEach((rater, k) => {
          const r = first + k;
          const total = this.raterTotals.get(r);
          if (total && rater.score !== null) set(total, rater.score, rater.score);
          if (this.isOpen(r)) rater.bands.forEach((band, k) => band && showBand(r, this.model.items[k].id, band));
        });
        if (m) {
          for (const [id, points] of Object.entries(m.clauses)) {
            const field = this.fields.get(this.levelPath(id));
            if (field && field.points) field.points.textContent = points;
          }
        }
      }
      this.summaryEl.dataset.state = "incomplete";
      if (engine.state === "failed") this.setNote(TEXT.fatalTitle + "。", false);
      else if (!this.errors.length && engine.state !== "ready") this.setNote(TEXT.waiting, true);
      else this.renderCounts();
      this.detailsEl.replaceChildren();
      return;
    }
    this.summaryEl.dataset.state = "ok";
    this.renderProblems([], 0);
    const cert = res.certification;
    set(v.score, res.service.score, res.service.score);
    set(v.total, res.management.total, res.management.total);
    set(v.grade, String(res.management.grade), this.gradeName(res.management.grade));
    set(v.stars, String(cert.stars), stars(cert.stars));
    this.setNote(cert.summary[LANG], false);

    const first = this.shown ? this.shown.start : 0;
    res.service.raters.forEach((rater, k) => {
      const r = first + k;
      const total = this.raterTotals.get(r);
      if (total) set(total, rater.score, rater.score);
      if (!this.isOpen(r)) return;
      if (rater.items) for (const item of rater.items) showBand(r, item.id, item.band);
      else if (rater.bands) rater.bands.forEach((band, k) => showBand(r, this.model.items[k].id, band));
    });
    for (const clause of res.management.clauses) {
      const field = this.fields.get(this.levelPath(clause.id));
      if (field && field.points) field.points.textContent = clause.points;
    }
    this.renderDetails(res);
  }
  /** Fields of the form that are still empty (counted from the form itself: this follows the typing at once). */
  emptyPaths() {
    const empty = [];
    const items = this.model.items;
    this.state.raters.forEach((rater, r) => {
      const alpha = rater.alpha;
      for (let k = 0; k < items.length; k++) if (alpha[items[k].id].trim() === "") empty.push(this.alphaPaths(r)[k]);
    });
    for (const c of this.model.clauses) if (this.state.levels[c.id] === "") empty.push(this.levelPath(c.id));
    return empty;
  }

  /** The note under the figures while the form is incomplete: how many fields are empty and how many are wrong,
   * with each wrong one (and the first empty one) linked to its field. */
  renderCounts() {
    if (!this.noteEl || this.result || engine.state === "failed") return;
    const empty = this.emptyPaths();
    const emptyNow = new Set(empty);
    const emptyThen = this.sentEmpty || new Set();
    // The engine's errors on fields that held something when it was asked and still do; an empty field is
    // counted as empty, not as wrong.
    const wrong = this.errors.filter((e) => !emptyNow.has(e.path) && !emptyThen.has(e.path));
    if (!empty.length && !wrong.length) {
      this.setNote(engine.state === "ready" ? TEXT.computing : TEXT.waiting, true);
      this.renderProblems([], null);
      return;
    }
    // The engine lists the errors of the raters shown and the first few others, and counts them all.
    const count = Math.max(wrong.length, this.wrongCount);
    this.setNote(TEXT.incomplete(empty.length, count), false);
    this.renderProblems(wrong, empty.length ? empty[0] : null, count);
  }

  /** The list of problems: each a link that takes the focus to its field (opening its rater's sheet if needed). */
  renderProblems(errors, firstEmpty, count = errors.length) {
    if (!this.problemsEl) return;
    if (!errors.length && !firstEmpty) {
      this.problemsEl.hidden = true;
      this.problemsEl.replaceChildren();
      return;
    }
    const link = (path, text, testid) =>
      h(
        "a",
        {
          href: `#${fieldId(path)}`,
          "data-testid": testid,
          "data-path": path,
          onclick: (event) => {
            event.preventDefault();
            this.focusField(path);
          },
        },
        text,
      );
    const items = errors.slice(0, LISTED_ERRORS).map((e) =>
      h("li", {}, this.canFocus(e.path) ? link(e.path, this.fieldName(e.path), "problem") : this.fieldName(e.path), LANG === "zh" ? "：" : ": ", e[LANG]),
    );
    this.problemsEl.hidden = false;
    this.problemsEl.replaceChildren(
      ...present([
        errors.length ? h("p", {}, TEXT.errorsTitle) : null,
        errors.length ? h("ul", {}, items) : null,
        count > Math.min(errors.length, LISTED_ERRORS) ? h("p", {}, TEXT.moreErrors(count - Math.min(errors.length, LISTED_ERRORS))) : null,
        firstEmpty ? h("p", {}, link(firstEmpty, TEXT.firstEmpty, "first-empty")) : null,
      ]),
    );
  }

  canFocus(path) {
    return this.fields.has(path) || this.raterOf(path) >= 0;
  }

  /** A field's name in the page's words, from its path (the form's own fields are looked up, not parsed). */
  fieldName(path) {
    const r = this.raterOf(path);
    if (r >= 0) {
      const k = this.alphaPaths(r).indexOf(path);
      return k >= 0 ? `${TEXT.rater(r + 1)} ${this.model.items[k].id} ${this.model.items[k][LANG]}` : `${TEXT.rater(r + 1)} ${TEXT.raterName}`;
    }
    for (const c of this.model.clauses) if (this.levelPath(c.id) === path) return `${c.id} ${c[LANG]}`;
    return path || TEXT.general;
  }

  /** Takes the focus to a field, drawing its rater's sheet (and page) first when it is not drawn. */
  focusField(path) {
    let field = this.fields.get(path);
    if (!field) {
      const r = this.raterOf(path);
      if (r < 0) return;
      this.open.add(r);
      if (this.closed) this.closed.delete(r);
      this.page = Math.floor(r / PAGE_RATERS);
      this.render();
      this.schedule();
      field = this.fields.get(path);
    }
    if (field) {
      field.input.scrollIntoView({ block: "center" });
      field.input.focus({ preventScroll: true });
    }
  }

  renderDetails(res) {
    const m = this.model;
    const cert = res.certification;
    const charName = new Map(m.characteristics.map((c) => [c.id, c[LANG]]));
    const groupName = new Map(m.groups.map((g) => [g.id, g[LANG]]));
    const table = (caption, head, rows, testid) =>
      h(
        "table",
        { class: "calc-table", "data-testid": testid },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, head.map((c, i) => h("th", { scope: "col", class: i ? "num" : "" }, c)))),
        h("tbody", {}, rows.map((row) => h("tr", {}, row.map((c, i) => (i ? h("td", { class: "num" }, c) : h("th", { scope: "row" }, c)))))),
      );
    const subtotals = table(
      TEXT.subtotals,
      [TEXT.characteristic, TEXT.maxPoints, TEXT.meanPoints],
      res.service.characteristics.map((c) => [`${c.id} ${charName.get(c.id)}`, c.max_points, c.mean_points]),
      "subtotals",
    );
    const all = !this.shown || (this.shown.start === 0 && this.shown.stop === this.shown.count);
    const raters = table(
      TEXT.raterScores,
      [TEXT.raterHead, TEXT.meanPoints],
      res.service.raters.map((r, i) => [r.id === null || r.id === undefined ? TEXT.rater(i + 1) : `${TEXT.rater(i + 1)} · ${r.id}`, r.score]),
      "rater-scores",
    );
    const groups = table(
      TEXT.groups,
      [TEXT.chapter, TEXT.maxPoints, TEXT.meanPoints],
      res.management.groups.map((g) => [`${g.id} ${groupName.get(g.id)}`, g.max_points, g.points]),
      "groups",
    );
    const profile = m.profiles.find((p) => p.id === cert.profile);
    this.detailsEl.replaceChildren(
      ...present([
      h("h2", { id: "calc-details-title" }, TEXT.details),
      h(
        "div",
        { class: "calc-outcome", "data-testid": "reasons" },
        h("h3", {}, TEXT.reasons, " ", refs([m.links.conformity, "5.3"])),
        profile ? h("p", { class: "calc-help" }, TEXT.profile, LANG === "zh" ? "：" : ": ", h("code", {}, profile.id), " ", profile[LANG]) : null,
        h("ul", {}, cert.reasons.map((r) => h("li", {}, r[LANG]))),
      ),
      h(
        "div",
        { class: "calc-next", "data-testid": "next-star", "data-value": cert.next_star ? String(cert.next_star.stars) : "" },
        h("h3", {}, TEXT.nextStar),
        h("p", {}, cert.next_star ? cert.next_star[LANG] : TEXT.topStar),
      ),
      // Beyond OPEN_RATERS raters, each rater's total is in the list of raters, a page at a time.
      h("div", { class: "calc-tables" }, subtotals, all ? raters : null, groups),
      h("h3", {}, TEXT.trace),
      all || !this.shown ? null : h("p", { class: "calc-help", "data-testid": "trace-window" }, TEXT.traceWindow(this.shown.start + 1, this.shown.stop, this.shown.count)),
      h(
        "ol",
        { class: "calc-trace", "data-testid": "trace" },
        res.trace.map((step) =>
          h(
            "li",
            {},
            siteLink(step.href, LANG === "zh" ? step.clause_zh : step.clause, { class: "calc-trace-clause" }),
            h("span", { class: "calc-trace-text" }, step[LANG]),
          ),
        ),
      ),
      ]),
    );

  }

  message(kind, text, errors = [], el = this.messageEl) {
    delete el.dataset.about;
    if (!kind) {
      el.hidden = true;
      el.replaceChildren();
      return;
    }
    el.hidden = false;
    el.className = `calc-message calc-message--${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.replaceChildren(
      ...present([
        h("p", {}, text),
        errors.length
          ? h(
              "ul",
              {},
              errors.map((e) =>
                h(
                  "li",
                  {},
                  placeOf(e) ? h("strong", { class: "calc-where" }, placeOf(e)) : null,
                  e.path && !placeOf(e) ? h("code", {}, e.path) : null,
                  placeOf(e) ? (LANG === "zh" ? "：" : ": ") : e.path ? " " : null,
                  e[LANG],
                ),
              ),
            )
          : null,
      ]),
    );
  }
}

// --- boot ----------------------------------------------------------------------------------------------------------

const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-calculator]"));
if (root) {
  modelPromise.then(
    (model) => {
      const calculator = new Calculator(root, model);
      /** @type {{tbsc55Calculator?: Calculator}} */ (/** @type {unknown} */ (window)).tbsc55Calculator = calculator; // for the tests and the curious
      if (opening) calculator.openFragment(opening);
      else calculator.schedule(0);
      // Another shared link pasted into the address bar of this page: open it like a link at load.
      window.addEventListener("hashchange", () => {
        const text = decodeFragment(location.hash);
        if (!text || (calculator.result && text === calculator.result.vector)) return;
        calculator.holdFragment = true;
        calculator.openFragment(engine.open("vector", text).catch((error) => ({ ok: false, failed: error })));
      });
    },
    (error) => {
      root.replaceChildren(h("p", { class: "calc-message calc-message--error", role: "alert" }, TEXT.modelFailed, ` (${error.message})`));
    },
  );
}
