"""Issue 13 in the calculator: the result as a spreadsheet, a levels file imported, the rater agreement diagnostics,
and the compare view. Every expected figure, flag and file comes from the engine run in this test process
(``scoring.browser``), never written into the test."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scoring.browser import diagnose_document, diff_documents, export_csv, open_document, open_file, report
from scoring.sheets import levels_template

from .test_calculator import (
    BOOT_MS,
    LANGS,
    RESULT_MS,
    clause_ids,
    engine,
    goto,
    make_document,
    open_evaluation,
    value,
    wait_result,
)
from .test_calculator_axe import violations


def canonical(document: dict[str, Any]) -> str:
    """The evaluation as the page sends it to the engine: opened from its result's evaluation string."""
    vector = engine(document)["vector"]
    return json.dumps(json.loads(open_document(vector, "vector"))["document"], ensure_ascii=False)


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_downloads_as_the_engines_csv(page: Page, base_url: str, lang: str, tmp_path: Path) -> None:
    document = make_document(61, raters=3)
    # 93.00 and grade 5: four stars by 5.3's text, five by its table's rows.
    for rater in document["service"]["raters"]:
        rater["alpha"] = dict.fromkeys(rater["alpha"], "0.93")
    document["management"]["levels"] = dict.fromkeys(document["management"]["levels"], 4)
    result = open_evaluation(page, base_url, lang, document, tmp_path)
    # The two readings of 5.3 differ: the result box says so, in the engine's words, linked to reading note E1.
    readings = result["certification"]["readings"]
    line = page.locator('[data-testid="readings-line"]')
    expect(line).to_contain_text(readings[lang])
    expect(line).to_contain_text(readings["title"][lang])
    assert line.locator("a").get_attribute("href", timeout=RESULT_MS).endswith(readings["href"])  # type: ignore[union-attr]
    with page.expect_download() as download:
        page.click('[data-testid="download-csv"]')
    data = Path(download.value.path()).read_bytes()
    expected = json.loads(export_csv(canonical(document), lang))["csv"]
    assert data == expected.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel and WPS read the Chinese
    assert download.value.suggested_filename.endswith(".csv")
    assert_the_trace_is_cross_checkable(page, engine(document), lang)


def assert_the_trace_is_cross_checkable(page: Page, result: dict[str, Any], lang: str) -> None:
    """Issue 20, point 7: the trace's sums name their terms (1.1：5×0.8) and its grade step's clause leads to appendix
    3's note 3) ①…⑤ itself on the specification page (the last step of a test: it leaves the calculator)."""
    sep = "：" if lang == "zh" else ": "
    steps = page.locator('[data-testid="trace"] li')
    assert f"= 1.1{sep}" in steps.first.inner_text() and f" + 7{sep}" in steps.first.inner_text()
    grade = next(s for s in result["trace"] if "#a3-note-3-" in s["href"])
    link = page.locator(".calc-trace-clause a", has_text=grade["clause_zh" if lang == "zh" else "clause"])
    link.click()
    anchor = grade["href"].rsplit("#", 1)[1]
    page.wait_for_url(f"**/{lang}/spec/appendix-3/#{anchor}")
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    assert target.evaluate("el => el.matches(':target') && el.tagName") == "LI"


def test_a_levels_file_sets_the_maturity_levels_and_is_graded(page: Page, base_url: str, tmp_path: Path) -> None:
    document = make_document(62, raters=2)
    open_evaluation(page, base_url, "zh", document, tmp_path)
    header = levels_template(lang="zh").splitlines()[0]
    levels = [5, 4, 3, 2, 1] * 4 + [3]
    path = tmp_path / "水平.csv"
    path.write_text(header + "\r\n甲公司," + ",".join(map(str, levels)) + ",0\r\n", encoding="gb18030")
    page.once("dialog", lambda dialog: dialog.accept())  # the form's levels are replaced: it asks first
    page.set_input_files('[data-testid="import-levels"]', str(path))
    expect(page.locator('[data-testid="levels-message"]')).to_contain_text("水平.csv", timeout=RESULT_MS)
    document["management"]["levels"] = dict(zip(clause_ids(), levels, strict=True))
    document["management"]["conformity_passed"] = False
    document["organization"] = "甲公司"
    result = engine(document)
    wait_result(page, result)
    assert value(page, "management-total") == result["management"]["total"]
    assert value(page, "stars") == "0"
    for clause, level in document["management"]["levels"].items():
        assert page.locator(f'[data-testid="level-{clause}"]').input_value() == str(level)


