"""Issue 12, point 2: every kind of page works under the Content-Security-Policy that the site publishes.

The server of these tests (build_tools/serve.py) sends the policy of build_tools/policy.py, the one that site/_headers
and deploy/nginx.conf publish. On each kind of page (a specification page, the editorial notes, the calculator with a
result from a shared link, its report printed from a frame, the search with results, the 404 page) the browser
must report no ``securitypolicyviolation`` event in the page and no error on the console, the engine's and
Pagefind's workers included (Chromium writes a refused load or compilation there).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page

from build_tools import policy
from scoring.browser import open_document

from .test_calculator import BOOT_MS, RESULT_MS, engine, make_document

# Collects every violation the page sees (the init script runs before the page's own, outside its policy).
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watched:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def assert_clean(self) -> None:
        violations = self.page.evaluate("window.__violations")
        assert violations == [], violations
        assert self.console == [], self.console


def assert_whole_404_page(page: Page, site: str, path: str) -> None:
    """``site``/``path`` (missing) gets the site's 404 page in the language of ``path``, styled, its scripts run, and
    every link of its list leads to a page of that language of ``site``."""
    lang = path.split("/", 1)[0]
    watched = Watched(page)
    response = page.goto(f"{site}/{path}")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.locator("#not-found").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("typeof __md_scope") == "object"
    links = page.eval_on_selector_all("#not-found ~ ul a", "els => els.map((el) => el.href)")
    assert links and all(link.startswith(f"{site}/{lang}/") for link in links)
    for link in links:
        assert page.request.get(link).status == 200, link
    # The one console error a missing page gives is its own 404.
    watched.console = [line for line in watched.console if "404" not in line]
    watched.assert_clean()


@pytest.fixture
def watched(page: Page) -> Watched:
    return Watched(page)


def test_the_server_publishes_the_policy(watched: Watched, base_url: str) -> None:
    response = watched.page.goto(f"{base_url}/zh/")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert csp == policy.csp()
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp


@pytest.mark.parametrize("path", ["zh/", "zh/spec/chapter-5/", "en/spec/appendix-3/", "zh/notes/reading-notes/"])
def test_reading_pages_raise_no_violation(watched: Watched, base_url: str, path: str) -> None:
    page = watched.page
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").count() == 1
    # The theme's scripts ran (they are files now): its "back to top" button and the header are wired.
    assert page.evaluate("typeof __md_scope") == "object"
    # Table alignment, once a style attribute, is a class now, and still wins over the table's own rules.
    aligned = page.eval_on_selector_all(".align-center", "els => els.map((el) => getComputedStyle(el).textAlign)")
    assert set(aligned) <= {"center"}
    if path.endswith("appendix-3/"):
        assert len(aligned) > 100
    watched.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_404_page_raises_no_violation(watched: Watched, base_url: str, lang: str) -> None:
    page = watched.page
    response = page.goto(f"{base_url}/{lang}/no-such-page/")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.locator("#not-found").count() == 1
    assert page.evaluate("typeof __md_scope") == "object"
    # The 404 itself is the one console error a missing page gives.
    watched.console = [line for line in watched.console if "404" not in line]
    watched.assert_clean()


def test_search_raises_no_violation(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}/zh/spec/chapter-1/")
    page.click(".site-search__open")
    page.fill(".site-search__input", "内部审核")
    page.wait_for_selector(".site-search__results a", timeout=RESULT_MS)
    watched.assert_clean()


def test_the_calculator_and_its_report_raise_no_violation(watched: Watched, base_url: str) -> None:
    page = watched.page
    document = make_document(12, 2)
    result = engine(document)
    vector = json.loads(open_document(json.dumps(document), "json"))["vector"]
    page.goto("about:blank")
    page.goto(f"{base_url}/en/calculator/#{vector}")
    page.wait_for_function(
        "() => document.querySelector('.calc-summary')?.dataset.state === 'ok'", timeout=BOOT_MS, polling=250
    )
    assert page.get_attribute('[data-testid="stars"]', "data-value") == str(result["certification"]["stars"])
    # The report, printed from a srcdoc frame (its inline <style> is allowed by the policy's hash of report.css).
    page.click('[data-testid="print-report"]')
    frame = page.locator('[data-testid="report-frame"][data-printed="true"]')
    frame.wait_for(state="attached", timeout=RESULT_MS)
    sheets: Any = frame.evaluate("f => f.contentDocument.styleSheets.length")
    assert sheets == 1
    watched.assert_clean()
