"""Service characteristics evaluation (5.1): item points, Likert bands, rater scores, the service score."""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, Rounded, localcontext
from fractions import Fraction
from typing import NamedTuple

from .model import Rater
from .numbers import AtLeastTexts, at_least, round_half_even
from .rules import Characteristic, LikertBand, ServiceItem, ServiceRules

# Products and sums of α (at most 20 decimal places) are computed in Decimal, which is fast; this context makes any
# inexact step raise instead of rounding silently. Only the mean (5.1.2) may not terminate: it is a Fraction.
EXACT = Context(prec=80, traps=[Inexact, Rounded, InvalidOperation])


# How a rater's score is written, in every output (the text, the report, the CSV, the trace, the diagnostics, the
# calculator's answers): exactly — 5.1.1 and appendix 1 make it a sum of item points × α, and nothing rounds it (the
# rounding of the reading notes, to score_places decimals, is of the service score of 5.1.2 alone) — but with at
# least the service score's decimals, padded with zeros: 96.40, 90.00, 96.375. So one rater's score and the service
# score it gives read alike (96.40 and 96.40, not 96.4 and 96.40), and a column of rater scores lines up.


def rater_score_text(score: Decimal, rules: ServiceRules) -> str:
    """A rater's score as every output writes it (exact, at least ``score_places`` decimals): ``96.40``."""
    return at_least(score, rules.score_places)


def rater_score_texts(rules: ServiceRules) -> AtLeastTexts:
    """:func:`rater_score_text` of many raters, each distinct score formatted once."""
    return AtLeastTexts(rules.score_places)


class ItemScore(NamedTuple):
    """One rater's result for one service item (a NamedTuple: there are raters × 19 of them, built fast)."""

    item: ServiceItem
    alpha: Decimal
    band: LikertBand
    points: Decimal  # exact: max points × α


@dataclass(frozen=True)
class RaterScore:
    """One rater's result; per item, in the rules' order: α, its Likert band and the item points (kept as three
    tuples: a 10,000-rater evaluation has 190,000 of each, and ``items`` builds the per-item view on demand)."""

    index: int
    id: str | None
    service_items: tuple[ServiceItem, ...]
    alphas: tuple[Decimal, ...]
    bands: tuple[LikertBand, ...]
    points: tuple[Decimal, ...]
    characteristic_points: dict[str, Decimal]
    score: Decimal  # exact sum of the item points

    @property
    def items(self) -> tuple[ItemScore, ...]:
        return tuple(map(ItemScore, self.service_items, self.alphas, self.bands, self.points))


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
    sum_of_scores: Decimal
    mean: Fraction  # exact mean of the rater scores (5.1.2)
    score: Decimal  # the reported service score: mean rounded to score_places, half to even; stars use this


def likert_band(alpha: Fraction | Decimal, rules: ServiceRules) -> LikertBand:
    """5.1.1 2): the point of the five-point Likert scale that holds α.

    The bands are contiguous (each starts where the previous ends, checked when the rules load), so the band is
    the first whose upper limit is at least α.
    """
    bands = rules.likert_bands
    position = bisect_left(rules.band_uppers, alpha)
    if position == len(bands) or alpha < bands[0].lower:
        raise ValueError(f"α = {alpha} is outside every Likert band")  # unreachable: α is validated to [0, 1]
    return bands[position]


def item_points(item: ServiceItem, alpha: Decimal) -> Decimal:
    """Appendix 1 and 5.1.1: 实际得分 = 单项分值 × 体验系数 α (exact under :data:`EXACT`, which the callers set)."""
    return item.max_points * alpha


class SeenValues:
    """Per evaluation (or per calculator form): each distinct α's Likert band, and each item's points at each
    distinct α, computed once (raters use few distinct α; a dictionary lookup is cheaper than a Decimal product or
    a band search)."""

    def __init__(self, rules: ServiceRules) -> None:
        self.rules = rules
        self.bands: dict[Decimal, LikertBand] = {}
        self.points: list[dict[Decimal, Decimal]] = [{} for _ in rules.items]
        self.subtotals = [(c, operator.itemgetter(*p)) for c, p in rules.item_positions.items()]
        self.alphas_of = operator.itemgetter(*(item.id for item in rules.items))  # a rater's α in the rules' order

    def bands_of(self, alphas: Sequence[Decimal]) -> tuple[LikertBand, ...]:
        bands = tuple(map(self.bands.get, alphas))
        if None in bands:
            bands = tuple(self.bands.setdefault(a, likert_band(a, self.rules)) for a in alphas)
        return bands  # type: ignore[return-value]

    def points_of(self, alphas: Sequence[Decimal]) -> tuple[Decimal, ...]:
        points = tuple(map(dict.get, self.points, alphas))
        if None in points:
            points = tuple(
                memo.setdefault(alpha, item_points(item, alpha))
                for memo, item, alpha in zip(self.points, self.rules.items, alphas, strict=True)
            )
        return points  # type: ignore[return-value]


