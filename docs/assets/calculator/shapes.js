// @ts-check
// The form's shapes: the form as typed (FormState: every field as the text of its input), blank, as saved or opened
// (normalize, fromDocument), and as the evaluation document the engine grades and saves (documentOf). The document's
// optional members — the observations of each clause and of each rater's items, the evaluation's record — follow
// the form model's description of them (scoring.browser.form_model: "record", "paths"), so that a member the engine
// adds to the record needs no change here. tests/site/test_shapes.py runs this module under Node against the
// engine's JSON Schema: every member a document may have survives fromDocument → documentOf.

/**
 * @typedef {import("./protocol.js").FormModel} FormModel
 * @typedef {import("./protocol.js").EvaluationDocument} EvaluationDocument
 * @typedef {import("./protocol.js").DraftDocument} DraftDocument
 * @typedef {import("./protocol.js").RaterDocument} RaterDocument
 * @typedef {import("./protocol.js").RecordDocument} RecordDocument
 *
 * A rater as typed: its name, its α by item, its observations by item (only those written: an empty one is absent).
 * @typedef {{name: string, alpha: Record<string, string>, observations: Record<string, string>}} RaterState
 * The form as typed: levels as the text of their choice ("" for none), the clauses' observations (only those
 * written), the record's members by key (the evaluation team one name a line).
 * @typedef {{profile: string, organization: string, raters: RaterState[], levels: Record<string, string>,
 *   conformity: boolean, observations: Record<string, string>, record: Record<string, string>}} FormState
 */

/** Is this text written (anything but spaces)? @param {string} text */
const written = (text) => text.trim() !== "";

/** The written texts of an object of texts, in the order of `ids`; null when there are none.
 * @param {Record<string, string>} texts @param {string[]} ids @returns {Record<string, string> | null} */
function writtenOf(texts, ids) {
  /** @type {Record<string, string>} */
  const found = {};
  let any = false;
  for (const id of ids) {
    const text = texts[id];
    if (text !== undefined && written(text)) {
      found[id] = text;
      any = true;
    }
  }
  return any ? found : null;
}

export class FormShapes {
  /** @param {FormModel} model */
  constructor(model) {
    this.model = model;
    this.itemIds = model.items.map((i) => i.id);
    this.clauseIds = model.clauses.map((c) => c.id);
    /** @type {WeakMap<RaterState, RaterDocument>} */
    this.raterDocuments = new WeakMap();
  }

  /** @returns {FormState} */
  blank() {
    return {
      profile: this.model.default_profile,
      organization: "",
      raters: [this.blankRater()],
      levels: Object.fromEntries(this.clauseIds.map((id) => [id, ""])),
      conformity: true,
      observations: {},
      record: Object.fromEntries(this.model.record.map((f) => [f.key, ""])),
    };
  }

  /** @returns {RaterState} */
  blankRater() {
    return { name: "", alpha: Object.fromEntries(this.itemIds.map((id) => [id, ""])), observations: {} };
  }

  /**
   * The form's state, whatever it holds (valid or not), from a saved or opened shape (a form kept by an earlier
   * version has no observations and no record: they are empty).
   * @param {any} s @returns {FormState}
   */
  normalize(s) {
    /** @type {any[]} */
    const raters = Array.isArray(s.raters) && s.raters.length ? s.raters : [{}];
    return {
      profile: this.model.profiles.some((p) => p.id === s.profile) ? s.profile : this.model.default_profile,
      organization: text(s.organization),
      raters: raters.map((r) => ({
        name: text(r && r.name),
        alpha: Object.fromEntries(this.itemIds.map((id) => [id, text(r && r.alpha && r.alpha[id])])),
        observations: texts(r && r.observations, this.itemIds),
      })),
      levels: Object.fromEntries(this.clauseIds.map((id) => [id, text(s.levels && s.levels[id])])),
      conformity: s.conformity !== false,
      observations: texts(s.observations, this.clauseIds),
      record: Object.fromEntries(this.model.record.map((f) => [f.key, text(s.record && s.record[f.key])])),
    };
  }

  /** The form of an opened document, or of a draft (its fields as typed; one not filled in is absent or null).
   * @param {EvaluationDocument | DraftDocument} doc @returns {FormState} */
  fromDocument(doc) {
    return this.normalize({
      profile: doc.profile,
      organization: doc.organization,
      raters: doc.service.raters.map((r) => ({ name: r.id, alpha: r.alpha, observations: r.observations })),
      levels: doc.management.levels,
      conformity: doc.management.conformity_passed,
      observations: doc.management.observations,
      record: doc.record,
    });
  }

