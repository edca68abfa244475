"""MkDocs hooks for the CTS TBSC55-2026 B/0 site (both languages).

What the stock toolchain cannot do, and the specification needs:

* merged table cells: a pipe-table cell holding only ``^^`` joins the cell above (rowspan), one holding only
  ``<<`` joins the cell to its left (colspan); a body row that merges into the header becomes a header row.
  The Markdown stays a plain pipe table that markdown-it-py parses for the rules-file test.
* permalinks on numbered paragraphs: untitled clauses (``5.2.2``) are paragraphs with an explicit id, not
  headings, as in GB/T 1.1; they get the same hover permalink as headings.
* list markers kept as printed: ``1)``, ``①``, ``a.`` are text in the source, so lists made of them lose the
  browser's bullets and hang the marker instead.
* shared assets in ``docs/assets/`` (outside both ``docs_dir``), a generated print page per language that
  assembles the whole specification, and the root ``site/index.html`` that leads to the Chinese site.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from build_tools import policy, words

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets"

# The pages that make up the specification itself, in reading order (identical paths in both languages).
SPEC_PAGES = (
    "index.md",
    "spec/chapter-1.md",
    "spec/chapter-2.md",
    "spec/chapter-3.md",
    "spec/chapter-4.md",
    "spec/chapter-5.md",
    "spec/appendix-1.md",
    "spec/appendix-2.md",
    "spec/appendix-3.md",
    "spec/appendix-4.md",
)
PRINT_PAGE = "print.md"

# Ids given to clauses and table rows by the specification pages (see the id agreement in docs/).
CLAUSE_ID = re.compile(r"^(?:clause|appendix|a[1-4])-(?:note-)?[0-9][0-9-]*$")
NOTE_ID = re.compile(r"^a[1-4]-note-[0-9][0-9-]*$")  # the notes under an appendix's table (a3-note-3-5)

TEXT = {
    "zh": {
        "permalink": "本条款的永久链接",
        "print_title": "打印版",
        "print_hint": "本页汇集封面与全部条款，供整份打印或另存为 PDF（浏览器菜单“打印”）。"
        "本站生成的 PDF：[中文](downloads/cts-tbsc55-2026-b0-zh.pdf)、"
        '<a href="@pdf-other@" hreflang="en">英文译文</a>（见[下载](downloads.md)）。',
    },
    "en": {
        "permalink": "Permanent link to this clause",
        "print_title": "Print version",
        "print_hint": "This page assembles the cover and every clause, to print the whole document or save it "
        "as PDF (the browser's Print command). The PDFs this site makes: "
        "[English](downloads/cts-tbsc55-2026-b0-en.pdf), "
        '<a href="@pdf-other@" hreflang="zh">Chinese</a> (see [Downloads](downloads.md)).',
    },
}


def _text(config: MkDocsConfig) -> dict[str, str]:
    return TEXT.get(config.theme["language"], TEXT["en"])


# --- Markdown: merged cells, clause permalinks, printed list markers ----------------------------------------


class _TableSpans(Treeprocessor):
    """Turn ``^^`` / ``<<`` cells into rowspan / colspan (pipe tables have no syntax for merged cells)."""

    UP, LEFT = "^^", "<<"

    def run(self, root: ET.Element) -> None:
        for table in list(root.iter("table")):
            self._merge(table)

    def _merge(self, table: ET.Element) -> None:
        sections = [s for s in table if s.tag in ("thead", "tbody")]
        rows = [(section, tr) for section in sections for tr in section if tr.tag == "tr"]
        if not any("".join(cell.itertext()).strip() in (self.UP, self.LEFT) for _, tr in rows for cell in tr):
            return
        owner: dict[tuple[int, int], tuple[ET.Element, int, int]] = {}
        for r, (section, tr) in enumerate(rows):
            for c, cell in enumerate(list(tr)):
                marker = "".join(cell.itertext()).strip()
                source = (r - 1, c) if marker == self.UP else (r, c - 1) if marker == self.LEFT else None
                if source is None or source not in owner:
                    owner[(r, c)] = (cell, r, c)
                    # Once cells are merged, :first-child no longer means "first column"; the stylesheet
                    # needs the column itself.
                    cell.set("data-col", str(c + 1))
                    continue
                origin, r0, c0 = owner[source]
                owner[(r, c)] = (origin, r0, c0)
                tr.remove(cell)
                rowspan, colspan = r - r0 + 1, c - c0 + 1
                if rowspan > int(origin.get("rowspan", "1")):
                    origin.set("rowspan", str(rowspan))
                if colspan > int(origin.get("colspan", "1")):
                    origin.set("colspan", str(colspan))
                # A body row merging into the header is a second header row (e.g. 一级 … 五级 under 成熟度分值).
                if origin.tag == "th" and section.tag == "tbody":
                    self._promote(table, section, tr)
        for section in sections:
            if len(section) == 0:
                table.remove(section)

    @staticmethod
    def _promote(table: ET.Element, section: ET.Element, tr: ET.Element) -> None:
        thead = table.find("thead")
        if thead is None or tr not in list(section):
            return
        section.remove(tr)
        thead.append(tr)
        for cell in tr:
            cell.tag = "th"


# "5.2.2." or "5.3" at the start of a numbered paragraph: set like a heading number, as printed standards do.
CLAUSE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+\.?)\s*")


class _ClausePermalinks(Treeprocessor):
    """Give numbered paragraphs (untitled clauses) the hover permalink that headings get from ``toc``."""

    def __init__(self, md: Markdown, title: str) -> None:
        super().__init__(md)
        self.title = title

    def run(self, root: ET.Element) -> None:
        for el in list(root.iter()):  # the loop inserts elements
            ident = el.get("id", "")
            if el.tag in ("p", "li", "div") and CLAUSE_ID.match(ident):
                el.set("class", " ".join(filter(None, (el.get("class"), "clause"))))
                if NOTE_ID.match(ident):
                    # A note under a table (appendix 3's 2), 3) ⑤): an id that results link to and that is highlighted
                    # when it is their target, but no "¶": after a short item it would wrap onto a line of its own on
                    # a phone, opening a gap under each item (its 24 px target cannot overflow the line either).
                    continue
                self._mark_number(el)
                link = ET.Element("a", {"class": "headerlink", "href": f"#{ident}", "title": self.title})
                link.set("data-search-exclude", "")  # keep "¶" out of the search index
                link.text = "¶"
                # After the item's own text, before any nested list.
                nested = next((i for i, child in enumerate(el) if child.tag in ("ul", "ol")), len(el))
                el.insert(nested, link)

    @staticmethod
    def _mark_number(el: ET.Element) -> None:
        match = CLAUSE_NUMBER.match(el.text or "")
        if match is None:
            return
        number = ET.Element("span", {"class": "clause-no"})
        number.text = match.group(1)
        # Keep the space after the number: it separates it from the text in copied and indexed text too.
        number.tail = " " + (el.text or "")[match.end() :]
        el.text = None
        el.insert(0, number)


# 1)  ①  a.  — the markers the source prints in front of list items.
LIST_MARKER = re.compile(r"^\s*((?:\d{1,2}\)|[\u2460-\u2473]|[a-z]\.))\s*")


class _ListMarkers(Treeprocessor):
    """Lists whose items all start with a printed marker keep it as a hanging marker, without bullets."""

    def run(self, root: ET.Element) -> None:
        for ul in list(root.iter("ul")):  # the loop inserts elements
            items = [li for li in ul if li.tag == "li"]
            heads = [self._head(li) for li in items]
            if not items or not all(h is not None and LIST_MARKER.match(h.text or "") for h in heads):
                continue
            ul.set("class", " ".join(filter(None, (ul.get("class"), "marked"))))
            for head in heads:
                assert head is not None  # checked above
                match = LIST_MARKER.match(head.text or "")
                assert match is not None
                marker = ET.Element("span", {"class": "marker"})
                marker.text = match.group(1)
                head.text = (head.text or "")[match.end() :]
                marker.tail, head.text = head.text, None
                head.insert(0, marker)

    @staticmethod
    def _head(li: ET.Element) -> ET.Element | None:
        """The element holding an item's first text: the ``li`` itself, or its first ``p`` (loose lists)."""
        if (li.text or "").strip():
            return li
        if len(li) and li[0].tag == "p":
            return li[0]
        return None


