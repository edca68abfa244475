"""Issue 13, point 2: several evaluations kept in the browser — created, switched, duplicated, renamed, deleted, the
last one reopened on return, the same list in both languages, an old autosave migrated, and a storage that fails
reported without losing the form."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from scoring.browser import diff_documents, open_document

from .test_calculator import RESULT_MS, alpha, as_form, engine, form_values, goto, make_document, wait_result
from .test_calculator_more import canonical


def names(page: Page, testid: str = "library-select") -> list[str]:
    """The evaluations listed, as a person sees them once the list is opened (it is filled then)."""
    page.focus(f'[data-testid="{testid}"]')
    return page.locator(f'[data-testid="{testid}"] option').all_inner_texts()


def choose(page: Page, label: str, testid: str = "library-select") -> None:
    """Open the list and choose an evaluation, as a person does."""
    page.focus(f'[data-testid="{testid}"]')
    page.select_option(f'[data-testid="{testid}"]', label=label)


def opened_name(name: str) -> str:
    """An opened file's or link's evaluation: named after it, with the date and time it was opened."""
    return name + " · " + r"\d{4}-\d\d-\d\d \d\d:\d\d"


def current(page: Page) -> str:
    return page.locator('[data-testid="library-select"] option:checked').inner_text()


def test_evaluations_are_kept_switched_and_the_last_one_reopens(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    alpha(page, 0, "1.1").fill("0.75")
    first = form_values(page)
    page.click('[data-testid="library-new"]')
    assert names(page) == ["Evaluation 1", "Evaluation 2"] and current(page) == "Evaluation 2"
    assert alpha(page, 0, "1.1").input_value() == ""
    alpha(page, 0, "1.1").fill("0.2")
    second = form_values(page)
    choose(page, "Evaluation 1")
    assert form_values(page) == first
    page.reload()
    page.wait_for_selector('[data-testid="alpha-0-1.1"]')
    assert current(page) == "Evaluation 1" and form_values(page) == first
    # The other language's page has the same list, the names the page made up in its own words (issue 20).
    goto(page, base_url, "zh")
    assert names(page) == ["评价 1", "评价 2"]
    choose(page, "评价 2")
    assert form_values(page) == second


def test_duplicate_rename_and_delete(page: Page, base_url: str) -> None:
    goto(page, base_url, "zh")
    alpha(page, 0, "2.1").fill("0.6")
    kept = form_values(page)
    page.click('[data-testid="library-duplicate"]')
    assert names(page) == ["评价 1", "评价 1（副本）"] and form_values(page) == kept
    page.once("dialog", lambda dialog: dialog.accept("复核 <b>2026</b>"))
    page.click('[data-testid="library-rename"]')
    assert names(page) == ["评价 1", "复核 <b>2026</b>"]  # text, never markup
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click('[data-testid="library-delete"]')
    assert len(names(page)) == 2
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-testid="library-delete"]')
    assert names(page) == ["评价 1"] and form_values(page) == kept
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-testid="library-delete"]')
    assert len(names(page)) == 1 and alpha(page, 0, "2.1").input_value() == ""  # a blank one takes its place


def test_an_autosave_of_the_earlier_calculator_becomes_the_first_evaluation(page: Page, base_url: str) -> None:
    document = make_document(70, raters=2)
    form = as_form(json.loads(open_document(json.dumps(document), "json"))["document"])
    goto(page, base_url, "en")
    page.evaluate(
        "(saved) => { localStorage.clear(); localStorage.setItem('tbsc55-calculator/v1', saved); }", json.dumps(form)
    )
    goto(page, base_url, "en")
    wait_result(page, engine(document))
    assert re.fullmatch(opened_name("Recovered evaluation"), *names(page)) and form_values(page) == form
    assert page.evaluate("localStorage.getItem('tbsc55-calculator/v1')") is None


REFUSING_STORAGE = """
Storage.prototype.setItem = function () { throw new DOMException("full", "QuotaExceededError"); };
"""


def test_a_storage_that_refuses_is_reported_and_the_form_kept(page: Page, base_url: str) -> None:
    page.add_init_script(REFUSING_STORAGE)
    document = make_document(71, raters=1)
    goto(page, base_url, "en")
    alpha(page, 0, "1.1").fill("0.5")
    status = page.locator('[data-testid="library-status"]')
    expect(status).to_contain_text("Not kept in this browser", timeout=RESULT_MS)
    assert alpha(page, 0, "1.1").input_value() == "0.5"
    # Everything else works: the form is graded and can be saved as a file.
    page.goto(f"{base_url}/en/calculator/#{engine(document)['vector']}")
    wait_result(page, engine(document))
    expect(page.locator('[data-testid="save"]')).to_be_enabled()


def test_an_opened_file_is_a_new_evaluation_and_the_form_on_the_page_is_kept(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    goto(page, base_url, "en")
    alpha(page, 0, "3.1").fill("0.4")
    typed = form_values(page)
    document = make_document(72, raters=2)
    path = tmp_path / "survey-2026.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    page.set_input_files('[data-testid="open-file"]', str(path))
    wait_result(page, engine(document))
    listed = names(page)
    assert listed[0] == "Evaluation 1" and re.fullmatch(opened_name("survey-2026.json"), listed[1]), listed
    choose(page, "Evaluation 1")
    assert form_values(page) == typed


def test_two_evaluations_kept_in_the_browser_are_compared(page: Page, base_url: str, tmp_path: Path) -> None:
    a = make_document(73, raters=2)
    b = json.loads(json.dumps(a))
    b["management"]["levels"]["2.2"] = 1
    path = tmp_path / "a.json"
    path.write_text(json.dumps(a), encoding="utf-8")
    goto(page, base_url, "en")
    expect(page.locator('[data-testid="compare-saved"]')).to_be_hidden()  # nothing else kept yet
    page.set_input_files('[data-testid="open-file"]', str(path))
    wait_result(page, engine(a))
    page.click('[data-testid="library-duplicate"]')
    page.select_option('[data-testid="level-2.2"]', "1")
    wait_result(page, engine(b))
    first, copy = names(page)  # the file took the place of the empty form
    assert re.fullmatch(opened_name("a.json"), first) and copy == f"{first} (copy)"
    choose(page, first, "compare-saved")
    page.click('[data-testid="compare-saved-run"]')
    expected = json.loads(diff_documents(canonical(b), canonical(a)))["diff"]
    rows = page.locator('[data-testid="compare-clauses"] tbody tr')
    expect(rows).to_have_count(len(expected["clauses"]), timeout=RESULT_MS)
    assert rows.first.get_attribute("data-testid") == "compare-clause-2.2"
    # An incomplete evaluation kept in the list is refused, naming side B's field.
    page.click('[data-testid="library-new"]')
    choose(page, copy)
    choose(page, "Evaluation 3", "compare-saved")
    page.click('[data-testid="compare-saved-run"]')
    expect(page.locator('[data-testid="compare-result"] [role="alert"]')).to_be_visible(timeout=RESULT_MS)
