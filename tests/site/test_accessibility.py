"""Accessibility of every kind of page, judged by a suite we did not write: axe-core (npm, pinned in package.json).

axe runs in Chromium on each page of both languages (home, specification chapters and appendices, notes, guides,
glossary when there is one, changelog, print, the 404 page) with the WCAG 2.0/2.1/2.2 A and AA rules, and must
find nothing; the same visits check that no page asks anything of another host. The calculator page is left to
its own tests. One browser page visits every page in a loop, to keep the run short.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from build_tools import chromium
from tests.axe import violations

from .conftest import LANGS
from .test_browser import page_urls, search

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = chromium.launch(p)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport=DESKTOP)
    yield page
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_wcag_violation_on_any_page_and_no_request_leaves_the_site(
    page: Page, server: str, lang: str
) -> None:
    """Each page, axe's rules; and, while the page is loaded and axe runs (its late requests too), nothing asked of
    another host. On the first page, the search too (Pagefind, its worker, WebAssembly and index: the same files
    from every page). The calculator's requests are tested with its engine (tests/browser/test_calculator.py)."""
    outside: list[str] = []

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(f"{page.url}: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    paths = [path for path in page_urls(lang) if path != "calculator/"] + ["no-such-page/"]  # the 404 page
    assert "print/" in paths and "" in paths
    found = []
    for n, path in enumerate(paths):
        page.goto(f"{server}/{lang}/{path}")
        if n == 0:
            page.click(".site-search__open")
            search(page, lang, "a")
            page.keyboard.press("Escape")
        found += [f"/{lang}/{path}: {line}" for line in violations(page)]
    page.wait_for_load_state("networkidle")
    assert not found, "\n".join(found)
    assert not outside


def test_axe_finds_no_wcag_violation_in_the_open_search(page: Page, server: str) -> None:
    found = []
    for lang, query in (("zh", "内部审核"), ("en", "internal audit")):
        page.goto(f"{server}/{lang}/spec/chapter-5/")
        page.click(".site-search__open")
        page.fill(".site-search__input", query)
        page.wait_for_function(
            "q => { const list = document.querySelector('.site-search__results');"
            " return list.dataset.query === q && list.querySelector('a') !== null; }",
            arg=query,
        )
        found += [f"{lang} search {query!r}: {line}" for line in violations(page)]
    assert not found, "\n".join(found)
