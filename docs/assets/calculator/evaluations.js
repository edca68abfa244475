// @ts-check
// The list of evaluations kept in this browser (library.js), above the form: switch, new, duplicate, rename, delete;
// it says that nothing leaves the device, and says so when keeping the form failed (the form stays on the page).

import { h } from "./dom.js";

/** @typedef {import("./form.js").Context} Context */

export class Evaluations {
  /** @param {Context} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    const T = ctx.text;
    const store = ctx.store;
    this.select = h("select", {
      id: "calc-library",
      "data-testid": "library-select",
      onchange: () => store.switchTo(this.select.value),
    });
    const button = (/** @type {string} */ testid, /** @type {string} */ text, /** @type {() => void} */ onclick) =>
      h("button", { type: "button", class: "md-button", "data-testid": testid, onclick }, text);
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
        button("library-new", T.libraryNew, () => store.create(this.newName(), store.blank())),
        button("library-duplicate", T.libraryDuplicate, () =>
          store.create(T.libraryCopyName(store.library.current().name), store.normalize(JSON.parse(JSON.stringify(store.form)))),
        ),
        button("library-rename", T.libraryRename, () => {
          const name = window.prompt(T.libraryRenamePrompt, store.library.current().name);
          if (name !== null && name.trim() !== "") store.rename(name.trim());
        }),
        button("library-delete", T.libraryDelete, () => {
          if (window.confirm(T.libraryDeleteConfirm(store.library.current().name))) store.removeCurrent(this.newName());
        }),
      ),
      h("p", { class: "calc-help" }, T.libraryHint),
      this.status,
    );
    this.show();
  }

  /** A name not yet in the list: "Evaluation n". */
  newName() {
    const names = new Set(this.ctx.store.library.index.entries.map((e) => e.name));
    let n = this.ctx.store.library.index.entries.length + 1;
    while (names.has(this.ctx.text.libraryNewName(n))) n++;
    return this.ctx.text.libraryNewName(n);
  }

  /** The list as it is, the current evaluation selected, and whether keeping it failed. */
  show() {
    const { store, text: T } = this.ctx;
    const { current, entries } = store.library.index;
    this.select.replaceChildren(...entries.map((e) => h("option", { value: e.id, selected: e.id === current }, e.name)));
    this.select.value = current;
    this.status.textContent = store.storageFailure === null ? "" : T.storageFailed;
    this.status.className = store.storageFailure === null ? "calc-help" : "calc-message calc-message--error";
  }
}
