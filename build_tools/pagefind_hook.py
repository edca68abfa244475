"""MkDocs hook: the site's search index, built by Pagefind (issue 11, point 6).

Why Pagefind and not the theme's lunr search, measured on the 21 queries that tests/site/search_queries.json first
held (both languages; the clause among the first three results): the theme's search placed 7, and 12 with page
boosts and a larger jieba dictionary; Pagefind with docs/assets/search/search.js places all 21. The theme's Chinese
index is segmented by jieba at build time but the query by another segmenter in the browser, so a word inside a
compound (星级 in 三星级) never matches; and its results come grouped by page, so a guide that repeats a term crowds
out the clause that defines it. Pagefind segments Chinese with ICU4X when it indexes and with the browser's
``Intl.Segmenter`` (also ICU) when the reader types, keeps one index per language, and loads nothing until the
reader searches. search.js ranks its answers (spec pages first, then sections holding the words as typed) and lists
one result per clause.

What this hook does, per language:

* marks what is indexed: the ``<article>`` of every page except the print page and the side-by-side reading (both
  repeat every clause) and the 404 page; ``data-pagefind-meta="part:spec"`` on the specification's own pages,
  which search.js ranks first; the permalinks (¶) are left out of the index;
* after the build, runs the pinned Pagefind binary from npm (``node_modules/.bin/pagefind``, ``package.json``) on the
  language's site directory, which writes ``pagefind/`` there, and removes the UI bundles Pagefind ships that the site
  does not use.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent.parent
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
# The pages of the specification itself (as build_tools/site_hooks.py SPEC_PAGES): ranked first.
SPEC_PAGES = {
    "index.md",
    *(f"spec/chapter-{n}.md" for n in range(1, 6)),
    *(f"spec/appendix-{n}.md" for n in range(1, 5)),
}
NOT_INDEXED = {"print.md", "404.md"}
NOT_INDEXED_FOLDERS = ("parallel/",)  # the side-by-side reading repeats every clause too (build_tools/parallel_hook.py)
# Pagefind's own interfaces; search.js talks to pagefind.js (and its worker, WebAssembly and index files) directly.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)

ARTICLE = '<article class="md-content__inner md-typeset">'
PERMALINK = re.compile(r'<a class="headerlink"')


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    # The 404 page is rendered from a template, not a page: page.file is absent or 404.md.
    src = page.file.src_uri if page is not None and page.file is not None else "404.md"
    if src in NOT_INDEXED or src.startswith(NOT_INDEXED_FOLDERS) or ARTICLE not in output:
        return output
    attributes = " data-pagefind-body"
    if src in SPEC_PAGES:
        attributes += ' data-pagefind-meta="part:spec"'
    output = output.replace(ARTICLE, ARTICLE[:-1] + attributes + ">", 1)
    return PERMALINK.sub('<a class="headerlink" data-pagefind-ignore', output)


def on_post_build(config: MkDocsConfig) -> None:
    if not PAGEFIND.is_file():
        raise SystemExit("node_modules/.bin/pagefind is missing: run `make bootstrap` (npm ci) first")
    site_dir = Path(config.site_dir)
    done = subprocess.run(
        [str(PAGEFIND), "--site", str(site_dir), "--output-subdir", "pagefind"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pagefind exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    for name in UNUSED:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
