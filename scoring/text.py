"""The CLI's readable text output of a result, in Chinese or English (tables aligned for CJK double width)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction

from .certification import grade_name, stars_name
from .diagnostics import (
    ABOUT,
    MAX_BANDS_SPANNED,
    ONE_RATER,
    RATER_DIFFERENCE_POINTS,
    SD_PLACES,
    Diagnostics,
    band_marks,
    label,
    rater_name,
)
from .diff import Comparison
from .engine import DISPLAY_PLACES, EvaluationResult, trace
from .errors import printable
from .numbers import fixed, plain, shown, shown_quotient, signed
from .rules import Lang

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("评价结果", "Evaluation result"),
    "organization": ("组织", "Organization"),
    "profile": ("判定方案", "Profile"),
    "service": ("服务特性测评（5.1，附录 1）", "Service characteristic evaluation (5.1, appendix 1)"),
    "raters": ("测评人数", "Raters"),
    "item": ("项目", "Item"),
    "name": ("名称", "Name"),
    "max": ("分值", "Max"),
    "mean_alpha": ("平均 α", "Mean α"),
    "points": ("平均得分", "Mean points"),
    "band": ("李克特等级", "Likert band"),
    "subtotals": ("特性小计", "Subtotals by characteristic"),
    "score": ("服务特性测评得分", "Service score"),
    "management": ("管理要求（附录 3）", "Management requirements (appendix 3)"),
    "clause": ("条款", "Clause"),
    "weight": ("总分值", "Weight"),
    "level": ("成熟度", "Level"),
    "clause_points": ("得分", "Points"),
    "total": ("管理成熟度总分", "Maturity total"),
    "grade": ("管理要求分级", "Management grade"),
    "conformity": ("管理要求符合性审查", "Conformity examination"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "not passed"),
    "result": ("认证结果（5.3）", "Certification result (5.3)"),
    "why": ("说明", "Why"),
    "trace": ("计算步骤", "Step by step"),
    "comparison": ("两次评价的比较", "Comparison of two evaluations"),
    "figure": ("项", "Figure"),
    "delta": ("差值 B − A", "Difference B − A"),
    "items_differ": (
        "平均得分不同的服务指标（附录 1）",
        "Service items whose mean points differ (appendix 1)",
    ),
    "clauses_differ": (
        "成熟度水平不同的条款（附录 3；得分变化 = 总分值 × 成熟度水平之差 ÷ 5）",
        "Clauses whose maturity level differs (appendix 3; effect = weight × difference of maturity level ÷ 5)",
    ),
    "effect": ("得分变化", "Effect in points"),
    "no_items": ("各服务指标的平均得分相同", "no service item's mean points differ"),
    "no_clauses": ("各条款的成熟度水平相同", "no clause's maturity level differs"),
    "same": ("两次评价的评分结果没有差异", "the two evaluations are graded alike: nothing differs"),
    "stars": ("认证结果", "Result"),
}


def _label(key: str, lang: Lang) -> str:
    """The label followed by nothing; ``_label(key, lang) + _colon(lang)`` before a value."""
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def _colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: list[str], widths: list[int], right: set[int]) -> str:
    out = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        pad = " " * (width - _width(cell))
        out.append(pad + cell if index in right else cell + pad)
    return "  " + "  ".join(out).rstrip()


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    rule = "  " + "  ".join("─" * w for w in widths)
    return [_row(header, widths, right), rule, *(_row(r, widths, right) for r in rows)]


def render_text(result: EvaluationResult, lang: Lang) -> str:
    rules, service, management, cert = result.rules, result.service, result.management, result.certification
    places = rules.service.score_places
    bands = {b.band: b for b in rules.service.likert_bands}
    names = {c.id: c.name(lang) for c in rules.service.characteristics}
    lines = [f"{rules.scheme.full_id} {rules.scheme.title(lang)} — {_label('title', lang)}"]
    if result.evaluation.organization is not None:
        lines.append(f"{_label('organization', lang)}{_colon(lang)}{result.evaluation.organization}")
    lines.append(f"{_label('profile', lang)}{_colon(lang)}{cert.profile.id} — {cert.profile.name(lang)}")
    lines += ["", f"{_label('service', lang)} · {_label('raters', lang)} {len(service.raters)}"]
    lines += _table(
        [_label(k, lang) for k in ("item", "name", "max", "mean_alpha", "points", "band")],
        [
            [
                s.item.id,
                f"{names[s.item.characteristic]}·{s.item.name(lang)}",
                str(s.item.max_points),
                shown(s.mean_alpha, DISPLAY_PLACES),
                shown(s.mean_points, DISPLAY_PLACES),
                f"{s.band.band} {bands[s.band.band].label(lang)}",
            ]
            for s in service.items
        ],
        right={2, 3, 4},
    )
    subtotals = ", ".join(
        f"{c.characteristic.name(lang)} {shown(c.mean_points, DISPLAY_PLACES)}/{c.max_points}"
        for c in service.characteristics
    )
    lines.append(f"  {_label('subtotals', lang)}{_colon(lang)}{subtotals}")
    mean = shown(service.mean, places + DISPLAY_PLACES)
    lines.append(
        f"  {_label('score', lang)}{_colon(lang)}{fixed(service.score, places)}  (= {plain(service.sum_of_scores)} ÷ "
        f"{len(service.raters)} = {mean})"
    )
    lines += ["", _label("management", lang)]
    lines += _table(
        [_label(k, lang) for k in ("clause", "name", "weight", "level", "clause_points")],
        [
            [c.clause.id, c.clause.name(lang), str(c.clause.weight), str(c.level), plain(c.points)]
            for c in management.clauses
        ],
        right={2, 3, 4},
    )
    conformity = _label("passed" if result.evaluation.conformity_passed else "failed", lang)
    lines.append(
        f"  {_label('total', lang)}{_colon(lang)}{plain(management.total)} · {_label('grade', lang)}{_colon(lang)}"
        f"{grade_name(management.grade.grade)(lang)} · {_label('conformity', lang)}{_colon(lang)}{conformity}"
    )
    lines += ["", f"{_label('result', lang)}{_colon(lang)}{stars_name(cert.stars)(lang)}"]
    lines += [f"  · {reason.text(lang)} ({reason.clause})" for reason in cert.reasons]
    lines += ["", _label("trace", lang)]
    lines += [f"  {n}. {step.text(lang)}  [{step.clause(lang)}]" for n, step in enumerate(trace(result), start=1)]
    # Names are refused with control characters at input; escaped here anyway, so no line can drive a terminal.
    return "\n".join(map(printable, lines)) + "\n"


MAX_LISTED_RATERS = 20  # flagged raters listed in the text output; the JSON and the report list them all


def render_diagnostics_text(diagnostics: Diagnostics, lang: Lang) -> str:
    """The site's rater agreement diagnostics as text, labelled as editorial (scoring.diagnostics)."""
    lines = ["", label("diagnostics", lang), f"  {ABOUT(lang)}"]
    if not diagnostics.comparable:
        lines.append(f"  {ONE_RATER(lang)}")
        return "\n".join(lines) + "\n"
    lines += _table(
        [_label("item", lang), *(label(k, lang) for k in ("lowest", "highest", "range", "sd", "bands_used", "flag"))],
        [
            [
                i.item.id,
                plain(i.lowest),
                plain(i.highest),
                plain(i.range),
                fixed(i.standard_deviation, SD_PLACES),
                band_marks(i.bands),
                "⚑" if i.flagged else "",
            ]
            for i in diagnostics.items
        ],
        right={1, 2, 3, 4},
    )
    lines.append("  " + label("legend", lang, bands=MAX_BANDS_SPANNED, places=SD_PLACES))
    flagged = diagnostics.flagged_raters
    lines.append(
        f"  {label('raters_flagged', lang, n=plain(RATER_DIFFERENCE_POINTS))}{_colon(lang)}"
        + (str(len(flagged)) if flagged else label("none", lang))
    )
    for rater in flagged[:MAX_LISTED_RATERS]:
        line = label(
            "rater_line",
            lang,
            name=rater_name(rater),
            score=plain(rater.score),
            others=shown_quotient(rater.others_sum, rater.divisor, DISPLAY_PLACES),
            difference=signed(shown_quotient(rater.excess, rater.divisor, DISPLAY_PLACES)),
        )
        lines.append(f"    ⚑ {line}")
    if len(flagged) > MAX_LISTED_RATERS:
        lines.append(f"    {label('more', lang, n=len(flagged) - MAX_LISTED_RATERS)}")
    return "\n".join(map(printable, lines)) + "\n"


