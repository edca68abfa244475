"""Every reference in the built site resolves inside the site, and nothing points outside it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import SITE
from .pages import Page, parse

# Namespace identifiers in SVG/XML attributes are names, not fetched.
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def html_files() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


@cache
def parsed(path: Path) -> Page:
    return parse(path)


def resolve(page: Path, url: str) -> tuple[Path, str]:
    """The file and fragment that a relative URL of `page` points at (directory URLs → index.html)."""
    parts = urlsplit(url)
    base = SITE if parts.path.startswith("/") else page.parent  # only 404.html has root-relative URLs
    target = page if not parts.path else (base / unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def references(path: Path) -> list[str]:
    refs = []
    for _, attr, value in parsed(path).refs:
        if attr == "srcset":
            refs += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
        elif attr == "content":
            refs.append(value.split("url=", 1)[1])
        else:
            refs.append(value)
    return refs


def test_the_site_was_built(site: Path) -> None:
    assert len(html_files()) > 30


@pytest.mark.parametrize("where", ["zh", "en", "index.html"])
def test_every_reference_resolves(where: str, site: Path) -> None:
    """Links, stylesheets, scripts and images of every page; fragments must name an id of the target."""
    broken = []
    paths = [site / where] if where.endswith(".html") else sorted((site / where).rglob("*.html"))
    for path in paths:
        for url in references(path):
            parts = urlsplit(url)
            if parts.scheme in ("data", "mailto") or url in NAMESPACES:
                continue
            target, fragment = resolve(path, url)
            exists = target.is_relative_to(SITE) and target.exists()
            if parts.scheme or parts.netloc or not exists:
                broken.append(f"{path.relative_to(site)}: {url}")
            elif fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
                broken.append(f"{path.relative_to(site)}: {url} (no such id)")
    assert not broken


EXTERNAL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?|["'(])(?:https?:)?//[^"')\s]+""")


@pytest.mark.parametrize("suffix", [".html", ".css"])
def test_no_asset_is_loaded_from_outside(site: Path, suffix: str) -> None:
    """Stylesheets and pages fetch nothing from another host: no web fonts, CDN or repository API."""
    offenders = {}
    for path in site.rglob(f"*{suffix}"):
        text = path.read_text(encoding="utf-8")
        if suffix == ".html":
            # Only what the browser fetches by itself: <link>, <script>, <img>, <iframe>, inline style urls.
            hits = [
                value
                for tag, attr, value in parsed(path).refs
                if tag in ("link", "script", "img", "iframe", "source", "video", "audio", "embed")
                and urlsplit(value).netloc
            ]
            hits += [m for m in EXTERNAL.findall(text) if m.startswith("url(")]
        else:
            hits = [m for m in EXTERNAL.findall(text) if "www.w3.org" not in m]
        if hits:
            offenders[str(path.relative_to(site))] = hits
    assert not offenders
