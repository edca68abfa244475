"""Precompressed copies of the site's files (issue 12, point 1): ``file.br`` and ``file.gz`` next to ``file``.

A static host sends them as they are (nginx's ``gzip_static``, ``build_tools/serve.py``), so the reader gets brotli
at its highest quality, which no server affords on the fly, and the Python zips (stored, not deflated, by
build_tools/pyodide/runtime.py so that the whole file compresses) travel compressed even where a host would not
compress a ``.zip``.

* brotli: quality 11, 16 MB window, by Node's built-in zlib (``build_tools/brotli.mjs``);
* gzip: level 9 (``gzip -9``), no name and no time in the header, so the same file gives the same bytes.

Only files over 1 KB of the compressible kinds, and only when the copy is smaller. Brotli at quality 11 takes minutes
on Pyodide's 9.6 MB WebAssembly, so each result is kept in ``build/compressed/`` under the SHA-256 of its input;
a rebuild compresses only what changed.

    python -m build_tools.precompress site
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "compressed"
BROTLI = Path(__file__).with_name("brotli.mjs")
SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".csv", ".wasm", ".zip", ".xml", ".txt"}
MIN_SIZE = 1024
ENCODINGS = (".br", ".gz")


def compressible(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size > MIN_SIZE


def _cached(digest: str, encoding: str) -> Path:
    return CACHE / digest[:2] / f"{digest}{encoding}"


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _place(target: Path, data: bytes) -> None:
    if not target.is_file() or target.read_bytes() != data:
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)


def precompress(site: Path) -> dict[str, int]:  # noqa: PLR0912 — one pass: list, compress, place
    """Write or refresh every ``.br``/``.gz`` under ``site``; remove those whose file is gone.

    Returns the count of files compressed anew (not from the cache) per encoding."""
    todo: dict[str, list[tuple[Path, str]]] = {".br": [], ".gz": []}
    wanted: list[tuple[Path, str]] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink()):
        if path.suffix in ENCODINGS:
            original = path.with_suffix("")
            if original.suffix in SUFFIXES and not original.is_file():
                path.unlink()  # a copy of a file that is gone
            continue
        if not compressible(path):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        wanted.append((path, digest))
        for encoding, jobs in todo.items():
            if not _cached(digest, encoding).is_file():
                jobs.append((path, digest))
    made = {encoding: len(jobs) for encoding, jobs in todo.items()}
    brotli = _start_brotli(todo[".br"])  # runs in Node while Python writes the gzip copies
    for path, digest in todo[".gz"]:
        cached = _cached(digest, ".gz")
        cached.parent.mkdir(parents=True, exist_ok=True)
        _place(cached, _gzip(path.read_bytes()))
    if brotli is not None:
        process, jobs_file = brotli
        try:
            _, stderr = process.communicate()
        finally:
            jobs_file.unlink()
        if process.returncode != 0:
            raise RuntimeError(f"node {BROTLI.name} exited {process.returncode}:\n{stderr}")
    for path, digest in wanted:
        size = path.stat().st_size
        for encoding in ENCODINGS:
            data = _cached(digest, encoding).read_bytes()
            target = path.with_name(path.name + encoding)
            if len(data) < size:
                _place(target, data)
            else:
                target.unlink(missing_ok=True)  # no gain: the host sends the file itself
    return made


def _start_brotli(jobs: list[tuple[Path, str]]) -> tuple[subprocess.Popen[str], Path] | None:
    if not jobs:
        return None
    pairs = []
    for path, digest in {digest: (path, digest) for path, digest in jobs}.values():
        target = _cached(digest, ".br")
        target.parent.mkdir(parents=True, exist_ok=True)
        pairs.append([str(path), str(target)])
    # Largest first: the WebAssembly starts at once.
    pairs.sort(key=lambda pair: -Path(pair[0]).stat().st_size)
    handle, name = tempfile.mkstemp(suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(pairs, out)
    process = subprocess.Popen(
        ["node", str(BROTLI), name], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return process, Path(name)


def main(argv: Sequence[str] | None = None) -> int:
    site = Path((argv if argv is not None else sys.argv[1:])[0] if (argv or sys.argv[1:]) else "site")
    made = precompress(site)
    print(f"{site}: compressed anew {made['.br']} brotli, {made['.gz']} gzip", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
