"""Reading and validating evaluation documents (the JSON interchange format), and writing their canonical form.

Every refusal is an :class:`~scoring.errors.InputError` whose message starts with the field path, e.g.
``service.raters[0].alpha["1.2"]: 1.01 is outside [0, 1]``. Numbers are parsed as Decimal from their text;
binary floats are refused outright.
"""

from __future__ import annotations

import datetime
import json
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from .errors import DEFAULT_IGNORABLE, DocumentSyntaxError, ValidationError, show_text
from .limits import (
    MAX_ALPHA_PLACES,
    MAX_EVALUATOR_NAME_LENGTH,
    MAX_EVALUATORS,
    MAX_INPUT_BYTES,
    MAX_NAME_LENGTH,
    MAX_OBSERVATION_LENGTH,
    MAX_ORGANIZATION_LENGTH,
    MAX_RATER_ID_LENGTH,
    MAX_RATERS,
    size_name,
)
from .messages import said
from .model import Evaluation, Observations, Rater, Record
from .numbers import PlainTexts, plain
from .rules import Names, Rules, load_rules

_DECIMAL_TEXT = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]*,[0-9]+")

# A number typed with a Chinese input method (issue 20, point 3): its full-width digits ０–９ (U+FF10–U+FF19), its
# full-width full stop ． (U+FF0E) and — with Chinese punctuation on, the "." key types it — the ideographic full stop
# 。 (U+3002) are read as 0–9 and ".": in a field that holds one number neither stop can mean anything but the
# decimal point. The full-width comma ， (U+FF0C) becomes "," only to be refused as a decimal comma, by name. The
# full-width signs ＋ － (U+FF0B, U+FF0D) are not read: α and levels have no sign (an ASCII sign is refused too), so
# reading them would change no number, only the wording of a refusal. Names are never transliterated.
FULL_WIDTH_NUMBER = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "\uff0e": ".", "\u3002": ".", "\uff0c": ","}
)


def ascii_number(text: str) -> str:
    """``text`` with the full-width digits and stops of a Chinese input method as ASCII (``０．８`` → ``0.8``); any
    other character is kept as it is."""
    return text if text.isascii() else text.translate(FULL_WIDTH_NUMBER)


def normalized_alphas(alphas: Any) -> dict[str, str]:
    """A rater's α (as the calculator sends them, text as typed) that were typed with full-width characters and read
    as a number: item id → the ASCII text the engine read (``"０．８"`` → ``"0.8"``), so that the form can show what
    was graded. Empty for the usual rater, and for text that is no number even in ASCII (``０x１`` stays as typed)."""
    found: dict[str, str] = {}
    if isinstance(alphas, dict):
        for item_id, value in alphas.items():
            if isinstance(value, str) and not value.isascii():
                text = ascii_number(value)
                if text != value and _DECIMAL_TEXT.fullmatch(text):
                    found[item_id] = text
    return found


def with_normalized(entry: dict[str, Any], alphas: Any) -> dict[str, Any]:
    """A rater's entry of the calculator's answer, with ``normalized`` (:func:`normalized_alphas`) when it has any."""
    found = normalized_alphas(alphas)
    if found:
        entry["normalized"] = found
    return entry


# ``draft`` (true: a draft document, scoring/drafts.py) and ``name`` (the evaluation's name in the calculator's list)
# are the file's, not the evaluation's: neither is graded, nor kept in the canonical form or the compact string.
# ``record`` (issue 23): the evaluation's record — date, evaluators, scope, remarks —, optional and never graded, as
# the observations of the clauses (``management.observations``) and of each rater's items (``…raters[i].observations``).
DOCUMENT_KEYS = ("draft", "name", "scheme", "profile", "organization", "record", "service", "management")
RECORD_KEYS = ("date", "evaluators", "scope", "remarks")


class _NonFinite:
    """What JSON's NaN/Infinity parse to, so the validator can name the field that holds them."""

    def __init__(self, literal: str) -> None:
        self.literal = literal


class JsonNumber(Decimal):
    """A JSON number written with a fraction or an exponent (``0.8``, ``3e0``): its Decimal, and the text it was
    written as, which a refusal quotes (``30e-1`` is not a maturity level, not ``3.0``)."""

    __slots__ = ("literal",)
    literal: str

    def __new__(cls, literal: str) -> JsonNumber:
        number = super().__new__(cls, literal)
        number.literal = literal
        return number


