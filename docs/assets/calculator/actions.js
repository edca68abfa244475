// @ts-check
// What the user does with a whole evaluation: open a file, save one, copy the link, reset; import rater sheets;
// print or download the report; and a shared link opened. Each goes through the engine (opening, importing, the
// report's HTML) and, for a new form, through Store.replace. Messages say what happened, in the page's language.

import { download, fileInput, h, localDate, localTime, present } from "./dom.js";
import { fill } from "./words.js";

/**
 * @typedef {import("./protocol.js").EngineError} EngineError
 * @typedef {import("./protocol.js").EvaluationDocument} EvaluationDocument
 * @typedef {import("./protocol.js").Opened} Opened
 * @typedef {import("./protocol.js").OpenedDocument} OpenedDocument
 * @typedef {import("./protocol.js").DraftDocument} DraftDocument
 * @typedef {import("./engine.js").Engine} Engine
 * @typedef {import("./grading.js").Grading} Grading
 * @typedef {import("./address.js").Address} Address
 * @typedef {import("./form.js").Form} Form
 * @typedef {import("./form.js").Context} Context
 * @typedef {OpenedDocument | {ok: false, failed: unknown}} Opening a shared link's evaluation, or why the engine could not read it
 */

/** An exception's message. @param {unknown} error */
const messageOf = (error) => String(error instanceof Error ? error.message : error);

export class Actions {
  /** @param {Context} ctx @param {Engine} engine @param {Grading} grading @param {Address} address @param {Form} form */
  constructor(ctx, engine, grading, address, form) {
    this.ctx = ctx;
    this.engine = engine;
    this.grading = grading;
    this.address = address;
    this.form = form;
    const T = ctx.text;
    this.message = h("div", { class: "calc-message", hidden: true, "data-testid": "message" });
    this.reportBusy = false;
    /** @type {HTMLIFrameElement | null} */
    this.reportFrame = null;
    const accept = ".json,application/json,.html,.htm,text/html";
    const openInput = fileInput({ id: "calc-open-file", accept, testid: "open-file" }, (file) => this.openFile(file));
    this.saveButton = h("button", { type: "button", class: "md-button", "data-testid": "save", title: T.saveHint, onclick: () => this.saveFile() }, T.save);
    this.toolbar = h(
      "div",
      { class: "calc-toolbar", role: "group", "aria-label": T.toolbar },
      openInput,
      h("label", { for: "calc-open-file", class: "md-button", title: T.openHint }, T.open),
      this.saveButton,
      h("button", { type: "button", class: "md-button", "data-testid": "copy-link", onclick: () => this.copyLink() }, T.copy),
      h("button", { type: "button", class: "md-button calc-reset", "data-testid": "reset", onclick: () => this.reset() }, T.reset),
    );
    this.reportButtons = [
      h("button", { type: "button", class: "md-button", "data-testid": "print-report", onclick: () => this.printReport() }, T.printReport),
      h("button", { type: "button", class: "md-button", "data-testid": "download-report", onclick: () => this.downloadReport() }, T.downloadReport),
      h("button", { type: "button", class: "md-button", "data-testid": "download-csv", onclick: () => this.downloadCsv() }, T.downloadCsv),
    ];
    this.reportHint = h("span", { class: "calc-report-hint", id: "calc-report-hint", "data-testid": "report-hint" });
    for (const button of this.reportButtons) button.setAttribute("aria-describedby", "calc-report-hint");
    this.reportBar = h("div", { class: "calc-toolbar calc-reportbar", role: "group", "aria-label": T.report }, this.reportButtons, this.reportHint);
  }

  /** What can be done now: saving needs a working engine (which writes the file: the evaluation document, or a
   * draft when the form is not complete); the report needs a result too. */
  sync() {
    const T = this.ctx.text;
    const usable = Boolean(this.grading.result) && this.engine.state === "ready";
    this.saveButton.disabled = this.engine.state !== "ready";
    for (const button of this.reportButtons) button.disabled = !usable || this.reportBusy;
    this.reportHint.textContent = usable ? T.reportHint : T.reportUnavailable;
    this.reportHint.dataset.state = usable ? "ready" : "unavailable";
  }

  /** A note about the link (copied, or not) is about the form as it was: it goes when the form changes. */
  formChanged() {
    if (this.message.dataset.about === "copy") this.say(null, "");
  }

  // --- a shared link, a file ---------------------------------------------------------------------------------

  /** A shared link's evaluation, once the engine has read it: it becomes the form, or the saved form stays.
   * @param {Promise<Opening>} opening */
  async openLink(opening) {
    const T = this.ctx.text;
    const payload = await opening;
    this.grading.held = false;
    if (payload.ok) {
      const org = payload.document.organization;
      this.load(payload.document, org ? fill(T.openedName, { what: org, when: localTime() }) : { link: localTime() }, true); // made up: each page's words
      this.say("info", T.linkOpened);
      return;
    }
    this.ctx.store.replace(this.ctx.store.form); // the saved form: the link did not open
    if ("failed" in payload) {
      this.address.followLanguage();
    } else {
      this.say("error", T.linkFailed, payload.errors);
      this.address.clear();
    }
  }

