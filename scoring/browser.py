"""The calculator's entry points: JSON text in, JSON text out, for the page's Web Worker (Pyodide).

The page's JavaScript only moves data between the form and these functions; every rule, label and message
comes from here. Each function returns one JSON string so that the worker needs no Python object proxies.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from . import __about__
from .anchors import href
from .certification import grade_name, stars_name, zh_numeral
from .document import (
    RECORD_KEYS,
    canonical_json,
    evaluation_from_obj,
    evaluation_to_obj,
    field_errors,
    read_json,
    with_normalized,
)
from .drafts import file_name, is_draft, read_draft
from .drafts import save_form as drafts_save_form
from .engine import EvaluationResult, evaluate, result_to_obj
from .errors import InputError, ValidationError
from .limits import (
    MAX_EVALUATOR_NAME_LENGTH,
    MAX_EVALUATORS,
    MAX_OBSERVATION_LENGTH,
    MAX_RATERS,
    MAX_REPORT_BYTES,
    size_name,
)
from .messages import names, said
from .numbers import plain
from .rules import Lang, Rules, load_rules
from .service import rater_score_texts
from .session import FormSession
from .vector import parse_vector, to_vector
from .words import word

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
                    "interval": f"{plain(b.lower)} {'≤' if b.lower_inclusive else '<'} α ≤ {plain(b.upper)}",
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
                    # What the profile asks, in words, for the form's label (from the levels above).
                    "summary": {
                        lang: ("；" if lang == "zh" else "; ").join(
                            word(
                                "profile_star",
                                lang,
                                stars=stars_name(lv.stars)(lang),
                                score=plain(lv.min_service_score),
                                grade=grade_name(lv.min_grade).zh if lang == "zh" else lv.min_grade,
                            )
                            for lv in sorted(p.levels, key=lambda lv: lv.stars)
                        )
                        for lang in ("zh", "en")
                    },
                }
                for p in rules.certification.profiles
            ],
            "default_profile": rules.certification.default_profile,
            # The largest file the calculator opens (a report; an evaluation document's own limit is smaller):
            # the page reads one byte more at most, which the engine then refuses by name.
            # and the longest observation (the record's scope and remarks too), the most evaluators, the longest name.
            "limits": {
                "open_bytes": MAX_REPORT_BYTES,
                "observation_length": MAX_OBSERVATION_LENGTH,
                "team": MAX_EVALUATORS,
                "team_name_length": MAX_EVALUATOR_NAME_LENGTH,
            },
            # The evaluation record's fields (issue 23), in the document's order: what each holds, its label.
            "record": [_record_field(key) for key in RECORD_KEYS],
            # Names of results, in both languages (the page writes none of its own).
            "stars": [
                {"stars": n, "zh": stars_name(n).zh, "en": stars_name(n).en}
                for n in sorted({0} | {lv.stars for p in rules.certification.profiles for lv in p.levels})
            ],
            "grades": [
                {"grade": g.grade, "zh": grade_name(g.grade).zh, "en": grade_name(g.grade).en}
                for g in rules.management.grades
            ],
            "level_names": [
                {"level": n, **_level_name(n)}
                for n in range(rules.management.level_min, rules.management.level_max + 1)
            ],
            "item_ids": _id_range([i.id for i in rules.service.items]),
            # Field paths of the interchange format, as the engine's errors name them ({rater}: 0-based).
            "paths": {
                "alpha": 'service.raters[{rater}].alpha["{item}"]',
                "rater_id": "service.raters[{rater}].id",
                "raters": "service.raters",
                "level": 'management.levels["{clause}"]',
                "conformity": "management.conformity_passed",
                "organization": "organization",
                "profile": "profile",
                "observation": 'management.observations["{clause}"]',
                "rater_observation": 'service.raters[{rater}].observations["{item}"]',
                "record": "record.{key}",
                "team_member": "record.evaluators[{index}]",
            },
            "links": {
                "alpha": href("clause-5-1-1"),
                "picks": href("notes-alpha"),
                "level_model": href("clause-5-2-5"),
                "appendix_2": href("appendix-2"),
                "profiles": href("notes-5-3-profiles"),
                "rounding": href("notes-rounding"),
                "conformity": href("clause-5-3"),
                "service": href("clause-5-1"),
                "management": href("appendix-3"),
            },
        }
    )


# The record's fields (scoring.document.RECORD_KEYS): what each holds — a date (YYYY-MM-DD), names (one a line in the
# form, a list in the document), a text (lines allowed) — and the word of its label, the report's and the text's.
_RECORD_FIELDS = {
    "date": ("date", "record_date"),
    "evaluators": ("names", "evaluators"),
    "scope": ("text", "scope"),
    "remarks": ("text", "remarks"),
}


def _record_field(key: str) -> dict[str, str]:
    kind, label = _RECORD_FIELDS[key]
    return {"key": key, "kind": kind, "zh": word(label, "zh"), "en": word(label, "en")}


# 5.2.5's generic model of maturity (管理水平成熟度水平通用模型) names two of its levels: the words of each.
_LEVEL_MODEL = {1: "model_basic", 5: "model_best"}


def _level_name(level: int) -> dict[str, str]:
    """A clause's maturity level as the form names it: 一级 / level 1, with 5.2.5's model where it names one."""
    model = _LEVEL_MODEL.get(level)
    return {
        "zh": word("level_n", "zh", level=zh_numeral(level)),
        "en": word("level_n", "en", level=level),
        "model_zh": word(model, "zh") if model else "",
        "model_en": word(model, "en") if model else "",
    }


def _id_range(ids: list[str]) -> dict[str, str]:
    """The service items' ids as help text names them: 1.1 … 6.3 and 7 (the last characteristic has one item)."""
    return {"zh": f"{ids[0]} … {ids[-2]}、{ids[-1]}", "en": f"{ids[0]} … {ids[-2]}, {ids[-1]}"}


