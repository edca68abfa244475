// @ts-check
// The calculator's one state: the evaluation as typed (FormState, shapes.js: every field as the text typed), and
// what only the page needs (ViewState: the fields visited, which raters' sheets are open, the page of raters shown).
// Every change goes through Store.update (an edit, and what it changes in the view), Store.show (the view alone:
// nothing of the evaluation changes, nothing is saved) or Store.replace (a file opened, sheets imported, a reset);
// the form, the engine's request, the results, the autosave and the address bar all derive from it.

import { localTime } from "./dom.js";
import { FieldPaths } from "./paths.js";
import { FormShapes } from "./shapes.js";

/**
 * @typedef {import("./library.js").Library} Library
 * @typedef {import("./library.js").Name} Name
 * @typedef {{newName: (n: number) => Name, keptName: (name: Name, when: string) => Name}} LibraryWords
 * What the list of evaluations tells the user: another tab changed or deleted this evaluation (and where this
 * tab's form was kept), or its stored form could not be read.
 * @typedef {{kind: "kept-changed" | "kept-deleted", name: Name, copy: Name}
 *   | {kind: "updated" | "deleted" | "unreadable", name: Name}} Notice
 */

/**
 * @typedef {import("./protocol.js").FormModel} FormModel
 * @typedef {import("./protocol.js").EvaluationDocument} EvaluationDocument
 * @typedef {import("./shapes.js").RaterState} RaterState
 * @typedef {import("./shapes.js").FormState} FormState
 * What only the page needs: the fields visited (their errors show even while they are empty); up to OPEN_RATERS
 * raters, the sheets the user closed; beyond, the sheets the user opened and the page of the rater list shown.
 * @typedef {{touched: Set<string>, closed: Set<number>, open: Set<number>, page: number}} ViewState
 * What a listener is told: an edit of one field (its path; null for a change of the raters' list), a change of the
 * view alone, a new form, or that keeping the form in this browser failed or works again (Store.storageFailure).
 * @typedef {{kind: "edit", path: string | null} | {kind: "view"} | {kind: "replace"} | {kind: "stored"}} Change
 */

export const OPEN_RATERS = 10; // up to this many raters, every rater's sheet is drawn open
export const PAGE_RATERS = 25; // beyond it, the raters are listed a page at a time, each sheet drawn when opened
const SAVE_MS = 400; // a large form is saved once the typing pauses (a large write), and when the page goes


/**
 * Rater r of the form, changed: a new object in its place. A rater's state is never changed in place, so that its
 * evaluation document (and the engine's copy of it) is made once per change (FormShapes.raterDocument).
 * @param {FormState} form @param {number} r @param {(rater: RaterState) => unknown} change
 */
export function changeRater(form, r, change) {
  const old = form.raters[r];
  const rater = { name: old.name, alpha: { ...old.alpha }, observations: { ...old.observations } };
  change(rater);
  form.raters[r] = rater;
}

export class Store {
  /**
   * @param {FormModel} model @param {Library} library the evaluations kept in this browser
   * @param {LibraryWords} words names the store gives evaluations, in the page's language
   */
  constructor(model, library, words) {
    this.model = model;
    this.paths = new FieldPaths(model);
    this.shapes = new FormShapes(model);
    this.library = library;
    this.words = words;
    /** @type {Notice | null} what the list of evaluations says happened, until the next change of evaluation */
    this.notice = null;
    /** @type {string | null} why the form could not be kept in this browser (null: it is kept) */
    this.storageFailure = null;
    /** @type {ViewState} */
    this.view = { touched: new Set(), closed: new Set(), open: new Set(), page: 0 };
    /** @type {((change: Change) => void)[]} */
    this.listeners = [];
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.saveTimer = undefined;
    /** the form has changes not yet written (a form only looked at is never written: it could conflict) */
    this.dirty = false;
    /** @type {FormState} */
    this.form = this.shapes.blank();
    const id = library.open();
    if (id === null) {
      library.add(words.newName(1), this.form);
      this.dirty = true;
      this.save();
    } else {
      this.form = this.loaded(id);
    }
    window.addEventListener("pagehide", () => {
      if (this.saveTimer !== undefined) this.save();
    });
    // Leaving with evaluations that storage did not take: the browser asks first (they exist on this page only).
    window.addEventListener("beforeunload", (event) => {
      if (this.saveTimer !== undefined) this.save();
      if (this.library.unsaved.size > 0) event.preventDefault();
    });
    window.addEventListener("storage", (event) => {
      if (event.storageArea === window.localStorage) this.outside(event.key);
    });
  }

  /** @param {(change: Change) => void} listener */
  subscribe(listener) {
    this.listeners.push(listener);
  }

