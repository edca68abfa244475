"""One table of the program's refusals and notices (scoring/messages.py, issue 21 point 1): every message the
program shows is in it, in both languages, read by the code, and keeping the one-word rule of the vocabulary."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from scoring import messages
from scoring.errors import ValidationError
from scoring.messages import MESSAGES, message, names, said
from scoring.rules import Names
from tests.site.terms import one_word_violations

SCORING = Path(messages.__file__).parent
SOURCES = {path.name: path.read_text(encoding="utf-8") for path in sorted(SCORING.glob("*.py"))}
CODE = "\n".join(text for name, text in SOURCES.items() if name != "messages.py")
# A value put in (a count's English, {count:item|items}, is English grammar, not a value of its own).
PLACEHOLDER = re.compile(r"\{(\w+)\}")
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# Messages whose two languages fill different values, and why.
OWN_PLACEHOLDERS = {
    # The Chinese counts raters from 1 (第 2 位测评人); the English names the list's index (raters[1]) only.
    "duplicate_rater_id": {"number"},
    # argparse's English names the type of the refused value (invalid int value); the Chinese does not.
    "usage_value": {"kind"},
}

# Messages whose English quotes Chinese that a sheet may hold.
CHINESE_IN_ENGLISH = {"organization_column_needed", "not_a_conformity"}

# Chinese in scoring/*.py outside the two tables (and docstrings): what the program reads, not what it says.
READ_NOT_SAID = {
    # a rater sheet's header cells and conformity cells as a Chinese spreadsheet may write them (scoring.sheets)
    ("sheets.py", "测评人"),
    ("sheets.py", "测评人编号"),
    ("sheets.py", "评价人"),
    ("sheets.py", "评价人编号"),
    ("sheets.py", "组织"),
    ("sheets.py", "组织名称"),
    ("sheets.py", "符合性审查"),
    ("sheets.py", "管理要求符合性审查"),
    ("sheets.py", "是"),
    ("sheets.py", "否"),
    ("sheets.py", "通过"),
    ("sheets.py", "未通过"),
    # the digits as Chinese numerals (三星级, 三级), indexed by number
    ("certification.py", "〇一二三四五六七八九"),
}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_is_used_by_the_program(key: str) -> None:
    assert f'"{key}"' in CODE


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert zh == zh.strip() or key == "report_where"  # a piece that a path or problem follows
    assert not IDEOGRAPH.search(en) or key in CHINESE_IN_ENGLISH, "Chinese in the English"
    zh_names, en_names = set(PLACEHOLDER.findall(zh)), set(PLACEHOLDER.findall(en))
    assert zh_names ^ en_names == OWN_PLACEHOLDERS.get(key, set())


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """The string constants of a module, its docstrings (module, class, function) left out."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_chinese_is_written_outside_the_tables() -> None:
    """Every Chinese word the program shows is in scoring/words.py or scoring/messages.py: no other module of
    scoring/ has a string with a Chinese character in it (punctuation joins such as “、” and “；” are code, and the
    cells a sheet may hold are listed in READ_NOT_SAID)."""
    found = {
        (name, node.value)
        for name, text in SOURCES.items()
        if name not in {"words.py", "messages.py"}
        for node in _strings(ast.parse(text))
        if IDEOGRAPH.search(node.value)
    }
    assert found == READ_NOT_SAID


# Messages whose English may use one of the seven words of the one-word rule without its Chinese term, and why.
ONE_WORD_EXCEPTIONS = {
    # 一级 … 五级 of appendix 3 note 3) are "grade 1 … grade 5" (VOCAB.md).
    "grade_name": "a management grade's name",
    # "decimal point" (小数点) is not the unit "points".
    "decimal_comma": "a decimal point",
    "too_many_cells": "a decimal point",
    # the operating system's own English (strerror), never shown beside this Chinese
    "os_links": "levels of symbolic links",
}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_keeps_the_one_word_rule(key: str) -> None:
    """ "level", "grade", "score", "points", "evaluation", "review", "criteria" each stand for one Chinese term in
    every message (tests/site/terms.py; /work/wt/VOCAB.md), as in every word (tests/site/test_page_words.py); a
    placeholder is read as a number."""
    zh, en = (re.sub(r"\{[^{}]*\}", "1", text) for text in MESSAGES[key])
    assert (one_word_violations(zh, en) == []) != (key in ONE_WORD_EXCEPTIONS)


def test_a_message_is_filled_in_each_language() -> None:
    listed = Names(zh="“1.1”、“1.2”", en='"1.1", "1.2"')
    assert said("missing_items", count=2, listed=listed) == (
        'missing service items "1.1", "1.2"',
        "缺少服务指标 “1.1”、“1.2”",
    )
    assert said("missing_items", count=1, listed=Names(zh="“7”", en='"7"'))[0] == 'missing service item "7"'
    assert message("cli_error", "zh", problem="x") == "错误：x"
    assert names("grade_name", grade=Names(zh="三", en="3")) == Names(zh="三级", en="grade 3")
    # a value holding a placeholder's braces is put in as it is, never filled in again
    assert said("not_text", value="{value}") == ("{value} is not text", "{value} 不是文本")
    error = ValidationError("organization", *said("too_long", limit=80))
    assert (error.text("en"), error.text("zh")) == (
        "organization: longer than 80 characters",
        "organization：超过 80 个字符",
    )
