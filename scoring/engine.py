"""The whole grading of one evaluation, and its result as JSON.

evaluate(evaluation) = 5.1 service score ∘ appendix 3 management grade ∘ 5.3 certification
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import __about__
from .anchors import Ref, cite, href, note_name
from .certification import CertificationResult, certify, grade_in_sentence, grade_name, reasons_sentence, stars_name
from .document import record_to_obj
from .management import ManagementResult, management_score
from .model import Evaluation
from .numbers import AtLeastTexts, PlainTexts, fixed, plain, shown
from .rules import Lang, Names, Rules, ServiceRules, load_rules
from .service import RaterScore, ServiceResult, rater_score_texts, service_score
from .vector import to_vector
from .whatif import NextStar, describe, next_star
from .words import both, colon, rater_label, word

LANGS: tuple[Lang, Lang] = ("zh", "en")
DISPLAY_PLACES = 4  # means of α and of item points are shown to 4 decimals (informative; never graded)
# Up to this many raters the trace spells out each rater's sum term by term (Σ 7×0.8 + 7×0.75 + …); beyond it, each
# rater's step states the score only, the terms being in the result's per-rater items and the report's α tables.
# An editorial choice of size (a 10,000-rater trace in full would be millions of terms), not a rule.
TRACE_TERMS_MAX_RATERS = 50


@dataclass(frozen=True)
class Reading:
    """5.3 graded by one profile (one reading of the clause), and what its next star level would take."""

    certification: CertificationResult
    next_star: NextStar | None  # None at five stars

    @property
    def label(self) -> Names:
        """The reading in words: 按正文 / by the text, 按表格各行 / by the table's rows."""
        key = f"reading_{self.certification.profile.id}"
        return Names(word(key, "zh"), word(key, "en"))

    @property
    def stars(self) -> str:
        """Its result as stars (★★★★), or 不予认证 / not certified — the same in both languages but for 0."""
        return "★" * self.certification.stars

    def outcome(self, lang: Lang) -> str:
        return self.stars or stars_name(0)(lang)

    def next(self, lang: Lang, places: int) -> str:
        """What its next star level would take, in words (or that five stars is the highest level)."""
        plan = self.next_star
        if plan is None:
            return word("top_star", lang)
        zh, en = describe(plan, grade_name(plan.level.min_grade).zh, stars_name(plan.level.stars).zh, places)
        return zh if lang == "zh" else en


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    rules: Rules
    service: ServiceResult
    management: ManagementResult
    certification: CertificationResult
    next_star: NextStar | None  # what the next star level would take; None at five stars
    # 5.3 by every profile, in the rules' order (the chosen one's is ``certification``): the two readings of the
    # clause (reading note E1) can give different stars for the same data, and the result says so when they do.
    readings: tuple[Reading, ...] = ()

    @property
    def readings_differ(self) -> bool:
        """Whether the profiles give different stars for this evaluation."""
        return len({r.certification.stars for r in self.readings}) > 1

    def readings_sentence(self, lang: Lang) -> str:
        """按正文：★★★★；按表格各行：★★★★★ / by the text: ★★★★; by the table's rows: ★★★★★."""
        parts = [f"{r.label(lang)}{colon(lang)}{r.outcome(lang)}" for r in self.readings]
        return ("；" if lang == "zh" else "; ").join(parts)


def evaluate(
    evaluation: Evaluation, rules: Rules | None = None, service: ServiceResult | None = None
) -> EvaluationResult:
    """Grade a validated evaluation document (``service``: its service result, if the caller has it already — the
    calculator's session keeps its raters' scores between edits)."""
    rules = rules or load_rules()
    service = service or service_score(evaluation.raters, rules.service)
    management = management_score(evaluation.levels, rules.management)
    certification = certify(
        service.score,
        management.grade.grade,
        evaluation.conformity_passed,
        rules.certification.profile(evaluation.profile),
        rules.service.score_places,
    )
    upper = certification.next_level
    plan = next_star(service.score, management, upper, rules.management) if upper else None
    readings = []
    for profile in rules.certification.profiles:
        if profile.id == certification.profile.id:
            readings.append(Reading(certification, plan))
            continue
        other = certify(
            service.score,
            management.grade.grade,
            evaluation.conformity_passed,
            profile,
            rules.service.score_places,
        )
        upper = other.next_level
        readings.append(
            Reading(other, next_star(service.score, management, upper, rules.management) if upper else None)
        )
    return EvaluationResult(evaluation, rules, service, management, certification, plan, tuple(readings))


