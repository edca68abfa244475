"""Rater agreement: the site's diagnostics for auditors — editorial, NOT part of the grading.

The specification only averages the raters (5.1.2: 每人或每次测评分的均值); it says nothing about raters who
disagree. An auditor still wants to see where they do, and which sheet looks careless. These figures show it; they
change no result, and their thresholds are this site's choices, not the specification's (which is why they are
here, in code, and not in ``rules.toml``, which holds only the specification's numbers).

Per service item: the lowest and highest α, their range, the standard deviation of α, and the Likert bands used
(5.1.1 2)); an item is flagged when its ratings span more than :data:`MAX_BANDS_SPANNED` bands. Per rater: the
difference between their score and the mean of the others' scores; a rater is flagged when it is more than
:data:`RATER_DIFFERENCE_POINTS`. Everything is exact but the standard deviation, a square root, which is stated to
:data:`SD_PLACES` decimals, correctly rounded half to even (computed with integer square roots, no float).

Linear in the raters: per item one pass over its α; the mean of the others is (sum − own) ÷ (n − 1).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, NamedTuple

from .messages import names
from .numbers import fixed, plain, shown_quotient, signed
from .rules import Lang, ServiceItem, ServiceRules, load_rules
from .service import EXACT, ServiceResult, likert_band, rater_score_text
from .words import rater_label, word

# --- the site's thresholds (editorial) -------------------------------------------------------------------------

# An item is flagged when its raters' α span more than two Likert bands, counted from the lowest band used to the
# highest, both included: neighbouring bands (③ and ④) are an ordinary difference of judgement; ② and ④, with a
# whole band between them, are not.
MAX_BANDS_SPANNED = 2
# A rater is flagged when their score differs from the mean of the other raters' scores by more than 20 points: a
# Likert band is 0.2 of α wide and the item points add up to 100, so 20 points is one whole band on every item.
RATER_DIFFERENCE_POINTS = Decimal(20)
SD_PLACES = 4  # the standard deviation of α is stated to 4 decimals, like the mean α of the result
DIFFERENCE_PLACES = 4  # the mean of the others and the difference: exact if they end within 4 decimals, else rounded

ABOUT = names("diagnostics_about")
ONE_RATER = names("diagnostics_one_rater")

_CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"


# --- the diagnostics as the text output and the report show them ------------------------------------------------

# The columns of the items' table after the item id, by their words (scoring.words); the first four are numbers.
ITEM_COLUMNS = ("lowest", "highest", "range", "sd", "bands_used", "flag")
ITEM_NUMBER_COLUMNS = 4


def item_cells(item: ItemAgreement) -> list[str]:
    """One item's row of the items' table, in the order of ``ITEM_COLUMNS``."""
    return [
        plain(item.lowest),
        plain(item.highest),
        plain(item.range),
        fixed(item.standard_deviation, SD_PLACES),
        band_marks(item.bands),
        "⚑" if item.flagged else "",
    ]


def legend(lang: Lang) -> str:
    """What the flag of an item and its standard deviation mean."""
    return word("legend", lang, bands=MAX_BANDS_SPANNED, places=SD_PLACES)


def flagged_raters_heading(lang: Lang) -> str:
    return word("raters_flagged", lang, n=plain(RATER_DIFFERENCE_POINTS))


def rater_line(rater: RaterAgreement, lang: Lang) -> str:
    """A flagged rater: their score, the mean of the others' scores and the difference."""
    return word(
        "rater_line",
        lang,
        name=rater_label(rater.number, rater.id, lang),
        score=rater_score_text(rater.score, load_rules().service),
        others=shown_quotient(rater.others_sum, rater.divisor, DIFFERENCE_PLACES),
        difference=signed(shown_quotient(rater.excess, rater.divisor, DIFFERENCE_PLACES)),
    )


def band_marks(bands: Sequence[int]) -> str:
    """The Likert bands used, as 5.1.1 2) numbers them: ②④⑤."""
    return "".join(_CIRCLED[b] if 0 < b < len(_CIRCLED) else f"({b})" for b in bands)


