"""SVG charts drawn by the package itself, so the CLI's report and the calculator show the same picture.

Coordinates are drawing positions, not results: they are rounded to 0.1 px so that every platform writes the
same bytes. Every label is escaped.
"""

from __future__ import annotations

import math
from html import escape

from .engine import EvaluationResult
from .numbers import round_half_even
from .rules import Lang
from .words import word

_INK, _GRID, _FILL, _MUTED = "#1a237e", "#c5cae9", "rgba(63,81,181,0.25)", "#5f6368"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def radar_chart(result: EvaluationResult, lang: Lang) -> str:
    """The seven service characteristics (appendix 1) as shares of their points: mean points ÷ max points."""
    characteristics = result.service.characteristics
    width, height, radius = 560, 340, 120  # room beside the circle for the labels
    centre_x, centre_y = width / 2, height / 2
    count = len(characteristics)

    def point(index: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return centre_x + radius * share * math.cos(angle), centre_y + radius * share * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tbsc55-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(word("radar", lang))}">',
        f"<title>{escape(word('radar', lang))}</title>",
    ]
    for ring in (0.2, 0.4, 0.6, 0.8, 1.0):
        ring_points = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{_GRID}" stroke-width="1"/>')
    for index, summary in enumerate(characteristics):
        x, y = point(index, 1.0)
        parts.append(f'<line x1="{_n(centre_x)}" y1="{_n(centre_y)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{_GRID}"/>')
        share = summary.mean_points / summary.max_points
        lx, ly = point(index, 1.12)
        anchor = "middle" if abs(lx - centre_x) < 8 else ("start" if lx > centre_x else "end")
        label = f"{summary.characteristic.name(lang)} {round_half_even(share * 100, 0)}%"
        parts.append(
            f'<text x="{_n(lx)}" y="{_n(ly + 4)}" text-anchor="{anchor}" font-size="12" fill="{_MUTED}">'
            f"{escape(label)}</text>"
        )
    shape = " ".join(
        f"{_n(x)},{_n(y)}"
        for x, y in (point(i, float(s.mean_points / s.max_points)) for i, s in enumerate(characteristics))
    )
    parts.append(f'<polygon points="{shape}" fill="{_FILL}" stroke="{_INK}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def levels_chart(result: EvaluationResult, lang: Lang, width: int = 640) -> str:
    """The maturity level (1–5) of each of the 21 management clauses (appendix 3), as bars."""
    clauses = result.management.clauses
    top = result.rules.management.level_max
    left, bottom, height = 28, 56, 200
    step = (width - left - 8) / len(clauses)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tbsc55-chart" viewBox="0 0 {width} {height + bottom}" '
        f'width="{width}" height="{height + bottom}" role="img" aria-label="{escape(word("levels", lang))}">',
        f"<title>{escape(word('levels', lang))}</title>",
    ]
    for level in range(top + 1):
        y = height - height * level / top + 8
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - 4}" y2="{_n(y)}" stroke="{_GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" font-size="11" fill="{_MUTED}">{level}</text>'
        )
    for index, score in enumerate(clauses):
        x = left + index * step + step * 0.15
        bar = height * score.level / top
        fill = _INK if score.clause.weight == 10 else "#5c6bc0"
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(height - bar + 8)}" width="{_n(step * 0.7)}" height="{_n(bar)}" fill="{fill}">'
            f"<title>{escape(score.clause.id)} {escape(score.clause.name(lang))}: {score.level}</title></rect>"
        )
        parts.append(
            f'<text x="{_n(x + step * 0.35)}" y="{height + 26}" text-anchor="middle" font-size="10" '
            f'fill="{_MUTED}">{escape(score.clause.id)}</text>'
        )
    legend_y = height + bottom - 6
    for offset, (fill, key) in enumerate(((_INK, "weight10"), ("#5c6bc0", "weight5"))):
        x = left + offset * 200
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{fill}"/>')
        parts.append(
            f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="{_MUTED}">{escape(word(key, lang))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
