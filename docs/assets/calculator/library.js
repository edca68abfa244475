// @ts-check
// The evaluations kept in this browser: named forms in localStorage (one origin, so both languages of the site see
// the same list). Nothing leaves the device. Each evaluation is two keys of its own — its entry (name, dates,
// revision) and its form — so that an edit writes its own evaluation only, and two tabs never rewrite each other's:
// there is no list to rewrite, the list is the entries found. Each tab works on one evaluation (remembered for the
// tab in sessionStorage; the one last worked on in any tab is reopened on a new visit).
//
// Two tabs on one evaluation: every write carries a new revision and the one it replaced (its base). A tab writes
// only over the revision it last saw; otherwise another tab wrote since, and the store keeps this tab's form as a
// new evaluation rather than overwrite (Store.save). What storage could not take (full, or refused) stays here, in
// memory, shown in the list and retried with the next write; the store says so.
//
// A damaged value costs only itself: an entry that cannot be read is listed under its key and opens as a blank
// form (its stored text is kept aside, never overwritten); a form with no entry (an earlier version's loss) is
// listed as recovered. Earlier versions' storage (one autosave slot; a single index of every entry) is taken over.
//
// Names: one list serves both languages' pages. A name the reader typed is kept and shown as typed. A name the page
// made up ("Evaluation 3", "Recovered evaluation · …", "… (this tab's version · …)", "… (copy)") is kept as what it
// is, without words (Made: {new: 3}, {kept: {new: 3}, when: "…"}), and shown in the words of the page showing it;
// its entry's `name` holds it as the page that made it wrote it, for versions that know no Made. Names kept before
// (a plain text) that are exactly one of the page's made-up names, in either language, are taken as made up, once.

import { fill, wordsFor } from "./words.js";

const PREFIX = "tbsc55-calculator/v2/";
const ENTRY = PREFIX + "entry/";
const FORM = PREFIX + "form/";
const DAMAGED = PREFIX + "damaged/";
const LAST = PREFIX + "last";
const OLD_INDEX = PREFIX + "index";
const LEGACY = "tbsc55-calculator/v1";
const TAB = PREFIX + "tab"; // sessionStorage: this tab's evaluation
const NAMES = PREFIX + "names"; // "1": names kept before made-up names were kept as Made have been read as such
const DEPTH = 32; // a Made nested deeper (a copy of a copy of …) is kept as its text
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d$/; // a time as the page writes it in a name (localTime)

/**
 * A name the page made up: a new evaluation's number, when a form was recovered, an unreadable entry's id, when a
 * shared link was opened, this tab's version of another (and when), a copy of another, another numbered (2), (3)…
 * @typedef {{new: number} | {recovered: string} | {damaged: string} | {link: string} | {kept: Name, when: string}
 *   | {copy: Name} | {nth: Name, n: number}} Made
 * @typedef {string | Made} Name a name typed (as typed), or made up by the page (shown in the page's words)
 * @typedef {import("./words.js").Words} Words
 * @typedef {{name: string, created: string, updated: string, rev: string, base: string, made?: Made}} Meta
 * An evaluation as the list shows it: `name` in the page's words, `given` the name as kept.
 * @typedef {Meta & {id: string, damaged: boolean, unsaved: boolean, given: Name}} Entry
 * What another tab did to this tab's evaluation (Library.follow), or only to the list.
 * @typedef {{kind: "list"} | {kind: "changed", form: unknown} | {kind: "overwritten"} | {kind: "deleted"}} Outside
 */

/** Why an evaluation could not be written (storage full, or not allowed). */
export class StorageFailure extends Error {}

/** An id no other evaluation has: 96 random bits. */
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A revision: when, and a random part (two tabs writing within one millisecond differ). */
function newRev() {
  return `${Date.now().toString(36)}.${newId().slice(0, 8)}`;
}

function now() {
  return new Date().toISOString();
}

/** An entry that has no dates or revision of its own (not stored, or unreadable). @param {string} name
 * @returns {Meta} */
