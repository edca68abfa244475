"""Issue 23, point 3: the evaluation as an audit record in the calculator — the record's fields at the top, an
observation beside each clause and each rater's item, collapsed until used; kept by the autosave and the list of
evaluations, saved to a file and opened from it, in the report and the compare view; never in the shared link,
which Copy link says. Hostile text is refused at its field with the engine's words, or shown inert."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from scoring.browser import diff_documents, open_document

from .test_calculator import (
    RESULT_MS,
    alpha,
    as_form,
    form_values,
    linked,
    make_document,
    wait_result,
)
from .test_calculator_library import choose, names

CLAUSE, ITEM = "5.2", "2.1"


def observe(page: Page, testid: str, text: str) -> None:
    """Open an observation's disclosure by keyboard, as a person would, and type into it."""
    button = page.locator(f'[data-testid="{testid}"] > button')
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    field = page.locator(f'[data-testid="{testid}-text"]')
    expect(field).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{button.get_attribute('aria-controls')}").locator("textarea")).to_have_count(1)
    field.fill(text)


def with_notes(document: dict[str, Any]) -> dict[str, Any]:
    noted = json.loads(json.dumps(document))
    noted["record"] = {"date": "2026-12-07", "evaluators": ["王芳", "Li Lei"], "scope": "全部门店"}
    noted["record"]["remarks"] = "<b>x</b>"
    noted["management"]["observations"] = {CLAUSE: "管理评审记录齐全。\n第二行"}
    noted["service"]["raters"][0]["observations"] = {ITEM: "=1+1 <script>alert(1)</script>"}
    return noted


def test_observations_are_typed_kept_saved_opened_and_reported(page: Page, base_url: str, tmp_path: Path) -> None:
    document = make_document(231, raters=1)
    noted = with_notes(document)
    result = linked(page, base_url, "zh", document)
    # Collapsed until used: no observation field is drawn, the record's are.
    assert page.locator(".calc-obs textarea").count() == 0
    expect(page.locator('[data-testid="record"]')).to_be_visible()
    page.fill('[data-testid="record-date"]', "2026-12-07")
    page.fill('[data-testid="record-evaluators"]', "  王芳 \n\nLi Lei")
    page.fill('[data-testid="record-scope"]', "全部门店")
    page.fill('[data-testid="record-remarks"]', "<b>x</b>")
    observe(page, f"obs-{CLAUSE}", "管理评审记录齐全。\n第二行")
    observe(page, f"obs-0-{ITEM}", "=1+1 <script>alert(1)</script>")
    # Never graded: the result stays; the shared link holds the graded inputs only, and Copy link says so.
    wait_result(page, result)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click('[data-testid="copy-link"]')
    expect(page.locator('[data-testid="message"]')).to_contain_text("不含观察记录和评价记录")
    # A reload (the address holds the link) keeps the form, notes and all, as the same evaluation.
    page.reload()
    page.wait_for_selector('[data-testid="service-score"]')
    wait_result(page, result)
    expected = as_form(noted) | {"record": as_form(noted)["record"] | {"evaluators": "  王芳 \n\nLi Lei"}}
    assert form_values(page) == expected
    assert len(names(page)) == 1
    # Save writes the evaluation document with them; opened, the file restores them as a new evaluation.
    with page.expect_download() as download:
        page.click('[data-testid="save"]')
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    saved.pop("name")
    assert saved == json.loads(open_document(json.dumps(noted), "json"))["document"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-testid="reset"]')
    assert form_values(page)["record"]["scope"] == ""
    path = tmp_path / "noted.json"
    path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    page.set_input_files('[data-testid="open-file"]', str(path))
    wait_result(page, result)
    assert form_values(page) == as_form(noted)
    # The report is the record: the observations beside their figures, as text (no markup of theirs runs).
    with page.expect_download() as download:
        page.click('[data-testid="download-report"]')
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "管理评审记录齐全。" in report and "王芳" in report and "Li Lei" in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report and "<script>alert" not in report


def test_an_observation_refused_is_flagged_at_its_field_and_the_figures_stay(page: Page, base_url: str) -> None:
    document = make_document(232, raters=1)
    result = linked(page, base_url, "en", document)
    observe(page, f"obs-0-{ITEM}", "reversed \u202e text")
    field = page.locator(f'[data-testid="obs-0-{ITEM}-text"]')
    expect(field).to_have_attribute("aria-invalid", "true", timeout=RESULT_MS)
    bad = json.loads(json.dumps(document))
    bad["service"]["raters"][0]["observations"] = {ITEM: "reversed \u202e text"}
    error = json.loads(open_document(json.dumps(bad), "json"))["errors"][0]
    assert error["path"] == f'service.raters[0].observations["{ITEM}"]'
    expect(page.locator(f"#{field.get_attribute('aria-describedby')}")).to_have_text(error["en"])
    # The figures of α and levels stay shown (an observation never changes one).
    for item in result["service"]["raters"][0]["items"]:
        band = page.locator(f'[data-testid="band-0-{item["id"]}"]')
        expect(band).to_have_attribute("data-band", str(item["band"]))
    # Collapsed again by its button, the field is hidden and kept; the list of problems names it, shows it again and
    # takes the focus to it.
    toggle = page.locator(f'[data-testid="obs-0-{ITEM}"] > button')
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(field).to_be_hidden()
    summary = page.locator('[data-testid="problems"] a[data-testid="problem"]').first
    expect(summary).to_contain_text(f"{ITEM}")
    summary.click()
    expect(field).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(field).to_have_value("reversed \u202e text")
    field.fill("")
    alpha(page, 0, "1.1").fill(str(document["service"]["raters"][0]["alpha"]["1.1"]))
    wait_result(page, result)


def test_the_compare_view_lists_the_observations_that_differ(page: Page, base_url: str) -> None:
    document = make_document(233, raters=1)
    linked(page, base_url, "en", document)
    observe(page, f"obs-{CLAUSE}", "first reading")
    page.click('[data-testid="library-duplicate"]')
    page.locator(f'[data-testid="obs-{CLAUSE}-text"]').fill("second reading")
    first, _copy = names(page)
    choose(page, first, "compare-saved")
    page.click('[data-testid="compare-saved-run"]')
    rows = page.locator('[data-testid="compare-observations"] tbody tr')
    expect(rows).to_have_count(1, timeout=RESULT_MS)
    a = with_notes(document)
    a["management"]["observations"] = {CLAUSE: "second reading"}
    b = json.loads(json.dumps(document))
    b["management"]["observations"] = {CLAUSE: "first reading"}
    del a["record"], a["service"]["raters"][0]["observations"]
    expected = json.loads(diff_documents(json.dumps(a), json.dumps(b)))["diff"]["observations"]
    assert [o["path"] for o in expected] == [f'management.observations["{CLAUSE}"]']
    expect(rows.first).to_contain_text(CLAUSE)
    expect(rows.first).to_contain_text("second reading")
    expect(rows.first).to_contain_text("first reading")
