"""Two evaluations compared: what differs between A and B, and what it changes (``python -m scoring diff A B``).

Every figure is the one ``evaluate`` reports for each side, and every difference is B − A of those figures, exact:
the service score as reported (5.1.2, rounded as the reading notes say, the value the stars are graded on), the
maturity total and the management grade (appendix 3), the stars (5.3). Then the causes: the service items whose
mean item points differ (appendix 1; their differences add up to the difference of the unrounded means) and the
management clauses whose maturity level differs, each with its effect on the maturity total (appendix 3:
weight × level ÷ 5). Informative; it grades nothing that ``evaluate`` does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .document import record_to_obj
from .engine import DISPLAY_PLACES, EvaluationResult
from .management import clause_points
from .model import Evaluation
from .numbers import fixed, plain, shown
from .rules import ManagementClause, ServiceItem


@dataclass(frozen=True)
class ItemChange:
    """A service item (appendix 1) whose mean item points differ: exact means, A's and B's."""

    item: ServiceItem
    a: Fraction
    b: Fraction

    @property
    def shown_a(self) -> str:
        return shown(self.a, DISPLAY_PLACES)  # as evaluate reports it (service.items[].mean_points)

    @property
    def shown_b(self) -> str:
        return shown(self.b, DISPLAY_PLACES)

    @property
    def shown_delta(self) -> Decimal:
        """B − A of the reported means, exact (so that the difference a reader sees is the one printed)."""
        return Decimal(self.shown_b) - Decimal(self.shown_a)


@dataclass(frozen=True)
class ClauseChange:
    """A management clause (appendix 3) whose maturity level differs, and what that does to the maturity total."""

    clause: ManagementClause
    a: int
    b: int
    points: Fraction  # effect on the maturity total: weight × (b − a) ÷ 5

    @property
    def delta(self) -> int:
        return self.b - self.a


@dataclass(frozen=True)
class ObservationChange:
    """An observation (or a member of the record) that differs: its field path, A's text and B's (None: none)."""

    path: str
    a: str | None
    b: str | None


@dataclass(frozen=True)
class Comparison:
    a: EvaluationResult
    b: EvaluationResult
    items: tuple[ItemChange, ...]  # in the rules' order
    clauses: tuple[ClauseChange, ...]
    # The observations that differ (issue 23): listed, never graded — ``same`` does not read them.
    observations: tuple[ObservationChange, ...] = ()

    @property
    def observed(self) -> bool:
        """Whether either side has observations (the outputs list those that differ only then)."""
        return self.a.evaluation.observations is not None or self.b.evaluation.observations is not None

    @property
    def service_score(self) -> Decimal:
        """B − A of the reported service scores (the values graded in 5.3)."""
        return self.b.service.score - self.a.service.score

    @property
    def management_total(self) -> Fraction:
        return self.b.management.total - self.a.management.total

    @property
    def grade(self) -> int:
        return self.b.management.grade.grade - self.a.management.grade.grade

    @property
    def stars(self) -> int:
        return self.b.certification.stars - self.a.certification.stars

    @property
    def profile_differs(self) -> bool:
        return self.a.certification.profile.id != self.b.certification.profile.id

    @property
    def conformity_differs(self) -> bool:
        return self.a.evaluation.conformity_passed != self.b.evaluation.conformity_passed

    @property
    def same(self) -> bool:
        """Nothing graded differs (names, rater ids and rater counts may)."""
        return not (
            self.items
            or self.clauses
            or self.service_score
            or self.management_total
            or self.stars
            or self.profile_differs
            or self.conformity_differs
        )


def item_changes(a: EvaluationResult, b: EvaluationResult) -> tuple[ItemChange, ...]:
    """Appendix 1: the items whose exact mean item points (item points × mean α over the raters) differ."""
    return tuple(
        ItemChange(item=x.item, a=x.mean_points, b=y.mean_points)
        for x, y in zip(a.service.items, b.service.items, strict=True)
        if x.mean_points != y.mean_points
    )


def clause_changes(a: EvaluationResult, b: EvaluationResult) -> tuple[ClauseChange, ...]:
    """Appendix 3: the clauses whose maturity level differs, each with its effect on the maturity total."""
    rules = a.rules.management
    return tuple(
        ClauseChange(
            clause=x.clause,
            a=x.level,
            b=y.level,
            points=clause_points(x.clause, y.level, rules) - clause_points(x.clause, x.level, rules),
        )
        for x, y in zip(a.management.clauses, b.management.clauses, strict=True)
        if x.level != y.level
    )


def observation_texts(evaluation: Evaluation) -> dict[str, str]:
    """Every observation of an evaluation and every member of its record, by field path (the document's)."""
    found: dict[str, str] = {}
    observations = evaluation.observations
    if observations is None:
        return found
    if observations.record is not None:
        for key, value in record_to_obj(observations.record).items():
            found[f"record.{key}"] = "\n".join(value) if isinstance(value, list) else value
    for index, notes in observations.raters.items():
        for item_id, text in notes.items():
            found[f'service.raters[{index}].observations["{item_id}"]'] = text
    for clause_id, text in observations.clauses.items():
        found[f'management.observations["{clause_id}"]'] = text
    return found


def observation_changes(a: EvaluationResult, b: EvaluationResult) -> tuple[ObservationChange, ...]:
    """The observations that differ between A and B, in A's order and then B's new ones."""
    x, y = observation_texts(a.evaluation), observation_texts(b.evaluation)
    paths = [*x, *(path for path in y if path not in x)]
    return tuple(ObservationChange(p, x.get(p), y.get(p)) for p in paths if x.get(p) != y.get(p))


def compare(a: EvaluationResult, b: EvaluationResult) -> Comparison:
    """What differs between two graded evaluations of the same rules, and what it changes."""
    return Comparison(
        a=a, b=b, items=item_changes(a, b), clauses=clause_changes(a, b), observations=observation_changes(a, b)
    )


# --- as JSON ----------------------------------------------------------------------------------------------------


def exact_number(value: Fraction | int) -> int | str:
    """An integer as a JSON number; anything else as its exact decimal text. Maturity totals and clause points are
    integers under the specification's weights (5 and 10, divided by 5), so the JSON holds numbers there."""
    if isinstance(value, int) or value.denominator == 1:
        return int(value)
    return plain(value)


def side_to_obj(result: EvaluationResult) -> dict[str, Any]:
    """One side's headline figures, as ``evaluate`` reports them."""
    return {
        "organization": result.evaluation.organization,
        "profile": result.certification.profile.id,
        "rater_count": len(result.service.raters),
        "service_score": fixed(result.service.score, result.rules.service.score_places),
        "management_total": exact_number(result.management.total),
        "grade": result.management.grade.grade,
        "conformity_passed": result.evaluation.conformity_passed,
        "stars": result.certification.stars,
    }


def comparison_to_obj(comparison: Comparison) -> dict[str, Any]:
    """The JSON of ``diff --format json``: each side, the differences B − A, the items and clauses that differ."""
    a, b = comparison.a, comparison.b
    places = a.rules.service.score_places
    return {
        "a": side_to_obj(a),
        "b": side_to_obj(b),
        "delta": {
            "service_score": fixed(comparison.service_score, places),
            "management_total": exact_number(comparison.management_total),
            "grade": comparison.grade,
            "stars": comparison.stars,
        },
        "items": [
            {"id": c.item.id, "a": c.shown_a, "b": c.shown_b, "delta": plain(c.shown_delta)} for c in comparison.items
        ],
        "clauses": [
            {"id": c.clause.id, "a": c.a, "b": c.b, "delta": c.delta, "points": exact_number(c.points)}
            for c in comparison.clauses
        ],
        "profile": {
            "a": a.certification.profile.id,
            "b": b.certification.profile.id,
            "differs": comparison.profile_differs,
        },
        "conformity": {
            "a": a.evaluation.conformity_passed,
            "b": b.evaluation.conformity_passed,
            "differs": comparison.conformity_differs,
        },
        "same": comparison.same,
        **(
            {"observations": [{"path": c.path, "a": c.a, "b": c.b} for c in comparison.observations]}
            if comparison.observed
            else {}
        ),
    }
