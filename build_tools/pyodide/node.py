"""Pyodide under Node.js: the npm package the build copies and runs (``node_modules/pyodide``), and one run of
``build_tools/pyodide_run.mjs`` (its request and answer are described in that file)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = ROOT / "build_tools" / "pyodide_run.mjs"


def pyodide_version() -> str:
    """The version of the npm package, which ``runtime.json`` names."""
    return str(json.loads((NODE_PYODIDE / "package.json").read_text(encoding="utf-8"))["version"])


def lock_info() -> dict[str, Any]:
    """The ``info`` of the package's ``pyodide-lock.json``: a lock file with it and no packages installs nothing."""
    lock: dict[str, Any] = json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    return lock


def run_node(request: dict[str, Any], timeout: float = 600) -> dict[str, Any]:
    """Run ``pyodide_run.mjs`` on one request and return its answer."""
    with tempfile.TemporaryDirectory() as tmp:
        request_path, answer_path = Path(tmp) / "request.json", Path(tmp) / "answer.json"
        request_path.write_text(json.dumps(request), encoding="utf-8")
        done = subprocess.run(
            ["node", str(RUNNER), str(request_path), str(answer_path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            # Pyodide prints a line of its minified source with an error: keep the readable lines only.
            readable = [line for line in done.stderr.splitlines() if len(line) < 1000]
            raise RuntimeError(f"node {RUNNER.name} exited {done.returncode}:\n" + "\n".join(readable[-40:]))
        answer: dict[str, Any] = json.loads(answer_path.read_text(encoding="utf-8"))
        return answer
