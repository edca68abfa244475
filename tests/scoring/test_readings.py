"""The two readings of 5.3 (issue 20, point 4): when the profiles give different stars for the same data, the
result, the text output and the report say so — each reading's stars and what its next star would take — and name
the reading note (E1) that explains them; when they agree, nothing is added."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from scoring import evaluate, evaluation_from_obj
from scoring.browser import evaluate_document
from scoring.engine import EvaluationResult, result_to_obj
from scoring.report import render_report, verify_report
from scoring.rules import Lang
from scoring.schema import result_schema
from scoring.text import render_text
from tests.builders import document, rater_scoring

# 92.00 and grade 5 (total 116): the text (final) asks 95 for five stars, the table's rows (table) 90.
DIFFER = document([rater_scoring("92")], 116)
# 96.00 and grade 5: five stars by either reading.
AGREE = document([rater_scoring("96")], 116)
# 70.00 and grade 2 (total 60): not certified by the text (80 for three stars), three stars by the table's rows (60).
NONE_AND_THREE = document([rater_scoring("70")], 60, profile="table")


def _graded(doc: dict[str, Any]) -> EvaluationResult:
    return evaluate(evaluation_from_obj(doc))


def test_a_document_the_readings_disagree_on_says_so_with_each_next_star() -> None:
    out = result_to_obj(_graded(DIFFER))
    readings = out["certification"]["readings"]
    assert (readings["zh"], readings["en"]) == (
        "按正文：★★★★；按表格各行：★★★★★",
        "by the text: ★★★★; by the table's rows: ★★★★★",
    )
    final, table = readings["profiles"]
    assert (final["profile"], final["stars"], table["profile"], table["stars"]) == ("final", 4, "table", 5)
    assert final["next_star"] == out["certification"]["next_star"]  # the chosen profile's, as the result states it
    assert final["next"] == {
        "zh": "达到五星级需：服务特性测评得分提高 3.00 分",
        "en": "For 5 stars: a service score 3.00 higher",
    }
    assert table["next_star"] is None and table["next"]["en"] == "Five stars is the top of the scale"
    assert readings["href"] == "notes/reading-notes/#e1" and "E1" in readings["note"]["zh"]
    jsonschema.validate(out, result_schema())


def test_not_certified_by_one_reading_is_said_in_words() -> None:
    out = result_to_obj(_graded(NONE_AND_THREE))
    assert out["certification"]["stars"] == 3
    readings = out["certification"]["readings"]
    assert readings["zh"] == "按正文：不予认证；按表格各行：★★★"
    assert readings["en"] == "by the text: not certified; by the table's rows: ★★★"
    assert readings["profiles"][0]["next"]["en"] == "For 3 stars: a service score 10.00 higher"
    jsonschema.validate(out, result_schema())


@pytest.mark.parametrize(
    "doc",
    [AGREE, document([rater_scoring("92")], 116, conformity_passed=False)],
    ids=["five stars both", "conformity failed: not certified both"],
)
def test_readings_that_agree_add_nothing(doc: dict[str, Any]) -> None:
    result = _graded(doc)
    assert not result.readings_differ
    assert "readings" not in result_to_obj(result)["certification"]
    for lang in ("zh", "en"):
        assert "★" not in render_text(result, lang) and "E1" not in render_text(result, lang)
        assert "tbsc55-readings" not in render_report(result, lang, "2026-01-02")


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "zh",
            [
                "5.3 的两种解读结果不同：按正文：★★★★；按表格各行：★★★★★",
                "  · 按正文（final）：达到五星级需：服务特性测评得分提高 3.00 分",
                "  · 按表格各行（table）：五星级为最高星级",
            ],
        ),
        (
            "en",
            [
                "The two readings of 5.3 differ: by the text: ★★★★; by the table's rows: ★★★★★",
                "  · by the text (final): For 5 stars: a service score 3.00 higher",
                "  · by the table's rows (table): Five stars is the top of the scale",
            ],
        ),
    ],
)
def test_the_text_output_says_it_under_the_result(lang: Lang, lines: list[str]) -> None:
    text = render_text(_graded(DIFFER), lang).splitlines()
    at = text.index(lines[0])
    assert text[at : at + 3] == lines
    assert "E1" in text[at + 3]
    assert text.index(lines[0]) < next(i for i, line in enumerate(text) if line.startswith(("计算步骤", "Step by")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_says_it_and_verifies(lang: Lang) -> None:
    html = render_report(_graded(DIFFER), lang, "2026-01-02")
    zh = lang == "zh"
    sentence = "按正文：★★★★；按表格各行：★★★★★" if zh else "by the text: ★★★★; by the table&#x27;s rows: ★★★★★"
    assert f'<p id="tbsc55-readings">{sentence}</p>' in html
    assert ("达到五星级需：服务特性测评得分提高 3.00 分" if zh else "For 5 stars: a service score 3.00 higher") in html
    assert "E1" in html
    assert verify_report(html).ok
    tampered = html.replace("★★★★★", "★★★★", 1)
    assert not verify_report(tampered).ok


def test_the_calculator_answer_carries_it() -> None:
    answer = json.loads(evaluate_document(json.dumps(DIFFER), compact=True))
    assert answer["result"]["certification"]["readings"]["en"] == "by the text: ★★★★; by the table's rows: ★★★★★"
    agreed = json.loads(evaluate_document(json.dumps(AGREE), compact=True))
    assert "readings" not in agreed["result"]["certification"]
