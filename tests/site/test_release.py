"""Issue 12 on the built site: no inline script or style left for the policy to refuse, the host's header file, and
the precompressed copies beside every compressible file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools import policy, precompress
from build_tools.publish_hook import EXECUTABLE_TYPES, SCRIPT, TYPE
from build_tools.site_hooks import absolute_urls

HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_an_inline_script_a_handler_or_an_inline_style(site: Path) -> None:
    pages = html_files(site)
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for match in SCRIPT.finditer(html):
            kind = TYPE.search(match["attrs"] or "")
            if kind and kind[1].lower() not in EXECUTABLE_TYPES:
                continue  # a data block (the theme's JSON configuration): never run, not subject to script-src
            assert not match["body"].strip(), f"{page}: inline script {match[0][:120]}"
        assert not HANDLER.search(html), page
        assert "<style" not in html, page
        assert not STYLE_ATTRIBUTE.search(html), f"{page}: {STYLE_ATTRIBUTE.search(html)}"


def test_every_script_a_page_loads_is_a_file_of_the_site(site: Path) -> None:
    for page in html_files(site):
        for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', page.read_text(encoding="utf-8")):
            # The 404 pages name their files from the server's root, the language first.
            target = site / src.lstrip("/") if src.startswith("/") else page.parent / src
            assert target.resolve().is_file(), f"{page}: {src}"


def test_the_headers_file_is_the_policys(site: Path) -> None:
    assert (site / "_headers").read_text(encoding="utf-8") == policy.netlify_headers()


def test_every_compressible_file_has_its_copies(site: Path) -> None:
    checked = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in precompress.SUFFIXES and precompress.compressible(path):
            for suffix in (".br", ".gz"):
                copy = path.with_name(path.name + suffix)
                assert copy.is_file(), copy
                assert copy.stat().st_mtime >= path.stat().st_mtime or copy.stat().st_size < path.stat().st_size
            checked += 1
    assert checked > 50
    [wasm] = (site / "pyodide").glob("pyodide-*/pyodide.asm.wasm")
    assert wasm.with_name("pyodide.asm.wasm.br").stat().st_size < 0.3 * wasm.stat().st_size


@pytest.mark.parametrize("base", ["/", "/tbsc55/", "/a/b-c/"])
def test_the_404_pages_urls_start_at_the_sites_base(base: str) -> None:
    html = '<link href="/assets/site.css"><script src="/assets/inline/0.js"></script><a href="/../en/">EN</a>'
    html += '<a href="#top">top</a><a href="spec/">relative</a>'
    assert absolute_urls(html, base, "zh") == (
        f'<link href="{base}zh/assets/site.css"><script src="{base}zh/assets/inline/0.js"></script>'
        f'<a href="{base}en/">EN</a><a href="#top">top</a><a href="spec/">relative</a>'
    )


@pytest.mark.parametrize("base", ['/"><script>alert(1)</script>/', "//example.org/", "/a/../", "tbsc55/"])
def test_a_base_that_is_not_a_plain_path_is_never_written(base: str) -> None:
    with pytest.raises(ValueError, match="not a base path"):
        absolute_urls('<link href="/assets/site.css">', base, "zh")


def test_the_built_404_pages_name_their_files_from_the_default_base(site: Path) -> None:
    for lang in ("zh", "en"):
        html = (site / lang / "404.html").read_text(encoding="utf-8")
        urls = re.findall(r'(?:href|src)="([^"#][^"]*)"', html)
        assert urls and all(url.startswith(("/zh/", "/en/")) for url in urls), urls
    assert (site / "404.html").read_bytes() == (site / "zh" / "404.html").read_bytes()
