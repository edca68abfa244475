// @ts-check
// The form: drawn from the form model (items, bands, clauses, profiles, names, links: scoring.browser.form_model),
// and written back into the one state (Store.update) as the user types. It also shows, in place, what the engine
// said of each field: its error, and the figures that belong to it (an α's Likert band, a clause's points, a rater's
// total). The form is drawn again only when its shape changes (a rater added or removed, a sheet or page opened).

import { fieldId, fileInput, h, refs as refsIn, siteLink } from "./dom.js";
import { fill } from "./words.js";
import { OPEN_RATERS, Store, changeRater } from "./state.js";

/**
 * @typedef {import("./protocol.js").FormModel} FormModel
 * @typedef {import("./protocol.js").Item} Item
 * @typedef {import("./protocol.js").Clause} Clause
 * @typedef {import("./protocol.js").EngineError} EngineError
 * @typedef {import("./protocol.js").Lang} Lang
 * @typedef {import("./words.js").Words} Words
 * @typedef {import("./state.js").RaterState} RaterState
 * @typedef {import("./grading.js").Grading} Grading
 *
 * A drawn field: its input, its message, the cells the engine's figures go to, and (an α) what puts the engine's
 * reading of it in the field.
 * @typedef {{input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, message: HTMLElement, band?: HTMLElement,
 *   points?: HTMLElement, settle?: () => void}} Field
 * @typedef {{model: FormModel, lang: Lang, text: Words, store: Store}} Context
 */

export class Form {
  /**
   * @param {Context} ctx
   * @param {{importFile: (file: File) => void, importLevels: (file: File) => void, reshaped: () => void,
   *   visited: () => void}} on
   *   importFile: a rater-sheet CSV was chosen; importLevels: a levels CSV was chosen; reshaped: the form was drawn again (other raters listed, sheets
   *   opened); visited: a field was visited (its error shows even while it is empty)
   */
  constructor(ctx, on) {
    this.ctx = ctx;
    this.on = on;
    this.el = h("form", { class: "calc-form", novalidate: true, onsubmit: (/** @type {Event} */ e) => e.preventDefault() });
    /** @type {Map<string, Field>} path → the drawn field */
    this.fields = new Map();
    /** @type {Map<string, string>} path → the engine's reading of an α typed with full-width characters ("0.8"
     * for "０．８"), put in the field when the reader leaves it */
    this.readAs = new Map();
    /** @type {HTMLButtonElement[] | null} the quick picks as drawn once, cloned for each item */
    this.pickTemplate = null;
    /** @type {HTMLElement | null} an observation's disclosure as drawn once, cloned for each */
    this.observationTemplate = null;
    /** @type {WeakMap<HTMLElement, () => HTMLTextAreaElement>} an observation not yet opened → what draws its field */
    this.observationFields = new WeakMap();
    /** @type {Map<number, HTMLElement>} rater index → the cell of its total (drawn raters only) */
    this.raterTotals = new Map();
    this.raterListMessage = h("p", { class: "calc-error", hidden: true });
    this.importMessage = h("div", { class: "calc-message", hidden: true, "data-testid": "import-message" });
    this.levelsMessage = h("div", { class: "calc-message", hidden: true, "data-testid": "levels-message" });
    this.addRaterButton = h("button");
    this.raterList = h("div");
    this.bands = new Map(ctx.model.bands.map((b) => [b.band, b]));
    // A requirement (a <details> of requirement()) is drawn when first opened: toggle does not bubble, its capture
    // does, so one listener serves them all; one listener serves the observations' buttons too.
    this.el.addEventListener("toggle", (event) => this.openRequirement(/** @type {HTMLElement} */ (event.target)), true);
    this.el.addEventListener("click", (event) => {
      const toggle = /** @type {HTMLElement} */ (event.target).closest(".calc-obs-toggle");
      if (toggle?.parentElement) this.showObservation(toggle.parentElement);
    });
  }

  /**
   * An observation (plain text, never graded), collapsed until used: a button that shows its field (WAI-ARIA's
   * disclosure pattern — not a <details>, whose shadow tree cost a drawn sheet of 19 items a fifth of its drawing
   * time), the field drawn when first shown — a form of 3,000 raters draws none — or at once, shown, when it holds
   * text.
   * @param {string} path @param {string} value @param {string} testid @param {string} what the field's place, for
   * its name @param {(value: string) => void} set
   */
  observation(path, value, testid, what, set) {
    const T = this.ctx.text;
    // Copied from one made once, as the quick picks are: a drawn sheet has one a service item.
    this.observationTemplate ??= h("div", { class: "calc-obs" }, h("button", { type: "button", class: "calc-obs-toggle", "aria-expanded": "false" }, T.observation));
    const box = /** @type {HTMLElement} */ (this.observationTemplate.cloneNode(true));
    box.dataset.testid = testid;
    const toggle = /** @type {HTMLButtonElement} */ (box.firstChild);
    toggle.setAttribute("aria-label", `${T.observation} ${what}`); // its name begins with the words it shows
    const draw = () => {
      const textarea = h("textarea", {
        id: fieldId("obs", path),
        rows: 3,
        "data-testid": `${testid}-text`,
        "aria-label": `${T.observation}${T.colon}${what}`,
        oninput: (/** @type {Event} */ event) => set(/** @type {HTMLTextAreaElement} */ (event.target).value),
      }, value);
      this.register(path, textarea);
      const body = h("div", { class: "calc-obs-body", id: fieldId("obs-body", path) }, textarea, this.messageFor(path));
      box.append(body);
      toggle.setAttribute("aria-controls", body.id);
      return textarea;
    };
    if (value !== "") {
      draw();
      toggle.setAttribute("aria-expanded", "true");
    } else {
      this.observationFields.set(box, draw);
    }
    return box;
  }

