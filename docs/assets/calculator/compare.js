// @ts-check
// The compare view: this form's result beside another evaluation's — one kept in this browser, a JSON file, or a
// shared link or evaluation string — with the differences B − A, the reader choosing which is the baseline A (last
// year's evaluation, to read this year's progress), the service items whose mean points differ and the clauses whose
// maturity level differs, each linked to its clause. The comparison is the engine's (scoring/diff.py, the same as
// `python -m scoring diff A B --format json`); the page writes no figure of its own.

import { download, fileInput, h, lazyOptions, localDate, present, siteLink } from "./dom.js";
import { fill } from "./words.js";
import { fragmentOf } from "./address.js";

/**
 * @typedef {import("./protocol.js").Comparison} Comparison
 * @typedef {import("./protocol.js").EngineError} EngineError
 * @typedef {import("./protocol.js").EvaluationDocument} EvaluationDocument
 * @typedef {import("./protocol.js").Opened} Opened
 * @typedef {import("./engine.js").Engine} Engine
 * @typedef {import("./grading.js").Grading} Grading
 * @typedef {import("./form.js").Context} Context
 */

export class Compare {
  /** @param {Context} ctx @param {Engine} engine @param {Grading} grading
   * @param {(path: string) => string} nameOf a field's name in the page's words (Form.fieldName) */
  constructor(ctx, engine, grading, nameOf) {
    this.ctx = ctx;
    this.nameOf = nameOf;
    this.engine = engine;
    this.grading = grading;
    const T = ctx.text;
    /** @type {{document: EvaluationDocument, name: string} | null} the other evaluation, once read */
    this.other = null;
    /** @type {{a: EvaluationDocument, b: EvaluationDocument} | null} the pair last compared */
    this.pair = null;
    /** Is the other evaluation the baseline A (and this form B)? */
    this.otherIsBaseline = false;
    this.output = h("div", { "data-testid": "compare-result", "aria-live": "polite" });
    const what = { id: "calc-compare-file", accept: ".json,application/json", testid: "compare-file" };
    const file = fileInput(what, (chosen) => this.read(chosen.arrayBuffer().then((b) => this.engine.openFile(new Uint8Array(b))), chosen.name));
    this.text = h("input", { type: "text", id: "calc-compare-text", "data-testid": "compare-text", autocomplete: "off", spellcheck: "false" });
    const run = h(
      "button",
      {
        type: "button",
        class: "md-button",
        "data-testid": "compare-run",
        onclick: () => {
          // A shared link is its evaluation string after "#"; an evaluation string is taken as it is.
          const typed = this.text.value.trim();
          const vector = typed.includes("#") ? fragmentOf(typed.slice(typed.indexOf("#"))) : typed;
          this.read(this.engine.open("vector", vector));
        },
      },
      T.compareRun,
    );
    this.saved = h("select", { id: "calc-compare-saved", "data-testid": "compare-saved" });
    lazyOptions(this.saved, () => ctx.store.library.entries().filter((e) => e.id !== ctx.store.library.id));
    const runSaved = h(
      "button",
      { type: "button", class: "md-button", "data-testid": "compare-saved-run", onclick: () => this.compareSaved() },
      T.compareRun,
    );
    this.savedRow = h(
      "div",
      { class: "calc-sheets-row" },
      h("label", { for: "calc-compare-saved" }, T.compareSaved),
      this.saved,
      runSaved,
    );
    this.el = h(
      "section",
      { class: "calc-section calc-compare", "aria-labelledby": "calc-compare-title", "data-testid": "compare" },
      h("h2", { id: "calc-compare-title" }, T.compareTitle),
      h("p", { class: "calc-help" }, T.compareHint),
      this.savedRow,
      h(
        "div",
        { class: "calc-sheets-row" },
        file,
        h("label", { for: "calc-compare-file", class: "md-button" }, T.compareFile),
        h("label", { for: "calc-compare-text" }, T.compareText),
        this.text,
        run,
      ),
      this.output,
    );
  }

  /** The other evaluations kept in this browser, to choose from when the list is opened (none: the choice is not
   * shown). */
  showSaved() {
    const library = this.ctx.store.library;
    const others = library.entries().filter((e) => e.id !== library.id);
    const chosen = others.find((e) => e.id === this.saved.value) || others[0];
    this.saved.replaceChildren(...(chosen ? [h("option", { value: chosen.id, selected: true }, chosen.name)] : []));
    delete this.saved.dataset.filled;
    this.savedRow.hidden = others.length === 0;
  }

  /** An evaluation kept in this browser, as it was last kept (an incomplete one is refused by the engine). */
  async compareSaved() {
    const store = this.ctx.store;
    const entry = store.library.entry(this.saved.value);
    const kept = entry ? store.library.read(entry.id) : null;
    if (!entry || !kept || typeof kept !== "object") return;
    this.other = { document: store.shapes.documentOf(store.shapes.normalize(kept)), name: entry.name };
    await this.compare();
  }

