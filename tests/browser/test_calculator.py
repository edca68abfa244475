"""The calculator page in a real browser: the form, the engine in Pyodide, sharing, files, autosave, errors.

Every expected figure, message and link comes from the engine run in this test process
(``scoring.browser.evaluate_document`` / ``open_document``); none is written into the test.
"""

from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from scoring.browser import evaluate_document, form_model, open_document
from scoring.document import RECORD_KEYS
from tests.site.test_glossary import missing_renderings, rejected_chinese, rejected_renderings

from .conftest import PHONE, Outside, new_context

LANGS = ("zh", "en")
BOOT_MS = 90_000  # Pyodide's first start in a fresh profile, on a 2-core machine under pytest -n 2
RESULT_MS = 30_000


@cache
def model() -> dict[str, Any]:
    return json.loads(form_model())


def item_ids() -> list[str]:
    return [i["id"] for i in model()["items"]]


def clause_ids() -> list[str]:
    return [c["id"] for c in model()["clauses"]]


def make_document(seed: int, raters: int, profile: str = "final", conformity: bool = True) -> dict[str, Any]:
    """A valid evaluation document with α as the decimal strings a person types."""
    rng = random.Random(seed)
    alphas = ["1", "0.95", "0.9", "0.85", "0.8", "0.75", "0.7", "0.6", "0.55", "0.4"]
    return {
        "profile": profile,
        "service": {
            "raters": [{"id": f"R{r + 1}", "alpha": {i: rng.choice(alphas) for i in item_ids()}} for r in range(raters)]
        },
        "management": {
            "levels": {c: rng.choice([2, 3, 4, 4, 5, 5]) for c in clause_ids()},
            "conformity_passed": conformity,
        },
    }


def engine(document: dict[str, Any]) -> dict[str, Any]:
    payload = json.loads(evaluate_document(json.dumps(document)))
    assert payload["ok"], payload
    return payload["result"]  # type: ignore[no-any-return]


