"""The interchange format: every refusal names the field path and the problem, in one line."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from scoring import DocumentSyntaxError, InputError, ValidationError, canonical_json, evaluation_to_obj, parse_json
from scoring.document import evaluation_from_obj
from scoring.limits import MAX_INPUT_BYTES, MAX_RATERS
from tests.builders import CLAUSE_IDS, ITEM_IDS, document, rater


def _with_alpha(value: Any, item: str = "1.2") -> str:
    doc = document([rater("0.9")])
    text = json.dumps(doc)
    marker = f'"{item}": "0.9"'
    return text.replace(marker, f'"{item}": {value}', 1)


ALPHA_REFUSALS = [
    ("1.01", "1.01 is outside [0, 1]"),
    ("-0.1", "-0.1 is outside [0, 1]"),
    ('"1.5"', "1.5 is outside [0, 1]"),
    ("1e999999", "1e999999 is outside [0, 1]"),  # quoted as written, not as Python writes the number
    ("-1e999999", "-1e999999 is outside [0, 1]"),
    ("1e-999999", "1e-999999 has more than 20 decimal places"),
    ("NaN", "NaN is not a number"),
    ("Infinity", "Infinity is not a number"),
    ("-Infinity", "-Infinity is not a number"),
    ('"0,8"', '"0,8" is not a decimal number: use a decimal point, not a comma'),
    ('"abc"', '"abc" is not a decimal number'),
    ('"NaN"', '"NaN" is not a decimal number'),
    ('"1e-1"', '"1e-1" is not a decimal number'),
    ('""', "empty: enter a decimal number from 0 to 1"),
    ('" 0.8"', '" 0.8" has spaces around the number'),
    ("true", "true is not a number"),
    ("null", "null is not a number"),
    ("[0.5]", "a list is not a number"),
    ("9" * 5000, "is outside [0, 1]"),
]


@pytest.mark.parametrize(("value", "message"), ALPHA_REFUSALS, ids=[v[:20] for v, _ in ALPHA_REFUSALS])
def test_alpha_refusals_name_the_field(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_json(_with_alpha(value))
    assert str(caught.value).startswith('service.raters[0].alpha["1.2"]: ')
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "alpha"), [("0.8", "0.8"), ("8e-1", "0.8"), ('".5"', "0.5"), ("1", "1"), ('"0.80"', "0.8")]
)
def test_alpha_accepts_json_numbers_and_decimal_strings(value: str, alpha: str) -> None:
    evaluation = parse_json(_with_alpha(value))
    assert evaluation.raters[0].alpha["1.2"] == Decimal(alpha)
    assert evaluation_to_obj(evaluation)["service"]["raters"][0]["alpha"]["1.2"] == alpha


def test_binary_floats_are_refused_through_the_api() -> None:
    doc = document([rater("0.9")])
    doc["service"]["raters"][0]["alpha"]["7"] = 0.1
    with pytest.raises(ValidationError, match=r'alpha\["7"\]: 0.1 is a binary float'):
        evaluation_from_obj(doc)


def _doc_text(**changes: Any) -> str:
    doc = document([rater("0.9", "R1")])
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = doc
        for key in parents:
            target = target[key]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return json.dumps(doc)


LEVELS = dict.fromkeys(CLAUSE_IDS, 3)

REFUSALS = [
    (
        "level 3.5",
        json.dumps(document(levels=LEVELS)).replace('"4.1": 3', '"4.1": 3.5'),
        'management.levels["4.1"]: 3.5 is not a maturity level (an integer from 1 to 5)',
    ),
    (
        "level 3.0",
        json.dumps(document(levels=LEVELS)).replace('"4.1": 3', '"4.1": 3.0'),
        'management.levels["4.1"]: 3.0 is not how a maturity level is written: write the integer 3',
    ),
    (
        "level true",
        _doc_text(management__levels=LEVELS | {"4.1": True}),
        'management.levels["4.1"]: true is not a maturity level',
    ),
    (
        "level 0",
        _doc_text(management__levels=LEVELS | {"7.2": 0}),
        'management.levels["7.2"]: 0 is not a maturity level',
    ),
    (
        "level 6",
        _doc_text(management__levels=LEVELS | {"7.2": 6}),
        'management.levels["7.2"]: 6 is not a maturity level',
    ),
    (
        "level text",
        _doc_text(management__levels=LEVELS | {"7.2": "4"}),
        'management.levels["7.2"]: "4" is not a maturity level',
    ),
    (
        "missing clause",
        _doc_text(management__levels=dict.fromkeys(CLAUSE_IDS[:-1], 3)),
        'management.levels: missing clause "7.2"',
    ),
    (
        "unknown clause",
        _doc_text(management__levels=LEVELS | {"8.1": 3}),
        'management.levels["8.1"]: unknown management clause',
    ),
    ("missing levels", _doc_text(management__levels=KeyError), "management.levels: missing"),
    (
        "missing item",
        _doc_text(service__raters=[{"alpha": {k: "1" for k in ITEM_IDS if k != "4.2"}}]),
        'service.raters[0].alpha: missing service item "4.2"',
    ),
    (
        "unknown item",
        _doc_text(service__raters=[rater("1") | {"alpha": dict.fromkeys([*ITEM_IDS, "7.1"], "1")}]),
        'service.raters[0].alpha["7.1"]: unknown service item',
    ),
    ("no raters", _doc_text(service__raters=[]), "service.raters: no raters: at least one rater is needed (5.1.2)"),
    ("raters missing", _doc_text(service__raters=KeyError), "service.raters: missing"),
    ("raters not a list", _doc_text(service__raters={"R1": 1}), "service.raters: an object is not a list of raters"),
    (
        "duplicate rater id",
        _doc_text(service__raters=[rater("1", "A"), rater("1", "A")]),
        "service.raters[1].id: 'A' is already the id of raters[0]",
    ),
    ("rater id not text", _doc_text(service__raters=[rater("1") | {"id": 7}]), "service.raters[0].id: 7 is not text"),
    ("unknown profile", _doc_text(profile="strict"), "profile: \"strict\" is not a profile (choose 'final', 'table')"),
    ("unknown scheme", _doc_text(scheme="CTS TBSC55-2025 A/0"), 'scheme: "CTS TBSC55-2025 A/0" is not supported'),
    (
        "conformity text",
        _doc_text(management__conformity_passed="yes"),
        'management.conformity_passed: "yes" is not true or false',
    ),
    ("unknown field", _doc_text(managment={}), "managment: unknown field"),
    ("missing service", _doc_text(service=KeyError), "service: missing"),
    ("root not object", "[1, 2]", "a list is not an object"),
    ("service not object", _doc_text(service=[]), "service: a list is not an object"),
]


@pytest.mark.parametrize(("text", "message"), [(t, m) for _, t, m in REFUSALS], ids=[i for i, _, _ in REFUSALS])
def test_refusals(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_json(text)
    assert message in str(caught.value)
    assert str(caught.value).startswith(message.split(":", maxsplit=1)[0])


SYNTAX = [
    ("empty", "", "the document is empty"),
    ("blank", "  \n ", "the document is empty"),
    ("malformed", '{"service": ', "malformed JSON at line 1 column 13"),
    ("trailing comma", '{"a": 1,}', "malformed JSON at line 1 column 9"),
    ("nested", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("too large", " " * (MAX_INPUT_BYTES + 1), "larger than 16 MB"),
]


@pytest.mark.parametrize(("text", "message"), [(t, m) for _, t, m in SYNTAX], ids=[i for i, _, _ in SYNTAX])
def test_syntax_refusals(text: str, message: str) -> None:
    with pytest.raises(DocumentSyntaxError, match=message):
        parse_json(text)


def test_duplicate_keys_are_refused_with_their_path() -> None:
    text = _with_alpha('"0.5", "1.2": "0.6"')
    with pytest.raises(ValidationError, match=r'^service.raters\[0\].alpha: duplicate key "1.2"$'):
        parse_json(text)


def test_too_many_raters() -> None:
    doc = document([rater("1")] * (MAX_RATERS + 1))
    with pytest.raises(
        ValidationError, match=r"^service.raters: 10001 raters is more than this tool accepts \(10000\)$"
    ):
        evaluation_from_obj(doc)


def test_invalid_utf8_bytes() -> None:
    with pytest.raises(DocumentSyntaxError, match="not UTF-8"):
        parse_json(b'{"organization": "\xff"}')


def test_utf8_bom_is_accepted() -> None:
    assert parse_json("\ufeff".encode() + json.dumps(document()).encode()).profile == "final"


def test_every_error_is_an_input_error() -> None:
    assert issubclass(ValidationError, InputError) and issubclass(DocumentSyntaxError, InputError)


def test_canonical_json_writes_defaults_and_is_stable() -> None:
    evaluation = parse_json(json.dumps(document([rater("0.90")], organization="甲")))
    text = canonical_json(evaluation)
    assert text.startswith('{"scheme":"CTS TBSC55-2026 B/0","profile":"final","organization":"甲"')
    assert text.endswith('"conformity_passed":true}}')
    assert canonical_json(parse_json(text)) == text