function blankMeta(name) {
  return { name, created: "", updated: "", rev: "", base: "" };
}

/** Is this a name the page made up, of a shape this version knows (not deeper than DEPTH)?
 * @param {unknown} value @returns {value is Made} */
export function isMade(value, depth = 0) {
  if (!value || typeof value !== "object" || Array.isArray(value) || depth > DEPTH) return false;
  const m = /** @type {Record<string, unknown>} */ (value);
  const keys = Object.keys(m).sort().join(",");
  const count = (/** @type {unknown} */ n) => Number.isSafeInteger(n) && /** @type {number} */ (n) > 0;
  const text = (/** @type {unknown} */ t) => typeof t === "string" && t.length <= 64;
  const name = (/** @type {unknown} */ n) => (typeof n === "string" ? n.length <= 500 : isMade(n, depth + 1));
  if (keys === "new") return count(m.new);
  if (keys === "recovered" || keys === "damaged" || keys === "link") return text(m[keys]);
  if (keys === "kept,when") return name(m.kept) && text(m.when);
  if (keys === "copy") return name(m.copy);
  if (keys === "n,nth") return name(m.nth) && count(m.n);
  return false;
}

/** The name a stored entry was given: what the page made up, else the text. @param {Meta} meta @returns {Name} */
function givenOf(meta) {
  return isMade(meta.made) ? meta.made : meta.name;
}

/** A made-up name's words, as one language's page writes them. @param {Words} W */
function nameWords(W) {
  return {
    new: (/** @type {number} */ n) => fill(W.libraryNewName, { n }),
    recovered: (/** @type {string} */ when) => fill(W.libraryRecoveredName, { when: when.slice(0, 16).replace("T", " ") }),
    damaged: (/** @type {string} */ id) => fill(W.libraryDamagedName, { id: id.slice(0, 8) }),
    link: (/** @type {string} */ when) => fill(W.openedName, { what: W.linkEntry, when }),
    kept: (/** @type {string} */ name, /** @type {string} */ when) => fill(W.libraryKeptName, { name, when }),
    copy: (/** @type {string} */ name) => fill(W.libraryCopyName, { name }),
  };
}

/** A name in one language's words. @param {Name} name @param {ReturnType<typeof nameWords>} W @returns {string} */
function labelled(name, W) {
  if (typeof name === "string") return name;
  if ("new" in name) return W.new(name.new);
  if ("recovered" in name) return W.recovered(name.recovered);
  if ("damaged" in name) return W.damaged(name.damaged);
  if ("link" in name) return W.link(name.link);
  if ("kept" in name) return W.kept(labelled(name.kept, W), name.when);
  if ("copy" in name) return W.copy(labelled(name.copy, W));
  return `${labelled(name.nth, W)} (${name.n})`;
}

/** The arguments of ``text`` if it is what ``words`` writes (one or two texts), else null.
 * @param {(a: string, b: string) => string} words @param {string} text @returns {string[] | null} */
function argumentsOf(words, text) {
  const [before, between, after] = words("\u0001", "\u0002").split(/[\u0001\u0002]/);
  if (after === undefined) {
    const ok = text.startsWith(before) && text.endsWith(between) && text.length > before.length + between.length;
    return ok ? [text.slice(before.length, text.length - between.length)] : null;
  }
  if (!text.startsWith(before) || !text.endsWith(after)) return null;
  const at = text.lastIndexOf(between, text.length - after.length - 1);
  return at > before.length ? [text.slice(before.length, at), text.slice(at + between.length, text.length - after.length)] : null;
}

/**
 * A name kept as text before Made existed: made up if it is exactly one of the made-up names of either language's
 * page ("评价 3" and "Evaluation 3" alike: {new: 3}), else the text itself. @param {string} text @returns {Name}
 */