def errors_of(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    payload = json.loads(evaluate_document(json.dumps(document)))
    assert not payload["ok"]
    return {e["path"]: e for e in payload["errors"]}


# --- driving the page --------------------------------------------------------------------------------------


def goto(page: Page, base_url: str, lang: str, fragment: str = "") -> None:
    """Load the calculator (a new document: only the fragment differing would not reload the page)."""
    page.goto("about:blank")
    page.goto(f"{base_url}/{lang}/calculator/" + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector('[data-testid="service-score"]')


def wait_ready(page: Page) -> None:
    page.wait_for_selector('.calc-status[data-state="ready"]', timeout=BOOT_MS)


def alpha(page: Page, rater: int, item: str) -> Any:
    return page.locator(f'[data-testid="alpha-{rater}-{item}"]')


def fill_form(page: Page, document: dict[str, Any]) -> None:
    """Enter a document through the form, as a person would (typing, choosing, ticking)."""
    raters = document["service"]["raters"]
    while page.locator(".calc-rater").count() < len(raters):
        page.click('[data-testid="add-rater"]')
    page.check(f'[data-testid="profile-{document.get("profile", "final")}"]')
    for r, rater in enumerate(raters):
        page.fill(f'[data-testid="rater-{r}-name"]', rater.get("id", ""))
        for item, value in rater["alpha"].items():
            alpha(page, r, item).fill(str(value))
    for clause, level in document["management"]["levels"].items():
        page.select_option(f'[data-testid="level-{clause}"]', str(level))
    conformity = page.locator('[data-testid="conformity"]')
    if conformity.is_checked() != document["management"].get("conformity_passed", True):
        conformity.click()


def wait_result(page: Page, result: dict[str, Any]) -> None:
    """The page shows this result: its evaluation string is in the URL and the summary is filled."""
    page.wait_for_function(
        "v => location.hash === '#' + v && document.querySelector('.calc-summary')?.dataset.state === 'ok'",
        arg=result["vector"],
        timeout=BOOT_MS,
    )


def graded(page: Page, base_url: str, lang: str, document: dict[str, Any]) -> dict[str, Any]:
    """Load the calculator, type ``document`` into the form, and wait for its result (returned)."""
    goto(page, base_url, lang)
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    return result


def linked(page: Page, base_url: str, lang: str, document: dict[str, Any]) -> dict[str, Any]:
    """Load the calculator from a shared link of ``document`` and wait for its result (returned): quicker than typing
    it, for tests whose subject is what follows."""
    result = engine(document)
    goto(page, base_url, lang, result["vector"])
    wait_result(page, result)
    return result


def open_evaluation(page: Page, base_url: str, lang: str, document: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Load the calculator and open ``document`` as a file, as a person does; its result, once shown."""
    path = folder / "evaluation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    goto(page, base_url, lang)
    page.set_input_files('[data-testid="open-file"]', str(path))
    result = engine(document)
    wait_result(page, result)
    return result


def value(page: Page, testid: str) -> str | None:
    return page.get_attribute(f'[data-testid="{testid}"]', "data-value")


def assert_shows(page: Page, result: dict[str, Any], lang: str) -> None:
    """Every figure the page shows is the engine's."""
    assert value(page, "service-score") == result["service"]["score"]
    assert value(page, "management-total") == result["management"]["total"]
    assert value(page, "management-grade") == str(result["management"]["grade"])
    assert value(page, "stars") == str(result["certification"]["stars"])
    reasons = page.locator('[data-testid="reasons"] li').all_inner_texts()
    assert reasons == [r[lang] for r in result["certification"]["reasons"]]
    subtotals = page.locator('[data-testid="subtotals"] tbody tr td:last-child').all_inner_texts()
    assert subtotals == [c["mean_points"] for c in result["service"]["characteristics"]]
    steps = page.locator('[data-testid="trace"] li')
    assert steps.count() == len(result["trace"])
    for k, step in enumerate(result["trace"]):
        assert step[lang] in steps.nth(k).inner_text()
        # Each clause of the step is a link of its own, to its place (5.1.1 itself, appendix 3's note 3) ⑤).
        links = steps.nth(k).locator(".calc-trace-clause a").evaluate_all("l => l.map(a => a.getAttribute('href'))")
        assert links == ["../" + ref["href"] for ref in step["refs"]]
    for r, rater in enumerate(result["service"]["raters"]):
        for item in rater["items"]:
            band = next(b for b in model()["bands"] if b["band"] == item["band"])
            assert page.inner_text(f'[data-testid="band-{r}-{item["id"]}"]') == band[lang]
    for clause in result["management"]["clauses"]:
        assert page.inner_text(f'[data-testid="points-{clause["id"]}"]') == clause["points"]


def form_values(page: Page) -> dict[str, Any]:
    """What the form holds, field by field."""
    return page.evaluate(
        """() => ({
          raters: [...document.querySelectorAll('.calc-rater')].map((r, i) => ({
            name: r.querySelector(`[data-testid="rater-${i}-name"]`).value,
            alpha: Object.fromEntries([...r.querySelectorAll('.calc-alpha')].map(
              (el) => [el.dataset.testid.split('-').slice(2).join('-'), el.value])),
          })),
          levels: Object.fromEntries([...document.querySelectorAll('.calc-level')].map(
            (el) => [el.dataset.testid.slice(6), el.value])),
          profile: document.querySelector('input[name="calc-profile"]:checked').value,
          conformity: document.querySelector('[data-testid="conformity"]').checked,
          organization: document.querySelector('#calc-organization').value,
          observations: Object.fromEntries([...document.querySelectorAll('.calc-clause .calc-obs textarea')]
            .filter((el) => el.value !== '').map((el) => [el.dataset.testid.slice(4, -5), el.value])),
          raterObservations: [...document.querySelectorAll('.calc-rater')].map((r) => Object.fromEntries(
            [...r.querySelectorAll('.calc-obs textarea')].filter((el) => el.value !== '')
              .map((el) => [el.dataset.testid.split('-').slice(2, -1).join('-'), el.value]))),
          record: Object.fromEntries([...document.querySelectorAll('[data-testid^="record-"]')].map(
            (el) => [el.dataset.testid.slice(7), el.value])),
        })"""
    )


def as_form(document: dict[str, Any]) -> dict[str, Any]:
    """The form values that a (canonical) evaluation document fills in."""
    return {
        "raters": [
            {"name": r.get("id") or "", "alpha": {k: str(v) for k, v in r["alpha"].items()}}
            for r in document["service"]["raters"]
        ],
        "levels": {k: str(v) for k, v in document["management"]["levels"].items()},
        "profile": document.get("profile", "final"),
        "conformity": document["management"].get("conformity_passed", True),
        "organization": document.get("organization") or "",
        "observations": document["management"].get("observations", {}),
        "raterObservations": [r.get("observations", {}) for r in document["service"]["raters"]],
        "record": {
            key: "\n".join(value) if isinstance(value, list) else value
            for key, value in (dict.fromkeys(RECORD_KEYS, "") | document.get("record", {})).items()
        },
    }


# --- the form ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_is_drawn_from_the_rules_while_the_engine_loads(page: Page, base_url: str, lang: str) -> None:
    # Pyodide's WebAssembly file is held back until the loading stage has been read: a warm start (a stored
    # snapshot) can otherwise be ready before the test looks.
    held: list[Route] = []

    def hold(route: Route) -> None:  # a function: Playwright does not take a bound builtin such as held.append
        held.append(route)

    page.route("**/pyodide.asm.wasm", hold)
    goto(page, base_url, lang)
    m = model()
    # The form is there at once; the status names a loading stage until the engine is ready.
    assert page.locator(".calc-alpha").count() == len(m["items"])
    assert page.locator(".calc-level").count() == len(m["clauses"])
    # Pyodide takes seconds to start; meanwhile the status names the stage it has reached.
    stages = {
        "zh": ("下载中", "启动 Python", "加载规则"),
        "en": ("Downloading", "Starting Python", "Loading the rules"),
    }
    assert page.locator('.calc-status[data-state="progress"] [aria-current="step"]').inner_text() in stages[lang]
    for route in held:
        route.continue_()
    wait_ready(page)
    for item in m["items"]:
        field = alpha(page, 0, item["id"])
        assert field.get_attribute("inputmode") == "decimal"
        label = field.get_attribute("aria-label") or ""
        assert item["id"] in label and item[lang] in label
        row = page.locator(".calc-item", has=field)
        assert row.locator("a.calc-num").get_attribute("href") == "../" + item["href"]
        assert row.locator("label").inner_text() == item[lang]
        picks = row.locator(".calc-pick")
        picked = [picks.nth(k).get_attribute("data-pick") for k in range(picks.count())]
        assert picked == [b["pick"] for b in m["bands"]]
    for clause in m["clauses"]:
        select = page.locator(f'[data-testid="level-{clause["id"]}"]')
        assert clause[lang] in (select.get_attribute("aria-label") or "")
        row = page.locator(".calc-clause", has=select)
        hrefs = row.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs == ["../" + clause["href"], "../" + clause["a4_href"]]
    profiles = page.locator(".calc-profile a").get_attribute("href")
    assert profiles == "../" + m["links"]["profiles"]
    # Nothing to grade yet: no result, and no field flagged before it was touched.
    assert value(page, "stars") == ""
    assert page.locator('[aria-invalid="true"]').count() == 0


@pytest.mark.parametrize(
    ("lang", "document"),
    [
        ("zh", make_document(1, raters=1)),
        ("en", make_document(2, raters=2, profile="table")),
        ("zh", make_document(3, raters=3, conformity=False)),
        ("en", make_document(4, raters=1)),
    ],
    ids=["zh-1-rater", "en-2-raters-table", "zh-3-raters-conformity-failed", "en-1-rater"],
)
def test_results_are_the_engines(page: Page, base_url: str, lang: str, document: dict[str, Any]) -> None:
    goto(page, base_url, lang)
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    assert_shows(page, result, lang)


def test_quick_picks_set_alpha_to_the_bands_pick_and_show_the_band(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    document = make_document(5, raters=1)
    fill_form(page, document)
    for band, item in zip(model()["bands"], item_ids(), strict=False):
        page.locator(".calc-item", has=alpha(page, 0, item)).locator(f'.calc-pick[data-pick="{band["pick"]}"]').click()
        document["service"]["raters"][0]["alpha"][item] = band["pick"]
        assert alpha(page, 0, item).input_value() == band["pick"]
    result = engine(document)
    wait_result(page, result)
    assert_shows(page, result, "en")


def test_the_form_works_by_keyboard_alone(page: Page, base_url: str) -> None:
    goto(page, base_url, "zh")
    items, bands = item_ids(), model()["bands"]
    first = alpha(page, 0, items[0])
    first.focus()
    page.keyboard.type("0.9")
    # The five quick picks are one radio group: one Tab stop (the first pick while none is checked) ...
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.pick") == bands[0]["pick"]
    # ... the arrow keys move the choice and set α (wrapping round) ...
    page.keyboard.press("ArrowRight")
    assert first.input_value() == bands[1]["pick"]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert first.input_value() == bands[-1]["pick"]
    page.keyboard.press("Home")
    assert first.input_value() == bands[0]["pick"]
    picks = page.locator(".calc-item", has=first).locator(".calc-pick")
    assert picks.evaluate_all("bs => bs.map(b => [b.getAttribute('aria-checked'), b.tabIndex])") == [
        ["true", 0],
        *[["false", -1]] * (len(bands) - 1),
    ]
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert focused[0] != "none" and focused[1] != "0px"  # the focus is visible
    # ... and the next Tab leaves the group: the item's observation (collapsed: its button), the next item's link
    # to its row of appendix 1, then its α (four stops an item, seven before).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.parentElement.dataset.testid") == f"obs-0-{items[0]}"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == f"alpha-0-{items[1]}"
    for _ in range(3):
        page.keyboard.press("Shift+Tab")  # back to the group's checked pick
    assert page.evaluate("document.activeElement.getAttribute('aria-checked')") == "true"
    select = page.locator(f'[data-testid="level-{clause_ids()[0]}"]')
    select.focus()
    page.keyboard.press("ArrowDown")
    assert select.input_value() != ""
    # A digit typed on a level picks that level; a Chinese input method's full-width digit too.
    # (Playwright types no full-width key: the input method's keydown is dispatched as the browser sends it.)
    for key, level in (("4", "4"), ("２", "2"), ("9", "2")):  # 9: no such level, nothing changes
        if key.isascii():
            page.keyboard.press(key)
        else:
            select.dispatch_event("keydown", {"key": key, "bubbles": True})
        assert select.input_value() == level, key


# --- bad input --------------------------------------------------------------------------------------------------


BAD_ALPHA = ["1.5", "", "abc", "0,8", "80"]  # out of range, empty, letters, a decimal comma, a percentage


@pytest.mark.parametrize("lang", LANGS)
def test_bad_alpha_is_flagged_at_its_field_with_the_engines_message(page: Page, base_url: str, lang: str) -> None:
    document = make_document(6, raters=1)
    linked(page, base_url, lang, document)
    items = item_ids()[3 : 3 + len(BAD_ALPHA)]
    bad = json.loads(json.dumps(document))
    for item, typed in zip(items, BAD_ALPHA, strict=True):
        alpha(page, 0, item).fill(typed)
        bad["service"]["raters"][0]["alpha"][item] = typed
    alpha(page, 0, items[-1]).blur()
    errors = errors_of(bad)
    for item, typed in zip(items, BAD_ALPHA, strict=True):
        field = alpha(page, 0, item)
        expect(field).to_have_attribute("aria-invalid", "true", timeout=RESULT_MS)
        described = field.get_attribute("aria-describedby")
        assert described, typed
        message = errors[f'service.raters[0].alpha["{item}"]'][lang]
        assert page.locator(f"#{described}").inner_text().endswith(message), typed
        if typed == "80":
            assert "0.8" in message, message  # the fraction it likely means
    assert page.locator('[aria-invalid="true"]').count() == len(BAD_ALPHA)
    # No result while the input is bad, and no stale evaluation in the URL.
    assert value(page, "stars") == ""
    assert page.evaluate("location.hash") == ""
    # The rest of the page keeps working: other fields, and the result once the fields are mended.
    changed = json.loads(json.dumps(document))
    changed["management"]["levels"][clause_ids()[0]] = 1
    page.select_option(f'[data-testid="level-{clause_ids()[0]}"]', "1")
    for item in items:
        alpha(page, 0, item).fill("0.5")
        changed["service"]["raters"][0]["alpha"][item] = "0.5"
    # A Chinese input method's full-width digits and stop are the same number; the field shows it as read.
    alpha(page, 0, items[0]).fill("０．５")
    alpha(page, 0, items[0]).blur()
    result = engine(changed)
    wait_result(page, result)
    assert page.locator('[aria-invalid="true"]').count() == 0
    assert_shows(page, result, lang)
    expect(alpha(page, 0, items[0])).to_have_value("0.5")


# --- sharing, files, autosave -------------------------------------------------------------------------------


def test_a_shared_link_reopens_the_evaluation_in_both_languages(page: Page, base_url: str) -> None:
    document = make_document(7, raters=2)
    document["organization"] = 'ACME <img src=x onerror="window.pwned=1"> & Co'
    document["service"]["raters"][1]["id"] = "<b>李四</b>"
    goto(page, base_url, "zh")
    page.fill("#calc-organization", document["organization"])
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    fragment = page.evaluate("location.hash.slice(1)")
    assert fragment == result["vector"]
    # The language switch keeps the evaluation.
    switch = page.get_attribute('a.md-select__link[hreflang="en"]', "href") or ""
    assert switch.endswith("#" + fragment)
    canonical = json.loads(open_document(fragment, "vector"))["document"]
    page.evaluate("localStorage.clear()")  # as for another person: only the link holds the evaluation
    shown: dict[str, str] = {}
    for lang in LANGS:
        other = page.context.new_page()
        goto(other, base_url, lang, fragment)
        wait_result(other, result)
        assert form_values(other) == as_form(canonical)
        assert_shows(other, result, lang)
        # Text from the link is text, never markup.
        assert other.locator(".calc img, .calc b").count() == 0
        assert other.evaluate("window.pwned") is None
        assert other.locator('[data-testid="rater-scores"]').inner_text().count("<b>李四</b>") == 1
        shown[lang] = other.locator(".calc").text_content() or ""  # help and collapsed details too
        other.close()
    # One vocabulary (issue 21): the page, as drawn, says each glossary term the Chinese page uses in its English.
    assert missing_renderings(shown["zh"], shown["en"], short=True) == []
    assert rejected_renderings(shown["zh"], shown["en"]) == []
    assert rejected_chinese(shown["zh"]) == []


def test_a_bad_shared_link_is_reported_and_the_form_kept(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    field = alpha(page, 0, item_ids()[0])
    field.fill("0.7")  # autosaved
    page.wait_for_timeout(300)
    bad = "TBSC55-2026:B0/P:final/R:2,0.5/M:1/C:1"
    goto(page, base_url, "en", bad)
    message = page.locator('[data-testid="message"]')
    expect(message).to_be_visible(timeout=BOOT_MS)
    error = json.loads(open_document(bad, "vector"))["errors"][0]
    assert error["en"] in message.inner_text()
    assert alpha(page, 0, item_ids()[0]).input_value() == "0.7"


def test_open_and_save_evaluation_files(page: Page, base_url: str, tmp_path: Path) -> None:
    goto(page, base_url, "zh")
    typed = alpha(page, 0, item_ids()[0])
    typed.fill("0.3")
    # A file the engine refuses: reported with the engine's words, the form unchanged.
    bad = make_document(8, raters=1)
    bad["service"]["raters"][0]["alpha"][item_ids()[2]] = 1.5
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad), encoding="utf-8")
    page.set_input_files('[data-testid="open-file"]', str(bad_file))
    message = page.locator('[data-testid="message"]')
    expect(message).to_contain_text("bad.json", timeout=BOOT_MS)
    refusal = json.loads(open_document(json.dumps(bad), "json"))
    assert not refusal["ok"]
    assert refusal["errors"][0]["zh"] in message.inner_text()
    assert typed.input_value() == "0.3"
    broken = tmp_path / "broken.json"
    broken.write_text('{"service": ', encoding="utf-8")
    page.set_input_files('[data-testid="open-file"]', str(broken))
    expect(message).to_contain_text("broken.json")
    assert json.loads(open_document('{"service": ', "json"))["errors"][0]["zh"] in message.inner_text()
    assert typed.input_value() == "0.3"
    # A good file fills the form and is graded.
    good = make_document(9, raters=2, profile="table")
    good_file = tmp_path / "good.json"
    good_file.write_text(json.dumps(good), encoding="utf-8")
    page.set_input_files('[data-testid="open-file"]', str(good_file))
    result = engine(good)
    wait_result(page, result)
    assert form_values(page) == as_form(json.loads(open_document(json.dumps(good), "json"))["document"])
    assert_shows(page, result, "zh")
    # Save downloads the canonical JSON evaluation file, with the evaluation's name; named by the date (no
    # organization: the fallback).
    name = page.locator('[data-testid="library-select"] option:checked')
    with page.expect_download() as download:
        page.click('[data-testid="save"]')
    assert re.fullmatch(r"tbsc55-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved.pop("name") == name.inner_text()
    assert saved == json.loads(open_document(json.dumps(good), "json"))["document"]
    # An incomplete form, with a wrong value, saves as a draft; reset, then opened, it is exactly as it was, name
    # included, and shows what is wrong.
    page.once("dialog", lambda dialog: dialog.accept("第一天 草稿"))
    page.click('[data-testid="library-rename"]')
    page.fill("#calc-organization", 'ACME/深圳 "北区"')
    alpha(page, 0, item_ids()[0]).fill("0,8")
    alpha(page, 1, item_ids()[1]).fill("")
    page.select_option(f'[data-testid="level-{clause_ids()[0]}"]', "")
    before = form_values(page)
    with page.expect_download() as download:
        page.click('[data-testid="save"]')
    draft_name = download.value.suggested_filename
    assert re.fullmatch(r"ACME_深圳 _北区-草稿-\d{4}-\d{2}-\d{2}\.json", draft_name), draft_name
    expect(message).to_contain_text(f"草稿“{draft_name}”：2 项未填写，1 项有误")
    draft = tmp_path / draft_name
    download.value.save_as(draft)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-testid="reset"]')
    assert form_values(page) != before
    page.set_input_files('[data-testid="open-file"]', str(draft))
    expect(message).to_contain_text(f"已打开草稿“{draft_name}”")
    assert form_values(page) == before
    assert name.inner_text() == "第一天 草稿"
    expect(alpha(page, 0, item_ids()[0])).to_have_attribute("aria-invalid", "true")


def test_autosave_keeps_everything_typed_across_a_reload(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    page.click('[data-testid="add-rater"]')
    page.fill('[data-testid="rater-1-name"]', "Ms Wu")
    alpha(page, 0, "1.1").fill("0.75")
    alpha(page, 1, "7").fill("0,8")  # not valid: kept all the same
    page.select_option(f'[data-testid="level-{clause_ids()[-1]}"]', "3")
    page.check('[data-testid="profile-table"]')
    before = form_values(page)
    page.wait_for_timeout(300)
    page.reload()
    page.wait_for_selector('[data-testid="rater-1-name"]')
    assert form_values(page) == before
    # The other language's page restores the same form.
    goto(page, base_url, "zh")
    assert form_values(page) == before


def test_a_shared_link_wins_over_the_autosave(page: Page, base_url: str) -> None:
    goto(page, base_url, "zh")
    alpha(page, 0, "1.1").fill("0.1")
    page.wait_for_timeout(300)
    document = make_document(10, raters=1)
    result = engine(document)
    goto(page, base_url, "zh", result["vector"])
    wait_result(page, result)
    assert form_values(page) == as_form(json.loads(open_document(result["vector"], "vector"))["document"])


def test_reset_asks_first(page: Page, base_url: str) -> None:
    goto(page, base_url, "en")
    alpha(page, 0, "1.1").fill("0.75")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click('[data-testid="reset"]')
    assert alpha(page, 0, "1.1").input_value() == "0.75"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-testid="reset"]')
    assert alpha(page, 0, "1.1").input_value() == ""
    page.reload()
    page.wait_for_selector('[data-testid="alpha-0-1.1"]')
    assert alpha(page, 0, "1.1").input_value() == ""


# --- the engine failing -------------------------------------------------------------------------------------


def test_wasm_that_cannot_load_gives_a_clear_message(page: Page, base_url: str) -> None:
    def not_wasm(route: Route) -> None:
        route.fulfill(status=200, content_type="text/plain", body=b"this is not WebAssembly")

    page.route("**/*.wasm", not_wasm)
    goto(page, base_url, "en")
    failed = page.locator('.calc-status[data-state="failed"]')
    expect(failed).to_be_visible(timeout=BOOT_MS)
    assert "could not start" in failed.inner_text()
    assert page.locator(".calc-stagebar").count() == 0  # no progress shown for an engine that will not come
    # The form still works and keeps what is typed.
    alpha(page, 0, "1.1").fill("0.5")
    page.reload()
    page.wait_for_selector('[data-testid="alpha-0-1.1"]')
    assert alpha(page, 0, "1.1").input_value() == "0.5"


def test_a_dead_worker_is_restarted_and_the_input_recomputed(page: Page, base_url: str) -> None:
    starts: list[str] = []

    def crash_first(route: Route) -> None:
        starts.append(route.request.url)
        if len(starts) == 1:
            route.fulfill(status=200, content_type="text/javascript", body=b'throw new Error("worker crashed");')
        else:
            route.continue_()

    page.route("**/assets/calculator/worker.js", crash_first)
    goto(page, base_url, "zh")
    document = make_document(11, raters=1)
    fill_form(page, document)
    result = engine(document)
    wait_result(page, result)
    assert len(starts) == 2
    assert_shows(page, result, "zh")


def test_pyodides_webassembly_is_asked_for_once_and_first(page: Page, base_url: str) -> None:
    """The page asks for pyodide.asm.wasm as its <head> is read (a preload, which boot.js's request takes), before
    the worker's script, and hands the download to the worker, whose Pyodide loader gets it (worker.js,
    withEarlyWasm): one request for it, although this context's route has turned the HTTP cache off; and the
    package's zip is asked for after it (once the runtime's files are in: a start without a stored snapshot, which
    a warm start, its files in the browser's copies, asks for at once)."""
    page.goto(f"{base_url}/en/404.html")
    page.evaluate("caches.delete('tbsc55-calculator-pyodide')")  # no snapshot stored by an earlier test
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]))
    document = make_document(12, raters=2)
    result = engine(document)
    goto(page, base_url, "en", result["vector"])
    wait_result(page, result)
    runtime = [name for name in asked if name.startswith(("pyodide", "python_stdlib", "scoring-", "worker.js"))]
    assert runtime.count("pyodide.asm.wasm") == 1, runtime
    assert runtime.index("pyodide.asm.wasm") < runtime.index("worker.js") < runtime.index("pyodide.mjs"), runtime
    assert runtime[-1].startswith("scoring-"), runtime


