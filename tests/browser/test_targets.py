"""Issue 18: every target is large enough whatever fonts the reader's machine has (WCAG 2.2 2.5.8).

Each target (button, link, input, select, summary, a label drawn as a button) of the calculator — 2 raters with
field errors shown and the compare view showing a result, 10 raters (with Noto CJK), and 30 listed by pages with
the pager — and of specification pages and the search dialog, at 1280 and 390 px, is measured with
``getBoundingClientRect``
(tests/browser/targets.js): at least 24 × 24 CSS px, or spaced as 2.5.8's exception allows, or a link inside a
sentence. The same pages are measured in two browsers: one with the machine's fonts, which must include Noto CJK
(``make test`` installs Debian's fonts-noto-cjk, as a Chinese reader's machine has), and one given DejaVu alone
through a fontconfig file this test writes (``FONTCONFIG_FILE``), as on a machine without CJK fonts. The
specification pages are measured in both languages under each; the calculator in each language under each
set-up, at one width each. axe passes under both. With Noto CJK, the calculator is also tabbed through both ways
(each language at one width) and chapter 5 (each language at both widths): no focused control is hidden under
what stays at the top of the window (WCAG 2.2 2.4.11, tests/browser/covered.js).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from build_tools import chromium
from tests.axe import violations

from .conftest import DESKTOP, PHONE, dejavu_alone, watched_page
from .test_calculator import RESULT_MS, alpha, engine, goto, make_document, wait_result

TARGETS = (Path(__file__).parent / "targets.js").read_text(encoding="utf-8")
COVERED = (Path(__file__).parent / "covered.js").read_text(encoding="utf-8")
SAMPLE = "卓越绩效服务认证技术规范"  # its width tells which fonts the browser drew it with


@pytest.fixture(scope="module", params=["noto-cjk", "dejavu"])
def fonts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The browser's environment for one font set-up."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    if request.param == "noto-cjk":
        assert "Noto Sans CJK SC" in chromium.chinese_fonts(env), "fonts-noto-cjk is missing: `make system` installs it"
        return env
    env["FONTCONFIG_FILE"] = str(dejavu_alone(tmp_path_factory.mktemp("fonts")))
    assert chromium.chinese_fonts(env) == []
    return env


@pytest.fixture(scope="module")
def font_browser(playwright: Playwright, fonts: dict[str, str]) -> Iterator[Browser]:
    browser = chromium.launch(playwright, env=fonts)
    yield browser
    browser.close()


@pytest.fixture(scope="module", params=[DESKTOP, PHONE], ids=["1280", "390"])
def screen_context(
    request: pytest.FixtureRequest,
    playwright: Playwright,
    fonts: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BrowserContext]:
    # One context for each screen and font set-up, shared by the module's tests, in a profile of its own: each
    # later start of the calculator is a warm one (Pyodide's compiled code and stored Python snapshot).
    profile = tmp_path_factory.mktemp("profile")
    context = chromium.launch_persistent(playwright, profile, env=fonts, viewport=request.param)
    yield context
    context.close()


@pytest.fixture
def screen(screen_context: BrowserContext) -> Iterator[Page]:
    yield from watched_page(screen_context)


def check(page: Page, what: str, include: str | None = None) -> list[str]:
    """Targets too small, and axe's findings, each line naming the page state."""
    small: list[Any] = page.evaluate(TARGETS)
    return [f"{what}: {line}" for line in small] + [f"{what}: axe {line}" for line in violations(page, include)]


def tab_through(page: Page, what: str, within: str) -> list[str]:
    """Tab through every control of ``within`` at a desktop's width, Shift+Tab back through them at a phone's (where
    the header and the result box cover the most): each focused control is in view and not under what stays at the
    top of the window (WCAG 2.2 2.4.11; tests/browser/covered.js). One direction a width: each tour is a round trip a
    stop, and the suite is at its time limit."""
    found: list[str] = []
    page.evaluate(COVERED)
    desktop = page.viewport_size is not None and page.viewport_size["width"] == DESKTOP["width"]
    for key, start in (("Tab", "first"),) if desktop else (("Shift+Tab", "last"),):
        page.evaluate(
            "([s, start]) => { const all = [...document.querySelector(s).querySelectorAll('a[href], button, input,"
            ' select, [tabindex="0"]\')].filter(e => e.getClientRects().length && !e.disabled && e.tabIndex >= 0);'
            " (start === 'first' ? all[0] : all[all.length - 1]).focus(); }",
            [within, start],
        )
        stops = 0
        while True:
            seen = page.evaluate("s => window.tbsc55Covered(s)", within)
            if not seen["inside"]:
                break
            stops += 1
            assert stops < 2000, f"{what}: {key} never left {within}"
            if seen["line"]:
                found.append(f"{what}, {key}: {seen['line']}")
            page.keyboard.press(key)
        assert stops > 10, f"{what}: only {stops} focus stops"
    return found


