// @ts-check
// Each field of the form named as the engine's errors name it: the path formats of the form model
// (scoring.browser.form_model, "paths"), filled in. Nothing here parses an engine's path; paths are made and compared.

import { fieldPath } from "./dom.js";

/** @typedef {import("./protocol.js").FormModel} FormModel */

export class FieldPaths {
  /** @param {FormModel} model */
  constructor(model) {
    this.model = model;
    /** @type {string[][]} rater index → its α paths, in the items' order (made once: a large form asks often) */
    this.alphaCache = [];
    this.itemIndex = new Map(model.items.map((item, k) => [item.id, k]));
  }

  /** Rater r's α paths, in the items' order. @param {number} r */
  alphas(r) {
    let paths = this.alphaCache[r];
    if (!paths) {
      const format = this.model.paths.alpha;
      paths = this.alphaCache[r] = this.model.items.map((i) => fieldPath(format, { rater: r, item: i.id }));
    }
    return paths;
  }

  /** @param {number} r @param {string} item */
  alpha(r, item) {
    return this.alphas(r)[this.itemIndex.get(item) ?? -1];
  }

  /** @param {number} r */
  raterId(r) {
    return fieldPath(this.model.paths.rater_id, { rater: r });
  }

  /** @param {string} clause */
  level(clause) {
    return fieldPath(this.model.paths.level, { clause });
  }

  /**
   * The rater whose field this path names, and the item (-1: the rater's name); null for a field of no rater.
   * @param {string} path @param {number} count the raters of the form
   * @returns {{rater: number, item: number} | null}
   */
  raterField(path, count) {
    for (let r = 0; r < count; r++) {
      if (path === this.raterId(r)) return { rater: r, item: -1 };
      const item = this.alphas(r).indexOf(path);
      if (item >= 0) return { rater: r, item };
    }
    return null;
  }
}
