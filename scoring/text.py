"""The CLI's readable text output of a result, in Chinese or English (tables aligned for CJK double width)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction

from .certification import grade_name, reason_line, stars_name
from .diagnostics import (
    ABOUT,
    ITEM_COLUMNS,
    ITEM_NUMBER_COLUMNS,
    ONE_RATER,
    Diagnostics,
    flagged_raters_heading,
    item_cells,
    legend,
    rater_line,
)
from .diff import Comparison
from .engine import DISPLAY_PLACES, EvaluationResult, readings_note, trace
from .errors import printable
from .model import Record
from .numbers import fixed, plain, shown, signed
from .rules import Lang
from .words import colon, noted, passed, rater_label, word


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
    lines = [f"{rules.scheme.full_id} {rules.scheme.title(lang)} — {word('title', lang)}"]
    if result.evaluation.organization is not None:
        lines.append(f"{word('organization', lang)}{colon(lang)}{result.evaluation.organization}")
    lines.append(f"{word('profile', lang)}{colon(lang)}{cert.profile.id} — {cert.profile.name(lang)}")
    observations = result.evaluation.observations
    if observations is not None and observations.record is not None:
        lines += ["", *record_lines(observations.record, lang)]
    lines += ["", f"{word('service', lang)} · {word('raters', lang)} {len(service.raters)}"]
    lines += _table(
        [word(k, lang) for k in ("item", "name", "item_points", "mean_alpha", "mean_score", "band")],
        [
            [
                s.item.id,
                rules.service.item_title(s.item, lang),
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
    lines.append(f"  {word('subtotals', lang)}{colon(lang)}{subtotals}")
    mean = shown(service.mean, places + DISPLAY_PLACES)
    lines.append(
        f"  {word('service_score', lang)}{colon(lang)}{fixed(service.score, places)}  "
        f"(= {plain(service.sum_of_scores)} ÷ {len(service.raters)} = {mean})"
    )
    by_rater = observations.raters if observations is not None else {}
    for index, notes in by_rater.items():
        rater = service.raters[index]
        lines += ["", f"  {word('observations_of', lang, rater=rater_label(index + 1, rater.id, lang))}"]
        items = {s.item.id: s.item for s in service.items}
        for item_id, note in notes.items():
            title = f"{item_id} {rules.service.item_title(items[item_id], lang)}"
            lines += _noted(f"    {title}{colon(lang)}", note)
    lines += ["", word("management", lang)]
    table = _table(
        [word(k, lang) for k in ("clause", "name", "weight", "level", "score")],
        [
            [c.clause.id, c.clause.name(lang), str(c.clause.weight), str(c.level), plain(c.points)]
            for c in management.clauses
        ],
        right={2, 3, 4},
    )
    lines += table[:2]
    clause_notes = observations.clauses if observations is not None else {}
    for row, c in zip(table[2:], management.clauses, strict=True):
        lines.append(row)
        if c.clause.id in clause_notes:
            lines += _noted(f"    {word('observation', lang)}{colon(lang)}", clause_notes[c.clause.id])
    conformity = passed(result.evaluation.conformity_passed, lang)
    lines.append(
        f"  {word('total', lang)}{colon(lang)}{plain(management.total)} · {word('grade', lang)}{colon(lang)}"
        f"{grade_name(management.grade.grade)(lang)} · {word('conformity', lang)}{colon(lang)}{conformity}"
    )
    lines += ["", f"{noted(word('certification', lang), '5.3', lang)}{colon(lang)}{stars_name(cert.stars)(lang)}"]
    lines += [f"  · {reason_line(reason, lang)}" for reason in cert.reasons]
    lines += readings_lines(result, lang)
    lines += ["", word("trace", lang)]
    lines += [f"  {n}. {step.text(lang)}  [{step.clause(lang)}]" for n, step in enumerate(trace(result), start=1)]
    # Names are refused with control characters at input; escaped here anyway, so no line can drive a terminal.
    return "\n".join(map(printable, lines)) + "\n"


def _noted(label: str, text: str) -> list[str]:
    """An observation after its label, each of its lines indented under the first."""
    first, *rest = text.split("\n")
    return [label + first, *(" " * 6 + line for line in rest)]


def record_lines(record: Record, lang: Lang) -> list[str]:
    """The evaluation's record, a line for each member it has."""
    sep = "、" if lang == "zh" else ", "
    lines = [word("record", lang)]
    if record.date is not None:
        lines.append(f"  {word('record_date', lang)}{colon(lang)}{record.date}")
    if record.evaluators:
        lines.append(f"  {word('evaluators', lang)}{colon(lang)}{sep.join(record.evaluators)}")
    for key, text in (("scope", record.scope), ("remarks", record.remarks)):
        if text is not None:
            lines += _noted(f"  {word(key, lang)}{colon(lang)}", text)
    return lines