export function readName(text, depth = 0) {
  if (depth > DEPTH) return text;
  for (const lang of /** @type {const} */ (["zh", "en"])) {
    const W = nameWords(wordsFor(lang));
    /** @type {(words: (a: string, b: string) => string) => string[] | null} */
    const args = (words) => argumentsOf(words, text);
    let a;
    if ((a = args((n) => W.new(/** @type {any} */ (n)))) && /^[1-9]\d{0,8}$/.test(a[0])) return { new: Number(a[0]) };
    if ((a = args(W.recovered)) && STAMP.test(a[0])) return { recovered: a[0].replace(" ", "T") };
    if ((a = args(W.damaged)) && /^[\w.-]{1,8}$/.test(a[0])) return { damaged: a[0] };
    if ((a = args(W.link)) && STAMP.test(a[0])) return { link: a[0] };
    if ((a = args(W.kept)) && STAMP.test(a[1])) return { kept: readName(a[0], depth + 1), when: a[1] };
    if ((a = args(W.copy))) return { copy: readName(a[0], depth + 1) };
  }
  const numbered = /^(.+) \(([2-9]|[1-9]\d{1,8})\)$/.exec(text);
  if (numbered) {
    const inner = readName(numbered[1], depth + 1);
    if (typeof inner !== "string") return { nth: inner, n: Number(numbered[2]) };
  }
  return text;
}

/** @param {unknown} value @returns {value is Meta} */
function isMeta(value) {
  if (!value || typeof value !== "object") return false;
  const m = /** @type {Record<string, unknown>} */ (value);
  return ["name", "created", "updated", "rev", "base"].every((k) => typeof m[k] === "string");
}