  /**
   * A file chosen: a JSON evaluation document, or a report of this program, which the engine checks as
   * ``python -m scoring verify`` does; a report's evaluation is loaded whatever the verdict, and the verdict said.
   * No more than the largest file the engine opens, and one byte, is read: the engine refuses it by name.
   * @param {File} file
   */
  async openFile(file) {
    const T = this.ctx.text;
    /** @type {Opened} */
    let payload;
    try {
      const bytes = await file.slice(0, this.ctx.model.limits.open_bytes + 1).arrayBuffer();
      payload = await this.engine.openFile(new Uint8Array(bytes));
    } catch (error) {
      this.say("error", fill(T.openFailed, { name: file.name }), [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
      return;
    }
    if (!payload.ok) {
      this.say("error", fill(T.openFailed, { name: file.name }), payload.errors);
      return;
    }
    this.load(payload.document, payload.name || fill(T.openedName, { what: payload.document.organization || file.name, when: localTime() }));
    if (payload.draft) {
      this.say("info", fill(T.openedDraft, { name: file.name, missing: payload.missing, wrong: payload.wrong }));
      return;
    }
    const report = payload.report;
    if (!report) {
      this.say("info", fill(T.opened, { name: file.name }));
    } else {
      const verdict = [{ path: "", zh: report.zh, en: report.en }];
      if (report.verified) this.say("info", fill(T.reportVerified, { name: file.name }), verdict);
      else this.say("error", fill(T.reportDiffers, { name: file.name }), verdict);
    }
  }

  /**
   * An opened document (or draft) becomes the form: a new entry of the list of evaluations, so that the form on the
   * page is kept — unless it is that very evaluation (a shared link reloaded). @param {EvaluationDocument | DraftDocument} doc
   * @param {import("./library.js").Name} name the evaluation's name (kept in the file, or made from it)
   * @param {boolean} [link] a shared link's, which holds no observations: the form's link (a reload) keeps the form
   */
  load(doc, name, link = false) {
    const store = this.ctx.store;
    const form = store.shapes.fromDocument(doc);
    const now = JSON.stringify(link ? store.shapes.withoutNotes(store.form) : store.form);
    if (now === JSON.stringify(form)) {
      store.replace(link ? store.form : form);
    } else if (now === JSON.stringify(store.shapes.blank())) {
      store.replace(form); // an empty form is not kept: the opened evaluation takes its place and its name
      if (name !== store.library.current().name) store.rename(store.uniqueName(name));
    } else {
      store.create(name, form);
    }
  }

  /** Save the form as a file, whatever it holds: the engine writes the evaluation document when it is complete and
   * valid, else a draft document holding it as typed; the file is named by the organization and the date. */
  async saveFile() {
    const { text: T, store, lang } = this.ctx;
    try {
      const payload = await this.engine.save(store.form, store.library.current().name, lang, localDate());
      if (!payload.ok) {
        this.say("error", T.saveFailed, payload.errors);
        return;
      }
      download(payload.text, "application/json", payload.file_name);
      this.say("info", payload.draft ? fill(T.savedDraft, { file: payload.file_name, missing: payload.missing, wrong: payload.wrong }) : fill(T.saved, { file: payload.file_name }));
    } catch (error) {
      this.say("error", T.saveFailed, [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
    }
  }

  /**
   * A CSV file read by the engine (rater sheets, a levels file): its answer, or null once its refusal is said.
   * @template {{ok: boolean, errors: EngineError[]}} T
   * @param {File} file @param {(bytes: Uint8Array) => Promise<T>} read @param {string} failed @param {HTMLElement} into
   * @returns {Promise<T | null>}
   */
  async readCsv(file, read, failed, into) {
    try {
      const payload = await read(new Uint8Array(await file.arrayBuffer()));
      if (payload.ok) return payload;
      this.say("error", failed, payload.errors, into);
    } catch (error) {
      this.say("error", failed, [{ path: "", en: messageOf(error), zh: messageOf(error) }], into);
    }
    return null;
  }

  /** Rater sheets: their raters become the form's. @param {File} file */
  async importFile(file) {
    const { text: T, store } = this.ctx;
    const into = this.form.importMessage;
    const payload = await this.readCsv(file, (bytes) => this.engine.importSheets(file.name, bytes), fill(T.importFailed, { name: file.name }), into);
    if (!payload) return;
    if (store.hasRaterInput() && !window.confirm(fill(T.importConfirm, { n: payload.raters.length }))) return;
    store.replace(store.shapes.normalize({ ...store.form, raters: payload.raters.map((r) => ({ name: r.id, alpha: r.alpha })) }));
    this.say("info", fill(T.imported, { name: file.name, n: payload.raters.length }), [], into);
  }

  /** A levels CSV: its maturity levels (and the organization and conformity it names) become the form's.
   * @param {File} file */
  async importLevels(file) {
    const { text: T, store } = this.ctx;
    const into = this.form.levelsMessage;
    const payload = await this.readCsv(file, (bytes) => this.engine.importLevels(file.name, bytes), fill(T.levelsFailed, { name: file.name }), into);
    if (!payload || !payload.ok) return;
    if (Object.values(store.form.levels).some((v) => v !== "") && !window.confirm(T.levelsConfirm)) return;
    const { levels, conformity_passed: conformity } = payload.management;
    store.replace(
      store.shapes.normalize({
        ...store.form,
        levels,
        conformity: conformity ?? store.form.conformity,
        organization: payload.organization ?? store.form.organization,
      }),
    );
    this.say("info", fill(T.levelsImported, { name: file.name }), [], into);
  }

  reset() {
    const { text: T, store } = this.ctx;
    if (!window.confirm(T.resetConfirm)) return;
    this.address.clear();
    this.say(null, "");
    store.replace(store.shapes.blank());
    this.engine.forgetAnswers(); // nothing of the form reset stays: not the engine's answers kept for a next visit
  }

  async copyLink() {
    const T = this.ctx.text;
    // Only a complete, valid evaluation has a link (the fragment is its evaluation string): never copy the bare
    // page's address as if it held the form.
    const result = this.grading.result;
    if (!result || !this.address.holds(result.vector)) {
      this.say("error", T.copyIncomplete);
    } else {
      try {
        await navigator.clipboard.writeText(location.href);
        this.say("info", this.ctx.store.shapes.hasNotes(this.ctx.store.form) ? T.copiedNoNotes : T.copied);
      } catch {
        this.say("info", T.copyFailed);
      }
    }
    this.message.dataset.about = "copy";
  }

  // --- the report: the engine's own HTML document, printed or downloaded as it is --------------------------------

  /** The report of the evaluation shown (the result's evaluation string, not the form as typed since), and the name
   * of its file. @returns {Promise<{html: string, name: string} | null>} */
  async reportHtml() {
    const { text: T, lang } = this.ctx;
    const result = this.grading.result;
    if (!result) return null;
    this.reportBusy = true;
    this.sync();
    try {
      const opened = await this.graded(result.vector);
      const payload = opened.ok ? await this.engine.report(opened.document, lang, localDate()) : opened;
      if (!payload.ok) {
        this.say("error", T.reportFailed, payload.errors);
        return null;
      }
      return { html: payload.html, name: payload.file_name || `tbsc55-report-${localDate()}.html` };
    } catch (error) {
      this.say("error", T.reportFailed, [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
      return null;
    } finally {
      this.reportBusy = false;
      this.sync();
    }
  }

  /**
   * The evaluation of the result shown (its evaluation string, not the form as typed since), with the form's
   * observations and record: the report and the CSV are the record of the evaluation, and they are never graded.
   * @param {string} vector @returns {Promise<import("./protocol.js").OpenedDocument>}
   */
  async graded(vector) {
    const opened = await this.engine.open("vector", vector);
    const store = this.ctx.store;
    return opened.ok ? { ...opened, document: store.shapes.withNotes(opened.document, store.form) } : opened;
  }

  /** The result as a CSV for spreadsheets (UTF-8 with BOM, cells safe from formulas: the engine's text). */
  async downloadCsv() {
    const { text: T, lang } = this.ctx;
    const result = this.grading.result;
    if (!result) return;
    try {
      const opened = await this.graded(result.vector);
      const payload = opened.ok ? await this.engine.exportCsv(opened.document, lang, localDate()) : opened;
      if (!payload.ok) this.say("error", T.csvFailed, payload.errors);
      else download(payload.csv, "text/csv;charset=utf-8", payload.file_name || `tbsc55-result-${localDate()}.csv`);
    } catch (error) {
      this.say("error", T.csvFailed, [{ path: "", en: messageOf(error), zh: messageOf(error) }]);
    }
  }

  async printReport() {
    const report = await this.reportHtml();
    if (report === null) return;
    if (this.reportFrame) this.reportFrame.remove();
    // Printed from a hidden frame, so that no pop-up blocker stands in the way; the report runs no script.
    const frame = h("iframe", {
      class: "calc-report-frame",
      "data-testid": "report-frame",
      title: this.ctx.text.reportFrame,
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
    frame.srcdoc = report.html;
    document.body.append(frame);
    this.reportFrame = frame;
  }

  async downloadReport() {
    const report = await this.reportHtml();
    if (report !== null) download(report.html, "text/html;charset=utf-8", report.name);
  }

  // --- messages ----------------------------------------------------------------------------------------------

  /**
   * A message (null: none), with the engine's errors, each placed (a rater sheet's row and column) as the engine
   * words it. @param {"info" | "error" | null} kind @param {string} text @param {EngineError[]} [errors]
   * @param {HTMLElement} [el]
   */
  say(kind, text, errors = [], el = this.message) {
    const { lang, text: T } = this.ctx;
    delete el.dataset.about;
    if (!kind) {
      el.hidden = true;
      el.replaceChildren();
      return;
    }
    el.hidden = false;
    el.className = `calc-message calc-message--${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    const placeOf = (/** @type {EngineError} */ e) => (e.where ? e.where[lang] : null);
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
                  placeOf(e) ? T.colon : e.path ? " " : null,
                  e[lang],
                ),
              ),
            )
          : null,
      ]),
    );
  }
}