def _difference(value: Decimal | Fraction | int) -> str:
    return signed(plain(value))


def render_diff_text(comparison: Comparison, lang: Lang) -> str:
    """``diff``: each side's figures, their differences B − A, then the items and clauses that differ."""
    a, b = comparison.a, comparison.b
    rules = a.rules
    places = rules.service.score_places
    lines = [f"{rules.scheme.full_id} {rules.scheme.title(lang)} — {_label('comparison', lang)}", ""]

    def conformity(result: EvaluationResult) -> str:
        return _label("passed" if result.evaluation.conformity_passed else "failed", lang)

    rows = [
        [_label("organization", lang), a.evaluation.organization or "—", b.evaluation.organization or "—", ""],
        [_label("raters", lang), str(len(a.service.raters)), str(len(b.service.raters)), ""],
        [
            _label("profile", lang),
            a.certification.profile.id,
            b.certification.profile.id,
            "≠" if comparison.profile_differs else "",
        ],
        [
            _label("score", lang),
            fixed(a.service.score, places),
            fixed(b.service.score, places),
            signed(fixed(comparison.service_score, places)),
        ],
        [
            _label("total", lang),
            plain(a.management.total),
            plain(b.management.total),
            _difference(comparison.management_total),
        ],
        [
            _label("grade", lang),
            grade_name(a.management.grade.grade)(lang),
            grade_name(b.management.grade.grade)(lang),
            _difference(comparison.grade),
        ],
        [_label("conformity", lang), conformity(a), conformity(b), "≠" if comparison.conformity_differs else ""],
        [
            _label("stars", lang),
            stars_name(a.certification.stars)(lang),
            stars_name(b.certification.stars)(lang),
            _difference(comparison.stars),
        ],
    ]
    lines += _table([_label("figure", lang), "A", "B", _label("delta", lang)], rows, right={3})
    lines += ["", _label("items_differ", lang)]
    if comparison.items:
        names = {c.id: c.name(lang) for c in rules.service.characteristics}
        lines += _table(
            [_label("item", lang), _label("name", lang), "A", "B", _label("delta", lang)],
            [
                [
                    c.item.id,
                    f"{names[c.item.characteristic]}·{c.item.name(lang)}",
                    c.shown_a,
                    c.shown_b,
                    _difference(c.shown_delta),
                ]
                for c in comparison.items
            ],
            right={2, 3, 4},
        )
    else:
        lines.append(f"  {_label('no_items', lang)}")
    lines += ["", _label("clauses_differ", lang)]
    if comparison.clauses:
        lines += _table(
            [_label(k, lang) for k in ("clause", "name", "weight")] + ["A", "B", _label("effect", lang)],
            [
                [c.clause.id, c.clause.name(lang), str(c.clause.weight), str(c.a), str(c.b), _difference(c.points)]
                for c in comparison.clauses
            ],
            right={2, 3, 4, 5},
        )
    else:
        lines.append(f"  {_label('no_clauses', lang)}")
    if comparison.same:
        lines += ["", _label("same", lang)]
    return "\n".join(map(printable, lines)) + "\n"