  /** The other evaluation, read by the engine, then compared. @param {Promise<Opened>} opening
   * @param {string} [name] the file's name (an evaluation string: none) */
  async read(opening, name) {
    try {
      const opened = await opening;
      if (!opened.ok) return this.failed(opened.errors);
      if (opened.draft) return this.failed(opened.problems.slice(0, 10)); // a draft is not graded: what it lacks
      // An evaluation string has no name of its own: its organisation's, if it names one, beside where it came from.
      const linked = this.ctx.text.compareText;
      const organization = opened.document.organization;
      this.other = { document: opened.document, name: name || (organization ? `${organization} · ${linked}` : linked) };
      await this.compare();
    } catch (error) {
      this.failed([{ path: "", zh: String(error), en: String(error) }]);
    }
  }

  /** This form's result against the other evaluation (again after each new result, once one is chosen). */
  async compare() {
    const T = this.ctx.text;
    const result = this.grading.result;
    if (!this.other) return;
    if (!result) {
      this.output.replaceChildren(h("p", { class: "calc-help", "data-testid": "compare-needs-result" }, T.compareNeedsResult));
      return;
    }
    const opened = await this.engine.open("vector", result.vector);
    if (!opened.ok) return this.failed(opened.errors);
    // The evaluation graded, with the form's observations and record (never graded: compared as texts).
    const document = this.ctx.store.shapes.withNotes(opened.document, this.ctx.store.form);
    const form = { document, name: fill(this.ctx.text.compareThisForm, { name: this.formName() }) };
    const [a, b] = this.otherIsBaseline ? [this.other, form] : [form, this.other];
    const payload = await this.engine.diff(a.document, b.document);
    if (!payload.ok) return this.failed(payload.errors);
    this.pair = { a: a.document, b: b.document };
    this.show(payload.diff, a.name, b.name);
  }

  /** The name of the evaluation in the form, as the list of evaluations shows it. */
  formName() {
    const library = this.ctx.store.library;
    const entry = library.id ? library.entry(library.id) : null;
    return entry ? entry.name : "—";
  }

  /** Which evaluation is the baseline A: two choices named after the evaluations; a change compares again.
   * @param {string} formName @param {string} otherName */
  baselineChoice(formName, otherName) {
    const T = this.ctx.text;
    const choice = (/** @type {boolean} */ other, /** @type {string} */ label) =>
      h(
        "label",
        { class: "calc-radio" },
        h("input", {
          type: "radio",
          name: "calc-compare-baseline",
          value: other ? "other" : "form",
          "data-testid": `compare-baseline-${other ? "other" : "form"}`,
          checked: this.otherIsBaseline === other,
          onchange: () => {
            this.otherIsBaseline = other;
            this.compare().catch((error) => this.failed([{ path: "", zh: String(error), en: String(error) }]));
          },
        }),
        " ",
        label,
      );
    return h(
      "fieldset",
      { class: "calc-baseline", "data-testid": "compare-baseline" },
      h("legend", {}, T.compareBaseline),
      choice(false, formName),
      choice(true, otherName),
    );
  }

  /** @param {EngineError[]} errors */
  failed(errors) {
    const lang = this.ctx.lang;
    this.output.replaceChildren(
      h(
        "div",
        { class: "calc-message calc-message--error", role: "alert" },
        h("p", {}, this.ctx.text.compareFailed),
        h("ul", {}, errors.map((e) => h("li", {}, e.path ? h("code", {}, e.path) : null, e.path ? " " : null, e[lang]))),
      ),
    );
  }

