"""Issue 24: a shared link's form is drawn with its first answer — its figures are in the page when the form first
appears, one layout of the page rather than the form laid out and then filled — and is not held back for long when
that answer is slow: the form appears without it, and the figures follow when they come."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from scoring.browser import open_document
from scoring.words import PAGE_WORDS

from .test_calculator import alpha, engine, goto, make_document, wait_ready, wait_result

# Stamps the moment the first rater's first α field enters the page, with what the result said then.
AT_FIRST_FORM = """
window.__atForm = null;
new MutationObserver((_, observer) => {
  if (!document.querySelector('[data-testid="alpha-0-1.1"]')) return;
  observer.disconnect();
  const stars = document.querySelector('[data-testid="stars"]');
  window.__atForm = { stars: (stars && stars.dataset.value) || null, at: performance.now() };
}).observe(document, { subtree: true, childList: true });
"""

# The engine's first grading answer reaches the page only after SLOW_MS (the worker itself is untouched).
SLOW_MS = 3000
SLOW_FIRST_ANSWER = f"""
window.__graded = null;
window.__slow = null;
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {{
  addEventListener(type, listener, ...rest) {{
    if (type !== "message") return super.addEventListener(type, listener, ...rest);
    return super.addEventListener(type, (event) => {{
      // The first answer of its kind, held for every listener (the page's early listener and the engine's).
      if (event.data && event.data.type === "graded" && (window.__slow ??= event) === event) {{
        window.__graded ??= performance.now();
        setTimeout(() => listener(event), {SLOW_MS});
      }} else {{
        listener(event);
      }}
    }}, ...rest);
  }}
}};
"""


def test_a_shared_links_form_appears_with_its_figures(page: Page, base_url: str) -> None:
    result = engine(make_document(2401, raters=2))
    page.add_init_script(AT_FIRST_FORM)
    goto(page, base_url, "zh", result["vector"])
    wait_result(page, result)
    expect(page.locator('[data-testid="kept-note"]')).to_have_count(0)  # a first visit: the engine's own answer
    at_form = page.evaluate("window.__atForm")
    assert at_form is not None
    assert at_form["stars"] == str(result["certification"]["stars"])


def test_a_slow_first_answer_does_not_hold_the_form_back(page: Page, base_url: str) -> None:
    result = engine(make_document(2402, raters=1))
    opened = json.loads(open_document(result["vector"], "vector"))["document"]
    page.add_init_script(AT_FIRST_FORM + SLOW_FIRST_ANSWER)
    goto(page, base_url, "en", result["vector"])
    page.wait_for_function("() => window.__atForm !== null && window.__graded !== null", timeout=60_000)
    at_form, graded = page.evaluate("[window.__atForm, window.__graded]")
    assert at_form["stars"] is None  # drawn before its figures came …
    assert at_form["at"] - graded < 1000  # … soon after the answer was held back (SLOW_MS), not when let through
    expect(page.locator('[data-testid="alpha-0-1.1"]')).to_have_value(opened["service"]["raters"][0]["alpha"]["1.1"])
    wait_result(page, result)  # … and its figures follow
    expect(page.locator('[data-testid="stars"]')).to_have_attribute("data-value", str(result["certification"]["stars"]))


# The stored snapshot (worker.js): the cache's one entry, read as the worker stores it — four 32-bit words (its
# format, the memory's length, the page size, the count of pages kept), then the pages' numbers and the pages.
STORED = """async () => {
  const cache = await caches.open("tbsc55-calculator-pyodide");
  const keys = await cache.keys();
  if (keys.length !== 1) return null;
  const bytes = await (await cache.match(keys[0])).arrayBuffer();
  const [format, length, page, count] = new Uint32Array(bytes, 0, 4);
  return { key: keys[0].url, size: bytes.byteLength, format, length, page, count };
}"""
DAMAGE = """async ([key, bytes]) => {
  const cache = await caches.open("tbsc55-calculator-pyodide");
  await cache.put(key, new Response(new Uint8Array(bytes)));
}"""
UNUSABLE = "the stored Python snapshot was not usable"


def stored_snapshot(page: Page, larger_than: int = 0) -> dict[str, Any]:
    """The stored snapshot, once the worker has stored one (of more than ``larger_than`` bytes)."""
    for _ in range(240):
        stored: dict[str, Any] | None = page.evaluate(STORED)
        if stored is not None and int(stored["size"]) > larger_than:
            return stored
        page.wait_for_timeout(250)
    raise AssertionError("no snapshot stored within a minute")


def first_visit(page: Page, base_url: str, lang: str, seed: int) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """A shared link's first visit, until its snapshot is stored: what the console said, the result, the snapshot."""
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    result = engine(make_document(seed, raters=2))
    goto(page, base_url, lang, result["vector"])
    wait_result(page, result)
    return said, result, stored_snapshot(page)


