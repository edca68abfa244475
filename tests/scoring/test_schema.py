"""The shipped JSON Schemas match the rules, accept every conformance input and output, and refuse bad documents."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from scoring import evaluate_obj, evaluation_from_obj
from scoring.errors import InputError
from scoring.schema import evaluation_schema, result_schema
from tests.builders import document, rater
from tests.conformance.test_conformance import PUBLISHED


def _shipped(name: str) -> Any:
    return json.loads(resources.files("scoring").joinpath(f"schemas/{name}.schema.json").read_text(encoding="utf-8"))


def test_shipped_schemas_are_generated_from_the_rules() -> None:
    assert _shipped("evaluation") == evaluation_schema(), "run: python -m scoring schema > scoring/schemas/…"
    assert _shipped("result") == result_schema()
    jsonschema.Draft202012Validator.check_schema(evaluation_schema())
    jsonschema.Draft202012Validator.check_schema(result_schema())


@pytest.mark.parametrize("vector", PUBLISHED, ids=[v["id"] for v in PUBLISHED])
def test_conformance_inputs_and_outputs_satisfy_the_schemas(vector: dict[str, Any]) -> None:
    jsonschema.validate(vector["input"], evaluation_schema())
    jsonschema.validate(evaluate_obj(evaluation_from_obj(vector["input"])), result_schema())


@pytest.mark.parametrize(
    "bad",
    [
        document([rater("1.5")]),
        document([]),
        document() | {"profile": "strict"},
        document(levels=dict.fromkeys(["1.1"], 3)),
        document() | {"extra": 1},
        document(organization="\u3164"),
        document([rater("0.9", "R\u200d1")]),
        document(organization="A\u00adB"),
    ],
    ids=["α > 1", "no raters", "unknown profile", "missing clauses", "unknown field", "Hangul filler", "ZWJ", "SHY"],
)
def test_the_schema_refuses_what_the_engine_refuses(bad: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, evaluation_schema())
    with pytest.raises(InputError):
        evaluation_from_obj(bad)
