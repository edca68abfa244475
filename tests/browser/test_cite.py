"""Citation buttons in Chromium (issue 22, point 3): reached by Tab, Enter copies the permanent link or the citation
(the clipboard read back), the status region says so; shown on hover, never printed; always shown on a touch screen
at 390 px, inside the page. A specification page only (no calculator); one page per test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import DESKTOP, PHONE, Outside, watched

CITATION_ZH = "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，5.3"
CITATION_EN = "CTS TBSC55-2026 B/0, appendix 4, 5.3 (Jiangxi Tengbiao Certification Co., Ltd.)"


def guarded(browser: Browser, outside: Outside, **options: object) -> BrowserContext:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], **options)  # type: ignore[arg-type]
    outside.watch(context)
    return context


@pytest.fixture
def desktop(browser: Browser, outside: Outside) -> Iterator[Page]:
    context = guarded(browser, outside, viewport=DESKTOP)
    page = context.new_page()
    with watched(page):
        yield page
    context.close()


def clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def test_keyboard_copies_and_the_status_says_so_hover_shows_print_hides(desktop: Page, base_url: str) -> None:
    page = desktop
    page.goto(f"{base_url}/zh/spec/chapter-5/?from=test#clause-5-2-6")
    status = page.locator(".cite-status")
    expect(status).to_have_attribute("role", "status")
    group = page.locator("#clause-5-3 > .cite")
    expect(group).to_be_attached()
    expect(group).not_to_have_attribute("hidden", "")  # the script has shown the buttons
    expect(group).to_have_css("opacity", "0")  # not in the way of reading

    # Keyboard: from the heading's "¶", Tab reaches "copy link", then "copy citation"; Enter copies.
    page.locator("#clause-5-3 > .headerlink").focus()
    page.keyboard.press("Tab")
    link = page.locator("#clause-5-3 .cite-link")
    expect(link).to_be_focused()
    expect(link).to_have_accessible_name("复制5.3的永久链接")
    expect(group).to_have_css("opacity", "1")
    page.keyboard.press("Enter")
    expect(status).to_have_text("已复制5.3的永久链接")
    assert clipboard(page) == f"{base_url}/zh/spec/chapter-5/#clause-5-3"  # no query
    page.keyboard.press("Tab")
    expect(page.locator("#clause-5-3 .cite-citation")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_have_text("已复制5.3的引用")
    assert clipboard(page) == CITATION_ZH

    # Hover: the clause under the pointer shows its buttons, the others stay out of the way.
    page.locator("#clause-5-1-2 .clause-no").hover()
    expect(page.locator("#clause-5-1-2 > .cite")).to_have_css("opacity", "1")
    expect(page.locator("#clause-5-2-1 > .cite")).to_have_css("opacity", "0")

    # Print: neither the buttons nor the status region nor the reading notes' markers.
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.cite, .cite-status, .errata, .errata-marker')]
            .filter((e) => getComputedStyle(e).display !== 'none').length"""
    )
    assert hidden == 0
    assert page.locator(".cite").count() > 10


def test_touch_screen_shows_them_inside_the_page(browser: Browser, outside: Outside, base_url: str) -> None:
    context = guarded(browser, outside, viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    with watched(page):
        page.goto(f"{base_url}/en/spec/appendix-4/")
        assert page.evaluate("matchMedia('(hover: none)').matches")
        groups = page.locator("article .cite")
        expect(groups.first).to_have_css("opacity", "1")
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('article .cite button')].map((b) => {
                const r = b.getBoundingClientRect();
                return [b.getAttribute('aria-label'), r.left, r.right, r.width, r.height,
                        getComputedStyle(b.parentElement).opacity];
            })"""
        )
        assert len(boxes) == 2 * groups.count() > 80
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for name, left, right, w, h, opacity in boxes:
            assert left >= 0 and right <= width and w >= 24 and h >= 24 and opacity == "1", name
        page.locator("#a4-5-3 .cite-citation").tap()
        expect(page.locator(".cite-status")).to_have_text("Citation of appendix 4, 5.3 copied")
        assert clipboard(page) == CITATION_EN
    context.close()
