"""One table of the outputs' words (scoring/words.py): the text of ``evaluate`` and ``diff``, the report, the CSV
tables, the charts and the diagnostics read it, so that a term has one spelling in each language everywhere, and
that spelling is the glossary's (scoring/glossary.toml)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from scoring import browser, words
from scoring.diagnostics import diagnose
from scoring.diff import compare
from scoring.document import evaluation_from_obj
from scoring.engine import EvaluationResult, evaluate
from scoring.exports import comparison_csv, evaluation_csv
from scoring.report import render_report
from scoring.rules import Lang, load_rules
from scoring.text import MAX_LISTED_RATERS, render_diagnostics_text, render_diff_text, render_text
from scoring.words import WORDS, word
from tests.builders import document, observed, rater, rater_scoring

SCORING = Path(words.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
TERMS: list[dict[str, Any]] = tomllib.loads((SCORING / "glossary.toml").read_text(encoding="utf-8"))["term"]
LANGS: tuple[Lang, Lang] = ("zh", "en")
ITEM_IDS = [item.id for item in load_rules().service.items]


def _evaluated(doc: dict[str, Any]) -> EvaluationResult:
    return evaluate(evaluation_from_obj(doc))


ONE = document(organization="示例组织")
# More flagged raters than the text lists (half at α 0, half at α 1: each is 50 points from the others' mean).
SPLIT = document(
    [rater("0") for _ in range(MAX_LISTED_RATERS + 1)] + [rater("1") for _ in range(MAX_LISTED_RATERS + 1)],
    80,
    conformity_passed=False,
)
FOUR = document([rater_scoring("100", "R1"), rater_scoring("90"), rater_scoring("79.98")], 100)
# Scores that alone would reach five stars, the examination not passed; a management grade below every star.
FAILED = document([rater("1")], 100, conformity_passed=False)
LOW_GRADE = document([rater("1")], 40)


def every_output(lang: Lang) -> dict[str, str]:
    """Every output that prints words, of results that between them reach every branch that prints one."""
    outputs: dict[str, str] = {}
    one, split, four, failed, low = (_evaluated(d) for d in (ONE, SPLIT, FOUR, FAILED, LOW_GRADE))
    for name, result in (("one", one), ("split", split), ("four", four), ("failed", failed), ("low", low)):
        diagnostics = render_diagnostics_text(diagnose(result.service, result.rules.service), lang)
        outputs[f"text {name}"] = render_text(result, lang) + diagnostics
        outputs[f"report {name}"] = render_report(result, lang, "2026-01-02")
        outputs[f"csv {name}"] = evaluation_csv(result, lang)
    noted, renoted = _evaluated(observed(ONE)), _evaluated(observed(ONE, "changed"))
    outputs["text observed"] = render_text(noted, lang)
    outputs["report observed"] = render_report(noted, lang, "2026-01-02")
    outputs["csv observed"] = evaluation_csv(noted, lang)
    pairs = (
        ("same", (one, one)),
        ("different", (one, four)),
        ("observed", (noted, noted)),
        ("renoted", (noted, renoted)),
    )
    for name, (a, b) in pairs:
        outputs[f"diff text {name}"] = render_diff_text(compare(a, b), lang)
        outputs[f"diff csv {name}"] = comparison_csv(compare(a, b), lang)
    # The calculator's form model and a rater sheet's refusals (row, and row and column) name things too.
    outputs["form model"] = browser.form_model()
    header = "测评人," + ",".join(ITEM_IDS) + "\n"
    for row in ("R1," + ",".join(["2"] * len(ITEM_IDS)), "R1," + ",".join(["0.5"] * (len(ITEM_IDS) + 2))):
        outputs[f"sheet {row}"] = browser.import_sheets(f"{header}{row}\n".encode(), "r.csv")
    return outputs


class _Recorded(dict[str, tuple[str, str]]):
    """The table, noting every key looked up."""

    def __init__(self, table: dict[str, tuple[str, str]]) -> None:
        super().__init__(table)
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> tuple[str, str]:
        self.used.add(key)
        return super().__getitem__(key)


def test_every_word_of_the_table_is_used_by_an_output_and_every_output_reads_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A word missing from the table is a KeyError when an output is made; a word no output uses is dead."""
    recorded = _Recorded(WORDS)
    monkeypatch.setattr(words, "WORDS", recorded)
    for lang in LANGS:
        every_output(lang)
    assert recorded.used == set(WORDS)


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_word_is_there_in_both_languages(key: str) -> None:
    zh, en = WORDS[key]
    assert zh.strip() == zh and en.strip() == en and zh and en
    assert not CJK.search(en)
    assert CJK.search(zh) or zh == en  # only symbols (A, B) are the same in both
    assert sorted(PLACEHOLDER.findall(zh)) == sorted(PLACEHOLDER.findall(en))


