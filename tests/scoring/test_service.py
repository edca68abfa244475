"""5.1 service characteristics: Likert bands (5.1.1 2)), item points (appendix 1), the mean (5.1.2), rounding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from scoring import evaluate, evaluation_from_obj
from scoring.numbers import round_half_even
from scoring.rules import load_rules
from scoring.service import item_points, likert_band
from tests.builders import ITEM_IDS, document, rater, rater_scoring

RULES = load_rules()

# 5.1.1 2): ① 0 ≤ α ≤ 0.2, ② 0.2 < α ≤ 0.4, ③ 0.4 < α ≤ 0.6, ④ 0.6 < α ≤ 0.8, ⑤ 0.8 < α ≤ 1 — both sides of each bound.
LIKERT_BOUNDARIES = [
    ("0", 1), ("0.2", 1), ("0.2000000001", 2), ("0.4", 2), ("0.40001", 3), ("0.6", 3),
    ("0.61", 4), ("0.8", 4), ("0.80000000000000000001", 5), ("1", 5),
]  # fmt: skip


@pytest.mark.parametrize(("alpha", "band"), LIKERT_BOUNDARIES, ids=[f"α={a}→{b}" for a, b in LIKERT_BOUNDARIES])
def test_likert_band_boundaries(alpha: str, band: int) -> None:
    assert likert_band(Decimal(alpha), RULES.service).band == band


@pytest.mark.parametrize(
    ("item_id", "alpha", "points"),
    [("1.2", "0.75", "5.25"), ("7", "1", "8"), ("1.1", "0", "0"), ("2.1", "0.333", "1.665")],
)
def test_item_points_are_max_points_times_alpha(item_id: str, alpha: str, points: str) -> None:
    assert item_points(RULES.service.item(item_id), Decimal(alpha)) == Fraction(points)


def test_one_rater_scores_the_sum_of_item_points_and_reports_percentages() -> None:
    alphas = dict.fromkeys(ITEM_IDS, "1") | {"1.2": "0.75", "7": "0.5"}
    result = evaluate(evaluation_from_obj(document([rater(alphas)])))
    assert result.service.raters[0].score == 100 - Fraction("1.75") - 4
    assert result.service.score == Decimal("94.25")
    functionality = result.service.raters[0].characteristic_points["1"]
    assert functionality == 5 + Fraction("5.25") + 5


@pytest.mark.parametrize(
    ("scores", "reported"),
    [
        (["100", "90", "79.999"], "90.00"),  # mean 89.99966… (the example)
        (["100", "90", "79.98"], "89.99"),  # mean 89.99333…
        (["89.99", "90"], "90.00"),  # tie 89.995 → even 90.00
        (["89.98", "89.99"], "89.98"),  # tie 89.985 → even 89.98 (half-up would give 89.99)
        (["80.01", "80.02"], "80.02"),  # tie 80.015 → even 80.02
        (["0"], "0.00"),
        (["100", "100", "100"], "100.00"),
    ],
)
def test_service_score_is_the_mean_of_raters_rounded_half_to_even(scores: list[str], reported: str) -> None:
    result = evaluate(evaluation_from_obj(document([rater_scoring(s) for s in scores])))
    assert result.service.mean == sum(Fraction(s) for s in scores) / len(scores)
    assert str(result.service.score.quantize(Decimal("0.01"))) == reported


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        ("0.125", 2, "0.12"),
        ("0.135", 2, "0.14"),
        ("2.5", 0, "2"),
        ("3.5", 0, "4"),
        ("1/3", 2, "0.33"),
        ("2/3", 2, "0.67"),
    ],
)
def test_round_half_even(value: str, places: int, rounded: str) -> None:
    assert round_half_even(Fraction(value), places) == Decimal(rounded)
