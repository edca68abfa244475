"""Accessibility of the calculator, judged by a suite we did not write: axe-core (node_modules/axe-core, pinned in
package.json), its WCAG 2.0, 2.1 and 2.2 A and AA rules, on the calculator page in both languages and in each of its
states: loading, with field errors, with a result (its details open), and a large rater set listed by pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.axe import AXE
from tests.axe import violations as axe_violations

from .test_calculator import (
    LANGS,
    RESULT_MS,
    alpha,
    goto,
    linked,
    make_document,
    open_evaluation,
)


def violations(page: Page) -> list[str]:
    """axe's violations in the calculator (#calc: everything it draws; the page's prose around it is the site's)."""
    return axe_violations(page, "#calc")


def test_axe_core_is_the_pinned_package() -> None:
    package = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    pinned = json.loads((AXE.parents[2] / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    assert package["version"] == pinned


@pytest.mark.parametrize("lang", LANGS)
def test_no_violations_while_the_engine_loads(page: Page, base_url: str, lang: str) -> None:
    page.route("**/*.wasm", lambda route: None)  # never answered: the page stays in its loading state
    goto(page, base_url, lang)
    assert page.get_attribute(".calc-status", "data-state") == "progress"
    assert violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_violations_with_field_errors(page: Page, base_url: str, lang: str) -> None:
    document = make_document(51, raters=2)
    linked(page, base_url, lang, document)
    alpha(page, 0, "1.2").fill("1.5")
    alpha(page, 1, "3.1").fill("0,5")
    alpha(page, 1, "3.2").fill("")
    alpha(page, 1, "3.2").blur()
    expect(page.locator('[aria-invalid="true"]')).to_have_count(3, timeout=RESULT_MS)
    expect(page.locator('[data-testid="problems"]')).to_be_visible()
    assert violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_violations_with_a_result(page: Page, base_url: str, lang: str) -> None:
    document = make_document(52, raters=1, conformity=False)
    linked(page, base_url, lang, document)
    page.locator('[data-testid="alpha-help"] summary').click()
    assert violations(page) == []


def test_no_violations_with_a_large_rater_set(page: Page, base_url: str, tmp_path: Path) -> None:
    open_evaluation(page, base_url, "zh", make_document(53, raters=60), tmp_path)
    page.click('[data-testid="rater-2-toggle"]')
    assert violations(page) == []