/** @param {string} text @returns {unknown} the JSON value, or undefined if the text is not JSON */
function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class Library {
  /**
   * @param {Words} words the page's words: names made up by the page are shown in them
   * @param {() => Storage} [storage] @param {() => Storage} [session]
   */
  constructor(words, storage = () => window.localStorage, session = () => window.sessionStorage) {
    this.words = nameWords(words);
    this.storage = storage;
    this.session = session;
    /** this tab's evaluation, and its name as this tab last knew it (what to call it once it is deleted) */
    this.id = "";
    /** @type {Name} */
    this.name = "";
    /** the revision of it this tab last read or wrote ("" before its first write) */
    this.rev = "";
    /** @type {Map<string, {meta: Meta, form?: unknown}>} what storage did not take: kept on this page */
    this.unsaved = new Map();
    this.damagedForm = false;
  }

  // --- names ----------------------------------------------------------------------------------------------------

  /** A name as this page shows it. @param {Name} name */
  label(name) {
    return labelled(name, this.words);
  }

  /** The name fields of an entry named ``name`` (Meta's `name` and `made`) over ``meta``.
   * @param {Meta} meta @param {Name} name @returns {Meta} */
  named(meta, name) {
    const { made: _, ...rest } = meta;
    return isMade(name) ? { ...rest, name: this.label(name), made: name } : { ...rest, name: this.label(name) };
  }

  /** ``name``, or ``name (2)``, ``name (3)``…: a name no evaluation of the list shows. @param {Name} name
   * @returns {Name} */
  unique(name) {
    const names = new Set(this.entries().map((e) => e.name));
    let unique = name;
    for (let n = 2; names.has(this.label(unique)); n++) unique = typeof name === "string" ? `${name} (${n})` : { nth: name, n };
    return unique;
  }

  // --- reading --------------------------------------------------------------------------------------------------

  /** @param {string} key @returns {string | null} */
  get(key) {
    try {
      return this.storage().getItem(key);
    } catch {
      return null; // storage refused: nothing stored can be read
    }
  }

  /** The stored entry of an evaluation: its meta, "damaged", or null (none). @param {string} id
   * @returns {Meta | "damaged" | null} */
  stored(id) {
    const text = this.get(ENTRY + id);
    if (text === null) return null;
    const value = parsed(text);
    return isMeta(value) ? value : "damaged";
  }

  /** An evaluation as the list shows it (null: there is none). @param {string} id @returns {Entry | null} */
  entry(id) {
    const shown = (/** @type {Meta} */ meta) => ({ ...meta, name: this.label(givenOf(meta)), given: givenOf(meta) });
    const unsaved = this.unsaved.get(id);
    if (unsaved) return { id, ...shown(unsaved.meta), damaged: false, unsaved: true };
    const meta = this.stored(id);
    if (meta === null) return null;
    if (meta === "damaged") return { id, ...shown(this.named(blankMeta(""), { damaged: id })), damaged: true, unsaved: false };
    return { id, ...shown(meta), damaged: false, unsaved: false };
  }

  /** This tab's evaluation. @returns {Entry} */
  current() {
    return this.entry(this.id) || { id: this.id, ...blankMeta(""), damaged: false, unsaved: true, given: "" };
  }

  /** Every evaluation, oldest first: those stored, and those only on this page. @returns {Entry[]} */
  entries() {
    /** @type {Set<string>} */
    const ids = new Set(this.unsaved.keys());
    try {
      const storage = this.storage();
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key && key.startsWith(ENTRY)) ids.add(key.slice(ENTRY.length));
      }
    } catch {
      // storage refused: only what is on this page
    }
    return [...ids]
      .map((id) => /** @type {Entry} */ (this.entry(id)))
      .filter(Boolean)
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  }

  /** The form of an evaluation (null: none, or unreadable). @param {string} id @returns {unknown} */
  read(id) {
    const unsaved = this.unsaved.get(id);
    if (unsaved && "form" in unsaved) return unsaved.form;
    const text = this.get(FORM + id);
    const value = text === null ? null : parsed(text);
    return value === undefined ? null : value;
  }

  // --- opening ---------------------------------------------------------------------------------------------------

  /**
   * Take over earlier versions' storage, repair what is damaged, and choose this tab's evaluation: the one this tab
   * had (a reload), else the one last worked on, else the most recent; null if there is none yet.
   * @returns {string | null}
   */
  open() {
    this.migrate();
    const candidates = [this.sessionGet(), this.get(LAST)];
    for (const id of candidates) if (id && this.stored(id) !== null) return this.select(id), id;
    const all = this.entries();
    if (all.length === 0) return null;
    const latest = all.reduce((a, b) => (b.updated > a.updated ? b : a));
    this.select(latest.id);
    return latest.id;
  }

  /** Earlier versions: the single index of every entry (v2), the one autosave slot (v1), forms with no entry, names
   * made up by the page kept as text. */
  migrate() {
    try {
      const storage = this.storage();
      const index = parsed(storage.getItem(OLD_INDEX) || "null");
      const listed = index && typeof index === "object" && Array.isArray(/** @type {any} */ (index).entries) ? /** @type {any} */ (index).entries : [];
      const t = now();
      for (const e of listed) {
        if (!e || typeof e.id !== "string" || typeof e.name !== "string" || !/^[\w.-]{1,64}$/.test(e.id)) continue;
        if (this.get(ENTRY + e.id) !== null) continue; // two entries with one id: the first is kept
        const when = typeof e.updated === "string" ? e.updated : t;
        this.put(ENTRY + e.id, JSON.stringify({ name: e.name, created: when, updated: when, rev: "0", base: "" }));
      }
      const legacy = storage.getItem(LEGACY);
      if (legacy !== null && parsed(legacy) !== undefined) {
        const id = newId();
        this.put(FORM + id, legacy);
        this.put(ENTRY + id, JSON.stringify(this.named({ name: "", created: t, updated: t, rev: "0", base: "" }, { recovered: t })));
        storage.removeItem(LEGACY);
      }
      // A form whose entry is gone (lost by an earlier version's list): listed again, never left unreachable.
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key || !key.startsWith(FORM)) continue;
        const id = key.slice(FORM.length);
        if (storage.getItem(ENTRY + id) === null) {
          this.put(ENTRY + id, JSON.stringify(this.named({ name: "", created: t, updated: t, rev: "0", base: "" }, { recovered: t })));
        }
      }
      storage.removeItem(OLD_INDEX);
      if (storage.getItem(NAMES) === null) {
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i);
          if (!key || !key.startsWith(ENTRY)) continue;
          const meta = parsed(storage.getItem(key) || "");
          if (!isMeta(meta) || meta.made !== undefined) continue;
          const name = readName(meta.name);
          if (typeof name !== "string") this.put(key, JSON.stringify({ ...meta, made: name })); // its text as it was
        }
        this.put(NAMES, "1");
      }
    } catch {
      // storage full or refused: taken over on a later visit
    }
  }

  /** @returns {string | null} */
  sessionGet() {
    try {
      return this.session().getItem(TAB);
    } catch {
      return null;
    }
  }

  /**
   * This tab now works on evaluation ``id`` (kept for the tab, and as the one last worked on).
   * @param {string} id
   */
  select(id) {
    this.id = id;
    /** its stored form is there but cannot be read: kept aside before the first write over it */
    this.damagedForm = !this.unsaved.has(id) && this.hasForm(id) && this.read(id) === null;
    this.name = this.current().given;
    const meta = this.stored(id);
    this.rev = meta && meta !== "damaged" ? meta.rev : (this.unsaved.get(id)?.meta.rev ?? "");
    try {
      this.session().setItem(TAB, id);
      this.storage().setItem(LAST, id);
    } catch {
      // not remembered: the next visit opens the most recent evaluation
    }
  }

  // --- writing ---------------------------------------------------------------------------------------------------

  /** @param {string} key @param {string} value */
  put(key, value) {
    try {
      this.storage().setItem(key, value);
    } catch (error) {
      throw new StorageFailure(String(error instanceof Error ? error.name || error.message : error));
    }
  }

  /**
   * Keep the form of this tab's evaluation, over the revision this tab last saw only. "kept": written;
   * "changed" or "deleted": another tab wrote or deleted it since (nothing written). Throws StorageFailure when
   * storage refuses (the form is then kept on this page, and written with the next write that succeeds).
   * @param {unknown} form @returns {"kept" | "changed" | "deleted"}
   */
  write(form) {
    const id = this.id;
    const stored = this.stored(id);
    const unsaved = this.unsaved.get(id);
    if (stored === null && (!unsaved || unsaved.meta.rev !== "")) return "deleted"; // "": not yet stored
    if (stored !== null && stored !== "damaged" && stored.rev !== this.rev) return "changed";
    /** @type {Meta} */
    let base;
    if (unsaved) base = unsaved.meta;
    else if (stored !== "damaged" && stored !== null) base = stored;
    else {
      this.keepAside(id);
      const t = now();
      base = this.named({ name: "", created: t, updated: t, rev: this.rev, base: "" }, { damaged: id.slice(0, 8) });
    }
    if (this.damagedForm) this.keepAside(id);
    this.damagedForm = false;
    const meta = { ...base, updated: now(), rev: newRev(), base: this.rev };
    this.unsaved.set(id, { meta: base, form }); // until both keys are written
    this.put(FORM + id, JSON.stringify(form));
    this.put(ENTRY + id, JSON.stringify(meta));
    this.unsaved.delete(id);
    this.rev = meta.rev;
    return "kept";
  }

  /**
   * Write what storage refused before (other evaluations than this tab's: its own is written by ``write``). One
   * that another tab changed or deleted meanwhile is written as a new evaluation, named by ``keptName``.
   * @param {(name: Name) => Name} keptName
   */
  retry(keptName) {
    for (const [id, kept] of [...this.unsaved]) {
      if (id === this.id) continue;
      const stored = this.stored(id);
      const moved = stored === null ? kept.meta.rev !== "" : stored !== "damaged" && stored.rev !== kept.meta.rev;
      try {
        if (!("form" in kept)) {
          if (stored !== null && stored !== "damaged") this.put(ENTRY + id, JSON.stringify(this.named(stored, givenOf(kept.meta))));
        } else if (moved) {
          const copy = newId();
          const t = now();
          this.put(FORM + copy, JSON.stringify(kept.form));
          const meta = { ...this.named(kept.meta, keptName(givenOf(kept.meta))), created: t, updated: t, rev: newRev(), base: "" };
          this.put(ENTRY + copy, JSON.stringify(meta));
        } else {
          this.put(FORM + id, JSON.stringify(kept.form));
          this.put(ENTRY + id, JSON.stringify({ ...kept.meta, updated: now(), rev: newRev(), base: kept.meta.rev }));
        }
        this.unsaved.delete(id);
      } catch {
        return; // still refused: tried again with the next write
      }
    }
  }

  /** Is there a stored form for evaluation ``id`` (readable or not)? @param {string} id */
  hasForm(id) {
    return this.get(FORM + id) !== null;
  }

  /** A damaged entry's stored text, moved aside before the evaluation is written again. @param {string} id */
  keepAside(id) {
    for (const key of [ENTRY + id, FORM + id]) {
      const text = this.get(key);
      if (text !== null && this.get(DAMAGED + key) === null) {
        try {
          this.storage().setItem(DAMAGED + key, text);
        } catch {
          // no room to keep it aside: it stays where it is
        }
      }
    }
  }

  /**
   * A new evaluation, made this tab's, holding ``form``; written at once (or kept on this page if storage
   * refuses: the store reports it). @param {Name} name @param {unknown} form
   */
  add(name, form) {
    const id = newId();
    const t = now();
    this.unsaved.set(id, { meta: this.named({ name: "", created: t, updated: t, rev: "", base: "" }, name), form });
    this.select(id);
    return id;
  }

  /** Rename this tab's evaluation (the revision stays: a rename changes no figure). @param {Name} name */
  rename(name) {
    this.name = name;
    const unsaved = this.unsaved.get(this.id);
    if (unsaved) unsaved.meta = this.named(unsaved.meta, name);
    const stored = this.stored(this.id);
    if (stored === null || stored === "damaged") return;
    try {
      this.put(ENTRY + this.id, JSON.stringify(this.named(stored, name)));
    } catch (error) {
      this.unsaved.set(this.id, { meta: this.named(stored, name), ...(unsaved && "form" in unsaved ? { form: unsaved.form } : {}) });
      throw error;
    }
  }

  /** Delete evaluation ``id`` (its form, and what was kept of it on this page). @param {string} id */
  remove(id) {
    this.unsaved.delete(id);
    try {
      this.storage().removeItem(FORM + id);
      this.storage().removeItem(ENTRY + id);
      if (this.storage().getItem(LAST) === id) this.storage().removeItem(LAST);
    } catch {
      // storage refused: nothing of it was stored
    }
  }

  // --- other tabs ------------------------------------------------------------------------------------------------

  /**
   * What a change made by another tab (a ``storage`` event's key) means for this tab: null if nothing; "list" if
   * only the list changed; "changed" with the form if this tab's evaluation was written by a tab that had seen
   * this tab's last write (this tab may take it); "overwritten" if it was written over a revision this tab never
   * saw (this tab's last write is no longer stored); "deleted".
   * @param {string | null} key null: the whole storage was cleared @returns {Outside | null}
   */
  follow(key) {
    if (key !== null && !key.startsWith(ENTRY)) return null;
    if (key !== null && key !== ENTRY + this.id) return { kind: "list" };
    const stored = this.stored(this.id);
    if (stored === null) return this.rev === "" ? null : { kind: "deleted" }; // "": never stored (a new evaluation)
    if (stored === "damaged" || stored.rev === this.rev) {
      this.name = stored === "damaged" ? this.name : givenOf(stored);
      return { kind: "list" }; // a rename, or our own write
    }
    if (stored.base === this.rev) {
      this.rev = stored.rev;
      return { kind: "changed", form: this.read(this.id) };
    }
    return { kind: "overwritten" };
  }
}