  /**
   * An edit of the form: the change is made to the state, and all that derives from it follows (the listeners).
   * @param {(form: FormState, view: ViewState) => unknown} change
   * @param {string | null} path the field changed (it counts as visited), or null for a change of the raters' list
   */
  update(change, path) {
    change(this.form, this.view);
    this.dirty = true;
    if (path) this.view.touched.add(path);
    clearTimeout(this.saveTimer);
    if (this.form.raters.length <= OPEN_RATERS) this.save();
    else this.saveTimer = setTimeout(() => this.save(), SAVE_MS);
    for (const listener of this.listeners) listener({ kind: "edit", path });
  }

  /**
   * A change of what the page shows, the evaluation unchanged: nothing is saved, nothing graded anew.
   * @param {(view: ViewState) => unknown} change
   */
  show(change) {
    change(this.view);
    for (const listener of this.listeners) listener({ kind: "view" });
  }

  /** A new form (opened, imported, reset): sheets drawn as for a new form, nothing visited, saved at once (unless
   * it is the stored form of the evaluation switched to). @param {FormState} form @param {boolean} [save] */
  replace(form, save = true) {
    this.form = form;
    this.view = { touched: new Set(), closed: new Set(), open: new Set(), page: 0 };
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.dirty = save;
    if (save) this.save();
    for (const listener of this.listeners) listener({ kind: "replace" });
  }

  /** The evaluation document the engine grades: α exactly as typed, levels as integers (null when unset).
   * @returns {EvaluationDocument} */
  toDocument() {
    return this.shapes.documentOf(this.form);
  }

  // --- the evaluations kept in this browser (library.js) --------------------------------------------------------

  /** @param {Notice | null} notice */
  tell(notice) {
    this.notice = notice;
    for (const listener of this.listeners) listener({ kind: "stored" });
  }

  /** The form of evaluation ``id`` as stored (a blank one, and a notice, if it cannot be read). @param {string} id
   * @returns {FormState} */
  loaded(id) {
    const saved = this.library.read(id);
    if (saved && typeof saved === "object") return this.shapes.normalize(saved);
    const entry = this.library.entry(id);
    if (entry && (entry.damaged || this.library.hasForm(id))) this.notice = { kind: "unreadable", name: entry.name };
    return this.shapes.blank();
  }

