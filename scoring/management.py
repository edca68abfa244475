"""Management requirements (appendix 3): maturity levels → clause points → total → grade."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .rules import ClauseGroup, GradeBand, ManagementClause, ManagementRules


@dataclass(frozen=True)
class ClauseScore:
    clause: ManagementClause
    level: int
    points: Fraction


@dataclass(frozen=True)
class GroupScore:
    group: ClauseGroup
    max_points: int
    points: Fraction


@dataclass(frozen=True)
class ManagementResult:
    clauses: tuple[ClauseScore, ...]
    groups: tuple[GroupScore, ...]
    total: Fraction
    grade: GradeBand


def clause_points(clause: ManagementClause, level: int, rules: ManagementRules) -> Fraction:
    """Appendix 3 成熟度分值: a clause at level n scores 总分值 × n / 5 (1–5 of 5, 2–10 of 10)."""
    return Fraction(clause.weight * level, rules.level_divisor)


def maturity_total(
    levels: Mapping[str, int], rules: ManagementRules, clauses: Iterable[ManagementClause] | None = None
) -> Fraction:
    """Appendix 3 说明 2): Σ clause points = Σ (weight × level) / 5, one fraction over the common divisor (adding
    Fractions one by one is slow). ``clauses``: only these (a group's subtotal); default all."""
    chosen = rules.clauses if clauses is None else clauses
    return Fraction(sum(c.weight * levels[c.id] for c in chosen), rules.level_divisor)


def grade_of(total: Fraction, rules: ManagementRules) -> GradeBand:
    """Appendix 3 说明 3): the grade whose band holds the maturity total."""
    for band in rules.grades:
        if band.contains(total):
            return band
    # The lowest possible total (every clause at level 1) is 29, inside band 1 (20 ≤ total < 45).
    raise ValueError(f"maturity total {total} is outside every grade band")


def management_score(levels: Mapping[str, int], rules: ManagementRules) -> ManagementResult:
    """Appendix 3 说明 2): the maturity total is the sum of the clause points; 3): its grade."""
    clauses = tuple(
        ClauseScore(clause=c, level=levels[c.id], points=clause_points(c, levels[c.id], rules)) for c in rules.clauses
    )
    groups = tuple(
        GroupScore(
            group=g,
            max_points=sum(c.weight for c in rules.clauses_of(g.id)),
            points=maturity_total(levels, rules, rules.clauses_of(g.id)),
        )
        for g in rules.groups
    )
    total = maturity_total(levels, rules)
    return ManagementResult(clauses=clauses, groups=groups, total=total, grade=grade_of(total, rules))
