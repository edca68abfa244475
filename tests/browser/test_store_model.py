"""Issue 19: the evaluations kept in the browser, tested as a model (hypothesis's stateful testing).

Two tabs of one browser (one localStorage) go through random sequences of what people do — create, rename,
duplicate, delete, switch, type, reload, close a tab and open another, damage a stored form — and after every step
the model is checked against the page: every evaluation the model holds is in each tab's list with exactly its
content, none that the model does not hold is (nothing silently dropped, nothing come back), and each tab shows its
evaluation's content. An evaluation is told apart by its name (the model gives each a new one) and its content by
α of service item 1.1.

`make test` runs two short sequences; STORE_MODEL_EXAMPLES=200 (`make fuzz` sets it) runs many more.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from playwright.sync_api import BrowserContext, Page, Playwright

from build_tools import chromium

from .conftest import DESKTOP
from .test_calculator_library import choose, names

EXAMPLES = int(os.environ.get("STORE_MODEL_EXAMPLES", "2"))
STEPS = int(os.environ.get("STORE_MODEL_STEPS", "12"))
ALPHAS = st.sampled_from(["0.1", "0.25", "0.5", "0.75", "0.9", "1"])
WAIT_S = 10.0

# Each evaluation's name and the α of item 1.1 it holds, as stored (an unreadable form: None).
STORED = """() => {
  const out = {};
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith('tbsc55-calculator/v2/entry/')) continue;
    const id = key.slice('tbsc55-calculator/v2/entry/'.length);
    let name, form = null;
    try { name = JSON.parse(localStorage.getItem(key)).name; } catch { name = '?' + id; }
    try { form = JSON.parse(localStorage.getItem('tbsc55-calculator/v2/form/' + id)); } catch {}
    out[name] = form && form.raters ? form.raters[0].alpha['1.1'] : null;
  }
  return out;
}"""


def eventually(check: Callable[[], Any], what: str) -> None:
    """``check`` holds within a few seconds (another tab hears of a change through a storage event)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise AssertionError(what) from None
            time.sleep(0.05)


def shown_name(tab: Page) -> str:
    return tab.locator('[data-testid="library-select"] option:checked').inner_text()


def shown_alpha(tab: Page) -> str:
    return tab.locator('[data-testid="alpha-0-1.1"]').input_value()