# --- result → JSON ------------------------------------------------------------------------------------------


def rater_to_obj(
    rater: RaterScore, text: PlainTexts, scores: AtLeastTexts, observations: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One rater's entry of ``service.raters`` (``text``, ``scores``: numbers already formatted, shared across raters;
    ``scores`` as :func:`~scoring.service.rater_score_texts` makes them), with the rater's observations by item when
    the document has any (carried through, never graded)."""
    entry: dict[str, Any] = {
        "id": rater.id,
        "score": scores[rater.score],
        "characteristics": [{"id": cid, "points": text[p]} for cid, p in rater.characteristic_points.items()],
        "items": [
            {"id": s.item.id, "alpha": text[s.alpha], "band": s.band.band, "points": text[s.points]}
            for s in rater.items
        ],
    }
    if observations:
        entry["observations"] = dict(observations)
    return entry


def rater_observations(evaluation: Evaluation) -> Mapping[int, Mapping[str, str]]:
    """The observations of each rater that has any, by the rater's index (issue 23)."""
    return evaluation.observations.raters if evaluation.observations is not None else {}


class RaterJson:
    """``json.dumps(rater_to_obj(rater))`` for many raters, fast: the JSON text of each item entry (and of each
    characteristic subtotal) is made once per distinct value and reused, since raters use few distinct α."""

    def __init__(
        self, rules: ServiceRules | None = None, observations: Mapping[int, Mapping[str, str]] | None = None
    ) -> None:
        self.observations = observations or {}  # by rater index (:func:`rater_observations`)
        self.text = PlainTexts()
        self.scores = rater_score_texts(rules or load_rules().service)
        self.items: dict[tuple[str, Decimal], str] = {}
        self.subtotals: dict[tuple[str, Decimal], str] = {}

    def __call__(self, rater: RaterScore) -> str:
        items = self.items
        entries = []
        for item, alpha, band, points in zip(rater.service_items, rater.alphas, rater.bands, rater.points, strict=True):
            entry = items.get((item.id, alpha))
            if entry is None:
                obj = {"id": item.id, "alpha": self.text[alpha], "band": band.band, "points": self.text[points]}
                entry = items[(item.id, alpha)] = json.dumps(obj, ensure_ascii=False)
            entries.append(entry)
        subtotals = []
        for cid, points in rater.characteristic_points.items():
            entry = self.subtotals.get((cid, points))
            if entry is None:
                entry = self.subtotals[(cid, points)] = json.dumps({"id": cid, "points": self.text[points]})
            subtotals.append(entry)
        observed = self.observations.get(rater.index)
        tail = f', "observations": {json.dumps(observed, ensure_ascii=False)}' if observed else ""
        return (
            f'{{"id": {json.dumps(rater.id, ensure_ascii=False)}, "score": "{self.scores[rater.score]}", '
            f'"characteristics": [{", ".join(subtotals)}], "items": [{", ".join(entries)}]{tail}}}'
        )


