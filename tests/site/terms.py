"""One word, one term, clause by clause (issue 21, point 2): checks reusable on any (Chinese, English) pair.

* ``term_mismatches(zh, en)``: each glossary term (scoring/glossary.toml) that the Chinese uses has its English in
  the English, and each glossary rendering that the English uses has its Chinese term in the Chinese.
* ``one_word_violations(zh, en)``: "level", "grade", "score", "points", "evaluation", "review" and "criteria" each
  stand for one Chinese term (/work/wt/VOCAB.md's table, ``ONE_WORD`` here): the English uses the word only where
  the Chinese has that term.
* ``vocabulary_findings(zh, en, short)``: both.
* ``clause_blocks(path)``: a built specification page split into its clauses by id (the ids of tests/site/
  test_ids.py), the editorial notes as blocks of their own and the translation's own notes left out, so that the
  two languages' blocks pair by key.

The functions take plain text, so that the same checks run over notes, guides, the program's words and the
calculator page. Each returns a list of findings, one line each, empty when all is well.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from build_tools.glossary_hook import Term, load_terms

TERMS = load_terms()
CLAUSE_ID = re.compile(r"^(?:clause|appendix|a[1-4]|table)-(?:note-)?[0-9][0-9-]*$")

# The seven words of the one-word rule: English forms (a regular expression, matched as whole words, case
# ignored) → the Chinese they stand for (a regular expression). VOCAB.md's listed exception 成熟度等级 (appendix 2's
# grid heading, the same five levels) is part of "level"; 分 after a number is part of "points".
ONE_WORD: dict[str, tuple[str, str]] = {
    "level": (r"levels?", r"水平|成熟度等级"),
    "grade": (r"grades?|graded|grading", r"分级"),
    "score": (r"scores?|scored", r"得分"),
    "points": (r"points?", r"分值|[0-9０-９]\s*分(?![值数])"),
    "evaluation": (r"evaluat(?:e|es|ed|ing|ion|ions)", r"评价"),
    "review": (r"review(?:s|ed|ing)?", r"评审"),
    "criteria": (r"criteri(?:a|on)", r"准则"),
}
# Chinese that an English rendering may stand for besides its glossary terms: for the seven words, what the table
# above lets them stand for (成熟度等级 for "level", 分 after a number for "points").
EXTRA_ZH = {form: chinese for word, (_, chinese) in ONE_WORD.items() for form in (word, word + "s")}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _english(text: str) -> str:
    """Lower case, one space between words, typographic apostrophes as ASCII."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).lower()


def _word(form: str) -> re.Pattern[str]:
    """``form`` as a whole word or phrase ("rating" is not in "operating", nor "point" in "five-point")."""
    return re.compile(r"(?<![a-z0-9-])" + form + r"(?![a-z0-9-])")


def forms(term: Term, short: bool = True) -> list[str]:
    """The rendering, its short form (where allowed), other forms, and plurals (nonconformity, nonconformities)."""
    base = [term["en"], *([term["short_en"]] if short and "short_en" in term else [])]
    plurals = [_plural(f) for f in base]
    return [f.lower() for f in [*base, *plurals, *term.get("forms_en", [])]]


def _plural(form: str) -> str:
    """The plural of a rendering's last word (class → classes, nonconformity → nonconformities, stars stays)."""
    if form.endswith(("ss", "x", "ch", "sh")):
        return form + "es"
    if form.endswith("s"):
        return form
    if form.endswith("y") and not form.endswith(("ay", "ey", "oy")):
        return form[:-1] + "ies"
    return form + "s"


@cache
def _all_forms() -> tuple[tuple[str, str], ...]:
    """(form, Chinese term) for every form of every term, longest first."""
    pairs = {(f, t["zh"]) for t in TERMS for f in forms(t)}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def zh_uses(zh: str, term_zh: str) -> bool:
    """The Chinese uses the term itself, not only inside a longer term (总分 in 总分值 is not 总分)."""
    text, own = _squeeze(zh), _squeeze(term_zh)
    for longer in sorted((_squeeze(t["zh"]) for t in TERMS), key=len, reverse=True):
        if own in longer and own != longer:
            text = text.replace(longer, "|")
    return own in text


def en_uses(en: str, form: str) -> bool:
    """The English uses the form itself, not only inside a longer rendering ("level" in "maturity level")."""
    text = _english(en)
    for longer, _ in _all_forms():
        if longer != form and form in longer and _word(re.escape(form)).search(longer):
            text = _word(re.escape(longer)).sub(" | ", text)
    return bool(_word(re.escape(form)).search(text))


