// @ts-check
// The requirement at hand (issue 23): what a clause's level is judged against — its appendix 4 text and 5.2.5's
// generic level model — and what a service item's α rates — its appendix 1 characteristic and evaluation content.
// Taken from the edition (downloads/edition.json, written by build_tools/edition_data.py from the same Markdown as
// the specification's pages), never a copy: fetched once, when a reader first opens a requirement (form.js imports
// this module then), and drawn as text only. The page's words come from words.js; the specification's own words,
// table headers included, from the edition.

import { h } from "./dom.js";

/**
 * @typedef {import("./protocol.js").Lang} Lang
 * @typedef {import("./words.js").Words} Words
 * @typedef {{zh: string, en: string, rowspan: number, colspan: number}} Cell
 * @typedef {{id: string | null, header: boolean, cells: Cell[]}} Row
 * @typedef {{id: string, kind: string, parent: string | null, number: string, zh: string, en: string,
 *   rows?: Row[]}} Unit
 * @typedef {{units: Unit[], at: Map<string, number>}} Edition
 */

// The edition of this page's language, beside it (the site's downloads); the same file in both languages.
const EDITION = "../downloads/edition.json";
// 5.2.5's table: the generic model of the maturity levels, shown with every clause's requirements.
const LEVEL_MODEL = "table-5-2-5";
// Appendix 1's table, whose rows are the service items (a1-1-1 … a1-7).
const APPENDIX_1 = "appendix-1/1";
// Appendix 1's columns shown for an item: the service characteristic and the evaluation content.
const ITEM_COLUMNS = [0, 2];

/** @type {Promise<Edition> | null} */
let loading = null;