# A rater sheet's locator, as scoring/sheets.py writes it into an error's path: `name: row 3, column "1.2"`.
_SHEET_PLACE = re.compile(r'(?s)(.*): row (\d+)(?:, column "(.*)")?')


def _errors(errors: list[InputError]) -> list[dict[str, Any]]:
    """Each error with its path and text; an error in a rater sheet also with its file, row and column, and the
    place in words (``where``) in both languages."""
    found: list[dict[str, Any]] = []
    for e in errors:
        entry: dict[str, Any] = {"path": e.path, "en": e.problem, "zh": e.problem_zh}
        place = _SHEET_PLACE.fullmatch(e.path)
        if place:
            name, row, column = place.group(1), int(place.group(2)), place.group(3)
            entry.update(file=name, row=row, column=column)
            key = "sheet_row" if column is None else "sheet_cell"
            entry["where"] = {lang: word(key, lang, file=name, row=row, column=column) for lang in ("zh", "en")}
        found.append(entry)
    return found


def partial_result(obj: Any, rules: Rules | None = None) -> dict[str, Any]:
    """What can be graded of an incomplete document: :meth:`FormSession.partial` (the one partial grader, which
    the calculator's kept form uses between edits) of the document taken as a new form."""
    root = obj if isinstance(obj, dict) else {}
    service = root.get("service")
    raters = service.get("raters") if isinstance(service, dict) else None
    raters = raters if isinstance(raters, list) else []
    session = FormSession(rules)
    session.update(root, len(raters), dict(enumerate(raters)))
    return session.partial(0, len(raters))


def evaluate_document(document_json: str, compact: bool = False) -> str:
    """Grade the form's document; on bad input, every field error with its path (nothing is graded) and what can
    be graded of it so far (``partial``: see :func:`partial_result`).

    ``compact``: each rater of ``service.raters`` as ``{id, score, bands}`` (its items' Likert bands in the items'
    order) instead of its items in full, for a large rater set, whose full result is megabytes of JSON.
    """
    try:
        obj = read_json(document_json)
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    errors = field_errors(obj)
    if errors:
        return _dump({"ok": False, "errors": _errors(list(errors)), "partial": partial_result(obj)})
    result = evaluate(evaluation_from_obj(obj))
    out = result_to_obj(result, with_raters=not compact)
    if compact:
        text = rater_score_texts(result.rules.service)
        out["service"]["raters"] = [
            {"id": r.id, "score": text[r.score], "bands": [b.band for b in r.bands]} for r in result.service.raters
        ]
    for entry, raw in zip(out["service"]["raters"], obj["service"]["raters"], strict=True):
        with_normalized(entry, raw.get("alpha"))
    return _dump({"ok": True, "errors": [], "result": out})


