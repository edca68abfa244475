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

const PREFIX = "tbsc55-calculator/v2/";
const ENTRY = PREFIX + "entry/";
const FORM = PREFIX + "form/";
const DAMAGED = PREFIX + "damaged/";
const LAST = PREFIX + "last";
const OLD_INDEX = PREFIX + "index";
const LEGACY = "tbsc55-calculator/v1";
const TAB = PREFIX + "tab"; // sessionStorage: this tab's evaluation

/**
 * @typedef {{name: string, created: string, updated: string, rev: string, base: string}} Meta
 * @typedef {Meta & {id: string, damaged: boolean, unsaved: boolean}} Entry
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
   * @param {{recovered: (when: string) => string, damaged: (key: string) => string}} names names of entries the
   * library makes itself, in the page's language
   * @param {() => Storage} [storage] @param {() => Storage} [session]
   */
  constructor(names, storage = () => window.localStorage, session = () => window.sessionStorage) {
    this.names = names;
    this.storage = storage;
    this.session = session;
    /** this tab's evaluation, and its name as this tab last knew it (what to call it once it is deleted) */
    this.id = "";
    this.name = "";
    /** the revision of it this tab last read or wrote ("" before its first write) */
    this.rev = "";
    /** @type {Map<string, {meta: Meta, form?: unknown}>} what storage did not take: kept on this page */
    this.unsaved = new Map();
    this.damagedForm = false;
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
    const unsaved = this.unsaved.get(id);
    if (unsaved) return { id, ...unsaved.meta, damaged: false, unsaved: true };
    const meta = this.stored(id);
    if (meta === null) return null;
    if (meta === "damaged") return { id, ...blankMeta(this.names.damaged(id)), damaged: true, unsaved: false };
    return { id, ...meta, damaged: false, unsaved: false };
  }

  /** This tab's evaluation. @returns {Entry} */
  current() {
    return this.entry(this.id) || { id: this.id, ...blankMeta(""), damaged: false, unsaved: true };
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

  /** Earlier versions: the single index of every entry (v2), the one autosave slot (v1), forms with no entry. */
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
        this.put(ENTRY + id, JSON.stringify({ name: this.names.recovered(t), created: t, updated: t, rev: "0", base: "" }));
        storage.removeItem(LEGACY);
      }
      // A form whose entry is gone (lost by an earlier version's list): listed again, never left unreachable.
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key || !key.startsWith(FORM)) continue;
        const id = key.slice(FORM.length);
        if (storage.getItem(ENTRY + id) === null) {
          this.put(ENTRY + id, JSON.stringify({ name: this.names.recovered(t), created: t, updated: t, rev: "0", base: "" }));
        }
      }
      storage.removeItem(OLD_INDEX);
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
    this.name = this.current().name;
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
      base = { name: this.names.damaged(id), created: t, updated: t, rev: this.rev, base: "" };
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
   * @param {(name: string) => string} keptName
   */
  retry(keptName) {
    for (const [id, kept] of [...this.unsaved]) {
      if (id === this.id) continue;
      const stored = this.stored(id);
      const moved = stored === null ? kept.meta.rev !== "" : stored !== "damaged" && stored.rev !== kept.meta.rev;
      try {
        if (!("form" in kept)) {
          if (stored !== null && stored !== "damaged") this.put(ENTRY + id, JSON.stringify({ ...stored, name: kept.meta.name }));
        } else if (moved) {
          const copy = newId();
          const t = now();
          this.put(FORM + copy, JSON.stringify(kept.form));
          const meta = { ...kept.meta, name: keptName(kept.meta.name), created: t, updated: t, rev: newRev(), base: "" };
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
   * refuses: the store reports it). @param {string} name @param {unknown} form
   */
  add(name, form) {
    const id = newId();
    const t = now();
    this.unsaved.set(id, { meta: { name, created: t, updated: t, rev: "", base: "" }, form });
    this.select(id);
    return id;
  }

  /** Rename this tab's evaluation (the revision stays: a rename changes no figure). @param {string} name */
  rename(name) {
    this.name = name;
    const unsaved = this.unsaved.get(this.id);
    if (unsaved) unsaved.meta = { ...unsaved.meta, name };
    const stored = this.stored(this.id);
    if (stored === null || stored === "damaged") return;
    try {
      this.put(ENTRY + this.id, JSON.stringify({ ...stored, name }));
    } catch (error) {
      this.unsaved.set(this.id, { meta: { ...stored, name }, ...(unsaved && "form" in unsaved ? { form: unsaved.form } : {}) });
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
      this.name = stored === "damaged" ? this.name : stored.name;
      return { kind: "list" }; // a rename, or our own write
    }
    if (stored.base === this.rev) {
      this.rev = stored.rev;
      return { kind: "changed", form: this.read(this.id) };
    }
    return { kind: "overwritten" };
  }
}