@dataclass(frozen=True)
class ItemAgreement:
    """How the raters' α of one service item (appendix 1) agree."""

    item: ServiceItem
    lowest: Decimal  # the lowest α given
    highest: Decimal
    standard_deviation: Decimal  # population standard deviation of α, to SD_PLACES decimals, half to even
    bands: tuple[int, ...]  # the Likert bands used (5.1.1 2)), ascending
    flagged: bool  # the ratings span more than MAX_BANDS_SPANNED bands

    @property
    def range(self) -> Decimal:
        return self.highest - self.lowest

    @property
    def bands_spanned(self) -> int:
        """Bands from the lowest used to the highest used, both included."""
        return self.bands[-1] - self.bands[0] + 1


class RaterAgreement(NamedTuple):
    """How one rater's score compares with the mean of the other raters' scores.

    Kept as exact Decimals over the common divisor n − 1 (no Fraction per rater), and a NamedTuple, like
    scoring.service.ItemScore: there may be 10,000 of them, and a frozen dataclass is several times slower to build.
    """

    number: int  # position in the evaluation, from 1 (as the form and the trace number raters: 测评人 3)
    id: str | None
    score: Decimal
    others_sum: Decimal  # the sum of the other raters' scores
    excess: Decimal  # (own score − mean of the others) × (n − 1) = n·own − Σ
    divisor: int  # n − 1
    flagged: bool  # |difference| > RATER_DIFFERENCE_POINTS

    @property
    def others_mean(self) -> Fraction:
        return Fraction(self.others_sum) / self.divisor

    @property
    def difference(self) -> Fraction:
        """Own score − the mean of the others."""
        return Fraction(self.excess) / self.divisor


@dataclass(frozen=True)
class Diagnostics:
    rater_count: int
    items: tuple[ItemAgreement, ...]  # empty with one rater: nothing to compare
    raters: tuple[RaterAgreement, ...]  # empty with one rater

    @property
    def comparable(self) -> bool:
        return self.rater_count > 1

    @property
    def flagged_items(self) -> tuple[ItemAgreement, ...]:
        return tuple(i for i in self.items if i.flagged)

    @property
    def flagged_raters(self) -> tuple[RaterAgreement, ...]:
        return tuple(r for r in self.raters if r.flagged)


