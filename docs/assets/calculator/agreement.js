// @ts-check
// The site's rater agreement diagnostics (scoring/diagnostics.py): editorial, for auditors, not part of the grading.
// Asked of the engine only when the reader opens them (for thousands of raters they cost a grading of the whole
// form), and again after each new result while they are open. Every figure, flag and the text saying what they are
// comes from the engine; the page's words are the headings.

import { h, present, siteLink } from "./dom.js";
import { fill } from "./words.js";

/**
 * @typedef {import("./protocol.js").Diagnostics} Diagnostics
 * @typedef {import("./engine.js").Engine} Engine
 * @typedef {import("./grading.js").Grading} Grading
 * @typedef {import("./form.js").Context} Context
 */

const LISTED_RATERS = 50; // beyond this many raters, the flagged ones are listed (the others agree)

export class Agreement {
  /** @param {Context} ctx @param {Engine} engine @param {Grading} grading */
  constructor(ctx, engine, grading) {
    this.ctx = ctx;
    this.engine = engine;
    this.grading = grading;
    this.body = h("div", { "data-testid": "agreement-body" });
    this.el = h(
      "details",
      { class: "calc-agreement", "data-testid": "agreement", ontoggle: () => this.refresh() },
      h("summary", {}, ctx.text.diagnostics),
      this.body,
    );
    this.seq = 0;
  }

  /** A new result: the diagnostics follow it while they are shown. */
  refresh() {
    if (!this.el.open) return;
    const result = this.grading.result;
    const T = this.ctx.text;
    if (!result) {
      this.body.replaceChildren(h("p", { class: "calc-help" }, T.compareNeedsResult));
      return;
    }
    const seq = ++this.seq;
    this.body.setAttribute("aria-busy", "true");
    this.engine
      .open("vector", result.vector)
      .then((opened) => (opened.ok ? this.engine.diagnose(opened.document) : opened))
      .then(
        (payload) => {
          if (seq !== this.seq) return;
          this.body.setAttribute("aria-busy", "false");
          if (payload.ok) this.show(payload.diagnostics);
          else this.body.replaceChildren(h("p", { class: "calc-error" }, T.agreementFailed, " ", payload.errors.map((e) => e[this.ctx.lang]).join(" ")));
        },
        (error) => {
          if (seq !== this.seq) return;
          this.body.setAttribute("aria-busy", "false");
          this.body.replaceChildren(h("p", { class: "calc-error" }, T.agreementFailed, " ", String(error instanceof Error ? error.message : error)));
        },
      );
  }

  /** @param {Diagnostics} d */
  show(d) {
    const { model, text: T, lang } = this.ctx;
    const bandName = new Map(model.bands.map((b) => [b.band, b[lang]]));
    const items = new Map(model.items.map((i) => [i.id, i]));
    const flag = (/** @type {boolean} */ flagged) => (flagged ? h("strong", { class: "calc-flag" }, T.agreementFlagged) : "");
    const itemRows = d.items.map((i) => {
      const item = items.get(i.id);
      return h(
        "tr",
        { class: i.flagged ? "calc-flagged" : "", "data-testid": `agreement-item-${i.id}`, "data-flagged": String(i.flagged) },
        h("th", { scope: "row" }, item ? siteLink(item.href, i.id) : i.id, " ", item ? item[lang] : ""),
        h("td", { class: "num" }, `${i.min_alpha} – ${i.max_alpha}`),
        h("td", { class: "num" }, i.standard_deviation),
        h("td", {}, i.bands.map((b) => bandName.get(b) || String(b)).join(T.listSeparator)),
        h("td", { class: "num" }, String(i.bands_spanned)),
        h("td", {}, flag(i.flagged)),
      );
    });
    const raters = d.raters.length > LISTED_RATERS ? d.raters.filter((r) => r.flagged) : d.raters;
    const raterRows = raters.map((r) =>
      h(
        "tr",
        { class: r.flagged ? "calc-flagged" : "", "data-testid": `agreement-rater-${r.number}`, "data-flagged": String(r.flagged) },
        h("th", { scope: "row" }, fill(T.raterNumber, { n: r.number }), r.id === null ? "" : ` · ${r.id}`),
        h("td", { class: "num" }, r.score),
        h("td", { class: "num" }, r.others_mean),
        h("td", { class: "num" }, r.difference),
        h("td", {}, flag(r.flagged)),
      ),
    );
    const head = (/** @type {string[]} */ cells) => h("thead", {}, h("tr", {}, cells.map((c) => h("th", { scope: "col" }, c))));
    this.body.replaceChildren(
      ...present([
        h("p", { class: "calc-help", "data-testid": "agreement-about" }, d[lang]),
        d.comparable
          ? h(
              "table",
              { class: "calc-table", "data-testid": "agreement-items" },
              h("caption", {}, T.agreementItems),
              head([T.item, T.agreementRange, T.sd, T.band, T.agreementBands, T.flag]),
              h("tbody", {}, itemRows),
            )
          : null,
        d.comparable
          ? h(
              "table",
              { class: "calc-table", "data-testid": "agreement-raters" },
              h("caption", {}, T.agreementRaters),
              head([T.rater, T.score, T.agreementOthers, T.agreementDifference, T.flag]),
              h("tbody", {}, raterRows),
            )
          : null,
      ]),
    );
  }
}
