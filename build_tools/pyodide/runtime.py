"""The shared ``site/pyodide/`` folder: the runtime copied from npm (in a folder of its own, named after its
files), the two zips the calculator loads, and ``runtime.json``, their manifest; and the built worker, told the
name of Pyodide's folder."""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_tools.pyodide.archive import zip_bytes
from build_tools.pyodide.bytecode import compiled
from build_tools.pyodide.node import NODE_PYODIDE, lock_info, pyodide_version
from build_tools.pyodide.package import scoring_sources
from build_tools.pyodide.stripping import stdlib_sources
from build_tools.pyodide.tracing import traced_stdlib

WASM = "pyodide.asm.wasm"  # which the calculator page asks for as it starts (overrides/main.html, boot.js)
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", WASM)
MANIFEST = "runtime.json"
# In the calculator's worker (docs/assets/calculator/worker.js), the name of the folder of RUNTIME_FILES, which
# bind_worker writes into each built copy: the worker asks for Pyodide's files as it starts, before any manifest.
WORKER_MARK = '"__PYODIDE__/"'


def _with_bytecode(sources: dict[str, bytes], bytecode: dict[str, bytes]) -> bytes:
    """A stored zip of ``sources`` in which each ``x.py`` that has a compiled ``x.pyc`` is replaced by it."""
    entries = {name: data for name, data in sources.items() if f"{name}c" not in bytecode}
    entries.update(bytecode)
    # Stored, not deflated: the server compresses the whole file on the wire, which beats deflating each
    # member, and zipimport and unpacking then read members without inflating them.
    return zip_bytes(entries.items())


def shipped_archives() -> tuple[bytes, bytes]:
    """The two zips the calculator loads: the trimmed standard library and the ``scoring`` package.

    Every module on the calculator's path to its first result — Pyodide's own start-up (asyncio, inspect, typing,
    …), then the package's modules that a shared link's first result loads and the standard-library modules they
    bring (decimal, fractions, tomllib, …) — is shipped as bytecode, without its source: Python compiling their
    source was most of a first visit's start-up (issue 24, measured under Node.js: Pyodide's start-up 1.5 s from
    source, 0.5 s from bytecode). Bytecode compresses about half as well as source (+0.29 MB on the wire, within
    the first visit's 3.9 MB), so the modules loaded only on other paths (the report, rater sheets, the
    comparison) stay source. The modules frozen into Pyodide's WebAssembly file (importlib, os, site, …) are left
    out: their files are never read.
    """
    trace = traced_stdlib()
    stdlib = stdlib_sources(sorted(set(trace["files"]) - set(trace["frozen_files"])))
    package = scoring_sources()
    on_path = set(trace["calculator_files"])
    compile_stdlib = {name: stdlib[name] for name in sorted(on_path) if name.endswith(".py") and name in stdlib}
    compile_package = {}
    for module in trace["calculator_modules"]:
        path = "scoring/" + (module.removeprefix("scoring").removeprefix(".") or "__init__").replace(".", "/") + ".py"
        compile_package[path] = package[path]
    bytecode = compiled({"stdlib": compile_stdlib, "scoring": compile_package})
    return _with_bytecode(stdlib, bytecode["stdlib"]), _with_bytecode(package, bytecode["scoring"])


def _hashed(stem: str, data: bytes) -> str:
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.zip"


@functools.cache  # the npm package does not change during a build: hashed once, not once per language and event
def pyodide_folder() -> str:
    """The folder of Pyodide's own files, named after their contents (``pyodide-<hash>/``): a name whose files never
    change, so that a browser and the site's service worker may keep them without asking again (issue 24, the warm
    reload), and a new Pyodide is a new name, never an old worker's copy mixed with a new page."""
    digest = hashlib.sha256()
    for name in RUNTIME_FILES:
        digest.update(name.encode() + b"\0" + hashlib.sha256((NODE_PYODIDE / name).read_bytes()).digest())
    return f"pyodide-{digest.hexdigest()[:12]}/"


def bind_worker(worker: Path, runtime: dict[str, Any]) -> None:
    """Write the name of Pyodide's folder (``runtime["pyodide_folder"]``) into a copy of the calculator's worker."""
    text = worker.read_text(encoding="utf-8")
    if text.count(WORKER_MARK) != 1:
        raise SystemExit(f"{worker}: expected {WORKER_MARK} once, the name of Pyodide's folder to fill in")
    worker.write_text(text.replace(WORKER_MARK, json.dumps(runtime["pyodide_folder"])), encoding="utf-8")


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _copy_if_changed(source: Path, copy: Path) -> None:
    if not copy.is_file() or copy.stat().st_size != source.stat().st_size or copy.read_bytes() != source.read_bytes():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy)


def write_runtime(target: Path) -> dict[str, Any]:
    """Write (or bring up to date) the shared ``pyodide/`` folder; return its ``runtime.json``."""
    from scoring import __about__  # noqa: PLC0415 — the build's own package, imported when a build runs

    if not (NODE_PYODIDE / "package.json").is_file():
        raise SystemExit("node_modules/pyodide is missing: run `make bootstrap` (npm ci) first")
    stdlib, package = shipped_archives()
    runtime = {
        "pyodide": pyodide_version(),
        "pyodide_folder": pyodide_folder(),
        "stdlib": _hashed("python_stdlib", stdlib),
        "scoring": _hashed("scoring", package),
        "scoring_version": __about__.__version__,
        # A lock file with no packages: Pyodide then fetches no pyodide-lock.json and can install nothing.
        "lock": {"info": lock_info(), "packages": {}},
    }
    # The name of the files that make the engine: what a stored snapshot (worker.js) and the kept answers
    # (calculator/kept.js) were made with, a part of their keys in the browser's Cache Storage.
    runtime["build"] = re.sub(r"[^\w.-]+", "_", "/".join(str(runtime[k]) for k in ("pyodide", "stdlib", "scoring")))
    folder = str(runtime["pyodide_folder"]).rstrip("/")
    for name in RUNTIME_FILES:
        _copy_if_changed(NODE_PYODIDE / name, target / folder / name)
    keep = {folder, runtime["stdlib"], runtime["scoring"], MANIFEST}
    if target.is_dir():
        for stale in target.iterdir():
            if stale.name not in keep:
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    _write_if_changed(target / str(runtime["stdlib"]), stdlib)
    _write_if_changed(target / str(runtime["scoring"]), package)
    _write_if_changed(target / MANIFEST, (json.dumps(runtime, indent=1) + "\n").encode())
    return runtime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the calculator's shared pyodide/ folder.")
    parser.add_argument("target", type=Path, help="the folder to write, e.g. site/pyodide")
    args = parser.parse_args(argv)
    print(json.dumps(write_runtime(args.target), indent=1))
    return 0
