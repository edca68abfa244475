"""One form of a rater in every output (issue 20, point 11): named as the calculator's form names them (测评人 1,
测评人 2 · R2; words.js ``rater``), and their score written one way — exactly, with at least the service score's two
decimals (96.40, never 96.4 in one place and 96.40 in another)."""

from __future__ import annotations

import json
import re

import pytest

from scoring import evaluate, evaluation_from_obj
from scoring.browser import diagnose_document, evaluate_document, export_csv, forget_form, grade_form
from scoring.diagnostics import diagnose, diagnostics_to_obj
from scoring.engine import result_to_obj
from scoring.exports import evaluation_csv
from scoring.report import render_report
from scoring.rules import Lang
from scoring.text import render_diagnostics_text, render_text
from tests.builders import document, rater_scoring

# Rater 1 unnamed at 96.4, rater 2 "R2" at 70 (flagged by the diagnostics: 26.4 points from the other), rater 3 at
# 96.375 (more than two decimals: written in full).
DOC = document([rater_scoring("96.4"), rater_scoring("70", "R2"), rater_scoring("96.375")], 116)
RESULT = evaluate(evaluation_from_obj(DOC))
NUMBERED = re.compile(r"#\d+(?!\w)")  # the old "#1" (not a colour such as #1a237e)
SHORT_SCORE = re.compile(r"(?<![\d.])(96\.4|70)(?![\d])")  # a rater's score without its padding


def outputs(lang: Lang) -> dict[str, str]:
    diagnostics = diagnose(RESULT.service, RESULT.rules.service)
    text = json.dumps(evaluate_document(json.dumps(DOC)), ensure_ascii=False)
    forget_form()
    update = {"since": 0, "document": {"management": DOC["management"]}, "count": 3, "window": [0, 3]}
    update["changed"] = {str(k): r for k, r in enumerate(DOC["service"]["raters"])}
    return {
        "text": render_text(RESULT, lang) + render_diagnostics_text(diagnostics, lang),
        "report": render_report(RESULT, lang, "2026-01-02"),
        "csv": evaluation_csv(RESULT, lang),
        "json": json.dumps([result_to_obj(RESULT), diagnostics_to_obj(diagnostics)], ensure_ascii=False),
        "browser": text + evaluate_document(json.dumps(DOC), compact=True) + diagnose_document(json.dumps(DOC)),
        "browser csv": export_csv(json.dumps(DOC), lang),
        "session": grade_form(json.dumps(update)),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_writes_a_raters_score_one_way(lang: Lang) -> None:
    for name, out in outputs(lang).items():
        assert "96.40" in out and "70.00" in out and "96.375" in out, name
        assert not SHORT_SCORE.search(out.replace("96.40", "").replace("70.00", "")), name


@pytest.mark.parametrize(("lang", "word"), [("zh", "测评人"), ("en", "Rater")])
def test_every_output_names_a_rater_as_the_form_does(lang: Lang, word: str) -> None:
    found = outputs(lang)
    for name in ("text", "report"):
        assert f"{word} 1：" in found[name] or f"{word} 1:" in found[name], name
        assert f"{word} 2 · R2" in found[name], name
        assert not NUMBERED.search(found[name]) and f"{word} R2" not in found[name], name
    trace = [step[lang] for step in result_to_obj(RESULT)["trace"][:3]]
    assert [t.split("：" if lang == "zh" else ":")[0] for t in trace] == [f"{word} 1", f"{word} 2 · R2", f"{word} 3"]
    assert f"{word},1,,,,,96.40" in found["csv"] and f"{word},2,R2,,,,70.00" in found["csv"]
    assert not NUMBERED.search(found["csv"])