def test_the_font_set_ups_differ(font_browser: Browser, fonts: dict[str, str], base_url: str) -> None:
    """The fontconfig file takes effect: Chinese is drawn with other glyphs (DejaVu has none: boxes) than with
    Noto CJK. Without this, the two set-ups below would measure the same page twice."""
    page = font_browser.new_page()
    page.goto(f"{base_url}/zh/")
    width = page.evaluate(
        "t => { const c = document.createElement('canvas').getContext('2d'); c.font = '16px sans-serif';"
        " return c.measureText(t).width; }",
        SAMPLE,
    )
    page.close()
    # Noto CJK draws each Chinese character one em wide; a missing glyph's box is narrower.
    full_width = abs(width - 16 * len(SAMPLE)) < 1
    assert full_width == ("FONTCONFIG_FILE" not in fonts), width


def test_calculator_targets(screen: Page, base_url: str, request: pytest.FixtureRequest) -> None:
    """The calculator in one language for each font set-up and screen, so that each language is measured under
    both set-ups and at both widths (Noto CJK: en at 1280, zh at 390; DejaVu alone: zh at 1280, en at 390)."""
    params = request.node.callspec.params
    lang = "zh" if (params["fonts"] == "dejavu") == (params["screen_context"]["width"] == DESKTOP["width"]) else "en"
    page = screen
    found: list[str] = []
    # Two raters, field errors shown, the compare view showing a comparison.
    two = make_document(81, raters=2)
    result = engine(two)
    goto(page, base_url, lang, result["vector"])
    wait_result(page, result)
    other = make_document(82, raters=2)
    page.fill('[data-testid="compare-text"]', engine(other)["vector"])
    page.click('[data-testid="compare-run"]')
    expect(page.locator('[data-testid="compare-figures"]')).to_be_visible(timeout=RESULT_MS)
    alpha(page, 0, "1.2").fill("1.5")
    alpha(page, 1, "3.1").fill("0,5")
    alpha(page, 1, "3.2").fill("")
    alpha(page, 1, "3.2").blur()
    expect(page.locator('[aria-invalid="true"]')).to_have_count(3, timeout=RESULT_MS)
    found += check(page, f"{lang} calculator, 2 raters with errors and a comparison", "#calc")
    if params["fonts"] == "noto-cjk":  # forward at 1280 (en), backward at 390 (zh)
        found += tab_through(page, f"{lang} calculator, 2 raters with errors", "#calc")
    if params["fonts"] == "noto-cjk":  # in each language once
        # Ten raters: every sheet drawn open.
        ten = engine(make_document(83, raters=10))
        goto(page, base_url, lang, ten["vector"])
        wait_result(page, ten)
        found += check(page, f"{lang} calculator, 10 raters", "#calc")
    if lang == "zh":  # once for each font set-up
        # Thirty raters: the list by pages, with its pager, the sheets closed but one.
        thirty = engine(make_document(84, raters=30))
        goto(page, base_url, lang, thirty["vector"])
        wait_result(page, thirty)
        page.click('[data-testid="rater-1-toggle"]')
        expect(page.locator(".calc-pager")).to_be_visible()
        found += check(page, f"{lang} calculator, 30 raters by pages", "#calc")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_specification_page_targets(screen: Page, base_url: str, lang: str, fonts: dict[str, str]) -> None:
    found: list[str] = []
    for path in ("spec/chapter-5/", "spec/appendix-1/", "notes/reading-notes/", ""):
        screen.goto(f"{base_url}/{lang}/{path}")
        found += check(screen, f"/{lang}/{path}")
        if path == "spec/chapter-5/" and "FONTCONFIG_FILE" not in fonts:
            found += tab_through(screen, f"/{lang}/{path}", "article")
    screen.goto(f"{base_url}/{lang}/spec/chapter-5/")
    screen.click(".site-search__open")
    screen.fill(".site-search__input", "5.3")
    screen.wait_for_selector(".site-search__results a")
    found += check(screen, f"/{lang}/ search dialog")
    assert not found, "\n".join(found)
