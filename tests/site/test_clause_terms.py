"""Clause by clause, one word for one term (issue 21, point 2): the specification pages read as a bilingual
reviewer reads them.

Each specification page of each language is split into its clauses by id (tests/site/terms.py), and each clause's
English is held to its Chinese: every glossary term of the Chinese has its English, every glossary rendering of the
English has its Chinese, and "level", "grade", "score", "points", "evaluation", "review", "criteria" each stand for
one Chinese term (VOCAB.md). What the rules cannot see is listed in ``EXCEPTIONS``, each with its reason; an
exception that nothing needs any more is an error too, so the list stays as short as the pages allow.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from .conftest import SPEC_PAGES, built_page
from .terms import ONE_WORD, TERMS, clause_blocks, one_word_violations, term_mismatches, vocabulary_findings

# (page, block key (a regular expression, matched whole), the finding (its start), why it is right).
EXCEPTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "spec/chapter-2.md",
        "clause-2",
        "评价: no “evaluation”",
        "GB/T 19580-2012 卓越绩效评价准则 is cited by its own English title, “Criteria for performance excellence”",
    ),
    (
        "spec/chapter-5.md",
        "clause-5-1-2",
        "“score”",
        "5.1.2's 测评分 (the rating score of 5.1.1's 测评得分, written short; reading note E11) is “rating score”",
    ),
    (
        "spec/chapter-5.md",
        "clause-5-1-2",
        "“scores”: no 得分",
        "the same 测评分 of 5.1.2 in the plural: “the mean of the rating scores per person or per occasion”",
    ),
    (
        "spec/chapter-5.md",
        "clause-5-3",
        "“grade”",
        "the 5.3 table's 二级及以上 is “grade 2 or above”, the site's reading of it (VOCAB.md; reading note E3)",
    ),
    (
        "spec/appendix-2.md",
        "a2-1-1",
        "“level”",
        "the fragment 在这一级 (“at this level”) stands in the grid of 成熟度等级, the maturity levels",
    ),
    (
        "spec/appendix-3.md",
        "appendix-3",
        "“level”",
        "the columns 一级 to 五级 under 成熟度分值 are the maturity levels (成熟度水平) of note 1)",
    ),
    (
        "spec/appendix-3.md",
        r"a3-note-3-[1-5]",
        "“grade”",
        "the items ① to ⑤ of note 3) give the grades (一级 to 五级) of the 管理要求分级 that note 3) introduces",
    ),
)

# The editorial notes of a specification page (not the translation's own notes) may use the glossary's short forms.
NOTE = re.compile(r"note-\d+")


@cache
def page_findings(md: str) -> tuple[tuple[str, str], ...]:
    """(block key, finding) for every block of the page, exceptions included."""
    zh, en = clause_blocks(built_page("zh", md)), clause_blocks(built_page("en", md))
    assert zh.keys() == en.keys(), md
    return tuple(
        (key, finding)
        for key in zh
        for finding in vocabulary_findings(zh[key], en[key], short=bool(NOTE.fullmatch(key)))
    )


def excused(md: str, key: str, finding: str) -> bool:
    return any(
        md == page and re.fullmatch(block, key) and finding.startswith(start) for page, block, start, _ in EXCEPTIONS
    )


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("md", SPEC_PAGES)
def test_each_clause_has_the_terms_of_its_chinese(md: str) -> None:
    problems = [f"{key}: {finding}" for key, finding in page_findings(md) if not excused(md, key, finding)]
    assert not problems


@pytest.mark.usefixtures("site")
def test_the_pages_split_into_the_same_clauses() -> None:
    """The blocks pair up: the same clause ids and the same editorial notes in both languages."""
    total = 0
    for md in SPEC_PAGES:
        zh, en = clause_blocks(built_page("zh", md)), clause_blocks(built_page("en", md))
        assert zh.keys() == en.keys(), md
        assert all(zh[k] and en[k] for k in zh if k), md  # no empty clause
        total += len(zh)
    assert total > 140
    chapter_5 = clause_blocks(built_page("en", "spec/chapter-5.md"))
    assert chapter_5["clause-5-3"].startswith("5.3 Certification result")
    assert "Translation" not in chapter_5[""] and "Translator" not in chapter_5["clause-5-3"]
    assert chapter_5["note-1"].startswith("Editorial note")


@pytest.mark.usefixtures("site")
def test_every_exception_is_needed() -> None:
    unused = [
        (page, block, start)
        for page, block, start, _ in EXCEPTIONS
        if not any(re.fullmatch(block, key) and finding.startswith(start) for key, finding in page_findings(page))
    ]
    assert not unused
    assert len(EXCEPTIONS) <= 12 and all(len(reason) > 40 for *_, reason in EXCEPTIONS)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("服务认证结果的排序，通常从低至高，分为 3 个等级", "results are ranked from low to high in 3 levels"),
        ("4. 评价标准", "4. Evaluation criteria"),
        ("5.1. 服务特性测评", "5.1. Service characteristic evaluation"),
        ("平均得分", "Mean points"),
        ("认证级别", "Certification level"),
        ("特定要求 基本水平", "Specific requirements Basic level"),
        ("组织应针对其相关职能和层次建立目标", "objectives at its relevant functions and levels"),
        ("服务管理审查", "service management review"),
        ("将各条成熟度得分累加后，得出管理成熟度总分", "the maturity points are added up to give the total"),
    ],
)
def test_the_checker_catches_the_known_bad_cases(zh: str, en: str) -> None:
    assert one_word_violations(zh, en) or term_mismatches(zh, en)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        (
            "服务认证结果的排序，通常从低至高，分为 3 个等级",
            "service certification results are ranked, low to high, in 3 classes",
        ),
        ("4. 评价标准", "4. Evaluation standards"),
        ("5.1. 服务特性测评", "5.1. Service characteristic rating"),
        ("平均得分", "Mean score"),
        ("五星级：≥95分", "Five stars: ≥ 95 points"),
        ("根据附件4对成熟度水平进行逐一评价", "The maturity level is evaluated clause by clause"),
        ("管理评审的输出", "The outputs of the management review"),
        ("确定为确保服务提供所需的准则和方法", "determine the criteria and methods needed"),
        ("服务标准制定导则", "Development of service standards"),
    ],
)
def test_the_checker_passes_the_right_renderings(zh: str, en: str) -> None:
    assert not one_word_violations(zh, en)
    assert not term_mismatches(zh, en)


def test_the_one_word_rule_names_the_word_and_its_term() -> None:
    assert one_word_violations("分为 3 个等级", "in 3 levels") == ["“level”: no 水平|成熟度等级 in the Chinese"]
    assert one_word_violations("二级及以上", "Grade 2 or above") == ["“grade”: no 分级 in the Chinese"]
    assert one_word_violations("测评得分", "evaluation score")[0].startswith("“evaluation”")
    assert one_word_violations("评价标准", "Evaluation criteria") == ["“criteria”: no 准则 in the Chinese"]
    assert one_word_violations("平均得分", "mean points")[0].startswith("“points”")
    # "point" inside "five-point", "rating" inside "operating": not the words
    assert not one_word_violations("李克特 5 点式量表", "a five-point Likert scale")
    assert not term_mismatches("运行准则", "operating criteria")


def test_the_glossary_itself_keeps_the_one_word_rule() -> None:
    """Each term's renderings use the seven words only for the Chinese they stand for (the data the checks use)."""
    problems = [
        f"{term['zh']}: {finding}"
        for term in TERMS
        for rendering in (term["en"], term.get("short_en", ""), *term.get("forms_en", []))
        for finding in one_word_violations(term["zh"], rendering)
    ]
    assert not problems
    words = {word for term in TERMS for word in ONE_WORD if word in term["en"] or word in term.get("short_en", "")}
    assert words == set(ONE_WORD)  # each of the seven words is some term's rendering
