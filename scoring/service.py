"""Service characteristics evaluation (5.1): item points, Likert bands, rater scores, the service score."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .model import Rater
from .numbers import round_half_even
from .rules import Characteristic, LikertBand, ServiceItem, ServiceRules


@dataclass(frozen=True)
class ItemScore:
    """One rater's result for one service item."""

    item: ServiceItem
    alpha: Decimal
    band: LikertBand
    points: Fraction  # exact: max points × α


@dataclass(frozen=True)
class RaterScore:
    index: int
    id: str | None
    items: tuple[ItemScore, ...]
    characteristic_points: dict[str, Fraction]
    score: Fraction  # exact sum of the item points


@dataclass(frozen=True)
class ItemSummary:
    """One service item across all raters (means are exact; rounding happens only when shown)."""

    item: ServiceItem
    mean_alpha: Fraction
    band: LikertBand  # the band of the mean α
    mean_points: Fraction


@dataclass(frozen=True)
class CharacteristicSummary:
    characteristic: Characteristic
    max_points: int
    mean_points: Fraction


@dataclass(frozen=True)
class ServiceResult:
    raters: tuple[RaterScore, ...]
    items: tuple[ItemSummary, ...]
    characteristics: tuple[CharacteristicSummary, ...]
    sum_of_scores: Fraction
    mean: Fraction  # exact mean of the rater scores (5.1.2)
    score: Decimal  # the reported service score: mean rounded to score_places, half to even; stars use this


def likert_band(alpha: Fraction | Decimal, rules: ServiceRules) -> LikertBand:
    """5.1.1 2): the point of the five-point Likert scale that holds α."""
    for band in rules.likert_bands:
        if band.contains(alpha):
            return band
    raise ValueError(f"α = {alpha} is outside every Likert band")  # unreachable: α is validated to [0, 1]


def item_points(item: ServiceItem, alpha: Decimal) -> Fraction:
    """Appendix 1 and 5.1.1: 实际得分 = 单项分值 × 体验系数 α."""
    return item.max_points * Fraction(alpha)


def rater_score(index: int, rater: Rater, rules: ServiceRules) -> RaterScore:
    """Appendix 1 服务特性测评得分: one rater's points summed over the 19 items, with per-characteristic subtotals."""
    items = tuple(
        ItemScore(
            item=item,
            alpha=rater.alpha[item.id],
            band=likert_band(rater.alpha[item.id], rules),
            points=item_points(item, rater.alpha[item.id]),
        )
        for item in rules.items
    )
    subtotals = {
        c.id: sum((s.points for s in items if s.item.characteristic == c.id), Fraction(0))
        for c in rules.characteristics
    }
    return RaterScore(
        index=index,
        id=rater.id,
        items=items,
        characteristic_points=subtotals,
        score=sum((s.points for s in items), Fraction(0)),
    )


def service_score(raters: tuple[Rater, ...], rules: ServiceRules) -> ServiceResult:
    """5.1.2: the service score is the mean of the rater scores (每人或每次测评分的均值).

    The specification states no rounding; ours (reading notes): report ``score_places`` decimals, ties to even,
    and grade on the reported value so that what a user sees is what was graded.
    """
    scores = tuple(rater_score(index, rater, rules) for index, rater in enumerate(raters))
    count = len(scores)
    total = sum((s.score for s in scores), Fraction(0))
    mean = total / count
    items = tuple(
        ItemSummary(
            item=item,
            mean_alpha=(mean_alpha := sum((Fraction(s.items[position].alpha) for s in scores), Fraction(0)) / count),
            band=likert_band(mean_alpha, rules),
            mean_points=item.max_points * mean_alpha,
        )
        for position, item in enumerate(rules.items)
    )
    characteristics = tuple(
        CharacteristicSummary(
            characteristic=c,
            max_points=sum(item.max_points for item in rules.items_of(c.id)),
            mean_points=sum((s.characteristic_points[c.id] for s in scores), Fraction(0)) / count,
        )
        for c in rules.characteristics
    )
    return ServiceResult(
        raters=scores,
        items=items,
        characteristics=characteristics,
        sum_of_scores=total,
        mean=mean,
        score=round_half_even(mean, rules.score_places),
    )