_FORM: list[FormSession] = []  # the worker's one form, kept between its edits


def grade_form(update_json: str) -> str:
    """The calculator's form graded again after an edit (scoring/session.py), from what changed since update
    number ``since``: ``{"document": the form without its raters, "count": n, "changed": {"index": rater, …},
    "removed": index or null, "window": [start, stop], "since": k}``. The answer is :func:`evaluate_document`'s
    (compact), with only the raters ``start``…``stop - 1`` written out — or ``{"stale": true}`` when the kept form
    is not the one after update ``since`` (a new worker, a forgotten form): the page then sends every rater."""
    try:
        update = read_json(update_json)
        document, count, changed, removed, window, since = _form_update(update)
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    if not _FORM or _FORM[0].updates != since:
        _FORM[:] = [FormSession()]
        if since != 0:
            return _dump({"ok": False, "stale": True, "errors": []})
    session = _FORM[0]
    session.update(document, count, changed, removed)
    answer = session.answer(*window)
    answer["errors"] = _errors(answer["errors"])
    return _dump(answer)


def forget_form() -> None:
    """Forget the kept form (the Python snapshot of a worker holds none): the next update must send every rater."""
    _FORM.clear()


def kept_raters() -> int:
    """How many raters the kept form has (0 for none)."""
    return len(_FORM[0].raters) if _FORM else 0


def _form_update(update: Any) -> tuple[Any, int, dict[int, Any], int | None, tuple[int, int], int]:
    """An update's parts, checked (it comes from the page's worker, which never sends a malformed one)."""

    def index(value: Any, what: str, most: int = 10 * MAX_RATERS) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= most:
            return value
        raise ValidationError("", *said("form_update_index", what=what))

    if not isinstance(update, dict) or not isinstance(update.get("changed"), dict):
        raise ValidationError("", *said("not_a_form_update"))
    window = update.get("window")
    if not isinstance(window, list) or len(window) != 2:
        raise ValidationError("", *said("form_update_window"))
    changed = {}
    for key, rater in update["changed"].items():
        changed[index(int(key) if key.isdecimal() and len(key) < 7 else -1, "a changed rater")] = rater
    removed = update.get("removed")
    return (
        update.get("document"),
        index(update.get("count"), "count"),
        changed,
        None if removed is None else index(removed, "removed"),
        (index(window[0], "window"), index(window[1], "window")),
        index(update.get("since"), "since", 2**53),
    )


def open_document(text: str | bytes, kind: str) -> str:
    """A shared link's fragment (``kind="vector"``) or an opened JSON file (``"json"``: its bytes, decoded as the
    command line decodes them, or text) → the canonical document, and the evaluation's ``name`` if the file keeps
    one. A draft document (scoring/drafts.py) → ``draft: true``, the form as it was typed (``document``: every α as
    its text, absent where not filled in; its record and observations as the file holds them), and every field
    missing or wrong (``problems``, as errors are, with ``missing`` and ``wrong`` counted); its ``errors`` are empty:
    the file was opened. Observations and the record (issue 23) are in ``document`` either way."""
    name = None
    try:
        if kind == "vector":
            evaluation = parse_vector(text if isinstance(text, str) else bytes(text).decode("utf-8", "replace"))
        else:
            obj = read_json(text if isinstance(text, str) else bytes(text))
            if is_draft(obj):
                draft = read_draft(obj)
                return _dump(
                    {
                        "ok": True,
                        "errors": [],
                        "draft": True,
                        "document": draft.form,
                        "name": draft.name,
                        "problems": _errors(list(draft.problems)),
                        "missing": draft.missing,
                        "wrong": draft.wrong,
                    }
                )
            evaluation = evaluation_from_obj(obj)
            name = obj.get("name")
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump(
        {
            "ok": True,
            "errors": [],
            "document": evaluation_to_obj(evaluation),
            "vector": to_vector(evaluation),
            "canonical_json": canonical_json(evaluation),
            "name": name,
        }
    )


