"""Exact numbers: conversions between Fraction and Decimal, and the one rounding rule.

The engine computes with :class:`fractions.Fraction` (every α is a terminating decimal, so every sum is exact;
only the mean of 5.1.2 may not terminate) and reports :class:`decimal.Decimal` strings.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_half_even(value: Fraction, places: int) -> Decimal:
    """Round to ``places`` decimals, ties to even (GB/T 8170-2008 rule 3.3 — 四舍六入五成双).

    ``round`` on a Fraction is exact and already rounds ties to even; no binary float is involved.
    """
    return Decimal(round(value * 10**places)).scaleb(-places)


def exact_decimal(value: Fraction) -> Decimal:
    """The Decimal equal to ``value``, which must terminate (its denominator has no prime but 2 and 5)."""
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    if denominator != 1:
        raise ValueError(f"{value} has no finite decimal expansion")
    return round_half_even(value, max(twos, fives))  # exact: nothing left to round


def plain(value: Decimal | Fraction | int) -> str:
    """Canonical text of an exact number: no exponent, no trailing zeros ("0.80" → "0.8", "1E+1" → "10")."""
    if isinstance(value, Fraction):
        value = exact_decimal(value)
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class PlainTexts(dict[Decimal | Fraction | int, str]):
    """:func:`plain` of many values, each distinct value formatted once (raters use few distinct α).

    Equal numbers share an entry (``Decimal("0.80") == Decimal("0.8")``), which is right: their canonical
    text is the same.
    """

    def __missing__(self, value: Decimal | Fraction | int) -> str:
        text = self[value] = plain(value)
        return text


def fixed(value: Decimal, places: int) -> str:
    """``value`` (already rounded) written with exactly ``places`` decimals: what the user sees."""
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def shown(value: Fraction, places: int) -> str:
    """A derived figure for display: exact if it terminates within ``places`` decimals, else rounded, ties to even."""
    rounded = round_half_even(value, places)
    return plain(rounded) if rounded == value else fixed(rounded, places)


def shown_quotient(numerator: Decimal, divisor: int, places: int) -> str:
    """``shown(Fraction(numerator) / divisor, places)`` in integers only (no Fraction: it is called per rater).

    numerator = n × 10^e, so numerator ÷ divisor × 10^places = n × 10^(e + places) ÷ divisor, rounded ties to even.
    """
    exponent = numerator.as_tuple().exponent
    assert isinstance(exponent, int), numerator  # finite: every number of the engine is
    digits = int(numerator.scaleb(-exponent))
    shift = exponent + places
    top, bottom = (digits * 10**shift, divisor) if shift >= 0 else (digits, divisor * 10**-shift)
    quotient, remainder = divmod(top, bottom)  # floor division: the remainder has the divisor's sign (positive)
    if 2 * remainder > bottom or (2 * remainder == bottom and quotient % 2):
        quotient += 1
    rounded = Decimal(quotient).scaleb(-places)
    return plain(rounded) if remainder == 0 else fixed(rounded, places)


def signed(text: str) -> str:
    """A difference as text, its sign always shown: ``+1.25``, ``−0.50`` (a minus sign, not a hyphen), ``0``."""
    if text.startswith("-"):
        return "−" + text[1:]
    return text if set(text) <= {"0", "."} else "+" + text


def at_least(value: Decimal, places: int) -> str:
    """``value`` exactly, written with at least ``places`` decimals: never rounded, only padded with zeros
    (``96.4`` → ``96.40``, ``90`` → ``90.00``, ``96.375`` stays ``96.375``)."""
    text = plain(value)
    point = text.find(".")
    decimals = 0 if point < 0 else len(text) - point - 1
    if decimals >= places:
        return text
    return text + ("" if point >= 0 else ".") + "0" * (places - decimals)


class AtLeastTexts(dict[Decimal, str]):
    """:func:`at_least` of many values, each distinct value formatted once (raters have few distinct scores)."""

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places

    def __missing__(self, value: Decimal) -> str:
        text = self[value] = at_least(value, self.places)
        return text
