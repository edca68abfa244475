// @ts-check
// The results: the engine's status, the four figures (service score, maturity total, management grade, stars),
// the note under them (the reasons, or what is left to fill in, with each problem linked to its field), and the
// details (reasons, what the next star would take, subtotals, the trace). Every figure, name and sentence is the
// engine's (its answer, or the form model's names); the page's own words are in words.js.

import { fieldId, h, jumpLink, present, refs as refsIn, siteLink } from "./dom.js";
import { fill } from "./words.js";
import { setFigure } from "./form.js";

// The engine's start-up stages (engine.js reports them), in order: each has its word, stage_<name>.
/** @type {readonly import("./protocol.js").Stage[]} */
const STAGES = ["download", "python", "rules"];

/**
 * @typedef {import("./protocol.js").Result} Result
 * @typedef {import("./protocol.js").EngineError} EngineError
 * @typedef {import("./engine.js").Engine} Engine
 * @typedef {import("./engine.js").Status} Status
 * @typedef {import("./grading.js").Grading} Grading
 * @typedef {import("./form.js").Form} Form
 * @typedef {import("./form.js").Context} Context
 */

const LISTED_ERRORS = 12; // the error summary links this many errors, then says how many more

export class Results {
  /** @param {Context} ctx @param {Engine} engine @param {Grading} grading @param {Form} form */
  constructor(ctx, engine, grading, form) {
    this.ctx = ctx;
    this.engine = engine;
    this.grading = grading;
    this.form = form;
    this.status = h("div", { class: "calc-status", role: "status" });
    /** @type {import("./engine.js").Status | null} the engine's status, as last shown */
    this.lastStatus = null;
    this.note = h("p", { class: "calc-note", "data-testid": "note" });
    // When 5.3's two readings give different stars, the box says so beside the result (the details say more).
    this.readings = h("p", { class: "calc-note calc-readings-line", "data-testid": "readings-line", hidden: true });
    this.problems = h("div", { class: "calc-problems", "data-testid": "problems", hidden: true });
    this.details = h("section", { class: "calc-details", "aria-labelledby": "calc-details-title" });
    const T = ctx.text;
    const cell = (/** @type {string} */ testid, /** @type {string} */ label) => {
      const value = h("dd", { "data-testid": testid, "data-value": "" }, "—");
      return [h("div", { class: `calc-stat calc-stat--${testid}` }, h("dt", {}, label), value), value];
    };
    const [score, scoreValue] = cell("service-score", T.service_score);
    const [total, totalValue] = cell("management-total", T.total);
    const [grade, gradeValue] = cell("management-grade", T.grade);
    const [stars, starsValue] = cell("stars", T.certification);
    this.values = { score: scoreValue, total: totalValue, grade: gradeValue, stars: starsValue };
    this.summary = h(
      "section",
      { class: "calc-summary", "aria-labelledby": "calc-summary-title", "aria-live": "polite", "data-testid": "results" },
      h("h2", { id: "calc-summary-title", class: "calc-visually-hidden", tabindex: "-1" }, T.summary),
      h("dl", {}, score, total, grade, stars),
      this.note,
      this.readings,
      this.problems,
    );
    // A phone's compact result: the four figures in one line, fixed under the header while the result box is out
    // of view (calculator.css shows it on narrow screens alone), a link back to the box. Its words are the box's.
    this.mini = jumpLink("calc-summary-title", [], { class: "calc-mini", "data-testid": "mini-result" });
    // Shown once the box is scrolled past; hidden, it keeps its size (not display: none), so that the page's scroll
    // padding (inview.js) allows for it before it appears.
    this.mini.dataset.shown = "false";
    new IntersectionObserver(([entry]) => {
      this.mini.dataset.shown = String(!entry.isIntersecting && entry.boundingClientRect.top < 0);
    }).observe(this.summary);
  }

  /** The compact result says what the box says: each figure, named by its label for a screen reader. */
  showMini() {
    const cells = [...this.summary.querySelectorAll(".calc-stat")].map((stat) => {
      const dd = /** @type {HTMLElement} */ (stat.querySelector("dd"));
      const label = /** @type {HTMLElement} */ (stat.querySelector("dt")).textContent || "";
      const value = [...dd.childNodes].map((node) => node.cloneNode(true));
      return h("span", { class: "calc-mini-figure", title: label }, h("span", { class: "calc-visually-hidden" }, `${label} `), value);
    });
    this.mini.dataset.state = this.summary.dataset.state || "";
    // Nothing to show yet (four dashes): the line stays out of the way.
    this.mini.dataset.empty = String(Object.values(this.values).every((dd) => !dd.dataset.value));
    this.mini.replaceChildren(...cells);
  }

