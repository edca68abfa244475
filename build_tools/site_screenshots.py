"""Screenshots of every page of the built site, on a desktop and a 390 px phone, for a person to look at.

    .venv/bin/python -m build_tools.site_screenshots [--lang zh|en] [--out DIR] [PAGE ...]

Serves site/ on 127.0.0.1 (a free port) and drives Debian's Chromium (never `playwright install`).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import sync_playwright

from build_tools import chromium

ROOT = Path(__file__).resolve().parent.parent
PAGES = (
    "",
    "spec/chapter-1/",
    "spec/chapter-2/",
    "spec/chapter-3/",
    "spec/chapter-4/",
    "spec/chapter-5/",
    "spec/appendix-1/",
    "spec/appendix-2/",
    "spec/appendix-3/",
    "spec/appendix-4/",
    "notes/reading-notes/",
    "guides/applicants/",
    "guides/auditors/",
    "changelog/",
    "print/",
)
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--full", action="store_true", help="whole page, not just the first screen")
    parser.add_argument("pages", nargs="*", default=PAGES)
    args = parser.parse_args(argv)
    if not chromium.chinese_fonts():
        print(
            "site_screenshots: no Chinese font on this machine, every Chinese character would be a box; "
            "`make system` installs Debian's fonts-noto-cjk",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)

    handler = functools.partial(_QuietHandler, directory=str(ROOT / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{args.lang}/"
    try:
        with sync_playwright() as p:
            browser = chromium.launch(p)
            for name, (width, height) in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for path in args.pages:
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    slug = path.strip("/").replace("/", "_") or "index"
                    shot = args.out / f"{args.lang}-{slug}-{name}.png"
                    page.screenshot(path=str(shot), full_page=args.full)
                    print(f"{shot}  horizontal overflow: {overflow}px")
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
