// What covers a focused element (WCAG 2.2 2.4.11, focus not obscured), as one line, or null. Points just inside
// each of the element's boxes (each line of a link that wraps) are looked at with elementFromPoint; a point counts
// as covered when what is drawn there is neither the element nor its label, and belongs to a box that stays put
// while the page scrolls (sticky or fixed: the theme's header, the result box, the compact result). A file input
// is drawn by its label.
//
// tests/browser/test_targets.py defines it on the page once (window.tbsc55Covered), then after each Tab asks it, in
// one round trip, whether the focus is still within the part of the page toured and what covers it.
() => {
  /** @param {Element | null} el */
  const check = (el) => {
    if (!el || el === document.body || el === document.documentElement) return null;
    if (el instanceof HTMLInputElement && el.type === "file" && el.labels && el.labels[0]) el = el.labels[0];
    const focused = el;
    const own = (/** @type {Element} */ at) =>
      focused.contains(at) || at.contains(focused) ||
      (focused instanceof HTMLInputElement || focused instanceof HTMLSelectElement
        ? [...(focused.labels || [])].some((label) => label.contains(at))
        : false);
    const stays = (/** @type {Element | null} */ at) => {
      for (let e = at; e && e !== document.documentElement; e = e.parentElement) {
        const position = getComputedStyle(e).position;
        if (position === "sticky" || position === "fixed") return e;
      }
      return null;
    };
    const name = (/** @type {Element} */ e) =>
      e.tagName.toLowerCase() + (e.id ? `#${e.id}` : "") + (e.classList.length ? `.${[...e.classList].join(".")}` : "");
    const boxes = [...el.getClientRects()].filter((box) => box.width >= 1 && box.height >= 1);
    if (boxes.length && boxes.every((box) => box.bottom <= 0 || box.top >= innerHeight)) {
      return `${name(el)} at y=${Math.round(boxes[0].top)} is out of view`;
    }
    // A box taller than half the window (a table's scrolling region) need only show part of itself (2.4.11 asks
    // that it not be entirely hidden): its middle.
    const tall = (/** @type {DOMRect} */ box) => box.height > innerHeight / 2;
    for (const box of boxes) {
      const inset = Math.min(3, box.width / 4, box.height / 4);
      const points = tall(box) ? [[box.left + box.width / 2, Math.max(box.top, 0) + (Math.min(box.bottom, innerHeight) - Math.max(box.top, 0)) / 2]] : [
        [box.left + inset, box.top + inset],
        [box.right - inset, box.top + inset],
        [box.left + box.width / 2, box.top + box.height / 2],
        [box.left + inset, box.bottom - inset],
        [box.right - inset, box.bottom - inset],
      ];
      for (const [x, y] of points) {
        if (y < 0 || y >= innerHeight || x < 0 || x >= innerWidth) continue; // off screen: another check's business
        const at = document.elementFromPoint(x, y);
        if (!at || own(at)) continue;
        const cover = stays(at);
        if (cover && !cover.contains(focused)) {
          const text = (el.textContent || "").trim().slice(0, 24);
          return `${name(el)} "${text}" at y=${Math.round(box.top)} is under ${name(cover)}`;
        }
      }
    }
    return null;
  };
  /** Is the focused element still within `selector`, and what covers it. @param {string} selector */
  const read = (selector) => {
    const el = document.activeElement;
    return { inside: el !== null && el.closest(selector) !== null, line: check(el) };
  };
  Object.defineProperty(window, "tbsc55Covered", { value: read, configurable: true });
}
