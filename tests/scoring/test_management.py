"""Appendix 3: clause points = level × weight / 5; the total; its grade — both sides of every band limit."""

from __future__ import annotations

from fractions import Fraction

import pytest

from scoring.management import clause_points, grade_of, management_score
from scoring.rules import load_rules
from tests.builders import CLAUSE_IDS, levels_for_total

RULES = load_rules().management

# Appendix 3 说明 3): ① 20 ≤ total < 45 … ⑤ 105 ≤ total ≤ 145; 29 is the lowest total that can occur.
GRADE_BOUNDARIES = [
    (29, 1),
    (44, 1),
    (45, 2),
    (69, 2),
    (70, 3),
    (94, 3),
    (95, 4),
    (104, 4),
    (105, 5),
    (116, 5),
    (145, 5),
]


@pytest.mark.parametrize(("total", "grade"), GRADE_BOUNDARIES, ids=[f"{t}→{g}" for t, g in GRADE_BOUNDARIES])
def test_grade_boundaries(total: int, grade: int) -> None:
    result = management_score(levels_for_total(total), RULES)
    assert result.total == total
    assert result.grade.grade == grade == grade_of(Fraction(total), RULES).grade


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_clause_points_match_the_appendix_3_table(level: int) -> None:
    # The table's rows: 5 → 1 2 3 4 5 and 10 → 2 4 6 8 10.
    for clause in RULES.clauses:
        assert clause_points(clause, level, RULES) == clause.weight // 5 * level


@pytest.mark.parametrize(("level", "total"), [(1, 29), (2, 58), (3, 87), (4, 116), (5, 145)])
def test_uniform_levels_give_a_fifth_of_145_per_level(level: int, total: int) -> None:
    assert management_score(dict.fromkeys(CLAUSE_IDS, level), RULES).total == total


def test_all_level_4_is_grade_5() -> None:
    # Reading notes: appendix 3's bands put 116 (every clause at level 4) in grade 5.
    assert management_score(dict.fromkeys(CLAUSE_IDS, 4), RULES).grade.grade == 5


def test_group_subtotals_add_up_to_the_total() -> None:
    result = management_score(levels_for_total(100), RULES)
    assert sum(g.points for g in result.groups) == result.total == 100
    assert [g.max_points for g in result.groups] == [20, 15, 10, 40, 20, 30, 10]