def rater_score(index: int, rater: Rater, rules: ServiceRules, seen: SeenValues) -> RaterScore:
    """Appendix 1 服务特性测评得分: one rater's points summed over the 19 items, with per-characteristic subtotals.

    The caller holds the EXACT context (entering it once for all raters is measurably faster).
    """
    alphas: tuple[Decimal, ...] = seen.alphas_of(rater.alpha)
    points = seen.points_of(alphas)
    subtotals = {c: sum(_as_tuple(pick(points)), Decimal(0)) for c, pick in seen.subtotals}
    return RaterScore(
        index=index,
        id=rater.id,
        service_items=rules.items,
        alphas=alphas,
        bands=seen.bands_of(alphas),
        points=points,
        characteristic_points=subtotals,
        score=sum(points, Decimal(0)),
    )


def _as_tuple(picked: Decimal | tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    # itemgetter of one position returns the item itself, of several a tuple (characteristic 7 has one item).
    return picked if isinstance(picked, tuple) else (picked,)


def mean_score(totals: Sequence[Decimal], rules: ServiceRules) -> tuple[Fraction, Decimal]:
    """5.1.2: the exact mean of the rater scores, and the reported service score (rounded, ties to even)."""
    with localcontext(EXACT):
        return mean_of_sum(sum(totals, Decimal(0)), len(totals), rules)


def mean_of_sum(total: Decimal | Fraction, raters: int, rules: ServiceRules) -> tuple[Fraction, Decimal]:
    """5.1.2 from the sum of the rater scores and their number (batch grading adds the scores as it reads)."""
    mean = Fraction(total) / raters
    return mean, round_half_even(mean, rules.score_places)


class ServiceSums:
    """What the service result needs of the raters beyond their own scores: their number, the sum of their scores
    (5.1.2), and per item the sum of α and per characteristic the sum of points (the informative means).

    Sums of exact decimals are exact (:data:`EXACT` traps anything else), so a rater may be added and later taken
    away again: the calculator keeps these sums between edits and changes only the raters that changed."""

    __slots__ = ("alphas", "characteristics", "count", "total")

    def __init__(self, rules: ServiceRules) -> None:
        self.count = 0
        self.total = Decimal(0)
        self.alphas = [Decimal(0)] * len(rules.items)
        self.characteristics = {c.id: Decimal(0) for c in rules.characteristics}

    @classmethod
    def of(cls, scores: Sequence[RaterScore], rules: ServiceRules) -> ServiceSums:
        """The sums over all raters at once (column by column: faster than adding rater by rater)."""
        sums = cls(rules)
        with localcontext(EXACT):
            sums.count = len(scores)
            sums.total = sum([s.score for s in scores], Decimal(0))
            if scores:
                sums.alphas = [sum(column, Decimal(0)) for column in zip(*(s.alphas for s in scores), strict=True)]
            sums.characteristics = {
                c: sum([s.characteristic_points[c] for s in scores], Decimal(0)) for c in sums.characteristics
            }
        return sums

    def add(self, score: RaterScore, sign: int = 1) -> None:
        """Add one rater's figures (``sign=-1``: take them away)."""
        with localcontext(EXACT):
            self.count += sign
            self.total += sign * score.score
            self.alphas = [total + sign * alpha for total, alpha in zip(self.alphas, score.alphas, strict=True)]
            for c, points in score.characteristic_points.items():
                self.characteristics[c] += sign * points


def service_score(raters: tuple[Rater, ...], rules: ServiceRules) -> ServiceResult:
    """5.1.2: the service score is the mean of the rater scores (每人或每次测评分的均值).

    The specification states no rounding; ours (reading notes): report ``score_places`` decimals, ties to even,
    and grade on the reported value so that what a user sees is what was graded.
    """
    with localcontext(EXACT):
        seen = SeenValues(rules)
        scores = tuple(rater_score(index, rater, rules, seen) for index, rater in enumerate(raters))
    return service_result(scores, ServiceSums.of(scores, rules), rules)


def service_result(scores: tuple[RaterScore, ...], sums: ServiceSums, rules: ServiceRules) -> ServiceResult:
    """5.1.2 from the raters' scores and their sums (:class:`ServiceSums`, which must be the sums of ``scores``)."""
    count = sums.count
    mean, score = mean_of_sum(sums.total, count, rules)
    items = tuple(
        ItemSummary(
            item=item,
            mean_alpha=(mean_alpha := Fraction(sums.alphas[position]) / count),
            band=likert_band(mean_alpha, rules),
            mean_points=item.max_points * mean_alpha,
        )
        for position, item in enumerate(rules.items)
    )
    characteristics = tuple(
        CharacteristicSummary(
            characteristic=c,
            max_points=sum(item.max_points for item in rules.items_of(c.id)),
            mean_points=Fraction(sums.characteristics[c.id]) / count,
        )
        for c in rules.characteristics
    )
    return ServiceResult(
        raters=scores,
        items=items,
        characteristics=characteristics,
        sum_of_scores=sums.total,
        mean=mean,
        score=score,
    )
