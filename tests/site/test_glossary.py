"""One term, one rendering (issue 11, point 2): the English pages and the scoring program's words follow
scoring/glossary.toml.

* Pages: where a Chinese page uses a term, the English page of the same path uses its rendering (the spec pages its
  full rendering; the editorial pages may use the glossary's one short form instead).
* Program strings: every pair of Chinese and English strings written together in scoring/ (``("…", "…")``,
  ``Names(zh=…, en=…)``, ``name_zh``/``name_en`` in rules.toml) is held to the same rule: the calculator's words
  among them (scoring/words.py's PAGE_WORDS, which the page reads through the generated words.data.js).
* A rejected rendering is used nowhere, unless the Chinese beside it has another term rendered that way
  (服务标准 is "service standards" in chapter 2; 服务规范 never is). Rejected Chinese words are not used by the site's
  own Chinese (program strings; editorial pages outside quotations of the source, which are marked by “”).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.glossary_hook import Term, load_terms

from .conftest import ROOT, SPEC_PAGES, built_page
from .pages import parse
from .terms import clause_blocks, one_word_violations, vocabulary_findings

TERMS = load_terms()
DOCS = ROOT / "docs"
EDITORIAL_PAGES = tuple(
    sorted(
        str(p.relative_to(DOCS / "zh"))
        for p in (DOCS / "zh").rglob("*.md")
        if str(p.relative_to(DOCS / "zh")) not in {*SPEC_PAGES, "glossary.md", "print.md"}
    )
)
CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def _uses(zh: str, term: Term) -> bool:
    """``zh`` uses the term itself, not only as part of a longer term (总分 in 总分值 is not 总分)."""
    text, own = _squeeze(zh), _squeeze(term["zh"])
    for longer in sorted((_squeeze(t["zh"]) for t in TERMS), key=len, reverse=True):
        if own in longer and own != longer:
            text = text.replace(longer, "|")
    return own in text


def _renderings(term: Term, short: bool) -> list[str]:
    """The rendering, its short form where allowed, and their plurals (nonconformity, nonconformities)."""
    forms = [term["en"], *([term["short_en"]] if short and "short_en" in term else [])]
    plurals = [*(f[:-1] + "ies" for f in forms if f.endswith("y")), *(f + "s" for f in forms)]
    return [*forms, *plurals, *term.get("forms_en", [])]


def missing_renderings(zh: str, en: str, short: bool) -> list[str]:
    """The terms that ``zh`` uses and ``en`` does not render."""
    text = _words(en)
    return [t["zh"] for t in TERMS if _uses(zh, t) and not any(r.lower() in text for r in _renderings(t, short))]


def rejected_renderings(zh: str, en: str) -> list[str]:
    """The rejected renderings in ``en`` that no other term used by ``zh`` accounts for."""
    text = _words(en)
    found = []
    for term in TERMS:
        for rejected in term.get("reject_en", []):
            if rejected.lower() not in text:
                continue
            excused = any(
                _uses(zh, other) and rejected.lower() in other["en"].lower() for other in TERMS if other is not term
            )
            if not excused:
                found.append(f"{rejected} (for {term['zh']})")
    return found


def rejected_chinese(zh: str) -> list[str]:
    unquoted = QUOTED.sub("", zh)
    return [word for term in TERMS for word in term.get("reject_zh", []) if word in unquoted]


# --- the data file ------------------------------------------------------------------------------------------


def test_the_glossary_gives_one_rendering_per_term() -> None:
    chinese = [t["zh"] for t in TERMS]
    assert len(chinese) == len(set(chinese)) > 30
    for term in TERMS:
        assert term["en"] and not CJK.search(term["en"])
        assert term["en"].lower() not in (r.lower() for r in term.get("reject_en", []))
        assert term.get("where"), term["zh"]


def test_a_rejected_rendering_is_caught() -> None:
    """The checks themselves, on the cases named in issue 11."""
    assert rejected_renderings("用实际得分除以应得分的百分数表示", "the actual score over the due score")
    assert missing_renderings("管理评审", "management examination", short=False) == ["管理评审"]
    assert missing_renderings("服务管理审查", "service management review", short=False) == ["服务管理审查"]
    assert rejected_renderings("服务管理审查", "service management review")
    assert missing_renderings("二级及以上", "Level 2 or above", short=False) == []  # 级 alone is not a term …
    assert rejected_renderings("二级及以上", "Level 2 or above")  # … but "level 2 or above" is rejected
    assert not rejected_renderings("服务标准制定导则", "Development of service standards")
    assert rejected_renderings("7. 服务规范/8分", "7. Service standards/8 points")
    assert rejected_chinese("评价人 1") and not rejected_chinese("原文写“评价人”")


# --- the pages ----------------------------------------------------------------------------------------------


# The changelog lists translation fixes as “old words” → “new words”: its quotations may hold rejected renderings.
QUOTING_PAGES = frozenset({"changelog.md"})


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("md", [*SPEC_PAGES, *EDITORIAL_PAGES])
def test_the_english_page_uses_the_glossary(md: str) -> None:
    """The specification pages are held to the glossary clause by clause (test_clause_terms.py), here to its
    rejected renderings; the editorial pages page by page (the changelog outside its quotations)."""
    zh, en = parse(built_page("zh", md)).text, parse(built_page("en", md)).text
    en = en.replace("record.evaluators", " ")  # the document's field name (issue 23), as FIELD_NAMES below
    if md not in SPEC_PAGES:
        assert not missing_renderings(zh, en, short=True)
    assert not rejected_renderings(zh, QUOTED.sub(" ", en) if md in QUOTING_PAGES else en)


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("md", EDITORIAL_PAGES)
def test_the_chinese_editorial_page_uses_the_glossary(md: str) -> None:
    assert not rejected_chinese(parse(built_page("zh", md)).text)


# --- the program's strings ----------------------------------------------------------------------------------


def _literal(node: ast.expr) -> str | None:
    """A string constant or the literal parts of an f-string; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def python_pairs(path: Path) -> Iterator[tuple[str, str]]:
    """(zh, en) strings written side by side: 2-tuples, Names(zh, en) and keyword pairs zh=…, en=…."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        candidates: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            candidates.append((node.elts[0], node.elts[1]))
        if isinstance(node, ast.Call):
            keywords = {k.arg: k.value for k in node.keywords}
            if "zh" in keywords and "en" in keywords:
                candidates.append((keywords["zh"], keywords["en"]))
            if len(node.args) == 2 and getattr(node.func, "id", "") == "Names":
                candidates.append((node.args[0], node.args[1]))
        for zh_node, en_node in candidates:
            zh, en = _literal(zh_node), _literal(en_node)
            if zh is not None and en is not None and CJK.search(zh) and not CJK.search(en):
                yield zh, en


def toml_pairs(value: object) -> Iterator[tuple[str, str]]:
    """``x_zh`` / ``x_en`` pairs anywhere in rules.toml."""
    if isinstance(value, dict):
        for key, zh in value.items():
            en = value.get(key.removesuffix("_zh") + "_en") if key.endswith("_zh") else None
            if isinstance(zh, str) and isinstance(en, str):
                yield zh, en
            yield from toml_pairs(zh)
    elif isinstance(value, list):
        for item in value:
            yield from toml_pairs(item)


def program_pairs() -> list[tuple[str, str]]:
    pairs = [pair for path in sorted((ROOT / "scoring").glob("*.py")) for pair in python_pairs(path)]
    pairs += toml_pairs(tomllib.loads((ROOT / "scoring" / "rules.toml").read_text(encoding="utf-8")))
    return pairs


def test_the_program_has_strings_to_check() -> None:
    """Each source of strings is read: the CLI's text output, the report, the trace, rules.toml, the calculator."""
    pairs = program_pairs()
    assert len(pairs) > 150
    for pair in (
        ("管理要求符合性审查", "Conformity examination"),  # scoring/text.py
        ("测评人得分", "Rater score"),  # scoring/report.py
        ("职责和权限", "Responsibilities and authorities"),  # rules.toml
        ("管理要求分级", "Management grade"),  # words.py, read by the CLI, the report and the calculator
    ):
        assert pair in pairs
    assert any("实际得分" in zh and "actual score" in en for zh, en in pairs)  # the trace (engine.py)


