"""Debian's Chromium, headless, as every browser test, screenshot and benchmark of the project starts it.

Never `playwright install`: it downloads a browser, which this machine's closed network refuses. Without the
background-networking flags Chromium keeps trying to reach Google's hosts.
"""

from __future__ import annotations

from typing import Any

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch(playwright: Any) -> Any:
    """``playwright.chromium.launch`` with Debian's Chromium and the flags above (a Playwright ``Browser``)."""
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