class SpecExtension(Extension):
    def __init__(self, permalink_title: str) -> None:
        super().__init__()
        self.permalink_title = permalink_title

    def extendMarkdown(self, md: Markdown) -> None:
        # Before "inline" (20): cell markers are still plain text. After "attr_list" (8) and "toc" (5):
        # ids are set and heading permalinks exist.
        md.treeprocessors.register(_TableSpans(md), "spec_table_spans", 25)
        md.treeprocessors.register(_ListMarkers(md), "spec_list_markers", 4)
        md.treeprocessors.register(_ClausePermalinks(md, self.permalink_title), "spec_clause_permalinks", 3)


# --- MkDocs events ----------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        policy.base_path(str(config.extra.get("base", "/")))
    except ValueError as error:
        raise PluginError(f"extra.base (TBSC55_BASE, `make site BASE=…`): {error}") from None
    words.write()  # the calculator's words.data.js, before on_files collects the assets
    text = _text(config)
    config.markdown_extensions.append(SpecExtension(text["permalink"]))
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = text["permalink"]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and not path.name.startswith("."):  # not words.py's temporary file
            uri = path.relative_to(ASSETS.parent).as_posix()
            files.append(File(uri, str(ASSETS.parent), config.site_dir, config.use_directory_urls))
    files.append(File.generated(config, PRINT_PAGE, content=_print_page(files, config)))
    return files


