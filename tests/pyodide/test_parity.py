"""Pyodide and CPython give byte-identical answers (issue 4, 7 a)), from the files the site ships.

One Node.js process boots Pyodide from the shipped folder — the trimmed, stripped standard library and the
packed scoring zip, so this also proves that the trimmed set boots and grades — and answers every call of
``tests/pyodide/cases.py``: the conformance vectors, 1,200 seeded random evaluations and the refusals. Each
answer must be the very string that ``scoring.browser`` returns under this CPython.
"""

from __future__ import annotations

import json
import zipfile
from typing import Any

import pytest

from build_tools.pyodide_hook import NODE_PYODIDE, run_node, strip_source
from scoring import browser
from tests.pyodide.cases import RANDOM_EVALUATIONS, all_calls
from tests.pyodide.conftest import Shipped


@pytest.fixture(scope="module")
def pyodide_run(shipped: Shipped, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One boot of Pyodide for this module: every call, then the syntax trees of the shipped stdlib."""
    originals = tmp_path_factory.mktemp("stdlib") / "originals.zip"
    with (
        zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as full,
        zipfile.ZipFile(shipped.pyodide / shipped.runtime["stdlib"]) as trimmed,
        zipfile.ZipFile(originals, "w") as out,
    ):
        for name in trimmed.namelist():
            out.writestr(name, full.read(name))
    return run_node(
        {
            "pyodide": str(shipped.pyodide),
            "lock": shipped.runtime["lock"]["info"],
            "stdlib": str(shipped.pyodide / shipped.runtime["stdlib"]),
            "scoring": str(shipped.pyodide / shipped.runtime["scoring"]),
            "calls": all_calls(),
            "files": {"/tmp/originals.zip": str(originals)},
            "python": COMPARE_TREES,
        }
    )


def test_pyodide_answers_every_call_byte_for_byte_like_cpython(pyodide_run: dict[str, Any]) -> None:
    calls = all_calls()
    assert sum(call[0] == "evaluate_document" for call in calls) >= RANDOM_EVALUATIONS >= 1000
    assert pyodide_run["platform"] == "emscripten"
    assert pyodide_run["python"].startswith("3.14")
    assert len(pyodide_run["results"]) == len(calls)
    differing = [
        (call, got)
        for call, got in zip(calls, pyodide_run["results"], strict=True)
        if got != getattr(browser, call[0])(*call[1:])
    ]
    assert differing == [], f"{len(differing)} of {len(calls)} answers differ; first: {differing[0]}"
    results = [json.loads(r) for r in pyodide_run["results"]]
    stars = {r.get("result", {}).get("certification", {}).get("stars") for r in results}
    assert {0, 3, 4, 5} <= stars  # the random evaluations reach every outcome


def test_the_shipped_standard_library_is_a_stripped_subset(shipped: Shipped) -> None:
    with (
        zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as full,
        zipfile.ZipFile(shipped.pyodide / shipped.runtime["stdlib"]) as trimmed,
    ):
        names = trimmed.namelist()
        assert set(names) < set(full.namelist())
        assert len(names) < len(full.namelist()) / 2
        assert {"decimal.py", "fractions.py", "tomllib/_parser.py", "json/__init__.py"} <= set(names)
        source = full.read("fractions.py").decode()
        assert trimmed.read("fractions.py").decode() == strip_source(source)
        assert "This class implements rational numbers." in source
        assert "This class implements rational numbers." not in strip_source(source)  # a docstring
        assert "# Constants related to the hash implementation" in source
        assert "# Constants related to the hash implementation" not in strip_source(source)  # a comment
        assert strip_source(source).count("\n") == source.count("\n")  # tracebacks keep their line numbers


def test_stripping_changes_no_syntax_tree(shipped: Shipped, pyodide_run: dict[str, Any]) -> None:
    """In Pyodide's own Python (3.14, whose syntax the standard library uses): every shipped file parses to the
    tree of the original less its docstrings — comments and docstrings were all that went."""
    report = json.loads(pyodide_run["python_result"])
    with zipfile.ZipFile(shipped.pyodide / shipped.runtime["stdlib"]) as trimmed:
        assert report["compared"] == len(trimmed.namelist()) > 100
    assert report["differing"] == []


COMPARE_TREES = """
import ast, json, sys, zipfile

def without_docstrings(tree):
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \\
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or ([] if isinstance(node, ast.Module) else [ast.Pass()])
    return ast.dump(tree)

shipped = next(p for p in sys.path if p.endswith(".zip"))
differing, compared = [], 0
with zipfile.ZipFile("/tmp/originals.zip") as originals, zipfile.ZipFile(shipped) as stripped:
    for name in stripped.namelist():
        compared += 1
        if not name.endswith(".py"):
            differing += [name] if stripped.read(name) != originals.read(name) else []
            continue
        before = without_docstrings(ast.parse(originals.read(name)))
        after = without_docstrings(ast.parse(stripped.read(name)))
        if before != after:
            differing.append(name)
json.dumps({"compared": compared, "differing": differing})
"""