class Evaluations(RuleBasedStateMachine):
    """The model: evaluation name → α of 1.1; each tab's evaluation."""

    context: BrowserContext
    url: str

    def __init__(self) -> None:
        super().__init__()
        self.counter = 0
        blank = self.context.new_page()  # each sequence starts from an empty storage
        blank.goto(self.url.replace("/calculator/", "/404.html"))
        blank.evaluate("localStorage.clear()")
        blank.close()
        self.tabs: list[Page] = [self.open_tab(), self.open_tab()]
        first = shown_name(self.tabs[0])
        self.model: dict[str, str] = {first: ""}
        self.on: list[str] = [first, first]

    # --- the page ---------------------------------------------------------------------------------------------

    def open_tab(self) -> Page:
        tab = self.context.new_page()
        tab.route("**/pyodide/**", lambda route: route.abort())  # the engine is not needed: the store works alone
        tab.goto(self.url)
        tab.wait_for_selector('[data-testid="alpha-0-1.1"]')
        return tab

    def settle(self) -> None:
        """Wait until every tab has heard of the last step: it shows its evaluation as the model has it."""
        for t, tab in enumerate(self.tabs):
            eventually(lambda t=t, tab=tab: self.follow(t, tab), f"tab {t} never showed its evaluation")

    def follow(self, t: int, tab: Page) -> None:
        name = shown_name(tab)
        assert name in self.model, (name, self.model)
        self.on[t] = name
        assert shown_alpha(tab) == self.model[name], (name, shown_alpha(tab), self.model[name])

    def new_name(self) -> str:
        self.counter += 1
        return f"Model {self.counter}"

    def teardown(self) -> None:
        for tab in self.tabs:
            tab.close()

    # --- what people do ---------------------------------------------------------------------------------------

    @rule(t=st.integers(0, 1), value=st.none() | ALPHAS)
    def create(self, t: int, value: str | None) -> None:
        """A new evaluation, and (mostly) something typed into it."""
        self.tabs[t].click('[data-testid="library-new"]')
        name = shown_name(self.tabs[t])
        assert name not in self.model
        self.model[name] = ""
        self.on[t] = name
        if value is not None:
            self.tabs[t].fill('[data-testid="alpha-0-1.1"]', value)
            self.model[name] = value
        self.settle()

    @rule(t=st.integers(0, 1))
    def duplicate(self, t: int) -> None:
        kept = self.model[self.on[t]]
        self.tabs[t].click('[data-testid="library-duplicate"]')
        name = shown_name(self.tabs[t])
        assert name not in self.model
        self.model[name] = kept
        self.settle()

    @rule(t=st.integers(0, 1))
    def rename(self, t: int) -> None:
        old, new = self.on[t], self.new_name()
        self.tabs[t].once("dialog", lambda dialog: dialog.accept(new))
        self.tabs[t].click('[data-testid="library-rename"]')
        self.model[new] = self.model.pop(old)
        for k in range(len(self.on)):
            if self.on[k] == old:
                self.on[k] = new
        self.settle()

    @precondition(lambda self: len(self.model) > 1)
    @rule(t=st.integers(0, 1))
    def delete(self, t: int) -> None:
        self.tabs[t].once("dialog", lambda dialog: dialog.accept())
        self.tabs[t].click('[data-testid="library-delete"]')
        del self.model[self.on[t]]
        self.settle()

    @precondition(lambda self: len(self.model) > 1)
    @rule(t=st.integers(0, 1), pick=st.integers(0, 100))
    def switch(self, t: int, pick: int) -> None:
        others = sorted(n for n in self.model if n != self.on[t])
        choose(self.tabs[t], others[pick % len(others)])
        self.settle()

    @rule(t=st.integers(0, 1), value=ALPHAS)
    def type(self, t: int, value: str) -> None:
        self.tabs[t].fill('[data-testid="alpha-0-1.1"]', value)
        self.model[self.on[t]] = value
        self.settle()

    @rule(t=st.integers(0, 1))
    def reload(self, t: int) -> None:
        self.tabs[t].reload()
        self.tabs[t].wait_for_selector('[data-testid="alpha-0-1.1"]')
        self.settle()

    @rule(t=st.integers(0, 1))
    def close_and_open_a_tab(self, t: int) -> None:
        self.tabs[t].close()
        self.tabs[t] = self.open_tab()  # a new tab opens the evaluation last worked on
        self.settle()

    @precondition(lambda self: len(set(self.model) - set(self.on)) > 0)
    @rule(pick=st.integers(0, 100))
    def damage_a_stored_form(self, pick: int) -> None:
        """A form no tab has open becomes unreadable: its evaluation stays listed and opens blank."""
        closed = sorted(set(self.model) - set(self.on))
        name = closed[pick % len(closed)]
        self.tabs[0].evaluate(
            """(name) => { for (const key of Object.keys(localStorage)) {
                 if (!key.startsWith('tbsc55-calculator/v2/entry/')) continue;
                 if (JSON.parse(localStorage.getItem(key)).name === name)
                   localStorage.setItem(key.replace('/entry/', '/form/'), '{"raters": ['); } }""",
            name,
        )
        self.model[name] = ""

    # --- what must hold after every step ------------------------------------------------------------------------

    @invariant()
    def every_evaluation_is_listed_with_its_content(self) -> None:
        stored = self.tabs[0].evaluate(STORED)
        assert set(stored) == set(self.model), (stored, self.model)  # nothing dropped, nothing come back
        for name, value in self.model.items():
            assert stored[name] in (value, None if value == "" else value), (name, stored[name], value)
        for tab in self.tabs:
            assert sorted(names(tab)) == sorted(self.model)


@pytest.fixture
def model_context(playwright: Playwright, tmp_path: Path) -> Any:
    """Two tabs' browser, in a profile of its own (warm starts after the first: the steps reload and open tabs)."""
    context = chromium.launch_persistent(playwright, tmp_path / "profile", viewport=DESKTOP)
    yield context
    context.close()


def test_the_store_keeps_every_evaluation_through_what_people_do(model_context: BrowserContext, base_url: str) -> None:
    Evaluations.context = model_context
    Evaluations.url = f"{base_url}/en/calculator/"
    run_state_machine_as_test(
        Evaluations,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "fuzz",
            database=None,
        ),
    )
