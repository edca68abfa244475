"""Which standard-library files the calculator needs: a trace of Pyodide answering the smoke calls under Node.js,
from the full ``python_stdlib.zip``."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_tools.pyodide import cache, smoke
from build_tools.pyodide.archive import zip_bytes
from build_tools.pyodide.node import NODE_PYODIDE, lock_info, run_node
from build_tools.pyodide.package import package_digest_parts, scoring_imports, scoring_sources

Trace = dict[str, list[str]]


def trace_stdlib(imports: Sequence[str], first: Sequence[smoke.Call], other: Sequence[smoke.Call]) -> dict[str, Any]:
    """The standard-library files (zip members) loaded by Pyodide's start-up (``boot_files``); then also by the
    package answering the ``first`` calls (``calculator_files``, with the package's modules then loaded:
    ``calculator_modules``); then also by the ``other`` calls, by importing ``imports`` and by a Python exception
    reaching JavaScript (its traceback): ``files``, all that is shipped. With Pyodide's answers to the calls
    (``answers``), in their order. ``frozen_files``: those of ``files`` whose modules are frozen into Pyodide's
    WebAssembly file (importlib, os, site, …), which Python never reads."""
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "scoring.zip"
        package.write_bytes(zip_bytes(scoring_sources().items()))
        answer = run_node(
            {
                "pyodide": str(NODE_PYODIDE),
                "lock": lock_info(),
                "stdlib": str(NODE_PYODIDE / "python_stdlib.zip"),
                "scoring": str(package),
                "imports": list(imports),
                "calls": [list(call) for call in first],
                "more_calls": [list(call) for call in other],
                "trace": True,
            }
        )
    return {
        "files": sorted(answer["stdlib_files"]),
        "boot_files": sorted(answer["boot_files"]),
        "calculator_files": sorted(answer["calculator_files"]),
        "calculator_modules": sorted(answer["calculator_modules"]),
        "frozen_files": sorted(answer["frozen_files"]),
        "answers": answer["results"] + answer["more_results"],
    }


def traced_stdlib() -> Trace:
    """:func:`trace_stdlib` of the package's imports and the smoke calls, once per version of Pyodide, of the
    package and of this code (kept by :mod:`build_tools.pyodide.cache`). Every build checks the trace's answers
    against this CPython's (:func:`build_tools.pyodide.smoke.check`): the packaged engine is the engine."""
    first, other = smoke.first_result_calls(), smoke.other_calls()
    calls = first + other
    key = cache.digest(*package_digest_parts(), json.dumps(calls).encode())
    path = cache.cached_path("trace", key, ".json")
    if path.is_file():
        trace: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    else:
        trace = trace_stdlib(scoring_imports(), first, other)
        cache.store(path, (json.dumps(trace, indent=0, ensure_ascii=False) + "\n").encode("utf-8"))
    smoke.check(calls, trace["answers"])
    names = ("files", "boot_files", "calculator_files", "calculator_modules", "frozen_files")
    return {name: trace[name] for name in names}