class _Object(dict[str, Any]):
    """A JSON object that remembers keys it saw twice (json keeps only the last)."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


def _parse_int(text: str) -> int | Decimal:
    # Python refuses to build ints of more than 4300 digits; such a number is out of every range anyway.
    return int(text) if len(text) <= 100 else Decimal(text)


# --- text → document ----------------------------------------------------------------------------------------


def parse_json(data: str | bytes, rules: Rules | None = None) -> Evaluation:
    """Parse an evaluation document from JSON text and validate it."""
    return evaluation_from_obj(read_json(data), rules)


# A JSON string (escapes included): removed before counting a document's values, so that commas and brackets
# inside text do not count. Unrolled (no nested repetition of alternatives): linear time.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def max_json_values(rules: Rules) -> int:
    """The most values (objects, lists, strings, numbers…) that a valid evaluation document can hold.

    Each rater is an object, an id, an α object and one α per item; the management part is two objects, the
    levels and the conformity review; a few more for the top level. A text with more values is refused before
    it is parsed, so that junk cannot fill memory with millions of parsed values.
    """
    per_rater = 3 + len(rules.service.items)
    per_rater += 1 + len(rules.service.items)  # the rater's observations: an object, a text per item
    record = 2 + MAX_EVALUATORS + 3  # the record, its evaluators (a list of names), its date, scope and remarks
    return MAX_RATERS * per_rater + 2 * len(rules.management.clauses) + record + 32


# The JSON parser's messages (json.decoder, CPython 3.11-3.13), by their English (the parser's own), in Chinese.
_JSON_PROBLEMS_ZH = dict(
    said(key)
    for key in (
        "json_value",
        "json_key",
        "json_colon",
        "json_comma",
        "json_unterminated",
        "json_control",
        "json_escape",
        "json_unicode_escape",
        "json_extra",
        "json_object_comma",
        "json_array_comma",
    )
)


def json_problem_zh(message: str) -> str:
    """The JSON parser's message ``message`` in Chinese (a message it did not have when this was written: 语法错误)."""
    return _JSON_PROBLEMS_ZH.get(message) or said("json_other")[1]


