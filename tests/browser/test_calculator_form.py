"""Issue 10 in the calculator: refusals named as the engine names them, an honest "Copy link", results figure by
figure as the form fills, errors linked to their fields, the page's language throughout, layout and keyboard,
explanations of what is asked, and large rater sets.

As in test_calculator.py, every expected figure, name and message comes from the engine run in this test process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scoring.browser import evaluate_document, open_document

from .test_calculator import (
    BOOT_MS,
    LANGS,
    RESULT_MS,
    alpha,
    assert_shows,
    clause_ids,
    engine,
    fill_form,
    goto,
    item_ids,
    make_document,
    model,
    open_evaluation,
    value,
    wait_ready,
    wait_result,
)


def partial(document: dict[str, Any]) -> dict[str, Any]:
    payload = json.loads(evaluate_document(json.dumps(document)))
    assert not payload["ok"]
    return payload["partial"]  # type: ignore[no-any-return]


def star_name(stars: int, lang: str) -> str:
    return next(s[lang] for s in model()["stars"] if s["stars"] == stars)


def grade_name(grade: int, lang: str) -> str:
    return next(g[lang] for g in model()["grades"] if g["grade"] == grade)


def fill_levels(page: Page, document: dict[str, Any]) -> None:
    for clause, level in document["management"]["levels"].items():
        page.select_option(f'[data-testid="level-{clause}"]', str(level))


def fill_rater(page: Page, r: int, rater: dict[str, Any]) -> None:
    for item, typed in rater["alpha"].items():
        alpha(page, r, item).fill(str(typed))


# --- 1. a refusal is named, never "null" ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_refusal_reads_not_certified_in_the_pages_language(page: Page, base_url: str, lang: str) -> None:
    document = make_document(31, raters=1, conformity=False)
    result = engine(document)
    assert result["certification"]["stars"] == 0
    goto(page, base_url, lang)
    fill_form(page, document)
    wait_result(page, result)
    stars = page.locator('[data-testid="stars"]')
    assert stars.inner_text() == star_name(0, lang)
    assert "null" not in page.locator('[data-testid="results"]').inner_text()
    assert value(page, "management-grade") == str(result["management"]["grade"])
    assert page.inner_text('[data-testid="management-grade"]') == grade_name(result["management"]["grade"], lang)
    # The reasons under the figures read as one sentence, the engine's: "…; the scores alone would reach …".
    assert len(result["certification"]["reasons"]) > 1
    note = page.inner_text('[data-testid="note"]')
    assert note == result["certification"]["summary"][lang]
    assert "; The " not in note


# --- 2. "Copy link" never claims what it did not do ----------------------------------------------------------

CLIPBOARD_SPY = """
window.__copied = [];
Object.defineProperty(navigator, 'clipboard', {
  value: { writeText: (text) => { window.__copied.push(text); return Promise.resolve(); } },
});
"""


def test_copy_link_while_the_form_is_incomplete_copies_nothing_and_says_so(page: Page, base_url: str) -> None:
    page.add_init_script(CLIPBOARD_SPY)
    goto(page, base_url, "en")
    wait_ready(page)
    alpha(page, 0, "1.1").fill("0.5")
    page.click('[data-testid="copy-link"]')
    message = page.locator('[data-testid="message"]')
    expect(message).to_be_visible()
    expect(message).to_have_attribute("role", "alert")
    assert page.evaluate("window.__copied") == []
    # Complete: the link holds the evaluation, and it is what is copied.
    document = make_document(32, raters=1)
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    page.click('[data-testid="copy-link"]')
    page.wait_for_function("window.__copied.length === 1")
    copied = page.evaluate("window.__copied[0]")
    assert copied.endswith("#" + result["vector"])
    expect(message).to_have_attribute("role", "status")
    # The note is about the form as it was: it goes as soon as the form changes.
    alpha(page, 0, "1.1").fill("0.25")
    expect(message).to_be_hidden()


# --- 3. results figure by figure; errors linked to their fields; the count follows the typing -------------------


def test_each_figure_shows_as_soon_as_its_own_inputs_are_valid(page: Page, base_url: str) -> None:
    """In Chinese: what is shown when is the same on both pages (the figures' words: the form tests above)."""
    document = make_document(33, raters=2)
    goto(page, base_url, "zh")
    wait_ready(page)
    page.click('[data-testid="add-rater"]')
    # One α: its band at once, nothing else.
    first = item_ids()[0]
    typed = document["service"]["raters"][0]["alpha"][first]
    alpha(page, 0, first).fill(typed)
    incomplete = json.loads(json.dumps(document))
    incomplete["service"]["raters"][0]["alpha"] = {i: (typed if i == first else "") for i in item_ids()}
    incomplete["service"]["raters"][1]["alpha"] = dict.fromkeys(item_ids(), "")
    incomplete["management"]["levels"] = dict.fromkeys(clause_ids())
    band = partial(incomplete)["raters"][0]["bands"][0]
    expect(page.locator(f'[data-testid="band-0-{first}"]')).to_have_attribute("data-band", str(band), timeout=RESULT_MS)
    assert value(page, "service-score") == ""
    # Rater 1 complete: its total; the service score waits for rater 2.
    fill_rater(page, 0, document["service"]["raters"][0])
    incomplete["service"]["raters"][0] = {"alpha": document["service"]["raters"][0]["alpha"]}
    expected = partial(incomplete)
    expect(page.locator('[data-testid="rater-0-total"]')).to_have_attribute(
        "data-value", expected["raters"][0]["score"], timeout=RESULT_MS
    )
    assert value(page, "service-score") == ""
    assert value(page, "management-total") == ""
    # Every rater: the service score. Every level: the maturity total and the grade. Not yet the stars? They come
    # with both, and here both are complete only at the end.
    fill_rater(page, 1, document["service"]["raters"][1])
    incomplete["service"]["raters"][1] = {"alpha": document["service"]["raters"][1]["alpha"]}
    expected = partial(incomplete)
    expect(page.locator('[data-testid="service-score"]')).to_have_attribute(
        "data-value", expected["service_score"], timeout=RESULT_MS
    )
    assert value(page, "stars") == ""
    levels = document["management"]["levels"]
    fill_levels(page, document)
    result = engine({**document, "service": {"raters": [{"alpha": r["alpha"]} for r in document["service"]["raters"]]}})
    wait_result(page, result)
    assert value(page, "management-total") == result["management"]["total"]
    # One level unset again: the maturity total and stars go, the service score stays.
    page.select_option(f'[data-testid="level-{clause_ids()[0]}"]', "")
    expect(page.locator('[data-testid="management-total"]')).to_have_attribute("data-value", "", timeout=RESULT_MS)
    assert value(page, "stars") == ""
    assert value(page, "service-score") == result["service"]["score"]
    assert levels  # the document's levels were all entered above


def test_a_bad_alpha_blanks_only_what_depends_on_it(page: Page, base_url: str) -> None:
    document = make_document(34, raters=1)
    goto(page, base_url, "zh")
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    alpha(page, 0, "2.1").fill("1.5")
    expect(page.locator('[data-testid="service-score"]')).to_have_attribute("data-value", "", timeout=RESULT_MS)
    assert value(page, "management-total") == result["management"]["total"]
    assert value(page, "management-grade") == str(result["management"]["grade"])
    bands = page.locator(f'[data-testid="band-0-{item_ids()[0]}"]')
    assert bands.get_attribute("data-band") == str(result["service"]["raters"][0]["items"][0]["band"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_error_summary_links_each_error_to_its_field(page: Page, base_url: str, lang: str) -> None:
    document = make_document(35, raters=1)
    goto(page, base_url, lang)
    fill_form(page, document)
    wait_result(page, engine(document))
    bad = json.loads(json.dumps(document))
    alpha(page, 0, "4.2").fill("0,7")
    bad["service"]["raters"][0]["alpha"]["4.2"] = "0,7"
    error = {e["path"]: e for e in json.loads(evaluate_document(json.dumps(bad)))["errors"]}
    path = 'service.raters[0].alpha["4.2"]'
    link = page.locator(f"[data-testid=problems] a[data-testid=problem][data-path='{path}']")
    expect(link).to_be_visible(timeout=RESULT_MS)
    assert error[path][lang] in page.inner_text('[data-testid="problems"]')
    page.evaluate("window.scrollTo(0, 0)")
    link.click()
    assert page.evaluate("document.activeElement.dataset.testid") == "alpha-0-4.2"
    # The first empty field, linked too.
    alpha(page, 0, "6.1").fill("")
    first_empty = page.locator('[data-testid="first-empty"]')
    expect(first_empty).to_be_visible(timeout=RESULT_MS)
    first_empty.click()
    assert page.evaluate("document.activeElement.dataset.testid") == "alpha-0-6.1"


def test_the_count_of_fields_to_fill_in_follows_the_typing_at_once(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    wait_ready(page)
    total = len(item_ids()) + len(clause_ids())
    note = page.locator('[data-testid="note"]')
    expect(note).to_contain_text(f"{total} fields", timeout=RESULT_MS)
    # Synchronously after the input event: no engine round trip in between.
    after = page.evaluate(
        """() => {
          const el = document.querySelector('[data-testid="alpha-0-1.1"]');
          el.value = '0.5';
          el.dispatchEvent(new Event('input', { bubbles: true }));
          return document.querySelector('[data-testid="note"]').textContent;
        }"""
    )
    assert f"{total - 1} fields" in after


# --- 4. the page's language -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_refusals_of_an_opened_file_are_in_the_pages_language(
    page: Page, base_url: str, tmp_path: Path, lang: str
) -> None:
    bad = {"service": {"raters": [{"alpha": dict.fromkeys(item_ids(), "0.5")}]}}  # no management part
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    refusal = json.loads(open_document(json.dumps(bad), "json"))["errors"][0]
    assert refusal["zh"] != refusal["en"]
    goto(page, base_url, lang)
    page.set_input_files('[data-testid="open-file"]', str(path))
    message = page.locator('[data-testid="message"]')
    expect(message).to_contain_text(path.name, timeout=BOOT_MS)
    other = "en" if lang == "zh" else "zh"
    assert refusal[lang] in message.inner_text()
    assert f" {refusal[other]}" not in message.inner_text()


# --- 5. layout and keyboard ------------------------------------------------------------------------------------


def test_the_rater_tables_headers_sit_over_their_columns(page: Page, base_url: str) -> None:
    goto(page, base_url, "zh")
    heads = page.locator(".calc-items-head span").evaluate_all("els => els.map(e => e.getBoundingClientRect().left)")
    row = page.locator(".calc-item").first
    columns = [
        row.locator(sel).evaluate("e => e.getBoundingClientRect().left")
        for sel in (".calc-item-name", ".calc-item-max", ".calc-alpha", ".calc-band")
    ]
    assert all(abs(h - c) <= 1 for h, c in zip(heads, columns, strict=True)), (heads, columns)


def test_typing_a_dot_on_a_quick_pick_stays_on_the_page(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    url = page.url
    pick = page.locator(".calc-pick").first
    pick.focus()
    for key in (".", ",", "n", "p"):
        page.keyboard.press(key)
    assert page.url == url
    assert page.evaluate("document.activeElement.classList.contains('calc-pick')")


SKIPS = [
    ("skip-raters", "calc-service-title"),
    ("skip-management", "calc-management-title"),
    ("skip-result", "calc-summary-title"),
]


def test_skip_links_take_the_focus_past_the_form(page: Page, base_url: str) -> None:
    goto(page, base_url, "zh")
    document = make_document(36, raters=1)
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    for testid, target in SKIPS:
        page.focus(f'[data-testid="{testid}"]')
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target, testid
        assert page.evaluate("location.hash") == "#" + result["vector"]  # the link's evaluation is untouched
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.calc') !== null"), testid


def test_a_raters_sheet_collapses_and_opens(page: Page, base_url: str) -> None:
    """The sheet's toggle button stays in the page while its sheet is drawn again around it, and keeps the focus
    (form.js, redrawRater): a keyboard user's next key acts where it did."""
    goto(page, base_url, "en")
    alpha(page, 0, "1.1").fill("0.75")
    toggle = page.locator('[data-testid="rater-0-toggle"]')
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.evaluate("button => { button.dataset.marked = 'kept'; }")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.locator('[data-testid="rater-0"] .calc-alpha').count() == 0
    toggle = page.locator('[data-testid="rater-0-toggle"]')
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("data-marked") == "kept"  # the same button
    assert page.evaluate("document.activeElement.dataset.testid") == "rater-0-toggle"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert alpha(page, 0, "1.1").input_value() == "0.75"  # nothing typed is lost
    assert page.evaluate("document.activeElement.dataset.marked") == "kept"
    # The sheet drawn again works as one drawn whole: its α field grades, its name field edits.
    alpha(page, 0, "1.1").fill("0.5")
    page.fill('[data-testid="rater-0-name"]', "R-kept")
    toggle.click()
    toggle.click()
    assert alpha(page, 0, "1.1").input_value() == "0.5"
    assert page.input_value('[data-testid="rater-0-name"]') == "R-kept"


def test_spaces_around_a_typed_alpha_are_dropped_by_the_form(page: Page, base_url: str) -> None:
    document = make_document(38, raters=1)
    goto(page, base_url, "en")
    fill_form(page, document)
    alpha(page, 0, "1.1").fill(f" {document['service']['raters'][0]['alpha']['1.1']} ")
    result = engine(document)
    wait_result(page, result)
    assert page.locator('[aria-invalid="true"]').count() == 0
    alpha(page, 0, "1.1").blur()
    assert alpha(page, 0, "1.1").input_value() == document["service"]["raters"][0]["alpha"]["1.1"]
    # A file keeps its spaces, and is refused.
    spaced = json.loads(json.dumps(document))
    spaced["service"]["raters"][0]["alpha"]["1.1"] = " 0.5 "
    assert not json.loads(open_document(json.dumps(spaced), "json"))["ok"]


# --- 6. what is asked, explained -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_alpha_and_the_levels_are_explained_on_the_page(page: Page, base_url: str, lang: str) -> None:
    m = model()
    goto(page, base_url, lang)
    help_ = page.locator('[data-testid="alpha-help"]')
    help_.locator("summary").click()
    text = help_.inner_text()
    for band in m["bands"]:
        assert band[lang] in text and band["interval"] in text
        assert page.inner_text(f'[data-testid="pick-{band["band"]}"]') == band["pick"]
    hrefs = help_.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "../" + m["links"]["alpha"] in hrefs and "../" + m["links"]["picks"] in hrefs
    options = page.locator(f'[data-testid="level-{clause_ids()[0]}"] option').all_inner_texts()
    for level in m["level_names"]:
        option = next(o for o in options if o.startswith(level[lang]))
        assert level[f"model_{lang}"] in option
    hrefs = page.locator('[data-testid="level-help"] a').evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert hrefs == ["../" + m["links"]["level_model"], "../" + m["links"]["appendix_2"]]
    # Each profile in plain words: what each star level asks.
    for profile in m["profiles"]:
        label = page.locator(".calc-radio", has=page.locator(f'[data-testid="profile-{profile["id"]}"]'))
        assert profile[lang] in label.inner_text() and profile["summary"][lang] in label.inner_text()


# --- 7. many raters ----------------------------------------------------------------------------------------------


def test_a_large_rater_set_is_listed_a_page_at_a_time_and_edited_rater_by_rater(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    document = make_document(39, raters=3000)
    result = open_evaluation(page, base_url, "en", document, tmp_path)
    assert value(page, "service-score") == result["service"]["score"]
    # A page of raters, each with its total; no sheet drawn until it is opened.
    rows = page.locator(".calc-rater")
    assert 0 < rows.count() < 100
    assert page.locator(".calc-alpha").count() == 0
    for r in range(rows.count()):
        total = page.locator(f'[data-testid="rater-{r}-total"]')
        assert total.get_attribute("data-value") == result["service"]["raters"][r]["score"]
    page.click('[data-testid="raters-next"]')
    shown = page.locator(".calc-rater").first.get_attribute("data-testid")
    assert shown == f"rater-{rows.count()}"
    # The engine writes out the figures of the raters shown: the second page's totals come with it.
    size = rows.count()
    last = page.locator(f'[data-testid="rater-{2 * size - 1}-total"]')
    expect(last).to_have_attribute("data-value", result["service"]["raters"][2 * size - 1]["score"], timeout=RESULT_MS)
    for r in range(size, 2 * size):
        total = page.locator(f'[data-testid="rater-{r}-total"]')
        assert total.get_attribute("data-value") == result["service"]["raters"][r]["score"]
    # Opening a rater draws its 19 fields; an edit there is graded.
    page.click('[data-testid="raters-prev"]')
    page.click('[data-testid="rater-1-toggle"]')
    assert page.locator(".calc-alpha").count() == len(item_ids())
    alpha(page, 1, "1.1").fill("0.05")
    document["service"]["raters"][1]["alpha"]["1.1"] = "0.05"
    changed = engine(document)
    wait_result(page, changed)
    assert page.get_attribute('[data-testid="rater-1-total"]', "data-value") == changed["service"]["raters"][1]["score"]
    assert_shows_summary(page, changed)


def assert_shows_summary(page: Page, result: dict[str, Any]) -> None:
    assert value(page, "service-score") == result["service"]["score"]
    assert value(page, "management-total") == result["management"]["total"]
    assert value(page, "stars") == str(result["certification"]["stars"])


def test_the_figures_of_a_small_form_are_still_all_shown(page: Page, base_url: str) -> None:
    """The redesign keeps the full display for a form of a few raters (bands of every rater, clause points)."""
    document = make_document(40, raters=2)
    goto(page, base_url, "en")
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    assert_shows(page, result, "en")


def test_a_large_rater_sets_errors_are_counted_and_linked_across_pages(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    document = make_document(41, raters=300)
    open_evaluation(page, base_url, "en", document, tmp_path)
    # Two wrong α far down the list and one α emptied, then back to the first page.
    for _ in range(10):
        page.click('[data-testid="raters-next"]')
    for r, item, typed in ((250, "2.1", "1,0"), (270, "5.2", "2"), (280, "3.3", "")):
        if page.locator(f'[data-testid="rater-{r}"]').count() == 0:
            page.click('[data-testid="raters-next"]')
        page.click(f'[data-testid="rater-{r}-toggle"]')
        alpha(page, r, item).fill(typed)
        document["service"]["raters"][r]["alpha"][item] = typed
    for _ in range(11):
        page.click('[data-testid="raters-prev"]')
    # Counted across all 300 raters, not only those of the page shown; each wrong one linked to its field.
    expect(page.locator('[data-testid="note"]')).to_have_text("1 field to fill in; 2 not valid.", timeout=RESULT_MS)
    problems = page.locator('[data-testid="problem"]')
    expect(problems).to_have_count(2)
    figures = partial(document)
    assert value(page, "management-total") == figures["management"]["total"]
    assert value(page, "service-score") == ""
    # The link opens the page of rater 271 and its sheet, and moves the focus to the field.
    problems.nth(1).click()
    field = alpha(page, 270, "5.2")
    expect(field).to_be_focused()
    expect(page.locator('[data-testid="raters-page"]')).to_contain_text("251")
    expect(page.locator('[data-testid="band-270-1.1"]')).to_have_attribute(
        "data-band", str(figures["raters"][270]["bands"][0]), timeout=RESULT_MS
    )
    # Mending both and filling the empty one grades the whole form again.
    field.fill("1")
    page.locator('[data-testid="problem"]').first.click()
    alpha(page, 250, "2.1").fill("1")
    page.locator('[data-testid="first-empty"]').click()
    alpha(page, 280, "3.3").fill("0.5")
    for r, item, typed in ((250, "2.1", "1"), (270, "5.2", "1"), (280, "3.3", "0.5")):
        document["service"]["raters"][r]["alpha"][item] = typed
    result = engine(document)
    wait_result(page, result)
    assert_shows_summary(page, result)
    # The trace writes out the steps of the raters shown, and says so; each step keeps its number in the whole trace.
    expect(page.locator('[data-testid="trace-window"]')).to_contain_text("276–300")
    steps = page.locator('[data-testid="trace"] li')
    assert steps.first.get_attribute("value") == "276"
    assert steps.nth(25).get_attribute("value") == "301"
    assert steps.nth(25).inner_text().startswith("5.1.2")


def test_taking_a_rater_out_of_a_large_set_regrades_the_rest(page: Page, base_url: str, tmp_path: Path) -> None:
    document = make_document(42, raters=60)
    open_evaluation(page, base_url, "en", document, tmp_path)
    page.click('[data-testid="rater-3-remove"]')
    del document["service"]["raters"][3]
    result = engine(document)
    wait_result(page, result)
    assert_shows_summary(page, result)
    for r in range(3, 10):
        expect(page.locator(f'[data-testid="rater-{r}-total"]')).to_have_attribute(
            "data-value", result["service"]["raters"][r]["score"]
        )


def test_taking_out_a_rater_keeps_the_others_sheets_as_the_user_left_them(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    """A rater taken out of a small form: the sheets after it move up with what the user did to them (closed, a
    field visited), only those sheets are drawn again, and a field found from the list of problems is the rater's
    own."""
    document = make_document(44, raters=4)
    open_evaluation(page, base_url, "en", document, tmp_path)
    expect(page.locator('[data-testid="rater-1-total"]')).not_to_have_attribute("data-value", "", timeout=RESULT_MS)
    page.locator('[data-testid="rater-0"]').evaluate("e => { e.dataset.kept = 'yes'; }")  # drawn once, then kept
    page.click('[data-testid="rater-3-toggle"]')
    alpha(page, 2, "3.1").fill("")  # rater 2's field emptied: visited, in error
    page.click('[data-testid="rater-1-remove"]')
    document["service"]["raters"][2]["alpha"]["3.1"] = ""
    del document["service"]["raters"][1]
    payload = json.loads(evaluate_document(json.dumps(document)))
    assert not payload["ok"]
    expect(page.locator('[data-testid="rater-2-toggle"]')).to_have_attribute("aria-expanded", "false")
    expect(page.locator('[data-testid="rater-1-toggle"]')).to_have_attribute("aria-expanded", "true")
    assert page.locator('[data-testid="rater-0"]').get_attribute("data-kept") == "yes"
    assert page.locator('[data-testid="rater-3"]').count() == 0
    # The visited empty field moved with its rater, and still shows its error.
    path = 'service.raters[1].alpha["3.1"]'
    message = re.sub(r"[^A-Za-z0-9-]", "_", f"calc-err-{path}")  # dom.js fieldId("err", path)
    expect(page.locator(f"#{message}")).to_be_visible(timeout=RESULT_MS)
    first_empty = page.locator('[data-testid="first-empty"]')
    expect(first_empty).to_be_visible(timeout=RESULT_MS)
    first_empty.click()
    assert page.evaluate("document.activeElement.dataset.testid") == "alpha-1-3.1"
    scores = [rater["score"] for rater in payload["partial"]["raters"]]
    assert scores[1] is None and None not in (scores[0], scores[2])
    for r, score in enumerate(scores):
        expect(page.locator(f'[data-testid="rater-{r}-total"]')).to_have_attribute("data-value", score or "")