# Row anchors in tables are raw HTML (<span id="a1-1-1"></span>), which Markdown treeprocessors never see.
ROW_ANCHOR = re.compile(r'(<td[^>]*>\s*<span id="(a[1-4]-[0-9-]+)"></span>)(.*?)(</td>)', re.DOTALL)


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    title = _text(config)["permalink"]
    return ROW_ANCHOR.sub(
        lambda m: f'{m[1]}{m[3]}<a class="headerlink" href="#{m[2]}" title="{title}" data-search-exclude>¶</a>{m[4]}',
        html,
    )


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    return absolute_urls(output, str(config.extra.get("base", "/")), Path(config.site_dir).name)


def absolute_urls(html: str, base: str, lang: str) -> str:
    """The 404 page's URLs, absolute from the site's base path (``extra.base``: ``/``, or ``/tbsc55/`` for a site
    published under a sub-path), so that the page is whole at whatever depth a host serves it for a missing path.

    Without site_url, MkDocs writes the URLs of a static template from the server root (``/assets/…``, and
    ``/../en/`` for the language switch); the languages live one level down (site/zh/, site/en/).
    """
    base = policy.base_path(base)
    html = re.sub(r'((?:href|src)=")/(?!\.\./)', lambda m: f"{m[1]}{base}{lang}/", html)
    return re.sub(r'((?:href|src)=")/\.\./', lambda m: m[1] + base, html)  # "../en/" from the language's root


ROOT_PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>卓越绩效服务认证技术规范 CTS TBSC55-2026</title>
<meta http-equiv="refresh" content="0; url=zh/">
<link rel="canonical" href="zh/">
</head>
<body>
<p><a href="zh/">卓越绩效服务认证技术规范（中文）</a> · <a href="en/" lang="en">English translation</a></p>
</body>
</html>
"""


def on_post_build(config: MkDocsConfig) -> None:
    # Only for the real two-language build (site/zh, site/en), never for `mkdocs serve`'s temporary dir.
    site_dir = Path(config.site_dir)
    if site_dir.parent == ROOT / "site":
        (site_dir.parent / "index.html").write_text(ROOT_PAGE, encoding="utf-8")


# --- The print page -------------------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
HEADING_ID = re.compile(r"^#+ .*\{[^}]*#([\w-]+)[^}]*\}\s*$", re.MULTILINE)
LINK = re.compile(r"(\]\(|^\[[^\]]+\]:\s*)([^)\s]+)", re.MULTILINE)


def _print_page(files: Files, config: MkDocsConfig) -> str:
    """One Markdown document: the cover and every specification page, links rewritten to in-page anchors."""
    text = _text(config)
    sources = {}
    for uri in SPEC_PAGES:
        file = files.get_file_from_path(uri)
        if file is not None:
            sources[uri] = FRONT_MATTER.sub("", file.content_string, count=1)
    first_ids = {uri: m[1] for uri, src in sources.items() if (m := HEADING_ID.search(src))}

    def rewrite(uri: str, source: str) -> str:
        def link(m: re.Match[str]) -> str:
            target = m[2]
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
                return m[0]
            path, _, fragment = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(uri), path))
            if resolved in sources:
                return m[1] + "#" + (fragment or first_ids.get(resolved, ""))
            return m[1] + resolved + ("#" + fragment if fragment else "")

        return LINK.sub(link, source)

    parts = [
        "---",
        f"title: {text['print_title']}",
        "hide: [toc]",
        "search:",
        "  exclude: true",  # the spec pages are indexed already; duplicates would crowd the results
        "---",
        "",
        f'<p class="print-hint" markdown>{text["print_hint"]}</p>',
        "",
    ]
    parts += [rewrite(uri, source) for uri, source in sources.items()]
    return "\n\n".join(parts)
