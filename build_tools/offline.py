"""The service worker of the site, ``site/sw.js`` (issue 12, point 4), from ``build_tools/service_worker.js``.

What is filled in at build time comes from the built site itself (so that whatever files the calculator ships, the
worker keeps them), as paths from the site's root, which is the worker's scope:

* ``SHARED``: the ``pyodide/`` folder (the runtime, the standard library and the ``scoring`` package);
* ``CALCULATOR``: per language, the calculator's page, every file of its ``assets/calculator/`` folder, the
  scripts, style sheets and icon its page loads, and the edition (``downloads/edition.json``), from which the page
  shows a clause's or an item's requirement when it is opened (``requirements.js``);
* ``IMMUTABLE``: those of the files above whose name carries a hash of their content (``build_tools/policy.py``'s
  ``HASHED``: Pyodide's folder, the two zips, the theme's bundles), which the worker answers from its copy
  without asking the server: under that name they never change;
* ``VERSION``: a hash of every file of the build (their paths and contents), so that any change makes a new worker,
  which replaces the old one's cache.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from build_tools.policy import LONG_CACHE, cache_control
from build_tools.precompress import ENCODINGS

TEMPLATE = Path(__file__).with_name("service_worker.js")
NAME = "sw.js"
LANGS = ("zh", "en")
# What the page loads: its scripts, and the files of its <link>s but those it only names (another language's page,
# the changelog's feed, the canonical address), which it never fetches.
REFERENCE = re.compile(r'<(?:script|link)\b(?![^>]*\srel="(?:alternate|canonical)")[^>]*\s(?:src|href)="([^"#?]+)"')
NOT_BUILT = {NAME, "_headers", ".nojekyll"}
# What the calculator fetches on demand rather than loads, kept for it too (from its language's root).
ON_DEMAND = ("downloads/edition.json",)  # written after the version is computed, or not a file the site serves


def _served(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in ENCODINGS and path.relative_to(root).as_posix() not in NOT_BUILT
    )


def shared(root: Path) -> list[str]:
    """Pyodide's runtime, shared by both languages: every file of ``pyodide/`` (Pyodide's own folder in it)."""
    files = (root / "pyodide").rglob("*")
    return sorted(p.relative_to(root).as_posix() for p in files if p.is_file() and p.suffix not in ENCODINGS)


def calculator(root: Path) -> dict[str, list[str]]:
    """Per language, the calculator's page first, then every file its page and folder hold, and what it fetches on
    demand."""
    found = {}
    for lang in LANGS:
        page = root / lang / "calculator" / "index.html"
        if not page.is_file():
            continue
        folder = root / lang / "assets" / "calculator"
        shipped = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in ENCODINGS]
        paths = {p.relative_to(root).as_posix() for p in shipped}
        for reference in REFERENCE.findall(page.read_text(encoding="utf-8")):
            if "://" in reference or reference.startswith("/"):
                continue
            path = posixpath.normpath(posixpath.join(f"{lang}/calculator", reference))
            if (root / path).is_file():
                paths.add(path)
        paths.update(f"{lang}/{path}" for path in ON_DEMAND if (root / lang / path).is_file())
        found[lang] = [f"{lang}/calculator/", *sorted(paths)]
    return found


def immutable(paths: list[str]) -> list[str]:
    """Those of ``paths`` whose name carries a hash of their content (kept a year by browsers, too)."""
    return [path for path in paths if cache_control(path) == LONG_CACHE]


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
    runtime, pages = shared(root), calculator(root)
    text = text.replace("__SHARED__", json.dumps(runtime, indent=1))
    text = text.replace("__CALCULATOR__", json.dumps(pages, indent=1))
    kept = sorted({*runtime, *(path for paths in pages.values() for path in paths)})
    text = text.replace("__IMMUTABLE__", json.dumps(immutable(kept), indent=1))
    (root / NAME).write_text(text, encoding="utf-8")
    return built
