"""Pyodide and CPython give byte-identical answers (issue 4, 7 a)), from the files the site ships.

One Node.js process boots Pyodide from the shipped folder — the trimmed, stripped standard library and the
packed scoring zip, with the bytecode they carry, so this also proves that the trimmed set boots and grades —
and answers every call of ``tests/pyodide/cases.py``: the conformance vectors, 1,200 seeded random evaluations
and the refusals. Each answer must be the very string that ``scoring.browser`` returns under this CPython. The
same process checks that the calculator's path compiled no source (every module it imported after Pyodide's
start-up came from the shipped ``.pyc``, as the start-up's own modules do), and that a traceback through that
bytecode gives CPython's lines.
"""

from __future__ import annotations

import json
import traceback
import zipfile
from typing import Any

import pytest

from build_tools.pyodide.node import NODE_PYODIDE, run_node
from build_tools.pyodide.package import scoring_imports
from build_tools.pyodide.smoke import answer
from build_tools.pyodide.stripping import strip_source
from build_tools.pyodide.tracing import traced_stdlib
from scoring import vector
from scoring.errors import InputError
from tests.pyodide.cases import RANDOM_EVALUATIONS, all_calls
from tests.pyodide.conftest import Shipped

# The calls of a shared link's first result, whose modules are shipped as bytecode; the other entry points (the
# comparison, exports, diagnostics, CSV files, the report) load theirs from source, after these.
FIRST_RESULT = {"form_model", "evaluate_document", "open_document", "grade_form"}


def ordered_calls() -> tuple[list[list[Any]], list[list[Any]]]:
    """The first result's calls, then the others; a file opened (its bytes: ``{"bytes": …}``) is not on the first
    result's path, whatever the entry point."""
    calls = all_calls()

    def first(call: list[Any]) -> bool:
        return call[0] in FIRST_RESULT and not any(isinstance(arg, dict) for arg in call[1:])

    return [c for c in calls if first(c)], [c for c in calls if not first(c)]


