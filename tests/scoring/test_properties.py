"""Properties that hold for every evaluation (hypothesis): bounds, monotonicity, round trips, rater order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, evaluation_from_obj, evaluation_to_obj, parse_json, parse_vector, to_vector
from scoring.document import canonical_json
from tests.builders import CLAUSE_IDS, ITEM_IDS
from tests.strategies import documents


@given(documents())
def test_scores_stay_within_their_ranges(doc: dict[str, Any]) -> None:
    result = evaluate(evaluation_from_obj(doc))
    assert 0 <= result.service.score <= 100
    assert 29 <= result.management.total <= 145
    assert result.certification.stars in (0, 3, 4, 5)


@given(documents(), st.data())
def test_raising_an_alpha_or_a_level_never_lowers_the_stars(doc: dict[str, Any], data: st.DataObject) -> None:
    before = evaluate(evaluation_from_obj(doc)).certification.stars
    rater = data.draw(st.sampled_from(doc["service"]["raters"]))
    item = data.draw(st.sampled_from(ITEM_IDS))
    old = int(Decimal(rater["alpha"][item]).scaleb(4))
    rater["alpha"][item] = str(Decimal(data.draw(st.integers(old, 10_000))).scaleb(-4))
    clause = data.draw(st.sampled_from(CLAUSE_IDS))
    doc["management"]["levels"][clause] = data.draw(st.integers(doc["management"]["levels"][clause], 5))
    assert evaluate(evaluation_from_obj(doc)).certification.stars >= before


@given(documents())
def test_json_and_vector_round_trip(doc: dict[str, Any]) -> None:
    evaluation = evaluation_from_obj(doc)
    vector = to_vector(evaluation)
    assert parse_vector(vector) == evaluation
    assert to_vector(parse_vector(vector)) == vector
    canonical = canonical_json(evaluation)
    assert parse_json(canonical) == evaluation
    assert evaluation_to_obj(parse_vector(vector)) == evaluation_to_obj(evaluation)


@settings(max_examples=50)
@given(documents(), st.randoms(use_true_random=False))
def test_rater_order_is_irrelevant(doc: dict[str, Any], random: Any) -> None:
    before = evaluate(evaluation_from_obj(doc))
    random.shuffle(doc["service"]["raters"])
    after = evaluate(evaluation_from_obj(doc))
    assert after.service.score == before.service.score
    assert after.service.mean == before.service.mean
    assert after.certification.stars == before.certification.stars
    assert [s.mean_alpha for s in after.service.items] == [s.mean_alpha for s in before.service.items]


@given(st.lists(st.integers(0, 10**6).map(lambda n: str(Decimal(n).scaleb(-6))), min_size=1, max_size=8))
def test_the_score_is_the_mean_within_half_a_hundredth(uniform_alphas: list[str]) -> None:
    doc = {
        "service": {"raters": [{"alpha": dict.fromkeys(ITEM_IDS, a)} for a in uniform_alphas]},
        "management": {"levels": dict.fromkeys(CLAUSE_IDS, 3)},
    }
    result = evaluate(evaluation_from_obj(doc))
    exact_mean = sum(Decimal(a) * 100 for a in uniform_alphas) / len(uniform_alphas)
    assert abs(result.service.score - exact_mean) <= Decimal("0.005") + Decimal("1e-20")