  /** @param {Comparison} d @param {string} aName @param {string} bName */
  show(d, aName, bName) {
    const { model, text: T, lang } = this.ctx;
    const stars = (/** @type {number} */ n) => model.stars.find((s) => s.stars === n)?.[lang] ?? String(n);
    const grade = (/** @type {number} */ n) => model.grades.find((g) => g.grade === n)?.[lang] ?? String(n);
    const level = (/** @type {number} */ n) => model.level_names.find((l) => l.level === n)?.[lang] ?? String(n);
    const signed = (/** @type {number | string} */ v) => (String(v).startsWith("-") ? `−${String(v).slice(1)}` : Number(v) === 0 ? String(v) : `+${v}`);
    /** @param {string} testid @param {string} label @param {string} a @param {string} b @param {string} delta @param {boolean} differs */
    const row = (testid, label, a, b, delta, differs) =>
      h(
        "tr",
        { class: differs ? "calc-changed" : "", "data-testid": `compare-${testid}`, "data-delta": delta },
        h("th", { scope: "row" }, label),
        h("td", { class: "num" }, a),
        h("td", { class: "num" }, b),
        h("td", { class: "num" }, delta),
      );
    const head = (/** @type {string[]} */ cells) => h("thead", {}, h("tr", {}, cells.map((c, i) => h("th", { scope: "col", class: i ? "num" : "" }, c))));
    const profileName = (/** @type {string} */ id) => model.profiles.find((p) => p.id === id)?.[lang] ?? id;
    const figures = [
      row("service-score", T.service_score, d.a.service_score, d.b.service_score, signed(d.delta.service_score), Number(d.delta.service_score) !== 0),
      row("management-total", T.total, String(d.a.management_total), String(d.b.management_total), signed(d.delta.management_total), Number(d.delta.management_total) !== 0),
      row("grade", T.grade, grade(d.a.grade), grade(d.b.grade), signed(d.delta.grade), d.delta.grade !== 0),
      row("stars", T.certification, stars(d.a.stars), stars(d.b.stars), signed(d.delta.stars), d.delta.stars !== 0),
      d.profile.differs ? row("profile", T.profile, profileName(d.profile.a), profileName(d.profile.b), "≠", true) : null,
      d.conformity.differs
        ? row("conformity", T.conformity, (d.conformity.a ? T.passed : T.failed), (d.conformity.b ? T.passed : T.failed), "≠", true)
        : null,
    ];
    const items = new Map(model.items.map((i) => [i.id, i]));
    const clauses = new Map(model.clauses.map((c) => [c.id, c]));
    const itemRows = d.items.map((i) => {
      const item = items.get(i.id);
      const label = item ? [siteLink(item.href, i.id), " ", item[lang]] : [i.id];
      return h("tr", { class: "calc-changed", "data-testid": `compare-item-${i.id}` }, h("th", { scope: "row" }, label), h("td", { class: "num" }, i.a), h("td", { class: "num" }, i.b), h("td", { class: "num" }, signed(i.delta)));
    });
    const clauseRows = d.clauses.map((c) => {
      const clause = clauses.get(c.id);
      const label = clause ? [siteLink(clause.href, c.id), " ", clause[lang]] : [c.id];
      return h(
        "tr",
        { class: "calc-changed", "data-testid": `compare-clause-${c.id}` },
        h("th", { scope: "row" }, label),
        h("td", { class: "num" }, level(c.a)),
        h("td", { class: "num" }, level(c.b)),
        h("td", { class: "num" }, signed(c.points)),
      );
    });
    const noteRows = (d.observations || []).map((o) =>
      h(
        "tr",
        { class: "calc-changed", "data-testid": "compare-observation" },
        h("th", { scope: "row" }, this.nameOf(o.path)),
        h("td", { class: "calc-obs-text" }, o.a ?? "—"),
        h("td", { class: "calc-obs-text" }, o.b ?? "—"),
      ),
    );
    const csv = h("button", { type: "button", class: "md-button", "data-testid": "download-diff-csv", onclick: () => this.downloadCsv() }, T.downloadDiffCsv);
    this.output.replaceChildren(
      ...present([
        this.otherIsBaseline ? this.baselineChoice(bName, aName) : this.baselineChoice(aName, bName),
        h("p", { class: "calc-help", "data-testid": "compare-order" }, fill(T.compareOrder, { a: aName, b: bName })),
        d.same ? h("p", { "data-testid": "compare-same" }, T.compareSame) : null,
        h(
          "table",
          { class: "calc-table", "data-testid": "compare-figures" },
          head([T.figure, fill(T.compareA, { name: aName }), fill(T.compareB, { name: bName }), T.delta]),
          h("tbody", {}, figures),
        ),
        itemRows.length
          ? h("table", { class: "calc-table", "data-testid": "compare-items" }, h("caption", {}, T.items_differ), head([T.item, "A", "B", T.delta]), h("tbody", {}, itemRows))
          : null,
        clauseRows.length
          ? h("table", { class: "calc-table", "data-testid": "compare-clauses" }, h("caption", {}, T.clauses_differ), head([T.clause, "A", "B", T.effect]), h("tbody", {}, clauseRows))
          : null,
        noteRows.length
          ? h("table", { class: "calc-table", "data-testid": "compare-observations" }, h("caption", {}, T.observations_differ), head([T.observation, "A", "B"]), h("tbody", {}, noteRows))
          : null,
        csv,
      ]),
    );
  }

  async downloadCsv() {
    if (!this.pair) return;
    const payload = await this.engine.exportDiffCsv(this.pair.a, this.pair.b, this.ctx.lang);
    if (payload.ok) download(payload.csv, "text/csv;charset=utf-8", `tbsc55-comparison-${localDate()}.csv`);
    else this.failed(payload.errors);
  }
}
