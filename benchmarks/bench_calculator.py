"""The calculator in a browser (issues 4, 12 and 24's performance figures): headless Chromium against the built site.

A copy of ``site/`` (``make site`` first) is served by ``build_tools/serve.py`` (gzip) on 127.0.0.1, with two bare
pages added beside it, each booting Pyodide in a worker and running one line of Python: one with Pyodide's default
distribution as npm ships it (full standard library, lock file fetched; text and WebAssembly gzipped, the zip sent
as it is, as an ordinary static host does) — what a developer would pick instead, the anchor of (b), (f) and (j) —
and one with the calculator's own runtime files (information). Medians over ``--runs`` (default 9) runs, each cold
run in a fresh browser profile, the pages taking turns to go first; one uncounted load of each page before them:

(a) the default distribution's boot: navigation → its line of Python has run (the baseline);
(b) a shared link (calculator URL + ``#<compact evaluation string>``): navigation → the first result
    (``data-testid="stars"`` gets its ``data-value``); issue 24 (a): target ≤ 0.8 × (a), the median of (b)/(a)
    within each run (measured back to back, a slow spell of the machine falls on both). Also printed: the ratio to
    our own runtime's bare boot (issue 4's old target, ≤ 1.15, information only), and where (b)'s time goes, from
    the worker's messages as the page receives them (download and compile, interpreter start, imports, the first
    evaluation, drawing);
(c) the same link reloaded, warm (HTTP cache, the worker's stored snapshot, and the engine's first answers, which
    the page keeps and gives again while Python starts: calculator/kept.js); target ≤ 0.35 × (b); also when
    Python is ready there (information), with the same breakdown;
(d) a recalculation: ``evaluate`` posted to the worker → ``evaluated`` back, measured in the page with a
    worker of its own, one α changed each time; target median ≤ 16 ms;
(e) bytes on the wire for the calculator page, as the server sent them (headers and bodies: the .br copies of
    ``make site``); target ≤ 3.9 MB (issue 24 (d); 3.6 before the start-up's modules shipped as bytecode); then
    with the service worker's offline copy complete, target ≤ 1.05 × the first load (the copy asks whether each
    file changed: a 304 without a body, the browser's HTTP cache holding what the page downloaded); and a
    specification page, which must fetch nothing from pyodide/;
(f) issue 12: on a 10 Mbit/s line with 40 ms a request (paced by the server, see Pacer), the shared link's first result
    against the default distribution's boot; target ≤ 0.55 × (issue 24 (b));
(g) the same link reloaded with the network cut (the service worker's copies, and the worker's stored Python snapshot,
    as after any visit); target ≤ 0.35 × (f).
(h) many raters (issue 10): an evaluation of 3,000 raters opened as a JSON file → its result shown and the page
    usable, target ≤ 1 s; then one α of an opened rater changed → the new result shown, median of 5, target
    ≤ 100 ms (both measured in the page, from the file input's change / the input event).
(i) drawing the form (issue 10), for 2 raters and for 10 (every sheet drawn): the evaluation duplicated (the form
    drawn whole), a rater added or removed, a rater's sheet closed or opened; median of 10 clicks of each: the
    click's handler (the form's elements made and in the page), target ≤ 30 ms; and to the painted frame that
    shows it (headless Chromium paints in software here: a figure for comparison between builds).
(j) issue 24 (c): the browser on a phone-class processor — the whole browser in a cgroup (v1 cpu controller) of
    its own, 50 ms of CPU every 100 ms for all its processes (CDP's CPU throttling does not reach the dedicated
    worker Pyodide runs in) — unpaced: the shared link's first result against the default distribution slowed
    the same way, target ≤ 0.8 ×, paired in each of ``--network-runs`` runs; absolute times printed, and how
    much slower a loop in a worker runs there. The benchmark makes and removes its cgroup, and says so when it
    cannot (no cgroup v1 cpu controller, not root).

    .venv/bin/python -m benchmarks.bench_calculator [--runs 9] [--network-runs 5] [--lang zh]
"""

from __future__ import annotations

import argparse
import json
import math
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