def test_a_bad_levels_file_is_refused_with_its_row_and_the_form_kept(page: Page, base_url: str, tmp_path: Path) -> None:
    document = make_document(63, raters=1)
    result = open_evaluation(page, base_url, "en", document, tmp_path)
    header = levels_template(lang="en").splitlines()[0]
    path = tmp_path / "levels.csv"
    path.write_text(header + "\nA," + ",".join(["3"] * 20) + ",9,1\n", encoding="utf-8")
    page.set_input_files('[data-testid="import-levels"]', str(path))
    message = page.locator('[data-testid="levels-message"]')
    expect(message).to_contain_text("levels.csv", timeout=RESULT_MS)
    expect(message).to_contain_text("row 2")
    assert value(page, "management-total") == result["management"]["total"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_rater_agreement_diagnostics_are_the_engines(page: Page, base_url: str, lang: str, tmp_path: Path) -> None:
    document = make_document(64, raters=6)
    document["service"]["raters"][2]["alpha"] = dict.fromkeys(document["service"]["raters"][2]["alpha"], "0.1")
    open_evaluation(page, base_url, lang, document, tmp_path)
    page.click('[data-testid="agreement"] summary')
    expected = json.loads(diagnose_document(canonical(document)))["diagnostics"]
    expect(page.locator('[data-testid="agreement-items"] tbody tr')).to_have_count(
        len(expected["items"]), timeout=RESULT_MS
    )
    assert page.inner_text('[data-testid="agreement-about"]') == expected[lang]
    for item in expected["items"]:
        row = page.locator(f'[data-testid="agreement-item-{item["id"]}"]')
        assert row.get_attribute("data-flagged") == str(item["flagged"]).lower()
        assert item["standard_deviation"] in row.inner_text()
    for rater in expected["raters"]:
        row = page.locator(f'[data-testid="agreement-rater-{rater["number"]}"]')
        assert row.get_attribute("data-flagged") == str(rater["flagged"]).lower()
        assert rater["difference"].lstrip("-") in row.inner_text()
    assert expected["flagged_raters"] == [3]  # the careless sheet stands out
    assert violations(page) == []


def test_two_evaluations_are_compared_with_the_engines_differences(page: Page, base_url: str, tmp_path: Path) -> None:
    a = make_document(65, raters=3)
    b = json.loads(json.dumps(a))
    b["service"]["raters"][0]["alpha"]["2.1"] = "0.2"
    b["management"]["levels"]["4.1"] = 1
    b["profile"] = "table"
    open_evaluation(page, base_url, "en", a, tmp_path)
    path = tmp_path / "b.json"
    path.write_text(json.dumps(b), encoding="utf-8")
    page.set_input_files('[data-testid="compare-file"]', str(path))
    expected = json.loads(diff_documents(canonical(a), canonical(b)))["diff"]
    figures = page.locator('[data-testid="compare-figures"]')
    expect(figures).to_be_visible(timeout=RESULT_MS)
    score = page.locator('[data-testid="compare-service-score"]')
    assert expected["a"]["service_score"] in score.inner_text() and expected["b"]["service_score"] in score.inner_text()
    score_delta = score.get_attribute("data-delta")
    assert expected["delta"]["service_score"].lstrip("-") in score_delta  # type: ignore[operator]
    items = page.locator('[data-testid="compare-items"] tbody tr')
    assert [r.get_attribute("data-testid") for r in items.all()] == [
        f"compare-item-{i['id']}" for i in expected["items"]
    ]
    clauses = page.locator('[data-testid="compare-clauses"] tbody tr')
    assert [r.get_attribute("data-testid") for r in clauses.all()] == [
        f"compare-clause-{c['id']}" for c in expected["clauses"]
    ]
    expect(page.locator('[data-testid="compare-profile"]')).to_be_visible()
    # The labels say which is which, by the evaluations' names (the form's as the list shows it, the file's name).
    order = page.locator('[data-testid="compare-order"]')
    form = "this form: " + page.locator('[data-testid="library-select"] option:checked').inner_text()
    expect(order).to_have_text(f"Difference = B − A: “b.json” minus “{form}”.")
    # The reader makes the other evaluation the baseline: the engine's differences the other way round (A − B).
    page.check('[data-testid="compare-baseline-other"]')
    reverse = json.loads(diff_documents(canonical(b), canonical(a)))["diff"]
    flipped = reverse["delta"]["service_score"]
    assert flipped.lstrip("-") == expected["delta"]["service_score"].lstrip("-") and flipped != "0.00"
    expect(score).to_have_attribute("data-delta", f"−{flipped[1:]}" if flipped.startswith("-") else f"+{flipped}")
    expect(order).to_have_text(f"Difference = B − A: “{form}” minus “b.json”.")
    expect(page.locator('[data-testid="compare-baseline-other"]')).to_be_checked()
    page.check('[data-testid="compare-baseline-form"]')
    expect(score).to_have_attribute("data-delta", score_delta)
    # The same evaluation as a shared link, pasted: the same comparison.
    page.fill('[data-testid="compare-text"]', f"{base_url}/zh/calculator/#{engine(b)['vector']}")
    page.click('[data-testid="compare-run"]')
    expect(page.locator('[data-testid="compare-items"] tbody tr')).to_have_count(len(expected["items"]))
    with page.expect_download() as download:
        page.click('[data-testid="download-diff-csv"]')
    assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")
    assert violations(page) == []


def test_a_bad_evaluation_to_compare_is_refused_in_the_pages_language(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    open_evaluation(page, base_url, "zh", make_document(66, raters=1), tmp_path)
    page.fill('[data-testid="compare-text"]', "TBSC55-2026:B0/P:final/R:1/M:3/C:1")
    page.click('[data-testid="compare-run"]')
    error = page.locator('[data-testid="compare-result"] [role="alert"]')
    expect(error).to_be_visible(timeout=BOOT_MS)
    expected = json.loads(open_document("TBSC55-2026:B0/P:final/R:1/M:3/C:1", "vector"))["errors"][0]["zh"]
    assert expected in error.inner_text()


def test_a_report_opened_is_checked_as_verify_checks_it(page: Page, base_url: str, tmp_path: Path) -> None:
    """Issue 20 (8): a report of this program opened in the calculator (zh) — verified, then changed by one
    character, then a page that is not a report; each verdict and refusal the engine's, in the page's language."""
    document = make_document(64, raters=2)
    html = json.loads(report(canonical(document), "zh", "2026-12-06"))["html"].encode("utf-8")
    forged = html.replace(b"</h1>", b" </h1>", 1)
    files = {"报告.html": html, "改过.html": forged, "页面.html": b"<!doctype html><p>hello</p>"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    goto(page, base_url, "zh")
    message = page.locator('[data-testid="message"]')
    page.set_input_files('[data-testid="open-file"]', str(tmp_path / "报告.html"))
    expect(message).to_contain_text(json.loads(open_file(html))["report"]["zh"], timeout=BOOT_MS)
    expect(message).to_contain_text("已打开报告“报告.html”")
    expect(message).to_have_class(re.compile(r"calc-message--info"))
    wait_result(page, engine(document))  # its evaluation is the form's, graded
    page.set_input_files('[data-testid="open-file"]', str(tmp_path / "改过.html"))
    differs = json.loads(open_file(forged))["report"]["zh"]
    assert differs.startswith("报告不一致：第 ")
    expect(message).to_contain_text(differs, timeout=RESULT_MS)
    expect(message).to_have_class(re.compile(r"calc-message--error"))
    page.set_input_files('[data-testid="open-file"]', str(tmp_path / "页面.html"))
    refusal = json.loads(open_file(files["页面.html"]))["errors"][0]["zh"]
    expect(message).to_contain_text(refusal, timeout=RESULT_MS)
    expect(message).to_contain_text("无法打开“页面.html”")
