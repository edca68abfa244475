"""Issue 24: a shared link's form is drawn with its first answer — its figures are in the page when the form first
appears, one layout of the page rather than the form laid out and then filled — and is not held back for long when
that answer is slow: the form appears without it, and the figures follow when they come."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from scoring.browser import open_document

from .test_calculator import engine, goto, make_document, wait_result

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
