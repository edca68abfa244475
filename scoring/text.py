"""The CLI's readable text output of a result, in Chinese or English (tables aligned for CJK double width)."""

from __future__ import annotations

import unicodedata

from .certification import grade_name, stars_name
from .engine import DISPLAY_PLACES, EvaluationResult, trace
from .errors import printable
from .numbers import fixed, plain, shown
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
