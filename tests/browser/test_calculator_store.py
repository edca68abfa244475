"""Issue 19: the evaluations kept in the browser are never lost — deleting one, two tabs, a damaged or a full
storage — and the page reads files and names evaluations as the command line and a person would.

Each defect found by the adversarial round is a plain regression test here; tests/browser/test_store_model.py
drives the same store as a model through random sequences of what people do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from scoring.cli import main
from tests.builders import CLAUSE_IDS, ITEM_IDS

from .conftest import watched
from .test_calculator import RESULT_MS, alpha, engine, goto, make_document, wait_result
from .test_calculator_library import choose, names

ENTRY = "tbsc55-calculator/v2/entry/"
FORM = "tbsc55-calculator/v2/form/"
KEYS = "() => Object.keys(localStorage).sort()"


def without_engine(*pages: Page) -> None:
    """The store works without the grading engine: Pyodide is not started (the test is quicker, the machine
    quieter for the other tests)."""
    for page in pages:
        page.route("**/pyodide/**", lambda route: route.abort())


def current(page: Page) -> str:
    return page.locator('[data-testid="library-select"] option:checked').inner_text()


def accept_next_dialog(page: Page, text: str | None = None) -> None:
    page.once("dialog", lambda dialog: dialog.accept(text) if text is not None else dialog.accept())


def reloaded(page: Page) -> None:
    page.reload()
    page.wait_for_selector('[data-testid="alpha-0-1.1"]')


def test_deleting_an_evaluation_leaves_the_others_as_they_were(page: Page, base_url: str) -> None:
    """Deleting 2 of 1, 2, 3 once wrote 2's form into 3 (the page's form was saved into the next entry)."""
    without_engine(page)
    goto(page, base_url, "en")
    for n, value in enumerate(["0.11", "0.22", "0.33"]):
        if n:
            page.click('[data-testid="library-new"]')
        alpha(page, 0, "1.1").fill(value)
    choose(page, "Evaluation 2")
    assert alpha(page, 0, "1.1").input_value() == "0.22"
    accept_next_dialog(page)
    page.click('[data-testid="library-delete"]')
    assert current(page) == "Evaluation 3" and alpha(page, 0, "1.1").input_value() == "0.33"
    reloaded(page)
    assert current(page) == "Evaluation 3" and alpha(page, 0, "1.1").input_value() == "0.33"
    assert names(page) == ["Evaluation 1", "Evaluation 3"]
    choose(page, "Evaluation 1")
    assert alpha(page, 0, "1.1").input_value() == "0.11"
    assert not [key for key in page.evaluate(KEYS) if "damaged" in key]


@pytest.fixture
def tabs(context: BrowserContext) -> Iterator[tuple[Page, Page]]:
    """Two tabs of one browser (one localStorage), closed after the test whatever happened."""
    a, b = context.new_page(), context.new_page()
    without_engine(a, b)
    with watched(a, b):
        yield a, b
        a.close()
        b.close()


def test_two_tabs_keep_each_others_work(tabs: tuple[Page, Page], base_url: str) -> None:
    a, b = tabs
    goto(a, base_url, "en")
    goto(b, base_url, "en")  # both on Evaluation 1
    # A creates and names an evaluation; B types: A's evaluation stays in the list, for both.
    a.click('[data-testid="library-new"]')
    accept_next_dialog(a, "From tab A")
    a.click('[data-testid="library-rename"]')
    alpha(a, 0, "2.1").fill("0.9")
    alpha(b, 0, "1.1").fill("0.5")
    assert names(b) == ["Evaluation 1", "From tab A"]
    reloaded(a)
    assert names(a) == ["Evaluation 1", "From tab A"] and alpha(a, 0, "2.1").input_value() == "0.9"
    # Both on one evaluation: each tab follows the other's edits, and none is lost.
    choose(a, "Evaluation 1")
    assert alpha(a, 0, "1.1").input_value() == "0.5"
    alpha(a, 0, "1.2").fill("0.6")
    expect(alpha(b, 0, "1.2")).to_have_value("0.6", timeout=RESULT_MS)
    expect(b.locator('[data-testid="library-notice"]')).to_contain_text("changed in another tab")
    alpha(b, 0, "1.3").fill("0.7")
    expect(alpha(a, 0, "1.3")).to_have_value("0.7", timeout=RESULT_MS)
    reloaded(a)
    assert [alpha(a, 0, i).input_value() for i in ("1.1", "1.2", "1.3")] == ["0.5", "0.6", "0.7"]
    # A deletes what B has open: B is told and moves on; B's typing does not bring it back.
    accept_next_dialog(a)
    a.click('[data-testid="library-delete"]')
    expect(b.locator('[data-testid="library-notice"]')).to_contain_text("“Evaluation 1” was deleted in another tab")
    alpha(b, 0, "2.2").fill("0.8")
    assert names(b) == ["From tab A"]
    reloaded(a)
    assert names(a) == ["From tab A"] and alpha(a, 0, "2.2").input_value() == "0.8"


def test_a_tab_whose_work_was_written_over_keeps_its_form_as_a_new_evaluation(
    tabs: tuple[Page, Page], base_url: str
) -> None:
    """Two tabs writing one evaluation before either hears of the other: the later write is based on a revision
    the first tab never saw. The first tab is told and keeps its form as a new evaluation; nothing is lost."""
    a, b = tabs
    goto(a, base_url, "en")
    goto(b, base_url, "en")
    alpha(a, 0, "1.1").fill("0.5")
    expect(alpha(b, 0, "1.1")).to_have_value("0.5", timeout=RESULT_MS)
    # A write over B's last revision, by a tab that had not seen it (made here by hand: no race needed).
    a.evaluate(
        """() => { const key = Object.keys(localStorage).find((k) => k.startsWith('tbsc55-calculator/v2/entry/'));
             const form = key.replace('/entry/', '/form/');
             const kept = JSON.parse(localStorage.getItem(form)); kept.raters[0].alpha['6.1'] = '0.1';
             localStorage.setItem(form, JSON.stringify(kept));
             const meta = JSON.parse(localStorage.getItem(key)); meta.base = 'unseen'; meta.rev = 'elsewhere';
             localStorage.setItem(key, JSON.stringify(meta)); }"""
    )
    expect(b.locator('[data-testid="library-notice"]')).to_contain_text("this tab's form is kept as")
    listed = names(b)
    assert len(listed) == 2 and listed[0] == "Evaluation 1" and listed[1].startswith("Evaluation 1 (this tab's version")
    assert current(b) == listed[1] and alpha(b, 0, "1.1").input_value() == "0.5"
    alpha(b, 0, "1.2").fill("0.6")
    choose(b, "Evaluation 1")
    assert alpha(b, 0, "6.1").input_value() == "0.1" and alpha(b, 0, "1.2").input_value() == ""
    choose(b, listed[1])
    assert alpha(b, 0, "1.2").input_value() == "0.6" and alpha(b, 0, "6.1").input_value() != "0.1"


DAMAGE = """(ids) => {
  localStorage.setItem('tbsc55-calculator/v2/form/' + ids[1], '{"raters": [');  // unreadable form
  localStorage.setItem('tbsc55-calculator/v2/entry/' + ids[2], '{"name": 5}');  // an entry of the wrong shape
  localStorage.removeItem('tbsc55-calculator/v2/entry/' + ids[0]);  // a form left without its entry
  sessionStorage.setItem('tbsc55-calculator/v2/tab', 'no-such-id');
  localStorage.setItem('tbsc55-calculator/v2/last', 'no-such-id');
}"""


def test_one_damaged_value_costs_only_itself(page: Page, base_url: str) -> None:
    without_engine(page)
    goto(page, base_url, "en")
    for n, value in enumerate(["0.11", "0.22", "0.33", "0.44"]):
        if n:
            page.click('[data-testid="library-new"]')
        alpha(page, 0, "1.1").fill(value)
    ids = [key.removeprefix(ENTRY) for key in page.evaluate(KEYS) if key.startswith(ENTRY)]
    by_value = {}
    for entry_id in ids:
        form = json.loads(page.evaluate(f"localStorage.getItem('{FORM}{entry_id}')"))
        by_value[form["raters"][0]["alpha"]["1.1"]] = entry_id
    ordered = [by_value[v] for v in ("0.11", "0.22", "0.33", "0.44")]
    page.evaluate(DAMAGE, ordered)
    damaged_form = page.evaluate(f"localStorage.getItem('{FORM}{ordered[1]}')")
    reloaded(page)
    listed = names(page)
    assert len(listed) == 4, listed
    assert "Evaluation 2" in listed and "Evaluation 4" in listed
    assert any(n.startswith("Recovered evaluation · ") for n in listed)  # the form without its entry
    assert any(n.startswith("Unreadable evaluation ") for n in listed)  # the entry of the wrong shape
    choose(page, "Evaluation 4")
    assert alpha(page, 0, "1.1").input_value() == "0.44"
    choose(page, next(n for n in listed if n.startswith("Recovered")))
    assert alpha(page, 0, "1.1").input_value() == "0.11"
    # The unreadable form opens blank, says so, and its text is kept aside when the form is written again.
    choose(page, "Evaluation 2")
    expect(page.locator('[data-testid="library-notice"]')).to_contain_text("cannot be read")
    assert alpha(page, 0, "1.1").input_value() == ""
    alpha(page, 0, "1.1").fill("0.5")
    assert page.evaluate(f"localStorage.getItem('tbsc55-calculator/v2/damaged/{FORM}{ordered[1]}')") == damaged_form
    choose(page, next(n for n in listed if n.startswith("Unreadable")))
    assert alpha(page, 0, "1.1").input_value() == "0.33"  # its form was readable


SAVING = """(refuse) => {
  if (!window.setItemItself) window.setItemItself = Storage.prototype.setItem;
  Storage.prototype.setItem = refuse
    ? function () { throw new DOMException('full', 'QuotaExceededError'); }
    : window.setItemItself;
}"""


def test_with_storage_full_nothing_is_lost_on_the_page_and_it_says_so(page: Page, base_url: str) -> None:
    without_engine(page)
    goto(page, base_url, "en")
    alpha(page, 0, "1.1").fill("0.5")
    page.click('[data-testid="library-new"]')
    alpha(page, 0, "1.1").fill("0.6")
    page.evaluate(SAVING, True)
    alpha(page, 0, "1.1").fill("0.65")
    status = page.locator('[data-testid="library-status"]')
    expect(status).to_contain_text("Not kept in this browser")
    choose(page, "Evaluation 1")
    assert alpha(page, 0, "1.1").input_value() == "0.5"
    expect(status).to_contain_text("Not kept in this browser")  # Evaluation 2's form is still only on the page
    choose(page, "Evaluation 2")
    assert alpha(page, 0, "1.1").input_value() == "0.65"
    accept_next_dialog(page, "Renamed")
    page.click('[data-testid="library-rename"]')
    assert names(page) == ["Evaluation 1", "Renamed"]
    expect(status).to_contain_text("Not kept in this browser")
    # Storage takes writes again: the next edit keeps everything, and the warning goes.
    page.evaluate(SAVING, False)
    alpha(page, 0, "1.2").fill("0.7")
    expect(status).to_have_text("")
    reloaded(page)
    assert current(page) == "Renamed"
    assert [alpha(page, 0, i).input_value() for i in ("1.1", "1.2")] == ["0.65", "0.7"]


def test_an_edit_writes_its_own_evaluation_only(page: Page, base_url: str) -> None:
    """With thousands of evaluations kept, a keystroke writes two keys (its form and its entry), not a list."""
    without_engine(page)
    goto(page, base_url, "en")
    page.evaluate(
        """() => { for (let n = 0; n < 2000; n++) {
             const id = 'seed' + n, t = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
             localStorage.setItem('tbsc55-calculator/v2/entry/' + id,
               JSON.stringify({ name: 'Seeded ' + n, created: t, updated: t, rev: '0', base: '' }));
             localStorage.setItem('tbsc55-calculator/v2/form/' + id, '{}'); } }"""
    )
    reloaded(page)
    page.evaluate(
        """() => { window.written = []; const itself = Storage.prototype.setItem;
             Storage.prototype.setItem = function (key, value) {
               window.written.push(key); return itself.call(this, key, value); }; }"""
    )
    alpha(page, 0, "1.1").fill("0.5")
    written = page.evaluate("window.written")
    assert len(set(written)) == 2 and {key.split("/")[2] for key in written} == {"entry", "form"}, written
    assert page.locator('[data-testid="library-select"] option').count() == 1  # the list is built when opened
    assert len(names(page)) == 2001


def test_a_file_that_is_not_utf8_is_refused_as_the_command_line_refuses_it(
    page: Page, base_url: str, tmp_path: Path, capsys: object
) -> None:
    document = make_document(90, raters=1) | {"organization": "测试有限公司"}
    for encoding in ("gbk", "latin-1"):
        path = tmp_path / f"{encoding}.json"
        text = json.dumps(document, ensure_ascii=False)
        path.write_bytes(
            text.encode(encoding) if encoding == "gbk" else text.replace("测试有限公司", "Société").encode(encoding)
        )
        assert main(["validate", str(path), "--lang", "en"]) == 2
        cli_message = capsys.readouterr().err.strip().removeprefix("error: ")  # type: ignore[attr-defined]
        assert "not UTF-8" in cli_message
        goto(page, base_url, "en")
        page.set_input_files('[data-testid="open-file"]', str(path))
        message = page.locator('[data-testid="message"]')
        expect(message).to_contain_text("not UTF-8", timeout=RESULT_MS)
        assert cli_message.split(": ", 1)[-1] in message.inner_text()
        assert names(page) == ["Evaluation 1"] and "�" not in page.content()
        # The compare view reads a file the same way.
        page.set_input_files('[data-testid="compare-file"]', str(path))
        expect(page.locator('[data-testid="compare-result"]')).to_contain_text("not UTF-8", timeout=RESULT_MS)
        page.evaluate("localStorage.clear()")


def test_evaluations_opened_from_links_are_told_apart(page: Page, base_url: str) -> None:
    first, second = make_document(91, raters=1), make_document(92, raters=1) | {"organization": "测试有限公司"}
    for document in (first, first | {"profile": "table"}, second):
        result = engine(document)
        goto(page, base_url, "en", result["vector"])
        wait_result(page, result)
    listed = names(page)
    stamp = r" · \d{4}-\d\d-\d\d \d\d:\d\d"
    assert re.fullmatch("Evaluation from a shared link" + stamp, listed[0]), listed
    assert re.fullmatch("Evaluation from a shared link" + stamp + r"( \(2\))?", listed[1]), listed
    assert re.fullmatch("测试有限公司" + stamp, listed[2]), listed
    assert len(set(listed)) == 3


def test_a_link_with_characters_typed_beyond_ascii_is_refused_quoting_them(page: Page, base_url: str) -> None:
    alphas = ",".join(["٠.٨"] + ["1"] * (len(ITEM_IDS) - 1))
    page.goto(f"{base_url}/en/calculator/#TBSC55-2026:B0/P:final/R:{alphas}/M:{'3' * len(CLAUSE_IDS)}/C:1")
    message = page.locator('[data-testid="message"]')
    expect(message).to_contain_text('"٠.٨" is not a decimal number', timeout=RESULT_MS)
    assert "%D9" not in message.inner_text()


def test_names_the_page_made_up_are_shown_in_the_pages_language_and_typed_names_as_typed(
    page: Page, base_url: str
) -> None:
    """Issue 20, point 11: one list serves both languages' pages. "Evaluation 2", "… (copy)", "Recovered evaluation
    · …" are the page's own words, kept without words and shown in those of the page showing them; a name the
    reader typed — even one that looks like the other language's default — is shown as typed on every page."""
    without_engine(page)
    goto(page, base_url, "en")
    page.click('[data-testid="library-new"]')
    page.click('[data-testid="library-duplicate"]')
    page.click('[data-testid="library-new"]')
    accept_next_dialog(page, "Evaluation 7")  # typed: never translated
    page.click('[data-testid="library-rename"]')
    choose(page, "Evaluation 1")
    accept_next_dialog(page)  # the name shown, accepted as it was: it stays the page's own
    page.click('[data-testid="library-rename"]')
    english = ["Evaluation 1", "Evaluation 2", "Evaluation 2 (copy)", "Evaluation 7"]
    assert names(page) == english
    goto(page, base_url, "zh")
    assert names(page) == ["评价 1", "评价 2", "评价 2（副本）", "Evaluation 7"]
    assert current(page) == "评价 1"
    page.click('[data-testid="library-new"]')  # made on the Chinese page, shown in English on the English one
    goto(page, base_url, "en")
    assert names(page) == [*english, "Evaluation 5"]
    # What the English page stored stays readable as it was written (`name`), for versions that know no `made`.
    stored = page.evaluate(
        f"""() => Object.keys(localStorage).filter((k) => k.startsWith('{ENTRY}'))
             .map((k) => JSON.parse(localStorage.getItem(k))).map((e) => [e.name, e.made ?? null])"""
    )
    assert sorted(stored, key=lambda e: e[0]) == [
        ["Evaluation 1", {"new": 1}],
        ["Evaluation 2", {"new": 2}],
        ["Evaluation 2 (copy)", {"copy": {"new": 2}}],
        ["Evaluation 7", None],
        ["评价 5", {"new": 5}],
    ]


