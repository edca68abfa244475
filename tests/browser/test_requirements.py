"""Issue 23, point 1: the requirement at hand, in the calculator. Each clause shows, collapsed until opened (click or
Enter), its appendix 4 text and 5.2.5's level model; each service item its appendix 1 characteristic and content;
the English page the governing Chinese on request. The text is the specification pages' own (held here to the built
pages, clause by clause), fetched only when a requirement is first opened.

The panels need no grading: the calculator is loaded without its engine (its Pyodide files aborted), one page per
language for the module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.axe import violations
from tests.site.terms import clause_blocks

from .conftest import PHONE, Outside, watched

ON_DEMAND = ("edition.json", "requirements.js")
# Appendix 3's clause → appendix 4's: 5.2 is 5.3 (reading note E7); 3.1 has sub-clauses 3.1.1 to 3.1.3.
CLAUSES = {"5.2": "a4-5-3", "3.1": "a4-3-1", "1.1": "a4-1-1"}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pages(shared_context: BrowserContext, shared_outside: Outside, base_url: str) -> Iterator[dict[str, Any]]:
    """The calculator in each language, without its engine, with what each page asked for as it loaded."""
    found: dict[str, Any] = {}
    with watched(*(opened := [shared_context.new_page() for _ in ("zh", "en")])):
        for lang, page in zip(("zh", "en"), opened, strict=True):
            asked: list[str] = []
            page.on("request", lambda request, asked=asked: asked.append(request.url))
            page.route("**/pyodide/**", lambda route: route.abort())
            page.goto(f"{base_url}/{lang}/calculator/")
            page.wait_for_selector('[data-testid="req-clause-5.2"]')
            page.wait_for_load_state("networkidle")
            found[lang] = {"page": page, "at_load": list(asked), "asked": asked}
        yield found
        for page in opened:
            page.close()
    assert not shared_outside.urls


@pytest.fixture(scope="module")
def blocks(built_site: Path) -> dict[str, dict[str, str]]:
    return {lang: clause_blocks(built_site / lang / "spec" / "appendix-4" / "index.html") for lang in ("zh", "en")}


def spec_text(blocks: dict[str, str], clause: str) -> str:
    """A clause of appendix 4 on its page, with its sub-clauses (the blocks whose ids start with its own)."""
    return squeezed("".join(text for key, text in blocks.items() if key == clause or key.startswith(clause + "-")))


def open_by_keyboard(page: Page, before: str, details: str) -> None:
    """Tab from `before` lands on the summary of `details`; Enter opens it, and its text is drawn."""
    page.focus(before)
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement === document.querySelector('{details} > summary')")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{details}[data-state="shown"]')


def test_the_first_load_fetches_neither_the_edition_nor_the_module_that_shows_it(pages: dict[str, Any]) -> None:
    for lang in ("zh", "en"):
        page = pages[lang]["page"]
        assert not [url for url in pages[lang]["at_load"] if url.endswith(ON_DEMAND)]
        assert page.locator("details.calc-req[open]").count() == 0
        assert page.locator("details.calc-req").count() == 21 + 19
        assert page.locator(".calc-req-body *").count() == 0  # nothing drawn until opened


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_clause_shows_appendix_4_as_the_specification_page_does(
    pages: dict[str, Any], blocks: dict[str, dict[str, str]], built_site: Path, lang: str
) -> None:
    page: Page = pages[lang]["page"]
    for clause, target in CLAUSES.items():
        details = f'[data-testid="req-clause-{clause}"]'
        open_by_keyboard(page, f'[data-testid="level-{clause}"]', details)
        assert page.get_attribute(details, "data-unit") == target
        assert squeezed(page.inner_text(f"{details} .calc-req-text")) == spec_text(blocks[lang], target)
        if lang == "en":  # the governing Chinese, on request
            zh = f"{details} details.calc-req-zh"
            assert not page.locator(f"{zh} [lang=zh]").is_visible()
            page.keyboard.press("Tab")
            assert page.evaluate(f"document.activeElement === document.querySelector('{zh} > summary')")
            page.keyboard.press("Enter")
            assert squeezed(page.inner_text(f"{zh} [lang=zh]")) == spec_text(blocks["zh"], target)
    asked = [url for url in pages[lang]["asked"] if url.endswith("edition.json")]
    assert asked == [f"{page.url.split('/calculator/')[0]}/downloads/edition.json"]  # once, beside the page
    # 5.2.5's level model, as chapter 5 prints it: merged cells merged.
    edition = json.loads((built_site / lang / "downloads" / "edition.json").read_text(encoding="utf-8"))
    model = next(u for u in edition["units"] if u["id"] == "table-5-2-5")
    table = page.locator('[data-testid="req-clause-5.2"] table.calc-req-model')
    cells = table.locator("th, td")
    expected = [cell for row in model["rows"] for cell in row["cells"]]
    assert cells.count() == len(expected)
    for k, cell in enumerate(expected):
        assert cells.nth(k).inner_text().strip() == cell[lang]
        assert (cells.nth(k).get_attribute("colspan") or "1") == str(cell["colspan"])
        assert (cells.nth(k).get_attribute("rowspan") or "1") == str(cell["rowspan"])
    assert table.locator("caption").inner_text() == f"5.2.5 {model[lang]}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_item_shows_its_characteristic_and_evaluation_content(
    pages: dict[str, Any], built_site: Path, lang: str
) -> None:
    page: Page = pages[lang]["page"]
    outer = '[data-testid="item-requirements"]'
    page.focus(f"{outer} > summary")
    page.keyboard.press("Enter")
    open_by_keyboard(page, f"{outer} > summary", '[data-testid="req-item-1.1"]')
    page.focus('[data-testid="req-item-1.2"] > summary')
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="req-item-1.2"][data-state="shown"]')
    shown = page.locator('[data-testid="req-item-1.2"] .calc-req-text dd').all_inner_texts()
    # 1.2 is under 1.1's characteristic (a cell of three rows); its content is its own row's.
    row = clause_blocks(built_site / lang / "spec" / "appendix-1" / "index.html")["a1-1-2"]
    assert len(shown[1]) > 20 and squeezed(shown[1]) in squeezed(row)
    assert shown[0] == {"zh": "1. 功能性/17分", "en": "1. Functionality/17 points"}[lang]


def test_the_edition_unreachable_says_so_in_one_line_and_is_tried_again(
    shared_context: BrowserContext, base_url: str
) -> None:
    page = shared_context.new_page()
    with watched(page):
        page.route("**/pyodide/**", lambda route: route.abort())
        page.route("**/edition.json", lambda route: route.abort())
        page.goto(f"{base_url}/en/calculator/")
        details = '[data-testid="req-clause-5.2"]'
        page.click(f"{details} > summary")
        failed = page.locator(f'{details} [data-testid="req-failed"]')
        failed.wait_for()
        assert page.locator(f"{details} .calc-req-body > *").count() == 1  # no "loading" left behind
        assert failed.locator("a").get_attribute("href") == "../spec/appendix-4/#a4-5-3"
        page.unroute("**/edition.json")
        page.click(f"{details} > summary")  # closed, and opened again: tried again
        page.click(f"{details} > summary")
        page.wait_for_selector(f'{details}[data-state="shown"]')
        page.close()


def test_an_open_requirement_fits_a_phone_and_passes_axe(pages: dict[str, Any]) -> None:
    page: Page = pages["en"]["page"]  # 5.2 opened with its Chinese (here, if no test of this worker did it before)
    page.eval_on_selector('[data-testid="req-clause-5.2"]', "details => { details.open = true; }")
    page.wait_for_selector('[data-testid="req-clause-5.2"][data-state="shown"] details.calc-req-zh')
    page.eval_on_selector('[data-testid="req-clause-5.2"] details.calc-req-zh', "details => { details.open = true; }")
    assert page.locator('[data-testid="req-clause-5.2"][open] details.calc-req-zh[open]').count() == 1
    assert violations(page) == []
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
