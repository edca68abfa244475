"""The changelog as an Atom feed per language (issue 22, point 6): read with a real XML parser and held to the
changelog page it comes from — one entry per dated section, in the page's order, each linking its section."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.exceptions import PluginError

from build_tools.feed_hook import FEED, Entry, feed, origin, sections

from .conftest import SITE, built_page

ATOM = "{http://www.w3.org/2005/Atom}"
XML = "{http://www.w3.org/XML/1998/namespace}"
LANGS = ("zh", "en")
ORIGIN = "http://127.0.0.1:8000"  # the build's default (make site without SITE_URL)
HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.DOTALL)


def parsed(lang: str) -> ET.Element:
    return ET.parse(SITE / lang / FEED).getroot()


def local(url: str) -> Path:
    """The built file an absolute URL of the default origin names (a page's folder → its index.html)."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == ORIGIN, url
    path = SITE / parts.path.lstrip("/")
    return path / "index.html" if parts.path.endswith("/") else path


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("lang", LANGS)
def test_the_feed_has_one_entry_per_dated_section_of_the_changelog(lang: str) -> None:
    root = parsed(lang)
    assert root.tag == f"{ATOM}feed" and root.get(f"{XML}lang") == ("zh-CN" if lang == "zh" else "en")
    page = f"{ORIGIN}/{lang}/changelog/"
    assert root.get(f"{XML}base") == page
    assert root.findtext(f"{ATOM}id") == f"{ORIGIN}/{lang}/feed.xml"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{ORIGIN}/{lang}/feed.xml"
    headings = HEADING.findall(built_page(lang, "changelog.md").read_text(encoding="utf-8"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(headings) >= 4
    for entry, (anchor, heading) in zip(entries, headings, strict=True):
        title = entry.findtext(f"{ATOM}title") or ""
        assert entry.findtext(f"{ATOM}id") == f"{page}#{anchor}"
        assert title and title in re.sub(r"<[^>]+>", "", heading).replace("&amp;", "&")
        assert (entry.findtext(f"{ATOM}updated") or "").startswith(title[:10])  # the section's date
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href") == f"{page}#{anchor}"
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html" and content.text
    assert root.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") or "" for e in entries)


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_an_entry_leads_to_a_page_of_the_site(lang: str) -> None:
    """The entries' HTML keeps the page's relative links; xml:base makes them absolute, and each names a built
    page (and, with a fragment, one of its ids)."""
    root = parsed(lang)
    base = root.get(f"{XML}base") or ""
    hrefs = [
        href
        for entry in root.iter(f"{ATOM}entry")
        for href in re.findall(r'href="([^"]+)"', entry.findtext(f"{ATOM}content") or "")
    ]
    assert len(hrefs) > 20
    for href in hrefs:
        url = urljoin(base, href)
        path = local(url.split("#")[0])
        assert path.is_file(), url
        fragment = urlsplit(url).fragment
        if fragment:
            assert f'id="{fragment}"' in path.read_text(encoding="utf-8"), url


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("md", ["index.md", "spec/chapter-5.md", "calculator.md", "changelog.md"])
def test_every_page_names_the_feed_of_its_language(lang: str, md: str) -> None:
    page = built_page(lang, md)
    html = page.read_text(encoding="utf-8")
    link = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)" title="([^"]+)"', html)
    assert link is not None
    target = Path(posixpath.normpath((page.parent / link[1]).as_posix()))
    assert target == SITE / lang / FEED and target.is_file()
    assert link[2] == parsed(lang).findtext(f"{ATOM}title")
    if md == "changelog.md":  # and the changelog says so in its text
        assert 'href="../feed.xml" type="application/atom+xml"' in html


@pytest.mark.usefixtures("site")
def test_the_feed_is_named_not_fetched_by_the_calculators_offline_copy() -> None:
    """The service worker keeps what the calculator's page loads, not what its <head> only names: the feed, the
    other language (it would cost the first visit 13 kB for nothing)."""
    from build_tools import offline  # noqa: PLC0415

    for lang, paths in offline.calculator(SITE).items():
        assert f"{lang}/assets/javascripts/" in " ".join(paths) and f"{lang}/assets/stylesheets/site.css" in paths
        assert not [p for p in paths if p.endswith((".xml", "/")) and p != f"{lang}/calculator/"], paths


def test_the_feed_is_written_for_the_site_url_and_base_path_it_is_published_under() -> None:
    entries = [Entry("2026-12-06", "2026-12-06 — <b>a</b> & b", "2026-12-06", '<p><a href="../x/">x</a></p>')]
    root = ET.fromstring(feed("en", entries, "https://example.org/tbsc55/en/", "Site changelog"))
    assert root.get(f"{XML}base") == "https://example.org/tbsc55/en/changelog/"
    assert root.findtext(f"{ATOM}entry/{ATOM}id") == "https://example.org/tbsc55/en/changelog/#2026-12-06"
    assert root.findtext(f"{ATOM}entry/{ATOM}title") == "2026-12-06 — <b>a</b> & b"  # text, not markup
    assert root.findtext(f"{ATOM}entry/{ATOM}content") == '<p><a href="../x/">x</a></p>'


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ORIGIN), ("https://example.org", "https://example.org"), ("http://host:8080/", "http://host:8080")],
)
def test_the_site_url_is_an_origin(monkeypatch: pytest.MonkeyPatch, value: str, expected: str) -> None:
    monkeypatch.setenv("TBSC55_SITE_URL", value)
    assert origin() == expected


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "https://example.org/path/", "ftp://host", "https://ex ample.org", "https://x\n"]
)
def test_a_site_url_that_is_no_origin_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TBSC55_SITE_URL", value)
    with pytest.raises(PluginError, match="TBSC55_SITE_URL"):
        origin()


def test_a_changelog_section_without_its_date_stops_the_build() -> None:
    assert [e.date for e in sections('<h2 id="a">2026-01-02 — x</h2><p>y</p><h2 id="b">2025-12-31 z</h2>')] == [
        "2026-01-02",
        "2025-12-31",
    ]
    with pytest.raises(PluginError, match="does not start with its date"):
        sections('<h2 id="a">Undated</h2><p>y</p>')