def read_json(data: str | bytes, rules: Rules | None = None) -> Any:
    """JSON text → Python objects, numbers as Decimal, with the syntax refusals of the interchange format."""
    # Text (from the calculator) is measured in UTF-8 bytes too, as a file would be; encoded only when it could be over.
    if len(data) > MAX_INPUT_BYTES or (
        isinstance(data, str)
        and len(data) > MAX_INPUT_BYTES // 4
        and len(data.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES
    ):
        raise DocumentSyntaxError("", *said("too_large", size=size_name(MAX_INPUT_BYTES)))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentSyntaxError("", *said("not_utf8", byte=exc.start)) from None
    if not data.strip():
        raise DocumentSyntaxError("", *said("empty_document"))
    limit = max_json_values(rules or load_rules())
    if data.count(",") + data.count("[") + data.count("{") > limit:  # commas in text may inflate this count
        outside_strings = _JSON_STRING.sub("", data)
        if outside_strings.count(",") + outside_strings.count("[") + outside_strings.count("{") > limit:
            raise DocumentSyntaxError("", *said("too_many_values", raters=MAX_RATERS, limit=limit))
        del outside_strings
    try:
        return json.loads(
            data.removeprefix("\ufeff"),
            parse_float=JsonNumber,
            parse_int=_parse_int,
            parse_constant=_NonFinite,
            object_pairs_hook=_object_pairs,
        )
    except json.JSONDecodeError as exc:
        problem = Names(zh=json_problem_zh(exc.msg), en=exc.msg)
        raise DocumentSyntaxError(
            "", *said("malformed_json", line=exc.lineno, column=exc.colno, problem=problem)
        ) from None
    except RecursionError:
        raise DocumentSyntaxError("", *said("json_nested")) from None


# --- objects → document -------------------------------------------------------------------------------------


def evaluation_from_obj(obj: Any, rules: Rules | None = None) -> Evaluation:
    """Validate a parsed document (dicts, lists, str, int, Decimal) and build the :class:`Evaluation`.

    In the document's order: its head (scheme, profile, organization), the raters, the management part; the first
    error found is raised. A draft document (``"draft": true``, scoring/drafts.py) is graded when nothing of it is
    missing or wrong, and refused otherwise, naming its first missing or wrong field and how many there are."""
    rules = rules or load_rules()
    if isinstance(obj, dict) and obj.get("draft") is True:
        from .drafts import complete_document  # noqa: PLC0415 (drafts.py reads documents with this module)

        obj = complete_document(obj, rules)
    head = read_head(obj, rules)
    raters = _raters(head.raters, rules)
    levels, conformity = read_management(obj, rules)
    return Evaluation(
        scheme=head.scheme,
        profile=head.profile,
        organization=head.organization,
        raters=raters,
        levels=levels,
        conformity_passed=conformity,
        observations=read_observations(obj, rules),
    )


class Head(NamedTuple):
    """What a document says before its management part, its raters unread."""

    scheme: str
    profile: str
    organization: str | None
    raters: Any  # service.raters as given


def read_head(obj: Any, rules: Rules) -> Head:
    """The document's structure, scheme, profile and organization, and its ``service`` object (checked first)."""
    root = _object(obj, "")
    _known_keys(root, "", DOCUMENT_KEYS)
    if root.get("draft", False) is not False:
        from .drafts import draft_refusal  # noqa: PLC0415

        raise draft_refusal(root, rules)
    read_name(root.get("name"))
    for required in ("service", "management"):
        if required not in root:
            raise ValidationError(required, *said("missing"))
    scheme = _scheme(root.get("scheme", rules.scheme.full_id), rules)
    profile = _profile(root.get("profile", rules.certification.default_profile), rules)
    organization = _optional_text(root.get("organization"), "organization", MAX_ORGANIZATION_LENGTH)
    service = _object(root["service"], "service")
    _known_keys(service, "service", ("raters",))
    return Head(scheme, profile, organization, service.get("raters"))


def read_management(obj: Any, rules: Rules) -> tuple[dict[str, int], bool]:
    """The management part (checked after the raters): each clause's maturity level, and the conformity
    examination's outcome. ``obj`` has passed :func:`read_head`."""
    management = _object(obj["management"], "management")
    _known_keys(management, "management", ("levels", "conformity_passed", "observations"))
    if "levels" not in management:
        raise ValidationError("management.levels", *said("missing"))
    levels = _levels(management["levels"], rules)
    conformity = management.get("conformity_passed", True)
    if not isinstance(conformity, bool):
        raise ValidationError("management.conformity_passed", *said("not_true_or_false", value=_show(conformity)))
    return levels, conformity


def read_observations(obj: Any, rules: Rules) -> Observations | None:
    """The document's observations and record (issue 23), or None when it has none. ``obj`` has passed
    :func:`read_head`, :func:`check_rater_list` and :func:`read_management`. Each text is refused as a name is
    (:func:`check_observation`); an observation of an unknown clause or item is refused by its path."""
    raters = obj["service"]["raters"]
    return read_notes(
        obj.get("record"),
        obj["management"].get("observations"),
        ((index, rater["observations"]) for index, rater in enumerate(raters) if "observations" in rater),
        rules,
    )


# What a reader of observations does with each problem it finds (:func:`read_notes`). A document's reader raises the
# first (:func:`refuse`). The list of every field error (:func:`field_errors`, the calculator's session) and that of
# a draft's problems (scoring/drafts.py) collect each wrong value — an observation too long or holding a control
# character, a date that is none, too many evaluators, an evaluator's name too long… —, and leave to the document's
# reader, or refuse, what is not the document's structure (an observation that is a number or an object, an
# unknown clause or item, an unknown member of the record). A part whose structure is wrong is not read further.
Problems = Callable[[ValidationError], None]


def refuse(error: ValidationError) -> None:
    """A problem raised: the reader stops at the first."""
    raise error


def leave(error: ValidationError) -> None:
    """A problem of structure left to the document's reader (:func:`field_errors` lists wrong values only)."""


def read_notes(
    record: Any,
    clauses: Any,
    raters: Iterable[tuple[int, Any]],
    rules: Rules,
    wrong: Problems = refuse,
    structure: Problems = refuse,
) -> Observations | None:
    """The observations and record of a document — its ``record``, its ``management.observations`` and each rater's
    ``observations`` (with the rater's index) —, or None when it has none: what is valid of them; each wrong value
    is given to ``wrong``, each problem of structure to ``structure`` (both raise, by default)."""
    found = read_record(record, wrong, structure)
    clause_notes = clause_observations(clauses, rules, wrong, structure)
    by_rater: dict[int, dict[str, str]] = {}
    for index, value in raters:
        notes = rater_observations(value, index, rules, wrong, structure)
        if notes:
            by_rater[index] = notes
    observations = Observations(found, clause_notes, by_rater)
    return observations if observations else None


def clause_observations(
    value: Any, rules: Rules, wrong: Problems = refuse, structure: Problems = refuse
) -> dict[str, str]:
    """``management.observations``: the valid observations by clause (see :func:`read_notes`)."""
    ids = [clause.id for clause in rules.management.clauses]
    return _observations(value, "management.observations", ids, "unknown_clause", wrong, structure)


def rater_observations(
    value: Any, index: int, rules: Rules, wrong: Problems = refuse, structure: Problems = refuse
) -> dict[str, str]:
    """``service.raters[index].observations``: the rater's valid observations by item (see :func:`read_notes`)."""
    ids = [item.id for item in rules.service.items]
    return _observations(value, f"service.raters[{index}].observations", ids, "unknown_item", wrong, structure)


def _observations(
    value: Any, path: str, ids: list[str], unknown: str, wrong: Problems, structure: Problems
) -> dict[str, str]:
    """An object of observations by clause or item id (any of ``ids``, none required), in the rules' order; null
    and empty texts are none."""
    if value is None:
        return {}
    try:
        obj = _object(value, path)
    except ValidationError as exc:
        structure(exc)
        return {}
    known = frozenset(ids)
    for key in obj:
        if key not in known:
            structure(ValidationError(f'{path}["{key}"]', *said(unknown)))
    found: dict[str, str] = {}
    for key in ids:
        text = obj.get(key)
        if text is not None:
            where = f'{path}["{key}"]'
            if not isinstance(text, str):
                structure(ValidationError(where, *said("not_text", value=_show(text))))
            elif _valid(check_observation, wrong, text, where) and text:
                found[key] = text
    return found


def _valid(check: Callable[..., Any], wrong: Problems, *args: Any) -> bool:
    """Whether ``check(*args)`` passes; its refusal, if any, given to ``wrong``."""
    try:
        check(*args)
    except ValidationError as exc:
        wrong(exc)
        return False
    return True


def read_record(value: Any, wrong: Problems = refuse, structure: Problems = refuse) -> Record | None:
    """The evaluation's record (``record``, optional): its date (YYYY-MM-DD), its evaluators (names), its scope and its
    remarks (texts as observations are); None when it has none of them. What is wrong: as :func:`read_notes`."""
    if value is None:
        return None
    try:
        obj = _object(value, "record")
        _known_keys(obj, "record", RECORD_KEYS)
    except ValidationError as exc:
        structure(exc)
        return None
    texts: dict[str, str | None] = {}
    names: list[str] = []
    for key in RECORD_KEYS:  # in the document's order
        text, path = obj.get(key), f"record.{key}"
        texts[key] = None
        if key == "evaluators":
            names = _evaluators(text, wrong, structure)
        elif text is None:
            continue
        elif not isinstance(text, str):
            structure(ValidationError(path, *said("not_text", value=_show(text))))
        elif text:
            check = check_iso_date if key == "date" else check_observation
            texts[key] = text if _valid(check, wrong, text, path) else None
    date, scope, remarks = texts["date"], texts["scope"], texts["remarks"]
    if date is None and not names and scope is None and remarks is None:
        return None
    return Record(date, tuple(names), scope, remarks)


def _evaluators(members: Any, wrong: Problems, structure: Problems) -> list[str]:
    """The record's evaluators: a list of at most :data:`MAX_EVALUATORS` names (empty ones are none)."""
    names: list[str] = []
    if members is None:
        return names
    if not isinstance(members, list):
        structure(ValidationError("record.evaluators", *said("not_a_list_of_names", value=_show(members))))
        return names
    if len(members) > MAX_EVALUATORS:
        limit = MAX_EVALUATORS
        wrong(ValidationError("record.evaluators", *said("too_many_names_in_record", count=len(members), limit=limit)))
    for index, name in enumerate(members):
        path = f"record.evaluators[{index}]"
        if not isinstance(name, str):
            structure(ValidationError(path, *said("not_text", value=_show(name))))
        elif name and _valid(check_text, wrong, name, path, MAX_EVALUATOR_NAME_LENGTH):
            names.append(name)
    return names


def check_iso_date(value: str, path: str) -> str:
    """A real calendar date written YYYY-MM-DD (ISO 8601), as given, or its refusal (2026-02-30 is none)."""
    try:
        if len(value) == 10 and datetime.date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise ValidationError(path, *said("not_a_date_quoted", value=show_text(value)))


def read_name(value: Any) -> str | None:
    """The evaluation's name (``name``, optional): the calculator's name of it, kept in its file; a name as the
    organization's is (no control or invisible characters), of at most :data:`MAX_NAME_LENGTH` characters."""
    return _optional_text(value, "name", MAX_NAME_LENGTH)


def _scheme(value: Any, rules: Rules) -> str:
    if value != rules.scheme.full_id:
        raise ValidationError(
            "scheme", *said("scheme_unsupported", value=_show(value), scheme=repr(rules.scheme.full_id))
        )
    return rules.scheme.full_id


def _profile(value: Any, rules: Rules) -> str:
    if not isinstance(value, str) or value not in rules.certification.profile_ids:
        choices = ", ".join(repr(p) for p in rules.certification.profile_ids)
        raise ValidationError("profile", *said("not_a_profile", value=_show(value), choices=choices))
    return value


def _raters(value: Any, rules: Rules) -> tuple[Rater, ...]:
    check_rater_list(value)
    raters: list[Rater] = []
    ids: dict[str, int] = {}
    read_alphas = AlphaReader(rules)
    for index, raw in enumerate(value):
        obj, rater_id = rater_head(raw, index)
        if rater_id is not None:
            if rater_id in ids:
                raise duplicate_id(rater_id, index, ids[rater_id])
            ids[rater_id] = index
        raters.append(rater_of(obj, rater_id, index, read_alphas))
    return tuple(raters)


def check_rater_list(value: Any) -> None:
    """``service.raters`` is a list of 1 to :data:`MAX_RATERS` entries (5.1.2: at least one rater)."""
    path = "service.raters"
    if value is None:
        raise ValidationError(path, *said("raters_missing"))
    if not isinstance(value, list):
        raise ValidationError(path, *said("not_a_rater_list", value=_show(value)))
    if not value:
        raise ValidationError(path, *said("no_raters"))
    if len(value) > MAX_RATERS:
        raise ValidationError(path, *said("too_many_raters", count=len(value), limit=MAX_RATERS))


# A rater is read in two steps, the check that its id is not another rater's between them (the calculator's
# session, scoring/session.py, reads raters one by one and checks the ids across them itself).


def rater_head(raw: Any, index: int) -> tuple[dict[str, Any], str | None]:
    """A rater's object and its id (optional), before its α are read."""
    path = f"service.raters[{index}]"
    obj = _object(raw, path)
    if not obj.keys() <= _RATER_KEYS:
        _known_keys(obj, path, ("id", "alpha", "observations"))
    return obj, _optional_text(obj.get("id"), f"{path}.id", MAX_RATER_ID_LENGTH)


def duplicate_id(rater_id: str, index: int, first: int) -> ValidationError:
    """Rater ``index`` has the id of rater ``first``."""
    return ValidationError(
        f"service.raters[{index}].id",
        *said("duplicate_rater_id", id=repr(rater_id), number=first + 1, index=first),
    )


def rater_of(obj: dict[str, Any], rater_id: str | None, index: int, read_alphas: AlphaReader) -> Rater:
    """The rater, its α read (the object and id from :func:`rater_head`)."""
    if "alpha" not in obj:
        raise ValidationError(f"service.raters[{index}].alpha", *said("missing"))
    return Rater(id=rater_id, alpha=read_alphas(obj["alpha"], f"service.raters[{index}].alpha"))


_RATER_KEYS = frozenset(("id", "alpha", "observations"))


class CheckedAlphas:
    """Each distinct α a document gives, checked once: the α it is, or why it is refused ``(problem, problem_zh)``.

    The one cache of checked α (raters use few distinct values: 3,000 raters give 57,000 α of a handful of
    spellings), shared by everything that reads α — :class:`AlphaReader` (the document), :func:`field_errors` and
    the calculator's form (scoring/session.py) — under one key rule (:meth:`key`).
    """

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.known: dict[Any, Decimal | tuple[str, str]] = {}

    @staticmethod
    def key(value: Any) -> Any:
        """What an α is remembered by, or None when it is checked every time. The type is part of the key (the
        text "1" and the number 1 are refused differently; true, which equals 1, is never remembered); a Decimal
        is keyed by its digits and exponent (0.1 is accepted, 0.1000000000000000000000 has too many places), a
        JSON number by how it was written (a refusal quotes it so)."""
        kind = type(value)
        if kind is str or kind is int:
            return (kind, value)
        if kind is Decimal:
            return (kind, value.as_tuple())
        if kind is JsonNumber:
            return (kind, value.literal)
        return None  # bool, null, lists, objects: refused, and cheaply

    def check(self, value: Any) -> Decimal | tuple[str, str]:
        """``value`` as an α (5.1.1 2)), or its refusal's problem in English and Chinese (without a path)."""
        key = self.key(value)
        found = self.known.get(key) if key is not None else None
        if found is None:
            try:
                found = _alpha(value, "", self.rules)
            except ValidationError as exc:
                found = (exc.problem, exc.problem_zh)
            if key is not None:
                self.known[key] = found
        return found

    def read(self, value: Any, path: str) -> Decimal:
        """``value`` as an α, or its refusal at ``path``."""
        found = self.check(value)
        if isinstance(found, Decimal):
            return found
        raise ValidationError(path, *found)


class AlphaReader:
    """Reads each rater's α object; each distinct α is checked once per document (:class:`CheckedAlphas`)."""

    def __init__(self, rules: Rules, checked: CheckedAlphas | None = None) -> None:
        self.rules = rules
        self.item_ids = [item.id for item in rules.service.items]
        self.id_set = frozenset(self.item_ids)
        self.pick = operator.itemgetter(*self.item_ids)
        self.checked = checked or CheckedAlphas(rules)

    def __call__(self, value: Any, path: str) -> dict[str, Decimal]:
        """A rater's α by item, in the rules' order."""
        obj = _keyed(value, path, self.item_ids, "unknown_item", "missing_items", self.id_set)
        raws: tuple[Any, ...] = self.pick(obj)
        known, key = self.checked.known, self.checked.key
        try:
            found = [known.get(key(raw)) for raw in raws]
        except TypeError:  # a signalling NaN (only from Python callers) cannot be hashed: check each value
            found = [None] * len(raws)
        if all(type(alpha) is Decimal for alpha in found):
            return dict(zip(self.item_ids, found, strict=True))  # type: ignore[arg-type]
        return {
            item_id: self.checked.read(raw, f'{path}["{item_id}"]')
            for item_id, raw in zip(self.item_ids, raws, strict=True)
        }


def _keyed(
    value: Any,
    path: str,
    ids: list[str],
    unknown: str,
    missing_what: str,
    id_set: frozenset[str] | None = None,
) -> dict[str, Any]:
    """An object keyed by exactly ``ids`` (appendix 1 items or appendix 3 clauses): no unknown key, none missing.

    ``unknown`` and ``missing_what`` are the keys of their messages (scoring/messages.py)."""
    obj = _object(value, path)
    if id_set is not None and obj.keys() == id_set:
        return obj  # the usual case, checked at C speed
    for key in obj:
        if key not in ids:
            raise ValidationError(f'{path}["{key}"]', *said(unknown))
    missing = [key for key in ids if key not in obj]
    if missing:
        listed = Names(zh="、".join(f"“{m}”" for m in missing), en=", ".join(f'"{m}"' for m in missing))
        raise ValidationError(path, *said(missing_what, count=len(missing), listed=listed))
    return obj


def parse_alpha(value: Any, path: str, rules: Rules | None = None) -> Decimal:
    """One experience coefficient α (5.1.1 2)): a JSON number, a decimal string, or a Decimal, in [0, 1]."""
    return _alpha(value, path, rules or load_rules())


def _alpha(value: Any, path: str, rules: Rules) -> Decimal:
    low, high = rules.service.alpha_min, rules.service.alpha_max
    if isinstance(value, str):
        text = ascii_number(value)
        if not text:
            raise ValidationError(path, *said("alpha_empty", low=plain(low), high=plain(high)))
        if text != text.strip():
            raise ValidationError(path, *said("spaces_around_number", value=_show(value)))
        if _COMMA_DECIMAL.fullmatch(text):
            raise ValidationError(path, *said("decimal_comma", value=value))
        if not _DECIMAL_TEXT.fullmatch(text):  # quoted as typed (full-width characters and all)
            raise ValidationError(path, *said("not_a_decimal", value=value))
        number = Decimal(text)
    elif isinstance(value, bool) or value is None or isinstance(value, _NonFinite):
        raise ValidationError(path, *said("not_a_number", value=_show(value)))
    elif isinstance(value, Decimal | int):
        number = Decimal(value)
        if not number.is_finite():
            raise ValidationError(path, *said("not_a_number", value=_show(value)))
    elif isinstance(value, float):
        raise ValidationError(path, *said("binary_float", value=repr(value)))
    else:
        raise ValidationError(path, *said("not_a_number", value=_show(value)))
    if not low <= number <= high:
        # A valid numeral, shown as the number it is (in ASCII, as read); one that looks like a percentage is
        # followed by the fraction it would be: 80 → (0.8?).
        shown = ascii_number(value) if isinstance(value, str) else _show(value)
        raise _out_of_range(path, shown, plain(low), plain(high), _percentage_guess(number))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_ALPHA_PLACES:
        raise ValidationError(path, *said("too_many_places", value=_show(value), places=MAX_ALPHA_PLACES))
    return number


# An α from 10 to 100 looks like a percentage (80 for 0.8), and its refusal suggests the fraction. Below 10 it does
# not: 5 is likelier a Likert band or a mark out of 5 than 5 %, and "0.05?" would steer a rater wrong.
_PERCENT_LOW, _PERCENT_HIGH = Decimal(10), Decimal(100)


def _out_of_range(path: str, shown: str, low: str, high: str, guess: str | None) -> ValidationError:
    """An α outside [low, high], followed by the fraction it would be as a percentage (``guess``), if any."""
    en, zh = said("alpha_out_of_range", value=shown, low=low, high=high)
    if guess:
        guess_en, guess_zh = said("percentage_guess", fraction=guess)
        en, zh = en + guess_en, zh + guess_zh
    return ValidationError(path, en, zh)


def _percentage_guess(number: Decimal) -> str | None:
    """The fraction an out-of-range α written as a percentage would be (``80`` → ``"0.8"``), if it looks like one
    and the fraction is a valid α (at most :data:`MAX_ALPHA_PLACES` decimals)."""
    if not _PERCENT_LOW <= number <= _PERCENT_HIGH:
        return None
    fraction = number.scaleb(-2)
    exponent = fraction.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_ALPHA_PLACES:
        return None
    return plain(fraction)


def _levels(value: Any, rules: Rules) -> dict[str, int]:
    path = "management.levels"
    clause_ids = [clause.id for clause in rules.management.clauses]
    obj = _keyed(value, path, clause_ids, "unknown_clause", "missing_clauses")
    return {clause_id: _level(obj[clause_id], f'{path}["{clause_id}"]', rules) for clause_id in clause_ids}


def _level(value: Any, path: str, rules: Rules) -> int:
    low, high = rules.management.level_min, rules.management.level_max
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value() and low <= value <= high:
        # a whole number written as 3.0 or 3e0: the level it means, written as levels are
        raise ValidationError(path, *said("level_written", value=_show(value), level=int(value)))
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(path, *said("not_a_level", value=_show(value), low=low, high=high))
    return value


# --- helpers ------------------------------------------------------------------------------------------------


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, *said("not_an_object", value=_show(value)))
    duplicates = getattr(value, "duplicates", ())
    if duplicates:
        raise ValidationError(path, *said("duplicate_key", key=duplicates[0]))
    return value


