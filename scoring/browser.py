"""The calculator's entry points: JSON text in, JSON text out, for the page's Web Worker (Pyodide).

The page's JavaScript only moves data between the form and these functions; every rule, label and message
comes from here. Each function returns one JSON string so that the worker needs no Python object proxies.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import __about__
from .anchors import href
from .document import canonical_json, evaluation_from_obj, evaluation_to_obj, field_errors, read_json
from .engine import EvaluationResult, evaluate, result_to_obj
from .errors import InputError
from .numbers import plain
from .rules import load_rules
from .vector import parse_vector, to_vector

if TYPE_CHECKING:
    from .diff import Comparison


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def form_model() -> str:
    """What the form is generated from: items, bands, clauses, profiles, names in both languages, links."""
    rules = load_rules()
    return _dump(
        {
            "package": {"version": __about__.__version__},
            "scheme": {
                "id": rules.scheme.id,
                "version": rules.scheme.version,
                "full_id": rules.scheme.full_id,
                "title": {"zh": rules.scheme.title.zh, "en": rules.scheme.title.en},
            },
            "alpha": {"min": plain(rules.service.alpha_min), "max": plain(rules.service.alpha_max)},
            "levels": {"min": rules.management.level_min, "max": rules.management.level_max},
            # A quick pick sets α to the band's upper limit: the largest α the band holds (5.1.1 2)).
            "bands": [
                {
                    "band": b.band,
                    "zh": b.label.zh,
                    "en": b.label.en,
                    "lower": plain(b.lower),
                    "lower_inclusive": b.lower_inclusive,
                    "upper": plain(b.upper),
                    "pick": plain(b.upper),
                    "clause": b.clause,
                }
                for b in rules.service.likert_bands
            ],
            "characteristics": [
                {
                    "id": c.id,
                    "zh": c.name.zh,
                    "en": c.name.en,
                    "max_points": c.stated_points,
                    "href": href("appendix-1"),
                }
                for c in rules.service.characteristics
            ],
            "items": [
                {
                    "id": i.id,
                    "characteristic": i.characteristic,
                    "zh": i.name.zh,
                    "en": i.name.en,
                    "max_points": i.max_points,
                    "href": href(i.anchor),
                }
                for i in rules.service.items
            ],
            "groups": [{"id": g.id, "zh": g.name.zh, "en": g.name.en} for g in rules.management.groups],
            "clauses": [
                {
                    "id": c.id,
                    "group": c.group,
                    "zh": c.name.zh,
                    "en": c.name.en,
                    "weight": c.weight,
                    "href": href(c.anchor),
                    "a4_href": href(c.a4_anchor),
                }
                for c in rules.management.clauses
            ],
            "profiles": [
                {
                    "id": p.id,
                    "zh": p.name.zh,
                    "en": p.name.en,
                    "levels": [
                        {"stars": lv.stars, "min_service_score": plain(lv.min_service_score), "min_grade": lv.min_grade}
                        for lv in p.levels
                    ],
                }
                for p in rules.certification.profiles
            ],
            "default_profile": rules.certification.default_profile,
            "links": {
                "profiles": href("notes-5-3-profiles"),
                "rounding": href("notes-rounding"),
                "conformity": href("clause-5-3"),
                "service": href("clause-5-1"),
                "management": href("appendix-3"),
            },
        }
    )


def _errors(errors: list[InputError]) -> list[dict[str, str]]:
    return [{"path": e.path, "en": e.problem, "zh": e.problem_zh} for e in errors]


def evaluate_document(document_json: str) -> str:
    """Grade the form's document; on bad input, every field error with its path (nothing is graded)."""
    try:
        obj = read_json(document_json)
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    errors = field_errors(obj)
    if errors:
        return _dump({"ok": False, "errors": _errors(list(errors))})
    result = evaluate(evaluation_from_obj(obj))
    return _dump({"ok": True, "errors": [], "result": result_to_obj(result)})


def open_document(text: str, kind: str) -> str:
    """A shared link's fragment (``kind="vector"``) or an opened JSON file (``"json"``) → the canonical document."""
    try:
        evaluation = parse_vector(text) if kind == "vector" else evaluation_from_obj(read_json(text))
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump(
        {
            "ok": True,
            "errors": [],
            "document": evaluation_to_obj(evaluation),
            "vector": to_vector(evaluation),
            "canonical_json": canonical_json(evaluation),
        }
    )


