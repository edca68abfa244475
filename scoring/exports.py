"""Spreadsheet exports: one CSV table per result (``evaluate --format csv``) or per comparison (``diff``).

UTF-8 with a byte order mark, so that Excel and WPS open the Chinese correctly; every text cell neutralised
against formula injection; numbers written as the exact decimal text the JSON output gives; headers and labels in
the chosen language. One table, so that a spreadsheet can sort and filter it: a first column says what each row is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction

from .certification import stars_name
from .diff import Comparison, exact_number
from .document import record_to_obj
from .engine import DISPLAY_PLACES, EvaluationResult
from .numbers import fixed, plain, shown
from .rules import Lang, Profile
from .service import rater_score_text
from .spreadsheet import Cell, Number, csv_table
from .words import passed, rater_label, word


def _int(value: int) -> Number:
    return Number(str(value))


def _shown(value: Fraction) -> Number:
    """A mean as the text and JSON outputs state it (exact, or to DISPLAY_PLACES decimals)."""
    return Number(shown(value, DISPLAY_PLACES))


def _section(section: str, rows: Iterable[tuple[Cell, ...]]) -> Iterator[list[Cell]]:
    """The rows of one section of a table: the section's name, then each row's id, name and four figures (empty
    cells where a row has no such figure)."""
    for row in rows:
        yield [section, *row]


def evaluation_rows(result: EvaluationResult, lang: Lang) -> Iterator[list[Cell]]:
    """The rows of one result: totals and stars first, then the characteristics, items, clauses and raters.

    Columns: section, id, name, item points or weight, mean α or maturity level, Likert band, points or result.
    """
    rules, service, management, cert = result.rules, result.service, result.management, result.certification
    conformity = passed(result.evaluation.conformity_passed, lang)
    totals: tuple[tuple[str, Cell], ...] = (
        ("organization", result.evaluation.organization or ""),
        ("profile", _profile(cert.profile, lang)),
        ("raters", _int(len(service.raters))),
        ("service_score", Number(fixed(service.score, rules.service.score_places))),
        ("total", Number(plain(management.total))),
        ("grade", _int(management.grade.grade)),
        ("conformity", conformity),
        ("stars", _int(cert.stars)),
        ("certification", stars_name(cert.stars)(lang)),
    )
    yield from _section(
        word("result", lang), ((None, word(key, lang), None, None, None, value) for key, value in totals)
    )
    yield from _section(
        word("characteristic", lang),
        (
            (c.characteristic.id, c.characteristic.name(lang), _int(c.max_points), None, None, _shown(c.mean_points))
            for c in service.characteristics
        ),
    )
    yield from _section(
        word("item", lang),
        (
            (
                s.item.id,
                s.item.name(lang),
                _int(s.item.max_points),
                _shown(s.mean_alpha),
                _int(s.band.band),
                _shown(s.mean_points),
            )
            for s in service.items
        ),
    )
    yield from _section(
        word("clause", lang),
        (
            (m.clause.id, m.clause.name(lang), _int(m.clause.weight), _int(m.level), None, Number(plain(m.points)))
            for m in management.clauses
        ),
    )
    yield from _section(
        word("rater", lang),
        (
            (str(r.index + 1), r.id, None, None, None, Number(rater_score_text(r.score, rules.service)))
            for r in service.raters
        ),
    )
    yield from observation_rows(result, lang)


def observation_rows(result: EvaluationResult, lang: Lang) -> Iterator[list[Cell]]:
    """The record and the observations, when the evaluation has any (issue 23): text in the last column, each
    cell neutralised as every text cell is. Record rows are named by their member; a rater's observation by the
    rater and the item; a clause's by the clause."""
    observations = result.evaluation.observations
    if observations is None:
        return
    rules = result.rules
    if observations.record is not None:
        record = record_to_obj(observations.record)
        yield from _section(
            word("record", lang),
            (
                (None, word("record_date" if key == "date" else key, lang), None, None, None, _text(value, lang))
                for key, value in record.items()
            ),
        )
    items = {item.id: item for item in rules.service.items}
    for index, notes in observations.raters.items():
        label = rater_label(index + 1, result.evaluation.raters[index].id, lang)
        yield from _section(
            f"{word('observation', lang)} · {label}",
            ((item_id, items[item_id].name(lang), None, None, None, text) for item_id, text in notes.items()),
        )
    clauses = {clause.id: clause for clause in rules.management.clauses}
    yield from _section(
        f"{word('observation', lang)} · {word('clause', lang)}",
        (
            (clause_id, clauses[clause_id].name(lang), None, None, None, text)
            for clause_id, text in observations.clauses.items()
        ),
    )


