// @ts-check
// The evaluations kept in this browser: a list of named forms in localStorage (one origin, so both languages of the
// site see the same list), the one last worked on reopened on return. Nothing leaves the device. Storage that is
// full or refused (a private window) is reported by the store, never a reason to lose the form on the page.
// A form autosaved by the calculator before the list existed (one slot, "tbsc55-calculator/v1") becomes its first
// entry.

const INDEX = "tbsc55-calculator/v2/index";
const FORM = "tbsc55-calculator/v2/form/";
const LEGACY = "tbsc55-calculator/v1";

/**
 * @typedef {{id: string, name: string, updated: string}} Entry
 * @typedef {{current: string, entries: Entry[]}} Index
 */

/** Why the list could not be read or written (storage full, or not allowed). */
export class StorageFailure extends Error {}

/** @param {unknown} value @returns {value is Index} */
function isIndex(value) {
  if (!value || typeof value !== "object") return false;
  const index = /** @type {{current?: unknown, entries?: unknown}} */ (value);
  return (
    typeof index.current === "string" &&
    Array.isArray(index.entries) &&
    index.entries.every((e) => e && typeof e.id === "string" && typeof e.name === "string" && typeof e.updated === "string")
  );
}

export class Library {
  /** @param {string} firstName the name of the first entry (in the page's language) @param {() => Storage} [storage] */
  constructor(firstName, storage = () => window.localStorage) {
    this.storage = storage;
    /** @type {Index} */
    this.index = { current: "", entries: [] };
    this.firstName = firstName;
  }

  /**
   * The form last worked on (null: none yet), reading or making the list; an old autosaved form becomes its first
   * entry. @returns {unknown}
   */
  open() {
    let saved = null;
    try {
      const index = JSON.parse(this.storage().getItem(INDEX) || "null");
      if (isIndex(index) && index.entries.some((e) => e.id === index.current)) {
        this.index = index;
        return JSON.parse(this.storage().getItem(FORM + index.current) || "null");
      }
      saved = JSON.parse(this.storage().getItem(LEGACY) || "null");
    } catch {
      // unreadable or refused storage: a list of one, kept on this page
    }
    const id = newId();
    this.index = { current: id, entries: [{ id, name: this.firstName, updated: now() }] };
    if (saved !== null) {
      try {
        this.write(saved);
        this.storage().removeItem(LEGACY); // migrated: the list holds it now
      } catch {
        // kept in the old slot until it can be written
      }
    }
    return saved;
  }

  /** @returns {Entry} */
  current() {
    return /** @type {Entry} */ (this.index.entries.find((e) => e.id === this.index.current));
  }

  /** Keep the form of the current entry. @param {unknown} form */
  write(form) {
    const entry = this.current();
    entry.updated = now();
    this.put(FORM + entry.id, JSON.stringify(form));
    this.put(INDEX, JSON.stringify(this.index));
  }

  /** The form of an entry. @param {string} id @returns {unknown} */
  read(id) {
    try {
      return JSON.parse(this.storage().getItem(FORM + id) || "null");
    } catch {
      return null;
    }
  }

  /** A new entry, made current (its form is written by the store). @param {string} name */
  add(name) {
    const id = newId();
    this.index.entries.push({ id, name, updated: now() });
    this.index.current = id;
    return id;
  }

  /** @param {string} id */
  select(id) {
    if (this.index.entries.some((e) => e.id === id)) this.index.current = id;
    try {
      this.put(INDEX, JSON.stringify(this.index));
    } catch {
      // the store's next save reports it
    }
  }

  /** @param {string} name */
  rename(name) {
    this.current().name = name;
    this.put(INDEX, JSON.stringify(this.index));
  }

  /** Delete the current entry; the next becomes current (null: none is left). @returns {string | null} */
  remove() {
    const gone = this.index.current;
    const at = this.index.entries.findIndex((e) => e.id === gone);
    this.index.entries.splice(at, 1);
    const next = this.index.entries[Math.min(at, this.index.entries.length - 1)];
    this.index.current = next ? next.id : "";
    try {
      this.storage().removeItem(FORM + gone);
    } catch {
      // already unreadable
    }
    if (next) this.put(INDEX, JSON.stringify(this.index));
    return next ? next.id : null;
  }

  /** @param {string} key @param {string} value */
  put(key, value) {
    try {
      this.storage().setItem(key, value);
    } catch (error) {
      throw new StorageFailure(String(error instanceof Error ? error.name || error.message : error));
    }
  }
}

function now() {
  return new Date().toISOString();
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
