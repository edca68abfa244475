"""MkDocs hook: the glossary page of each language is generated from ``scoring/glossary.toml`` (issue 11).

``docs/{zh,en}/glossary.md`` hold the page's editorial introduction and a ``<!-- glossary -->`` marker; the table
that replaces the marker is made here from the data file, so the page cannot drift from the terms that the tests
hold the English pages and the grading program's strings to.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal, TypedDict

from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "scoring" / "glossary.toml"
MARKER = "<!-- glossary -->"
PAGE = "glossary.md"

Lang = Literal["zh", "en"]


class Term(TypedDict, total=False):
    """One [[term]] of glossary.toml (the fields are described at the top of that file)."""

    zh: str
    en: str
    short_en: str
    forms_en: list[str]
    where: list[str]
    reject_en: list[str]
    reject_zh: list[str]
    site: bool
    note_zh: str
    note_en: str


def load_terms(path: Path = GLOSSARY) -> list[Term]:
    terms: list[Term] = tomllib.loads(path.read_text(encoding="utf-8"))["term"]
    return terms


HEAD = {
    "zh": "| 中文 | 英文 | 出处 | 说明 |\n|---|---|---|---|",
    "en": "| Chinese | English | Where in the source | Note |\n|---|---|---|---|",
}
WORDS = {
    "zh": {"site": "本站用语", "short": "简称：", "reject": "不用："},
    "en": {"site": "the site's term", "short": "short form: ", "reject": "not: "},
}


def clause_link(where: str, lang: Lang) -> str:
    """Where-codes ("5.3", "ch. 2", "A4 6.3", "A3 note 3)", "A1 7") → the clause as the page names it, linked."""
    zh = lang == "zh"
    if m := re.fullmatch(r"ch\. (\d)", where):
        text, target = (f"第{m[1]}章" if zh else f"chapter {m[1]}"), f"spec/chapter-{m[1]}.md#clause-{m[1]}"
    elif m := re.fullmatch(r"(\d(?:\.\d+)+) table", where):
        text = f"{m[1]}表" if zh else f"{m[1]}, table"
        target = f"spec/chapter-{m[1][0]}.md#table-{m[1].replace('.', '-')}"
    elif m := re.fullmatch(r"(\d)(?:\.\d+)+", where):
        target = f"spec/chapter-{m[1]}.md#clause-{where.replace('.', '-')}"
        text = where
    elif m := re.fullmatch(r"A(\d)(?: (.+))?", where):
        n, rest = m[1], m[2]
        text = (f"附录{n}" if zh else f"appendix {n}") + (f" {rest.replace('note', '说明')}" if zh and rest else "")
        if rest and not zh:
            text += f", {rest}"
        target = f"spec/appendix-{n}.md#appendix-{n}"
        if rest and n == "4" and re.fullmatch(r"[\d.]+", rest):
            target = f"spec/appendix-4.md#a4-{rest.replace('.', '-')}"
        elif rest and n == "1" and re.fullmatch(r"\d", rest):
            target = f"spec/appendix-1.md#a1-{rest}"
    else:
        return where
    return f"[{text}]({target})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(terms: list[Term], lang: Lang) -> str:
    words = WORDS[lang]
    rows = [HEAD[lang]]
    sep = "、" if lang == "zh" else ", "
    for term in terms:
        chinese = term["zh"] + (f"（{words['site']}）" if lang == "zh" and term.get("site") else "")
        if lang == "en" and term.get("site"):
            chinese += f" ({words['site']})"
        english = f"**{term['en']}**"
        if "short_en" in term:
            english += f"<br>{words['short']}{term['short_en']}"
        if term.get("reject_en"):
            english += f"<br>{words['reject']}" + sep.join(f"*{r}*" for r in term["reject_en"])
        if lang == "zh" and term.get("reject_zh"):
            chinese += f"<br>{words['reject']}" + sep.join(f"“{r}”" for r in term["reject_zh"])
        where = sep.join(clause_link(w, lang) for w in term.get("where", []))
        note = str(term.get("note_zh" if lang == "zh" else "note_en", ""))
        rows.append("| " + " | ".join(_cell(c) for c in (chinese, english, where, note)) + " |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    lang: Lang = "zh" if config.theme["language"] == "zh" else "en"
    # Links in the table are relative to the glossary page, which sits at the root of docs_dir.
    return markdown.replace(MARKER, table(load_terms(), lang))