@pytest.mark.parametrize("failure", ["server error", "connection cut"])
def test_pyodides_webassembly_is_asked_for_again_when_the_early_request_fails(
    page: Page, base_url: str, failure: str
) -> None:
    """The page's early request for pyodide.asm.wasm fails (boot.js hands over nothing): the worker asks again
    (worker.js), and the result comes as always."""
    asked: list[str] = []

    def fail_first(route: Route) -> None:
        asked.append(route.request.url)
        if len(asked) > 1:
            route.continue_()
        elif failure == "server error":
            route.fulfill(status=503, body=b"busy")
        else:
            route.abort("connectionreset")

    page.route("**/pyodide/pyodide-*/pyodide.asm.wasm", fail_first)
    document = make_document(14, raters=1)
    result = engine(document)
    goto(page, base_url, "zh", result["vector"])
    wait_result(page, result)
    assert_shows(page, result, "zh")
    assert len(asked) == 2, asked  # the page's early request, then the worker's own


# A browser that cannot transfer a stream to a worker: postMessage refuses one, as a DataCloneError.
NO_STREAM_TRANSFER = """
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, transfer) {
  if (Array.isArray(transfer) && transfer.some((item) => item instanceof ReadableStream))
    throw new DOMException("ReadableStream could not be cloned.", "DataCloneError");
  return post.call(this, message, transfer);
};
"""