  /** An observation's disclosure shown or hidden (its field drawn when first shown, and given the focus then).
   * @param {HTMLElement} box the observation's .calc-obs @param {boolean} [show] default: the other state */
  showObservation(box, show) {
    const toggle = /** @type {HTMLButtonElement} */ (box.firstElementChild);
    const shown = show ?? toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(shown));
    const draw = this.observationFields.get(box);
    if (draw && shown) {
      this.observationFields.delete(box);
      draw().focus();
    } else if (box.lastElementChild instanceof HTMLElement && box.lastElementChild !== toggle) {
      box.lastElementChild.hidden = !shown;
    }
  }

  /**
   * A requirement at hand, collapsed: the unit of the edition that `href` names (a4-5-3, a1-1-1), drawn when first
   * opened (requirements.js).
   * @param {string} href the unit on the specification's pages @param {string} testid @param {...import("./dom.js").Children} summary
   */
  requirement(href, testid, ...summary) {
    return h(
      "details",
      { class: "calc-req", "data-unit": href.split("#")[1], "data-href": href, "data-testid": testid },
      h("summary", {}, summary),
      h("div", { class: "calc-req-body" }),
    );
  }

  /** Draws an opened requirement's text, once: the module and the edition are fetched then (not for the first
   * result). When they cannot be had, one line says so, with the specification's page; opened again, it tries again.
   * @param {HTMLElement} details */
  openRequirement(details) {
    if (!(details instanceof HTMLDetailsElement) || !details.open || !details.dataset.unit || details.dataset.state) return;
    const { lang, text: T } = this.ctx;
    const { unit = "", href = "" } = details.dataset;
    const body = /** @type {HTMLElement} */ (details.lastElementChild);
    details.dataset.state = "loading";
    body.replaceChildren(h("p", { class: "calc-help" }, T.reqLoading));
    import("./requirements.js")
      .then((module) => module.requirement(unit, lang, T))
      .then(
        (parts) => {
          body.replaceChildren(...parts);
          details.dataset.state = "shown";
        },
        () => {
          body.replaceChildren(h("p", { class: "calc-req-failed", "data-testid": "req-failed" }, T.reqFailed, " ", siteLink(href, T.reqFailedLink)));
          delete details.dataset.state;
        },
      );
  }

  /** "(5.1, appendix 1)" in the page's language. @param {...[string, string]} links */
  refs(...links) {
    return refsIn([this.ctx.text.refsOpen, this.ctx.text.refsBetween, this.ctx.text.refsClose], ...links);
  }

  draw() {
    this.fields.clear();
    this.raterTotals.clear();
    this.el.replaceChildren(this.general(), this.service(), this.management());
  }

  /** Draws the form again (another shape) and puts the focus where the user expects it.
   * @param {() => HTMLElement | null} focus */
  redraw(focus) {
    this.draw();
    this.settle(focus);
  }

  /** After a drawing: the engine's figures back in place, the raters now listed asked for, the focus put back.
   * @param {() => HTMLElement | null} focus */
  settle(focus) {
    this.on.reshaped();
    const target = focus();
    if (target) target.focus();
  }

  /** Forgets rater r's sheet as drawn (it is drawn again, or gone): its fields and its total. @param {number} r */
  forgetSheet(r) {
    const { store } = this.ctx;
    for (const path of [store.paths.raterId(r), ...store.paths.alphas(r), ...store.paths.raterObservations(r)]) this.fields.delete(path);
    this.raterTotals.delete(r);
  }

  /**
   * Draws the raters' sheets again from rater `from` on, those before it kept as they are (a rater added at the end,
   * or removed: the ones after it move up). The whole form when the list is or was paged.
   * @param {number} from @param {number} before the raters before the change @param {() => HTMLElement | null} focus
   */
  redrawRaters(from, before, focus) {
    const { store } = this.ctx;
    const count = store.form.raters.length;
    if (before > OPEN_RATERS || count > OPEN_RATERS) return this.redraw(focus);
    // A remove button is disabled while one rater is left: a change to or from one rater draws every sheet.
    const first = before === 1 || count === 1 ? 0 : from;
    for (let r = first; r < before; r++) this.forgetSheet(r);
    const rows = [];
    for (let r = first; r < count; r++) rows.push(this.rater(store.form.raters[r], r));
    for (const sheet of [...this.raterList.children].slice(first)) sheet.remove(); // those before stay in place
    this.raterList.append(...rows);
    this.settle(focus);
  }

  /**
   * Draws rater r's sheet again, in its place (opened or closed: the rest of the form is as it was). Its toggle
   * button stays, and with it the focus: the sheet's other parts are drawn anew around it (moving the focused
   * button, or focusing a new one, would make the browser lay out the whole page within the click).
   * @param {number} r
   */
  redrawRater(r) {
    const { store } = this.ctx;
    const old = this.el.querySelector(`[data-testid="rater-${r}"]`);
    const toggle = old && old.querySelector(`[data-testid="rater-${r}-toggle"]`);
    if (!old || !toggle) return this.redraw(() => document.querySelector(`[data-testid="rater-${r}-toggle"]`));
    this.forgetSheet(r); // a closed sheet draws no α fields
    const fresh = this.rater(store.form.raters[r], r);
    const drawn = /** @type {Element} */ (fresh.querySelector(`[data-testid="rater-${r}-toggle"]`));
    toggle.setAttribute("aria-expanded", drawn.getAttribute("aria-expanded") ?? "false");
    toggle.replaceChildren(...drawn.childNodes);
    // As rater() draws a sheet: its head comes first, and the head's first part is the title holding the button.
    takeAllButFirst(/** @type {Element} */ (old.firstElementChild), /** @type {Element} */ (fresh.firstElementChild));
    takeAllButFirst(old, fresh);
    old.className = fresh.className;
    this.on.reshaped();
  }

  /** @param {string} path @param {Field["input"]} input @param {Partial<Field>} [extra] */
  register(path, input, extra = {}) {
    const message = h("p", { class: "calc-error", id: fieldId("err", path), hidden: true });
    this.fields.set(path, { input, message, ...extra });
  }

  /** @param {string} path */
  messageFor(path) {
    const field = this.fields.get(path);
    return field ? field.message : h("p", { class: "calc-error", id: fieldId("err", path), hidden: true });
  }

  // --- the evaluation, the profile -----------------------------------------------------------------------------

  general() {
    const { model: m, text: T, lang, store } = this.ctx;
    const org = h("input", {
      type: "text",
      id: "calc-organization",
      autocomplete: "organization",
      value: store.form.organization,
      oninput: (/** @type {Event} */ event) => {
        const value = /** @type {HTMLInputElement} */ (event.target).value;
        store.update((form) => (form.organization = value), m.paths.organization);
      },
    });
    this.register(m.paths.organization, org);
    const profiles = h(
      "fieldset",
      { class: "calc-profile" },
      h("legend", {}, T.profileField),
      m.profiles.map((p) =>
        h(
          "label",
          { class: "calc-radio" },
          h("input", {
            type: "radio",
            name: "calc-profile",
            value: p.id,
            "data-testid": `profile-${p.id}`,
            checked: store.form.profile === p.id,
            onchange: () => store.update((form) => (form.profile = p.id), m.paths.profile),
          }),
          h("span", {}, p[lang], " ", h("code", {}, p.id), h("small", { class: "calc-profile-summary" }, p.summary[lang])),
        ),
      ),
      h("p", { class: "calc-help" }, siteLink(m.links.profiles, T.profileHelp)),
    );
    return h(
      "section",
      { class: "calc-section calc-general", "aria-labelledby": "calc-general-title" },
      h("h2", { id: "calc-general-title" }, T.general),
      h("div", { class: "calc-field" }, h("label", { for: "calc-organization" }, T.organizationField), org, this.messageFor(m.paths.organization)),
      profiles,
      this.record(),
    );
  }

  /** The evaluation's record (never graded): the form model's members — a date, the team (one name a line), texts. */
  record() {
    const { model: m, text: T, lang, store } = this.ctx;
    const fields = m.record.map((f) => {
      const path = store.paths.record(f.key);
      const id = fieldId("record", f.key);
      const value = store.form.record[f.key] ?? "";
      const oninput = (/** @type {Event} */ event) => {
        const typed = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (event.target).value;
        store.update((form) => (form.record[f.key] = typed), path);
      };
      const input =
        f.kind === "date"
          ? h("input", { type: "date", id, value, "data-testid": `record-${f.key}`, oninput })
          : h("textarea", { id, rows: f.kind === "names" ? 3 : 2, "data-testid": `record-${f.key}`, oninput, "aria-describedby": f.kind === "names" ? "calc-record-names" : null }, value);
      this.register(path, input);
      return h(
        "div",
        { class: `calc-field calc-record-${f.kind}` },
        h("label", { for: id }, f[lang]),
        input,
        f.kind === "names" ? h("p", { class: "calc-help", id: "calc-record-names" }, T.recordNames) : null,
        this.messageFor(path),
      );
    });
    return h(
      "fieldset",
      { class: "calc-record", "data-testid": "record" },
      h("legend", {}, T.record),
      h("p", { class: "calc-help" }, T.recordHelp),
      fields,
    );
  }

  // --- the service characteristics evaluation: raters and their α ----------------------------------------------

  service() {
    const { model: m, text: T, store } = this.ctx;
    this.addRaterButton = h(
      "button",
      {
        type: "button",
        class: "md-button calc-add",
        "data-testid": "add-rater",
        onclick: () => {
          const r = store.form.raters.length;
          store.update((form, view) => {
            form.raters.push(store.shapes.blankRater());
            Store.reveal(view, r);
          }, null);
          this.redrawRaters(r, r, () => document.getElementById(fieldId("rater", r, "name")));
        },
      },
      "+ " + T.addRater,
    );
    this.raterListMessage = h("p", { class: "calc-error", id: fieldId("err", m.paths.raters), hidden: true });
    this.raterList = h("div", { class: "calc-raters" }, this.raters());
    return h(
      "section",
      { class: "calc-section calc-service", "aria-labelledby": "calc-service-title" },
      h("h2", { id: "calc-service-title", tabindex: "-1" }, T.serviceHead, " ", this.refs([m.links.service, "5.1"], [m.characteristics[0].href, fill(T.appendix, { n: 1 })])),
      this.alphaHelp(),
      this.itemRequirements(),
      this.sheets(),
      this.raterList,
      this.raterListMessage,
      this.addRaterButton,
    );
  }

  /** What α is, with 5.1.1's bands, and what a quick pick sets. */
  alphaHelp() {
    const { model: m, text: T, lang } = this.ctx;
    return h(
      "details",
      { class: "calc-alpha-help", "data-testid": "alpha-help" },
      h("summary", {}, T.alphaTitle),
      h("p", {}, T.alphaText, " ", this.refs([m.links.alpha, "5.1.1"])),
      h(
        "table",
        { class: "calc-table calc-bands" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, T.band), h("th", { scope: "col" }, "α"), h("th", { scope: "col", class: "num" }, T.pickHead))),
        h(
          "tbody",
          {},
          [...m.bands].reverse().map((b) =>
            h("tr", {}, h("th", { scope: "row" }, b[lang]), h("td", {}, b.interval), h("td", { class: "num", "data-testid": `pick-${b.band}` }, b.pick)),
          ),
        ),
      ),
      h("p", {}, T.picksText, " ", this.refs([m.links.picks, T.picksNote])),
    );
  }

  /** Each service item's appendix 1 row, collapsed, in one place (not on every rater's sheet). */
  itemRequirements() {
    const { model: m, text: T, lang } = this.ctx;
    return h(
      "details",
      { class: "calc-alpha-help calc-reqs", "data-testid": "item-requirements" },
      h("summary", {}, T.reqItems),
      m.characteristics.flatMap((c) => [
        h("p", { class: "calc-req-group" }, h("span", { class: "calc-num" }, c.id), " ", c[lang]),
        ...m.items
          .filter((item) => item.characteristic === c.id)
          .map((item) => this.requirement(item.href, `req-item-${item.id}`, h("span", { class: "calc-num" }, item.id), " ", item[lang])),
      ]),
    );
  }

  /** Importing rater sheets (CSV), with the templates. */
  sheets() {
    const { model: m, text: T, lang } = this.ctx;
    const what = { id: "calc-import-csv", accept: ".csv,text/csv", testid: "import-csv", describedby: "calc-sheets-layout" };
    const input = fileInput(what, (file) => this.on.importFile(file));
    // The templates are written at build time beside this page's language (docs/<lang>/downloads/).
    const template = (/** @type {string} */ name, /** @type {string} */ text) =>
      h("a", { href: `../downloads/${name}`, download: "", "data-testid": `template-${name}` }, text);
    const sep = T.listSeparator;
    return h(
      "div",
      { class: "calc-sheets", role: "group", "aria-labelledby": "calc-sheets-title" },
      h("h3", { id: "calc-sheets-title", class: "calc-visually-hidden" }, T.sheets),
      h(
        "div",
        { class: "calc-sheets-row" },
        input,
        h("label", { for: "calc-import-csv", class: "md-button" }, T.importCsv),
        h("span", { class: "calc-help" }, T.importHint),
      ),
      h(
        "p",
        { class: "calc-help", id: "calc-sheets-layout" },
        fill(T.layout, { ids: m.item_ids[lang] }),
        " ",
        T.templates,
        T.wordSpace,
        template("rater-sheets-template.csv", T.templateRaters),
        sep,
        template("batch-sheets-template.csv", T.templateBatch),
        sep,
        template("batch-levels-template.csv", T.templateLevels),
        T.fullStop,
      ),
      this.importMessage,
    );
  }

  /** The raters' sheets: all drawn, up to OPEN_RATERS; beyond, a page of rows with each rater's total. */
  raters() {
    const { text: T, store } = this.ctx;
    const raters = store.form.raters;
    if (raters.length <= OPEN_RATERS) return raters.map((rater, r) => this.rater(rater, r));
    const [from, to] = store.window();
    const [pages, shown] = store.pages();
    const go = (/** @type {number} */ page) => {
      store.show((view) => (view.page = page));
      this.redraw(() => document.getElementById("calc-rater-page"));
    };
    const nav = h(
      "div",
      { class: "calc-pager", role: "group", "aria-label": T.raterList },
      h("button", { type: "button", class: "md-button", "data-testid": "raters-prev", disabled: shown === 0, onclick: () => go(shown - 1) }, T.pagePrev),
      h("span", { id: "calc-rater-page", tabindex: "-1", "data-testid": "raters-page", "aria-live": "polite" }, fill(T.raterPage, { from: from + 1, to, of: raters.length })),
      h("button", { type: "button", class: "md-button", "data-testid": "raters-next", disabled: shown >= pages - 1, onclick: () => go(shown + 1) }, T.pageNext),
    );
    const rows = [];
    for (let r = from; r < to; r++) rows.push(this.rater(raters[r], r));
    return [nav, ...rows];
  }

  /** @param {RaterState} rater @param {number} r */
  rater(rater, r) {
    const { model: m, text: T, lang, store } = this.ctx;
    const title = fill(T.raterNumber, { n: r + 1 });
    const nameId = fieldId("rater", r, "name");
    const open = store.isOpen(r);
    const idPath = store.paths.raterId(r);
    const name = h("input", {
      type: "text",
      id: nameId,
      value: rater.name,
      "data-testid": `rater-${r}-name`,
      oninput: (/** @type {Event} */ event) => {
        const value = /** @type {HTMLInputElement} */ (event.target).value;
        store.update((form) => changeRater(form, r, (changed) => (changed.name = value)), idPath);
      },
    });
    this.register(idPath, name);
    const remove = h(
      "button",
      {
        type: "button",
        class: "calc-remove",
        "data-testid": `rater-${r}-remove`,
        disabled: store.form.raters.length === 1,
        "aria-label": `× ${T.removeRater}（${title}）`,
        title: T.removeRater,
        onclick: () => {
          const before = store.form.raters.length;
          store.update((form, view) => {
            form.raters.splice(r, 1);
            store.removeRaterView(view, r, before);
          }, null);
          this.redrawRaters(r, before, () => this.addRaterButton);
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
          // Read when clicked: the button outlives the drawing it was made in (redrawRater keeps it).
          const opened = store.isOpen(r);
          store.show((view) => {
            // Up to OPEN_RATERS raters, the view holds the sheets the user closed; beyond, those the user opened.
            if (store.form.raters.length <= OPEN_RATERS) {
              if (opened) view.closed.add(r);
              else view.closed.delete(r);
            } else if (opened) view.open.delete(r);
            else view.open.add(r);
          });
          this.redrawRater(r);
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
      h("span", { class: "calc-rater-score" }, T.score, T.colon, total),
      h("label", { for: nameId }, T.raterName),
      name,
      remove,
    );
    this.raterTotals.set(r, total);
    if (!open) {
      return h("div", { class: "calc-rater calc-rater--closed", "data-testid": `rater-${r}` }, head, this.messageFor(idPath));
    }
    const groups = m.characteristics.map((c) =>
      h(
        "div",
        { class: "calc-char", role: "group", "aria-labelledby": fieldId("r", r, "char", c.id) },
        h(
          "h4",
          { id: fieldId("r", r, "char", c.id), class: "calc-char-title" },
          h("span", { class: "calc-num" }, c.id),
          " ",
          c[lang],
          h("span", { class: "calc-max" }, fill(T.pointsValue, { p: c.max_points })),
        ),
        m.items.filter((i) => i.characteristic === c.id).map((item) => this.item(rater, r, item, title)),
      ),
    );
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
          h("span", {}, T.item),
          h("span", {}, T.item_points),
          h("span", {}, T.alpha),
          h("span", {}, T.band),
        ),
        groups,
      ),
    );
  }

  /** An item's five quick picks, cloned from one drawn once (a form of ten raters has 950 of them): only the
   * hidden words naming the item differ. @param {string} itemId */
  pickButtons(itemId) {
    const { model: m, text: T, lang } = this.ctx;
    if (!this.pickTemplate) {
      this.pickTemplate = m.bands.map((b) =>
        h(
          "button",
          { type: "button", role: "radio", class: "calc-pick", "data-pick": b.pick, "aria-checked": "false", tabindex: "-1", title: fill(T.pick, { label: b[lang], value: b.pick }) },
          // The visible value first: the button's name starts with what is seen (voice control says "0.8").
          b.pick,
          h("span", { class: "calc-visually-hidden" }),
        ),
      );
    }
    return this.pickTemplate.map((button, k) => {
      const copy = /** @type {HTMLButtonElement} */ (button.cloneNode(true));
      /** @type {HTMLElement} */ (copy.lastChild).textContent = ` ${itemId} ${m.bands[k][lang]}`;
      return copy;
    });
  }

  /** @param {RaterState} rater @param {number} r @param {Item} item @param {string} raterTitle */
  item(rater, r, item, raterTitle) {
    const { model: m, text: T, lang, store } = this.ctx;
    const path = store.paths.alpha(r, item.id);
    const id = fieldId("r", r, "alpha", item.id);
    const set = (/** @type {string} */ value) => store.update((form) => changeRater(form, r, (changed) => (changed.alpha[item.id] = value)), path);
    const bandEl = h("span", { class: "calc-band", "data-testid": `band-${r}-${item.id}` }, T.bandPending);
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      id,
      class: "calc-alpha",
      value: rater.alpha[item.id],
      "data-testid": `alpha-${r}-${item.id}`,
      "aria-label": fill(T.alphaLabel, { id: item.id, name: item[lang], rater: raterTitle }),
      oninput: (/** @type {Event} */ event) => {
        const value = /** @type {HTMLInputElement} */ (event.target).value;
        syncPicks(picks, value.trim());
        set(value);
      },
      onblur: (/** @type {Event} */ event) => {
        // The form drops spaces around a typed α (a file keeps them, and is refused).
        const target = /** @type {HTMLInputElement} */ (event.target);
        const trimmed = target.value.trim();
        if (trimmed !== target.value) {
          target.value = trimmed;
          set(trimmed);
        }
        settle();
        if (store.visit(path)) this.on.visited(); // a visited field shows its error, and counts
      },
    });
    // The engine reads a Chinese input method's full-width digits and stops as the number they write; the field
    // then shows what it read, as a file saved from the form and the shared link do.
    const settle = () => {
      const read = this.readAs.get(path);
      if (read === undefined || read === input.value.trim()) return;
      input.value = read;
      syncPicks(picks, read);
      set(read);
    };
    // The five quick picks are one radio group (WAI-ARIA's pattern): one Tab stop, the arrow keys move the choice.
    // One listener for the group's buttons (a form of ten raters has 950 of them, drawn on every opening).
    const choose = (/** @type {HTMLElement} */ button) => {
      const pick = button.dataset.pick;
      if (!pick) return;
      input.value = pick;
      syncPicks(picks, pick);
      set(pick);
    };
    const picks = h(
      "div",
      {
        class: "calc-picks",
        role: "radiogroup",
        "aria-label": fill(T.picks, { id: item.id }),
        onclick: (/** @type {Event} */ event) => {
          const button = /** @type {HTMLElement} */ (event.target).closest("button");
          if (button) choose(button);
        },
        onkeydown: (/** @type {KeyboardEvent} */ event) => {
          const buttons = /** @type {HTMLElement[]} */ ([...picks.children]);
          const at = buttons.indexOf(/** @type {HTMLElement} */ (event.target));
          const to = radioMove(event.key, at, buttons.length);
          if (at < 0 || to === null) return;
          event.preventDefault();
          buttons[to].focus();
          choose(buttons[to]);
        },
      },
      this.pickButtons(item.id),
    );
    syncPicks(picks, rater.alpha[item.id].trim());
    this.register(path, input, { band: bandEl, settle });
    const observed = store.paths.raterObservation(r, item.id);
    const note = this.observation(observed, rater.observations[item.id] ?? "", `obs-${r}-${item.id}`, `${raterTitle} ${item.id} ${item[lang]}`, (value) =>
      store.update((form) => changeRater(form, r, (changed) => writeText(changed.observations, item.id, value)), observed),
    );
    return h(
      "div",
      { class: "calc-item" },
      h("span", { class: "calc-item-name" }, siteLink(item.href, item.id, { class: "calc-num" }), " ", h("label", { for: id }, item[lang])),
      h("span", { class: "calc-item-max" }, fill(T.pointsValue, { p: item.max_points })),
      input,
      picks,
      bandEl,
      this.messageFor(path),
      note,
    );
  }

  // --- the management requirements: each clause's maturity level, the conformity examination ---------------------

  management() {
    const { model: m, text: T, lang, store } = this.ctx;
    const groups = m.groups.map((g) =>
      h(
        "fieldset",
        { class: "calc-group" },
        h("legend", {}, h("span", { class: "calc-num" }, g.id), " ", g[lang]),
        m.clauses.filter((c) => c.group === g.id).map((c) => this.clause(c)),
      ),
    );
    const conformity = h("input", {
      type: "checkbox",
      id: "calc-conformity",
      "data-testid": "conformity",
      checked: store.form.conformity,
      onchange: (/** @type {Event} */ event) => {
        const checked = /** @type {HTMLInputElement} */ (event.target).checked;
        store.update((form) => (form.conformity = checked), m.paths.conformity);
      },
    });
    this.register(m.paths.conformity, conformity);
    return h(
      "section",
      { class: "calc-section calc-management", "aria-labelledby": "calc-management-title" },
      h("h2", { id: "calc-management-title", tabindex: "-1" }, T.managementHead, " ", this.refs([m.links.management, fill(T.appendix, { n: 3 })], [m.clauses[0].a4_href.split("#")[0], fill(T.appendix, { n: 4 })])),
      h("p", { class: "calc-help", "data-testid": "level-help" }, T.levelHelp, " ", this.refs([m.links.level_model, T.levelModel], [m.links.appendix_2, T.appendix2])),
      this.levelsImport(),
      h("div", { class: "calc-clauses-head", "aria-hidden": "true" }, h("span", {}, T.clause), h("span", {}, T.level), h("span", {}, T.score)),
      groups,
      h(
        "div",
        { class: "calc-conformity" },
        conformity,
        h("label", { for: "calc-conformity" }, T.conformityField),
        " ",
        siteLink(m.links.conformity, `(${T.conformityRef})`),
        this.messageFor(m.paths.conformity),
      ),
    );
  }

  /** Importing the maturity levels from a levels CSV (the batch levels template, one row). */
  levelsImport() {
    const T = this.ctx.text;
    const what = { id: "calc-import-levels", accept: ".csv,text/csv", testid: "import-levels", describedby: "calc-levels-hint" };
    const input = fileInput(what, (file) => this.on.importLevels(file));
    return h(
      "div",
      { class: "calc-sheets" },
      h(
        "div",
        { class: "calc-sheets-row" },
        input,
        h("label", { for: "calc-import-levels", class: "md-button" }, T.importLevels),
        h("span", { class: "calc-help", id: "calc-levels-hint" }, T.importLevelsHint),
      ),
      this.levelsMessage,
    );
  }

  /** @param {Clause} c */
  clause(c) {
    const { model: m, text: T, lang, store } = this.ctx;
    const path = store.paths.level(c.id);
    const id = fieldId("level", c.id);
    const sep = T.colon;
    const pointsEl = h("span", { class: "calc-clause-points", "data-testid": `points-${c.id}` }, "—");
    const select = h(
      "select",
      {
        id,
        class: "calc-level",
        "data-testid": `level-${c.id}`,
        "aria-label": fill(T.levelLabel, { id: c.id, name: c[lang] }),
        onchange: (/** @type {Event} */ event) => {
          const value = /** @type {HTMLSelectElement} */ (event.target).value;
          store.update((form) => (form.levels[c.id] = value), path);
        },
        // A digit typed on the list picks that level (its names start with words, not with the digit); a Chinese
        // input method's full-width digit too.
        onkeydown: (/** @type {KeyboardEvent} */ event) => {
          const target = /** @type {HTMLSelectElement} */ (event.target);
          const level = levelKey(event.key);
          if (event.altKey || event.ctrlKey || event.metaKey || !level || ![...target.options].some((o) => o.value === level)) return;
          event.preventDefault();
          if (target.value === level) return;
          target.value = level;
          store.update((form) => (form.levels[c.id] = level), path);
        },
        onblur: () => {
          if (store.visit(path)) this.on.visited();
        },
      },
      h("option", { value: "" }, T.levelNone),
      m.level_names.map((n) =>
        h(
          "option",
          { value: String(n.level), selected: store.form.levels[c.id] === String(n.level) },
          n[lang] + ((lang === "zh" ? n.model_zh : n.model_en) ? sep + (lang === "zh" ? n.model_zh : n.model_en) : ""),
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
        siteLink(c.href, c.id, { class: "calc-num", title: fill(T.a3Title, { id: c.id }) }),
        " ",
        h("label", { for: id }, c[lang]),
        " ",
        h("span", { class: "calc-weight" }, fill(T.weightValue, { w: c.weight })),
        " ",
        siteLink(c.a4_href, T.a4, { class: "calc-a4", title: fill(T.a4Title, { id: c.id }) }),
      ),
      select,
      pointsEl,
      this.messageFor(path),
      this.requirement(c.a4_href, `req-clause-${c.id}`, T.reqClause, h("span", { class: "calc-visually-hidden" }, ` ${c.id} ${c[lang]}`)),
      this.observation(store.paths.observation(c.id), store.form.observations[c.id] ?? "", `obs-${c.id}`, `${c.id} ${c[lang]}`, (value) =>
        store.update((form) => writeText(form.observations, c.id, value), store.paths.observation(c.id)),
      ),
    );
  }

  // --- what the engine said, in place ----------------------------------------------------------------------------

  /** Each drawn field's error (once it holds something, or was visited), and errors of the list of raters.
   * @param {EngineError[]} errors */
  showErrors(errors) {
    const { lang, store, model } = this.ctx;
    /** @type {Map<string, EngineError>} */
    const byPath = new Map();
    for (const e of errors) {
      const path = store.paths.fieldOf(e.path);
      if (!byPath.has(path)) byPath.set(path, e); // the team's field says the first of its names' errors
    }
    for (const [path, field] of this.fields) {
      const error = byPath.get(path);
      const shown = error && (field.input.value.trim() !== "" || store.view.touched.has(path));
      if (shown) {
        field.input.setAttribute("aria-invalid", "true");
        field.input.setAttribute("aria-describedby", field.message.id);
        field.message.textContent = error[lang];
        field.message.hidden = false;
      } else {
        field.input.removeAttribute("aria-invalid");
        field.input.removeAttribute("aria-describedby");
        field.message.textContent = "";
        field.message.hidden = true;
      }
    }
    const own = errors.filter((e) => e.path === model.paths.raters);
    this.raterListMessage.textContent = own.map((e) => e[lang]).join(" ");
    this.raterListMessage.hidden = own.length === 0;
  }

  /** The figures of the fields: from the engine only (its result, or what it could grade so far).
   * @param {Grading} grading */
  showFigures(grading) {
    const { lang, text: T, store } = this.ctx;
    for (const field of this.fields.values()) {
      if (field.band) {
        field.band.textContent = T.bandPending;
        delete field.band.dataset.band;
      }
      if (field.points) field.points.textContent = "—";
    }
    for (const el of this.raterTotals.values()) setFigure(el, "", "—");
    const first = grading.shown ? grading.shown.start : 0;
    this.readAs.clear();
    /** @type {Field[]} */
    const settled = [];
    /** @param {number} r @param {number[]} bands @param {string | null} score @param {Record<string, string>} [read] */
    const rater = (r, bands, score, read = {}) => {
      const total = this.raterTotals.get(r);
      if (total && score !== null) setFigure(total, score, score);
      for (const [item, text] of Object.entries(read)) {
        const path = store.paths.alpha(r, item);
        this.readAs.set(path, text);
        const field = this.fields.get(path);
        if (field && field.input !== document.activeElement) settled.push(field); // the one typed in waits for its blur
      }
      if (!store.isOpen(r)) return;
      bands.forEach((band, k) => {
        const field = this.fields.get(store.paths.alphas(r)[k]);
        const named = this.bands.get(band);
        if (field && field.band && named) {
          field.band.textContent = named[lang];
          field.band.dataset.band = String(band);
        }
      });
    };
    /** @param {string} clause @param {string} points */
    const clause = (clause, points) => {
      const field = this.fields.get(store.paths.level(clause));
      if (field && field.points) field.points.textContent = points;
    };
    const res = grading.result;
    if (res) {
      res.service.raters.forEach((r, k) => rater(first + k, r.bands || (r.items || []).map((i) => i.band), r.score, r.normalized));
      for (const c of res.management.clauses) clause(c.id, c.points);
    } else if (grading.partial) {
      grading.partial.raters.forEach((r, k) => rater(first + k, r.bands, r.score, r.normalized));
      if (grading.partial.management) for (const [id, points] of Object.entries(grading.partial.management.clauses)) clause(id, points);
    }
    // After the figures are drawn: settling edits the form, which asks the engine again.
    if (settled.length) queueMicrotask(() => settled.forEach((field) => field.settle && field.settle()));
  }

  // --- finding a field -------------------------------------------------------------------------------------------

  /** Can the focus be taken to this field (drawn, or a rater's field to draw)? @param {string} path */
  canFocus(path) {
    const { store } = this.ctx;
    return this.fields.has(store.paths.fieldOf(path)) || store.paths.raterField(path, store.form.raters.length) !== null;
  }

  /** A field's name in the page's words (the form's own fields are looked up, not parsed). @param {string} path */
  fieldName(path) {
    const { model, text: T, lang, store } = this.ctx;
    const found = store.paths.raterField(path, store.form.raters.length);
    if (found) {
      const item = model.items[found.item];
      const rater = fill(T.raterNumber, { n: found.rater + 1 });
      if (!item) return `${rater} ${T.raterName}`;
      return `${rater} ${item.id} ${item[lang]}` + (found.observation ? `${T.colon}${T.observation}` : "");
    }
    for (const c of model.clauses) {
      if (store.paths.level(c.id) === path) return `${c.id} ${c[lang]}`;
      if (store.paths.observation(c.id) === path) return `${c.id} ${c[lang]}${T.colon}${T.observation}`;
    }
    const field = store.paths.fieldOf(path);
    for (const f of model.record) if (store.paths.record(f.key) === field) return `${T.record}${T.colon}${f[lang]}`;
    return path || T.general;
  }

  /** Takes the focus to a field, drawing its rater's sheet (and page) first when it is not drawn. @param {string} path */
  focus(path) {
    const { store } = this.ctx;
    path = store.paths.fieldOf(path);
    let field = this.fields.get(path);
    if (!field) {
      const found = store.paths.raterField(path, store.form.raters.length);
      if (!found) return;
      store.show((view) => Store.reveal(view, found.rater));
      this.draw();
      this.on.reshaped();
      field = this.fields.get(path);
    }
    if (field) {
      const closed = field.input.closest("details");
      if (closed) closed.open = true;
      const observation = field.input.closest(".calc-obs");
      if (observation instanceof HTMLElement) this.showObservation(observation, true);
      field.input.scrollIntoView({ block: "center" });
      field.input.focus({ preventScroll: true });
    }
  }
}