from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from build_tools import chromium
from build_tools.pyodide.runtime import bind_worker
from build_tools.serve import SiteHandler, make_server
from scoring import browser as engine
from tests.pyodide.cases import conformance_inputs

ROOT = Path(__file__).resolve().parent.parent

MB = 1_000_000

# The page's script is a file: the server sends the site's policy, which allows no inline script.
BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare Pyodide</title></head>
<body><p id="out">booting…</p>
<script type="module" src="bare.js"></script></body></html>
"""
BARE_SCRIPT = """
const worker = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  window.__firstResult = performance.now();
  document.getElementById("out").textContent = event.data;
};
"""
# The same files and options as docs/assets/calculator/worker.js, and one line of Python.
BARE_WORKER = """
const RUNTIME = new URL("../pyodide/", import.meta.url);
const PYODIDE = new URL("__PYODIDE__/", RUNTIME);
const loader = import(new URL("pyodide.mjs", PYODIDE).href);
const runtime = await (await fetch(new URL("runtime.json", RUNTIME))).json();
const { loadPyodide } = await loader;
const pyodide = await loadPyodide({
  indexURL: PYODIDE.href,
  stdLibURL: new URL(runtime.stdlib, RUNTIME).href,
  lockFileContents: runtime.lock,
  packageBaseUrl: PYODIDE.href,
});
self.postMessage(String(pyodide.runPython("1 + 1")));
"""
# Pyodide's default distribution as npm ships it (issue 12, point 6): the full standard library, the lock file
# fetched, no options but the folder; served from npm-pyodide/, a copy of node_modules/pyodide.
DEFAULT_WORKER = """
const { loadPyodide } = await import(new URL("../npm-pyodide/pyodide.mjs", import.meta.url).href);
const pyodide = await loadPyodide({ indexURL: new URL("../npm-pyodide/", import.meta.url).href });
self.postMessage(String(pyodide.runPython("1 + 1")));
"""
DEFAULT_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
LINE_RATE, LINE_LATENCY = 10_000_000 / 8, 0.040  # (f) and (g): 10 Mbit/s down, 40 ms a request
CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  const worker = navigator.serviceWorker;
  if (!worker.controller)
    await new Promise((resolve) => worker.addEventListener("controllerchange", resolve, { once: true }));
  return true;
}"""
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
      const type = event.data && event.data.type;
      const at = performance.now();
      if (type === "progress") window.__worker[event.data.stage] ??= at;
      if (type === "ready") window.__worker.ready ??= at;
      if (event.data && event.data.id !== undefined) window.__worker.answered ??= at;
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


PACED_PIECE = 16 * 1024  # bytes sent at a time on the paced line


class Pacer:
    """The network of (f) and (g), made by the server: all responses together at most ``rate`` bytes a second (one
    link shared by every connection, as a 10 Mbit/s line is), each answered ``latency`` seconds after it is asked.

    Chromium's own network emulation does not apply to a service worker's fetches, and the calculator's runtime
    passes through the site's service worker: paced by the server, every byte of both pages is paced alike."""

    def __init__(self, rate: float, latency: float) -> None:
        self.rate, self.latency = rate, latency
        self.lock = threading.Lock()
        self.free_at = 0.0  # when the line is next free

    def send(self, size: int) -> None:
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / self.rate
            done = self.free_at
        time.sleep(max(0.0, done - time.monotonic()))