def _known_keys(obj: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> None:
    for key in obj:
        if key not in allowed:
            where = f"{path}.{key}" if path else key
            listed = Names(zh="、".join(allowed), en=", ".join(allowed))
            raise ValidationError(where, *said("unknown_field", allowed=listed))


def _optional_text(value: Any, path: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(path, *said("not_text", value=_show(value)))
    return check_text(value, path, limit)


# Characters refused in names (organization, rater ids): controls, which print nothing or move a terminal's cursor;
# line and paragraph separators; lone surrogates, which are not characters; and every default-ignorable code point
# of Unicode (DerivedCoreProperties.txt, Default_Ignorable_Code_Point): bidi controls, which reorder the text around
# them, and the characters a renderer draws as nothing (soft hyphen U+00AD, zero-width space and joiners U+200B–
# U+200D, Hangul filler U+3164, variation selectors, tag characters U+E0000–U+E0FFF…), with which a name can look
# blank or identical to another.
_REFUSED_IN_TEXT = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{DEFAULT_IGNORABLE}]")


# Observations are refused as names are, but for the line feed: an observation is a paragraph or a few, as a text
# area writes them (its value ends lines with U+000A alone). A carriage return, a tab or any other control is refused.
_REFUSED_IN_OBSERVATION = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{DEFAULT_IGNORABLE}]")


