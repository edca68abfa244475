"""Issue 12, point 4: after one visit, the calculator and the pages read work without a network.

A reader who never opens the calculator downloads nothing for it: only the pages read are kept.

Each test has a fresh browser profile. The site is served by build_tools/serve.py; the network is cut with
Playwright's ``context.set_offline(True)``. "A new build" is made on a copy of the site: one page changed, then
sw.js and the compressed copies written again by the build's own steps (build_tools/offline.py, precompress.py).
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from build_tools import offline, precompress
from build_tools.serve import SiteHandler, make_server
from scoring.browser import open_document

from .conftest import Outside, new_context
from .test_calculator import BOOT_MS, engine, make_document
from .test_policy import Watched

# Resolves once the site's worker is active (its precache stored) and controls the page.
CONTROLLED = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const worker = navigator.serviceWorker;
  if (!worker.controller)
    await new Promise((resolve) => worker.addEventListener("controllerchange", resolve, { once: true }));
  return registration.active.scriptURL;
}"""
KEPT = """async (url) => {
  for (const name of await caches.keys()) {
    if (name.startsWith("tbsc55-offline ") && (await (await caches.open(name)).match(url))) return name;
  }
  return null;
}"""
CACHES = "async () => (await caches.keys()).filter((name) => name.startsWith('tbsc55-offline '))"


def shared_link(base: str, seed: int) -> tuple[str, dict[str, str]]:
    document = make_document(seed, 2)
    vector = json.loads(open_document(json.dumps(document), "json"))["vector"]
    return f"{base}/en/calculator/#{vector}", engine(document)


def wait_result(page: Page, result: dict[str, str]) -> None:
    page.wait_for_function(
        "() => document.querySelector('.calc-summary')?.dataset.state === 'ok'", timeout=BOOT_MS, polling=250
    )
    assert page.get_attribute('[data-testid="stars"]', "data-value") == str(result["certification"]["stars"])  # type: ignore[index]


@pytest.fixture
def fresh(browser: Browser, outside: Outside) -> Iterator[BrowserContext]:
    context = new_context(browser, outside, service_workers="allow")
    yield context
    context.close()


def wait_kept(page: Page, url: str) -> None:
    page.wait_for_function(KEPT, arg=url, timeout=30_000, polling=250)


def test_the_calculator_and_a_visited_page_reload_offline(fresh: BrowserContext, base_url: str) -> None:
    page = fresh.new_page()
    watched = Watched(page)
    link, result = shared_link(base_url, 21)
    page.goto(link)
    wait_result(page, result)
    assert page.evaluate(CONTROLLED) == f"{base_url}/sw.js"
    # The calculator's page asked the worker to keep its files, and was told when they were stored.
    page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'", timeout=60_000, polling=250)
    spec = f"{base_url}/zh/spec/chapter-5/"
    page.goto(spec)
    text = page.inner_text("article h1")
    wait_kept(page, spec)
    watched.assert_clean()

    fresh.set_offline(True)
    page.goto("about:blank")
    page.goto(link)
    wait_result(page, result)
    # A requirement never opened online opens offline: the copy kept the edition (issue 23).
    page.click('[data-testid="req-clause-5.2"] > summary')
    page.wait_for_selector('[data-testid="req-clause-5.2"][data-state="shown"]')
    page.goto(spec)
    assert page.inner_text("article h1") == text
    assert page.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky"  # styled