class _Counter:
    def __init__(self, stream: Any, count: Any, pacer: Pacer | None = None) -> None:
        self.stream, self.count, self.pacer = stream, count, pacer

    def write(self, data: bytes) -> int:
        self.count(len(data))
        if self.pacer is None:
            return int(self.stream.write(data))
        # Sent as a line carries it, a piece at a time: the browser reads (and compiles) a body as it arrives, and
        # the responses in flight share the line.
        view = memoryview(data)
        for start in range(0, len(data), PACED_PIECE):
            piece = view[start : start + PACED_PIECE]
            self.pacer.send(len(piece))
            self.stream.write(piece)
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def serving(root: Path, wire: Wire, pacer: Pacer | None = None) -> Iterator[str]:
    class CountingHandler(SiteHandler):
        quiet = True

        def setup(self) -> None:
            super().setup()
            self._sent = 0
            self.wfile = _Counter(self.wfile, self._add, pacer)  # type: ignore[assignment]

        def _add(self, size: int) -> None:
            self._sent += size

        def send_head(self) -> object:
            if pacer is not None:  # each request answered `latency` after it arrives (connections are kept open)
                time.sleep(pacer.latency)
            # Pyodide's npm files as an ordinary static host serves them: text and WebAssembly gzipped, a .zip
            # as it is (the site's own files come with their .br copies).
            if self.path.startswith("/npm-pyodide/") and self.path.endswith(".zip"):
                del self.headers["Accept-Encoding"]
            return super().send_head()

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
    """Notes every request that leaves 127.0.0.1 (a route would abort it, but routing turns the HTTP cache off,
    which the warm reload and the offline copy rely on; this machine has no way out anyway)."""

    def note(request: Any) -> None:
        if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            outside.append(request.url)

    page.context.on("request", note)


