"""Issue 20, point 1: every kind of control is readable in every state — at rest, hovered, focused from the
keyboard, pressed (mouse button down) and disabled — which axe does not test (it sees the page at rest).

One representative of each kind of control is put in each state and measured where it stands
(tests/browser/contrast.js): the contrast of its text (an icon: its fill) with its OWN background as painted, each
ancestor's background and opacity composed, at least 4.5:1 (3:1 for large text and for icons, WCAG 1.4.3 and
1.4.11); a disabled control is held to the same, as the issue asks it to be readable (WCAG exempts it); and when
focused from the keyboard, a focus indicator (outline or ring) of at least 3:1 against what lies next to it
(2.4.13, 1.4.11). The calculator (without its engine: what is measured needs no result), a
specification page at 1280 px and one at 390 px (its table's scrolling region, the phone's header), and the search
dialog. The site offers one colour scheme (mkdocs.yml: palette `default`, no toggle); forced colours (Windows'
high contrast) are checked by the last test: the states the page shows by colour alone keep a cue there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import PHONE, Outside, new_context, watched_page
from .test_calculator import goto
from .test_calculator_store import without_engine

CONTRAST = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")
FOCUS_RING = 3.0  # WCAG 1.4.11 / 2.4.13: the indicator against what is next to it
AWAY = (-5, -5)  # the mouse off the page: nothing hovered


@dataclass(frozen=True)
class Kind:
    """A kind of control: the first visible element matching ``selector`` stands for all of them."""

    name: str
    selector: str
    disabled: bool = False
    # Shown only when hovered or focused (the "¶" permalink, the skip link, the language list): invisible at rest.
    on_demand: bool = False
    # The element that takes the keyboard focus for it (a file input behind its label), and the element whose
    # outline or ring shows that focus (the search box's form), when not the control itself.
    focus: str | None = None
    ring: str | None = None
    # Hovered first (the language list opens under its button).
    via: str | None = None
    states: tuple[str, ...] = ("rest", "hover", "focus-visible", "active")
    prepare: Callable[[Page], None] | None = field(default=None, compare=False)


def away(page: Page) -> None:
    page.mouse.move(*AWAY)
    page.evaluate("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()")


def pointer_on(page: Page, el: Locator, via: str | None) -> str | None:
    """The mouse over the middle of the part of the element on the screen (after ``via``'s); None when it is
    hovered, else what lies on top of it."""
    if via:
        pointer_on(page, page.locator(via).first, None)
    el.scroll_into_view_if_needed()
    covered = None
    for _ in range(3):  # a page still scrolling (or laid out anew) moves the element under the mouse: again
        box = el.evaluate(
            """(e) => {
              const r = e.getBoundingClientRect();
              const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
              const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
              return [(left + right) / 2, (top + bottom) / 2];
            }"""
        )
        page.mouse.move(box[0], box[1])
        covered = el.evaluate(
            """async (e, [x, y]) => {
              if (e.matches(':hover')) return null;
              await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
              const top = document.elementFromPoint(x, y);
              if (!top) return 'nothing';
              return [top.tagName.toLowerCase(), ...top.classList].join('.');
            }""",
            box,
        )
        if covered is None:
            break
    return covered


def measure(el: Locator) -> dict[str, Any]:
    return el.evaluate(CONTRAST)  # type: ignore[no-any-return]


def put_in_state(page: Page, el: Locator, kind: Kind, state: str) -> tuple[str | None, dict[str, Any] | None]:
    """The control put in ``state`` (the mouse button left down for "active"): what went wrong, if anything, and
    the focus ring (for "focus-visible")."""
    if state in ("hover", "disabled, hovered", "active"):
        covered = pointer_on(page, el, kind.via)
        if covered:
            return f"under {covered}, the mouse cannot reach it", None
        if state == "active":
            page.mouse.down()
    elif state == "focus-visible":
        page.keyboard.press("Shift")  # the keyboard was used last: a focus the browser shows
        target = page.locator(kind.focus).first if kind.focus else el
        target.focus()
        if not target.evaluate("(e) => e.matches(':focus-visible')"):
            return "does not take the keyboard focus", None
        return None, measure(page.locator(kind.ring).first if kind.ring else el)["ring"]
    return None, None


def judge(label: str, got: dict[str, Any], state: str, ring: dict[str, Any] | None) -> list[str]:
    found = []
    if got["ratio"] < got["needed"]:
        found.append(f"{label}: {got['fg']} on {got['bg']} = {got['ratio']}:1 < {got['needed']}:1")
    if state == "focus-visible":
        if ring is None:
            found.append(f"{label}: no focus indicator (outline or ring)")
        elif ring["ratio"] < FOCUS_RING:
            found.append(
                f"{label}: focus {ring['kind']} {ring['color']} = {ring['ratio']:.2f}:1 with what is next to it"
                f" < {FOCUS_RING}:1"
            )
    return found


def check_kind(page: Page, where: str, kind: Kind) -> list[str]:
    """One line per state in which the control is not readable or its focus not seen."""
    if kind.prepare:
        kind.prepare(page)
    el = page.locator(kind.selector).first
    if el.count() == 0:
        return [f"{where}: {kind.name}: nothing matches {kind.selector}"]
    if kind.disabled and not el.is_disabled():
        return [f"{where}: {kind.name}: {kind.selector} is not disabled"]
    states = ("disabled", "disabled, hovered") if kind.disabled else kind.states
    found: list[str] = []
    for state in states:
        away(page)
        problem, ring = put_in_state(page, el, kind, state)
        if problem:
            found.append(f"{where}: {kind.name} [{state}]: {problem}")
            continue
        got = measure(el)
        if state == "active":
            page.mouse.move(*AWAY)  # released elsewhere: no click
            page.mouse.up()
        label = f"{where}: {kind.name} [{state}] {got['text']!r}"
        if got["visible"]:
            found += judge(label, got, state, ring)
        elif not (kind.on_demand and state in ("rest", "hover")):
            found.append(f"{label}: not shown")
    away(page)
    return found


def check_all(page: Page, where: str, kinds: list[Kind]) -> list[str]:
    found: list[str] = []
    for kind in kinds:
        found += check_kind(page, where, kind)
    return found


# --- the calculator ---------------------------------------------------------------------------------------------


def choose_a_pick(page: Page) -> None:
    page.locator(".calc-pick").first.click()
    expect(page.locator('.calc-pick[aria-checked="true"]')).to_have_count(1)


def second_rater(page: Page) -> None:
    if page.locator(".calc-remove:not(:disabled)").count() == 0:
        page.click(".calc-add")
    expect(page.locator(".calc-remove:not(:disabled)").first).to_be_visible()


def raters_by_pages(page: Page) -> None:
    """More raters than the form draws open: the list goes by pages, with its pager."""
    while page.locator(".calc-pager").count() == 0:
        page.click(".calc-add")


CALCULATOR = [
    Kind("toolbar button", '[data-testid="copy-link"]'),
    Kind("reset button", '[data-testid="reset"]'),
    Kind("label as a button", 'label.md-button[for="calc-open-file"]', focus="#calc-open-file"),
    Kind("disabled save", '[data-testid="save"]', disabled=True),
    Kind("disabled report", '[data-testid="print-report"]', disabled=True),
    Kind("list button", '[data-testid="library-new"]'),
    Kind("list select", '[data-testid="library-select"]'),
    Kind("compare button", '[data-testid="compare-run"]'),
    Kind("compare text", '[data-testid="compare-text"]'),
    Kind("skip link", ".calc-skip a"),
    Kind("details summary", ".calc-alpha-help > summary"),
    Kind("rater toggle", ".calc-toggle"),
    Kind("disabled remove", ".calc-remove", disabled=True),
    Kind("item link", "a.calc-num"),
    Kind("α field", ".calc-alpha"),
    Kind("quick pick", '.calc-pick:not([aria-checked="true"])'),
    Kind("quick pick, chosen", '.calc-pick[aria-checked="true"]', prepare=choose_a_pick),
    Kind("appendix 4 link", "a.calc-a4"),
    Kind("level select", ".calc-level"),
    Kind("requirement at hand", ".calc-clause details.calc-req > summary"),
    Kind("observation's button", ".calc-obs-toggle"),
    Kind("record's date", '[data-testid="record-date"]'),
    Kind("record's text", '[data-testid="record-remarks"]'),
    Kind("add rater", ".calc-add"),
    Kind("remove rater", ".calc-remove:not(:disabled)", prepare=second_rater),
    # Eleven raters: the pager of a one-page list (its buttons disabled; enabled, they are the toolbar's buttons).
    Kind("disabled pager button", '[data-testid="raters-prev"]', disabled=True, prepare=raters_by_pages),
]


def test_calculator_controls_in_every_state(page: Page, base_url: str) -> None:
    """In Chinese (the style sheet is the same for both languages; the English page's controls are measured at rest
    by axe and tests/browser/test_targets.py)."""
    without_engine(page)
    goto(page, base_url, "zh")
    found = check_all(page, "zh calculator", CALCULATOR)
    assert not found, "\n".join(found)


# --- the site's own controls: header, navigation, footer, permalinks, tables, the search dialog ---------------------


def back_to_top_shown(page: Page) -> None:
    """The theme shows its "back to top" button when the reader scrolls up."""
    page.mouse.move(640, 450)
    page.mouse.wheel(0, 3000)
    page.mouse.wheel(0, -400)
    expect(page.locator(".md-top:not(.md-top--hidden)")).to_be_visible()


SPEC_PAGE = [
    Kind("header logo", ".md-header__button.md-logo"),
    Kind("language button", ".md-select > button"),
    Kind("language link", ".md-select__link", on_demand=True, via=".md-select > button"),
    Kind("search button", ".md-header .site-search__open"),
    Kind("skip link", ".md-skip", on_demand=True, states=("focus-visible",)),
    Kind("navigation link", ".md-sidebar--primary a.md-nav__link:not(.md-nav__link--active)"),
    Kind("navigation, this page", ".md-sidebar--primary a.md-nav__link--active"),
    Kind("contents link", ".md-sidebar--secondary a.md-nav__link"),
    Kind("link in the text", "article a[href]:not(.headerlink)"),
    Kind("heading ¶", "article h2 > .headerlink", on_demand=True),
    Kind("clause ¶", "article .clause > .headerlink", on_demand=True),
    Kind("footer link", ".md-footer__link"),
    Kind("back to top", ".md-top", prepare=back_to_top_shown),
]

PHONE_PAGE = [
    # The theme's menu button is a label, not a keyboard stop: measured at rest, hovered and pressed.
    Kind("menu button", 'label.md-header__button[for="__drawer"]', states=("rest", "hover", "active")),
    Kind("table row ¶", "article td > .headerlink", on_demand=True),
    Kind("search button", ".md-header .site-search__open"),
    Kind("table's scrolling region", ".md-typeset__scrollwrap[data-scrolls]"),
    Kind("footer link", ".md-footer__link"),
]

SEARCH = [
    Kind("search box", ".site-search__input", ring=".site-search__form", states=("rest", "focus-visible")),
    Kind("close button", ".site-search__close"),
    Kind("result", ".site-search__hit"),
]


def test_specification_page_controls_in_every_state(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/zh/spec/chapter-5/")
    found = check_all(page, "zh chapter 5", SPEC_PAGE)
    assert not found, "\n".join(found)


def test_phone_controls_in_every_state(browser: Browser, outside: Outside, base_url: str) -> None:
    context = new_context(browser, outside, PHONE)
    try:
        for page in watched_page(context):
            page.goto(f"{base_url}/en/spec/appendix-1/")
            page.wait_for_selector(".md-typeset__scrollwrap[data-scrolls]")
            found = check_all(page, "en appendix 1 at 390 px", PHONE_PAGE)
            assert not found, "\n".join(found)
    finally:
        context.close()


def test_search_dialog_controls_in_every_state(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/spec/chapter-5/")
    page.click(".site-search__open")
    page.fill(".site-search__input", "5.3")
    page.wait_for_selector(".site-search__hit")
    found = check_all(page, "en search dialog", SEARCH)
    assert not found, "\n".join(found)


STYLE = "(e) => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.outlineStyle, s.outlineColor]; }"


def test_forced_colours_keep_the_states_shown_by_colour(page: Page, base_url: str) -> None:
    """In forced colours the system's colours replace the page's backgrounds and box-shadows are dropped: the chosen
    quick pick, a disabled button and the search dialog's focus keep a cue of their own."""
    without_engine(page)
    page.emulate_media(forced_colors="active")
    goto(page, base_url, "en")
    choose_a_pick(page)
    chosen = page.locator('.calc-pick[aria-checked="true"]').evaluate(STYLE)
    other = page.locator('.calc-pick:not([aria-checked="true"])').first.evaluate(STYLE)
    assert chosen[:2] != other[:2], (chosen, other)
    disabled = page.locator('[data-testid="save"]').evaluate(STYLE)
    enabled = page.locator('[data-testid="copy-link"]').evaluate(STYLE)
    assert disabled[0] != enabled[0], (disabled, enabled)
    page.goto(f"{base_url}/en/spec/chapter-5/")
    page.click(".site-search__open")
    page.fill(".site-search__input", "5.3")
    assert page.locator(".site-search__form").evaluate(STYLE)[2] != "none"
    page.wait_for_selector(".site-search__hit")
    page.keyboard.press("Tab")  # to the close button
    page.keyboard.press("Tab")  # to the first result
    assert page.evaluate("document.activeElement.classList.contains('site-search__hit')")
    assert page.locator(".site-search__hit").first.evaluate(STYLE)[2] != "none"
