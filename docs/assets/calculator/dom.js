// @ts-check
// Small DOM helpers for the calculator: text always as text, never as HTML.

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Child | Child[]} Children
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * An element with attributes, event handlers (on…) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Children | Children[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(2)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * The children that are there (null, undefined and false dropped), for replaceChildren.
 * @param {Child[]} children @returns {(Node | string)[]}
 */
export function present(children) {
  /** @type {(Node | string)[]} */
  const found = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    found.push(child instanceof Node ? child : String(child));
  }
  return found;
}

/**
 * A link to the site (hrefs from the engine are relative to the language root; this page is <lang>/calculator/).
 * @param {string} href @param {Children} text @param {Attrs} [attrs]
 */
export function siteLink(href, text, attrs = {}) {
  return h("a", { href: `../${href}`, ...attrs }, text);
}

/**
 * "(5.1, appendix 1)" with each reference a link.
 * @param {[string, string, string]} marks the opening, separating and closing marks of the page's language
 * @param {...[string, string]} links [href, text]
 */
export function refs(marks, ...links) {
  const [open, sep, close] = marks;
  /** @type {Child[]} */
  const parts = [open];
  links.forEach(([href, text], i) => parts.push(...(i ? [sep] : []), siteLink(href, text)));
  parts.push(close);
  return h("small", { class: "calc-refs" }, parts);
}

/** Today in the user's time zone, as the report states it (YYYY-MM-DD). */
/** A link within the page that moves the focus to its target without touching the address bar (its fragment is
 * the evaluation's). @param {string} target an element's id @param {Children[]} content
 * @param {Record<string, string>} [attrs] */
export function jumpLink(target, content, attrs = {}) {
  return h(
    "a",
    {
      ...attrs,
      href: `#${target}`,
      onclick: (/** @type {Event} */ event) => {
        event.preventDefault();
        const el = document.getElementById(target);
        if (!el) return;
        el.scrollIntoView({ block: "start" });
        el.focus({ preventScroll: true });
      },
    },
    ...content,
  );
}

export function localDate(now = new Date()) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The time now in the user's time zone, as the list of evaluations names things: YYYY-MM-DD HH:MM. */
export function localTime(now = new Date()) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${localDate(now)} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** Offers a file for download (a JSON evaluation, a report). @param {string} text @param {string} type @param {string} name */
export function download(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** An element id from parts (a path, an item id …). @param {...(string | number)} parts */
export const fieldId = (...parts) => "calc-" + parts.join("-").replace(/[^A-Za-z0-9-]/g, "_");

/**
 * A field's path as the engine's errors name it, from a path format of the form model ("…[{rater}]…").
 * @param {string} format @param {Record<string, string | number>} values
 */
export const fieldPath = (format, values) => format.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));

/**
 * A file input (hidden; its <label> is the button) that hands the chosen file on and is emptied, so that the same
 * file can be chosen again. @param {{id: string, accept: string, testid: string, describedby?: string}} what
 * @param {(file: File) => void} chosen
 */
export function fileInput(what, chosen) {
  return h("input", {
    type: "file",
    accept: what.accept,
    id: what.id,
    class: "calc-file",
    "data-testid": what.testid,
    "aria-describedby": what.describedby,
    onchange: (/** @type {Event} */ event) => {
      const target = /** @type {HTMLInputElement} */ (event.target);
      const file = target.files && target.files[0];
      target.value = "";
      if (file) chosen(file);
    },
  });
}

/**
 * Fill a <select> with evaluations when it is about to be used; until then it holds the one it shows.
 * @param {HTMLSelectElement} select @param {() => {id: string, name: string}[]} list
 */
export function lazyOptions(select, list) {
  const fill = () => {
    if (select.dataset.filled === "true") return;
    const chosen = select.value;
    select.replaceChildren(...list().map((e) => h("option", { value: e.id, selected: e.id === chosen }, e.name)));
    select.value = chosen;
    select.dataset.filled = "true";
  };
  for (const type of ["focus", "pointerdown", "keydown", "mousedown"]) select.addEventListener(type, fill);
  return fill;
}