  /** "(5.3)" in the page's language. @param {...[string, string]} links */
  refs(...links) {
    return refsIn([this.ctx.text.refsOpen, this.ctx.text.refsBetween, this.ctx.text.refsClose], ...links);
  }

  /** The engine's name of a star level / a grade, in the page's language. @param {number} n */
  starName(n) {
    const named = this.ctx.model.stars.find((s) => s.stars === n);
    return named ? named[this.ctx.lang] : String(n);
  }

  /** @param {number} n */
  gradeName(n) {
    const named = this.ctx.model.grades.find((g) => g.grade === n);
    return named ? named[this.ctx.lang] : String(n);
  }

  // --- the engine's status -----------------------------------------------------------------------------------

  /** @param {Status} status */
  showStatus(status) {
    const T = this.ctx.text;
    const el = this.status;
    this.lastStatus = status;
    el.className = `calc-status calc-status--${status.state}`;
    el.dataset.state = status.state;
    if (status.state === "progress" || status.state === "restarting") {
      const stages = STAGES;
      const current = Math.max(0, status.state === "progress" ? stages.indexOf(/** @type {typeof STAGES[number]} */ (status.stage)) : 0);
      el.replaceChildren(
        ...present([
          // A bar of the stages done, not a spinner: a never-ending animation keeps a machine without a graphics
          // processor drawing frames while Python starts, and says less than the stage does.
          h(
            "span",
            { class: "calc-stagebar", "aria-hidden": "true" },
            stages.map((_, i) => h("span", { class: i <= current ? "calc-stagebar-done" : "" })),
          ),
          h("span", {}, T.loading),
          h("span", { class: "calc-stage", "aria-current": "step" }, T[`stage_${stages[current]}`]),
          h("span", { class: "calc-stage-count" }, fill(T.stageCount, { n: current + 1, of: stages.length })),
          status.state === "restarting" ? h("span", {}, T.restarting) : null,
          // A result already shown came from the engine's answers kept at the last visit (kept.js).
          this.engine.keptGiven ? h("span", { class: "calc-kept", "data-testid": "kept-note" }, T.keptShown) : null,
        ]),
      );
    } else if (status.state === "ready") {
      el.replaceChildren(h("span", { class: "calc-ok", "aria-hidden": "true" }, "✓"), " ", fill(T.ready, { v: status.version }));
    } else {
      el.setAttribute("role", "alert");
      el.replaceChildren(
        ...present([
          h("strong", {}, T.fatalTitle),
          h("p", {}, T.fatalHelp, " ", siteLink("guides/auditors/", T.auditors)),
          status.message
            ? h("details", {}, h("summary", {}, T.technical), h("pre", { class: "calc-detail" }, status.message))
            : null,
        ]),
      );
    }
  }

  // --- the figures and the note --------------------------------------------------------------------------------

  /** @param {string} text @param {boolean} busy */
  setNote(text, busy) {
    this.note.textContent = text;
    this.summary.setAttribute("aria-busy", busy ? "true" : "false");
  }

  /** The summary says that a result is on its way (or waits for the engine). */
  pending() {
    if (this.engine.state === "failed") return;
    this.summary.setAttribute("aria-busy", "true");
    const T = this.ctx.text;
    if (this.grading.result || !this.note.textContent) this.setNote(this.engine.state === "ready" ? T.computing : T.waiting, true);
  }