def term_mismatches(zh: str, en: str, short: bool = False) -> list[str]:
    """Glossary terms of one side without their counterpart on the other; ``short`` allows the short forms."""
    found = []
    for term in TERMS:
        if zh_uses(zh, term["zh"]) and not any(en_uses(en, f) for f in forms(term, short)):
            found.append(f"{term['zh']}: no “{term['en']}” in the English")
    squeezed = _squeeze(zh)
    for form, _ in _all_forms():
        if not en_uses(en, form):
            continue
        chinese = sorted({z for f, z in _all_forms() if f == form})
        extra = EXTRA_ZH.get(form)
        if not any(_squeeze(z) in squeezed for z in chinese) and not (extra and re.search(extra, zh)):
            found.append(f"“{form}”: no {'/'.join(chinese)} in the Chinese")
    return found


def one_word_violations(zh: str, en: str) -> list[str]:
    """The seven words used in the English where the Chinese has none of the terms they stand for."""
    text = _english(en)
    return [
        f"“{word}”: no {chinese} in the Chinese"
        for word, (english, chinese) in ONE_WORD.items()
        if _word(f"(?:{english})").search(text) and not re.search(chinese, zh)
    ]


def vocabulary_findings(zh: str, en: str, short: bool = False) -> list[str]:
    """Both checks on one pair: what a test over notes, guides or the program's words asserts empty."""
    return [*term_mismatches(zh, en, short), *one_word_violations(zh, en)]


# --- built pages, clause by clause --------------------------------------------------------------------------

# Notes of one language only: the English pages' notes on the translation, the Chinese cover's note on the site.
ONE_LANGUAGE_NOTES = ("Translation", "Translator's note", "关于本站")


# What the site adds to a clause, not its text: the permalink (¶), the citation buttons, the reading notes' marker.
APPARATUS = {"headerlink", "cite", "errata-marker"}


class Blocks(HTMLParser):
    """The text of <article>, in blocks: a new block at each clause id; each admonition is a block of its own
    ("note-1", "note-2", … in the page's order), but the notes of one language only are left out. With ``code``
    false, the text of <code> is left out too (field names such as ``service.score`` are the same in both
    languages and are not English words)."""

    def __init__(self, ids: re.Pattern[str] = CLAUSE_ID, code: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.ids = ids
        self.code = code
        self.blocks: dict[str, list[str]] = {"": []}
        self.current = ""
        self.notes = 0
        self._stack: list[str] = []  # open tags inside <article>
        self._skip = 0  # depth (in _stack) of a permalink, or 0
        self._note: tuple[int, str, list[str], list[str]] | None = None  # (depth, block before, title, text)
        self._title = 0  # depth of an admonition's title, or 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = values.get("class", "").split()
        if not self._stack and tag != "article":
            return
        if tag not in {"br", "hr", "img", "input", "wbr", "col"}:
            self._stack.append(tag)
        depth = len(self._stack)
        if APPARATUS & set(classes) and not self._skip:
            self._skip = depth
        if "admonition" in classes and self._note is None:
            self._note = (depth, self.current, [], [])
        if "admonition-title" in classes:
            self._title = depth
        ident = values.get("id", "")
        if self.ids.match(ident) and self._note is None:
            self.current = ident
            self.blocks.setdefault(ident, [])
        if tag in {"p", "li", "td", "th", "br", "div", "h1", "h2", "h3", "h4", "tr"}:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            depth = len(self._stack)
            popped = self._stack.pop()
            if self._skip == depth:
                self._skip = 0
            if self._title == depth:
                self._title = 0
            if self._note and self._note[0] == depth:
                _, _, title, text = self._note
                self._note = None
                if not "".join(title).strip().replace("’", "'").startswith(ONE_LANGUAGE_NOTES):
                    self.notes += 1
                    self.blocks[f"note-{self.notes}"] = text
            if popped == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.code and "code" in self._stack:
            return
        if self._stack and not self._skip:
            if self._title and self._note:
                self._note[2].append(data)
            self._text(data)

    def _text(self, data: str) -> None:
        if not self._stack:
            return
        if self._note is not None:
            self._note[3].append(data)
        else:
            self.blocks[self.current].append(data)


def clause_blocks(path: Path, ids: re.Pattern[str] = CLAUSE_ID, code: bool = True) -> dict[str, str]:
    """Block key ("" before the first clause id, a clause id, "note-N") → its text. ``ids``: the ids that start a
    block (another page's sections: the reading notes' ``e1``, ``e2``, … for instance); ``code``: whether the text
    of <code> counts."""
    parser = Blocks(ids, code)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return {key: re.sub(r"\s+", " ", "".join(parts)).strip() for key, parts in parser.blocks.items()}