@pytest.fixture(scope="module")
def pyodide_run(shipped: Shipped, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One boot of Pyodide for this module: the first result's calls, what they compiled and loaded, the other
    calls, then the syntax trees of the shipped stdlib."""
    originals = tmp_path_factory.mktemp("stdlib") / "originals.zip"
    with (
        zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as full,
        zipfile.ZipFile(shipped.pyodide / shipped.runtime["stdlib"]) as trimmed,
        zipfile.ZipFile(originals, "w") as out,
    ):
        for name in trimmed.namelist():
            if not name.endswith(".pyc"):
                out.writestr(name, full.read(name))
    first, other = ordered_calls()
    return run_node(
        {
            "pyodide": str(shipped.pyodide / shipped.runtime["pyodide_folder"]),
            "lock": shipped.runtime["lock"]["info"],
            "stdlib": str(shipped.pyodide / shipped.runtime["stdlib"]),
            "scoring": str(shipped.pyodide / shipped.runtime["scoring"]),
            "setup": WATCH_COMPILING,
            "calls": first,
            "between": FIRST_PATH_LOADED,
            "more_calls": other,
            "files": {"/tmp/originals.zip": str(originals)},
            "python": COMPARE_TREES + CHECK_BYTECODE,
        }
    )


def test_pyodide_answers_every_call_byte_for_byte_like_cpython(pyodide_run: dict[str, Any]) -> None:
    first, other = ordered_calls()
    calls = first + other
    assert sum(call[0] == "evaluate_document" for call in calls) >= RANDOM_EVALUATIONS >= 1000
    assert pyodide_run["platform"] == "emscripten"
    assert pyodide_run["python"].startswith("3.14")
    answers = pyodide_run["results"] + pyodide_run["more_results"]
    assert len(answers) == len(calls)
    differing = [(call, got) for call, got in zip(calls, answers, strict=True) if got != answer(call)]
    assert differing == [], f"{len(differing)} of {len(calls)} answers differ; first: {differing[0]}"
    results = [json.loads(r) for r in pyodide_run["results"]]
    stars = {r.get("result", {}).get("certification", {}).get("stars") for r in results}
    assert {0, 3, 4, 5} <= stars  # the random evaluations reach every outcome


def test_the_shipped_standard_library_is_a_stripped_subset(shipped: Shipped) -> None:
    with (
        zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as full,
        zipfile.ZipFile(shipped.pyodide / shipped.runtime["stdlib"]) as trimmed,
    ):
        names = [name.removesuffix("c") if name.endswith(".pyc") else name for name in trimmed.namelist()]
        assert set(names) < set(full.namelist())
        assert len(names) < len(full.namelist()) / 2
        assert {"decimal.py", "fractions.py", "tomllib/_parser.py", "json/__init__.py"} <= set(names)
        # Modules frozen into Pyodide's WebAssembly file (imported at start-up) are not shipped again as files.
        frozen = {"os.py", "site.py", "importlib/_bootstrap.py", "importlib/_bootstrap_external.py", "zipimport.py"}
        assert frozen <= set(full.namelist()) and not frozen & set(names)
        source = full.read("csv.py").decode()
        assert trimmed.read("csv.py").decode() == strip_source(source)  # loaded by exports only, as source
        source = full.read("fractions.py").decode()
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
        sources = [name for name in trimmed.namelist() if not name.endswith(".pyc")]
        assert report["compared"] == len(sources) >= 5  # those off the first result's path (csv, html, …)
    assert report["differing"] == []


def _bytecode(shipped: Shipped) -> dict[str, bytes]:
    found = {}
    for archive in ("stdlib", "scoring"):
        with zipfile.ZipFile(shipped.pyodide / shipped.runtime[archive]) as zipped:
            found |= {f"{archive}:{n}": zipped.read(n) for n in zipped.namelist() if n.endswith(".pyc")}
    return found


def test_the_shipped_bytecode_is_pyodides_and_unchecked(shipped: Shipped, pyodide_run: dict[str, Any]) -> None:
    """Every ``.pyc`` has the magic number of Pyodide's Python (3.14, not the build's CPython) and is an
    unchecked-hash pyc (PEP 552 flags 0b01): the importer neither reads a source nor compares times."""
    magic = bytes.fromhex(json.loads(pyodide_run["python_result"])["magic"])
    found = _bytecode(shipped)
    assert {"stdlib:fractions.pyc", "stdlib:tomllib/_parser.pyc", "scoring:scoring/engine.pyc"} <= set(found)
    assert {name for name, data in found.items() if data[:4] != magic} == set()
    assert {name for name, data in found.items() if int.from_bytes(data[4:8], "little") != 0b01} == set()
    with zipfile.ZipFile(shipped.pyodide / shipped.runtime["scoring"]) as package:
        names = set(package.namelist())
    assert not {n.removesuffix("c") for n in names if n.endswith(".pyc")} & names  # bytecode or source, not both


def test_pyodides_start_up_compiles_nothing(shipped: Shipped) -> None:
    """Every standard-library module that Pyodide's own start-up loads (asyncio, inspect, typing, …: its Python
    would spend about a second compiling their source on a first visit) is shipped as bytecode; only the frozen
    ones (in the WebAssembly file) are not shipped at all."""
    trace = traced_stdlib()
    with zipfile.ZipFile(shipped.pyodide / shipped.runtime["stdlib"]) as trimmed:
        names = set(trimmed.namelist())
    boot = set(trace["boot_files"]) - set(trace["frozen_files"])
    assert len(boot) > 100
    assert {name for name in boot if name.endswith(".py") and f"{name}c" not in names} == set()


def test_the_calculators_imports_compile_nothing(pyodide_run: dict[str, Any]) -> None:
    """Importing ``scoring.browser`` and answering the first result's calls compiled no source: each module
    imported after Pyodide's start-up (the package's and the standard library's) came from a shipped ``.pyc``.
    The other entry points' modules are shipped as source (smaller on the wire), and compiled when first used."""
    report = json.loads(pyodide_run["python_result"])
    assert report["first_path"]["compiled_from_source"] == []
    assert report["first_path"]["not_from_bytecode"] == []
    assert {"scoring.browser", "scoring.engine", "fractions", "tomllib._parser"} <= set(
        report["first_path"]["from_bytecode"]
    )
    later = {path.rsplit("/", 1)[-1] for path in report["compiled_from_source"]}
    assert {"diff.py", "exports.py", "diagnostics.py", "sheets.py", "report.py"} <= later


def test_a_traceback_through_the_bytecode_gives_cpythons_lines(pyodide_run: dict[str, Any]) -> None:
    try:
        vector.parse_vector("TBSC55-2026:B0/P:final/R:x")
    except InputError as error:
        expected = [
            [f.filename.rsplit("/", 1)[-1], f.lineno, f.name] for f in traceback.extract_tb(error.__traceback__)[1:]
        ]
    report = json.loads(pyodide_run["python_result"])
    assert report["traceback"] == expected
    assert report["traceback"][-1][0] == "vector.py"


