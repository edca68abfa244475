"""Accessibility of every kind of page, judged by a suite we did not write: axe-core (npm, pinned in package.json).

axe runs in Chromium on each page of both languages (home, specification chapters and appendices, notes, guides,
glossary when there is one, changelog, print, the 404 page) with the WCAG 2.0/2.1/2.2 A and AA rules, and must
find nothing. The calculator page is left to its own issue (10) and its own tests. One browser page visits every
page in a loop, to keep the run short.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from build_tools import chromium
from tests.axe import violations

from .conftest import LANGS
from .test_browser import page_urls

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
def test_axe_finds_no_wcag_violation_on_any_page(page: Page, server: str, lang: str) -> None:
    paths = [path for path in page_urls(lang) if path != "calculator/"] + ["no-such-page/"]  # the 404 page
    assert "print/" in paths and "" in paths
    found = []
    for path in paths:
        page.goto(f"{server}/{lang}/{path}")
        found += [f"/{lang}/{path}: {line}" for line in violations(page)]
    assert not found, "\n".join(found)


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
