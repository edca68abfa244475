"""Issue 5 in the calculator: rater sheets imported from CSV, the printable report, what the next star would take.

As in test_calculator.py, every expected figure, message and report comes from the engine run in this test
process (``scoring.browser``, ``scoring.report.verify_report``); none is written into the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scoring.browser import import_sheets, templates
from scoring.report import verify_report

from .test_calculator import (
    BOOT_MS,
    LANGS,
    RESULT_MS,
    alpha,
    assert_shows,
    engine,
    fill_form,
    form_values,
    goto,
    item_ids,
    make_document,
    model,
    wait_ready,
    wait_result,
)


def sheet(document: dict[str, Any], encoding: str, decimal_comma_at: tuple[int, str] | None = None) -> bytes:
    """The document's raters as a spreadsheet writes them: a rater column, one column per item id."""
    rows = [["rater", *item_ids()]]
    for r, rater in enumerate(document["service"]["raters"]):
        cells = [str(rater["alpha"][i]) for i in item_ids()]
        if decimal_comma_at and decimal_comma_at[0] == r:
            k = item_ids().index(decimal_comma_at[1])
            cells[k] = '"' + cells[k].replace(".", ",") + '"' if "." in cells[k] else '"0,5"'
        rows.append([rater["id"], *cells])
    return "\r\n".join(",".join(row) for row in rows).encode(encoding) + b"\r\n"


def with_raters(document: dict[str, Any], raters: list[dict[str, Any]]) -> dict[str, Any]:
    """The document with the service part the import gives it (the form's levels and choices are kept)."""
    return {**document, "service": {"raters": raters}}


def fill_management(page: Page, document: dict[str, Any]) -> None:
    for clause, level in document["management"]["levels"].items():
        page.select_option(f'[data-testid="level-{clause}"]', str(level))


def import_file(page: Page, path: Path) -> None:
    page.set_input_files('[data-testid="import-csv"]', str(path))


# --- importing rater sheets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "encoding"),
    [("zh", "gb18030"), ("en", "utf-8-sig")],
    ids=["zh-gb18030", "en-utf8-bom"],
)
def test_imported_rater_sheets_replace_the_raters_and_are_graded(
    page: Page, base_url: str, tmp_path: Path, lang: str, encoding: str
) -> None:
    document = make_document(21, raters=3)
    document["service"]["raters"][1]["id"] = "张三"  # a name that only decodes right in the right encoding
    data = sheet(document, encoding)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    path = tmp_path / f"sheets-{encoding}.csv"
    path.write_bytes(data)
    imported = json.loads(import_sheets(data, path.name))
    assert imported["ok"], imported
    expected = with_raters(document, imported["raters"])
    goto(page, base_url, lang)
    fill_management(page, document)
    import_file(page, path)  # nothing entered for the raters yet: no question asked
    result = engine(expected)
    wait_result(page, result)
    assert_shows(page, result, lang)
    assert form_values(page)["raters"] == [{"name": r.get("id") or "", "alpha": r["alpha"]} for r in imported["raters"]]
    message = page.locator('[data-testid="import-message"]')
    assert path.name in message.inner_text()
    assert str(len(imported["raters"])) in message.inner_text()


