"""Citations and reading notes at the clause (issue 22, points 3 and 5): a MkDocs hook and the functions behind it.

On the specification pages (``site_hooks.SPEC_PAGES``) and on every page under ``parallel/`` (the side-by-side
view), each numbered clause, table row and table title gets, after its "¶", two buttons: copy the permanent link,
copy a citation in the page's language. What they copy and say is written here, in Python, once (``CITE``); the
page's script, ``docs/assets/cite/cite.js``, only copies it and announces it in the page's one status region. The
buttons are ``hidden`` until that script runs, so a page without scripts shows no dead controls.

Each clause that a reading note concerns (``build_tools/errata.py``: the pairs of the notes' summary table) gets a
marker at the end of its own text — after its paragraphs, lists and tables, before its first sub-clause — linking
the notes; the notes page gets, under each note's heading, the list of the clauses it concerns (the table's own
cell). Both are out of the search index (``data-pagefind-ignore``) and of print.

Functions for the side-by-side pages (the lead's ``build_tools/parallel*.py``), all on an HTML fragment:

* ``label(ident, lang)``, ``citation(ident, lang)``: "5.3", "附录4 5.3", "5.2.5表" …; the full citation.
* ``add_controls(html, lang)``: the two buttons after every clause's "¶" (and at the end of table titles).
* ``add_markers(html, lang, href_prefix)``: the reading notes' markers at the end of each clause found by id
  (``href_prefix``: the notes page's URL relative to the page, e.g. ``"../../notes/reading-notes/"``). On the
  side-by-side pages this hook adds the buttons only; their markers are the lead's, from
  ``errata.notes_by_clause`` and ``errata.marker_html``.
* ``status_html(lang)``: the one status region a page with buttons needs (once, anywhere in the content).
"""

from __future__ import annotations

import html as htmllib
import re
import tomllib
from collections.abc import Collection
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from build_tools import errata
from build_tools.edition import VOID, relative_url
from build_tools.site_hooks import CLAUSE_ID, NOTE_ID, SPEC_PAGES

ROOT = Path(__file__).resolve().parent.parent

# The words of the citations and of the buttons. {n}: a clause's number ("5.3"); {a}: an appendix's number;
# {label}: a clause's label made by the first formats; the citation's own fields come from scoring/rules.toml.
CITE: dict[str, dict[str, str]] = {
    "zh": {
        "chapter": "第{n}章",
        "clause": "{n}",
        "appendix": "附录{a}",
        "appendix_chapter": "附录{a} 第{n}章",
        "appendix_clause": "附录{a} {n}",
        "table": "{n}表",
        "citation": "{issuer}《{title}》{document}，{label}",
        "copy_link": "复制{label}的永久链接",
        "copy_citation": "复制{label}的引用",
        "copied_link": "已复制{label}的永久链接",
        "copied_citation": "已复制{label}的引用",
        "failed": "无法复制，请选中后手动复制：",
    },
    "en": {
        "chapter": "chapter {n}",
        "clause": "clause {n}",
        "appendix": "appendix {a}",
        "appendix_chapter": "appendix {a}, chapter {n}",
        "appendix_clause": "appendix {a}, {n}",
        "table": "table of clause {n}",
        "citation": "{document}, {label} ({issuer})",
        "copy_link": "Copy the permanent link to {label}",
        "copy_citation": "Copy a citation of {label}",
        "copied_link": "Permanent link to {label} copied",
        "copied_citation": "Citation of {label} copied",
        "failed": "Could not copy; select it and copy it yourself: ",
    },
}

TABLE_ID = re.compile(r"^table-([0-9][0-9-]*)$")


@cache
def _scheme() -> dict[str, str]:
    with (ROOT / "scoring" / "rules.toml").open("rb") as file:
        scheme: dict[str, str] = tomllib.load(file)["scheme"]
    return scheme


def label(ident: str, lang: str) -> str | None:
    """A clause's, row's or table's number as the citation writes it, or None for an id that is no clause."""
    words = CITE[lang]
    if table := TABLE_ID.match(ident):
        return words["table"].format(n=table[1].replace("-", "."))
    if not CLAUSE_ID.match(ident) or NOTE_ID.match(ident):
        return None
    kind, _, digits = ident.partition("-")
    number = digits.replace("-", ".")
    if kind == "clause":
        return words["chapter" if "." not in number else "clause"].format(n=number)
    if kind == "appendix":
        return words["appendix"].format(a=number)
    # a1-1-1 … a4-5-3: a row of appendix 1, 2 or 3, a clause of appendix 4; a4-5 is appendix 4's chapter 5.
    appendix = kind[1:]
    if kind == "a4" and "." not in number:
        return words["appendix_chapter"].format(a=appendix, n=number)
    return words["appendix_clause"].format(a=appendix, n=number)


def citation(ident: str, lang: str) -> str:
    scheme = _scheme()
    found = label(ident, lang)
    assert found is not None, ident
    return CITE[lang]["citation"].format(
        issuer=scheme[f"issuer_{lang}"],
        title=scheme[f"title_{lang}"],
        document=f"{scheme['id']} {scheme['version']}",
        label=found,
    )


def _attr(value: str) -> str:
    return htmllib.escape(value, quote=True)


def controls_html(ident: str, lang: str) -> str:
    words = CITE[lang]
    name = label(ident, lang)
    assert name is not None, ident
    buttons = []
    for kind, copy in (("link", f"#{ident}"), ("citation", citation(ident, lang))):
        title = words[f"copy_{kind}"].format(label=name)
        buttons.append(
            f'<button type="button" class="cite-{kind}" data-cite="{kind}" data-cite-copy="{_attr(copy)}" '
            f'data-cite-done="{_attr(words[f"copied_{kind}"].format(label=name))}" '
            f'aria-label="{_attr(title)}" title="{_attr(title)}"></button>'
        )
    return f'<span class="cite" data-pagefind-ignore hidden>{"".join(buttons)}</span>'