def first_result(page: Page, timeout: float = 120) -> float:
    # The page stamps the time itself; this only waits for the stamp. Playwright's default polling runs on every
    # animation frame, which would make the page lay out and draw 60 frames a second during the boot (costly for
    # a long page on a software-rendering, 2-core machine) — work that a reader's browser does not do.
    page.wait_for_function(
        "() => window.__firstResult !== null && window.__firstResult !== undefined", timeout=timeout * 1000, polling=250
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


def with_raters(doc: dict[str, Any], count: int) -> dict[str, Any]:
    """``doc`` with ``count`` raters R1, R2, …, each rating as its first rater does."""
    alpha = doc["service"]["raters"][0]["alpha"]
    doc["service"]["raters"] = [{"id": f"R{k + 1}", "alpha": dict(alpha)} for k in range(count)]
    return doc


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


def bare_boot(p: Playwright, base: str, outside: list[str], page_path: str = "bench") -> float:
    """Navigation → one line of Python run, in a fresh profile: our runtime (``bench``) or Pyodide's default
    distribution (``bench-default``)."""
    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/{page_path}/")
    took = first_result(page)
    browser.close()
    return took


def cold_link(p: Playwright, link: str, outside: list[str]) -> tuple[float, dict[str, float]]:
    """A shared link's first result in a fresh profile, and when each stage of the start-up reached the page."""
    browser, page = fresh_page(p, outside, watch=True)
    page.goto(link)
    took = first_result(page)
    stages = page.evaluate("window.__worker")
    browser.close()
    return took, stages


# Where a first result's time goes, as the page sees the worker's messages (worker.js): its worker created; the
# runtime downloaded and compiled ("python": Pyodide starts its interpreter); the interpreter started ("rules");
# scoring imported and its rules read ("ready"); the first answer; and the result drawn.
STAGES = (
    ("created", "page → worker created"),
    ("python", "download + WebAssembly compile"),
    ("rules", "interpreter start (Pyodide's modules)"),
    ("ready", "import scoring + read the rules"),
    ("answered", "first evaluation (request → answer)"),
)


def breakdown(stages: list[dict[str, float]], firsts: list[float]) -> list[tuple[str, float]]:
    """Median time of each stage of the start-up, from the one before it (ms)."""
    rows, before = [], [0.0] * len(firsts)
    for key, name in STAGES:
        at = [s.get(key, float("nan")) for s in stages]
        rows.append((name, statistics.median(x - b for x, b in zip(at, before, strict=True))))
        before = at
    rows.append(("drawing the result", statistics.median(f - b for f, b in zip(firsts, before, strict=True))))
    return rows


def measure(p: Playwright, base: str, lang: str, runs: int, wire: Wire, outside: list[str]) -> dict[str, Any]:
    m: dict[str, Any] = {"default": [], "bare": [], "cold": [], "warm": [], "bytes": [], "files": {}}
    link = shared_link(base, lang)
    # One load of each page, not counted: the server compresses each file on its first request, and no page
    # should pay for that (nor for the first reads of Chromium's own files from disk).
    bare_boot(p, base, outside)
    bare_boot(p, base, outside, "bench-default")
    cold_link(p, link, outside)
    for run in range(runs):
        # The default distribution, the bare boot and (b) back to back, in turns first: a slow spell of the
        # machine falls on all alike.
        if run % 2 == 0:
            m["default"].append(bare_boot(p, base, outside, "bench-default"))
            m["bare"].append(bare_boot(p, base, outside))

        browser, page = fresh_page(p, outside, watch=True)
        wire.reset()
        page.goto(link)
        m["cold"].append(first_result(page))
        m.setdefault("first_bytes", []).append(wire.total())
        m.setdefault("stages", []).append(page.evaluate("window.__worker"))
        page.wait_for_load_state("networkidle")
        # The service worker's offline copy is complete (register.js marks the page when it is told so).
        page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'", timeout=120_000)
        m["bytes"].append(wire.total())
        files: dict[str, int] = {}
        for path, size in wire.sent:  # a file asked twice (the offline copy's 304): both answers
            files[path] = files.get(path, 0) + size
        m["files"] = files
        snapshot_stored(page)
        page.reload()
        m["warm"].append(first_result(page))
        # The first result may come before Python is ready (the engine's kept answers, kept.js): wait for both.
        page.wait_for_function("() => window.__worker.ready !== undefined", timeout=60_000)
        m.setdefault("warm_stages", []).append(page.evaluate("window.__worker"))
        browser.close()
        if run % 2 == 1:
            m["bare"].append(bare_boot(p, base, outside))
            m["default"].append(bare_boot(p, base, outside, "bench-default"))

    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/{lang}/calculator/")
    worker_url = f"{base}/{lang}/assets/calculator/worker.js"
    page.evaluate(ROUND_TRIPS, [worker_url, recalculation_docs(5)])  # warm-up
    m["trips"] = page.evaluate(ROUND_TRIPS, [worker_url, recalculation_docs(60)])
    browser.close()
    # A reader of the specification alone (a new profile: the calculator's offline copy, made in the background
    # after its page, is not the spec page's doing).
    browser, page = fresh_page(p, outside)
    wire.reset()
    page.goto(f"{base}/{lang}/spec/chapter-5/")
    page.wait_for_load_state("networkidle")
    time.sleep(1)
    m["spec_files"] = [path for path, _ in wire.sent]
    browser.close()
    return m


def measure_network(p: Playwright, base: str, lang: str, runs: int, outside: list[str]) -> dict[str, list[float]]:
    """(f) the shared link's first result and the default distribution's boot, throttled; (g) the offline reload."""
    m: dict[str, list[float]] = {"default": [], "throttled": [], "offline": []}
    link = shared_link(base, lang)
    for run in range(runs):
        for which in ("default", "site") if run % 2 == 0 else ("site", "default"):
            if which == "default":
                m["default"].append(bare_boot(p, base, outside, "bench-default"))
                continue
            browser, page = fresh_page(p, outside, watch=True)
            page.goto(link)
            m["throttled"].append(first_result(page))
            page.evaluate(CONTROLLED)
            # The service worker has stored the calculator (register.js marks the page when it is told so).
            page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'", timeout=120_000)
            # …and the worker has stored its Python snapshot, as it has after any visit that lasts a second: the
            # offline reload is of a calculator used before, not of one cut off within a second of its first load.
            snapshot_stored(page)
            page.context.set_offline(True)
            page.reload()
            m["offline"].append(first_result(page))
            browser.close()
    return m


CGROUP_CPU = Path("/sys/fs/cgroup/cpu")  # the cgroup (v1) cpu controller
CPU_QUOTA_US, CPU_PERIOD_US = 50_000, 100_000  # the browser's processes together: half of one core


def _cpu_cgroup_of_this_thread() -> Path:
    for line in Path("/proc/thread-self/cgroup").read_text(encoding="utf-8").splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return CGROUP_CPU / path.lstrip("/")
    raise OSError("no cpu controller in /proc/thread-self/cgroup")


@contextmanager
def phone_class_cpu() -> Iterator[str | None]:
    """(j): this thread in a cgroup of its own whose processes together get :data:`CPU_QUOTA_US` of every
    :data:`CPU_PERIOD_US` — the processes it starts from now on (Playwright's driver and the browser it launches)
    are born in it; the server's threads, started before, are not. Yields None, or why it could not be made.
    CDP's CPU throttling does not reach a dedicated worker (where Pyodide runs); a cgroup slows every process."""
    made = CGROUP_CPU / f"tbsc55-bench-{os.getpid()}"
    thread = str(threading.get_native_id())
    try:
        home = _cpu_cgroup_of_this_thread()
        made.mkdir()
        (made / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
        (made / "cpu.cfs_quota_us").write_text(str(CPU_QUOTA_US))
        (made / "tasks").write_text(thread)
    except OSError as error:
        if made.is_dir():
            made.rmdir()
        yield f"{made}: {error.strerror or error}"
        return
    try:
        yield None
    finally:
        (home / "tasks").write_text(thread)
        for _ in range(50):  # the browser's last processes may still be leaving it
            try:
                made.rmdir()
                break
            except OSError:
                time.sleep(0.1)


def measure_slow_cpu(base: str, lang: str, runs: int, outside: list[str]) -> dict[str, Any]:
    """(j) the shared link's first result and the default distribution's boot, the browser on a phone-class CPU
    (:func:`phone_class_cpu`), paired in each run; also how much slower a loop in a worker runs there."""
    m: dict[str, Any] = {"default": [], "cold": [], "loop": []}
    link = shared_link(base, lang)
    with phone_class_cpu() as why:
        if why:
            return {"why": why}
        with sync_playwright() as p:
            m["loop"].append(worker_loop(p, base, outside))
            for run in range(runs):
                for which in ("default", "site") if run % 2 == 0 else ("site", "default"):
                    if which == "default":
                        m["default"].append(bare_boot(p, base, outside, "bench-default"))
                    else:
                        m["cold"].append(cold_link(p, link, outside)[0])
    return m


# The same loop in a worker, on the full CPU and on the phone-class one: how much slower (j)'s CPU is.
# A file, not a blob: the site's policy allows workers from the site only.
LOOP_WORKER = (
    "let x = 0; const t = performance.now(); for (let i = 0; i < 3e8; i++) x = (x + i) | 0;"
    " postMessage(performance.now() - t);"
)
WORKER_LOOP = """() => new Promise((resolve) => {
  const worker = new Worker("loop-worker.js");
  worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
})"""


def worker_loop(p: Playwright, base: str, outside: list[str]) -> float:
    """How long :data:`LOOP_WORKER`'s loop takes in a worker of a fresh browser (ms)."""
    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/bench/")
    took = float(page.evaluate(WORKER_LOOP))
    browser.close()
    return took


def report_slow_cpu(m: dict[str, Any], loop: float) -> None:
    print(
        f"The browser on a phone-class CPU (a cgroup: {CPU_QUOTA_US / CPU_PERIOD_US:.0%} of one core for all its"
        " processes), unpaced line:"
    )
    if "why" in m:
        print(f"  ✗ (j) not measured: no cgroup could be made ({m['why']})")
        return
    d, t = statistics.median(m["default"]), statistics.median(m["cold"])
    ratio = paired_ratio(m["cold"], m["default"])
    rows = [
        ("(j) default Pyodide (npm, gzip), boot, median ms", f"{d:.0f}", "baseline", True),
        ("(j) shared link → first result, median ms", f"{t:.0f} = {ratio:.2f} × default", "≤ 0.8 ×", ratio <= 0.8),
    ]
    for name, value, target, ok in rows:
        print(f"  {'✓' if ok else '✗'} {name:<50} {value:<28} target {target}")
    there = statistics.median(m["loop"])
    print(f"  a loop in a worker: {there:.0f} ms there, {loop:.0f} ms on the full CPU ({there / loop:.1f} ×)")
    for key in ("default", "cold"):
        print(f"  {key} runs (ms): {[round(x) for x in m[key]]}")


def report_network(m: dict[str, list[float]]) -> None:
    d, t, o = (statistics.median(m[k]) for k in ("default", "throttled", "offline"))
    print("Paced by the server to 10 Mbit/s down in all, 40 ms a request (every byte, service worker's included):")
    rows = [
        ("(f) default Pyodide (npm, gzip), boot, median ms", f"{d:.0f}", "baseline", True),
        ("(f) shared link → first result, median ms", f"{t:.0f} = {t / d:.2f} × default", "≤ 0.55 ×", t <= 0.55 * d),
        ("(g) offline reload → first result, median ms", f"{o:.0f} = {o / t:.2f} × (f)", "≤ 0.35 ×", o <= 0.35 * t),
    ]
    for name, value, target, ok in rows:
        print(f"  {'✓' if ok else '✗'} {name:<50} {value:<28} target {target}")
    for key in ("default", "throttled", "offline"):
        print(f"  {key} runs (ms): {[round(x) for x in m[key]]}")


MANY_RATERS = 3000


# (h) is timed in the page: from the event to the frame after the result with the expected evaluation string is in
# the page (a MutationObserver sees the page change; the time is taken in the next animation frame, before paint).
# Polling from Playwright would add its own round trips (≈ 60 ms) to every figure.
WATCH_SHOWN = """(vector) => {
  window.__shown = null;
  const root = document.querySelector("[data-calculator]");
  const observer = new MutationObserver(() => {
    if (location.hash !== "#" + vector || document.querySelector(".calc-summary").dataset.state !== "ok") return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__shown = performance.now(); });
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
}"""


# (i) drawing the form: a click that draws it, whole or in part, timed in the page — the click's handler (the
# elements made and put in the page, and any layout the handler forces), then to the frame that shows it
# (style, layout and paint: the message posted from that frame's animation callback is handled once it is done).
DRAW = """(selector) => new Promise((resolve) => {
  const start = performance.now();
  document.querySelector(selector).click();
  const handled = performance.now() - start;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve([handled, performance.now() - start]);
    channel.port2.postMessage(null);
  });
})"""
DRAWN_RATERS = (2, 10)  # a small evaluation; the most raters whose sheets are all drawn (state.js OPEN_RATERS)
DRAWS = 12  # of each kind; the first two not counted


def draw_clicks(kind: str, count: int) -> list[str]:
    """The clicks that draw the form of ``count`` raters: ``whole`` (a duplicate of the evaluation, drawn anew),
    ``rater`` (a rater added, then removed: the sheets after it drawn again), ``sheet`` (rater 0's sheet closed,
    then opened)."""
    if kind == "whole":
        return ['[data-testid="library-duplicate"]'] * DRAWS
    if kind == "sheet":
        return ['[data-testid="rater-0-toggle"]'] * DRAWS
    add, remove = '[data-testid="add-rater"]', f'[data-testid="rater-{count}-remove"]'
    if count == DRAWN_RATERS[-1]:  # already the most raters drawn whole: remove the last, then add it back
        add, remove = f'[data-testid="rater-{count - 1}-remove"]', '[data-testid="add-rater"]'
    return [add, remove] * (DRAWS // 2)


def form_drawing(p: Playwright, base: str, lang: str, outside: list[str]) -> dict[str, list[list[float]]]:
    """(i): for each number of raters and kind of drawing, [handled, shown] times of each click."""
    drawn: dict[str, list[list[float]]] = {}
    browser, page = fresh_page(p, outside)
    for count in DRAWN_RATERS:
        doc = with_raters(conformance_inputs()[0], count)
        for kind in ("whole", "rater", "sheet"):
            vector = json.loads(engine.open_document(json.dumps(doc), "json"))["vector"]
            page.goto("about:blank")
            page.goto(f"{base}/{lang}/calculator/#{vector}")
            page.wait_for_function(
                "() => document.querySelector('.calc-summary')?.dataset.state === 'ok'", timeout=120_000, polling=250
            )
            times = []
            for selector in draw_clicks(kind, count):
                times.append(page.evaluate(DRAW, selector))
                page.wait_for_timeout(150)  # the engine's answer to the change is shown before the next click
            drawn[f"{kind}, {count} raters"] = times[2:]
    browser.close()
    return drawn


def many_raters(p: Playwright, base: str, lang: str, outside: list[str], tmp: Path) -> dict[str, Any]:
    """(h): open an evaluation of MANY_RATERS raters, then edit one α of an opened rater, five times."""
    doc = with_raters(recalculation_docs(1)[0], MANY_RATERS)
    path = tmp / "many-raters.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    browser, page = fresh_page(p, outside)
    page.goto(f"{base}/{lang}/calculator/")
    page.wait_for_selector('.calc-status[data-state="ready"]', timeout=120_000)
    vector = json.loads(engine.evaluate_document(json.dumps(doc)))["result"]["vector"]
    page.evaluate(WATCH_SHOWN, vector)
    page.evaluate(
        "() => document.querySelector('[data-testid=\"open-file\"]').addEventListener("
        "'change', () => { window.__opened = performance.now(); }, { capture: true, once: true })"
    )
    page.set_input_files('[data-testid="open-file"]', str(path))
    page.wait_for_function("() => window.__shown !== null", timeout=120_000)
    opened = page.evaluate("window.__shown - window.__opened")
    page.click('[data-testid="rater-0-toggle"]')
    edits = []
    for value in ("0.05", "0.15", "0.25", "0.35", "0.45"):
        doc["service"]["raters"][0]["alpha"]["1.1"] = value
        vector = json.loads(engine.evaluate_document(json.dumps(doc)))["result"]["vector"]
        page.evaluate(WATCH_SHOWN, vector)
        start = page.evaluate(
            """(v) => { const el = document.querySelector('[data-testid="alpha-0-1.1"]'); const t = performance.now();
              el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); return t; }""",
            value,
        )
        page.wait_for_function("() => window.__shown !== null", timeout=60_000)
        edits.append(page.evaluate("window.__shown") - start)
    browser.close()
    return {"open": opened, "edits": edits}


def paired_ratio(ours: list[float], theirs: list[float]) -> float:
    """The median of ours/theirs within each run (measured back to back: on a loaded machine the ratio within a
    run varies less than the ratio of two medians)."""
    return statistics.median(a / b for a, b in zip(ours, theirs, strict=True))


def report(m: dict[str, Any], outside: list[str], runs: int, lang: str) -> None:
    z, a, b, c, d = (statistics.median(m[k]) for k in ("default", "bare", "cold", "warm", "trips"))
    e = statistics.median(m["bytes"])
    f = statistics.median(m["first_bytes"])
    p90 = sorted(m["trips"])[int(len(m["trips"]) * 0.9)]
    pyodide_on_spec = [path for path in m["spec_files"] if "/pyodide/" in path]
    against_default, against_bare = paired_ratio(m["cold"], m["default"]), paired_ratio(m["cold"], m["bare"])
    rows = [
        ("(a) default Pyodide (npm, gzip), boot, median ms", f"{z:.0f}", "baseline", True),
        (
            "(b) shared link → first result, median ms",
            f"{b:.0f} = {against_default:.2f} × default",
            "≤ 0.8 × (a)",
            against_default <= 0.8,
        ),
        ("(c) warm reload → first result, median ms", f"{c:.0f} = {c / b:.2f} × (b)", "≤ 0.35 × (b)", c <= 0.35 * b),
        ("(d) recalculation round trip, median ms", f"{d:.2f} (p90 {p90:.2f})", "≤ 16", d <= 16),
        ("(e) calculator's first load (to its result), MB", f"{f / MB:.3f}", "≤ 3.9", f <= 3.9 * MB),
        # Then the service worker completes the offline copy: it asks whether each file changed, and keeps the
        # HTTP cache's copy on a 304 (no body), so the runtime is not downloaded twice.
        ("(e) … and with the offline copy (network idle), MB", f"{e / MB:.3f}", "≤ 1.05 × (e)", e <= 1.05 * f),
        ("(e) pyodide/ files fetched by a spec page", str(len(pyodide_on_spec)), "0", not pyodide_on_spec),
        (
            f"(h) {MANY_RATERS} raters opened → result, ms",
            f"{m['many']['open']:.0f}",
            "≤ 1000",
            m["many"]["open"] < 1001,
        ),
        (
            "(h) one edit among them → result, median ms",
            f"{statistics.median(m['many']['edits']):.0f}",
            "≤ 100",
            statistics.median(m["many"]["edits"]) <= 100,
        ),
        *(
            (
                f"(i) form drawn ({what}), median ms",
                f"{statistics.median(t[0] for t in times):.1f}; shown {statistics.median(t[1] for t in times):.1f}",
                "≤ 30 drawn",
                statistics.median(t[0] for t in times) <= 30,
            )
            for what, times in m["drawn"].items()
        ),
        ("requests outside 127.0.0.1", str(len(outside)), "0", not outside),
    ]
    print(f"Calculator benchmark, {runs} runs, lang {lang}, Chromium headless on this machine")
    for name, value, target, ok in rows:
        print(f"  {'✓' if ok else '✗'} {name:<46} {value:<28} target {target}")
    for key in ("default", "bare", "cold", "warm"):
        print(f"  {key} runs (ms): {[round(x) for x in m[key]]}")
    print(
        f"  information: our runtime's bare boot (one line of Python) {a:.0f} ms; (b) = {against_bare:.2f} × it"
        f" (the old target, ≤ 1.15); the bare boot = {paired_ratio(m['bare'], m['default']):.2f} × the default"
    )
    # A warm reload's first answers are those the engine gave at the first visit, kept by the page (kept.js) and
    # given while Python starts; Python's own warm start (a stored snapshot) is printed beside them.
    warm = m["warm_stages"]
    kept = sum(first < s.get("ready", math.inf) for first, s in zip(m["warm"], warm, strict=True))
    ready = statistics.median(s.get("ready", math.nan) for s in warm)
    print(
        f"  (c) warm reload: the first result before Python was ready (the engine's answers kept at the first visit)"
        f" in {kept} of {len(warm)} runs; Python ready at {ready:.0f} ms = {ready / b:.2f} × (b) (information)"
    )
    print("  where the time goes (medians, ms):     (b) cold   (c) warm (a stored snapshot: no interpreter start)")
    for k, ((name, cold), (_, warm_ms)) in enumerate(
        zip(breakdown(m["stages"], m["cold"]), breakdown(warm, m["warm"]), strict=True)
    ):
        shown = f"{warm_ms:7.0f}" if k < len(STAGES) - 1 or not kept else "      -"  # the result came first
        print(f"    {name:<40} {cold:7.0f}  {shown}")
    print(f"  load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("  largest responses of the calculator page (bytes on the wire):")
    for path, size in sorted(m["files"].items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {size:>9,}  {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=9, help="runs of (a)–(e); 0: only (f) and (g)")
    parser.add_argument("--network-runs", type=int, default=5, help="runs of the throttled (f) and offline (g)")
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
        (root / "bench" / "bare.js").write_text(BARE_SCRIPT, encoding="utf-8")
        (root / "bench" / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
        bind_worker(root / "bench" / "bare-worker.js", json.loads((root / "pyodide" / "runtime.json").read_bytes()))
        (root / "bench" / "loop-worker.js").write_text(LOOP_WORKER, encoding="utf-8")
        (root / "bench-default").mkdir()
        (root / "bench-default" / "index.html").write_text(BARE_PAGE, encoding="utf-8")
        (root / "bench-default" / "bare.js").write_text(BARE_SCRIPT, encoding="utf-8")
        (root / "bench-default" / "bare-worker.js").write_text(DEFAULT_WORKER, encoding="utf-8")
        (root / "npm-pyodide").mkdir()
        for name in DEFAULT_FILES:
            shutil.copyfile(ROOT / "node_modules" / "pyodide" / name, root / "npm-pyodide" / name)
        line = Pacer(LINE_RATE, LINE_LATENCY)
        with serving(root, wire) as base, serving(root, Wire(), line) as paced:
            with sync_playwright() as p:
                network = measure_network(p, paced, args.lang, max(args.network_runs, 1), outside)
                loop = worker_loop(p, base, outside)
                if args.runs:
                    measured = measure(p, base, args.lang, args.runs, wire, outside)
                    measured["many"] = many_raters(p, base, args.lang, outside, Path(tmp))
                    measured["drawn"] = form_drawing(p, base, args.lang, outside)
            slow = measure_slow_cpu(base, args.lang, max(args.network_runs, 1), outside)
    if args.runs:
        report(measured, outside, args.runs, args.lang)
    report_network(network)
    report_slow_cpu(slow, loop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
