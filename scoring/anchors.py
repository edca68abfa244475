"""Where each clause lives on the published site, so results can link every step to its clause."""

from __future__ import annotations

import functools

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
