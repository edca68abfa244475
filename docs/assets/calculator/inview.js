// @ts-check
// What takes the focus is never hidden under what stays at the top of the window (WCAG 2.2 2.4.11): the theme's
// header, the result box that stays in view on a wide screen, the compact result of a phone. The page's scroll
// padding is the height they cover, measured as they change size (an error list opens, a phone turns); the browser
// then scrolls a control that takes the focus, by Tab or Shift+Tab, to below them.

/** @param {HTMLElement[]} boxes the page's boxes that may stay at the top (sticky or fixed, by the style sheet) */
export function keepFocusInView(boxes) {
  const root = document.documentElement;
  const header = /** @type {HTMLElement | null} */ (document.querySelector(".md-header"));
  const measure = () => {
    let covered = header ? header.offsetHeight : 0;
    for (const box of boxes) {
      const style = getComputedStyle(box);
      if (style.display === "none" || (style.position !== "sticky" && style.position !== "fixed")) continue;
      covered = Math.max(covered, (parseFloat(style.top) || 0) + box.offsetHeight);
    }
    root.style.setProperty("--site-covered", `${Math.ceil(covered)}px`);
  };
  // A ResizeObserver reports each box once as it starts observing it, after the page's next layout and before its
  // paint: the first measure needs no layout of its own (a forced one cost the first result ~50 ms).
  const observer = new ResizeObserver(measure);
  for (const box of header ? [header, ...boxes] : boxes) observer.observe(box);
  // A media query moves a box in or out of the top (the result box is not sticky on a phone) without resizing it.
  window.addEventListener("resize", measure);
}