def save_form(request_json: str) -> str:
    """The calculator's Save: ``{"form": the form as typed (state.js; its record and observations optional:
    scoring.drafts.draft_of_form), "name": the evaluation's name, "lang", "date"}`` → the file to download (``text``,
    ``file_name``): the evaluation document when the form is complete and valid, else a draft document holding the
    form exactly as typed (``draft: true``, with the count of fields ``missing`` and ``wrong``). Its file name:
    ``<organization>-<date>.json``, ``<organization>-草稿-<date>.json``."""
    try:
        request = read_json(request_json)
        if not isinstance(request, dict):
            raise ValidationError("", *said("not_a_save_request"))
        name = request.get("name")
        lang: Lang = "en" if request.get("lang") == "en" else "zh"
        saved = drafts_save_form(request.get("form"), name if isinstance(name, str) else None)
        date = request.get("date")
        kind = "draft" if saved.draft else "evaluation"
        named = file_name(saved.organization, kind, lang, date if isinstance(date, str) else "", "json")
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump(
        {
            "ok": True,
            "errors": [],
            "text": saved.text,
            "file_name": named,
            "draft": saved.draft,
            "missing": saved.missing,
            "wrong": saved.wrong,
        }
    )


def open_file(data: bytes) -> str:
    """A file opened in the calculator (its bytes): a JSON evaluation document, as :func:`open_document` opens it,
    or a report of this tool (``.html``, ``python -m scoring report``), checked as ``python -m scoring verify``
    checks it — made again from its embedded evaluation, language and date, and compared byte for byte. A report's
    evaluation is opened whatever the verdict (``report``: ``{"verified": bool, "zh": …, "en": …}``, the verdict
    as ``verify`` words it); a file that is neither, or a report whose embedded evaluation is not valid, is refused
    in one line in both languages."""
    data = bytes(data)
    if len(data) > MAX_REPORT_BYTES:
        return _refused(*said("too_large_to_open", size=size_name(MAX_REPORT_BYTES)))
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"<"):
        return open_document(data, "json")
    from .report import looks_like_report, verdict, verify_report  # imported on first use, as for report()

    if not looks_like_report(data):
        if data.startswith(b"<!DOCTYPE html><html lang="):  # a report's beginning, without its evaluation
            return _refused(*said("html_without_evaluation"))
        return _refused(*said("neither_document_nor_report"))
    try:
        verification = verify_report(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _refused(*said("not_a_report", problem=names("not_utf8_from", byte=exc.start)))
    except InputError as exc:
        return _dump({"ok": False, "errors": _errors([exc])})
    if verification.result is None:  # its beginning is not this tool's: no evaluation to open
        return _refused(verdict(verification, "en"), verdict(verification, "zh"))
    opened = json.loads(open_document(canonical_json(verification.result.evaluation), "json"))
    opened["report"] = {
        "verified": verification.ok,
        "zh": verdict(verification, "zh"),
        "en": verdict(verification, "en"),
    }
    return _dump(opened)


def _refused(en: str, zh: str) -> str:
    return _dump({"ok": False, "errors": _errors([InputError("", en, zh)])})


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
    """The printable report of the form's evaluation — the same HTML as ``python -m scoring report`` — and the name
    of its file (``<organization>-report-<date>.html``, ``…-报告-…``)."""
    from .report import render_report  # imported on first use: charts, hashlib and html.parser are not small

    language: Lang = "en" if lang == "en" else "zh"
    try:
        evaluation = evaluation_from_obj(read_json(document_json))
        html = render_report(evaluate(evaluation), language, date)
        named = file_name(evaluation.organization, "report", language, date, "html")
    except InputError as exc:  # the document, or the date (YYYY-MM-DD)
        return _dump({"ok": False, "errors": _errors([exc])})
    return _dump({"ok": True, "errors": [], "html": html, "file_name": named})


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


def export_csv(document_json: str, lang: str, date: str | None = None) -> str:
    """The form's result as a CSV for spreadsheets: the same text as ``evaluate --format csv`` (BOM included); with
    a ``date``, the name of its file too (``<organization>-result-<date>.csv``, ``…-结果-…``)."""
    from .exports import evaluation_csv

    language: Lang = "en" if lang == "en" else "zh"
    graded = _graded(document_json)
    if isinstance(graded, list):
        return _dump({"ok": False, "errors": graded})
    answer: dict[str, Any] = {"ok": True, "errors": [], "csv": evaluation_csv(graded, language)}
    if date is not None:
        try:
            answer["file_name"] = file_name(graded.evaluation.organization, "result", language, date, "csv")
        except InputError as exc:
            return _dump({"ok": False, "errors": _errors([exc])})
    return _dump(answer)


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
