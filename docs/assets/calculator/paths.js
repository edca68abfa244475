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
    /** @type {string[][]} rater index → its observations' paths, in the items' order */
    this.observationCache = [];
    this.itemIndex = new Map(model.items.map((item, k) => [item.id, k]));
  }

  /** Rater r's α paths, in the items' order. @param {number} r */
  alphas(r) {
    return this.perItem(this.alphaCache, this.model.paths.alpha, r);
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

  /** The observation of a clause. @param {string} clause */
  observation(clause) {
    return fieldPath(this.model.paths.observation, { clause });
  }

  /** Rater r's observation paths, in the items' order. @param {number} r */
  raterObservations(r) {
    return this.perItem(this.observationCache, this.model.paths.rater_observation, r);
  }

  /** Rater r's paths of one format, one per item in the items' order, made once (a large form asks often).
   * @param {string[][]} cache @param {string} format @param {number} r */
  perItem(cache, format, r) {
    return (cache[r] ??= this.model.items.map((i) => fieldPath(format, { rater: r, item: i.id })));
  }

  /** The observation of rater r on an item. @param {number} r @param {string} item */
  raterObservation(r, item) {
    return this.raterObservations(r)[this.itemIndex.get(item) ?? -1];
  }

  /** A member of the record (its key: the form model's "record"). @param {string} key */
  record(key) {
    return fieldPath(this.model.paths.record, { key });
  }

  /**
   * The field of the form an error's path belongs to: its own, or for one name of the evaluation team (which the
   * form takes one a line in one field), the team's.
   * @param {string} path
   */
  fieldOf(path) {
    const team = this.model.paths.team_member.split("{")[0];
    const names = this.model.record.find((f) => f.kind === "names");
    return names && path.startsWith(team) ? this.record(names.key) : path;
  }

  /**
   * The rater whose field this path names, and the item (-1: the rater's name), and whether it is the item's
   * observation; null for a field of no rater.
   * @param {string} path @param {number} count the raters of the form
   * @returns {{rater: number, item: number, observation: boolean} | null}
   */
  raterField(path, count) {
    for (let r = 0; r < count; r++) {
      if (path === this.raterId(r)) return { rater: r, item: -1, observation: false };
      const item = this.alphas(r).indexOf(path);
      if (item >= 0) return { rater: r, item, observation: false };
      const observed = this.raterObservations(r).indexOf(path);
      if (observed >= 0) return { rater: r, item: observed, observation: true };
    }
    return null;
  }
}