/** The edition, fetched once (again after a failure). @returns {Promise<Edition>} */
function edition() {
  if (!loading) {
    loading = fetch(EDITION)
      .then((response) => {
        if (!response.ok) throw new Error(`${EDITION}: HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => {
        const units = /** @type {Unit[]} */ (data.units);
        return { units, at: new Map(units.map((unit, k) => [unit.id, k])) };
      });
    loading.catch(() => (loading = null));
  }
  return loading;
}

/**
 * What to show for a unit of the edition: an appendix 4 clause (a4-…) with its sub-clauses, paragraphs and items,
 * then 5.2.5's model; or an appendix 1 row (a1-…), its characteristic and evaluation content. In the page's
 * language, and on the English page the governing Chinese on request. Rejects when the edition cannot be had.
 * @param {string} id @param {Lang} lang @param {Words} T @returns {Promise<HTMLElement[]>}
 */
export async function requirement(id, lang, T) {
  const ed = await edition();
  const shown = (/** @type {Lang} */ l) => (id.startsWith("a1-") ? itemRow(ed, id, l) : clause(ed, id, l));
  /** @type {HTMLElement[]} */
  const parts = [h("div", { class: "calc-req-text" }, shown(lang))];
  if (lang !== "zh") {
    parts.push(h("details", { class: "calc-req-zh" }, h("summary", {}, T.reqChinese), h("div", { lang: "zh" }, shown("zh"))));
  }
  if (!id.startsWith("a1-")) parts.push(table(ed, LEVEL_MODEL, lang));
  return parts;
}

/** @param {Edition} ed @param {string} id @returns {Unit} */
function unit(ed, id) {
  const k = ed.at.get(id);
  if (k === undefined) throw new Error(`${id}: not in the edition`);
  return ed.units[k];
}

/** A clause and every unit below it (they follow it in the edition's order), drawn as nested blocks.
 * @param {Edition} ed @param {string} id @param {Lang} lang @returns {HTMLElement} */
function clause(ed, id, lang) {
  const top = unit(ed, id);
  /** @type {Map<string, Unit[]>} */
  const below = new Map([[id, []]]);
  for (let k = /** @type {number} */ (ed.at.get(id)) + 1; k < ed.units.length; k++) {
    const u = ed.units[k];
    const siblings = u.parent === null ? undefined : below.get(u.parent);
    if (!siblings) break; // the next clause of the same level, or above
    siblings.push(u);
    below.set(u.id, []);
  }
  return block(top, below, lang);
}

/** @param {Unit} u @param {Map<string, Unit[]>} below @param {Lang} lang @returns {HTMLElement} */
function block(u, below, lang) {
  const kids = children(below.get(u.id) || [], below, lang);
  if (u.kind === "clause") {
    return h("div", { class: "calc-req-clause" }, h("p", { class: "calc-req-title" }, numbered(u, lang)), kids);
  }
  if (u.kind === "item") return h("li", {}, numbered(u, lang), kids);
  return h("div", {}, h("p", { class: u.kind === "note" ? "calc-req-note" : "" }, numbered(u, lang)), kids);
}

/** A unit's blocks, consecutive list items in one list. @param {Unit[]} units @param {Map<string, Unit[]>} below
 * @param {Lang} lang @returns {HTMLElement[]} */
function children(units, below, lang) {
  /** @type {HTMLElement[]} */
  const out = [];
  /** @type {HTMLElement | null} */
  let list = null;
  for (const u of units) {
    if (u.kind === "item") {
      if (!list) out.push((list = h("ul", { class: "calc-req-list" })));
      list.append(block(u, below, lang));
    } else {
      list = null;
      out.push(block(u, below, lang));
    }
  }
  return out;
}

/** Its number as printed (1), ①, 5.3.), then its text. @param {Unit} u @param {Lang} lang */
function numbered(u, lang) {
  return [u.number ? h("span", { class: "calc-req-no" }, u.number) : null, u.number ? " " : null, u[lang]];
}

/** A table's cells by row and column, a merged cell in every place it covers. @param {Row[]} rows @returns {Cell[][]} */
function grid(rows) {
  /** @type {Cell[][]} */
  const out = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.cells) {
      while (out[r][c]) c++;
      for (let i = 0; i < cell.rowspan && r + i < rows.length; i++) for (let j = 0; j < cell.colspan; j++) out[r + i][c + j] = cell;
      c += cell.colspan;
    }
  });
  return out;
}

/** An appendix 1 row: its service characteristic and evaluation content, each under its column's header.
 * @param {Edition} ed @param {string} id @param {Lang} lang @returns {HTMLElement} */
function itemRow(ed, id, lang) {
  const rows = unit(ed, APPENDIX_1).rows || [];
  const cells = grid(rows);
  const r = rows.findIndex((row) => row.id === id);
  const head = rows.findIndex((row) => row.header);
  if (r < 0 || head < 0) throw new Error(`${id}: not a row of appendix 1`);
  return h(
    "dl",
    { class: "calc-req-item" },
    ITEM_COLUMNS.map((c) => [h("dt", {}, cells[head][c][lang]), h("dd", {}, cells[r][c][lang])]),
  );
}

/** A table of the edition as the specification prints it, merged cells merged, under its number and title.
 * @param {Edition} ed @param {string} id @param {Lang} lang @returns {HTMLElement} */
function table(ed, id, lang) {
  const t = unit(ed, id);
  const at = t.parent ? unit(ed, t.parent).number.replace(/\.$/, "") : "";
  const rows = t.rows || [];
  const row = (/** @type {Row} */ r) =>
    h(
      "tr",
      {},
      r.cells.map((cell) =>
        h(r.header ? "th" : "td", { rowspan: cell.rowspan > 1 && cell.rowspan, colspan: cell.colspan > 1 && cell.colspan }, cell[lang]),
      ),
    );
  const title = at ? `${at} ${t[lang]}` : t[lang];
  // A phone's screen is narrower than the table: it scrolls in its own box, which the keyboard can reach.
  return h(
    "div",
    { class: "calc-req-scroll", role: "region", "aria-label": title, tabindex: "0" },
    h(
      "table",
      { class: "calc-table calc-req-model" },
      h("caption", {}, title),
      h("thead", {}, rows.filter((r) => r.header).map(row)),
      h("tbody", {}, rows.filter((r) => !r.header).map(row)),
    ),
  );
}