def result_to_obj(
    result: EvaluationResult,
    *,
    with_raters: bool = True,
    vector: str | None = None,
    trace_raters: Sequence[RaterScore] | None = None,
) -> dict[str, Any]:
    """The JSON output of ``evaluate``: exact numbers as strings, everything in the rules' order.

    ``with_raters=False`` leaves ``service.raters`` empty, for a writer that streams them (:func:`rater_to_obj`).
    For the calculator's session (scoring/session.py): ``vector``, the evaluation's string, if it is already made;
    ``trace_raters``, the raters whose steps the trace writes (default: all).
    """
    rules, service, management, cert = result.rules, result.service, result.management, result.certification
    places = rules.service.score_places
    text = PlainTexts()  # per-rater α and points: few distinct values, each formatted once
    scores = rater_score_texts(rules.service)
    observations = result.evaluation.observations
    by_rater = rater_observations(result.evaluation)
    record = {"record": record_to_obj(observations.record)} if observations and observations.record else {}
    clause_notes = {"observations": dict(observations.clauses)} if observations and observations.clauses else {}
    return {
        "scheme": {"id": rules.scheme.id, "version": rules.scheme.version},
        "package": {"name": "tbsc55-scoring", "version": __about__.__version__},
        "organization": result.evaluation.organization,
        "vector": to_vector(result.evaluation) if vector is None else vector,
        **record,
        "service": {
            "score": fixed(service.score, places),
            "rounding": {"places": places, "rule": "half-even"},
            "rater_count": len(service.raters),
            "sum_of_rater_scores": plain(service.sum_of_scores),
            "mean": shown(service.mean, places + DISPLAY_PLACES),
            "characteristics": [
                {
                    "id": c.characteristic.id,
                    "max_points": c.max_points,
                    "mean_points": shown(c.mean_points, DISPLAY_PLACES),
                }
                for c in service.characteristics
            ],
            "items": [
                {
                    "id": s.item.id,
                    "characteristic": s.item.characteristic,
                    "max_points": s.item.max_points,
                    "mean_alpha": shown(s.mean_alpha, DISPLAY_PLACES),
                    "mean_points": shown(s.mean_points, DISPLAY_PLACES),
                    "percent": shown(s.mean_alpha * 100, places),
                    "band": s.band.band,
                }
                for s in service.items
            ],
            "raters": [rater_to_obj(r, text, scores, by_rater.get(r.index)) for r in service.raters]
            if with_raters
            else [],
        },
        "management": {
            "total": plain(management.total),
            "grade": management.grade.grade,
            "conformity_passed": result.evaluation.conformity_passed,
            "groups": [
                {"id": g.group.id, "max_points": g.max_points, "points": plain(g.points)} for g in management.groups
            ],
            "clauses": [
                {"id": c.clause.id, "weight": c.clause.weight, "level": c.level, "points": plain(c.points)}
                for c in management.clauses
            ],
            **clause_notes,
        },
        "certification": {
            "profile": cert.profile.id,
            "stars": cert.stars,
            "certified": cert.stars > 0,
            "stars_by_scores": cert.stars_by_scores,
            "next_stars": cert.next_level.stars if cert.next_level else None,
            "shortfalls": [
                {
                    "stars": s.level.stars,
                    "kind": s.kind,
                    "required": plain(s.required),
                    "actual": plain(s.actual),
                    "gap": plain(s.gap),
                }
                for s in cert.shortfalls
            ],
            "reasons": [{"code": r.code, "clause": r.clause, "zh": r.text.zh, "en": r.text.en} for r in cert.reasons],
            # The reasons run together as one sentence in each language (what the calculator's note shows).
            "summary": {lang: reasons_sentence(cert.reasons, lang) for lang in ("zh", "en")},
            "next_star": _next_star_obj(result.next_star, places),
            **({"readings": readings_to_obj(result)} if result.readings_differ else {}),
        },
        "trace": [trace_step_obj(step) for step in trace(result, trace_raters)],
    }


def trace_step_obj(step: Step) -> dict[str, Any]:
    """One step of ``trace``: its clauses as one tag (``clause``, ``clause_zh``) linked to the first (``href``), and
    each clause with its own link (``refs``: ``5.1.1`` → 5.1.1, ``appendix 1`` → appendix 1)."""
    return {
        "clause": step.clause.en,
        "clause_zh": step.clause.zh,
        "href": href(step.anchor),
        "refs": [{"clause": r.names.en, "clause_zh": r.names.zh, "href": r.href} for r in step.refs],
        "zh": step.text.zh,
        "en": step.text.en,
    }


