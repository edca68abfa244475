// WCAG 2.2 2.5.8 Target Size (Minimum), measured on the page as laid out: every target is at least 24 × 24 CSS px,
// or meets the spacing exception (a 24 px circle centred on it meets no other target, nor another small target's
// circle), or is a link inside a sentence (the inline exception). Returns one line per target that fails.
// Read by tests/browser/test_targets.py and passed to page.evaluate.
() => {
  const MIN = 24;
  const SELECTOR = [
    "a[href]",
    "button",
    "input:not([type=hidden])",
    "select",
    "textarea",
    "summary",
    "label.md-button",
    "[role=button]",
    "[role=radio]",
    "[role=tab]",
    "[tabindex]:not([tabindex='-1'])",
  ].join(",");

  const modal = document.querySelector(":modal"); // an open modal dialog: the rest of the page is inert

  /**
   * Drawn, not visually hidden (the 1 px clip pattern of a file input behind its label), not inert, and wholly in
   * the part of every scrolling ancestor that shows (a sidebar's links scrolled out of its box are not there to be
   * clicked until they are scrolled back, and then this measures them), and not off the screen's sides (a closed
   * drawer).
   */
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    if (el.closest("[inert]") || (modal && !modal.contains(el))) return false;
    if (r.right <= 0 || r.left >= document.documentElement.clientWidth) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
      if (e !== el && e !== document.documentElement && e !== document.body && s.overflow !== "visible") {
        const box = e.getBoundingClientRect();
        if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5) {
          return false;
        }
      }
    }
    return true;
  };

  /** A link within a sentence: inline, in a block whose text is more than its links' text. */
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    if (!block) return false;
    const own = [...block.querySelectorAll("a, button")].reduce((n, a) => n + a.textContent.trim().length, 0);
    return block.textContent.trim().length > own;
  };

  const label = (el) => {
    const name = el.getAttribute("data-testid") || el.id || el.className || "";
    const text = (el.textContent || el.getAttribute("aria-label") || el.value || "").trim().replace(/\s+/g, " ");
    return `<${el.tagName.toLowerCase()}> ${String(name).slice(0, 60)} "${text.slice(0, 30)}"`;
  };

  const targets = [...document.querySelectorAll(SELECTOR)]
    .filter(shown)
    .filter((el) => !inSentence(el))
    .map((el) => ({ el, r: el.getBoundingClientRect() }));
  // One target inside another (a label's own input, a link inside a button) is the same target.
  const related = (a, b) => a.el.contains(b.el) || b.el.contains(a.el);
  const small = (t) => t.r.width < MIN - 0.01 || t.r.height < MIN - 0.01;
  const centre = (t) => [t.r.left + t.r.width / 2, t.r.top + t.r.height / 2];
  const distanceToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));

  const failures = [];
  for (const t of targets) {
    if (!small(t)) continue;
    const c = centre(t);
    for (const other of targets) {
      if (other === t || related(t, other)) continue;
      const d = small(other) ? Math.hypot(c[0] - centre(other)[0], c[1] - centre(other)[1]) : distanceToRect(c, other.r);
      if (d < (small(other) ? MIN : MIN / 2) - 0.01) {
        failures.push(
          `${label(t.el)} is ${t.r.width.toFixed(1)} × ${t.r.height.toFixed(1)} px, ${d.toFixed(1)} px from ${label(other.el)}`,
        );
        break;
      }
    }
  }
  return failures;
};