  /**
   * Keep the form (this tab's evaluation). A failure is reported (Store.storageFailure), never thrown: the form on
   * the page is the user's, whatever the storage does. If another tab wrote or deleted this evaluation since this
   * tab last saw it, the form is kept as a new evaluation instead, and the list says so: nothing is written over
   * what this tab has not seen.
   */
  save() {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dirty) return;
    let failure = null;
    try {
      const outcome = this.library.write(this.form);
      if (outcome !== "kept") return this.keepAsNew(outcome);
      this.dirty = false;
      this.library.retry((name) => this.words.keptName(name, localTime()));
    } catch (error) {
      failure = String(error instanceof Error ? error.message : error);
    }
    if (failure !== this.storageFailure) {
      this.storageFailure = failure;
      for (const listener of this.listeners) listener({ kind: "stored" });
    }
  }

  /** This tab's form, kept as a new evaluation: its own was changed or deleted by another tab.
   * @param {"changed" | "deleted"} why */
  keepAsNew(why) {
    const name = this.library.name;
    const copy = this.uniqueName(this.words.keptName(name, localTime()));
    this.library.add(copy, this.form);
    this.dirty = true;
    this.save();
    this.tell({ kind: why === "changed" ? "kept-changed" : "kept-deleted", name, copy });
  }

  /** Another tab changed the storage (a ``storage`` event's key; null: all of it was cleared).
   * @param {string | null} key */
  outside(key) {
    const seen = this.library.follow(key);
    if (seen === null) return;
    if (seen.kind === "list") return this.tell(this.notice);
    const name = this.library.name;
    if (this.dirty || this.library.unsaved.has(this.library.id)) {
      this.save(); // edits not yet kept: they become a new evaluation (save → keepAsNew)
    } else if (seen.kind === "changed") {
      this.replace(seen.form && typeof seen.form === "object" ? this.shapes.normalize(seen.form) : this.shapes.blank(), false);
      this.tell({ kind: "updated", name });
    } else if (seen.kind === "overwritten") {
      this.keepAsNew("changed");
    } else {
      this.openOther();
      this.tell({ kind: "deleted", name });
    }
  }

  /** Another evaluation of the list becomes the form (the one on the page is kept first). @param {string} id */
  switchTo(id) {
    if (id === this.library.id) return;
    this.save();
    this.library.select(id);
    this.notice = null;
    this.replace(this.loaded(id), false);
  }

  /** After this tab's evaluation is gone: the one last worked on (or the most recent), else a new blank one. */
  openOther() {
    const id = this.library.open();
    this.notice = null;
    if (id === null) {
      this.library.add(this.words.newName(1), this.shapes.blank());
      this.replace(this.shapes.blank());
    } else {
      this.replace(this.loaded(id), false);
    }
  }

  /** A new entry of the list, holding this form (the one on the page is kept first).
   * @param {Name} name @param {FormState} form */
  create(name, form) {
    this.save();
    this.library.add(this.uniqueName(name), form);
    this.notice = null;
    this.replace(form);
  }

  /** ``name``, or ``name (2)``, ``name (3)``…: a name no evaluation of the list has. @param {Name} name */
  uniqueName(name) {
    return this.library.unique(name);
  }

  /** Delete this tab's evaluation; the next in the list becomes the form (a new blank one if none is left). The
   * form on the page is the deleted one's: it is not kept anywhere. @param {Name} blankName */
  removeCurrent(blankName) {
    const entries = this.library.entries();
    const at = entries.findIndex((e) => e.id === this.library.id);
    const next = entries[at + 1] || entries[at - 1] || null;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.dirty = false;
    this.library.remove(this.library.id);
    this.notice = null;
    if (next) {
      this.library.select(next.id);
      this.replace(this.loaded(next.id), false);
    } else {
      this.library.add(blankName, this.shapes.blank());
      this.replace(this.shapes.blank());
    }
  }

  /** @param {Name} name */
  rename(name) {
    try {
      this.library.rename(name);
    } catch (error) {
      this.storageFailure = String(error instanceof Error ? error.message : error);
    }
    for (const listener of this.listeners) listener({ kind: "stored" });
  }

  // --- what the page derives from the state --------------------------------------------------------------------

  /** Is rater r's sheet drawn open? All are, up to OPEN_RATERS raters; beyond, those the user opened.
   * @param {number} r */
  isOpen(r) {
    return this.form.raters.length <= OPEN_RATERS ? !this.view.closed.has(r) : this.view.open.has(r);
  }

  /** The number of pages of the rater list, and the one shown (the view's, within the list as it now is).
   * @returns {[number, number]} */
  pages() {
    const pages = Math.ceil(this.form.raters.length / PAGE_RATERS);
    return [pages, Math.min(Math.max(0, this.view.page), pages - 1)];
  }

  /** The raters listed (and whose figures the engine writes out): all up to OPEN_RATERS, else the page shown.
   * @returns {[number, number]} */
  window() {
    const count = this.form.raters.length;
    if (count <= OPEN_RATERS) return [0, count];
    const page = this.pages()[1];
    return [page * PAGE_RATERS, Math.min(count, (page + 1) * PAGE_RATERS)];
  }

  /** Show rater r: its page, its sheet open. @param {ViewState} view @param {number} r */
  static reveal(view, r) {
    view.open.add(r);
    view.closed.delete(r);
    view.page = Math.floor(r / PAGE_RATERS);
  }

  /**
   * The view once rater r is removed from `count` raters: what it held of the raters after r moves up one place
   * (their sheets stay open or closed, their fields visited); what it held of r goes. Beyond OPEN_RATERS raters
   * the fields visited are forgotten (finding each one's rater would take a pass over every rater).
   * @param {ViewState} view @param {number} r @param {number} count
   */
  removeRaterView(view, r, count) {
    const moved = (/** @type {number} */ k) => (k > r ? k - 1 : k);
    const shift = (/** @type {Set<number>} */ set) => new Set([...set].filter((k) => k !== r).map(moved));
    view.open = shift(view.open);
    view.closed = shift(view.closed);
    /** @type {Set<string>} */
    const touched = new Set();
    if (count <= OPEN_RATERS) {
      for (const path of view.touched) {
        const found = this.paths.raterField(path, count);
        if (!found) touched.add(path);
        else if (found.rater !== r) {
          const k = moved(found.rater);
          const paths = found.observation ? this.paths.raterObservations(k) : this.paths.alphas(k);
          touched.add(found.item < 0 ? this.paths.raterId(k) : paths[found.item]);
        }
      }
    }
    view.touched = touched;
  }

  /** Mark a field visited (its error shows even while it is empty); false if it was already.
   * @param {string} path */
  visit(path) {
    if (this.view.touched.has(path)) return false;
    this.show((view) => view.touched.add(path));
    return true;
  }

  hasRaterInput() {
    return this.form.raters.some((r) => r.name.trim() !== "" || Object.values(r.alpha).some((v) => v.trim() !== ""));
  }

  /** Fields of the form that are still empty (counted from the state: this follows the typing at once). */
  emptyPaths() {
    /** @type {string[]} */
    const empty = [];
    const items = this.model.items;
    this.form.raters.forEach((rater, r) => {
      const alpha = rater.alpha;
      for (let k = 0; k < items.length; k++) if (alpha[items[k].id].trim() === "") empty.push(this.paths.alphas(r)[k]);
    });
    for (const c of this.model.clauses) if (this.form.levels[c.id] === "") empty.push(this.paths.level(c.id));
    return empty;
  }
}
