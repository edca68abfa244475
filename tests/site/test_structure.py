"""List structure: on every spec page, a list item stands at the depth the source gives it (issue 11, point 1).

The expected depth is derived from the source text (tests/data/source.txt), not written down here. The extraction
marks nested items with an indented "- " (" - ① …"); a bare paragraph "1) …" is an item of the outer list that the
extraction did not mark, so the "- ①" items after it are one level in; an item that continues its predecessor's
numbering (② after ①) stands beside it, even where the extraction lost the indent at a page break (5.1.1 2) ②–⑤).
Every item of the source that carries one of
its markers (1)…, ①…, a.…) is then looked up on the Chinese pages by its text, and must be an <li> at that depth;
the English pages must have the same sequence of markers at the same depths, page by page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT, SPEC_PAGES, built_page

SOURCE = ROOT / "tests" / "data" / "source.txt"
# The source's list markers: 1)…, ①…⑩, a.…
MARKER = re.compile(r"^(\d{1,2}\)|[①-⑩]|[a-z]\.)")
WHITESPACE = re.compile(r"\s+")
TEX = {r"\leq": "≤", r"\geq": "≥", r"\alpha": "α", "$": ""}


def _squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


@dataclass(frozen=True)
class Item:
    marker: str
    depth: int
    text: str  # whitespace removed


def source_items() -> list[Item]:
    """The source's marked list items with the depth the extraction gives them."""
    items: list[Item] = []
    under_bare_paragraph = False  # the last outer item was a bare "1) …" paragraph, not a "- 1) …" item
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", raw.rstrip())
        for tex, shown in TEX.items():
            line = line.replace(tex, shown)
        listed = re.match(r"^( *)- (.*)$", line)
        body = (listed.group(2) if listed else line).strip()
        marker = MARKER.match(body)
        if marker is None:
            if line.strip() and not listed:
                under_bare_paragraph = False  # a plain paragraph ends any list
            continue
        if items and _follows(items[-1].marker, marker.group(1)):
            depth = items[-1].depth
        elif listed:
            indent = len(listed.group(1))
            depth = indent + (1 if under_bare_paragraph and indent == 0 else 0)
        else:
            depth = 0
        if depth == 0:
            under_bare_paragraph = not listed
        items.append(Item(marker.group(1), depth, _squeeze(body)))
    return items


def _ordinal(marker: str) -> tuple[str, int]:
    """A marker's numbering family and its place in it: ("n)", 3) for 3), ("circled", 2) for ②, ("a.", 1) for a."""
    if marker.endswith(")"):
        return "n)", int(marker[:-1])
    if marker.endswith("."):
        return "a.", ord(marker[0]) - ord("a") + 1
    return "circled", ord(marker) - ord("①") + 1


def _follows(previous: str, marker: str) -> bool:
    (family, place), (previous_family, previous_place) = _ordinal(marker), _ordinal(previous)
    return family == previous_family and place == previous_place + 1


class ListItems(HTMLParser):
    """The <li> elements inside <article>: their own text (without nested lists, nor a reading note's marker, which
    is the site's: build_tools/cite_hook.py) and their nesting depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[int, list[str]]] = []
        self._open: list[int] = []  # indices into items of the <li> elements enclosing the current position
        self._in_article = False
        self._marker = 0  # depth inside a reading note's marker (<span class="errata-marker">), or 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._marker and tag == "span":
            self._marker += 1
        elif tag == "span" and "errata-marker" in (dict(attrs).get("class") or "").split():
            self._marker = 1
        if tag == "article":
            self._in_article = True
        elif self._in_article and tag == "li":
            self.items.append((len(self._open), []))
            self._open.append(len(self.items) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self._marker and tag == "span":
            self._marker -= 1
        if tag == "article":
            self._in_article = False
        elif tag == "li" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and not self._marker:
            self.items[self._open[-1]][1].append(data)


def page_items(path: Path) -> list[Item]:
    parser = ListItems()
    parser.feed(path.read_text(encoding="utf-8"))
    out = []
    for depth, parts in parser.items:
        text = _squeeze("".join(parts))
        marker = MARKER.match(text)
        out.append(Item(marker.group(1) if marker else "", depth, text))
    return out


def test_the_source_gives_every_item_a_depth() -> None:
    """The derivation itself: the source's lists are two deep, outer items are 1)…, inner ones ①… or a.…"""
    items = source_items()
    assert len(items) > 130
    assert {item.depth for item in items} == {0, 1}
    assert all(item.marker.endswith(")") for item in items if item.depth == 0)
    assert all(not item.marker.endswith(")") for item in items if item.depth == 1)
    # Appendix 4, 7.1.2: a., b., c. stand beside ①–⑤, not under ③ (issue 11).
    assert [i.depth for i in items if i.marker in {"a.", "b.", "c."}] == [1, 1, 1]


@pytest.mark.usefixtures("site")
def test_every_source_item_is_a_list_item_at_its_depth() -> None:
    on_pages = [item for md in SPEC_PAGES for item in page_items(built_page("zh", md))]
    wrong = []
    for item in source_items():
        found = [p for p in on_pages if p.text == item.text]
        if not found:
            wrong.append((item.text[:20], "not a list item"))
        elif all(p.depth != item.depth for p in found):
            wrong.append((item.text[:20], f"depth {found[0].depth}, source {item.depth}"))
    assert not wrong


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("md", SPEC_PAGES)
def test_the_english_lists_have_the_chinese_structure(md: str) -> None:
    def shape(lang: str) -> list[tuple[str, int]]:
        return [(i.marker, i.depth) for i in page_items(built_page(lang, md))]

    assert shape("en") == shape("zh")
