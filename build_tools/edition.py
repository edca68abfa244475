"""The specification's pages read as data: both languages rendered alike and cut into the same clauses.

The side-by-side reading (:mod:`build_tools.parallel_hook`) and the edition as data (:mod:`build_tools.edition_data`)
are made from the Markdown of ``docs/zh/spec`` and ``docs/en/spec`` — the same files as the pages — rendered here
with the site's own Markdown extensions (ids, merged cells, clause numbers, list markers), so that neither holds a
copy of the text. Both languages give every clause the same id (the id agreement, tests/site/test_ids.py); that id
is what lines the two up.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data

from build_tools import site_hooks

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGS = ("zh", "en")

# Elements with no end tag (HTML's void elements).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
HEADING = re.compile(r"^h[1-6]$")
# The ids a clause (or a table's title, or the cover's contents) starts with: the same in both languages.
CLAUSE_ID = re.compile(r"^(?:(?:clause|appendix|a[1-4]|table)-(?:note-)?[0-9][0-9-]*|cover|contents)$")
# The English pages' notes about the translation itself: one language only, not part of a clause.
ONE_LANGUAGE_NOTES = ("Translation", "关于本站")


class _TreeBuilder(HTMLParser):
    """HTML (as Python-Markdown writes it) → an ElementTree under one ``<root>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = ET.TreeBuilder()
        self.builder.start("root", {})
        self.open: list[str] = ["root"]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {k: v or "" for k, v in attrs})
        if tag in VOID:
            self.builder.end(tag)
        else:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {k: v or "" for k, v in attrs})
        self.builder.end(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return  # a stray end tag: HTML ignores it
        while self.open:
            closed = self.open.pop()
            self.builder.end(closed)
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        self.builder.data(data)

    def close_tree(self) -> ET.Element:
        self.close()
        while self.open:
            self.builder.end(self.open.pop())
        return self.builder.close()


def tree(html: str) -> ET.Element:
    """Parse an HTML fragment into a ``<root>`` element."""
    parser = _TreeBuilder()
    parser.feed(html)
    return parser.close_tree()


def serialize(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode", method="html")


def inner_html(element: ET.Element) -> str:
    return (element.text or "") + "".join(serialize(child) for child in element)


def text_of(element: ET.Element) -> str:
    """The element's text as a reader sees it: whitespace squeezed, permalinks ("¶") left out."""
    parts: list[str] = []

    def walk(el: ET.Element) -> None:
        if "headerlink" in el.get("class", "").split():
            parts.append(el.tail or "")
            return
        parts.append(el.text or "")
        for child in el:
            walk(child)
        parts.append(el.tail or "")

    parts.append(element.text or "")
    for child in element:
        walk(child)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def remove_keeping_tail(parent: ET.Element, child: ET.Element) -> None:
    """Take ``child`` out of ``parent``, keeping the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


# --- Rendering ----------------------------------------------------------------------------------------------


def markdown_for(config: MkDocsConfig, lang: str) -> Markdown:
    """A Markdown converter with the site's extensions, titled for ``lang`` (the permalinks' tooltip)."""
    title = site_hooks.TEXT[lang]["permalink"]
    extensions = [e for e in config.markdown_extensions if not isinstance(e, site_hooks.SpecExtension)]
    configs = {name: dict(options) for name, options in config.mdx_configs.items()}
    configs.setdefault("toc", {})["permalink_title"] = title
    return Markdown(extensions=[*extensions, site_hooks.SpecExtension(title)], extension_configs=configs)


def render(config: MkDocsConfig, lang: str, uri: str) -> ET.Element:
    """One page of ``docs/<lang>/`` rendered as the site renders it, before MkDocs rewrites its links and before the
    hooks' ``on_page_content`` (the table rows' permalinks)."""
    source, _meta = get_data((DOCS / lang / uri).read_text(encoding="utf-8"))
    return tree(markdown_for(config, lang).convert(source))


H1 = re.compile(r"^# +(.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)


def title_of(markdown: str) -> str | None:
    """A page's first-level heading, as written in its Markdown."""
    match = H1.search(markdown)
    return match[1].strip() if match else None


# --- Links ----------------------------------------------------------------------------------------------------


def page_url(uri: str) -> str:
    """The URL (directory style, relative to the language's root) of a page's Markdown source."""
    if uri == "index.md":
        return ""
    if uri.endswith("/index.md"):
        return uri[: -len("index.md")]
    return uri[: -len(".md")] + "/"