  /** The engine's answer: the four figures, the note, the details. */
  show() {
    // A kept answer just shown while the engine starts: the status line says whose it is.
    if (this.engine.keptGiven && this.lastStatus && this.lastStatus.state !== "ready") this.showStatus(this.lastStatus);
    const { text: T, lang } = this.ctx;
    const v = this.values;
    const res = this.grading.result;
    const stars = (/** @type {number} */ n) => [
      n ? h("span", { class: "calc-stars", "aria-hidden": "true" }, "★".repeat(n)) : null,
      h("span", { class: n ? "" : "calc-not-certified" }, this.starName(n)),
    ];
    if (!res) {
      const part = this.grading.partial;
      const m = part && part.management;
      const score = part && part.service_score;
      setFigure(v.score, score || "", score || "—");
      setFigure(v.total, m ? m.total : "", m ? m.total : "—");
      setFigure(v.grade, m ? String(m.grade) : "", m ? this.gradeName(m.grade) : "—");
      const n = part ? part.stars : null;
      setFigure(v.stars, n === null || n === undefined ? "" : String(n), n === null || n === undefined ? "—" : stars(n));
      this.summary.dataset.state = "incomplete";
      this.readings.hidden = true;
      if (this.engine.state === "failed") this.setNote(T.fatalTitle + T.fullStop, false);
      else if (!this.grading.errors.length && this.engine.state !== "ready") this.setNote(T.waiting, true);
      else this.counts();
      this.details.replaceChildren();
      this.showMini();
      return;
    }
    this.summary.dataset.state = "ok";
    this.listProblems([], null);
    const cert = res.certification;
    setFigure(v.score, res.service.score, res.service.score);
    setFigure(v.total, res.management.total, res.management.total);
    setFigure(v.grade, String(res.management.grade), this.gradeName(res.management.grade));
    setFigure(v.stars, String(cert.stars), stars(cert.stars));
    this.setNote(cert.summary[lang], false);
    this.readings.hidden = !cert.readings;
    this.readings.replaceChildren(
      ...(cert.readings
        ? [h("strong", {}, cert.readings.title[lang], T.colon), cert.readings[lang], T.refsOpen, siteLink(cert.readings.href, T.profileHelp), T.refsClose]
        : []),
    );
    this.showMini();
    this.showDetails(res);
  }

  /** The note under the figures while the form is incomplete: how many fields are empty and how many are wrong,
   * with each wrong one (and the first empty one) linked to its field. */
  counts() {
    const T = this.ctx.text;
    if (this.grading.result || this.engine.state === "failed") return;
    const empty = this.ctx.store.emptyPaths();
    const emptyNow = new Set(empty);
    const emptyThen = this.grading.sentEmpty;
    // The engine's errors on fields that held something when it was asked and still do; an empty field is
    // counted as empty, not as wrong.
    const wrong = this.grading.errors.filter((e) => !emptyNow.has(e.path) && !emptyThen.has(e.path));
    if (!empty.length && !wrong.length) {
      this.setNote(this.engine.state === "ready" ? T.computing : T.waiting, true);
      this.listProblems([], null);
      return;
    }
    // The engine lists the errors of the raters shown and the first few others, and counts them all.
    const count = Math.max(wrong.length, this.grading.wrongCount);
    const incomplete = empty.length && count ? T.incompleteBoth : empty.length ? T.incompleteEmpty : T.incompleteInvalid;
    this.setNote(fill(incomplete, { empty: empty.length, invalid: count }), false);
    this.listProblems(wrong, empty.length ? empty[0] : null, count);
  }

  /** The list of problems: each a link that takes the focus to its field (opening its rater's sheet if needed).
   * @param {EngineError[]} errors @param {string | null} firstEmpty @param {number} [count] all the wrong fields */
  listProblems(errors, firstEmpty, count = errors.length) {
    const { text: T, lang } = this.ctx;
    if (!errors.length && !firstEmpty) {
      this.problems.hidden = true;
      this.problems.replaceChildren();
      return;
    }
    const link = (/** @type {string} */ path, /** @type {string} */ text, /** @type {string} */ testid) =>
      h(
        "a",
        {
          href: `#${fieldId(path)}`,
          "data-testid": testid,
          "data-path": path,
          onclick: (/** @type {Event} */ event) => {
            event.preventDefault();
            this.form.focus(path);
          },
        },
        text,
      );
    const listed = Math.min(errors.length, LISTED_ERRORS);
    const items = errors.slice(0, LISTED_ERRORS).map((e) =>
      h(
        "li",
        {},
        this.form.canFocus(e.path) ? link(e.path, this.form.fieldName(e.path), "problem") : this.form.fieldName(e.path),
        T.colon,
        e[lang],
      ),
    );
    this.problems.hidden = false;
    this.problems.replaceChildren(
      ...present([
        errors.length ? h("p", {}, T.errorsTitle) : null,
        errors.length ? h("ul", {}, items) : null,
        count > listed ? h("p", {}, fill(T.moreErrors, { n: count - listed })) : null,
        firstEmpty ? h("p", {}, link(firstEmpty, T.firstEmpty, "first-empty")) : null,
      ]),
    );
  }

  // --- the details ---------------------------------------------------------------------------------------------