/** An observation typed: kept, or gone when emptied (the form holds only those written).
 * @param {Record<string, string>} texts @param {string} id @param {string} value */
function writeText(texts, id, value) {
  if (value === "") delete texts[id];
  else texts[id] = value;
}

/** The pick equal to α is checked, and is the group's Tab stop (the first pick when none is).
 * @param {HTMLElement} picks @param {string} value */
function syncPicks(picks, value) {
  const buttons = /** @type {HTMLElement[]} */ ([...picks.children]);
  const checked = buttons.findIndex((button) => button.dataset.pick === value);
  // Only what changes is written (a form of ten raters draws 950 picks).
  buttons.forEach((button, i) => {
    const state = String(i === checked);
    if (button.getAttribute("aria-checked") !== state) button.setAttribute("aria-checked", state);
    const stop = i === Math.max(checked, 0) ? 0 : -1;
    if (button.tabIndex !== stop) button.tabIndex = stop;
  });
}

/** The digit a key stands for ("3", or a full-width "３"), or "" for any other key. @param {string} key */
function levelKey(key) {
  if (/^[0-9]$/.test(key)) return key;
  if (/^[\uFF10-\uFF19]$/.test(key)) return String(key.charCodeAt(0) - 0xff10);
  return "";
}

/** Where an arrow key, Home or End moves the choice in a radio group (arrows wrap round), or null for other keys.
 * @param {string} key @param {number} at @param {number} count @returns {number | null} */
function radioMove(key, at, count) {
  if (key === "ArrowRight" || key === "ArrowDown") return (at + 1) % count;
  if (key === "ArrowLeft" || key === "ArrowUp") return (at - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/** Puts the parts of `fresh` but its first in place of those of `kept` but its first, which stays (and keeps the
 * focus it holds: a focused element moved out of the page loses it). @param {Element} kept @param {Element} fresh */
function takeAllButFirst(kept, fresh) {
  for (const part of [...kept.children].slice(1)) part.remove();
  kept.append(...[...fresh.children].slice(1));
}

/** A figure: its exact value (data-value) and what is shown. @param {HTMLElement} el @param {string} value
 * @param {string | (Node | string | null)[]} shown */
export function setFigure(el, value, shown) {
  el.dataset.value = value;
  el.replaceChildren(...(Array.isArray(shown) ? shown : [shown]).filter((c) => c !== null && c !== undefined));
}
