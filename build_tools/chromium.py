"""Debian's Chromium, headless, as every browser test, screenshot and benchmark of the project starts it.

Never `playwright install`: it downloads a browser, which this machine's closed network refuses. Without the
background-networking flags Chromium keeps trying to reach Google's hosts; and it resolves no host but 127.0.0.1,
so that nothing a page asks for leaves the machine (the tests record such requests: tests/browser/conftest.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def launch(playwright: Any, env: dict[str, str] | None = None) -> Any:
    """``playwright.chromium.launch`` with Debian's Chromium and the flags above (a Playwright ``Browser``); ``env``
    replaces the browser's environment (e.g. a ``FONTCONFIG_FILE`` that gives it other fonts)."""
    if env is None:
        return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS, env=env)


def launch_persistent(playwright: Any, profile: Path, **options: Any) -> Any:
    """A context of a Chromium started with the profile folder ``profile`` (a Playwright ``BrowserContext``): unlike
    a fresh context's, its code cache keeps Pyodide's compiled WebAssembly from one page to the next. The site's
    service worker is blocked (``options`` may allow it)."""
    options = {"service_workers": "block"} | options
    return playwright.chromium.launch_persistent_context(profile, executable_path=EXECUTABLE, args=ARGS, **options)


def chinese_fonts(env: dict[str, str] | None = None) -> list[str]:
    """The font families fontconfig offers for Chinese (empty: Chromium would draw every Chinese glyph as a box).
    Debian's fonts-noto-cjk gives Noto Sans CJK and Noto Serif CJK; `make system` installs it."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], env=env, capture_output=True, text=True, check=False)
    except OSError:  # no fontconfig at all
        return []
    return sorted({line.split(",")[0].strip() for line in found.stdout.splitlines() if line.strip()})
