"""The evaluation document: what an assessor enters (the interchange format's content, validated)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rater:
    """One rater's (or one survey's) experience coefficients α, one per service item (5.1.2: 每人或每次)."""

    id: str | None
    alpha: Mapping[str, Decimal]  # service item id → α, in the rules' item order


@dataclass(frozen=True)
class Evaluation:
    """A complete evaluation document. Build it with :mod:`scoring.document`, which validates every field."""

    scheme: str
    profile: str
    organization: str | None
    raters: tuple[Rater, ...]
    levels: Mapping[str, int]  # management clause id → maturity level, in the rules' clause order
    conformity_passed: bool
