"""Reading built HTML pages with the standard library's parser: ids, references, article text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes through which a page makes the browser fetch or navigate somewhere.
URL_ATTRS = {"href", "src", "srcset", "action", "data", "poster", "content"}


class Page(HTMLParser):
    """One parsed page. `text` is the text of <article> without permalinks (¶), as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.text_parts: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, inside <article>, inside a permalink)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        for key, value in values.items():
            if key in URL_ATTRS and (key != "content" or (tag == "meta" and "url=" in value.lower())):
                self.refs.append((tag, key, value))
        in_article, skipped = self._stack[-1][1:] if self._stack else (False, False)
        in_article = in_article or tag == "article"
        skipped = skipped or "headerlink" in values.get("class", "").split()
        if tag not in VOID:
            self._stack.append((tag, in_article, skipped))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1][1] and not self._stack[-1][2]:
            self.text_parts.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page