def test_a_second_visit_starts_from_the_stored_snapshot_without_its_zeros(page: Page, base_url: str) -> None:
    """After a first start, the worker stores Python's memory, less its pages of zeros (most of it), and the next
    visit starts from it: the same result, and no word of an unusable snapshot."""
    said, result, stored = first_visit(page, base_url, "en", 2403)
    assert stored["format"] == 0x54425331 and stored["page"] == 4096
    assert int(stored["size"]) < 0.6 * int(stored["length"]), stored  # the zeros are not stored
    size, count = int(stored["size"]), int(stored["count"])
    assert 16 + 4 * count + (count - 1) * 4096 < size <= 16 + count * (4 + 4096), stored  # pages kept, each whole
    page.reload()
    wait_result(page, result)
    assert not [text for text in said if UNUSABLE in text], said


@pytest.mark.parametrize(
    "damage",
    ["empty", "truncated", "another format", "page numbers past the end", "bytes to spare", "not a snapshot"],
)
def test_a_damaged_stored_snapshot_is_dropped_and_python_starts_afresh(page: Page, base_url: str, damage: str) -> None:
    """A stored snapshot that cannot be read (damaged on disk, cut short, another format) costs one normal start:
    the result as always, a warning in the console, and a good snapshot stored again."""
    said, result, stored = first_visit(page, base_url, "zh", 2404)
    good = page.evaluate(
        "async (key) => [...new Uint8Array(await (await (await caches.open('tbsc55-calculator-pyodide'))"
        ".match(key)).arrayBuffer()).slice(0, 64)]",
        stored["key"],
    )
    head = bytes(good[:16])
    damaged = {
        "empty": b"",
        "truncated": bytes(good),  # the header and a few pages' numbers: its pages are missing
        "another format": b"\x00" * 4 + bytes(good[4:]),
        "page numbers past the end": head + (0xFFFFFF).to_bytes(4, "little") * ((len(good) - 16) // 4),
        "bytes to spare": head[:12] + (0).to_bytes(4, "little") + b"\x01" * 8,
        "not a snapshot": b"<html>" * 100,
    }[damage]
    page.evaluate(DAMAGE, [stored["key"], list(damaged)])
    page.reload()
    wait_result(page, result)
    assert [text for text in said if UNUSABLE in text], said
    stored_snapshot(page, larger_than=1_000_000)  # a good one again


# The engine's answers kept for a returning reader (kept.js): each entry the request's JSON text and the answer's.
KEPT = """async () => {
  const cache = await caches.open("tbsc55-calculator-answers");
  return Promise.all((await cache.keys()).map(async (key) => (await cache.match(key)).json().catch(() => null)));
}"""
KEPT_KEYS = """async () => (await (await caches.open("tbsc55-calculator-answers")).keys()).map((key) => key.url)"""
# Every kept answer damaged: its bytes not JSON, its answer's text not JSON, or kept under another build's name.
DAMAGE_KEPT = r"""async (how) => {
  const cache = await caches.open("tbsc55-calculator-answers");
  for (const key of await cache.keys()) {
    const kept = await (await cache.match(key)).json();
    const cut = JSON.stringify({ ...kept, text: kept.text.slice(0, -1) });
    if (how === "garbage") await cache.put(key, new Response("<html>"));
    else if (how === "not json") await cache.put(key, new Response(cut));
    else {
      await cache.delete(key);
      const elsewhere = key.url.replace(/answers\/[^/]+\//, "answers/another-build/");
      await cache.put(elsewhere, new Response(JSON.stringify(kept)));
    }
  }
}"""
# The kept answer to the form graded, given other stars.
ALTER_KEPT_STARS = """async (stars) => {
  const cache = await caches.open("tbsc55-calculator-answers");
  for (const key of await cache.keys()) {
    const kept = await (await cache.match(key)).json();
    if (JSON.parse(kept.asked).type !== "grade") continue;
    const payload = JSON.parse(kept.text);
    payload.result.certification.stars = stars;
    await cache.put(key, new Response(JSON.stringify({ ...kept, text: JSON.stringify(payload) })));
  }
}"""


def kept_answers(page: Page, count: int) -> list[dict[str, str]]:
    """The answers kept, once there are ``count`` of them, each readable (they are kept a moment after they are
    given)."""
    for _ in range(120):
        kept: list[dict[str, str] | None] = page.evaluate(KEPT)
        if len(kept) == count and all(entry is not None for entry in kept):
            return [entry for entry in kept if entry is not None]
        page.wait_for_timeout(250)
    raise AssertionError(f"not {count} answers kept within 30 s: {page.evaluate(KEPT)}")


def kept_visit(page: Page, base_url: str, lang: str, document: dict[str, Any]) -> dict[str, Any]:
    """A shared link's first visit, until the engine's first two answers are kept: its result."""
    result = engine(document)
    goto(page, base_url, lang, result["vector"])
    wait_result(page, result)
    kept_answers(page, 2)
    return result


def hold_python(page: Page) -> list[Route]:
    """Pyodide's WebAssembly file held back (Python cannot start) until the routes returned are continued."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/pyodide.asm.wasm", hold)
    return held


def test_a_second_visit_shows_the_engines_kept_answers_before_python_is_ready(page: Page, base_url: str) -> None:
    """Issue 24 (e): the engine's first answers to a shared link (its evaluation read, its form graded) are kept
    with their requests; on the next visit they are given before Python has started — the same result, the engine
    still loading — and Python, once started, grades the next edit from the form the page believes it keeps."""
    document = make_document(2406, raters=2)
    result = kept_visit(page, base_url, "en", document)
    kept = kept_answers(page, 2)
    assert sorted(json.loads(entry["asked"])["type"] for entry in kept) == ["grade", "open"]
    held = hold_python(page)
    page.reload()
    wait_result(page, result)
    expect(page.locator('[data-testid="stars"]')).to_have_attribute("data-value", str(result["certification"]["stars"]))
    expect(page.locator(".calc-status")).to_have_attribute("data-state", "progress")  # Python has not started
    # … and the status line says whose the result is (the page's words, scoring/words.py)
    expect(page.locator('[data-testid="kept-note"]')).to_have_text(" ".join(PAGE_WORDS["keptShown"][1].split()))
    for route in held:
        route.continue_()
    wait_ready(page)
    expect(page.locator('[data-testid="kept-note"]')).to_have_count(0)
    document["service"]["raters"][1]["alpha"]["1.1"] = "0.5"
    alpha(page, 1, "1.1").fill("0.5")
    wait_result(page, engine(document))
    assert len(page.evaluate(KEPT)) == 2  # nothing kept twice


def test_a_kept_answer_that_is_not_the_engines_is_replaced_by_the_engines(page: Page, base_url: str) -> None:
    """A kept answer that Python, once started, does not give (here altered in storage) is shown only until then:
    the form is graded again, the console says why, and no kept answer is left."""
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    result = kept_visit(page, base_url, "zh", make_document(2407, raters=2))
    stars = result["certification"]["stars"]
    other = 5 if stars != 5 else 4
    page.evaluate(ALTER_KEPT_STARS, other)
    held = hold_python(page)
    page.reload()
    expect(page.locator('[data-testid="stars"]')).to_have_attribute("data-value", str(other))
    for route in held:
        route.continue_()
    expect(page.locator('[data-testid="stars"]')).to_have_attribute("data-value", str(stars), timeout=60_000)
    wait_result(page, result)
    assert [text for text in said if "was not the engine's; every kept answer is dropped" in text], said
    assert page.evaluate(KEPT) == []


@pytest.mark.parametrize("button", ["library-delete", "reset"])
def test_deleting_an_evaluation_or_resetting_the_form_forgets_the_kept_answers(
    page: Page, base_url: str, button: str
) -> None:
    """Nothing of a deleted evaluation, or of a form reset, stays in the browser: the engine's answers kept for a
    next visit go too."""
    kept_visit(page, base_url, "en", make_document(2408, raters=1))
    page.on("dialog", lambda dialog: dialog.accept())
    page.click(f'[data-testid="{button}"]')
    kept_answers(page, 0)


@pytest.mark.parametrize("damage", ["garbage", "not json", "another build"])
def test_a_kept_answer_that_cannot_be_used_is_passed_over_and_kept_again(
    page: Page, base_url: str, damage: str
) -> None:
    """A kept answer that cannot be read, or was kept for other files than the ones served, is not given: the
    result waits for Python, as on a first visit, and the answers are kept again."""
    result = kept_visit(page, base_url, "zh", make_document(2409, raters=2))
    page.evaluate(DAMAGE_KEPT, damage)
    held = hold_python(page)
    page.reload()
    page.wait_for_selector('[data-testid="opening-link"]')
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stars"]').count() == 0  # no result before Python has started
    for route in held:
        route.continue_()
    wait_result(page, result)
    for _ in range(120):  # kept again, each readable, under the name of the files served
        entries, urls = page.evaluate(KEPT), page.evaluate(KEPT_KEYS)
        elsewhere = [url for url in urls if "/answers/another-build/" in url]
        if len(entries) == 2 and all(entry and readable(entry["text"]) for entry in entries) and not elsewhere:
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"not kept again: {page.evaluate(KEPT_KEYS)} {page.evaluate(KEPT)}")


def readable(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def test_a_large_forms_answers_are_not_kept(page: Page, base_url: str) -> None:
    """Every start reads all kept answers: a form whose question and answer pass 256 K characters (here 1,000 raters)
    is not kept."""
    large = engine(make_document(2410, raters=1000))
    goto(page, base_url, "en", large["vector"])
    wait_result(page, large)
    page.wait_for_timeout(2000)  # kept answers are written a second after they are given
    assert page.evaluate(KEPT) == []
