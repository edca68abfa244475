"""Where each clause lives on the published site, so results can link every step to its clause.

One mapping from a clause citation — as ``scoring/rules.toml`` and the trace write them — to the place on the
specification pages (or the reading notes) that it names, and to its wording in each language: :func:`cite`.
The trace (its tags and ``href``\\s), the calculator (which links the engine's ``href``\\s as they are) and the
report and the command line's text (which write the citation's words) all take it from here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .messages import names
from .rules import Names

# Anchor prefix → page (relative to a language's root). The ids are the site's stable clause ids.
_PAGES = (
    ("clause-1", "spec/chapter-1/"),
    ("clause-2", "spec/chapter-2/"),
    ("clause-3", "spec/chapter-3/"),
    ("clause-4", "spec/chapter-4/"),
    ("clause-5", "spec/chapter-5/"),
    ("appendix-1", "spec/appendix-1/"),
    ("appendix-2", "spec/appendix-2/"),
    ("appendix-3", "spec/appendix-3/"),
    ("appendix-4", "spec/appendix-4/"),
    ("a1-", "spec/appendix-1/"),
    ("a2-", "spec/appendix-2/"),
    ("a3-", "spec/appendix-3/"),
    ("a4-", "spec/appendix-4/"),
)

# Editorial anchors of the reading notes (ids e1 … e16 on notes/reading-notes/).
_NOTES = {
    "notes-5-3-profiles": "e1",
    "notes-rounding": "e4",
    "notes-grade-bands": "e5",
    "notes-alpha": "e6",
    "notes-numbering": "e7",
}

# The reading notes a trace cites, by the anchor key above, in the words of each language.
_NOTE_CITATIONS = {
    # What no clause says: the site's reading, cited as such (never as the clause it reads).
    "notes-rounding": names("cite_rounding"),
    "notes-alpha": names("cite_alpha"),
}


@functools.cache  # a trace links every rater's step to the same few anchors
def href(anchor: str) -> str:
    """``clause-5-1-2`` → ``spec/chapter-5/#clause-5-1-2`` (relative to the language root of the site)."""
    if anchor in _NOTES:
        return f"notes/reading-notes/#{_NOTES[anchor]}"
    for prefix, page in _PAGES:
        if anchor == prefix or anchor.startswith(prefix if prefix.endswith("-") else prefix + "-"):
            return f"{page}#{anchor}"
    raise ValueError(f"no page holds anchor {anchor!r}")


def note_name(anchor: str) -> str:
    """``notes-5-3-profiles`` → ``E1``: a reading note as the notes page numbers it (for outputs without links)."""
    return _NOTES[anchor].upper()


# --- clause citations ----------------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨"

# The citations of the rules file and of the trace, from the most precise place the site has an id for:
#   5.1.2 · 5.3 table row 3 (a clause, and words beyond its number: the clause's id)
#   appendix 1 · appendix 1, 1.2 (a row of its table) · appendix 3 2) (a note under it) · appendix 3 3) ⑤ (an item
#   of a note; "appendix 3, note 3) ⑤" is read alike)
_CLAUSE = re.compile(r"(?P<number>[1-9](?:\.[1-9][0-9]*)*)(?P<rest>(?:[ ,;].*)?)")
_APPENDIX = re.compile(
    r"appendix (?P<appendix>[1-4])"
    r"(?:, (?P<row>[1-9](?:\.[1-9])?)"
    r"|,? (?:note )?(?P<note>[1-9])\)(?: (?P<item>[①-⑨]))?)?"
)


@dataclass(frozen=True)
class Ref:
    """A clause as a reader of each language cites it, and the id of the place on the site that it names."""

    names: Names
    anchor: str

    @property
    def href(self) -> str:
        """The place on the site, relative to a language's root: ``spec/appendix-3/#a3-note-3-5``."""
        return href(self.anchor)

    def qualified(self, what: Names) -> Ref:
        """The same place, its citation followed by ``what`` in parentheses: ``5.3（最终判定（正文））``."""
        return Ref(Names(f"{self.names.zh}（{what.zh}）", f"{self.names.en} ({what.en})"), self.anchor)


@functools.cache
def cite(citation: str) -> Ref:
    """A citation of the rules file or of the trace → its words in each language and its place on the site.

    ``5.1.1`` → 5.1.1, ``#clause-5-1-1``; ``appendix 3 3) ⑤`` → 附录 3 说明 3) ⑤ / appendix 3, note 3) ⑤,
    ``#a3-note-3-5``; ``notes-rounding`` → the reading note on rounding. Raises ``ValueError`` for anything else.
    """
    if citation in _NOTE_CITATIONS:
        return Ref(_NOTE_CITATIONS[citation], citation)
    clause = _CLAUSE.fullmatch(citation)
    if clause and clause["number"].partition(".")[0] in "12345":  # a chapter of the specification
        return Ref(Names(citation, citation), "clause-" + clause["number"].replace(".", "-"))
    appendix = _APPENDIX.fullmatch(citation)
    if appendix is None:
        raise ValueError(f"not a clause citation: {citation!r}")
    n, row, note, item = appendix["appendix"], appendix["row"], appendix["note"], appendix["item"]
    if row:
        return Ref(names("cite_appendix_row", appendix=n, row=row), f"a{n}-{row.replace('.', '-')}")
    if note:
        mark = f" {item}" if item else ""
        anchor = f"a{n}-note-{note}" + (f"-{_CIRCLED.index(item) + 1}" if item else "")
        return Ref(names("cite_appendix_note", appendix=n, note=note, mark=mark), anchor)
    return Ref(names("cite_appendix", appendix=n), f"appendix-{n}")
