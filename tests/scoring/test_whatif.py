"""What it would take to reach the next star: the smallest score increase and the fewest clause level-ups."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, evaluation_from_obj
from scoring.management import management_score
from scoring.whatif import fewest_level_ups
from tests.builders import CLAUSE_IDS, RULES, document, levels_for_total, rater_scoring


def test_score_and_grade_both_short() -> None:
    result = evaluate(evaluation_from_obj(document([rater_scoring("89.99")], 69)))
    plan = result.next_star
    assert plan is not None
    assert (plan.level.stars, plan.service_increase, plan.points_needed) == (4, Decimal("0.01"), 1)
    assert len(plan.level_ups) == 1


def test_no_plan_at_five_stars() -> None:
    assert evaluate(evaluation_from_obj(document([rater_scoring("100")], 145))).next_star is None


@pytest.mark.parametrize(("total", "target", "count"), [(29, 45, 8), (94, 95, 1), (104, 105, 1), (87, 95, 4)])
def test_uniform_levels_need_weight_10_clauses_first(total: int, target: int, count: int) -> None:
    levels = {29: 1, 87: 3}.get(total)
    raw = dict.fromkeys(CLAUSE_IDS, levels) if levels else None
    management = management_score(raw or levels_for_total(total), RULES.management)
    ups = fewest_level_ups(management, Fraction(target), RULES.management)
    assert len(ups) == count
    assert management.total + sum(u.points for u in ups) >= target


@settings(max_examples=60)
@given(st.lists(st.integers(1, 5), min_size=21, max_size=21), st.sampled_from([45, 70, 95, 105]))
def test_no_fewer_level_ups_could_do(levels: list[int], target: int) -> None:
    management = management_score(dict(zip(CLAUSE_IDS, levels, strict=True)), RULES.management)
    ups = fewest_level_ups(management, Fraction(target), RULES.management)
    if management.total >= target:
        assert ups == ()
        return
    assert management.total + sum(u.points for u in ups) >= target
    # With one raise fewer, even the largest available steps fall short.
    room = sorted((Fraction(c.clause.weight, 5) for c in management.clauses for _ in range(c.level, 5)), reverse=True)
    assert management.total + sum(itertools.islice(room, len(ups) - 1)) < target