def import_sheets(data: bytes, name: str) -> str:
    """A rater-sheet CSV chosen in the calculator → the raters of the form, or the first error (row and column)."""
    from .sheets import read_rater_sheets  # imported on first use: the calculator starts faster without csv

    try:
        raters = read_rater_sheets(bytes(data), name)
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump({"ok": True, "errors": [], "raters": raters})


def import_levels(data: bytes, name: str) -> str:
    """A levels CSV chosen in the calculator (the levels template, one row) → the form's management part (and the
    organization, when the row names one), or the first error (row and column)."""
    from .sheets import read_levels_sheet

    try:
        found = read_levels_sheet(bytes(data), name)
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump({"ok": True, "errors": [], **found})


def report(document_json: str, lang: str, date: str) -> str:
    """The printable report of the form's evaluation — the same HTML as ``python -m scoring report``."""
    from .report import render_report  # imported on first use: charts, hashlib and html.parser are not small

    try:
        evaluation = evaluation_from_obj(read_json(document_json))
        html = render_report(evaluate(evaluation), "en" if lang == "en" else "zh", date)
    except InputError as exc:  # the document, or the date (YYYY-MM-DD)
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump({"ok": True, "errors": [], "html": html})


def _graded(document_json: str, side: str | None = None) -> EvaluationResult | list[dict[str, str]]:
    """A document graded, or every field error (each with ``side``, "a" or "b", when two are compared)."""
    try:
        obj = read_json(document_json)
    except InputError as exc:
        errors = [exc]
    else:
        errors = list(field_errors(obj))
        if not errors:
            return evaluate(evaluation_from_obj(obj))
    return [e | {"side": side} if side else e for e in _errors(errors)]


def diagnose_document(document_json: str) -> str:
    """The site's rater agreement diagnostics of the form's evaluation (editorial; the same as the CLI's)."""
    from .diagnostics import diagnose, diagnostics_to_obj

    graded = _graded(document_json)
    if isinstance(graded, list):
        return _dump({"ok": False, "errors": graded})
    return _dump(
        {"ok": True, "errors": [], "diagnostics": diagnostics_to_obj(diagnose(graded.service, graded.rules.service))}
    )


def _compared(a_json: str, b_json: str) -> Comparison | list[dict[str, str]]:
    from .diff import compare

    a, b = _graded(a_json, "a"), _graded(b_json, "b")
    if isinstance(a, list) or isinstance(b, list):
        return (a if isinstance(a, list) else []) + (b if isinstance(b, list) else [])
    return compare(a, b)


def diff_documents(a_json: str, b_json: str) -> str:
    """Two evaluations compared (the compare view): the same JSON as ``python -m scoring diff A B --format json``."""
    from .diff import comparison_to_obj

    compared = _compared(a_json, b_json)
    if isinstance(compared, list):
        return _dump({"ok": False, "errors": compared})
    return _dump({"ok": True, "errors": [], "diff": comparison_to_obj(compared)})


def export_csv(document_json: str, lang: str) -> str:
    """The form's result as a CSV for spreadsheets: the same text as ``evaluate --format csv`` (BOM included)."""
    from .exports import evaluation_csv

    graded = _graded(document_json)
    if isinstance(graded, list):
        return _dump({"ok": False, "errors": graded})
    return _dump({"ok": True, "errors": [], "csv": evaluation_csv(graded, "en" if lang == "en" else "zh")})


def export_diff_csv(a_json: str, b_json: str, lang: str) -> str:
    """Two evaluations compared, as a CSV for spreadsheets: the same text as ``diff --format csv``."""
    from .exports import comparison_csv

    compared = _compared(a_json, b_json)
    if isinstance(compared, list):
        return _dump({"ok": False, "errors": compared})
    return _dump({"ok": True, "errors": [], "csv": comparison_csv(compared, "en" if lang == "en" else "zh")})


def templates() -> str:
    """The rater-sheet CSV templates, for the calculator's download links."""
    from .sheets import template

    return _dump({lang: template(lang=lang) for lang in ("zh", "en")})