def test_a_decimal_comma_is_refused_with_row_and_column_and_the_form_kept(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    document = make_document(22, raters=2)
    item = item_ids()[4]
    data = sheet(document, "utf-8", decimal_comma_at=(1, item))
    path = tmp_path / "comma.csv"
    path.write_bytes(data)
    refusal = json.loads(import_sheets(data, path.name))
    assert not refusal["ok"]
    error = refusal["errors"][0]
    assert error["path"] == f'{path.name}: row 3, column "{item}"'  # header, rater 1, rater 2
    assert (error["file"], error["row"], error["column"]) == (path.name, 3, item)
    for lang in LANGS:
        goto(page, base_url, lang)
        alpha(page, 0, "1.1").fill("0.3")
        before = form_values(page)
        import_file(page, path)
        message = page.locator('[data-testid="import-message"]')
        expect(message).to_be_visible(timeout=BOOT_MS)
        expect(message).to_have_attribute("role", "alert")
        text = message.inner_text()
        assert path.name in text
        assert error["where"][lang] in text  # the engine's words for the row and column, not the page's
        assert error[lang] in text
        assert form_values(page) == before


def test_importing_over_entered_raters_asks_first(page: Page, base_url: str, tmp_path: Path) -> None:
    document = make_document(23, raters=2)
    path = tmp_path / "sheets.csv"
    path.write_bytes(sheet(document, "utf-8"))
    goto(page, base_url, "en")
    wait_ready(page)
    alpha(page, 0, "1.1").fill("0.3")
    before = form_values(page)
    with page.expect_event("dialog", timeout=RESULT_MS) as question:
        import_file(page, path)
    assert "2" in question.value.message  # the number of raters in the file
    question.value.dismiss()
    expect(page.locator('[data-testid="import-message"]')).to_be_hidden()
    assert form_values(page) == before
    page.once("dialog", lambda dialog: dialog.accept())
    import_file(page, path)
    expect(page.locator(".calc-rater")).to_have_count(2, timeout=RESULT_MS)
    assert alpha(page, 0, "1.1").input_value() == str(document["service"]["raters"][0]["alpha"]["1.1"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_templates_are_linked_in_the_pages_language(page: Page, base_url: str, lang: str) -> None:
    goto(page, base_url, lang)
    link = page.locator('[data-testid="template-rater-sheets-template.csv"]')
    response = page.request.get(page.evaluate("href => new URL(href, location.href).href", link.get_attribute("href")))
    assert response.ok
    assert response.body().decode("utf-8-sig") == json.loads(templates())[lang]
    for name in ("batch-sheets-template.csv", "batch-levels-template.csv"):
        href = page.locator(f'[data-testid="template-{name}"]').get_attribute("href")
        assert page.request.get(page.evaluate("href => new URL(href, location.href).href", href)).ok
    # The layout is described beside the control that it concerns.
    described = page.get_attribute('[data-testid="import-csv"]', "aria-describedby")
    assert page.locator(f"#{described}").inner_text()


# --- the report --------------------------------------------------------------------------------------------------


def report_of(page: Page) -> str:
    page.click('[data-testid="print-report"]')
    frame = page.locator('[data-testid="report-frame"][data-printed="true"]')
    frame.wait_for(state="attached", timeout=RESULT_MS)
    html: str = frame.evaluate("f => f.srcdoc")
    return html


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_is_the_engines_and_verifies(page: Page, base_url: str, lang: str) -> None:
    goto(page, base_url, lang)
    print_button = page.locator('[data-testid="print-report"]')
    download_button = page.locator('[data-testid="download-report"]')
    # Nothing to report while the input is incomplete: disabled, with the reason beside the buttons.
    expect(print_button).to_be_disabled()
    expect(download_button).to_be_disabled()
    hint = page.locator('[data-testid="report-hint"]')
    expect(hint).to_have_attribute("data-state", "unavailable")
    assert print_button.get_attribute("aria-describedby") == hint.get_attribute("id")
    document = make_document(24 if lang == "zh" else 25, raters=2)
    document["organization"] = "ACME <b>&</b> 有限公司"
    page.fill("#calc-organization", document["organization"])
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    expect(print_button).to_be_enabled()
    html = report_of(page)
    verification = verify_report(html)
    assert verification.ok, verification.problems
    assert verification.result is not None
    assert verification.result.certification.stars == result["certification"]["stars"]
    assert result["vector"] in html  # the report is of the evaluation shown
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in html[:200]
    # The same document, downloaded for the archive.
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename.endswith(".html")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert verify_report(saved).ok
    assert saved == html


# --- the next star, the trace's clauses ----------------------------------------------------------------------------


def test_what_the_next_star_would_take_and_the_clauses_in_chinese(page: Page, base_url: str) -> None:
    for lang, document in (("zh", make_document(26, raters=1)), ("en", make_document(27, raters=2))):
        result = engine(document)
        goto(page, base_url, lang, result["vector"])
        wait_result(page, result)
        plan = result["certification"]["next_star"]
        assert plan is not None
        block = page.locator('[data-testid="next-star"]')
        assert block.get_attribute("data-value") == str(plan["stars"])
        assert block.locator("p").inner_text() == plan[lang]
        clauses = page.locator('[data-testid="trace"] li .calc-trace-clause').all_inner_texts()
        assert clauses == [step["clause_zh" if lang == "zh" else "clause"] for step in result["trace"]]
    # At five stars there is no next star.
    top = make_document(28, raters=1)
    top["service"]["raters"][0]["alpha"] = dict.fromkeys(item_ids(), "1")
    top["management"]["levels"] = {c["id"]: 5 for c in model()["clauses"]}
    result = engine(top)
    assert result["certification"]["stars"] == 5 and result["certification"]["next_star"] is None
    goto(page, base_url, "en", result["vector"])
    wait_result(page, result)
    assert page.get_attribute('[data-testid="next-star"]', "data-value") == ""
