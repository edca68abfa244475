"""The calculator page asks for each of its ES modules at once (``<link rel="modulepreload">``), not one import
after another: every module that calculator.js imports, directly or not, is preloaded, in both languages, and no
module is preloaded that the page does not use. At low priority: on a line limited to six connections (an HTTP/1.1
host), the engine's worker script and Pyodide's files, which the first result waits for longest, go first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CALCULATOR = Path(__file__).resolve().parents[2] / "docs" / "assets" / "calculator"
DOCS = CALCULATOR.parents[1]
_IMPORT = re.compile(r'^import [^;]*? from "\./([\w-]+\.js)";', re.MULTILINE | re.DOTALL)
_TYPE_ONLY = re.compile(r'import\("\./([\w-]+\.js)"\)')


def imported(name: str, seen: set[str] | None = None) -> set[str]:
    """The modules ``name`` imports at run time (JSDoc ``import("./x.js")`` types are not loaded), transitively."""
    seen = set() if seen is None else seen
    for module in _IMPORT.findall((CALCULATOR / name).read_text(encoding="utf-8")):
        if module not in seen:
            seen.add(module)
            imported(module, seen)
    return seen


def test_the_reader_of_imports_sees_static_imports_only() -> None:
    assert _IMPORT.findall('import { h } from "./dom.js";\nimport {\n  a,\n  b,\n} from "./form.js";') == [
        "dom.js",
        "form.js",
    ]
    assert _IMPORT.findall('/** @typedef {import("./engine.js").Engine} Engine */') == []
    assert _TYPE_ONLY.findall('/** @typedef {import("./engine.js").Engine} Engine */') == ["engine.js"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_module_of_the_calculator_is_preloaded(lang: str) -> None:
    page = (DOCS / lang / "calculator.md").read_text(encoding="utf-8")
    preloaded = set(
        re.findall(r'<link rel="modulepreload" href="\.\./assets/calculator/([\w-]+\.js)" fetchpriority="low">', page)
    )
    assert preloaded == imported("calculator.js")
    assert '<script type="module" src="../assets/calculator/calculator.js" fetchpriority="low"></script>' in page
