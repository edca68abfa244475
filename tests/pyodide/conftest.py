"""A site tree with what the calculator ships: ``pyodide/`` written by the build hook's own function (the same
bytes as ``site/pyodide/``: hashed names, deterministic zips) and the worker at its place in a language."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_tools.pyodide.runtime import bind_worker, write_runtime

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Shipped:
    root: Path  # stands for site/
    runtime: dict[str, Any]  # pyodide/runtime.json

    @property
    def pyodide(self) -> Path:
        return self.root / "pyodide"

    @property
    def worker(self) -> Path:
        return self.root / "zh" / "assets" / "calculator" / "worker.js"


WORKER_FILES = ("worker.js",)


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    root = tmp_path_factory.mktemp("site")
    runtime = write_runtime(root / "pyodide")
    assert json.loads((root / "pyodide" / "runtime.json").read_text(encoding="utf-8")) == runtime
    worker = root / "zh" / "assets" / "calculator" / "worker.js"
    worker.parent.mkdir(parents=True)
    for name in WORKER_FILES:  # the worker and the modules it imports
        shutil.copyfile(ROOT / "docs" / "assets" / "calculator" / name, worker.parent / name)
    bind_worker(worker, runtime)  # as the build does: the name of Pyodide's folder
    return Shipped(root, runtime)
