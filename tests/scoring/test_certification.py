"""5.3: both sides of every threshold in both profiles, the conformity review, and the reasons."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import evaluate, evaluation_from_obj
from scoring.certification import certify
from scoring.rules import load_rules
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
