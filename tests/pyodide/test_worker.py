"""The calculator's worker.js under Node.js: its protocol, exactly as calculator.js relies on it (issue 4).

The harness stands in for a browser's module worker (``self``, file: fetches, Cache Storage) and starts the
shipped worker twice: the first start boots Python and stores a memory snapshot (and its first answers), the
second restores it (and gives those answers before Python is ready). Every payload must equal what
``scoring.browser`` returns under CPython, parsed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from build_tools.pyodide.runtime import RUNTIME_FILES
from scoring import __about__, browser
from tests.pyodide.cases import conformance_inputs
from tests.pyodide.conftest import WORKER_FILES, Shipped

HARNESS = Path(__file__).with_name("worker_harness.mjs")


def run_worker(shipped: Shipped, script: dict[str, Any]) -> dict[str, Any]:
    script_path, answer_path = shipped.root / "script.json", shipped.root / "answer.json"
    script_path.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        ["node", str(HARNESS), str(shipped.worker), str(script_path), str(answer_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer: dict[str, Any] = json.loads(answer_path.read_text(encoding="utf-8"))
    return answer


def test_the_worker_speaks_the_protocol_from_a_cold_and_a_warm_start(shipped: Shipped) -> None:
    doc = conformance_inputs()[0]
    vector = json.loads(browser.open_document(json.dumps(doc), "json"))["vector"]
    bad = doc | {"service": {"raters": [{"alpha": {"1.1": "0,8"}}]}}
    early = [
        {"id": 1, "type": "evaluate", "document": doc},  # before Python is ready: queued, then answered
        {"id": 2, "type": "open", "kind": "vector", "text": vector},
    ]
    later = [
        {"id": 3, "type": "evaluate", "document": bad},
        {"id": 4, "type": "open", "kind": "json", "text": "{"},
        {"id": 5, "type": "open", "kind": "csv", "text": "a,b"},
        {"id": 6, "type": "frobnicate"},
        {"id": 7, "type": "wasm", "body": None, "contentType": ""},  # boot.js's hand-over has no id: a request
    ]
    answer = run_worker(shipped, {"early": early, "later": later, "starts": 2})
    expected = {
        1: {"type": "evaluated", "payload": json.loads(browser.evaluate_document(json.dumps(doc)))},
        2: {"type": "opened", "payload": json.loads(browser.open_document(vector, "vector"))},
        3: {"type": "evaluated", "payload": json.loads(browser.evaluate_document(json.dumps(bad)))},
        4: {"type": "opened", "payload": json.loads(browser.open_document("{", "json"))},
    }
    assert answer["cache_puts"] == 1  # the cold start stored its snapshot …
    assert answer["cache_hits"] == 1  # … and the warm start used it
    assert answer["answers_kept"] == 1  # the cold start kept its first answer to "open" (not "evaluate") …
    for run, early_answers in zip(answer["runs"], ([], [2]), strict=True):  # … which the warm start gave at once
        assert run["warnings"] == run["errors"] == []
        received = run["received"]
        progress = [m["stage"] for m in received if m["type"] == "progress"]
        assert progress == ["download", "python", "rules"]
        assert {"type": "ready", "version": __about__.__version__} in received
        ready_at = received.index({"type": "ready", "version": __about__.__version__})
        assert [m["id"] for m in received[:ready_at] if m["type"] != "progress"] == early_answers
        replies = {m["id"]: m for m in received if "id" in m}
        assert sorted(replies) == [1, 2, 3, 4, 5, 6, 7]
        for rid, reply in expected.items():
            assert replies[rid] == {"id": rid, **reply}
        assert replies[3]["payload"]["errors"][0]["path"] == 'service.raters[0].alpha["1.1"]'
        assert replies[5] == {"id": 5, "type": "error", "message": 'unknown kind of document: "csv"'}
        assert replies[6] == {"id": 6, "type": "error", "message": 'unknown request type: "frobnicate"'}
        assert replies[7] == {"id": 7, "type": "error", "message": 'unknown request type: "wasm"'}


def test_a_worker_whose_python_cannot_start_says_so_and_answers_every_request(shipped: Shipped) -> None:
    broken = shipped.root / "broken"
    (broken / "zh" / "assets" / "calculator").mkdir(parents=True)
    (broken / "pyodide" / shipped.runtime["pyodide_folder"]).mkdir(parents=True)
    # Everything is there but the scoring package: the worker must not hang, and must answer every request.
    pyodide = [f"{shipped.runtime['pyodide_folder']}{name}" for name in RUNTIME_FILES]
    for name in (*pyodide, "runtime.json", shipped.runtime["stdlib"]):
        (broken / "pyodide" / name).write_bytes((shipped.pyodide / name).read_bytes())
    for name in WORKER_FILES:
        (broken / "zh" / "assets" / "calculator" / name).write_bytes((shipped.worker.parent / name).read_bytes())
    answer = run_worker(
        Shipped(broken, shipped.runtime),
        {"early": [{"id": 1, "type": "evaluate", "document": {}}], "later": [{"id": 2, "type": "open"}]},
    )
    received = answer["runs"][0]["received"]
    fatal = [m for m in received if m["type"] == "fatal"]
    assert len(fatal) == 1
    assert fatal[0]["message"].startswith("Python (Pyodide) could not start in this browser: ")
    assert fatal[0]["message"].endswith(f"/pyodide/{shipped.runtime['scoring']}: HTTP 404")
    errors = {m["id"]: m for m in received if m["type"] == "error"}
    assert sorted(errors) == [1, 2]
    assert errors[1]["message"].startswith("The grading engine is not available: ")


def _first_answers(shipped: Shipped) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """A shared link's evaluation opened and its form graded from nothing (update 0), before Python is ready:
    the requests whose answers a worker keeps, and Python's answers to them (CPython's, parsed)."""
    doc = conformance_inputs()[1]
    vector = json.loads(browser.open_document(json.dumps(doc), "json"))["vector"]
    raters = doc["service"]["raters"]
    head = doc | {"service": {}}
    grade = {
        "document": head,
        "count": len(raters),
        "changed": [[k, json.dumps(r)] for k, r in enumerate(raters)],
        "removed": None,
        "window": [0, len(raters)],
        "since": 0,
    }
    update = json.dumps({k: grade[k] for k in ("document", "count", "removed", "window", "since")})
    update = update[:-1] + ',"changed":{' + ",".join(f'"{k}":{json.dumps(r)}' for k, r in enumerate(raters)) + "}}"
    early = [{"id": 1, "type": "open", "kind": "vector", "text": vector}, {"id": 2, "type": "grade", **grade}]
    return early, {1: json.loads(browser.open_document(vector, "vector")), 2: json.loads(browser.grade_form(update))}


def test_a_kept_answer_that_is_not_the_engines_is_dropped_and_the_page_told(shipped: Shipped) -> None:
    """A kept answer given before Python was ready, then found not to be Python's (here, altered between the
    visits), is reported ("revised": the page asks again), said in the console, and every kept answer dropped."""
    early, expected = _first_answers(shipped)
    answer = run_worker(shipped, {"early": early, "starts": 2, "tamper": True})
    assert answer["answers_kept"] == 2
    cold, warm = answer["runs"]
    assert {m["id"]: m["payload"] for m in cold["received"] if "id" in m} == expected
    received = warm["received"]
    ready_at = next(k for k, m in enumerate(received) if m["type"] == "ready")
    given = {m["id"]: m["payload"] for m in received[:ready_at] if "id" in m}
    assert given == {k: v | {"tampered": True} for k, v in expected.items()}
    assert received[ready_at + 1 :] == [{"type": "revised"}]  # once, however many were wrong
    assert len(warm["errors"]) == 1 and "was not the engine's; every kept answer is dropped" in warm["errors"][0]
    assert answer["answers_left"] == 0


def test_forgotten_answers_are_not_kept(shipped: Shipped) -> None:
    """The page's word to forget (an evaluation deleted) drops the answers the worker would have kept: the next
    start answers nothing before Python is ready."""
    early, expected = _first_answers(shipped)
    answer = run_worker(shipped, {"early": early, "later": [{"type": "forget"}], "starts": 2})
    assert answer["answers_kept"] == 0 and answer["answers_left"] == 0
    for run in answer["runs"]:
        received = run["received"]
        ready_at = next(k for k, m in enumerate(received) if m["type"] == "ready")
        assert all(m["type"] == "progress" for m in received[:ready_at])
        assert {m["id"]: m["payload"] for m in received if "id" in m} == expected
