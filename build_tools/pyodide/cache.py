"""The results of running Pyodide under Node.js (seconds each), kept in ``build/pyodide-traces/``: a build of both
languages, and every test build, reuse them. A result is named after a digest of everything it depends on: the
version of Pyodide, the runner, this package's code, and the inputs given."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from build_tools.pyodide.node import NODE_PYODIDE, ROOT, RUNNER

TRACES = ROOT / "build" / "pyodide-traces"
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: bytes) -> str:
    """A digest of Pyodide's version, the runner, this package's modules and ``parts``."""
    sha = hashlib.sha256()
    for path in [NODE_PYODIDE / "package.json", RUNNER, *sorted(PACKAGE.glob("*.py"))]:
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


def cached_path(kind: str, key: str, suffix: str) -> Path:
    """Where the result of ``kind`` for the digest ``key`` is kept."""
    return TRACES / f"{kind}-{key[:16]}{suffix}"


def store(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` at once: parallel builds each rename a whole file, the last one wins, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
