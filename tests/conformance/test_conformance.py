"""Conformance vectors (``vectors.json``): one test each, input → expected values of the JSON output."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from scoring import evaluate_obj, evaluation_from_obj
from scoring.document import read_json
from tests.conformance.cases import CASES, VECTORS

PUBLISHED: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))


def test_the_published_file_is_up_to_date() -> None:
    assert json.loads(json.dumps(CASES)) == PUBLISHED, "run: python -m tests.conformance.cases"


def _get(obj: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", path):
        obj = obj[int(part)] if part.isdigit() else obj[part]
    return obj


@pytest.mark.parametrize("vector", PUBLISHED, ids=[v["title"] for v in PUBLISHED])
def test_vector(vector: dict[str, Any]) -> None:
    # Read the input as a third party would: JSON text with numbers as Decimal.
    evaluation = evaluation_from_obj(read_json(json.dumps(vector["input"])))
    output = evaluate_obj(evaluation)
    actual = {path: _get(output, path) for path in vector["expected"]}
    assert actual == vector["expected"]
