"""The calculator in a browser (issue 4's performance figures): headless Chromium against the built site.

A copy of ``site/`` (``make site`` first) is served by ``build_tools/serve.py`` (gzip) on 127.0.0.1, with a bare
page added beside it that boots the same Pyodide files in the same kind of worker and runs one line of Python.
Medians over ``--runs`` (default 9; the issue asks ≥ 5) runs, each cold run in a fresh browser profile, (a) and (b)
taking turns to go first; one uncounted load of each page before them:

(a) the bare page's boot: navigation → its line of Python has run (the baseline);
(b) a shared link (calculator URL + ``#<compact evaluation string>``): navigation → the first result
    (``data-testid="stars"`` gets its ``data-value``); target ≤ 1.15 × (a); also when the page created its
    worker and when the worker was ready, and (b)/(a) within each run;
(c) the same link reloaded, warm (HTTP cache and the worker's stored snapshot); target ≤ 0.7 × (b);
(d) a recalculation: ``evaluate`` posted to the worker → ``evaluated`` back, measured in the page with a
    worker of its own, one α changed each time; target median ≤ 16 ms;
(e) bytes on the wire for the calculator page, as the server sent them (headers and gzip bodies); target
    ≤ 4.5 MB; and a specification page, which must fetch nothing from pyodide/;
(f) many raters (issue 10): an evaluation of 3,000 raters opened as a JSON file → its result shown and the page
    usable, target ≤ 1 s; then one α of an opened rater changed → the new result shown, median of 5, target
    ≤ 100 ms (both measured in the page, from the file input's change / the input event).

    .venv/bin/python benchmarks/bench_calculator.py [--runs 9] [--lang zh]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

from build_tools import chromium  # noqa: E402
from build_tools.serve import SiteHandler, make_server  # noqa: E402
from scoring import browser as engine  # noqa: E402
from tests.pyodide.cases import conformance_inputs  # noqa: E402

MB = 1_000_000

BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare Pyodide</title></head>
<body><p id="out">booting…</p>
<script type="module">
const worker = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  window.__firstResult = performance.now();
  document.getElementById("out").textContent = event.data;
};
</script></body></html>
"""
# The same files and options as docs/assets/calculator/worker.js, and one line of Python.
BARE_WORKER = """
const RUNTIME = new URL("../pyodide/", import.meta.url);
const loader = import(new URL("pyodide.mjs", RUNTIME).href);
const runtime = await (await fetch(new URL("runtime.json", RUNTIME))).json();
const { loadPyodide } = await loader;
const pyodide = await loadPyodide({
  indexURL: RUNTIME.href,
  stdLibURL: new URL(runtime.stdlib, RUNTIME).href,
  lockFileContents: runtime.lock,
  packageBaseUrl: RUNTIME.href,
});
self.postMessage(String(pyodide.runPython("1 + 1")));
"""
# Records when the first result appears: data-value set on the stars element; and when the page created its
# worker and when that worker said "ready" (where the time between (a) and (b) goes).
WATCH_RESULT = """
window.__firstResult = null;
window.__worker = {};
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(...args) {
    super(...args);
    window.__worker.created ??= performance.now();
    this.addEventListener("message", (event) => {
      if (event.data && event.data.type === "ready") window.__worker.ready ??= performance.now();
    });
  }
};
new MutationObserver((_, observer) => {
  const stars = document.querySelector('[data-testid="stars"]');
  if (stars && stars.dataset.value) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-value"] });
"""
ROUND_TRIPS = """
async ([workerUrl, docs]) => {
  const worker = new Worker(workerUrl, { type: "module" });
  const replies = new Map();
  await new Promise((resolve, reject) => {
    worker.addEventListener("message", (event) => {
      if (event.data.type === "ready") resolve();
      if (event.data.type === "fatal") reject(new Error(event.data.message));
      if (event.data.id !== undefined) replies.get(event.data.id)(event.data);
    });
  });
  const times = [];
  for (let i = 0; i < docs.length; i++) {
    const start = performance.now();
    const reply = await new Promise((resolve) => {
      replies.set(i, resolve);
      worker.postMessage({ id: i, type: "evaluate", document: docs[i] });
    });
    times.push(performance.now() - start);
    if (reply.type !== "evaluated" || !reply.payload.ok) throw new Error(JSON.stringify(reply).slice(0, 300));
  }
  worker.terminate();
  return times;
}
"""


