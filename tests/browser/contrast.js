// WCAG 2.x contrast of a control as the browser paints it now (whatever state it is in: hover, focus, active…).
// Read by tests/browser/test_control_states.py and passed to page.evaluate with the control as its argument.
//
// The control's text colour (or, for a control drawn by an icon alone, the icon's fill) and its OWN effective
// background are composed through every ancestor: each background colour is laid over what lies under it, and each
// opacity blends its whole subtree with what lies under it (a disabled button at opacity 0.55 fades its text and
// its background alike). The page's canvas is white (the site has one colour scheme, a light one). Background
// images (gradients) are reported, not composed: the controls measured have none.
//
// The focus indicator: a drawn outline (or a box-shadow ring) against the background next to the control, which
// WCAG 2.4.13 / 1.4.11 ask to be at least 3:1.
(el) => {
  // The theme fades colours in 125–250 ms: the transitions under way are taken to their end at once.
  for (const a of document.getAnimations()) if (a instanceof CSSTransition) a.finish();
  const parse = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!m) return null;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  // `top` laid over the opaque colour `under`.
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const mix = (a, b, t) => ({ r: a.r * t + b.r * (1 - t), g: a.g * t + b.g * (1 - t), b: a.b * t + b.b * (1 - t), a: 1 });
  const luminance = (c) => {
    const lin = (v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  };
  const ratio = (x, y) => {
    const [l1, l2] = [luminance(x), luminance(y)].sort((a, b) => b - a);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const WHITE = { r: 255, g: 255, b: 255, a: 1 };

  // The chain of boxes from the root down to `node` (a dialog in the top layer is still inside <body>).
  const chain = (node) => {
    const out = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) out.unshift(n);
    return out;
  };
  const layer = (n) => {
    const s = getComputedStyle(n);
    return { bg: parse(s.backgroundColor) || { r: 0, g: 0, b: 0, a: 0 }, opacity: Number(s.opacity), image: s.backgroundImage };
  };
  // The colour a pixel of `top` (null: the background alone) drawn at the last box of `boxes` ends up as.
  const paint = (boxes, top) => {
    const go = (i, backdrop) => {
      const { bg, opacity } = layer(boxes[i]);
      const inside = over(bg, backdrop);
      const painted = i === boxes.length - 1 ? (top ? over(top, inside) : inside) : go(i + 1, inside);
      return mix(painted, backdrop, opacity);
    };
    return go(0, WHITE);
  };

  const style = getComputedStyle(el);
  const text = (el.innerText || el.value || "").trim();
  const icon = el.querySelector("svg");
  // A control drawn by an icon alone (search, language, close): the icon is a graphical object, 3:1 (1.4.11).
  const iconOnly = !text && icon;
  let fgSource = el;
  let fg = parse(style.color);
  if (iconOnly) {
    fgSource = icon;
    fg = parse(getComputedStyle(icon).fill) || fg;
  } else if (!text && style.content === "none") {
    // Material's copy button draws its icon as a mask filled with the background colour of a ::after box.
    const after = getComputedStyle(el, "::after");
    if (after.content !== "none") fg = parse(after.backgroundColor) || fg;
  }
  const boxes = chain(el);
  const fgBoxes = chain(fgSource);
  const bgPainted = paint(boxes, null);
  const fgPainted = paint(fgBoxes, fg);
  const size = parseFloat(style.fontSize);
  const bold = Number(style.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const visible =
    style.visibility !== "hidden" && style.display !== "none" && boxes.every((b) => Number(getComputedStyle(b).opacity) > 0);

  // The focus indicator, against what lies next to the control (its parent's background).
  const around = paint(boxes.slice(0, -1), null);
  let ring = null;
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
    const c = parse(style.outlineColor);
    if (c && c.a > 0) ring = { kind: "outline", color: hex(over(c, around)), ratio: ratio(over(c, around), around) };
  }
  if (!ring && style.boxShadow !== "none") {
    const c = parse(style.boxShadow);
    if (c && c.a > 0) {
      // An inset ring is drawn on the control's own background; an outer one next to it.
      const under = /inset/.test(style.boxShadow) ? bgPainted : around;
      ring = { kind: "box-shadow", color: hex(over(c, under)), ratio: ratio(over(c, under), under) };
    }
  }
  const images = boxes.map(layer).filter((l) => l.image !== "none" && !/^url\(/.test(l.image)).length;
  return {
    text: text.slice(0, 24),
    icon: Boolean(iconOnly),
    fg: hex(fgPainted),
    bg: hex(bgPainted),
    ratio: Math.round(ratio(fgPainted, bgPainted) * 100) / 100,
    needed: iconOnly ? 3 : large ? 3 : 4.5,
    visible,
    ring,
    gradients: images,
  };
}
