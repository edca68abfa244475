"""A built page as a small element tree (standard library's parser), for tests that need where an element sits."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .pages import VOID


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    order: int  # place of its start tag in the document
    children: list[Node] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # its own text and its descendants'

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None, 0)
        self.open = [self.root]
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        node = Node(tag, {k: v or "" for k, v in attrs}, self.open[-1], self.count)
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        if any(n.tag == tag for n in self.open[1:]):
            while self.open.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        for node in self.open:
            node.texts.append(data)


def tree(path: Path) -> Node:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def article(path: Path) -> Node:
    found = tree(path).find_all("article")
    assert len(found) == 1, path
    return found[0]


def resolve(page_url: str, href: str) -> tuple[str, str]:
    """A relative link on the page at ``page_url`` (``spec/chapter-5/``) → (site path, fragment)."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_url, path)) if path else page_url.rstrip("/")
    return ("" if target == "." else target), fragment
