// @ts-check
// The list of evaluations kept in this browser (library.js), above the form: switch, new, duplicate, rename, delete;
// it says that nothing leaves the device, what another tab did to this evaluation, and when keeping a form failed
// (the form stays on the page). The list's options are built when the list is opened (focused, pressed), not on
// every edit: with thousands of evaluations, typing stays quick.

import { h, lazyOptions } from "./dom.js";
import { fill } from "./words.js";

// A notice of the list (state.js's Notice) and the word that says it.
/** @type {Record<import("./state.js").Notice["kind"], "notice_keptChanged" | "notice_keptDeleted" | "notice_updated" | "notice_deleted" | "notice_unreadable">} */
const NOTICES = {
  "kept-changed": "notice_keptChanged",
  "kept-deleted": "notice_keptDeleted",
  updated: "notice_updated",
  deleted: "notice_deleted",
  unreadable: "notice_unreadable",
};

/** @typedef {import("./form.js").Context} Context */

export class Evaluations {
  /** @param {Context} ctx @param {() => void} deleted an evaluation was deleted */
  constructor(ctx, deleted) {
    this.ctx = ctx;
    const T = ctx.text;
    const store = ctx.store;
    this.select = h("select", {
      id: "calc-library",
      "data-testid": "library-select",
      onchange: () => store.switchTo(this.select.value),
    });
    this.fill = lazyOptions(this.select, () => store.library.entries());
    const button = (/** @type {string} */ testid, /** @type {string} */ text, /** @type {() => void} */ onclick) =>
      h("button", { type: "button", class: "md-button", "data-testid": testid, onclick }, text);
    this.notice = h("p", { class: "calc-help", role: "status", "data-testid": "library-notice" });
    this.status = h("p", { class: "calc-help", role: "status", "data-testid": "library-status" });
    this.el = h(
      "section",
      { class: "calc-library", "aria-labelledby": "calc-library-title", "data-testid": "library" },
      h("h2", { id: "calc-library-title", class: "calc-visually-hidden" }, T.libraryTitle),
      h(
        "div",
        { class: "calc-toolbar", role: "group", "aria-labelledby": "calc-library-title" },
        h("label", { for: "calc-library" }, T.libraryLabel),
        this.select,
        button("library-new", T.libraryNew, () => store.create(this.newName(), store.shapes.blank())),
        button("library-duplicate", T.libraryDuplicate, () =>
          store.create({ copy: store.library.current().given }, store.shapes.normalize(JSON.parse(JSON.stringify(store.form)))),
        ),
        button("library-rename", T.libraryRename, () => {
          const shown = store.library.current().name;
          const name = window.prompt(T.libraryRenamePrompt, shown);
          // The name shown, accepted as it was, stays what it was (a made-up name stays in each page's words).
          if (name !== null && name.trim() !== "" && name.trim() !== shown) store.rename(name.trim());
        }),
        button("library-delete", T.libraryDelete, () => {
          if (!window.confirm(fill(T.libraryDeleteConfirm, { name: store.library.current().name }))) return;
          store.removeCurrent(this.newName());
          deleted();
        }),
      ),
      h("p", { class: "calc-help" }, T.libraryHint),
      this.notice,
      this.status,
    );
    this.show();
  }

  /** A name not yet in the list: "Evaluation n" (made up by the page: shown in each page's words).
   * @returns {import("./library.js").Name} */
  newName() {
    const library = this.ctx.store.library;
    const entries = library.entries();
    const names = new Set(entries.map((e) => e.name));
    let n = entries.length + 1;
    while (names.has(library.label({ new: n }))) n++;
    return { new: n };
  }

  /** The evaluation shown, what happened to it, and whether keeping forms failed. The other evaluations are listed
   * when the list is opened (lazyOptions). */
  show() {
    const { store, text: T } = this.ctx;
    const current = store.library.current();
    this.select.replaceChildren(h("option", { value: current.id, selected: true }, current.name));
    this.select.value = current.id;
    delete this.select.dataset.filled;
    if (document.activeElement === this.select) this.fill();
    const notice = store.notice;
    const label = (/** @type {import("./library.js").Name} */ name) => store.library.label(name);
    this.notice.textContent =
      notice === null
        ? ""
        : "copy" in notice
          ? fill(T[NOTICES[notice.kind]], { name: label(notice.name), copy: label(notice.copy) })
          : fill(T[NOTICES[notice.kind]], { name: label(notice.name) });
    const unsaved = store.library.unsaved.size;
    const failed = store.storageFailure !== null || unsaved > 0;
    this.status.textContent = failed ? `${T.storageFailed}${unsaved > 1 ? " " + fill(T.libraryUnsaved, { n: unsaved }) : ""}` : "";
    this.status.className = failed ? "calc-message calc-message--error" : "calc-help";
  }
}