  /** The evaluation document of a form: α exactly as typed, levels as integers (null when unset), the texts written.
   * @param {FormState} s @returns {EvaluationDocument} */
  documentOf(s) {
    /** @type {EvaluationDocument} */
    const doc = {
      scheme: this.model.scheme.full_id,
      profile: s.profile,
      service: { raters: s.raters.map((r) => this.raterDocument(r)) },
      management: {
        levels: Object.fromEntries(this.clauseIds.map((id) => [id, s.levels[id] === "" ? null : Number(s.levels[id])])),
        conformity_passed: s.conformity,
      },
    };
    if (s.organization !== "") doc.organization = s.organization;
    const record = this.recordOf(s.record);
    if (record) doc.record = record;
    const observations = writtenOf(s.observations, this.clauseIds);
    if (observations) doc.management.observations = observations;
    return doc;
  }

  /** The record's members written, as the document holds them (the team a list of names); null when none is.
   * @param {Record<string, string>} record @returns {RecordDocument | null} */
  recordOf(record) {
    /** @type {Record<string, string | string[]>} */
    const doc = {};
    for (const field of this.model.record) {
      const value = record[field.key] ?? "";
      if (field.kind === "names") {
        // One name a line; the spaces around a name and the empty lines are the form's, not the names' (as the
        // engine reads a saved form: scoring.drafts.evaluator_names — any other character is the name's).
        const names = value.split("\n").map((name) => name.replace(/^\p{Zs}+|\p{Zs}+$/gu, "")).filter((name) => name !== "");
        if (names.length) doc[field.key] = names;
      } else if (written(value)) {
        doc[field.key] = value;
      }
    }
    return Object.keys(doc).length ? /** @type {RecordDocument} */ (doc) : null;
  }

  /**
   * A rater's evaluation document: α as typed, but for spaces around it, which the form drops (a file keeps them,
   * and is refused). Made once per rater state (which is never changed in place: changeRater).
   * @param {RaterState} r @returns {RaterDocument}
   */
  raterDocument(r) {
    let doc = this.raterDocuments.get(r);
    if (!doc) {
      const alpha = Object.fromEntries(Object.entries(r.alpha).map(([k, v]) => [k, v.trim()]));
      doc = r.name.trim() === "" ? { alpha } : { id: r.name, alpha };
      const observations = writtenOf(r.observations, this.itemIds);
      if (observations) doc.observations = observations;
      this.raterDocuments.set(r, doc);
    }
    return doc;
  }

  /** Does the form hold anything a shared link leaves out (an observation, a member of the record)?
   * @param {FormState} s */
  hasNotes(s) {
    return (
      this.recordOf(s.record) !== null ||
      writtenOf(s.observations, this.clauseIds) !== null ||
      s.raters.some((r) => writtenOf(r.observations, this.itemIds) !== null)
    );
  }

  /**
   * A graded document (a shared link's: no observations) with this form's observations and record — the form's
   * evaluation as a file of it holds it. A rater's observations go to the rater of its place.
   * @param {EvaluationDocument} doc @param {FormState} s @returns {EvaluationDocument}
   */
  withNotes(doc, s) {
    const own = this.documentOf(s);
    const raters = doc.service.raters.map((r, k) => {
      const observations = own.service.raters[k] && own.service.raters[k].observations;
      return observations ? { ...r, observations } : r;
    });
    const management = own.management.observations ? { ...doc.management, observations: own.management.observations } : doc.management;
    return { ...doc, ...(own.record ? { record: own.record } : {}), service: { raters }, management };
  }

  /** The form without what a shared link leaves out: what a link of it opens. @param {FormState} s @returns {FormState} */
  withoutNotes(s) {
    return {
      ...s,
      raters: s.raters.map((r) => ({ ...r, observations: {} })),
      observations: {},
      record: Object.fromEntries(Object.keys(s.record).map((key) => [key, ""])),
    };
  }
}

/** A field's text from what was saved or opened (absent or null: empty; a list, as of names: one a line).
 * @param {unknown} v @returns {string} */
function text(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(text).join("\n");
  return String(v);
}

/** The texts of an object of texts by id (only the ids known, only those that hold text).
 * @param {any} given @param {string[]} ids @returns {Record<string, string>} */
function texts(given, ids) {
  /** @type {Record<string, string>} */
  const found = {};
  if (given && typeof given === "object") {
    for (const id of ids) {
      const value = text(given[id]);
      if (value !== "") found[id] = value;
    }
  }
  return found;
}