def test_one_term_has_one_spelling_in_each_language() -> None:
    """No Chinese word has two English spellings in the table, nor an English word two Chinese ones."""
    english_of: dict[str, set[str]] = {}
    chinese_of: dict[str, set[str]] = {}
    for zh, en in WORDS.values():
        english_of.setdefault(zh, set()).add(en)
        chinese_of.setdefault(en.lower(), set()).add(zh)
    assert {zh: en for zh, en in english_of.items() if len(en) > 1} == {}
    assert {en: zh for en, zh in chinese_of.items() if len(zh) > 1} == {}


def test_a_word_that_is_a_glossary_term_is_spelled_as_the_glossary_spells_it() -> None:
    renderings = {t["zh"]: {t["en"].lower(), t.get("short_en", t["en"]).lower()} for t in TERMS}
    found = {key: (zh, en) for key, (zh, en) in WORDS.items() if zh in renderings}
    assert {"rater", "level", "grade", "conformity", "service_score", "total", "weight", "band"} <= found.keys()
    assert {key: (zh, en) for key, (zh, en) in found.items() if en.lower() not in renderings[zh]} == {}


def test_no_word_is_one_the_glossary_rejects() -> None:
    for zh, en in WORDS.values():
        for term in TERMS:
            assert not any(r.lower() in en.lower() for r in term.get("reject_en", [])), (en, term["zh"])
            assert not any(r in zh for r in term.get("reject_zh", [])), (zh, term["zh"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ["conformity", "grade", "total", "score", "item"])
def test_the_outputs_print_the_same_spelling(lang: Lang, key: str) -> None:
    """The terms every output prints appear, spelled as the table spells them, in the text, the report and the CSV."""
    outputs = every_output(lang)
    assert [name for name, text in outputs.items() if name.endswith("four") and word(key, lang) not in text] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_maturity_level_of_a_clause_is_one_word_in_every_output(lang: Lang) -> None:
    outputs = every_output(lang)
    level = word("level", lang)
    assert level in outputs["text four"] and f">{level}</th>" in outputs["report four"]
    assert level in outputs["diff csv different"]
    assert "成熟度</th>" not in outputs["report four"] and ">Level</th>" not in outputs["report four"]


OUTPUT_MODULES = ("text.py", "report.py", "exports.py", "charts.py", "diagnostics.py")


def _label_pairs(path: Path) -> list[tuple[str, str]]:
    """(Chinese, English) string pairs written as 2-tuples: the shape every label table had."""

    def text(node: ast.expr) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    pairs = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            zh, en = text(node.elts[0]), text(node.elts[1])
            if zh is not None and en is not None and CJK.search(zh) and not CJK.search(en):
                pairs.append((zh, en))
    return pairs


@pytest.mark.parametrize("module", OUTPUT_MODULES)
def test_no_output_keeps_a_label_table_of_its_own(module: str) -> None:
    assert _label_pairs(SCORING / module) == []


def test_the_check_for_label_tables_finds_one() -> None:
    assert ("认证结果", "Certification result") in _label_pairs(SCORING / "words.py")