def test_the_program_uses_the_glossary() -> None:
    problems = []
    for zh, en in program_pairs():
        problems += [(zh, en, f"no rendering of {t}") for t in missing_renderings(zh, en, short=True)]
        problems += [(zh, en, r) for r in rejected_renderings(zh, en)]
        problems += [(zh, en, f"not {w}") for w in rejected_chinese(zh)]
    assert not problems


# Field names of the evaluation document that issue 23 fixed (``record.evaluators``): names a program reads, not words
# a reader is shown (the record's label says "Evaluation team", 评价组成员).
# "record.evaluators[" begins an f-string's path; "record.evaluators[{index}]" is the form model's path format.
FIELD_NAMES = re.compile(r"^(?:record\.)?evaluators(?:\[(?:\{index\}\])?)?$")


def test_no_string_of_the_program_uses_a_rejected_rendering() -> None:
    """English-only strings too (CLI messages, errors): every string literal of scoring/ but docstrings and the
    document's field names."""
    found = []
    for path in sorted((ROOT / "scoring").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if FIELD_NAMES.match(node.value):
                    continue
                found += [f"{path.name}:{node.lineno}: {r}" for r in rejected_renderings("", node.value)]
    assert not found


# --- the editorial pages, section by section (issue 21) -------------------------------------------------------

# Each section of the notes, the guides and the calculator page, its Chinese and its English side by side, is held
# to the glossary both ways — each term of the Chinese has its English, each rendering of the English its Chinese
# term (short forms allowed) — and to the one-word rule: "level", "grade", "score", "points", "evaluation", "review"
# and "criteria" each stand for one Chinese term (tests/site/terms.py's vocabulary_findings). (The home page's notes
# are held clause by clause with the specification, test_clause_terms.py; the changelog quotes the words it
# replaced.)
EDITORIAL_SECTION_PAGES = ("notes/reading-notes.md", "guides/applicants.md", "guides/auditors.md", "calculator.md")
HEADING_ID = re.compile(r'<h[2-4][^>]*\sid="([^"]+)"')
# English that holds one of the seven words without meaning it.
FALSE_FRIENDS = re.compile(r"\b(?:decimal|floating)[ -]point\b", re.IGNORECASE)
_STEP_1 = "quotes 5.1.2's 测评分 (the rating score of 5.1.1's 测评得分, written short), rendered as the spec page does"
# (page, section id, how the finding starts, why the text is right there).
SECTION_EXCEPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("guides/applicants.md", "step-1", "“score”", _STEP_1),
    ("guides/applicants.md", "step-1", "“scores”", _STEP_1),
)