def rounded_sqrt(value: Fraction, places: int) -> Decimal:
    """√value to ``places`` decimals, correctly rounded half to even, exactly (no float, no inexact Decimal).

    With q = value × 10^(2·places) and m = ⌊√q⌋ (an integer square root), √q lies in [m, m + 1); it rounds up
    when q > (m + ½)² = m² + m + ¼, down when q is less, and to the even one of m, m + 1 when equal.
    """
    if value < 0:
        raise ValueError(f"no square root of {value}")
    q = value * 10 ** (2 * places)
    m = math.isqrt(q.numerator // q.denominator)
    midpoint = Fraction(4 * (m * m + m) + 1, 4)
    root = m + 1 if q > midpoint or (q == midpoint and m % 2) else m
    return Decimal(root).scaleb(-places)


def standard_deviation(values: Sequence[Decimal], places: int = SD_PLACES) -> Decimal:
    """The population standard deviation √(Σ(x − x̄)² ÷ n) = √(n·Σx² − (Σx)²) ÷ n, in one pass.

    Population, not sample (n − 1): it describes the raters who rated, it does not estimate a wider population.
    """
    return _standard_deviation(Counter(values), places)


def _standard_deviation(counts: Counter[Decimal], places: int) -> Decimal:
    """:func:`standard_deviation` from each distinct value and how often it occurs (raters use few distinct α)."""
    count = counts.total()
    with localcontext(EXACT):  # α has at most 20 decimals: the sums are exact Decimals, or this raises
        total = sum([value * times for value, times in counts.items()], Decimal(0))
        squares = sum([value * value * times for value, times in counts.items()], Decimal(0))
        spread = count * squares - total * total
    return rounded_sqrt(Fraction(spread) / (count * count), places)


def item_agreement(item: ServiceItem, alphas: Sequence[Decimal], rules: ServiceRules) -> ItemAgreement:
    """One item's α across the raters: lowest, highest, standard deviation, the Likert bands used (5.1.1 2)).

    Computed from the distinct α and their counts (one pass in C over the raters, then a few values).
    """
    counts = Counter(alphas)
    used = tuple(sorted({likert_band(alpha, rules).band for alpha in counts}))
    return ItemAgreement(
        item=item,
        lowest=min(counts),
        highest=max(counts),
        standard_deviation=_standard_deviation(counts, SD_PLACES),
        bands=used,
        flagged=used[-1] - used[0] + 1 > MAX_BANDS_SPANNED,
    )


def rater_agreements(service: ServiceResult) -> tuple[RaterAgreement, ...]:
    """Each rater's score against the mean of the others' (5.1.2 averages them all; this sets one aside).

    own − (Σ − own) ÷ (n − 1) = (n·own − Σ) ÷ (n − 1): one subtraction per rater, so linear in the raters.
    """
    count, total = len(service.raters), service.sum_of_scores
    limit = RATER_DIFFERENCE_POINTS * (count - 1)
    found = []
    with localcontext(EXACT):
        for rater in service.raters:
            excess = count * rater.score - total
            found.append(
                RaterAgreement(
                    number=rater.index + 1,
                    id=rater.id,
                    score=rater.score,
                    others_sum=total - rater.score,
                    excess=excess,
                    divisor=count - 1,
                    flagged=abs(excess) > limit,
                )
            )
    return tuple(found)


def diagnose(service: ServiceResult, rules: ServiceRules) -> Diagnostics:
    """The site's rater agreement diagnostics of a graded service characteristic evaluation (5.1)."""
    count = len(service.raters)
    if count < 2:
        return Diagnostics(rater_count=count, items=(), raters=())
    alpha_columns = zip(*(r.alphas for r in service.raters), strict=True)
    items = tuple(item_agreement(item, column, rules) for item, column in zip(rules.items, alpha_columns, strict=True))
    return Diagnostics(rater_count=count, items=items, raters=rater_agreements(service))


# --- as JSON (a separate ``diagnostics`` member of the result: the graded result is unchanged) ----------------


def rater_agreement_to_obj(rater: RaterAgreement) -> dict[str, Any]:
    return {
        "number": rater.number,
        "id": rater.id,
        "score": rater_score_text(rater.score, load_rules().service),
        "others_mean": shown_quotient(rater.others_sum, rater.divisor, DIFFERENCE_PLACES),
        "difference": shown_quotient(rater.excess, rater.divisor, DIFFERENCE_PLACES),
        "flagged": rater.flagged,
    }


class AgreementJson:
    """``json.dumps(rater_agreement_to_obj(rater))`` for many raters, fast: within one evaluation the figures
    depend on the score alone (n and the sum are shared), so each distinct score is formatted once."""

    def __init__(self) -> None:
        self.figures: dict[Decimal, str] = {}

    def __call__(self, rater: RaterAgreement) -> str:
        figures = self.figures.get(rater.score)
        if figures is None:
            obj = rater_agreement_to_obj(rater)
            figures = self.figures[rater.score] = (
                f'"score": "{obj["score"]}", "others_mean": "{obj["others_mean"]}", '
                f'"difference": "{obj["difference"]}", "flagged": {"true" if rater.flagged else "false"}'
            )
        name = "null" if rater.id is None else json.dumps(rater.id, ensure_ascii=False)
        return f'{{"number": {rater.number}, "id": {name}, {figures}}}'


def diagnostics_to_obj(diagnostics: Diagnostics, *, with_raters: bool = True) -> dict[str, Any]:
    """The JSON of the diagnostics; ``with_raters=False`` leaves ``raters`` empty, for a writer that streams them."""
    return {
        "editorial": True,
        "zh": ABOUT.zh if diagnostics.comparable else f"{ABOUT.zh}{ONE_RATER.zh}",
        "en": ABOUT.en if diagnostics.comparable else f"{ABOUT.en} {ONE_RATER.en}",
        "rater_count": diagnostics.rater_count,
        "comparable": diagnostics.comparable,
        "thresholds": {"bands_spanned": MAX_BANDS_SPANNED, "rater_difference": plain(RATER_DIFFERENCE_POINTS)},
        "standard_deviation": {"of": "population", "places": SD_PLACES, "rounding": "half-even"},
        "items": [
            {
                "id": i.item.id,
                "min_alpha": plain(i.lowest),
                "max_alpha": plain(i.highest),
                "range": plain(i.range),
                "standard_deviation": fixed(i.standard_deviation, SD_PLACES),
                "bands": list(i.bands),
                "bands_spanned": i.bands_spanned,
                "flagged": i.flagged,
            }
            for i in diagnostics.items
        ],
        "raters": [rater_agreement_to_obj(r) for r in diagnostics.raters] if with_raters else [],
        "flagged_items": [i.item.id for i in diagnostics.flagged_items],
        "flagged_raters": [r.number for r in diagnostics.flagged_raters],
    }
