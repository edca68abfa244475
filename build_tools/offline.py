"""The service worker of the site, ``site/sw.js`` (issue 12, point 4), from ``build_tools/service_worker.js``.

Two things are filled in at build time, from the built site itself (so that whatever files the calculator ships,
the worker keeps them):

* ``PRECACHE``: each language's calculator page, every file of its ``assets/calculator/`` folder, the scripts,
  style sheets and icon its page loads, and the shared ``pyodide/`` folder (the runtime, the standard library and
  the ``scoring`` package) — paths from the site's root, which is the worker's scope;
* ``VERSION``: a hash of every file of the build (their paths and contents), so that any change makes a new worker,
  which replaces the old one's cache.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from build_tools.precompress import ENCODINGS

TEMPLATE = Path(__file__).with_name("service_worker.js")
NAME = "sw.js"
LANGS = ("zh", "en")
REFERENCE = re.compile(r'<(?:script|link)\b[^>]*\s(?:src|href)="([^"#?]+)"')
NOT_BUILT = {NAME, "_headers", ".nojekyll"}  # written after the version is computed, or not a file the site serves


def _served(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in ENCODINGS and path.relative_to(root).as_posix() not in NOT_BUILT
    )


def precache(root: Path) -> list[str]:
    """The paths (from the site's root) that the worker stores when it is installed."""
    paths = {path.relative_to(root).as_posix() for path in (root / "pyodide").glob("*") if path.suffix not in ENCODINGS}
    for lang in LANGS:
        page = root / lang / "calculator" / "index.html"
        if not page.is_file():
            continue
        paths.add(f"{lang}/calculator/")
        folder = root / lang / "assets" / "calculator"
        shipped = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in ENCODINGS]
        paths |= {p.relative_to(root).as_posix() for p in shipped}
        for reference in REFERENCE.findall(page.read_text(encoding="utf-8")):
            if "://" in reference or reference.startswith("/"):
                continue
            path = posixpath.normpath(posixpath.join(f"{lang}/calculator", reference))
            if (root / path).is_file():
                paths.add(path)
    return sorted(paths)


def version(root: Path) -> str:
    digest = hashlib.sha256()
    for path in _served(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_service_worker(root: Path) -> str:
    """Write ``root/sw.js``; return its version."""
    built = version(root)
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace('"__VERSION__"', json.dumps(built))
    text = text.replace("__PRECACHE__", json.dumps(precache(root), indent=1))
    (root / NAME).write_text(text, encoding="utf-8")
    return built