def readings_lines(result: EvaluationResult, lang: Lang) -> list[str]:
    """When the two readings of 5.3 give different stars: each reading's stars, what its next star would take, and
    the reading note that explains them (none when they agree)."""
    if not result.readings_differ:
        return []
    places = result.rules.service.score_places
    lines = ["", f"{word('readings', lang)}{colon(lang)}{result.readings_sentence(lang)}"]
    lines += [
        f"  · {noted(r.label(lang), r.certification.profile.id, lang)}{colon(lang)}{r.next(lang, places)}"
        for r in result.readings
    ]
    return [*lines, f"  {readings_note(lang)}"]


MAX_LISTED_RATERS = 20  # flagged raters listed in the text output; the JSON and the report list them all


def render_diagnostics_text(diagnostics: Diagnostics, lang: Lang) -> str:
    """The site's rater agreement diagnostics as text, labelled as editorial (scoring.diagnostics)."""
    lines = ["", word("diagnostics", lang), f"  {ABOUT(lang)}"]
    if not diagnostics.comparable:
        lines.append(f"  {ONE_RATER(lang)}")
        return "\n".join(lines) + "\n"
    lines += _table(
        [word(k, lang) for k in ("item", *ITEM_COLUMNS)],
        [[i.item.id, *item_cells(i)] for i in diagnostics.items],
        right=set(range(1, ITEM_NUMBER_COLUMNS + 1)),
    )
    lines.append(f"  {legend(lang)}")
    flagged = diagnostics.flagged_raters
    lines.append(
        f"  {flagged_raters_heading(lang)}{colon(lang)}" + (str(len(flagged)) if flagged else word("none", lang))
    )
    lines += [f"    ⚑ {rater_line(rater, lang)}" for rater in flagged[:MAX_LISTED_RATERS]]
    if len(flagged) > MAX_LISTED_RATERS:
        lines.append(f"    {word('more', lang, n=len(flagged) - MAX_LISTED_RATERS)}")
    return "\n".join(map(printable, lines)) + "\n"


def _difference(value: Decimal | Fraction | int) -> str:
    return signed(plain(value))


def render_diff_text(comparison: Comparison, lang: Lang) -> str:
    """``diff``: each side's figures, their differences B − A, then the items and clauses that differ."""
    a, b = comparison.a, comparison.b
    rules = a.rules
    places = rules.service.score_places
    lines = [f"{rules.scheme.full_id} {rules.scheme.title(lang)} — {word('comparison', lang)}", ""]

    rows = [
        [word("organization", lang), a.evaluation.organization or "—", b.evaluation.organization or "—", ""],
        [word("raters", lang), str(len(a.service.raters)), str(len(b.service.raters)), ""],
        [
            word("profile", lang),
            a.certification.profile.id,
            b.certification.profile.id,
            "≠" if comparison.profile_differs else "",
        ],
        [
            word("service_score", lang),
            fixed(a.service.score, places),
            fixed(b.service.score, places),
            signed(fixed(comparison.service_score, places)),
        ],
        [
            word("total", lang),
            plain(a.management.total),
            plain(b.management.total),
            _difference(comparison.management_total),
        ],
        [
            word("grade", lang),
            grade_name(a.management.grade.grade)(lang),
            grade_name(b.management.grade.grade)(lang),
            _difference(comparison.grade),
        ],
        [
            word("conformity", lang),
            passed(a.evaluation.conformity_passed, lang),
            passed(b.evaluation.conformity_passed, lang),
            "≠" if comparison.conformity_differs else "",
        ],
        [
            word("certification", lang),
            stars_name(a.certification.stars)(lang),
            stars_name(b.certification.stars)(lang),
            _difference(comparison.stars),
        ],
    ]
    lines += _table([word(k, lang) for k in ("figure", "a", "b", "delta")], rows, right={3})
    lines += ["", word("items_differ", lang)]
    if comparison.items:
        lines += _table(
            [word(k, lang) for k in ("item", "name", "a", "b", "delta")],
            [
                [
                    c.item.id,
                    rules.service.item_title(c.item, lang),
                    c.shown_a,
                    c.shown_b,
                    _difference(c.shown_delta),
                ]
                for c in comparison.items
            ],
            right={2, 3, 4},
        )
    else:
        lines.append(f"  {word('no_items', lang)}")
    lines += ["", word("clauses_differ", lang)]
    if comparison.clauses:
        lines += _table(
            [word(k, lang) for k in ("clause", "name", "weight", "a", "b", "effect")],
            [
                [c.clause.id, c.clause.name(lang), str(c.clause.weight), str(c.a), str(c.b), _difference(c.points)]
                for c in comparison.clauses
            ],
            right={2, 3, 4, 5},
        )
    else:
        lines.append(f"  {word('no_clauses', lang)}")
    if comparison.observed:
        lines += ["", word("observations_differ", lang)]
        for change in comparison.observations:
            lines.append(f"  {change.path}")
            for side, text in (("a", change.a), ("b", change.b)):
                lines += _noted(f"    {word(side, lang)}{colon(lang)}", "—" if text is None else text)
        if not comparison.observations:
            lines.append(f"  {word('no_observations', lang)}")
    if comparison.same:
        lines += ["", word("same", lang)]
    return "\n".join(map(printable, lines)) + "\n"