def _next_star_obj(plan: NextStar | None, places: int) -> dict[str, Any] | None:
    if plan is None:
        return None
    zh, en = describe(plan, grade_name(plan.level.min_grade).zh, stars_name(plan.level.stars).zh, places)
    return {
        "stars": plan.level.stars,
        "service_increase": plain(plan.service_increase),
        "points_needed": plain(plan.points_needed),
        "level_ups": [{"clause": u.clause_id, "from": u.from_level, "to": u.to_level} for u in plan.level_ups],
        "zh": zh,
        "en": en,
    }


def readings_to_obj(result: EvaluationResult) -> dict[str, Any]:
    """``certification.readings``, present only when the two readings of 5.3 give different stars: each reading's
    stars and what its next star would take, the sentence that says so, and the reading note (E1) it links to."""
    places = result.rules.service.score_places
    return {
        "zh": result.readings_sentence("zh"),
        "en": result.readings_sentence("en"),
        "title": {lang: word("readings", lang) for lang in ("zh", "en")},  # what the sentence follows, as a heading
        "profiles": [
            {
                "profile": r.certification.profile.id,
                "stars": r.certification.stars,
                "label": {"zh": r.label.zh, "en": r.label.en},
                "next_star": _next_star_obj(r.next_star, places),
                "next": {"zh": r.next("zh", places), "en": r.next("en", places)},
            }
            for r in result.readings
        ],
        "note": {lang: readings_note(lang) for lang in ("zh", "en")},
        "href": href(READINGS_NOTE),
    }


READINGS_NOTE = "notes-5-3-profiles"  # the reading note on the two readings of 5.3 (E1)


def readings_note(lang: Lang) -> str:
    """Why the readings differ, and where the site explains it (reading note E1, named: a report has no links)."""
    return word("readings_note", lang, note=note_name(READINGS_NOTE))


# --- the trace: each step of the grading, with the clause it applies ---------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of the trace: what it computes, in each language, and the clauses it applies (:func:`cite`'s
    places: the first is the step's link where only one is shown)."""

    refs: tuple[Ref, ...]
    text: Names

    @property
    def clause(self) -> Names:
        """The clauses it applies, as a reader of each language cites them: ``5.1.1；附录 1``, ``5.1.1; appendix 1``."""
        return Names("；".join(r.names.zh for r in self.refs), "; ".join(r.names.en for r in self.refs))

    @property
    def anchor(self) -> str:
        return self.refs[0].anchor


# The clauses each kind of step applies (citations of scoring.anchors.cite).
# A rater's score: appendix 1's columns (item points, α, actual score), summed as the site reads them (E6) — 5.1.1
# and appendix 1 state no formula, so the step cites the reading beside the table.
RATER_CLAUSES = ("appendix 1", "notes-alpha")
MEAN_CLAUSE = "5.1.2"  # the service score: the mean of the rater scores
ROUNDING_CLAUSE = "notes-rounding"  # ours: the reported service score (reading note E4)
TOTAL_CLAUSE = "appendix 3 2)"  # the maturity total: the clauses' points added up
RESULT_CLAUSE = "5.3"  # the conformity examination, each star level, the result


def _sum(terms: Sequence[tuple[str, str]], lang: Lang) -> str:
    """``1.1：5×0.8 + 1.2：7×0.75`` — each term of a sum named by its item, clause or rater, for an auditor to
    cross-check it against its own row."""
    sep = colon(lang)
    return " + ".join(f"{name}{sep}{value}" for name, value in terms)


def _named(raters: Sequence[RaterScore], scores: Any) -> Names:
    """A sum of rater scores, each named by its rater: 测评人 1：90 + 测评人 2 · R2：85 / Rater 1: 90 + …"""
    return Names(
        *(_sum([(rater_label(r.index + 1, r.id, lang), scores[r.score]) for r in raters], lang) for lang in LANGS)
    )


