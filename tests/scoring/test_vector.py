"""The compact evaluation string: grammar, canonical form, exact round trips, the same validation as JSON."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    DocumentSyntaxError,
    ValidationError,
    evaluation_from_obj,
    evaluation_to_obj,
    parse_vector,
    to_vector,
    vector,
)
from scoring.vector import PREFIX
from tests.builders import document, rater

ONE_RATER = (
    "TBSC55-2026:B0/P:final/R:0.81,0.75,1,0.9,0.55,0.6,0.7,0.85,0.95,0.99,0.12,0.33,0.44,0.58,0.66,0.77,0.88,0.91,1"
    "/M:345345345345345345345/C:1"
)


def test_prefix_names_the_scheme() -> None:
    assert PREFIX == "TBSC55-2026:B0"  # CTS TBSC55-2026, B/0


def test_a_single_rater_with_two_decimal_alphas_is_well_under_300_characters() -> None:
    evaluation = parse_vector(ONE_RATER)
    assert to_vector(evaluation) == ONE_RATER
    longest = to_vector(evaluation_from_obj(document([rater("0.99", "Rater 1")], 145, organization="ACME Ltd.")))
    assert len(longest) < 200


def test_vector_and_json_convert_both_ways_exactly() -> None:
    doc = document(
        [rater("0.8", "甲/1=2,3"), rater("1")],
        100,
        profile="table",
        conformity_passed=False,
        organization="江西某服务有限公司 % /",
    )
    evaluation = evaluation_from_obj(doc)
    vector = to_vector(evaluation)
    assert "/O:%E6%B1%9F" in vector and "R:%E7%94%B2%2F1%3D2%2C3=" in vector
    assert parse_vector(vector) == evaluation
    assert evaluation_to_obj(parse_vector(vector)) == evaluation_to_obj(evaluation)
    assert vector.endswith("/C:0")


def test_leading_hash_and_surrounding_space_are_ignored() -> None:
    assert to_vector(parse_vector(f"  #{ONE_RATER}\n")) == ONE_RATER


SYNTAX = [
    ("empty", "", "vector: the evaluation string is empty"),
    ("wrong prefix", ONE_RATER.replace("TBSC55-2026:B0", "CVSS:3.1"), "vector: it must start with 'TBSC55-2026:B0'"),
    ("order", ONE_RATER.replace("/P:final", "") + "/P:final", "vector: parts must be P:, O: (optional), R:"),
    ("no raters", "TBSC55-2026:B0/P:final/M:345345345345345345345/C:1", "got 'PMC'"),
    ("unknown part", ONE_RATER.replace("/C:1", "/X:1"), "got 'PRMX'"),
    ("bad C", ONE_RATER.replace("/C:1", "/C:yes"), "C:yes must be C:1"),
    ("bad text", ONE_RATER.replace("/R:", "/O:a b/R:"), "organization: 'a b' is not percent-encoded text"),
    ("bad utf-8", ONE_RATER.replace("/R:", "/O:%FF/R:"), "is not percent-encoded UTF-8"),
]


@pytest.mark.parametrize(("text", "message"), [(t, m) for _, t, m in SYNTAX], ids=[i for i, _, _ in SYNTAX])
def test_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(DocumentSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_vector(text)


FIELD_ERRORS = [
    ("α out of range", ONE_RATER.replace("R:0.81", "R:1.01"), 'service.raters[0].alpha["1.1"]: 1.01 is outside [0, 1]'),
    (
        "decimal comma",
        ONE_RATER.replace(",0.75,", ",0;75,"),
        'service.raters[0].alpha["1.2"]: "0;75" is not a decimal number',
    ),
    ("empty α", ONE_RATER.replace(",0.75,", ",,"), 'service.raters[0].alpha["1.2"]: empty'),
    ("18 values", ONE_RATER.replace("R:0.81,", "R:"), "service.raters[0].alpha: 18 values given, 19 expected"),
    ("level 6", ONE_RATER.replace("M:3", "M:6"), 'management.levels["1.1"]: 6 is not a maturity level'),
    ("level x", ONE_RATER.replace("M:3", "M:x"), 'management.levels["1.1"]: "x" is not a maturity level'),
    ("non-ASCII digit", ONE_RATER.replace("M:3", "M:٣"), 'management.levels["1.1"]: "٣" is not a maturity level'),
    ("20 levels", ONE_RATER.replace("M:3", "M:"), "management.levels: 20 maturity levels given, 21 expected"),
    ("profile", ONE_RATER.replace("P:final", "P:strict"), 'profile: "strict" is not a profile'),
    ("duplicate ids", ONE_RATER.replace("/R:", "/R:A=") + "", None),
]


@pytest.mark.parametrize(
    ("text", "message"), [(t, m) for _, t, m in FIELD_ERRORS if m], ids=[i for i, _, m in FIELD_ERRORS if m]
)
def test_field_errors_use_the_json_paths(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_vector(text)
    assert str(caught.value).startswith(message)


@given(st.text(max_size=40))
def test_percent_encoding_is_rfc_3986_and_round_trips(text: str) -> None:
    # The vector module writes its own percent-encoding (urllib.parse is slow to import in the browser):
    # it must agree with the standard library's, byte for byte.
    encoded = vector._encode(text)
    assert encoded == quote(text, safe="")
    assert vector._decode(encoded, "organization", len(text)) == text
