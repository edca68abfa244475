"""Issue 12, point 5 (and the 404 page): the site published under a sub-path, /tbsc55/, served by
build_tools/serve.py as any host that serves it there would (``--base /tbsc55/``); the site built for that path
(``make site BASE=/tbsc55/``), whose 404 page names its files from it, so that the page is whole at any depth."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from build_tools.serve import make_server

from .conftest import SUB_PATH
from .test_policy import assert_whole_404_page


@pytest.fixture(scope="module")
def served(subpath_site: Path) -> Iterator[str]:
    httpd = make_server(subpath_site, base=SUB_PATH)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH.rstrip('/')}"
    httpd.shutdown()
    thread.join()


@pytest.mark.parametrize(
    "path", ["en/no-such-page/", "en/a/b/c/d/e/f/", "en/spec/chapter-5/missing", "en/assets/nothing/at/all.js"]
)
def test_the_404_page_is_whole_at_any_depth(page: Page, served: str, path: str) -> None:
    assert_whole_404_page(page, served, path)


def test_the_pages_work_under_the_sub_path(page: Page, served: str) -> None:
    page.goto(f"{served}/en/spec/chapter-5/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    home = page.get_attribute(".md-header__button.md-logo", "href")
    assert home is not None
    page.click(".md-header__button.md-logo")
    assert page.url == f"{served}/en/"


def test_the_publication_of_record_works_under_the_sub_path(page: Page, served: str) -> None:
    """Issue 22 under /tbsc55/ (the English site is built for it): a spec page leads to its side-by-side reading;
    the downloads page's PDF and data files are served from there."""
    page.goto(f"{served}/en/spec/chapter-5/#clause-5-3")
    with page.expect_navigation():
        page.click(".parallel-link a")
    assert page.url == f"{served}/en/parallel/spec/chapter-5/"
    page.goto(f"{served}/en/downloads/")
    hrefs = page.eval_on_selector_all(
        "article a[href$='-en.pdf'], article a[href$='edition.json'], article a[href$='rules.json']",
        "links => links.map(link => link.href)",
    )
    assert len(hrefs) == 3
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok, href
        assert response.headers["content-type"].startswith(("application/pdf", "application/json")), href