KEPT_BEFORE = """(entries) => {
  localStorage.clear();
  entries.forEach((name, n) => {
    const id = 'old' + n, t = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
    const entry = { name, created: t, updated: t, rev: '0', base: '' };
    localStorage.setItem('tbsc55-calculator/v2/entry/' + id, JSON.stringify(entry));
    localStorage.setItem('tbsc55-calculator/v2/form/' + id, '{}');
  });
}"""


def test_names_kept_before_that_are_the_pages_own_words_are_shown_in_the_pages_language(
    page: Page, base_url: str
) -> None:
    """Entries kept by earlier versions hold a name as text: one that is exactly a name the page makes up, in either
    language, is read as made up (once); any other text is the reader's and stays as it is."""
    without_engine(page)
    goto(page, base_url, "en")
    kept = [
        "评价 5",
        "Evaluation 6",
        "恢复的评价 · 2026-01-02 03:04",
        "Evaluation 6 (this tab's version · 2026-01-02 03:04)",
        "评价 5（副本） (2)",
        "Evaluation from a shared link · 2026-01-02 03:04",
        "My 评价 1",
        "评价 x",
        "Evaluation 6 (2)x",
    ]
    typed = kept[-3:]
    page.evaluate(KEPT_BEFORE, kept)
    reloaded(page)
    assert names(page) == [
        "Evaluation 5",
        "Evaluation 6",
        "Recovered evaluation · 2026-01-02 03:04",
        "Evaluation 6 (this tab's version · 2026-01-02 03:04)",
        "Evaluation 5 (copy) (2)",
        "Evaluation from a shared link · 2026-01-02 03:04",
        *typed,
    ]
    goto(page, base_url, "zh")
    assert names(page) == [
        "评价 5",
        "评价 6",
        "恢复的评价 · 2026-01-02 03:04",
        "评价 6（本标签页的版本 · 2026-01-02 03:04）",
        "评价 5（副本） (2)",
        "分享链接中的评价 · 2026-01-02 03:04",
        *typed,
    ]
    # Read once: a name typed later that looks like the other page's own stays typed.
    choose(page, "My 评价 1")
    accept_next_dialog(page, "Evaluation 9")
    page.click('[data-testid="library-rename"]')
    reloaded(page)
    assert "Evaluation 9" in names(page)
