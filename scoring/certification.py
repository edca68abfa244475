"""Certification result (5.3): the star level from the service score and the management grade.

The clause's table and its text disagree; each reading is a profile in the rules file. In every profile the
result is the highest star level whose two minimums both hold, and nothing at all unless the management
conformity review was passed (5.3: 必须通过管理要求符合性审查). Every result says why it is not one star higher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .messages import names
from .numbers import fixed
from .rules import Lang, Names, Profile, StarLevel
from .words import both, noted

_ZH_NUMERALS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Shortfall:
    """A minimum of ``level`` that the evaluation misses, and by how much."""

    kind: Literal["service_score", "grade"]
    level: StarLevel
    required: Decimal
    actual: Decimal
    gap: Decimal


@dataclass(frozen=True)
class Reason:
    code: Literal["conformity_failed", "scores_alone", "below_minimum", "highest_level"]
    clause: str
    text: Names


@dataclass(frozen=True)
class CertificationResult:
    profile: Profile
    stars: int  # 0: not certified
    level: StarLevel | None  # the level reached, None when not certified
    stars_by_scores: int  # the stars the two scores reach, whatever the conformity review
    next_level: StarLevel | None  # one star above the scores' level; None at the top
    shortfalls: tuple[Shortfall, ...]  # the minimums of next_level that fail
    reasons: tuple[Reason, ...]


def reason_line(reason: Reason, lang: Lang) -> str:
    """One reason as a line of a list (the text output, the report): its text, then its clause in parentheses as the
    language writes them — ``…（5.3）``, ``… (5.3)``."""
    return noted(reason.text(lang), reason.clause, lang)


def reasons_sentence(reasons: Sequence[Reason], lang: Lang) -> str:
    """The reasons run together as one sentence, as each language writes one: ``…；…。``, ``…; ….``.

    A reason is written to stand alone, as a list item, so its English starts with a capital ("The scores alone
    would reach 5 stars"); after a semicolon it goes on in lower case ("…; the scores alone would reach 5 stars").
    Where reasons are shown run together, this is the join to use.
    """
    texts = [reason.text(lang) for reason in reasons]
    if not texts:
        return ""
    if lang == "zh":
        return "；".join(texts) + "。"
    return "; ".join([texts[0], *map(_continued, texts[1:])]) + "."


def _continued(text: str) -> str:
    """An English reason going on after a semicolon: a capitalised first word in lower case, anything else (a
    number, an abbreviation such as "SHA") as it is."""
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def stars_name(stars: int) -> Names:
    if stars == 0:
        return names("not_certified")
    return names("stars_name", stars=Names(zh=zh_numeral(stars), en=str(stars)))


def grade_name(grade: int) -> Names:
    return names("grade_name", grade=Names(zh=zh_numeral(grade), en=str(grade)))


def zh_numeral(number: int) -> str:
    """A digit as a Chinese numeral: 3 → 三 (三星级, 三级)."""
    return _ZH_NUMERALS[number]


def grade_in_sentence(grade: int) -> Names:
    """A management grade inside a sentence that names it already: 三级 / 3 (管理要求分级为三级, management grade 3)."""
    return Names(grade_name(grade).zh, str(grade))


def reached_level(score: Decimal, grade: int, profile: Profile) -> StarLevel | None:
    """5.3: the highest level whose minimum service score and minimum management grade both hold."""
    for level in profile.levels:  # highest first
        if score >= level.min_service_score and grade >= level.min_grade:
            return level
    return None


def shortfalls(score: Decimal, grade: int, level: StarLevel) -> tuple[Shortfall, ...]:
    """The minimums of ``level`` that fail, with the gap to each."""
    found: list[Shortfall] = []
    if score < level.min_service_score:
        found.append(Shortfall("service_score", level, level.min_service_score, score, level.min_service_score - score))
    if grade < level.min_grade:
        found.append(
            Shortfall("grade", level, Decimal(level.min_grade), Decimal(grade), Decimal(level.min_grade - grade))
        )
    return tuple(found)


def certify(score: Decimal, grade: int, conformity_passed: bool, profile: Profile, places: int) -> CertificationResult:
    """5.3 for one profile; ``score`` is the reported (rounded) service score, ``grade`` the appendix 3 grade."""
    level = reached_level(score, grade, profile)
    stars_by_scores = level.stars if level else 0
    higher = [lv for lv in profile.levels if lv.stars > stars_by_scores]
    next_level = min(higher, key=lambda lv: lv.stars) if higher else None
    missing = shortfalls(score, grade, next_level) if next_level else ()

    reasons: list[Reason] = []
    if not conformity_passed:
        reasons.append(
            Reason(
                "conformity_failed",
                "5.3",
                both("reason_conformity"),
            )
        )
        if level:
            reasons.append(
                Reason(
                    "scores_alone",
                    level.clause,
                    both("reason_scores_alone", stars=stars_name(level.stars)),
                )
            )
    reasons += [_below_minimum(s, places) for s in missing]
    if next_level is None:
        reasons.append(Reason("highest_level", "5.3", both("top_star")))
    return CertificationResult(
        profile=profile,
        stars=stars_by_scores if conformity_passed else 0,
        level=level if conformity_passed else None,
        stars_by_scores=stars_by_scores,
        next_level=next_level,
        shortfalls=missing,
        reasons=tuple(reasons),
    )


def _below_minimum(shortfall: Shortfall, places: int) -> Reason:
    target = stars_name(shortfall.level.stars)
    if shortfall.kind == "service_score":
        actual, required, gap = (fixed(v, places) for v in (shortfall.actual, shortfall.required, shortfall.gap))
        text = both("reason_service_below", actual=actual, required=required, gap=gap, stars=target)
    else:
        actual_grade, required_grade = int(shortfall.actual), int(shortfall.required)
        text = both(
            "reason_grade_below",
            actual=grade_in_sentence(actual_grade),
            required=grade_in_sentence(required_grade),
            gap=shortfall.gap,
            stars=target,
        )
    return Reason("below_minimum", "5.3", text)
