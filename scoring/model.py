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
class Record:
    """The evaluation's record (``record``): when, by whom, over what; every member optional, never graded."""

    date: str | None  # ISO 8601, YYYY-MM-DD
    evaluators: tuple[str, ...]
    scope: str | None
    remarks: str | None


@dataclass(frozen=True)
class Observations:
    """What the evaluators wrote beside their figures (issue 23): carried through to every output, read by no
    figure. Empty texts are none."""

    record: Record | None
    clauses: Mapping[str, str]  # management clause id → observation, in the rules' clause order
    raters: Mapping[int, Mapping[str, str]]  # rater index (from 0) → service item id → observation, in order

    def __bool__(self) -> bool:
        return self.record is not None or bool(self.clauses) or bool(self.raters)


@dataclass(frozen=True)
class Evaluation:
    """A complete evaluation document. Build it with :mod:`scoring.document`, which validates every field."""

    scheme: str
    profile: str
    organization: str | None
    raters: tuple[Rater, ...]
    levels: Mapping[str, int]  # management clause id → maturity level, in the rules' clause order
    conformity_passed: bool
    observations: Observations | None = None  # None: the document has none (every output is as before them)
