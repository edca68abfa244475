// @ts-check
// The address bar: its fragment is the evaluation string of the result shown (the link to share), and the language
// switch's links carry it to the same evaluation in the other language. A form that is not complete and valid has
// no evaluation string: the fragment is removed, never left to describe another form.

/** The compact evaluation string of an address (ASCII: the engine percent-encodes free text); "" for none.
 * @param {string} hash */
export function fragmentOf(hash) {
  return hash && hash.length > 1 ? hash.slice(1) : "";
}

export class Address {
  constructor() {
    this.languageLinks = [...document.querySelectorAll("a.md-select__link[hreflang]")].map((a) => ({
      a,
      base: (a.getAttribute("href") || "").split("#")[0],
    }));
  }

  /** The evaluation string in the address bar (null: none, the form is incomplete). @param {string | null} vector */
  show(vector) {
    const url = location.pathname + location.search + (vector ? "#" + vector : "");
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    this.followLanguage();
  }

  /** The language links take the fragment as it is. */
  followLanguage() {
    for (const { a, base } of this.languageLinks) a.setAttribute("href", base + location.hash);
  }

  clear() {
    history.replaceState(null, "", location.pathname + location.search);
  }

  /** Is this the address of that evaluation? @param {string} vector */
  holds(vector) {
    return location.hash === "#" + vector;
  }
}