def section_blocks(lang: str, md: str) -> dict[str, str]:
    """Heading id (h2 to h4; "" before the first) or "note-N" → the text of that section, <code> left out."""
    page = built_page(lang, md)
    ids = HEADING_ID.findall(page.read_text(encoding="utf-8"))
    starts = re.compile("^(?:" + "|".join(map(re.escape, ids)) + ")$" if ids else "(?!)")
    return clause_blocks(page, starts, code=False)


def section_findings(md: str) -> list[tuple[str, str]]:
    zh, en = section_blocks("zh", md), section_blocks("en", md)
    assert zh.keys() == en.keys(), md
    return [(key, f) for key in zh for f in vocabulary_findings(zh[key], FALSE_FRIENDS.sub(" ", en[key]), short=True)]


def _excused(md: str, key: str, finding: str) -> bool:
    return any(md == p and key == k and finding.startswith(start) for p, k, start, _ in SECTION_EXCEPTIONS)


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("md", EDITORIAL_SECTION_PAGES)
def test_each_section_of_an_editorial_page_keeps_the_glossary_and_the_one_word_rule(md: str) -> None:
    problems = [f"{key or '(top)'}: {f}" for key, f in section_findings(md) if not _excused(md, key, f)]
    assert not problems


@pytest.mark.usefixtures("site")
def test_the_editorial_sections_split_and_every_exception_is_needed() -> None:
    notes = section_blocks("en", "notes/reading-notes.md")
    assert {"e1", "e37", "summary"} <= notes.keys() and "service.score" not in notes["e4"] + notes["e28"]
    assert "certification.stars" not in notes["e28"]  # <code> is left out
    unused = [
        (page, block, start)
        for page, block, start, _ in SECTION_EXCEPTIONS
        if not any(key == block and f.startswith(start) for key, f in section_findings(page))
    ]
    assert not unused
    assert all(len(why) > 40 for *_, why in SECTION_EXCEPTIONS)


def test_a_false_friend_hides_only_itself() -> None:
    assert not one_word_violations("小数点", FALSE_FRIENDS.sub(" ", "a decimal point, not binary floating-point"))
    assert one_word_violations("小数点", FALSE_FRIENDS.sub(" ", "a decimal point and 5 points"))
    assert one_word_violations("小数点", FALSE_FRIENDS.sub(" ", "the point of a decimal"))