class Wire:
    """What the server sent, per request path: status line, headers and body, as bytes on the wire."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def reset(self) -> None:
        with self.lock:
            self.sent = []

    def total(self) -> int:
        with self.lock:
            return sum(size for _, size in self.sent)


class _Counter:
    def __init__(self, stream: Any, count: Any) -> None:
        self.stream, self.count = stream, count

    def write(self, data: bytes) -> int:
        self.count(len(data))
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def serving(root: Path, wire: Wire) -> Iterator[str]:
    class CountingHandler(SiteHandler):
        quiet = True

        def setup(self) -> None:
            super().setup()
            self._sent = 0
            self.wfile = _Counter(self.wfile, self._add)  # type: ignore[assignment]

        def _add(self, size: int) -> None:
            self._sent += size

        def handle_one_request(self) -> None:
            self._sent = 0
            super().handle_one_request()
            if self._sent:
                with wire.lock:
                    wire.sent.append((self.path, self._sent))

    httpd = make_server(root)
    httpd.RequestHandlerClass = lambda *a, **k: CountingHandler(*a, directory=str(root), **k)  # type: ignore[assignment]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join()


def launch(p: Playwright) -> Browser:
    return chromium.launch(p)


def guard(page: Page, outside: list[str]) -> None:
    def route(r: Any) -> None:
        if r.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)


def first_result(page: Page, timeout: float = 120) -> float:
    # The page stamps the time itself; this only waits for the stamp. Playwright's default polling runs on every
    # animation frame, which would make the page lay out and draw 60 frames a second during the boot (costly for
    # a long page on a software-rendering, 2-core machine) — work that a reader's browser does not do.
    page.wait_for_function(
        "window.__firstResult !== null && window.__firstResult !== undefined", timeout=timeout * 1000, polling=250
    )
    return float(page.evaluate("window.__firstResult"))


def shared_link(base: str, lang: str) -> str:
    doc = conformance_inputs()[0]
    vector = json.loads(engine.open_document(json.dumps(doc), "json"))["vector"]
    return f"{base}/{lang}/calculator/#{vector}"


def snapshot_stored(page: Page, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate("async () => (await (await caches.open('tbsc55-calculator-pyodide')).keys()).length"):
            return True
        time.sleep(0.2)
    return False


def recalculation_docs(count: int) -> list[dict[str, Any]]:
    doc = conformance_inputs()[0]
    docs = []
    for n in range(count):
        changed = json.loads(json.dumps(doc))
        alpha = changed["service"]["raters"][0]["alpha"]
        alpha["1.1"] = f"0.{90 + n % 10}"  # as if typed into one field
        docs.append(changed)
    return docs


def fresh_page(p: Playwright, outside: list[str], watch: bool = False) -> tuple[Browser, Page]:
    """A page in a new browser (a fresh profile), guarded; ``watch``: it stamps the calculator's first result."""
    browser = launch(p)
    page = browser.new_page()
    guard(page, outside)
    if watch:
        page.add_init_script(WATCH_RESULT)
    return browser, page


def bare_boot(p: Playwright, base: str, outside: list[str]) -> float:
    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/bench/")
    took = first_result(page)
    browser.close()
    return took


def measure(p: Playwright, base: str, lang: str, runs: int, wire: Wire, outside: list[str]) -> dict[str, Any]:
    m: dict[str, Any] = {"bare": [], "cold": [], "warm": [], "bytes": [], "files": {}}
    link = shared_link(base, lang)
    # One load of each page, not counted: the server compresses each file on its first request, and neither
    # page should pay for that (nor for the first reads of Chromium's own files from disk).
    bare_boot(p, base, outside)
    browser, page = fresh_page(p, outside, watch=True)
    page.goto(link)
    first_result(page)
    browser.close()
    for run in range(runs):
        # (a) and (b) back to back, in turns first: a slow spell of the machine falls on both alike.
        if run % 2 == 0:
            m["bare"].append(bare_boot(p, base, outside))

        browser, page = fresh_page(p, outside, watch=True)
        wire.reset()
        page.goto(link)
        m["cold"].append(first_result(page))
        stages = page.evaluate("window.__worker")
        m.setdefault("created", []).append(stages.get("created", float("nan")))
        m.setdefault("ready", []).append(stages.get("ready", float("nan")))
        page.wait_for_load_state("networkidle")
        m["bytes"].append(wire.total())
        m["files"] = dict(wire.sent)
        snapshot_stored(page)
        page.reload()
        m["warm"].append(first_result(page))
        browser.close()
        if run % 2 == 1:
            m["bare"].append(bare_boot(p, base, outside))

    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/{lang}/calculator/")
    worker_url = f"{base}/{lang}/assets/calculator/worker.js"
    page.evaluate(ROUND_TRIPS, [worker_url, recalculation_docs(5)])  # warm-up
    m["trips"] = page.evaluate(ROUND_TRIPS, [worker_url, recalculation_docs(60)])
    wire.reset()
    page.goto(f"{base}/{lang}/spec/chapter-5/")
    page.wait_for_load_state("networkidle")
    time.sleep(1)
    m["spec_files"] = [path for path, _ in wire.sent]
    browser.close()
    return m


MANY_RATERS = 3000


