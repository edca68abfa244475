"""The evaluations kept in the browser (issue 19, point 10): typing with thousands of evaluations kept.

The built site (``make site`` first) is served on 127.0.0.1 and opened in headless Chromium. For each number of
evaluations kept (1, the baseline, and 10,000, seeded into localStorage as the calculator keeps them), one α field is
typed into ``--keys`` times; each keystroke's main-thread work is measured in the page, from setting the field's
value to the end of its ``input`` event's handlers (the store's update, the write of the evaluation, what the page
redraws). Target: median ≤ 16 ms with 10,000 evaluations; the ratio to the baseline of the same run is printed too.
Opening the list (building its options) is measured once for each.

    .venv/bin/python -m benchmarks.bench_library [--keys 40] [--kept 10000]
"""

from __future__ import annotations

import argparse
import statistics
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from build_tools import chromium
from build_tools.serve import make_server

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 16.0

SEED = """(count) => {
  localStorage.clear();
  for (let n = 0; n < count; n++) {
    const id = 'bench' + n, t = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
    localStorage.setItem('tbsc55-calculator/v2/entry/' + id,
      JSON.stringify({ name: 'Evaluation ' + (n + 1), created: t, updated: t, rev: '0', base: '' }));
    localStorage.setItem('tbsc55-calculator/v2/form/' + id, JSON.stringify({ profile: 'final', organization: '',
      raters: [{ name: '', alpha: { '1.1': '0.5' } }], levels: {}, conformity: true }));
  }
  localStorage.setItem('tbsc55-calculator/v2/last', 'bench0');
}"""

KEYSTROKE = """(value) => {
  const field = document.querySelector('[data-testid="alpha-0-1.2"]');
  const start = performance.now();
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  return performance.now() - start;
}"""

OPEN_LIST = """() => {
  const select = document.querySelector('[data-testid="library-select"]');
  const start = performance.now();
  select.dispatchEvent(new Event('focus'));
  const took = performance.now() - start;
  return [took, select.options.length];
}"""


def measure(page: Page, url: str, kept: int, keys: int) -> tuple[list[float], float, int]:
    page.goto(url.replace("/calculator/", "/404.html"))
    page.evaluate(SEED, kept)
    page.goto(url)
    page.wait_for_selector('[data-testid="alpha-0-1.2"]')
    page.wait_for_selector('.calc-status[data-state="ready"]', timeout=120_000)
    times = [float(page.evaluate(KEYSTROKE, f"0.{(n % 9) + 1}")) for n in range(keys)]
    opened, options = page.evaluate(OPEN_LIST)
    return times, float(opened), int(options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--kept", type=int, default=10_000)
    args = parser.parse_args()
    httpd = make_server(ROOT / "site", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/en/calculator/"
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page()
        results = {}
        for kept in (1, args.kept):
            times, opened, options = measure(page, url, kept, args.keys)
            results[kept] = statistics.median(times)
            print(
                f"{kept:>6} kept: keystroke median {statistics.median(times):.2f} ms, max {max(times):.2f} ms "
                f"({len(times)} keys); the list opened in {opened:.1f} ms ({options} options)"
            )
        browser.close()
    httpd.shutdown()
    ratio = results[args.kept] / results[1] if results[1] else float("inf")
    verdict = "meets" if results[args.kept] <= TARGET_MS else "misses"
    figure = results[args.kept]
    print(f"{args.kept} kept: {figure:.2f} ms a keystroke ({ratio:.2f} × one kept): {verdict} ≤ {TARGET_MS} ms")


if __name__ == "__main__":
    main()
