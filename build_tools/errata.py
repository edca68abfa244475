"""The reading notes at the clauses they concern (issue 22, point 5): one source, the notes' summary table.

The summary table of ``docs/<lang>/notes/reading-notes.md`` (一览 / Summary, ``#summary``) names, for each note
E1 … E37, its positions in the column 位置 / Where. Every link of that column to an anchor of a specification
page (``../spec/chapter-5.md#clause-5-3``, ``../index.md#cover``) is one *pair* (note, clause); text without a link
is no pair: 全文 / Throughout (E11, E15) concerns the whole text, and no clause gets a marker for it. Nothing else
holds the pairs: the spec pages' markers, the notes page's "位置" lines (both written by
``build_tools/cite_hook.py``), the side-by-side pages and the edition's JSON all read them from here.

API (standard library only, no MkDocs; for the lead's side-by-side pages and JSON as for the hook):

* ``notes(lang) -> tuple[Note, ...]``: every note of the table, in order: number ``"E1"``, anchor ``"e1"``, its title
  (the note's heading without the number) and its positions (``Position(page, anchor)``, ``page`` a path under
  ``docs/<lang>/`` such as ``"spec/chapter-5.md"``).
* ``notes_by_clause(lang) -> dict[str, list[NoteRef]]``: clause id (``"clause-5-3"``, ``"a4-2-1"``) → the notes
  that concern it, in the table's order. Clause ids are unique across the site's pages.
* ``marker_html(refs, lang, href_prefix, clause="") -> str``: the marker put at the end of a clause, an inline
  ``<span class="errata-marker" data-clause="clause-5-3" data-pagefind-ignore>`` (``clause``, optional, names the
  clause; wrap the marker in a ``<p class="errata">`` between blocks):
  "阅读说明：E1、E2" / "Reading notes: E1, E2", each number a link to ``href_prefix + "#e1"``, named by the note's
  number and title. ``href_prefix`` is the notes page's URL relative to the page showing the marker, e.g.
  ``"../../notes/reading-notes/"`` from ``spec/chapter-5/``.
* ``WORDS[lang]``: the words of the marker and of the notes page's list of clauses.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES_PAGE = "notes/reading-notes.md"

WORDS = {
    "zh": {
        "marker": "阅读说明：",  # before the numbers, at the end of a clause
        "marker_one": "阅读说明：",
        "separator": "、",
        "name": "阅读说明 {number}：{title}",  # a marker link's accessible name and tooltip
        "clauses": "位置：",  # under each note's heading on the notes page (the summary table's column)
    },
    "en": {
        "marker": "Reading notes: ",
        "marker_one": "Reading note: ",
        "separator": ", ",
        "name": "Reading note {number}: {title}",
        "clauses": "Where: ",
    },
}


@dataclass(frozen=True)
class Position:
    page: str  # a page's path under docs/<lang>/, e.g. "spec/chapter-5.md"
    anchor: str  # an id on that page, e.g. "clause-5-3"


@dataclass(frozen=True)
class NoteRef:
    number: str  # "E1"
    anchor: str  # "e1", its heading's id on the notes page
    title: str  # the heading without its number


@dataclass(frozen=True)
class Note:
    ref: NoteRef
    positions: tuple[Position, ...]


ROW = re.compile(r"^\|\s*\[(E\d+)\]\(#(e\d+)\)\s*\|([^|]*)\|", re.MULTILINE)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s#]*)#([\w-]+)\)")
HEADING = re.compile(r"^###\s+(E\d+)\s*(?:　|—|-)?\s*(.*?)\s*\{#(e\d+)\}\s*$", re.MULTILINE)


def _source(lang: str) -> str:
    return (ROOT / "docs" / lang / NOTES_PAGE).read_text(encoding="utf-8")


def _summary(text: str) -> str:
    """The summary section: from its heading ``{#summary}`` to the next ``##`` heading."""
    start = text.index("{#summary}")
    end = text.find("\n## ", start)
    return text[start : end if end >= 0 else len(text)]


def _plain(markdown: str) -> str:
    """A heading's Markdown as text: links and code marks gone."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("`", "")


@cache
def notes(lang: str) -> tuple[Note, ...]:
    text = _source(lang)
    titles = {m[3]: _plain(m[2]) for m in HEADING.finditer(text)}
    found = []
    for row in ROW.finditer(_summary(text)):
        number, anchor, where = row[1], row[2], row[3]
        positions = []
        for link in LINK.finditer(where):
            page = posixpath.normpath(posixpath.join(posixpath.dirname(NOTES_PAGE), link[1]))
            position = Position(page, link[2])
            if position not in positions:
                positions.append(position)
        found.append(Note(NoteRef(number, anchor, titles.get(anchor, "")), tuple(positions)))
    return tuple(found)


def notes_by_clause(lang: str) -> dict[str, list[NoteRef]]:
    by_clause: dict[str, list[NoteRef]] = {}
    for note in notes(lang):
        for position in note.positions:
            by_clause.setdefault(position.anchor, []).append(note.ref)
    return by_clause


def pairs(lang: str) -> list[tuple[str, Position]]:
    """(note number, position) for every linked position of the summary table, in the table's order."""
    return [(note.ref.number, position) for note in notes(lang) for position in note.positions]


def marker_html(refs: list[NoteRef], lang: str, href_prefix: str, clause: str = "") -> str:
    words = WORDS[lang]
    links = []
    for ref in refs:
        name = html.escape(words["name"].format(number=ref.number, title=ref.title), quote=True)
        href = html.escape(f"{href_prefix}#{ref.anchor}", quote=True)
        links.append(f'<a href="{href}" aria-label="{name}" title="{name}">{ref.number}</a>')
    lead = words["marker" if len(refs) > 1 else "marker_one"]
    clause_attr = f' data-clause="{html.escape(clause, quote=True)}"' if clause else ""
    return (
        f'<span class="errata-marker"{clause_attr} data-pagefind-ignore>'
        f'<span class="errata-lead">{html.escape(lead)}</span>'
        f"{words['separator'].join(links)}</span>"
    )
