"""The calculator's worker.js under Node.js: its protocol, exactly as calculator.js relies on it (issue 4).

The harness stands in for a browser's module worker (``self``, file: fetches, Cache Storage) and starts the
shipped worker twice: the first start boots Python and stores a memory snapshot, the second restores it.
Every payload must equal what ``scoring.browser`` returns under CPython, parsed.
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
    for run in answer["runs"]:
        assert run["warnings"] == []
        received = run["received"]
        progress = [m["stage"] for m in received if m["type"] == "progress"]
        assert progress == ["download", "python", "rules"]
        assert {"type": "ready", "version": __about__.__version__} in received
        ready_at = received.index({"type": "ready", "version": __about__.__version__})
        assert all(m["type"] == "progress" for m in received[:ready_at])
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
