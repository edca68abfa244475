"""What it would take to reach the next star level: the smallest service-score increase and the fewest clause
level-ups (appendix 3) that meet the next level's two minimums (5.3). Informative; it changes no result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .certification import stars_name
from .management import ManagementResult, clause_points
from .numbers import fixed, plain
from .rules import ManagementRules, StarLevel
from .words import word


@dataclass(frozen=True)
class LevelUp:
    clause_id: str
    from_level: int
    to_level: int
    points: Fraction  # what the level-up adds to the maturity total


@dataclass(frozen=True)
class NextStar:
    level: StarLevel
    service_increase: Decimal  # 0 when the service minimum already holds
    points_needed: Fraction  # maturity points short of the minimum grade's band, 0 when it already holds
    level_ups: tuple[LevelUp, ...]  # the fewest level-ups that close the gap; empty when none are needed


def fewest_level_ups(
    management: ManagementResult, target_total: Fraction, rules: ManagementRules
) -> tuple[LevelUp, ...]:
    """The fewest single-level raises that bring the maturity total to ``target_total``.

    Every raise of a clause adds weight / 5 points, so taking the largest steps first (weight-10 clauses, lowest
    level first) needs the fewest raises; ties go to the clause that is furthest behind.
    """
    needed = target_total - management.total
    if needed <= 0:
        return ()
    steps = sorted(
        (
            (clause_points(s.clause, 1, rules), level, s.clause.id)
            for s in management.clauses
            for level in range(s.level, rules.level_max)
        ),
        key=lambda step: (-step[0], step[1], step[2]),
    )
    chosen: list[LevelUp] = []
    for points, level, clause_id in steps:
        if needed <= 0:
            break
        chosen.append(LevelUp(clause_id, level, level + 1, points))
        needed -= points
    return tuple(chosen) if needed <= 0 else ()


def next_star(score: Decimal, management: ManagementResult, level: StarLevel, rules: ManagementRules) -> NextStar:
    """For the next star level: how far the service score and the maturity total fall short of its minimums."""
    grade_band = next(band for band in rules.grades if band.grade == level.min_grade)
    target = Fraction(grade_band.lower)
    increase = max(level.min_service_score - score, Decimal(0))
    short = max(target - management.total, Fraction(0)) if management.grade.grade < level.min_grade else Fraction(0)
    ups = fewest_level_ups(management, target, rules) if short else ()
    return NextStar(level=level, service_increase=increase, points_needed=short, level_ups=ups)


def describe(plan: NextStar, grade_zh: str, stars_zh: str, places: int) -> tuple[str, str]:
    """The plan in words, Chinese and English."""
    zh: list[str] = []
    en: list[str] = []
    if plan.service_increase:
        gap = fixed(plan.service_increase, places)
        zh.append(word("next_service", "zh", gap=gap))
        en.append(word("next_service", "en", gap=gap))
    if plan.points_needed:
        points, count = plain(plan.points_needed), len(plan.level_ups)
        ups = [f"{u.clause_id} {u.from_level}→{u.to_level}" for u in plan.level_ups]
        zh.append(word("next_total", "zh", points=points, grade=grade_zh, count=count, ups="、".join(ups)))
        en.append(word("next_total", "en", points=points, grade=plan.level.min_grade, count=count, ups=", ".join(ups)))
    return (
        word("next_for", "zh", stars=stars_zh, what="；".join(zh)),
        word("next_for", "en", stars=stars_name(plan.level.stars).en, what="; and ".join(en)),
    )