def check_observation(value: Any, path: str) -> str:
    """An observation (or the record's scope or remarks) as given, or its refusal: not text, longer than
    :data:`MAX_OBSERVATION_LENGTH` characters, or holding a character a name may not hold (a line feed may be)."""
    if not isinstance(value, str):
        raise ValidationError(path, *said("not_text", value=_show(value)))
    return check_text(value, path, MAX_OBSERVATION_LENGTH, _REFUSED_IN_OBSERVATION)


def check_text(value: str, path: str, limit: int, refused: re.Pattern[str] = _REFUSED_IN_TEXT) -> str:
    """A name as given, or a refusal: too long, or holding a control, bidi-control or surrogate character."""
    if len(value) > limit:
        raise ValidationError(path, *said("too_long", limit=limit))
    bad = refused.search(value)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        shown = _show(value)
        raise ValidationError(path, *said("invisible_character", value=shown, code=code, position=bad.start() + 1))
    return value


def _show(value: Any) -> str:
    """A short, JSON-like rendering of an offending value for an error message."""
    if isinstance(value, _NonFinite):
        return value.literal
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        written = show_text(value.literal) if isinstance(value, JsonNumber) else str(value)
        return written if len(written) <= 40 else written[:37] + "…"
    if isinstance(value, str):
        return '"' + show_text(value) + '"'
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# --- document → canonical JSON ------------------------------------------------------------------------------