def test_the_runtime_is_downloaded_once_for_the_page_and_offline(browser: Browser, built_site: Path) -> None:
    """A first visit to a shared link, until the offline copy is complete: each of Pyodide's files is sent once. The
    page downloads it at once (nothing waits for the service worker); the worker's copy asks whether it changed and
    gets a 304 without a body, taking the browser's HTTP cache's copy. A returning reader's page gets the files
    whose names never change (Pyodide's folder, the zips) from the worker's copy, without asking the server, even
    with the browser's HTTP cache emptied; the manifest, whose name stays, is asked for again (by the worker, and by
    the page, whose kept answers are named after the files it lists: calculator/kept.js).

    The context has no Playwright route, which would turn the HTTP cache off: outside requests are watched instead."""
    context = browser.new_context(service_workers="allow")
    left: list[str] = []
    context.on(
        "request",
        lambda request: (
            None if request.url.startswith(("http://127.0.0.1:", "data:", "blob:")) else left.append(request.url)
        ),
    )
    sent: Counter[str] = Counter()
    size: Counter[str] = Counter()
    asked: Counter[str] = Counter()  # every request, a 304 too

    class Counting(SiteHandler):
        quiet = True

        def send_head(self) -> object:
            asked[self.path.split("?")[0]] += 1
            body = super().send_head()
            if isinstance(body, bytes):
                sent[self.path.split("?")[0]] += 1
                size[self.path.split("?")[0]] += len(body)
            return body

    httpd = make_server(built_site)
    httpd.RequestHandlerClass = functools.partial(Counting, directory=str(built_site))  # type: ignore[assignment]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        page = context.new_page()
        link, result = shared_link(base, 8)
        page.goto(link)
        wait_result(page, result)
        first = sum(size.values())
        page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'", timeout=60_000)
        runtime = {path: count for path, count in sent.items() if path.startswith("/pyodide/")}
        assert len(runtime) >= 6 and set(runtime.values()) == {1}, runtime
        assert sum(size.values()) <= 1.05 * first, (first, sum(size.values()))
        asked.clear()
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        page.reload()
        wait_result(page, result)
        fixed = {path: count for path, count in asked.items() if path.startswith("/pyodide/")}
        assert fixed == {"/pyodide/runtime.json": 2}, asked
        context.set_offline(True)
        page.goto("about:blank")
        page.goto(link)
        wait_result(page, result)
        assert left == []
    finally:
        context.close()
        httpd.shutdown()
        thread.join()


def test_a_new_build_is_taken_on_the_next_visit_and_old_caches_go(
    fresh: BrowserContext, built_site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    httpd = make_server(copy)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        page = fresh.new_page()
        page.goto(f"{base}/en/spec/chapter-1/")
        first = page.evaluate(CONTROLLED)
        page.reload()  # now through the worker, which keeps the page
        wait_kept(page, f"{base}/en/spec/chapter-1/")
        [old] = page.evaluate(CACHES)
        # A reader of the specification alone: nothing of the calculator is stored.
        folder = json.loads((copy / "pyodide" / "runtime.json").read_bytes())["pyodide_folder"]
        wasm = f"pyodide/{folder}pyodide.asm.wasm"
        assert (copy / wasm).is_file()
        assert page.evaluate(KEPT, f"{base}/{wasm}") is None

        # A new build: a page changed, then the build's last steps run again.
        chapter = copy / "en" / "spec" / "chapter-1" / "index.html"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("</h1>", " (new build)</h1>", 1), "utf-8")
        offline.write_service_worker(copy)
        precompress.precompress(copy)

        page.goto(f"{base}/en/")  # the next visit, online: the browser checks sw.js and finds the new one
        page.wait_for_function(
            f"async () => (await caches.keys()).filter((n) => n.startsWith('tbsc55-offline ') && n !== {old!r}).length"
            f" === 1 && !(await caches.keys()).includes({old!r})",
            timeout=60_000,
            polling=250,
        )
        assert first == page.evaluate(CONTROLLED)  # the same script URL, a new version
        page.goto(f"{base}/en/spec/chapter-1/")
        assert page.inner_text("article h1").endswith("(new build)")
        wait_kept(page, f"{base}/en/spec/chapter-1/")
        fresh.set_offline(True)
        page.reload()
        assert page.inner_text("article h1").endswith("(new build)")
    finally:
        httpd.shutdown()
        thread.join()


@pytest.mark.parametrize("worker", ["missing", "broken"])
def test_a_site_without_a_working_service_worker_works(fresh: BrowserContext, base_url: str, worker: str) -> None:
    status, body = (404, "") if worker == "missing" else (200, "throw new Error('broken')")
    fresh.route("**/sw.js", lambda route: route.fulfill(status=status, body=body, content_type="text/javascript"))
    page = fresh.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    link, result = shared_link(base_url, 5)
    page.goto(link)
    wait_result(page, result)
    page.goto(f"{base_url}/zh/spec/chapter-5/")
    assert page.locator("article h1").count() == 1
    # Registration jobs run one after another: once this one is refused, the page's own attempts are settled too.
    attempt = page.evaluate(
        "async (url) => navigator.serviceWorker.register(url).then(() => 'registered', () => 'refused')",
        f"{base_url}/sw.js",
    )
    assert attempt == "refused"
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    assert errors == []
