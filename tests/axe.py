"""The one axe-core runner of the suite: axe (node_modules/axe-core, pinned in package.json) with the WCAG 2.0, 2.1
and 2.2 A and AA rules, on a page as it stands, one line per rule and element it fails.

axe is evaluated by the test's own channel, not as a ``<script>`` of the page: the site's policy allows no inline
script. Before it runs, the page is scrolled to its top: axe treats ``position: sticky`` as ``relative``
(dequelabs/axe-core#3720), so a target that happens to be scrolled under the theme's sticky header is reported as
obscured, and which one is depends on the fonts' metrics. The targets' own sizes and spacing are measured at every
scroll position by tests/browser/test_targets.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = """async ([include, tags]) => {
  window.scrollTo(0, 0);
  const result = await axe.run(include ? { include: [[include]] } : document,
                               { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  return result.violations.flatMap((rule) => rule.nodes.map((node) =>
    `${rule.id} ${node.target.join(' ')}: ${node.failureSummary.trim().split('\\n').slice(1).join(' ').trim()}`));
}"""


def violations(page: Page, include: str | None = None) -> list[str]:
    """axe's findings on the page (or within the element ``include`` selects), one line per rule and element."""
    assert AXE.is_file(), "node_modules/axe-core is missing: run `make bootstrap` (npm ci)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[Any] = page.evaluate(RUN, [include, TAGS])
    return [str(line) for line in found]