  /** @param {Result} res */
  showDetails(res) {
    const { model: m, text: T, lang } = this.ctx;
    const cert = res.certification;
    const charName = new Map(m.characteristics.map((c) => [c.id, c[lang]]));
    const groupName = new Map(m.groups.map((g) => [g.id, g[lang]]));
    /** @param {string} caption @param {string[]} head @param {(string | number)[][]} rows @param {string} testid */
    const table = (caption, head, rows, testid) =>
      h(
        "table",
        { class: "calc-table", "data-testid": testid },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, head.map((c, i) => h("th", { scope: "col", class: i ? "num" : "" }, c)))),
        h("tbody", {}, rows.map((row) => h("tr", {}, row.map((c, i) => (i ? h("td", { class: "num" }, c) : h("th", { scope: "row" }, c)))))),
      );
    const subtotals = table(
      T.subtotals,
      [T.characteristic, T.item_points, T.mean_score],
      res.service.characteristics.map((c) => [`${c.id} ${charName.get(c.id)}`, c.max_points, c.mean_points]),
      "subtotals",
    );
    // Beyond a few raters, each rater's total is in the list of raters, a page at a time.
    const all = this.grading.coversAll();
    const raters = all
      ? table(
          T.raterScores,
          [T.rater, T.score],
          res.service.raters.map((r, i) => [r.id === null || r.id === undefined ? fill(T.raterNumber, { n: i + 1 }) : `${fill(T.raterNumber, { n: i + 1 })} · ${r.id}`, r.score]),
          "rater-scores",
        )
      : null;
    const groups = table(
      T.groups,
      [T.chapter, T.weight, T.score],
      res.management.groups.map((g) => [`${g.id} ${groupName.get(g.id)}`, g.max_points, g.points]),
      "groups",
    );
    const shown = this.grading.shown;
    const profile = m.profiles.find((p) => p.id === cert.profile);
    this.details.replaceChildren(
      ...present([
        h("h2", { id: "calc-details-title" }, T.details),
        h(
          "div",
          { class: "calc-outcome", "data-testid": "reasons" },
          h("h3", {}, T.why, " ", this.refs([m.links.conformity, "5.3"])),
          profile ? h("p", { class: "calc-help" }, T.profile, T.colon, h("code", {}, profile.id), " ", profile[lang]) : null,
          h("ul", {}, cert.reasons.map((r) => h("li", {}, r[lang]))),
        ),
        // The two readings of 5.3 when they give different stars: the engine's sentence, each reading's next star, and
        // its note, linked to the reading note (E1).
        cert.readings
          ? h(
              "div",
              { class: "calc-readings", "data-testid": "readings" },
              h("p", {}, h("strong", {}, cert.readings[lang])),
              h("ul", {}, cert.readings.profiles.map((r) => h("li", {}, r.label[lang], T.refsOpen, h("code", {}, r.profile), T.refsClose + T.colon, r.next[lang]))),
              h("p", { class: "calc-help" }, siteLink(cert.readings.href, cert.readings.note[lang])),
            )
          : null,
        h(
          "div",
          { class: "calc-next", "data-testid": "next-star", "data-value": cert.next_star ? String(cert.next_star.stars) : "" },
          h("h3", {}, T.next),
          h("p", {}, cert.next_star ? cert.next_star[lang] : T.top_star),
        ),
        h("div", { class: "calc-tables" }, subtotals, raters, groups),
        h("h3", {}, T.trace),
        all || !shown ? null : h("p", { class: "calc-help", "data-testid": "trace-window" }, fill(T.traceWindow, { from: shown.start + 1, to: shown.stop, of: shown.count })),
        h(
          "ol",
          { class: "calc-trace", "data-testid": "trace" },
          res.trace.map((step, k) =>
            h(
              "li",
              // Numbered as in the whole trace: the raters shown are steps start + 1 …, the rest follow all raters.
              { value: shown && !all ? (k < shown.stop - shown.start ? shown.start + k + 1 : shown.count + k - (shown.stop - shown.start) + 1) : null },
              // Each clause the step applies, linked to its own place (5.1.1 itself, appendix 3's note 3) ⑤).
              h(
                "span",
                { class: "calc-trace-clause" },
                (step.refs || [step]).map((ref, i) => [i ? T.clauseSeparator : null, siteLink(ref.href, lang === "zh" ? ref.clause_zh : ref.clause)]),
              ),
              h("span", { class: "calc-trace-text" }, step[lang]),
            ),
          ),
        ),
      ]),
    );
  }
}
