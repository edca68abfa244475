"""MkDocs hook: an Atom feed of each language's site changelog (issue 22, point 6).

``<lang>/feed.xml`` holds one entry per dated section of the changelog page (``## 2026-12-06 — …
{#anchor}``), newest first as the page lists them: its title, its date, its anchor's URL as link and id, and its
text as rendered on the page. A feed reader needs absolute URLs, which the site itself never writes: they come from
the site's origin (``TBSC55_SITE_URL``, e.g. ``https://example.org``; ``make site SITE_URL=…``) and its base path
(``extra.base``), and the feed's ``xml:base`` makes the links inside each entry absolute too. Every page links the
feed of its language from ``<head>`` (``rel="alternate"``, overrides/main.html); the changelog page links it in its
text.
"""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from build_tools import policy

# At the language's root, beside its sitemap.xml: the theme fetches "sitemap.xml" next to every <link
# rel="alternate"> of <head> (to switch languages), which the feed's link is too.
FEED = "feed.xml"
CHANGELOG = "changelog.md"
ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"  # relative links in the entries resolve against it
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_ORIGIN = "http://127.0.0.1:8000"  # `make serve`'s; a published site sets TBSC55_SITE_URL
TITLE = {"zh": "网站变更记录", "en": "Site changelog"}

# A section of the rendered changelog: its heading (id, text) and what follows it up to the next <h2>.
_SECTION = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<title>.*?)</h2>(?P<body>.*?)(?=<h2 |\Z)', re.DOTALL)
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class Entry:
    anchor: str
    title: str
    date: str
    html: str


_ENTRIES: dict[str, list[Entry]] = {}  # language → the changelog's sections, from its page's rendering


def origin() -> str:
    """The site's scheme and host, without a trailing slash, refused if it is not an http(s) origin."""
    value = os.environ.get("TBSC55_SITE_URL", "") or DEFAULT_ORIGIN
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?/?", value):
        raise PluginError(f"TBSC55_SITE_URL must be an origin such as https://example.org, not {value!r}")
    return value.rstrip("/")


def sections(page_html: str) -> list[Entry]:
    """The dated sections of the rendered changelog page."""
    found = []
    for match in _SECTION.finditer(page_html):
        title = html.unescape(re.sub(r"<[^>]+>", "", match["title"])).replace("¶", "").strip()
        date = _DATE.match(title)
        if date is None:
            raise PluginError(f"changelog section {match['id']!r} does not start with its date: {title!r}")
        found.append(Entry(match["id"], title, date[1], match["body"].strip()))
    return found


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["feed_title"] = f"{TITLE[config.theme['language']]} · CTS TBSC55-2026 B/0"  # <head>'s link names it
    return config


def on_page_content(html_text: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    if page.file.src_uri == CHANGELOG:
        _ENTRIES[config.theme["language"]] = sections(html_text)
    return html_text


def feed(lang: str, entries: list[Entry], site: str, title: str) -> bytes:
    """The Atom document: ``site`` is the language's root URL (``https://example.org/tbsc55/zh/``)."""
    ET.register_namespace("", ATOM)
    page = f"{site}changelog/"
    root = ET.Element(f"{{{ATOM}}}feed", {XML_BASE: page, XML_LANG: "zh-CN" if lang == "zh" else "en"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add(root, "id", site + FEED)
    add(root, "title", title)
    add(root, "link", rel="self", type="application/atom+xml", href=site + FEED)
    add(root, "link", rel="alternate", type="text/html", href=page)
    add(root, "updated", f"{max(e.date for e in entries)}T00:00:00Z")
    author = add(root, "author")
    add(author, "name", "江西腾标认证有限公司" if lang == "zh" else "Jiangxi Tengbiao Certification Co., Ltd.")
    for entry in entries:
        item = add(root, "entry")
        add(item, "id", f"{page}#{entry.anchor}")
        add(item, "title", entry.title)
        add(item, "link", rel="alternate", type="text/html", href=f"{page}#{entry.anchor}")
        add(item, "updated", f"{entry.date}T00:00:00Z")
        add(item, "content", entry.html, type="html")
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def on_post_build(config: MkDocsConfig) -> None:
    lang = config.theme["language"]
    entries = _ENTRIES.get(lang)
    if not entries:
        raise PluginError(f"no dated section found in {lang}/{CHANGELOG}: the feed would be empty")
    base = policy.base_path(str(config.extra.get("base", "/")))
    target = Path(config.site_dir) / FEED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(feed(lang, entries, f"{origin()}{base}{lang}/", config.extra["feed_title"]))
