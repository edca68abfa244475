"""Draft documents: an evaluation as far as it is filled in, kept as it was typed (issue 20, point 5).

The calculator's Save writes any form to a file. A form whose every field is there and valid becomes the ordinary
evaluation document (canonical, as before); any other becomes a *draft document*: the same members, and
``"draft": true``. In a draft:

- a member that is missing or ``null`` is not filled in yet: an α, a level, a rater's ``id``, ``organization``;
  ``service``, ``service.raters``, a rater's ``alpha``, ``management`` and ``management.levels`` may be missing too;
- every value is kept as it was typed, wrong ones included: α as the text of its field (``"0,8"``, ``" 0.7"``,
  ``"80"``), a level as its integer (or as text, if the form held text that is no integer), names as typed (too long,
  or holding control characters: listed as wrong), the observations and the record (issue 23) as typed (too long,
  holding a control character, a date that is none, too many evaluators: listed as wrong) — so that opening the file
  restores the form exactly;
- the structure is the ordinary document's: unknown members, duplicated keys, a value of a type no field holds
  (an α that is an object, a level that is ``true``, an observation that is a number), an unknown scheme, profile,
  clause or item are refused, in one line.

A draft is read as the calculator reads its form: α without the spaces around it, a blank α (spaces only) as not
filled in, a blank rater id as none. :func:`read_draft` lists every field that is missing or wrong, each with its
path; :func:`complete_document` turns a draft with none into the ordinary document (it is graded), and refuses any
other, naming the first field and the count. ``name`` (optional, in any document) is the evaluation's name in the
calculator's list of evaluations: the file's, not the evaluation's (never graded, never in the compact string).
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any, NamedTuple

from .document import (
    DOCUMENT_KEYS,
    RECORD_KEYS,
    JsonNumber,
    _alpha,
    _known_keys,
    _level,
    _object,
    _profile,
    _scheme,
    _show,
    check_text,
    clause_observations,
    duplicate_id,
    evaluation_from_obj,
    evaluation_to_obj,
    rater_observations,
    read_name,
    read_record,
    refuse,
)
from .errors import DEFAULT_IGNORABLE, InputError, ValidationError
from .limits import (
    MAX_INPUT_BYTES,
    MAX_NAME_LENGTH,
    MAX_ORGANIZATION_LENGTH,
    MAX_RATER_ID_LENGTH,
    MAX_RATERS,
    size_name,
)
from .messages import message, said
from .rules import Lang, Names, Rules, load_rules


class Draft(NamedTuple):
    """A draft read: the form as it was typed (``form``: the document's shape, every α as text), and every field
    that is missing or wrong (``problems``, in the document's order; ``missing`` of them are not filled in)."""

    form: dict[str, Any]
    name: str | None
    problems: list[ValidationError]
    missing: int

    @property
    def wrong(self) -> int:
        return len(self.problems) - self.missing


def is_draft(obj: Any) -> bool:
    """Is this parsed document a draft (``"draft": true``)?"""
    return isinstance(obj, dict) and obj.get("draft") is True


def _draft_flag(root: dict[str, Any]) -> None:
    value = root.get("draft", False)
    if not isinstance(value, bool):
        raise ValidationError("draft", *said("not_true_or_false", value=_show(value)))


def _member(obj: dict[str, Any], key: str, path: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """``obj[key]``, an object of ``keys`` (missing or null: an empty one)."""
    value = obj.get(key)
    if value is None:
        return {}
    where = f"{path}.{key}" if path else key
    found = _object(value, where)
    _known_keys(found, where, keys)
    return found


def _text_or_none(value: Any, path: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValidationError(path, *said("not_text", value=_show(value)))


def _typed(value: Any, path: str, refusal: str) -> Any:
    """An α or a level as a draft may hold it: text, a number or null (not filled in); any other value is refused
    (``refusal``: the key of its message)."""
    if value is None or isinstance(value, str) or (isinstance(value, int | Decimal) and not isinstance(value, bool)):
        return value
    raise ValidationError(path, *said(refusal, value=_show(value)))


def _as_text(value: Any) -> str:
    """A number of a draft as the text of its field: as it was written in the file (``0.80`` stays ``0.80``)."""
    if isinstance(value, JsonNumber):
        return value.literal
    return value if isinstance(value, str) else str(value)


def read_draft(obj: Any, rules: Rules | None = None) -> Draft:
    """A draft document (``"draft": true``) read: the form it holds, and every field missing or wrong. A draft
    whose structure is not the document's is refused (:class:`InputError`), in one line naming the place."""
    return _DraftReader(rules or load_rules()).read(obj)


class _DraftReader:
    """One draft read: what it found missing or wrong so far, in the document's order."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.problems: list[ValidationError] = []
        self.missing = 0
        self.valid: set[str] = set()  # α text already found valid (raters use few distinct ones)

    def lacking(self, path: str, en: str, zh: str) -> None:
        self.problems.append(ValidationError(path, en, zh))
        self.missing += 1

    def check(self, read: Any, *args: Any) -> None:
        try:
            read(*args)
        except ValidationError as exc:
            self.problems.append(exc)

    def read(self, obj: Any) -> Draft:
        rules = self.rules
        root = _object(obj, "")
        _known_keys(root, "", DOCUMENT_KEYS)
        _draft_flag(root)
        name = read_name(root.get("name"))
        form: dict[str, Any] = {
            "scheme": _scheme(root.get("scheme", rules.scheme.full_id), rules),
            "profile": _profile(root.get("profile", rules.certification.default_profile), rules),
        }
        organization = _text_or_none(root.get("organization"), "organization")
        if organization:
            form["organization"] = organization
            self.check(check_text, organization, "organization", MAX_ORGANIZATION_LENGTH)
        record = root.get("record")
        read_record(record, self.problems.append, refuse)  # its wrong values listed, its structure refused
        if record:
            kept = {key: record[key] for key in RECORD_KEYS if record.get(key) is not None}
            if kept:
                form["record"] = kept
        form["service"] = {"raters": self.raters(_member(root, "service", "", ("raters",)).get("raters"))}
        form["management"] = self.management(
            _member(root, "management", "", ("levels", "conformity_passed", "observations"))
        )
        return Draft(form, name, self.problems, self.missing)

    def raters(self, raw_raters: Any) -> list[dict[str, Any]]:
        raw_raters = [] if raw_raters is None else raw_raters
        if not isinstance(raw_raters, list):
            raise ValidationError("service.raters", *said("not_a_rater_list", value=_show(raw_raters)))
        if len(raw_raters) > MAX_RATERS:
            raise ValidationError("service.raters", *said("too_many_raters", count=len(raw_raters), limit=MAX_RATERS))
        if not raw_raters:
            self.lacking("service.raters", *said("raters_missing"))
        ids: dict[str, int] = {}
        return [self.rater(raw, index, ids) for index, raw in enumerate(raw_raters)]

    def rater(self, raw: Any, index: int, ids: dict[str, int]) -> dict[str, Any]:
        path = f"service.raters[{index}]"
        rater = _object(raw, path)
        _known_keys(rater, path, ("id", "alpha", "observations"))
        entry: dict[str, Any] = {}
        rater_id = _text_or_none(rater.get("id"), f"{path}.id")
        if rater_id:
            entry["id"] = rater_id
        if rater_id is not None and rater_id.strip():  # a blank id is none, as the form reads it
            self.check(check_text, rater_id, f"{path}.id", MAX_RATER_ID_LENGTH)
            if rater_id in ids:
                self.problems.append(duplicate_id(rater_id, index, ids[rater_id]))
            else:
                ids[rater_id] = index
        item_ids = [item.id for item in self.rules.service.items]
        alphas = _member(rater, "alpha", path, tuple(item_ids))
        texts: dict[str, str] = {}
        for item_id in item_ids:
            where = f'{path}.alpha["{item_id}"]'
            value = _typed(alphas.get(item_id), where, "not_a_number_or_text")
            if value is None:
                self.lacking(where, *_empty_alpha(self.rules))
                continue
            # Checked as the form's text, as the calculator reads its field: a number written 1e0 is "1e0".
            texts[item_id] = text = _as_text(value)
            read = text.strip()
            if read == "":
                self.lacking(where, *_empty_alpha(self.rules))
            elif read not in self.valid:
                try:
                    _alpha(read, where, self.rules)
                    self.valid.add(read)
                except ValidationError as exc:
                    self.problems.append(exc)
        entry["alpha"] = texts
        observed = rater.get("observations")
        rater_observations(observed, index, self.rules, self.problems.append, refuse)
        return _observed(entry, observed)

    def management(self, management: dict[str, Any]) -> dict[str, Any]:
        rules = self.rules
        clause_ids = [clause.id for clause in rules.management.clauses]
        raw_levels = _member(management, "levels", "management", tuple(clause_ids))
        levels: dict[str, Any] = {}
        low, high = rules.management.level_min, rules.management.level_max
        for clause_id in clause_ids:
            where = f'management.levels["{clause_id}"]'
            value = _typed(raw_levels.get(clause_id), where, "not_a_level_value")
            if value is None or (isinstance(value, str) and not value.strip()):
                levels[clause_id] = value
                self.lacking(where, *said("level_not_chosen", low=low, high=high))
                continue
            levels[clause_id] = value if type(value) is int else _as_text(value)
            self.check(_level, value, where, rules)
        conformity = management.get("conformity_passed", True)
        if not isinstance(conformity, bool):
            raise ValidationError("management.conformity_passed", *said("not_true_or_false", value=_show(conformity)))
        observed = management.get("observations")
        clause_observations(observed, rules, self.problems.append, refuse)
        return _observed({"levels": levels, "conformity_passed": conformity}, observed)


def _observed(entry: dict[str, Any], observed: Any) -> dict[str, Any]:
    """``entry`` with the observations of a draft (read: an object of texts by known id, or null), as they are;
    those that are null are none."""
    if observed:
        kept = {key: text for key, text in observed.items() if text is not None}
        if kept:
            entry["observations"] = kept
    return entry


def _empty_alpha(rules: Rules) -> tuple[str, str]:
    """What an α not filled in lacks (the calculator's words for an empty field)."""
    try:
        _alpha("", "", rules)
    except ValidationError as exc:
        return exc.problem, exc.problem_zh
    raise AssertionError("an empty α is refused")  # pragma: no cover


def draft_refusal(root: dict[str, Any], rules: Rules | None = None) -> InputError:
    """Why a draft cannot be graded: its first missing or wrong field, and how many there are (or why it cannot be
    read at all). Also for ``"draft"`` neither true nor false."""
    try:
        _draft_flag(root)
        draft = read_draft(root, rules)
    except InputError as exc:
        return exc
    if not draft.problems:  # reached only from a reader that takes no drafts (the calculator's session)
        return ValidationError("draft", *said("draft_to_open"))
    first = draft.problems[0]
    problem = Names(zh=first.problem_zh, en=first.problem)
    return ValidationError(
        first.path, *said("draft_refused", problem=problem, missing=draft.missing, wrong=draft.wrong)
    )


def complete_document(obj: Any, rules: Rules | None = None) -> dict[str, Any]:
    """A draft with nothing missing or wrong, as the ordinary document (α without spaces around it, blank ids
    dropped); any other draft is refused (:func:`draft_refusal`)."""
    rules = rules or load_rules()
    draft = read_draft(obj, rules)
    if draft.problems:
        raise draft_refusal(obj, rules)
    form = draft.form
    doc: dict[str, Any] = {key: form[key] for key in ("scheme", "profile", "organization", "record") if key in form}
    if draft.name is not None:
        doc["name"] = draft.name
    doc["service"] = {
        "raters": [
            ({"id": r["id"]} if r.get("id", "").strip() else {})
            | {"alpha": {k: v.strip() for k, v in r["alpha"].items()}}
            | ({"observations": r["observations"]} if "observations" in r else {})
            for r in form["service"]["raters"]
        ]
    }
    doc["management"] = form["management"]
    return doc


# --- the calculator's form → a file ------------------------------------------------------------------------------


def _form_error(what: str) -> ValidationError:
    return ValidationError("", *said("not_a_form", what=what))


def _form_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _form_error(what)
    return value


def _form_notes(value: Any, ids: list[str], what: str) -> dict[str, str]:
    """A form's observations (``{id: text}``, optional; ``""``: none) as a document's, as typed, empty ones left out
    (an id the rules do not have is no field of the form, and is not read)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _form_error(what)
    return {key: text for key in ids if (text := _form_text(value.get(key, ""), what)) != ""}


# The spaces around an evaluator's name, which the form drops: the space separators (Unicode's Zs) — ASCII's space, the
# no-break space, the ideographic space of a Chinese input method… — and nothing else (a tab, a control character, a
# zero-width space are kept, and the name listed as wrong). state.js splits the field into names by the same rule.
_SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def evaluator_names(text: str) -> list[str]:
    """The evaluators typed in the record's field, one name a line: each without the spaces around it, blank lines
    dropped."""
    return [name for line in text.split("\n") if (name := line.strip(_SPACES))]


def _form_record(value: Any) -> dict[str, Any]:
    """A form's record (``{date, evaluators, scope, remarks}``, each text, optional) as a document's: the evaluators
    as a list of names, empty members left out."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _form_error("record")
    record: dict[str, Any] = {}
    for key in RECORD_KEYS:
        text = _form_text(value.get(key, ""), f"record.{key}")
        if key == "evaluators":
            names = evaluator_names(text)
            if names:
                record[key] = names
        elif text != "":
            record[key] = text
    return record


def _form_rater(rater: Any, item_ids: list[str]) -> dict[str, Any]:
    """A rater of the form (``{name, alpha, observations}``) as a draft's."""
    if not isinstance(rater, dict) or not isinstance(rater.get("alpha"), dict):
        raise _form_error("a rater")
    entry: dict[str, Any] = {}
    rater_name = _form_text(rater.get("name", ""), "a rater's name")
    if rater_name:
        entry["id"] = rater_name
    entry["alpha"] = {
        item_id: text for item_id in item_ids if (text := _form_text(rater["alpha"].get(item_id, ""), "an α")) != ""
    }
    notes = _form_notes(rater.get("observations"), item_ids, "a rater's observations")
    if notes:
        entry["observations"] = notes
    return entry


def draft_of_form(form: Any, name: str | None, rules: Rules | None = None) -> dict[str, Any]:
    """The calculator's form (state.js: ``{profile, organization, record, raters: [{name, alpha, observations}],
    levels, observations, conformity}``, every field as the text typed; ``record`` and the observations optional) as
    a draft document: every field as typed, empty ones left out; a level as its integer when its text is one
    (``"3"``), else as the text; the record's evaluators, one name a line, as a list (:func:`evaluator_names`)."""
    rules = rules or load_rules()
    if not isinstance(form, dict) or not isinstance(form.get("raters"), list):
        raise _form_error("no raters")
    doc: dict[str, Any] = {"draft": True}
    if name:
        doc["name"] = name
    doc["scheme"] = rules.scheme.full_id
    doc["profile"] = _form_text(form.get("profile"), "profile")
    organization = _form_text(form.get("organization", ""), "organization")
    if organization:
        doc["organization"] = organization
    record = _form_record(form.get("record"))
    if record:
        doc["record"] = record
    item_ids = [item.id for item in rules.service.items]
    raters = [_form_rater(rater, item_ids) for rater in form["raters"]]
    levels: dict[str, Any] = {}
    given = form.get("levels")
    if not isinstance(given, dict):
        raise _form_error("levels")
    for clause in rules.management.clauses:
        text = _form_text(given.get(clause.id, ""), "a level")
        if text != "":
            # An integer as written only when its text is the integer's own (not "03"), and one that JavaScript
            # holds exactly (the page reads the file's numbers as doubles).
            whole = text.isascii() and text.isdecimal() and len(text) <= 15 and str(int(text)) == text
            levels[clause.id] = int(text) if whole else text
    conformity = form.get("conformity", True)
    if not isinstance(conformity, bool):
        raise _form_error("conformity")
    doc["service"] = {"raters": raters}
    doc["management"] = {"levels": levels, "conformity_passed": conformity}
    notes = _form_notes(form.get("observations"), [clause.id for clause in rules.management.clauses], "observations")
    if notes:
        doc["management"]["observations"] = notes
    return doc


class Saved(NamedTuple):
    """A form written to a file: its JSON text, whether it is a draft, and how many fields are missing or wrong."""

    text: str
    draft: bool
    missing: int
    wrong: int
    organization: str | None


def save_form(form: Any, name: str | None, rules: Rules | None = None) -> Saved:
    """The calculator's form as a file: the ordinary (canonical) evaluation document when nothing of it is missing
    or wrong, else a draft document holding it as typed. ``name`` (the evaluation's name in the calculator's list)
    is kept in either, made a valid name (:func:`clean_name`)."""
    rules = rules or load_rules()
    name = clean_name(name or "")
    doc = draft_of_form(form, name or None, rules)
    draft = read_draft(doc, rules)
    if not draft.problems:
        evaluation = evaluation_from_obj(doc, rules)
        saved = ({"name": name} if name else {}) | evaluation_to_obj(evaluation)
        organization = evaluation.organization
    else:
        saved, organization = doc, draft.form.get("organization")
    text = json.dumps(saved, ensure_ascii=False, separators=(",", ":")) + "\n"
    # A lone surrogate (in a draft's text, listed as wrong) is written as its escape, \ud800: the file is UTF-8, which
    # has no lone surrogate (the page's Blob would write U+FFFD instead), and reads back as typed.
    text = _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    if len(text) > MAX_INPUT_BYTES // 4 and len(text.encode("utf-8")) > MAX_INPUT_BYTES:
        raise ValidationError("", *said("file_would_be_too_large", size=size_name(MAX_INPUT_BYTES)))
    return Saved(text, bool(draft.problems), draft.missing, draft.wrong, organization)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_REFUSED_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{DEFAULT_IGNORABLE}]")


def clean_name(name: str) -> str:
    """An evaluation's name as a file keeps it: without control or invisible characters, at most
    :data:`MAX_NAME_LENGTH` characters."""
    return _REFUSED_IN_NAME.sub("", name)[:MAX_NAME_LENGTH].strip()


# --- file names ---------------------------------------------------------------------------------------------------

# What a file name holds, after the organization (nothing for an evaluation document), in the page's language: the
# key of its word in scoring/messages.py.
FILE_KINDS: dict[str, str | None] = {
    "evaluation": None,
    "draft": "file_kind_draft",
    "report": "file_kind_report",
    "result": "file_kind_result",
    "comparison": "file_kind_comparison",
}
FALLBACK_FILE_NAME = "tbsc55"  # when there is no organization (or nothing of it is left)
MAX_FILE_NAME_BYTES = 120  # of the organization's part, in UTF-8 (a name of 255 bytes is the usual limit)
# Refused by some file system: Windows' reserved characters, controls, and characters that print as nothing.
_UNSAFE_IN_FILE_NAME = re.compile(r'[/\\:*?"<>|]')
_INVISIBLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{DEFAULT_IGNORABLE}]")


def file_name(organization: str | None, kind: str, lang: Lang, date: str, extension: str) -> str:
    """A download's file name: ``<organization>[-<kind>]-<date>.<extension>`` (``ACME-草稿-2026-12-06.json``), the
    organization made safe for every file system (``/ \\ : * ? " < > |`` become ``_``; control and invisible
    characters go; spaces collapse; no dot or space at either end; at most :data:`MAX_FILE_NAME_BYTES` bytes), or
    ``tbsc55`` when there is none. ``date`` is YYYY-MM-DD."""
    try:
        real = len(date) == 10 and datetime.date.fromisoformat(date).isoformat() == date
    except ValueError:
        real = False
    if not real:
        raise ValidationError("date", *said("not_a_date", value=_show(date)))
    base = _UNSAFE_IN_FILE_NAME.sub("_", _INVISIBLE.sub("", organization or ""))
    base = " ".join(base.split()).strip(" ._")
    while len(base.encode("utf-8")) > MAX_FILE_NAME_BYTES:
        base = base[: -max(1, (len(base.encode("utf-8")) - MAX_FILE_NAME_BYTES) // 3)].rstrip(" ._")
    key = FILE_KINDS[kind]
    word = message(key, lang) if key else ""
    return "-".join(part for part in (base or FALLBACK_FILE_NAME, word, date) if part) + "." + extension