def _text(value: str | list[str], lang: Lang) -> str:
    """A member of the record as one cell (the team joined as a list is written in ``lang``)."""
    return value if isinstance(value, str) else ("、" if lang == "zh" else ", ").join(value)


def evaluation_csv(result: EvaluationResult, lang: Lang) -> str:
    """``evaluate --format csv``: the result as one table (items, clauses, totals, stars), for a spreadsheet."""
    header = [
        word(k, lang)
        for k in ("section", "id", "name", "points_or_weight", "alpha_or_level", "band", "points_or_result")
    ]
    return csv_table(header, evaluation_rows(result, lang))


def _profile(profile: Profile, lang: Lang) -> str:
    """A 5.3 profile as every CSV names it: its id and its name in the language of the table."""
    return f"{profile.id} — {profile.name(lang)}"


def comparison_rows(comparison: Comparison, lang: Lang) -> Iterator[list[Cell]]:
    """Every figure of both sides with B − A: the totals, then all 19 items and all 21 clauses (a spreadsheet filters
    the unchanged ones out itself; the text and JSON outputs list only those that differ).

    Columns: section, id, name, A, B, B − A, effect in points.
    """
    a, b = comparison.a, comparison.b
    places = a.rules.service.score_places

    totals: tuple[tuple[str, Cell, Cell, Cell], ...] = (
        ("organization", a.evaluation.organization or "", b.evaluation.organization or "", None),
        ("profile", _profile(a.certification.profile, lang), _profile(b.certification.profile, lang), None),
        (
            "raters",
            _int(len(a.service.raters)),
            _int(len(b.service.raters)),
            _int(len(b.service.raters) - len(a.service.raters)),
        ),
        (
            "service_score",
            Number(fixed(a.service.score, places)),
            Number(fixed(b.service.score, places)),
            Number(fixed(comparison.service_score, places)),
        ),
        (
            "total",
            Number(plain(a.management.total)),
            Number(plain(b.management.total)),
            Number(str(exact_number(comparison.management_total))),
        ),
        ("grade", _int(a.management.grade.grade), _int(b.management.grade.grade), _int(comparison.grade)),
        (
            "conformity",
            passed(a.evaluation.conformity_passed, lang),
            passed(b.evaluation.conformity_passed, lang),
            None,
        ),
        ("stars", _int(a.certification.stars), _int(b.certification.stars), _int(comparison.stars)),
    )
    yield from _section(
        word("result", lang), ((None, word(key, lang), x, y, delta, None) for key, x, y, delta in totals)
    )

    def items() -> Iterator[tuple[Cell, ...]]:
        for x, y in zip(a.service.items, b.service.items, strict=True):
            shown_a, shown_b = shown(x.mean_points, DISPLAY_PLACES), shown(y.mean_points, DISPLAY_PLACES)
            delta = Number(plain(Decimal(shown_b) - Decimal(shown_a)))
            yield x.item.id, x.item.name(lang), Number(shown_a), Number(shown_b), delta, delta

    yield from _section(f"{word('item', lang)} · {word('mean_score', lang)}", items())
    yield from _section(
        f"{word('clause', lang)} · {word('level', lang)}",
        (
            (
                p.clause.id,
                p.clause.name(lang),
                _int(p.level),
                _int(q.level),
                _int(q.level - p.level),
                Number(plain(q.points - p.points)),
            )
            for p, q in zip(a.management.clauses, b.management.clauses, strict=True)
        ),
    )
    yield from _section(
        word("observations_differ", lang), ((c.path, None, c.a, c.b, None, None) for c in comparison.observations)
    )


def comparison_csv(comparison: Comparison, lang: Lang) -> str:
    """``diff --format csv``: both evaluations side by side with B − A and the effect in points, as one table."""
    header = [word(k, lang) for k in ("section", "id", "name", "a", "b", "delta", "effect")]
    return csv_table(header, comparison_rows(comparison, lang))


__all__ = ["comparison_csv", "comparison_rows", "evaluation_csv", "evaluation_rows"]