def test_a_browser_that_cannot_hand_a_stream_to_a_worker_still_shows_the_result(page: Page, base_url: str) -> None:
    """boot.js cannot hand its download over (no transferable streams): it cancels it, says so to the worker, and
    the worker asks for the file itself."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]))
    page.add_init_script(NO_STREAM_TRANSFER)
    document = make_document(15, raters=1)
    result = engine(document)
    goto(page, base_url, "en", result["vector"])
    wait_result(page, result)
    assert_shows(page, result, "en")
    assert asked.count("pyodide.asm.wasm") == 2, asked  # the page's, given up, then the worker's


# --- the site's search on this page ---------------------------------------------------------------------------

PAGEFIND_REQUESTED = "performance.getEntriesByType('resource').some((e) => e.name.includes('/pagefind/'))"


def search_on_page(page: Page, query: str) -> None:
    """Open the header's search and wait until its list answers ``query`` with at least one result."""
    page.click(".site-search__open")
    page.fill(".site-search__input", query)
    page.wait_for_function(
        "q => { const list = document.querySelector('.site-search__results');"
        " return list.dataset.query === q && list.querySelector('a') !== null; }",
        arg=query,
        timeout=RESULT_MS,
    )


def test_the_search_fetches_nothing_until_the_reader_opens_it(page: Page, base_url: str) -> None:
    """Pagefind's files load when the reader opens the search, so the engine's start-up has the page to itself."""
    document = make_document(14, raters=2)
    result = engine(document)
    goto(page, base_url, "zh", result["vector"])
    wait_result(page, result)
    page.wait_for_load_state("networkidle")
    assert not page.evaluate(PAGEFIND_REQUESTED)
    # … and the search works here as on every page.
    search_on_page(page, "应急")
    assert page.evaluate(PAGEFIND_REQUESTED)