def trace(result: EvaluationResult, raters: Sequence[RaterScore] | None = None) -> tuple[Step, ...]:
    """The grading step by step, for an auditor to follow clause by clause (``raters``: the raters whose steps
    are written, by default all of them). Each sum names its terms: a rater's score its items (``1.1：5×0.8``), the
    service score its raters, the maturity total its clauses (``1.1：5×4/5``)."""
    rules, service, management, cert = result.rules, result.service, result.management, result.certification
    places = rules.service.score_places
    steps: list[Step] = []
    text = PlainTexts()
    scores = rater_score_texts(rules.service)
    in_full = len(service.raters) <= TRACE_TERMS_MAX_RATERS
    rater_refs = tuple(cite(c) for c in RATER_CLAUSES)
    for r in service.raters if raters is None else raters:
        score = scores[r.score]
        terms = [(s.item.id, f"{s.item.max_points}×{text[s.alpha]}") for s in r.items] if in_full else []
        steps.append(
            Step(
                rater_refs,
                both(
                    "trace_rater",
                    rater=Names(*(rater_label(r.index + 1, r.id, lang) for lang in LANGS)),
                    terms=Names(*(f"{_sum(terms, lang)} = " if terms else "" for lang in LANGS)),
                    score=score,
                ),
            )
        )
    count = len(service.raters)
    mean = shown(service.mean, places + DISPLAY_PLACES)
    total_of_scores = plain(service.sum_of_scores)

    # The sum of the rater scores, each named by its rater (in parentheses, before it is divided), when the trace
    # spells out the raters' sums.
    summed: Names | str = total_of_scores
    if in_full:
        named = _named(service.raters, scores)
        summed = Names(f"({named.zh} = {total_of_scores})", f"({named.en} = {total_of_scores})")
    steps.append(Step((cite(MEAN_CLAUSE),), both("trace_mean", sum=summed, count=count, mean=mean)))
    score = fixed(service.score, places)
    steps.append(
        Step(
            (cite(ROUNDING_CLAUSE),),
            both("trace_rounding", places=places, mean=mean, score=score),
        )
    )
    divisor = rules.management.level_divisor
    clause_terms = [(c.clause.id, f"{c.clause.weight}×{c.level}/{divisor}") for c in management.clauses]
    total = plain(management.total)
    steps.append(
        Step(
            (cite(TOTAL_CLAUSE),),
            both("trace_total", terms=Names(*(_sum(clause_terms, lang) for lang in LANGS)), total=total),
        )
    )
    band = management.grade
    upper = "≤" if band.upper_inclusive else "<"
    bounds = f"{band.lower} ≤ {total} {upper} {band.upper}"
    steps.append(
        Step(
            (cite(band.clause),),
            both("trace_grade", band=bounds, grade=grade_in_sentence(band.grade)),
        )
    )
    passed = result.evaluation.conformity_passed
    result_ref = cite(RESULT_CLAUSE)
    steps.append(Step((result_ref,), both("trace_conformity_passed" if passed else "trace_conformity_failed")))
    grade = band.grade
    profile_ref = result_ref.qualified(cert.profile.name)
    for level in cert.profile.levels:
        holds = service.score >= level.min_service_score and grade >= level.min_grade
        mark, minimum = ("✓" if holds else "✗"), plain(level.min_service_score)
        steps.append(
            Step(
                (profile_ref,),
                both(
                    "trace_stars",
                    profile=cert.profile.id,
                    stars=stars_name(level.stars),
                    score=score,
                    minimum=minimum,
                    grade=grade_in_sentence(grade),
                    min_grade=grade_in_sentence(level.min_grade),
                    mark=mark,
                ),
            )
        )
        if holds:
            break
    outcome = stars_name(cert.stars)
    steps.append(Step((result_ref,), both("trace_result", outcome=outcome)))
    return tuple(steps)


def evaluate_obj(evaluation: Evaluation, rules: Rules | None = None) -> dict[str, Any]:
    """Grade and return the JSON output (the form the CLI prints and the browser renders)."""
    return result_to_obj(evaluate(evaluation, rules))


__all__ = [
    "EvaluationResult",
    "RaterJson",
    "Reading",
    "Step",
    "evaluate",
    "evaluate_obj",
    "rater_observations",
    "rater_to_obj",
    "result_to_obj",
    "trace",
]
