"""Fixtures for the site tests: the built site (built here when missing) and a local server for the browser."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
LANGS = ("zh", "en")
CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}
# The pages of the specification itself: identical paths in both languages.
SPEC_PAGES = (
    "index.md",
    *(f"spec/chapter-{n}.md" for n in range(1, 6)),
    *(f"spec/appendix-{n}.md" for n in range(1, 5)),
)


def mkdocs_build(lang: str, site_dir: Path | None = None, base: str = "/") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` for one language, as `make site BASE=…` runs it (never with -v: see issue 3)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", CONFIGS[lang]]
    if site_dir is not None:
        command += ["-d", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TBSC55_BASE": base}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def built_page(lang: str, md_path: str) -> Path:
    """The HTML file that a Markdown page becomes (use_directory_urls)."""
    stem = md_path.removesuffix(".md")
    return SITE / lang / ("index.html" if stem == "index" else f"{stem}/index.html")


@pytest.fixture(scope="session")
def site() -> Path:
    """site/ as `make site` leaves it; built once (under a lock, for pytest-xdist workers) if missing."""
    with (Path(tempfile.gettempdir()) / "tbsc55-site-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all((SITE / lang / "index.html").is_file() for lang in LANGS):
            for lang in LANGS:
                result = mkdocs_build(lang)
                assert result.returncode == 0, result.stderr
    return SITE


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Base URL of site/ served on 127.0.0.1 (a free port) by build_tools/serve.py, the server of `make serve`."""
    from build_tools.serve import make_server  # noqa: PLC0415 (needs the repository root on sys.path)

    httpd = make_server(site, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join()
