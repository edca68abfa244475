"""MkDocs hook: ``site/`` as a release that any static host can publish (issue 12).

* **No inline script, no inline style.** Every executable ``<script>`` written into a page, by the theme's templates
  (its ``__md_scope`` set-up, its tab restore), by ``overrides/`` or by another hook (the calculator's boot script),
  is moved into a file named after the hash of its text, ``<lang>/assets/inline/<hash>.js``, and loaded from there
  where it was (same place, same attributes, so it runs at the same moment). JSON data blocks
  (``type="application/json"``: the theme's configuration) are not scripts and stay. The alignment that Markdown
  tables write as ``style="text-align: …"`` becomes a class (``docs/assets/stylesheets/site.css``). The site's
  Content-Security-Policy (``build_tools/policy.py``) then needs no ``'unsafe-inline'`` and no hash of a page.
* **After both languages are built** (each language build does it for the whole of ``site/``, the second one last):
  ``site/_headers`` from the policy (Netlify, Cloudflare Pages), the service worker ``site/sw.js``
  (``build_tools/offline.py``), then ``.br`` and ``.gz`` copies of every compressible file
  (``build_tools/precompress.py``).

The post-build step runs after every other hook's (event priority -100: Pagefind's index, the Pyodide runtime and
the root page are written by then); the HTML rewriting of the 404 page runs before ``site_hooks.py`` puts the
language's folder in front of its URLs (priority 50).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from build_tools import offline, policy, precompress

LANGS = ("zh", "en")
INLINE_DIR = "assets/inline"
SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
ALIGNED = re.compile(r'<(td|th)(\s[^>]*?)?\sstyle="text-align: (left|center|right);"([^>]*)>')
CLASS = re.compile(r'\sclass="([^"]*)"')


def _extract_scripts(html: str, site_dir: Path, url_of: Any) -> str:
    """``html`` with every inline executable script moved into ``site_dir/assets/inline/``; ``url_of(path)`` is
    the URL of a file of the language's site (a path from its root) as the page must write it."""

    def move(match: re.Match[str]) -> str:
        attrs, body = match["attrs"] or "", match["body"]
        kind = TYPE.search(attrs)
        if SRC.search(attrs) or not body.strip() or (kind and kind[1].lower() not in EXECUTABLE_TYPES):
            return match[0]
        data = body.encode("utf-8")
        name = f"{INLINE_DIR}/{hashlib.sha256(data).hexdigest()[:16]}.js"
        target = site_dir / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return f'<script src="{url_of(name)}"{attrs}></script>'

    return SCRIPT.sub(move, html)


def _align_classes(html: str) -> str:
    def replace(match: re.Match[str]) -> str:
        tag, before, align, after = match[1], match[2] or "", match[3], match[4]
        attrs = before + after
        classes = CLASS.search(attrs)
        if classes:
            attrs = CLASS.sub(lambda m: f' class="{m[1]} align-{align}"', attrs, count=1)
        else:
            attrs += f' class="align-{align}"'
        return f"<{tag}{attrs}>"

    return ALIGNED.sub(replace, html)


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    output = _extract_scripts(output, Path(config.site_dir), lambda name: get_relative_url(name, page.url))
    return _align_classes(output)


@event_priority(50)  # before site_hooks.on_post_template, which puts /<lang> in front of the 404 page's URLs
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output
    # A static template (the 404 page) is served at any depth: its URLs start at the server root, as MkDocs
    # writes them without a site_url.
    return _align_classes(_extract_scripts(output, Path(config.site_dir), lambda name: "/" + name))


@event_priority(-100)  # after every other hook's post-build: the site is complete
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    if site_dir.name not in LANGS:
        return  # `mkdocs serve`'s temporary folder: no release
    root = site_dir.parent
    (root / "_headers").write_text(policy.netlify_headers(), encoding="utf-8")
    # For hosts that look for a 404 page at the root only (Netlify, GitHub Pages; Cloudflare Pages without it
    # would answer a missing path outside both languages with the root page, as for a single-page app).
    chinese_404 = root / "zh" / "404.html"
    if chinese_404.is_file():
        shutil.copyfile(chinese_404, root / "404.html")
    # GitHub Pages would otherwise run Jekyll on the folder, which drops files whose name starts with "_".
    (root / ".nojekyll").write_bytes(b"")
    offline.write_service_worker(root)
    precompress.precompress(root)
