"""The build's smoke calls (build_tools/pyodide/smoke.py): every entry point of the calculator is called, and an
answer of the packaged engine that is not CPython's stops the build."""

from __future__ import annotations

import inspect

import pytest

from build_tools.pyodide import smoke
from scoring import browser
from tests.pyodide.cases import all_calls

# Not entry points with a JSON answer: a helper of evaluate_document, and the worker's housekeeping of the form that
# grade_form keeps (forgotten before a snapshot, its size asked first), tested in tests/scoring/test_session.py.
NOT_ENTRY_POINTS = {"partial_result", "forget_form", "kept_raters"}


def entry_points() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(browser, inspect.isfunction)
        if function.__module__ == browser.__name__ and not name.startswith("_") and name not in NOT_ENTRY_POINTS
    }


def test_the_build_calls_every_entry_point() -> None:
    called = {call[0] for call in smoke.first_result_calls() + smoke.other_calls()}
    assert called == entry_points()
    assert {"diff_documents", "export_csv", "export_diff_csv", "diagnose_document", "import_levels"} <= called


def test_the_parity_cases_call_every_entry_point() -> None:
    assert {call[0] for call in all_calls()} == entry_points()


def test_good_and_bad_input_of_each_newer_entry_point() -> None:
    answers: dict[str, set[bool]] = {}
    for call in smoke.other_calls():
        answers.setdefault(call[0], set()).add(smoke.answer(call).startswith('{"ok":true'))
    for name in ("diff_documents", "export_csv", "export_diff_csv", "diagnose_document", "import_levels"):
        assert answers[name] == {True, False}, name


def test_a_file_argument_reaches_python_as_bytes() -> None:
    call = ["import_levels", smoke.file_bytes(b"\xff\x00"), "x.csv"]
    assert smoke.python_args(call) == [b"\xff\x00", "x.csv"]


def test_the_check_accepts_cpythons_answers_and_refuses_any_other() -> None:
    calls = smoke.first_result_calls()[:3] + smoke.other_calls()[:2]
    answers = [smoke.answer(call) for call in calls]
    smoke.check(calls, answers)
    with pytest.raises(RuntimeError, match="otherwise than CPython"):
        smoke.check(calls, [*answers[:-1], answers[-1] + " "])
    with pytest.raises(RuntimeError, match="answered 4 of 5"):
        smoke.check(calls, answers[:-1])
