"""Fixtures for the calculator's browser tests: the built site on 127.0.0.1 and one Chromium per module.

Debian's Chromium (/usr/bin/chromium) through Playwright for Python; never `playwright install`. Tests share one
browser context per module (in a profile on disk, whose caches keep Pyodide's files and compiled code), with
localStorage emptied before each test. Chromium resolves no host but 127.0.0.1; every context's requests for
another are recorded, and the ``outside`` fixture fails the test if there was one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from build_tools import chromium
from tests.site.conftest import LANGS, SITE, mkdocs_build

PHONE = {"width": 390, "height": 844}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def dejavu_alone(folder: Path) -> Path:
    """A fontconfig file that gives DejaVu alone, as on a machine without CJK fonts."""
    assert DEJAVU.is_dir(), "Debian's DejaVu fonts are missing (fonts-dejavu-core, which Chromium depends on)"
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=DEJAVU, cache=folder / "cache"), encoding="utf-8")
    return conf


DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def built_site() -> Path:
    """site/ as `make site` leaves it, with the calculator and its Pyodide runtime; built here if missing."""
    with (Path(tempfile.gettempdir()) / "tbsc55-site-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all((SITE / lang / "calculator" / "index.html").is_file() for lang in LANGS):
            for lang in LANGS:
                result = mkdocs_build(lang)
                assert result.returncode == 0, result.stderr
    return SITE


SUB_PATH = "/tbsc55/"


@pytest.fixture(scope="session")
def subpath_site() -> Iterator[Path]:
    """The English site built to be published under /tbsc55/ (`make site BASE=/tbsc55/`): only its 404 pages differ
    from site/'s, whose URLs start with that path. Built once for a run, whichever of pytest-xdist's processes needs
    it first, and removed by the last one done with it; not in pytest's private tmp_path: nginx's workers read it."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"{os.getpid()}"
    folder = Path(tempfile.gettempdir()) / f"tbsc55-subpath-{run}"
    users = folder.with_suffix(".users")
    with (Path(tempfile.gettempdir()) / "tbsc55-subpath.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "site" / "en" / "index.html").is_file():
            folder.mkdir(mode=0o755, exist_ok=True)
            folder.chmod(0o755)
            result = mkdocs_build("en", folder / "site" / "en", base=SUB_PATH)
            assert result.returncode == 0, result.stderr
        users.write_text(str(int(users.read_text() if users.is_file() else "0") + 1))
    try:
        yield folder / "site"
    finally:
        with (Path(tempfile.gettempdir()) / "tbsc55-subpath.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            left = int(users.read_text()) - 1
            users.write_text(str(left))
            if left == 0:
                shutil.rmtree(folder, ignore_errors=True)
                users.unlink()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The site served by build_tools/serve.py (the server of `make serve`) on a free port of 127.0.0.1.

    TBSC55_BROWSER_BASE_URL runs the tests against a server that is already running instead.
    """
    external = os.environ.get("TBSC55_BROWSER_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    from build_tools.serve import make_server  # noqa: PLC0415 (needs the repository root on sys.path)

    httpd = make_server(built_site, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join()


# Module scope, not session: one sync Playwright at a time in a process, and tests/site has its own.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = chromium.launch(playwright)
    yield browser
    browser.close()


@dataclass
class Outside:
    """Requests that tried to leave 127.0.0.1 (Chromium resolves no other host: build_tools/chromium.py)."""

    urls: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Record every request of ``context`` (its pages' and their workers') for a host other than 127.0.0.1.
        Seen, not routed: a route would turn the context's HTTP cache off."""
        context.on("request", self.seen)

    def seen(self, request: Request) -> None:
        url = request.url
        if urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:")):
            self.urls.append(url)


def new_context(
    browser: Browser, outside: Outside, viewport: dict[str, int] = DESKTOP, service_workers: str = "block"
) -> BrowserContext:
    """A watched context. The site's service worker is blocked unless asked for: requests that a service worker
    makes are not seen by Playwright's routes, which many tests use to break or watch a file (tests/browser/
    test_offline.py tests the worker)."""
    context = browser.new_context(viewport=viewport, accept_downloads=True, service_workers=service_workers)
    outside.watch(context)
    return context


@pytest.fixture(scope="module")
def shared_outside() -> Outside:
    return Outside()


@pytest.fixture(scope="session")
def profile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared contexts' browser profile, one per test process, kept from module to module."""
    return tmp_path_factory.mktemp("chromium-profile")


@pytest.fixture(scope="module")
def shared_context(playwright: Playwright, profile_folder: Path, shared_outside: Outside) -> Iterator[BrowserContext]:
    """One context for a module's tests, in a profile on disk: there, unlike in a fresh context, Chromium keeps
    the compiled WebAssembly of Pyodide from one page to the next (measured: a calculator ready in 1.8 s instead
    of 2.5 s)."""
    context = chromium.launch_persistent(playwright, profile_folder, viewport=DESKTOP, accept_downloads=True)
    shared_outside.watch(context)
    yield context
    context.close()


@pytest.fixture
def outside(shared_outside: Outside) -> Iterator[Outside]:
    """Requests that left 127.0.0.1 during one test (through the shared context or one of the test's own)."""
    shared_outside.urls.clear()
    yield shared_outside
    assert not shared_outside.urls, f"requests left 127.0.0.1: {shared_outside.urls}"


@pytest.fixture
def context(shared_context: BrowserContext, outside: Outside, base_url: str) -> BrowserContext:
    """The shared context with an empty localStorage, and no engine answers kept (calculator/worker.js): nothing
    autosaved by an earlier test, no result given before Python is ready."""
    blank = shared_context.new_page()
    blank.goto(f"{base_url}/zh/404.html")
    blank.evaluate("localStorage.clear(); caches.delete('tbsc55-calculator-answers')")
    blank.close()
    return shared_context


@contextmanager
def watched(*pages: Page) -> Iterator[None]:
    """Pages whose uncaught errors fail the test (checked when the block ends, after the pages are closed)."""
    errors: list[str] = []
    for page in pages:
        page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert not errors, f"uncaught errors on the page: {errors}"


def watched_page(context: BrowserContext) -> Iterator[Page]:
    """A new page of ``context`` whose uncaught errors fail the test; closed after it (the body of page fixtures)."""
    page = context.new_page()
    with watched(page):
        yield page
        page.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    yield from watched_page(context)


@pytest.fixture
def phone(browser: Browser, outside: Outside) -> Iterator[Page]:
    """A 390 px phone screen, in a context of its own."""
    context = new_context(browser, outside, PHONE)
    yield context.new_page()
    context.close()