def status_html(lang: str) -> str:
    failed = _attr(CITE[lang]["failed"])
    return f'<div class="cite-status" role="status" data-cite-failed="{failed}" data-pagefind-ignore></div>'


# The "¶" of a clause, a heading or a table row (site_hooks.py and toc write them); a table's title.
PERMALINK = re.compile(r'<a class="headerlink"[^>]*?href="#([\w-]+)"[^>]*>[^<]*</a>')
TABLE_TITLE = re.compile(r'(<p class="table-title" id="(table-[0-9-]+)">.*?)(</p>)', re.DOTALL)


def add_controls(html: str, lang: str) -> str:
    def after_permalink(m: re.Match[str]) -> str:
        return m[0] + controls_html(m[1], lang) if label(m[1], lang) else m[0]

    html = PERMALINK.sub(after_permalink, html)
    return TABLE_TITLE.sub(lambda m: m[1] + controls_html(m[2], lang) + m[3], html)


# --- Markers at the end of a clause -------------------------------------------------------------------------

HEADING = re.compile(r"^h[1-6]$")


class _Element:
    def __init__(self, tag: str, ident: str, start: int, parent: _Element | None) -> None:
        self.tag, self.ident, self.start, self.parent = tag, ident, start, parent
        self.end = -1  # offset of the end tag ("</p>"), or of the end of the text
        self.children: list[_Element] = []


class _Tree(HTMLParser):
    """Elements with their offsets in the fragment, enough to find where a clause's own text ends."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.root = _Element("", "", 0, None)
        self.root.end = len(text)
        self.open = [self.root]
        self.by_id: dict[str, _Element] = {}
        self.feed(text)
        self.close()
        for element in self.open[1:]:
            element.end = len(text)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        element = _Element(tag, ident, self._offset(), self.open[-1])
        self.open[-1].children.append(element)
        if ident:
            self.by_id.setdefault(ident, element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if not any(e.tag == tag for e in self.open[1:]):
            return
        while len(self.open) > 1:
            element = self.open.pop()
            element.end = self._offset()
            if element.tag == tag:
                break


def _is_boundary(element: _Element) -> bool:
    return bool(HEADING.match(element.tag)) or bool(element.ident and CLAUSE_ID.match(element.ident))


def _marker_place(element: _Element) -> tuple[int, bool]:
    """Where a clause's own text ends: (offset, inline). A list item or table cell ends before its nested list or
    its end tag (the marker goes inside it); any other clause, after the siblings that follow it up to the next
    heading or clause (its paragraphs, lists, tables, notes), a block of its own."""
    if element.tag in ("li", "td", "th"):
        nested = next((c.start for c in element.children if c.tag in ("ul", "ol")), element.end)
        return nested, True
    parent = element.parent
    assert parent is not None
    siblings = parent.children[parent.children.index(element) + 1 :]
    after = next((s.start for s in siblings if _is_boundary(s)), parent.end)
    return after, False


def add_markers(html: str, lang: str, href_prefix: str, skip: Collection[str] = ()) -> str:
    """The reading notes' markers at the clauses of ``html`` they concern, but for the clauses in ``skip`` (the
    side-by-side pages place those of their rows' clauses themselves)."""
    by_clause = errata.notes_by_clause(lang)
    tree = _Tree(html)
    inserts: list[tuple[int, int, str]] = []
    for order, (ident, refs) in enumerate(by_clause.items()):
        element = tree.by_id.get(ident)
        if element is None or ident in skip:
            continue
        offset, inline = _marker_place(element)
        marker = errata.marker_html(refs, lang, href_prefix, ident)
        inserts.append((offset, order, marker if inline else f'<p class="errata">{marker}</p>\n'))
    for offset, _, text in sorted(inserts, key=lambda i: (-i[0], -i[1])):
        html = html[:offset] + text + html[offset:]
    return html


# --- The notes page: each note lists its clauses ------------------------------------------------------------

SUMMARY_ROW = re.compile(r'<tr>\s*<td[^>]*><a href="#(e\d+)">E\d+</a></td>\s*<td[^>]*>(.*?)</td>', re.DOTALL)


def list_clauses(html: str, lang: str) -> str:
    """Under each note's heading, the positions that the summary table gives it (the table's cell, as it is)."""
    cells = dict(SUMMARY_ROW.findall(html))
    lead = htmllib.escape(errata.WORDS[lang]["clauses"])

    def under(m: re.Match[str]) -> str:
        cell = cells.get(m[1])
        if cell is None:
            return m[0]
        return f'{m[0]}\n<p class="note-clauses" data-pagefind-ignore>{lead}{cell.strip()}</p>'

    return re.sub(r'<h3 id="(e\d+)">.*?</h3>', under, html, flags=re.DOTALL)


# --- MkDocs event -------------------------------------------------------------------------------------------


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    lang = str(config.theme["language"])
    src = page.file.src_uri
    if src == errata.NOTES_PAGE:
        return list_clauses(html, lang)
    if src not in SPEC_PAGES and not src.startswith("parallel/"):
        return html
    notes = files.get_file_from_path(errata.NOTES_PAGE)
    if notes is not None and src in SPEC_PAGES:  # the side-by-side pages place their markers themselves
        html = add_markers(html, lang, relative_url(notes.url, page.url))
    controlled = add_controls(html, lang)
    if controlled == html:
        return html
    page.meta["cite"] = True  # overrides/main.html loads the buttons' script on this page only
    return controlled + status_html(lang)
