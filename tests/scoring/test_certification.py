"""5.3: both sides of every threshold in both profiles, the conformity review, and the reasons."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from html import escape

import pytest

from scoring import evaluate, evaluation_from_obj
from scoring.certification import Reason, certify, reason_line, reasons_sentence
from scoring.report import render_report
from scoring.rules import Lang, Names, load_rules
from scoring.text import render_text
from tests.builders import document, rater_scoring

RULES = load_rules()

# (profile, service score, grade, stars): each minimum met exactly, and missed by the smallest step.
THRESHOLDS = [
    ("final", "95.00", 4, 5), ("final", "94.99", 4, 4), ("final", "100.00", 3, 4), ("final", "95.00", 5, 5),
    ("final", "90.00", 3, 4), ("final", "89.99", 3, 3), ("final", "94.99", 2, 3), ("final", "90.00", 2, 3),
    ("final", "80.00", 2, 3), ("final", "79.99", 2, 0), ("final", "100.00", 1, 0), ("final", "79.99", 5, 0),
    ("table", "90.00", 4, 5), ("table", "89.99", 4, 4), ("table", "100.00", 3, 4), ("table", "90.00", 5, 5),
    ("table", "80.00", 3, 4), ("table", "79.99", 3, 3), ("table", "89.99", 2, 3), ("table", "80.00", 2, 3),
    ("table", "60.00", 2, 3), ("table", "59.99", 2, 0), ("table", "100.00", 1, 0), ("table", "59.99", 5, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("profile", "score", "grade", "stars"),
    THRESHOLDS,
    ids=[f"{p}: {s} & grade {g} → {n}★" for p, s, g, n in THRESHOLDS],
)
def test_star_thresholds(profile: str, score: str, grade: int, stars: int) -> None:
    result = certify(Decimal(score), grade, True, RULES.certification.profile(profile), 2)
    assert result.stars == stars


# Totals at each grade's lower limit: 29 is the lowest possible (grade 1).
GRADE_TOTAL = {1: 29, 2: 45, 3: 70, 4: 95, 5: 105}


@pytest.mark.parametrize(
    ("profile", "score", "grade", "stars"),
    THRESHOLDS,
    ids=[f"end to end {p}: {s} & grade {g} → {n}★" for p, s, g, n in THRESHOLDS],
)
def test_star_thresholds_end_to_end(profile: str, score: str, grade: int, stars: int) -> None:
    doc = document([rater_scoring(score)], GRADE_TOTAL[grade], profile=profile)
    output = evaluate(evaluation_from_obj(doc))
    assert (output.service.score, output.management.grade.grade) == (Decimal(score), grade)
    assert output.certification.stars == stars


def test_default_profile_is_final() -> None:
    result = evaluate(evaluation_from_obj(document([rater_scoring("92")], 105)))
    assert (result.certification.profile.id, result.certification.stars) == ("final", 4)


def test_a_failed_conformity_review_means_not_certified_whatever_the_scores() -> None:
    result = evaluate(evaluation_from_obj(document([rater_scoring("100")], 145, conformity_passed=False)))
    assert result.certification.stars == 0
    assert result.certification.stars_by_scores == 5
    assert [r.code for r in result.certification.reasons][:2] == ["conformity_failed", "scores_alone"]


def test_reasons_say_which_minimum_failed_and_by_how_much() -> None:
    result = certify(Decimal("89.99"), 2, True, RULES.certification.profile("final"), 2)
    assert result.stars == 3
    assert result.next_level is not None and result.next_level.stars == 4
    assert [(s.kind, s.gap) for s in result.shortfalls] == [("service_score", Decimal("0.01")), ("grade", 1)]
    assert result.reasons[0].text.en == "Service score 89.99 is below the 90.00 that 4 stars need, short by 0.01"
    assert result.reasons[0].text.zh == "服务特性测评得分 89.99 分，低于四星级所需的 90.00 分，差 0.01 分"
    assert result.reasons[1].text.en == "Management grade 2 is below the grade 3 that 4 stars need, short by 1"


def test_not_certified_reasons_point_at_three_stars() -> None:
    result = certify(Decimal("70"), 1, True, RULES.certification.profile("final"), 2)
    assert (result.stars, result.next_level and result.next_level.stars) == (0, 3)
    assert [(s.kind, s.gap) for s in result.shortfalls] == [("service_score", Decimal(10)), ("grade", 1)]


def test_five_stars_says_it_is_the_top() -> None:
    result = certify(Decimal("99"), 5, True, RULES.certification.profile("final"), 2)
    assert result.next_level is None
    assert [r.code for r in result.reasons] == ["highest_level"]


# --- the reasons as the outputs write them ------------------------------------------------------------------------

FAILED = evaluate(evaluation_from_obj(document([rater_scoring("100")], 145, conformity_passed=False)))


def test_reasons_run_together_read_as_one_sentence() -> None:
    """After a semicolon an English reason goes on in lower case; the Chinese is joined with full-width marks."""
    reasons = FAILED.certification.reasons
    assert reasons_sentence(reasons, "en") == (
        "The management requirements conformity examination was not passed: not certified, whatever the scores "
        "(5.3: the management requirements conformity examination must be passed); the scores alone would reach "
        "5 stars; five stars is the top of the scale."
    )
    assert reasons_sentence(reasons, "zh") == (
        "未通过管理要求符合性审查：无论得分如何，均不予认证（5.3：必须通过管理要求符合性审查）；仅按得分可达五星级；"
        "五星级为最高星级。"
    )


GRID = list(
    itertools.product(
        RULES.certification.profile_ids,
        ["59.99", "60.00", "79.99", "80.00", "89.99", "90.00", "94.99", "95.00", "100.00"],
        range(1, 6),
        [True, False],
    )
)


@pytest.mark.parametrize(("profile", "score", "grade", "passed"), GRID)
def test_every_combination_of_reasons_reads_as_one_sentence(profile: str, score: str, grade: int, passed: bool) -> None:
    reasons = certify(Decimal(score), grade, passed, RULES.certification.profile(profile), 2).reasons
    english, chinese = reasons_sentence(reasons, "en"), reasons_sentence(reasons, "zh")
    assert english[0].isupper() and english.endswith(".") and not english.endswith("..")
    assert not re.search(r"; [A-Z][a-z]", english), english
    assert english.count("; ") == len(reasons) - 1
    assert chinese.endswith("。") and chinese.count("；") == len(reasons) - 1 and "; " not in chinese


def test_only_a_capitalised_word_goes_on_in_lower_case() -> None:
    """A number or an abbreviation at the start of a later reason is left as it is."""

    def reason(en: str) -> Reason:
        return Reason("below_minimum", "5.3", Names(zh="甲", en=en))

    texts = ["Service score 1 is low", "SHA-256 differs", "5 stars need more", "A grade is missing"]
    assert reasons_sentence([reason(t) for t in texts], "en") == (
        "Service score 1 is low; SHA-256 differs; 5 stars need more; a grade is missing."
    )
    assert reasons_sentence([], "en") == reasons_sentence([], "zh") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_text_and_the_report_write_each_reason_alike(lang: Lang) -> None:
    """One reason line: its text, then its clause in the language's parentheses (（5.3） in Chinese)."""
    text, report = render_text(FAILED, lang), render_report(FAILED, lang, "2026-01-02")
    for reason in FAILED.certification.reasons:
        line = reason_line(reason, lang)
        assert line.endswith(f"（{reason.clause}）" if lang == "zh" else f" ({reason.clause})")
        assert f"  · {line}\n" in text
        assert f"<li>{escape(line)}</li>" in report