def test_a_traceback_through_the_standard_library_names_each_functions_first_line(
    pyodide_run: dict[str, Any],
) -> None:
    """The standard library's bytecode keeps one line per function (build_tools/pyodide/bytecode.py,
    by_definition): a traceback names the file, the function and the line it begins on, never no line."""
    report = json.loads(pyodide_run["python_result"])
    assert report["stdlib_traceback"][-1] == ["fractions.py", report["fraction_new"], "__new__"]
    assert report["fraction_new"] > 1


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
        if name.endswith(".pyc"):
            continue  # bytecode: see test_the_shipped_bytecode_is_pyodides_and_unchecked
        compared += 1
        if not name.endswith(".py"):
            differing += [name] if stripped.read(name) != originals.read(name) else []
            continue
        before = without_docstrings(ast.parse(originals.read(name)))
        after = without_docstrings(ast.parse(stripped.read(name)))
        if before != after:
            differing.append(name)
"""

# Run before the package is imported: record every source that the import system compiles.
WATCH_COMPILING = """
import sys, zipimport, _frozen_importlib_external as external
compiled_from_source = []
booted = set(sys.modules)
_source_to_code, _compile_source = external.SourceLoader.source_to_code, zipimport._compile_source

def source_to_code(self, data, path, *args, **kwargs):
    compiled_from_source.append(path)
    return _source_to_code(self, data, path, *args, **kwargs)

def compile_source(pathname, source, *args, **kwargs):
    compiled_from_source.append(pathname)
    return _compile_source(pathname, source, *args, **kwargs)

external.SourceLoader.source_to_code = source_to_code
zipimport._compile_source = compile_source
"""

# Run after the first result's calls, before the others: what they compiled, and where their modules came from.
FIRST_PATH_LOADED = """
import sys
shipped = next(p for p in sys.path if p.endswith(".zip"))
loaded = {n: getattr(m, "__file__", None) or "" for n, m in list(sys.modules.items()) if n not in booted}
ours = {n: f for n, f in loaded.items() if f.startswith((shipped + "/", "/lib/python3.14/site-packages/scoring/"))}
first_path = {
    "compiled_from_source": list(compiled_from_source),
    "from_bytecode": sorted(n for n, f in ours.items() if f.endswith(".pyc")),
    "not_from_bytecode": sorted(f for f in ours.values() if not f.endswith(".pyc")),
}
"""

CHECK_BYTECODE = """
import fractions, traceback
from importlib.util import MAGIC_NUMBER
import scoring.vector

try:
    scoring.vector.parse_vector("TBSC55-2026:B0/P:final/R:x")
except Exception as error:
    frames = traceback.extract_tb(error.__traceback__)[1:]  # less this snippet's own frame
try:
    fractions.Fraction("not a number")
except ValueError as error:
    stdlib_frames = traceback.extract_tb(error.__traceback__)[1:]
json.dumps({
    "compared": compared,
    "differing": differing,
    "magic": MAGIC_NUMBER.hex(),
    "compiled_from_source": compiled_from_source,
    "first_path": first_path,
    "traceback": [[f.filename.rsplit("/", 1)[-1], f.lineno, f.name] for f in frames],
    "stdlib_traceback": [[f.filename.rsplit("/", 1)[-1], f.lineno, f.name] for f in stdlib_frames],
    "fraction_new": fractions.Fraction.__new__.__code__.co_firstlineno,
})
"""


def test_the_shipped_package_is_what_the_browser_entry_point_reaches(shipped: Shipped) -> None:
    """The package's modules that ``scoring.browser`` can import (as source or bytecode) and the files they read
    beside themselves; not the command line's, batch's or the JSON Schema's."""
    with zipfile.ZipFile(shipped.pyodide / shipped.runtime["scoring"]) as package:
        names = {name.removesuffix("c") for name in package.namelist()}
    modules = {f"scoring/{m.removeprefix('scoring.')}.py" for m in scoring_imports() if m.startswith("scoring.")}
    assert names == modules | {"scoring/rules.toml", "scoring/report.css"}
    assert {"scoring/report.py", "scoring/sheets.py"} <= modules
    assert not {"scoring/cli.py", "scoring/batch.py", "scoring/schema.py"} & names