def evaluation_to_obj(evaluation: Evaluation) -> dict[str, Any]:
    """The canonical JSON form: every default written out, α as canonical decimal strings, rules' order."""
    doc: dict[str, Any] = {"scheme": evaluation.scheme, "profile": evaluation.profile}
    if evaluation.organization is not None:
        doc["organization"] = evaluation.organization
    observations = evaluation.observations
    if observations is not None and observations.record is not None:
        doc["record"] = record_to_obj(observations.record)
    by_rater = observations.raters if observations is not None else {}
    raters: list[dict[str, Any]] = []
    text = PlainTexts()
    for index, rater in enumerate(evaluation.raters):
        entry: dict[str, Any] = {} if rater.id is None else {"id": rater.id}
        entry["alpha"] = {item_id: text[alpha] for item_id, alpha in rater.alpha.items()}
        if index in by_rater:
            entry["observations"] = dict(by_rater[index])
        raters.append(entry)
    doc["service"] = {"raters": raters}
    doc["management"] = {"levels": dict(evaluation.levels), "conformity_passed": evaluation.conformity_passed}
    if observations is not None and observations.clauses:
        doc["management"]["observations"] = dict(observations.clauses)
    return doc


def record_to_obj(record: Record) -> dict[str, Any]:
    """The record as the document writes it: the members it has, in :data:`RECORD_KEYS`' order."""
    obj: dict[str, Any] = {}
    if record.date is not None:
        obj["date"] = record.date
    if record.evaluators:
        obj["evaluators"] = list(record.evaluators)
    if record.scope is not None:
        obj["scope"] = record.scope
    if record.remarks is not None:
        obj["remarks"] = record.remarks
    return obj