def many_raters(p: Playwright, base: str, lang: str, outside: list[str], tmp: Path) -> dict[str, Any]:
    """(f): open an evaluation of MANY_RATERS raters, then edit one α of an opened rater, five times."""
    doc = recalculation_docs(1)[0]
    rater = doc["service"]["raters"][0]
    doc["service"]["raters"] = [{"id": f"R{k + 1}", "alpha": dict(rater["alpha"])} for k in range(MANY_RATERS)]
    path = tmp / "many-raters.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/{lang}/calculator/")
    page.wait_for_selector('.calc-status[data-state="ready"]', timeout=120_000)
    shown = "v => location.hash === '#' + v && document.querySelector('.calc-summary').dataset.state === 'ok'"
    vector = json.loads(engine.evaluate_document(json.dumps(doc)))["result"]["vector"]
    page.evaluate(
        "() => document.querySelector('[data-testid=\"open-file\"]').addEventListener("
        "'change', () => { window.__opened = performance.now(); }, { capture: true, once: true })"
    )
    page.set_input_files('[data-testid="open-file"]', str(path))
    page.wait_for_function(shown, arg=vector, timeout=120_000)
    opened = page.evaluate("performance.now() - window.__opened")
    page.click('[data-testid="rater-0-toggle"]')
    edits = []
    for value in ("0.05", "0.15", "0.25", "0.35", "0.45"):
        doc["service"]["raters"][0]["alpha"]["1.1"] = value
        vector = json.loads(engine.evaluate_document(json.dumps(doc)))["result"]["vector"]
        start = page.evaluate(
            """(v) => { const el = document.querySelector('[data-testid="alpha-0-1.1"]'); const t = performance.now();
              el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); return t; }""",
            value,
        )
        page.wait_for_function(shown, arg=vector, timeout=60_000)
        edits.append(page.evaluate("performance.now()") - start)
    browser.close()
    return {"open": opened, "edits": edits}


def report(m: dict[str, Any], outside: list[str], runs: int, lang: str) -> None:
    a, b, c, d = (statistics.median(m[k]) for k in ("bare", "cold", "warm", "trips"))
    e = statistics.median(m["bytes"])
    p90 = sorted(m["trips"])[int(len(m["trips"]) * 0.9)]
    pyodide_on_spec = [path for path in m["spec_files"] if "/pyodide/" in path]
    rows = [
        ("(a) bare Pyodide boot, median ms", f"{a:.0f}", "baseline", True),
        ("(b) shared link → first result, median ms", f"{b:.0f} = {b / a:.2f} × (a)", "≤ 1.15 × (a)", b <= 1.15 * a),
        ("(c) warm reload → first result, median ms", f"{c:.0f} = {c / b:.2f} × (b)", "≤ 0.7 × (b)", c <= 0.7 * b),
        ("(d) recalculation round trip, median ms", f"{d:.2f} (p90 {p90:.2f})", "≤ 16", d <= 16),
        ("(e) calculator page on the wire, MB", f"{e / MB:.3f}", "≤ 4.5", e <= 4.5 * MB),
        ("(e) pyodide/ files fetched by a spec page", str(len(pyodide_on_spec)), "0", not pyodide_on_spec),
        (
            f"(f) {MANY_RATERS} raters opened → result, ms",
            f"{m['many']['open']:.0f}",
            "≤ 1000",
            m["many"]["open"] < 1001,
        ),
        (
            "(f) one edit among them → result, median ms",
            f"{statistics.median(m['many']['edits']):.0f}",
            "≤ 100",
            statistics.median(m["many"]["edits"]) <= 100,
        ),
        ("requests outside 127.0.0.1", str(len(outside)), "0", not outside),
    ]
    print(f"Calculator benchmark, {runs} runs, lang {lang}, Chromium headless on this machine")
    for name, value, target, ok in rows:
        print(f"  {'✓' if ok else '✗'} {name:<46} {value:<28} target {target}")
    for key in ("bare", "cold", "warm"):
        print(f"  {key} runs (ms): {[round(x) for x in m[key]]}")
    # Each run measures (a) and (b) back to back: on a loaded machine the ratio within a run varies less than
    # the ratio of the two medians.
    paired = sorted(cold / bare for bare, cold in zip(m["bare"], m["cold"], strict=True))
    print(f"  (b)/(a) within each run: median {statistics.median(paired):.2f}, runs {[round(r, 2) for r in paired]}")
    print(
        f"  shared link: worker created at median {statistics.median(m['created']):.0f} ms, ready at"
        f" {statistics.median(m['ready']):.0f} ms, first result at {b:.0f} ms (runs: created"
        f" {[round(x) for x in m['created']]}, ready {[round(x) for x in m['ready']]})"
    )
    print(f"  load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("  largest responses of the calculator page (bytes on the wire):")
    for path, size in sorted(m["files"].items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {size:>9,}  {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    args = parser.parse_args(argv)
    if not (args.site / "pyodide" / "runtime.json").is_file():
        print(f"{args.site} has no pyodide/: run `make site` first", file=sys.stderr)
        return 2
    wire, outside = Wire(), []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        shutil.copytree(args.site, root)  # immune to a rebuild of site/ while this runs
        (root / "bench").mkdir()
        (root / "bench" / "index.html").write_text(BARE_PAGE, encoding="utf-8")
        (root / "bench" / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
        with serving(root, wire) as base, sync_playwright() as p:
            measured = measure(p, base, args.lang, max(args.runs, 1), wire, outside)
            measured["many"] = many_raters(p, base, args.lang, outside, Path(tmp))
    report(measured, outside, args.runs, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
