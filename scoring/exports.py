"""Spreadsheet exports: one CSV table per result (``evaluate --format csv``) or per comparison (``diff``).

UTF-8 with a byte order mark, so that Excel and WPS open the Chinese correctly; every text cell neutralised
against formula injection; numbers written as the exact decimal text the JSON output gives; headers and labels in
the chosen language. One table, so that a spreadsheet can sort and filter it: a first column says what each row is.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .certification import stars_name
from .diff import Comparison, exact_number
from .engine import DISPLAY_PLACES, EvaluationResult
from .numbers import fixed, plain, shown
from .rules import Lang
from .spreadsheet import Cell, Number, csv_table

_LABELS: dict[str, tuple[str, str]] = {
    "section": ("类别", "Section"),
    "id": ("编号", "Id"),
    "name": ("名称", "Name"),
    "max": ("分值或总分值", "Item points or weight"),
    "value": ("平均 α 或成熟度水平", "Mean α or maturity level"),
    "band": ("李克特等级", "Likert band"),
    "points": ("得分或结果", "Points or result"),
    "result": ("结果", "Result"),
    "characteristic": ("服务特性指标", "Service characteristic"),
    "item": ("服务指标", "Service item"),
    "clause": ("管理要求条款", "Management clause"),
    "rater": ("测评人", "Rater"),
    "organization": ("组织", "Organization"),
    "profile": ("判定方案", "Profile"),
    "raters": ("测评人数", "Raters"),
    "score": ("服务特性测评得分", "Service score"),
    "total": ("管理成熟度总分", "Maturity total"),
    "grade": ("管理要求分级", "Management grade"),
    "conformity": ("管理要求符合性审查", "Conformity examination"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "not passed"),
    "stars": ("认证结果（星级）", "Result (stars)"),
    "stars_name": ("认证结果", "Result"),
    "a": ("A", "A"),
    "b": ("B", "B"),
    "delta": ("差值 B − A", "Difference B − A"),
    "effect": ("得分变化", "Effect in points"),
    "item_points": ("平均得分", "Mean points"),
    "level": ("成熟度水平", "Maturity level"),
}


def _l(key: str, lang: Lang) -> str:
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def _n(text: str) -> Number:
    return Number(text)


def evaluation_rows(result: EvaluationResult, lang: Lang) -> Iterator[list[Cell]]:
    """The rows of one result: totals and stars first, then the characteristics, items, clauses and raters."""
    rules, service, management, cert = result.rules, result.service, result.management, result.certification
    places = rules.service.score_places
    result_label = _l("result", lang)
    conformity = _l("passed" if result.evaluation.conformity_passed else "failed", lang)
    for key, value in (
        ("organization", result.evaluation.organization or ""),
        ("profile", f"{cert.profile.id} — {cert.profile.name(lang)}"),
    ):
        yield [result_label, None, _l(key, lang), None, None, None, value]
    for key, number in (
        ("raters", str(len(service.raters))),
        ("score", fixed(service.score, places)),
        ("total", plain(management.total)),
        ("grade", str(management.grade.grade)),
    ):
        yield [result_label, None, _l(key, lang), None, None, None, _n(number)]
    yield [result_label, None, _l("conformity", lang), None, None, None, conformity]
    yield [result_label, None, _l("stars", lang), None, None, None, _n(str(cert.stars))]
    yield [result_label, None, _l("stars_name", lang), None, None, None, stars_name(cert.stars)(lang)]
    for c in service.characteristics:
        yield [
            _l("characteristic", lang),
            c.characteristic.id,
            c.characteristic.name(lang),
            _n(str(c.max_points)),
            None,
            None,
            _n(shown(c.mean_points, DISPLAY_PLACES)),
        ]
    for s in service.items:
        yield [
            _l("item", lang),
            s.item.id,
            s.item.name(lang),
            _n(str(s.item.max_points)),
            _n(shown(s.mean_alpha, DISPLAY_PLACES)),
            _n(str(s.band.band)),
            _n(shown(s.mean_points, DISPLAY_PLACES)),
        ]
    for m in management.clauses:
        yield [
            _l("clause", lang),
            m.clause.id,
            m.clause.name(lang),
            _n(str(m.clause.weight)),
            _n(str(m.level)),
            None,
            _n(plain(m.points)),
        ]
    for r in service.raters:
        yield [
            _l("rater", lang),
            r.id if r.id is not None else f"#{r.index + 1}",
            None,
            None,
            None,
            None,
            _n(plain(r.score)),
        ]


def evaluation_csv(result: EvaluationResult, lang: Lang) -> str:
    """``evaluate --format csv``: the result as one table (items, clauses, totals, stars), for a spreadsheet."""
    header = [_l(k, lang) for k in ("section", "id", "name", "max", "value", "band", "points")]
    return csv_table(header, evaluation_rows(result, lang))


def comparison_rows(comparison: Comparison, lang: Lang) -> Iterator[list[Cell]]:
    """Every figure of both sides with B − A: the totals, then all 19 items and all 21 clauses (a spreadsheet filters
    the unchanged ones out itself; the text and JSON outputs list only those that differ)."""
    a, b = comparison.a, comparison.b
    places = a.rules.service.score_places
    result_label = _l("result", lang)

    def conformity(result: EvaluationResult) -> str:
        return _l("passed" if result.evaluation.conformity_passed else "failed", lang)

    yield [
        result_label,
        None,
        _l("organization", lang),
        a.evaluation.organization or "",
        b.evaluation.organization or "",
        None,
        None,
    ]
    yield [result_label, None, _l("profile", lang), a.certification.profile.id, b.certification.profile.id, None, None]
    yield [
        result_label,
        None,
        _l("raters", lang),
        _n(str(len(a.service.raters))),
        _n(str(len(b.service.raters))),
        _n(str(len(b.service.raters) - len(a.service.raters))),
        None,
    ]
    yield [
        result_label,
        None,
        _l("score", lang),
        _n(fixed(a.service.score, places)),
        _n(fixed(b.service.score, places)),
        _n(fixed(comparison.service_score, places)),
        None,
    ]
    yield [
        result_label,
        None,
        _l("total", lang),
        _n(plain(a.management.total)),
        _n(plain(b.management.total)),
        _n(str(exact_number(comparison.management_total))),
        None,
    ]
    yield [
        result_label,
        None,
        _l("grade", lang),
        _n(str(a.management.grade.grade)),
        _n(str(b.management.grade.grade)),
        _n(str(comparison.grade)),
        None,
    ]
    yield [result_label, None, _l("conformity", lang), conformity(a), conformity(b), None, None]
    yield [
        result_label,
        None,
        _l("stars", lang),
        _n(str(a.certification.stars)),
        _n(str(b.certification.stars)),
        _n(str(comparison.stars)),
        None,
    ]
    item_label = f"{_l('item', lang)} · {_l('item_points', lang)}"
    for x, y in zip(a.service.items, b.service.items, strict=True):
        shown_a, shown_b = shown(x.mean_points, DISPLAY_PLACES), shown(y.mean_points, DISPLAY_PLACES)
        delta = plain(Decimal(shown_b) - Decimal(shown_a))
        yield [item_label, x.item.id, x.item.name(lang), _n(shown_a), _n(shown_b), _n(delta), _n(delta)]
    clause_label = f"{_l('clause', lang)} · {_l('level', lang)}"
    for p, q in zip(a.management.clauses, b.management.clauses, strict=True):
        yield [
            clause_label,
            p.clause.id,
            p.clause.name(lang),
            _n(str(p.level)),
            _n(str(q.level)),
            _n(str(q.level - p.level)),
            _n(plain(q.points - p.points)),
        ]


def comparison_csv(comparison: Comparison, lang: Lang) -> str:
    """``diff --format csv``: both evaluations side by side with B − A and the effect in points, as one table."""
    header = [_l(k, lang) for k in ("section", "id", "name", "a", "b", "delta", "effect")]
    return csv_table(header, comparison_rows(comparison, lang))


__all__ = ["comparison_csv", "comparison_rows", "evaluation_csv", "evaluation_rows"]