def canonical_json(evaluation: Evaluation) -> str:
    """One line of canonical JSON (UTF-8 text, no spaces): the bytes that the SHA-256 of a report covers."""
    return json.dumps(evaluation_to_obj(evaluation), ensure_ascii=False, separators=(",", ":"))


def rater_errors(raters: Any, rules: Rules) -> list[ValidationError]:
    """The α errors and the wrong observations of every rater, a rater after another, each with its path; each
    distinct α is checked once."""
    checked = CheckedAlphas(rules)
    errors: list[ValidationError] = []
    for index, rater in enumerate(raters if isinstance(raters, list) else []):
        alphas = rater.get("alpha") if isinstance(rater, dict) else None
        if isinstance(alphas, dict):
            for item in rules.service.items:
                found = checked.check(alphas[item.id]) if item.id in alphas else Decimal(0)
                if not isinstance(found, Decimal):
                    errors.append(ValidationError(f'service.raters[{index}].alpha["{item.id}"]', *found))
        if isinstance(rater, dict) and rater.get("observations") is not None:
            rater_observations(rater["observations"], index, rules, errors.append, leave)
    return errors


def level_errors(levels: Any, rules: Rules) -> list[ValidationError]:
    """The errors of the clauses' maturity levels that are given (:func:`field_errors`)."""
    errors: list[ValidationError] = []
    for clause in rules.management.clauses:
        if isinstance(levels, dict) and clause.id in levels:
            try:
                _level(levels[clause.id], f'management.levels["{clause.id}"]', rules)
            except ValidationError as exc:
                errors.append(exc)
    return errors


def field_errors(obj: Any, rules: Rules | None = None) -> list[ValidationError]:
    """Every field error of a document at once (the calculator flags each field), not only the first.

    α values, levels, observations, the record's members and each evaluator's name are checked one by one, in the
    document's order (the record; each rater's α, then its observations; the levels; the clauses' observations);
    if they are all acceptable, the whole document is validated, which reports the first structural error, if any.
    """
    rules = rules or load_rules()
    errors: list[ValidationError] = []
    root = obj if isinstance(obj, dict) else {}
    read_record(root.get("record"), errors.append, leave)
    raters = root.get("service", {}).get("raters") if isinstance(root.get("service"), dict) else None
    errors += rater_errors(raters, rules)
    management = root.get("management")
    management = management if isinstance(management, dict) else {}
    errors += level_errors(management.get("levels"), rules)
    clause_observations(management.get("observations"), rules, errors.append, leave)
    if not errors:
        try:
            evaluation_from_obj(obj, rules)
        except ValidationError as exc:
            errors.append(exc)
    return errors
