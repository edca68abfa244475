// @ts-check
// Wide tables on a narrow screen: the theme puts every table of the text in a box that scrolls sideways
// (.md-typeset__scrollwrap). A box that does scroll is made a keyboard stop and a named region, so that its hidden
// columns can be reached without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable), and is marked
// data-scrolls for the stylesheet's cue that there is more to the side. Checked again when a box or its table
// changes size (the window's width, the fonts arriving, a table laid out late): a table that fits is no stop.

const BOXES = ".md-typeset .md-typeset__scrollwrap";

/** The table's name for a screen reader: its caption or title, else the heading it follows. @param {Element} box */
function nameOf(box) {
  const caption = box.querySelector("caption");
  if (caption && caption.textContent) return caption.textContent.trim();
  // A table's title: the paragraph before it, marked as one, or all in bold.
  const title = box.previousElementSibling;
  const text = (title?.textContent || "").replace("¶", "").trim();
  const bold = title?.children.length === 1 && title.children[0].tagName === "STRONG";
  if (title && title.tagName === "P" && text && (title.classList.contains("table-title") || (bold && title.children[0].textContent?.trim() === text))) {
    return text;
  }
  for (let e = box.previousElementSibling; e; e = e.previousElementSibling) {
    if (/^H[1-6]$/.test(e.tagName)) return (e.textContent || "").replace("¶", "").trim();
  }
  return document.title;
}

/** Is the box scrolled to its right end? (The stylesheet's cue fades the right edge until it is.) @param {Element} box */
function atEnd(box) {
  box.toggleAttribute("data-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
}

/** @type {WeakSet<Element>} boxes whose scrolling is followed */
const watched = new WeakSet();
/** @type {WeakSet<Element>} boxes (and their tables) whose size is followed */
const sized = new WeakSet();
const resized = new ResizeObserver(() => markSoon());

function mark() {
  for (const box of document.querySelectorAll(BOXES)) {
    for (const part of [box, box.firstElementChild]) {
      if (!part || sized.has(part)) continue;
      sized.add(part);
      resized.observe(part);
    }
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("data-scrolls")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", nameOf(box));
      box.setAttribute("data-scrolls", "");
      if (!watched.has(box)) box.addEventListener("scroll", () => atEnd(box), { passive: true });
      watched.add(box);
    } else if (!scrolls && box.hasAttribute("data-scrolls")) {
      for (const name of ["tabindex", "role", "aria-label", "data-scrolls"]) box.removeAttribute(name);
    }
    if (scrolls) atEnd(box);
  }
}

/** @type {number | undefined} */
let pending;
function markSoon() {
  if (pending === undefined) pending = requestAnimationFrame(() => ((pending = undefined), mark()));
}

// The theme wraps the tables when its own script has run (document$ is its page-loaded stream).
/** @type {{document$?: {subscribe: (f: () => void) => unknown}}} */
const theme = /** @type {any} */ (window);
if (theme.document$) theme.document$.subscribe(markSoon);
window.addEventListener("load", markSoon);
window.addEventListener("resize", markSoon);