def resolve(href: str, source_uri: str) -> tuple[str, str] | None:
    """A link of a page's Markdown → (the Markdown source it names, the fragment), or None for any other link."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href):
        return None
    path, _, fragment = href.partition("#")
    if not path:
        return source_uri, fragment
    if not path.endswith(".md"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_uri), path)), fragment


def relative_url(target_url: str, from_url: str) -> str:
    """``target_url`` relative to the page at ``from_url`` (both directory-style, from the language's root)."""
    rel = posixpath.relpath(target_url or ".", from_url or ".")
    return "" if rel == "." else rel + "/"


# --- Clauses --------------------------------------------------------------------------------------------------


@dataclass
class Group:
    """The blocks of a page from one id-bearing block (a clause, a table's title) up to the next."""

    key: str  # the id that starts it ("" for what comes before the first)
    blocks: list[ET.Element]


def is_one_language_note(block: ET.Element) -> bool:
    if "admonition" not in classes(block):
        return False
    title = block.find("p")
    return title is not None and text_of(title).startswith(ONE_LANGUAGE_NOTES)


def groups(root: ET.Element, starts: set[str] | None = None) -> list[Group]:
    """The page's top-level blocks, a new group at every block with a clause's id (headings, numbered paragraphs,
    tables' titles; only those of ``starts`` if given); the notes of one language only are left out."""
    found = [Group("", [])]
    for block in root:
        if is_one_language_note(block):
            continue
        ident = block.get("id", "")
        if CLAUSE_ID.match(ident) and (starts is None or ident in starts):
            found.append(Group(ident, []))
        found[-1].blocks.append(block)
    return [g for g in found if g.blocks]


def iter_ids(element: ET.Element) -> Iterator[str]:
    for el in element.iter():
        if el.get("id"):
            yield el.get("id", "")


def is_note(block: ET.Element) -> bool:
    """An admonition: an editorial or translator's note, attached to the block before it."""
    return "admonition" in classes(block)


def the_table(block: ET.Element) -> ET.Element | None:
    """The table a block is: a ``<table>``, or a wrapper ``<div>`` holding only one (``div.spec-table``)."""
    if block.tag == "table":
        return block
    children = list(block)
    if block.tag == "div" and len(children) == 1 and children[0].tag == "table":
        return children[0]
    return None


def cells(table: ET.Element) -> list[list[ET.Element]]:
    return [[cell for cell in tr if cell.tag in ("td", "th")] for tr in table.iter("tr")]


def shape(table: ET.Element) -> list[list[tuple[str, str, str]]]:
    """Rows of (tag, rowspan, colspan): two tables of one shape line up cell by cell."""
    return [[(c.tag, c.get("rowspan", "1"), c.get("colspan", "1")) for c in row] for row in cells(table)]


@dataclass
class Pair:
    """One row of the side-by-side reading: Chinese blocks beside their English.

    ``table`` is set when both sides are one table of the same shape, read as one table with both languages in
    each cell; its notes (admonitions) follow it as a row of their own."""

    zh: list[ET.Element]
    en: list[ET.Element]
    table: bool = False


def _with_notes(blocks: list[ET.Element]) -> list[list[ET.Element]]:
    """Blocks → runs of one block and the notes after it (notes before any block make a run of their own)."""
    runs: list[list[ET.Element]] = []
    for block in blocks:
        if is_note(block) and runs:
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs


def pairs(zh: Group, en: Group) -> list[Pair]:
    """The rows of one clause: block beside block when both languages have the same blocks, else the clause's
    blocks side by side as a whole."""
    zh_runs, en_runs = _with_notes(zh.blocks), _with_notes(en.blocks)
    same = len(zh_runs) == len(en_runs)
    if not same or any(is_note(z[0]) != is_note(e[0]) for z, e in zip(zh_runs, en_runs, strict=True)):
        return [Pair(zh.blocks, en.blocks)]
    rows: list[Pair] = []
    for z, e in zip(zh_runs, en_runs, strict=True):
        zt, et = the_table(z[0]), the_table(e[0])
        if zt is not None and et is not None and shape(zt) == shape(et):
            rows.append(Pair([z[0]], [e[0]], table=True))
            if len(z) > 1 or len(e) > 1:
                rows.append(Pair(z[1:], e[1:]))
        else:
            rows.append(Pair(z, e))
    return rows


def aligned(zh_root: ET.Element, en_root: ET.Element) -> list[tuple[str, list[Pair]]]:
    """Both languages of one page, clause by clause: (the clause's id, its rows), in the Chinese order.

    A clause of one language only (none today: tests/site/test_parallel.py) keeps its place with an empty side."""
    # A clause starts a group where both languages have it at the top (the English cover's title has the id that
    # the Chinese gives its title inside the cover's box: the cover is one group).
    common = {g.key for g in groups(zh_root)} & {g.key for g in groups(en_root)}
    en_groups = {g.key: g for g in groups(en_root, common)}
    out = []
    for group in groups(zh_root, common):
        other = en_groups.pop(group.key, Group(group.key, []))
        out.append((group.key, pairs(group, other) if other.blocks else [Pair(group.blocks, [])]))
    out += [(key, [Pair([], g.blocks)]) for key, g in en_groups.items()]
    return out
