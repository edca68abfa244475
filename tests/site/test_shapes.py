"""The document's shape is written once (issue 23, point 5): the JSON Schema (scoring/schema.py) is the reference,
and the page's two other writings of it are held to it.

- ``docs/assets/calculator/shapes.js`` (the form's shapes) is run under Node: a document holding every member the
  schema defines — every optional member, every observation, every member of the record — becomes the form
  (``fromDocument``) and the document again (``documentOf``) unchanged; a draft likewise. A member the engine adds
  to the schema and the page does not carry fails here, before a user loses it.
- ``docs/assets/calculator/protocol.js``'s JSDoc types of the document name every member the schema defines.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scoring.browser import form_model
from scoring.rules import load_rules
from scoring.schema import evaluation_schema

CALCULATOR = Path(__file__).resolve().parents[2] / "docs" / "assets" / "calculator"

RUNNER = """
import { FormShapes } from "./shapes.mjs";
import { readFileSync } from "node:fs";
const { model, documents } = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const shapes = new FormShapes(model);
const out = documents.map((doc) => {
  const form = shapes.fromDocument(doc);
  const saved = JSON.parse(JSON.stringify(form)); // as the list of evaluations keeps it
  return { document: shapes.documentOf(shapes.normalize(saved)), hasNotes: shapes.hasNotes(form),
    withoutNotes: shapes.hasNotes(shapes.withoutNotes(form)) };
});
process.stdout.write(JSON.stringify(out));
"""


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def full_value(node: Any, schema: dict[str, Any], path: str) -> Any:
    """A value of ``node`` holding every member it defines (two items of each list), each of its own kind."""
    node = _resolve(node, schema)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][-1]
    if "oneOf" in node:
        return full_value(next(o for o in node["oneOf"] if o.get("type") != "null"), schema, path)
    kind = node.get("type")
    if isinstance(kind, list):  # a draft's value as typed: a level as a number, anything else as text
        kind = "integer" if ".levels." in path else next(k for k in kind if k != "null")
    if kind == "object" or "properties" in node:
        return {key: full_value(sub, schema, f"{path}.{key}") for key, sub in node["properties"].items() if sub}
    if kind == "array":
        return [full_value(node["items"], schema, f"{path}[{k}]") for k in range(2)]
    if kind == "boolean":
        return not node.get("default", False)
    if kind == "integer":
        return node.get("maximum", 3)
    if path.endswith(".date"):
        return "2026-12-07"
    if ".alpha." in path:
        return "0.8"
    if path.endswith("]"):  # a name of a list
        return f"name {path[-2]}"
    return f"text of {path}\nits second line"


def members(node: Any, schema: dict[str, Any], ids: set[str]) -> set[str]:
    """Every member name the schema defines for a document (the keys of objects keyed by item or clause ids
    aside)."""
    node = _resolve(node, schema) if isinstance(node, dict) else {}
    found: set[str] = set()
    for sub in node.get("oneOf", []):
        found |= members(sub, schema, ids)
    if isinstance(node.get("items"), dict):
        found |= members(node["items"], schema, ids)
    for key, sub in node.get("properties", {}).items():
        if key not in ids:
            found.add(key)
        found |= members(sub, schema, ids)
    return found


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return evaluation_schema(load_rules())


def full_document(schema: dict[str, Any], part: str) -> dict[str, Any]:
    doc = full_value(schema["$defs"][part], schema, "")
    doc.update(scheme=schema["properties"]["scheme"]["const"], profile=schema["properties"]["profile"]["enum"][-1])
    # Rater ids differ; the form writes an organization and a name only when there is one.
    for k, rater in enumerate(doc["service"]["raters"]):
        rater["id"] = f"rater {k}"
    return doc


def round_trip(tmp_path: Path, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "Node.js is missing"
    shutil.copyfile(CALCULATOR / "shapes.js", tmp_path / "shapes.mjs")
    (tmp_path / "run.mjs").write_text(RUNNER, encoding="utf-8")
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"model": json.loads(form_model()), "documents": documents}), encoding="utf-8")
    done = subprocess.run([node, "run.mjs", str(data)], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    answer: list[dict[str, Any]] = json.loads(done.stdout)
    return answer


def test_every_member_of_a_document_survives_the_form(schema: dict[str, Any], tmp_path: Path) -> None:
    complete = full_document(schema, "complete")
    draft = full_document(schema, "draft")
    assert complete["record"]["evaluators"] and complete["management"]["observations"]
    assert all(r["observations"] for r in complete["service"]["raters"])
    bare = json.loads(json.dumps(complete))
    del bare["record"], bare["management"]["observations"]
    for rater in bare["service"]["raters"]:
        del rater["observations"]
    full, as_draft, without = round_trip(tmp_path, [complete, draft, bare])
    assert full["document"] == complete
    assert as_draft["document"] == {key: value for key, value in draft.items() if key not in ("draft", "name")}
    assert without["document"] == bare
    assert full["hasNotes"] and not full["withoutNotes"] and not without["hasNotes"]


def test_the_walk_finds_the_observations_and_the_record(schema: dict[str, Any]) -> None:
    """The checks above read the schema: they would pass on a schema without these members, so this says they are
    there (and that the walk reaches them)."""
    rules = load_rules()
    ids = {i.id for i in rules.service.items} | {c.id for c in rules.management.clauses}
    found = members(schema["$defs"]["complete"], schema, ids)
    assert {"observations", "record", "date", "evaluators", "scope", "remarks", "alpha", "levels"} <= found


def test_the_page_types_name_every_member_of_the_document(schema: dict[str, Any]) -> None:
    rules = load_rules()
    ids = {i.id for i in rules.service.items} | {c.id for c in rules.management.clauses}
    protocol = (CALCULATOR / "protocol.js").read_text(encoding="utf-8")
    typedefs = "".join(
        re.findall(
            r"@typedef \{(\{.*?\})\} (?:RaterDocument|RecordDocument|EvaluationDocument|DraftDocument)\b",
            protocol,
            re.S,
        )
    )
    for part in ("complete", "draft"):
        for member in sorted(members(schema["$defs"][part], schema, ids)):
            assert re.search(rf"\b{member}\??:", typedefs), f"protocol.js's document types lack {member!r} ({part})"