def test_a_reader_who_searches_while_the_engine_starts_is_not_kept_waiting(
    browser: Browser, outside: Outside, base_url: str
) -> None:
    context = new_context(browser, outside)
    # The engine's start is held (its worker's manifest kept back) until the search has answered: a search that
    # waited for the engine would never answer. (A cold start is ~1 s now: left to itself it may win the race.)
    held: list[Route] = []

    def hold(route: Route) -> None:  # a function: Playwright does not take a bound builtin such as held.append
        held.append(route)

    context.route("**/pyodide/runtime.json", hold)
    page = context.new_page()
    page.add_init_script(
        "window.__stamps = {}; new MutationObserver(() => { if (!window.__stamps.ready &&"
        " document.querySelector('.calc-status[data-state=\"ready\"]')) window.__stamps.ready = performance.now();"
        " }).observe(document, { subtree: true, childList: true, attributes: true });"
    )
    goto(page, base_url, "en")
    search_on_page(page, "certification")
    answered = page.evaluate("performance.now()")
    assert held, "the engine's worker did not ask for its manifest"
    assert page.evaluate("window.__stamps.ready") is None  # the engine is still starting
    for route in held:
        route.continue_()
    wait_ready(page)
    assert answered < page.evaluate("window.__stamps.ready")  # the results came before the engine was ready
    context.close()


# --- the page leaves nothing ----------------------------------------------------------------------------------


def test_no_request_leaves_127_0_0_1(browser: Browser, outside: Outside, base_url: str) -> None:
    requests: list[str] = []
    context = new_context(browser, outside)  # a fresh profile: everything is requested
    context.on("request", lambda request: requests.append(request.url))
    for lang in LANGS:
        page = context.new_page()
        document = make_document(12, raters=1)
        linked(page, base_url, lang, document)
        search_on_page(page, {"zh": "应急", "en": "audit"}[lang])  # the site's search: Pagefind, its worker and index
        page.wait_for_load_state("networkidle")
        page.close()
    assert any(url.endswith(".wasm") for url in requests)  # the worker's requests are seen too
    context.close()
    assert all(re.match(r"^(https?://127\.0\.0\.1[:/]|data:|blob:)", url) for url in requests), requests


def test_spec_pages_load_no_calculator(page: Page, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base_url}/zh/spec/chapter-5/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "calculator" in url or "pyodide" in url]


# --- phones -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_phone_screen_reflows_the_form(phone: Page, base_url: str, lang: str) -> None:
    document = make_document(37, raters=1, conformity=False)
    result = linked(phone, base_url, lang, document)
    mini = phone.locator('[data-testid="mini-result"]')
    expect(mini).to_have_attribute("data-shown", "false")  # the result box is on the screen
    # Scrolled to a field far down, the result box is not on screen (it does not stay in view on a phone) …
    phone.locator(f'[data-testid="level-{clause_ids()[-1]}"]').focus()
    box = phone.locator('[data-testid="results"]').evaluate("e => e.getBoundingClientRect().bottom")
    assert box <= 0
    # … the compact result stays at the top instead, one line under the header, with the box's figures …
    expect(mini).to_have_attribute("data-shown", "true")
    assert mini.evaluate("e => e.getBoundingClientRect().height") <= PHONE["height"] * 0.06
    figures = [value(phone, testid) for testid in ("service-score", "management-total")]
    assert all(figure and figure in mini.inner_text() for figure in figures), (figures, mini.inner_text())
    assert result["service"]["score"] in mini.inner_text()
    # … and it leads back to the box (its title takes the focus).
    mini.click()
    assert phone.evaluate("document.activeElement.id") == "calc-summary-title"
    # The box's note is shown whole, not cut.
    note = phone.locator('[data-testid="note"]')
    assert note.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    alpha(phone, 0, "1.2").fill("1.5")
    expect(alpha(phone, 0, "1.2")).to_have_attribute("aria-invalid", "true", timeout=RESULT_MS)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    for selector in (".calc-item", ".calc-clause", ".calc-summary", ".calc-details"):
        boxes = phone.locator(selector).evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
        assert max(boxes) <= PHONE["width"], selector
