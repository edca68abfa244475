"""The calculator's form between edits (scoring/session.py): after any sequence of edits, its answer is the answer
of ``evaluate_document`` for the whole form, but for the raters written out (those of the page shown).

``Worker`` below does what docs/assets/calculator/worker.js does: it remembers each rater it sent, as JSON text, and
sends only the raters that changed (and the index of a rater taken out).
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.browser import evaluate_document, forget_form, grade_form, kept_raters
from scoring.document import parse_json
from scoring.errors import ValidationError
from scoring.session import LISTED_ERRORS
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES
from tests.strategies import documents

_INDEX = re.compile(r"service\.raters\[(\d+)\]")


class Worker:
    """The worker's side: the raters last sent, as text; each update sends what changed since."""

    def __init__(self) -> None:
        forget_form()
        self.sent: list[str] = []
        self.updates = 0

    def grade(self, doc: dict[str, Any], start: int, stop: int) -> dict[str, Any]:
        answer = self.send(doc, start, stop)
        if answer.get("stale"):
            self.sent, self.updates = [], 0
            answer = self.send(doc, start, stop)
        return answer

    def send(self, doc: dict[str, Any], start: int, stop: int) -> dict[str, Any]:
        raters = doc["service"]["raters"]
        texts = [json.dumps(r, ensure_ascii=False) for r in raters]
        removed = None
        if len(texts) == len(self.sent) - 1:
            first = next((i for i, (a, b) in enumerate(zip(self.sent, texts, strict=False)) if a != b), len(texts))
            if self.sent[first + 1 :] == texts[first:]:
                removed = first
                del self.sent[first]
        changed = {
            str(i): r
            for i, (r, t) in enumerate(zip(raters, texts, strict=True))
            if i >= len(self.sent) or self.sent[i] != t
        }
        self.sent = texts
        rest = copy.deepcopy(doc)
        del rest["service"]["raters"]
        self.updates += 1
        update = {
            "since": self.updates - 1,
            "document": rest,
            "count": len(raters),
            "changed": changed,
            "removed": removed,
            "window": [start, stop],
        }
        return json.loads(grade_form(json.dumps(update, ensure_ascii=False)))


def expected(doc: dict[str, Any], start: int, stop: int) -> dict[str, Any]:
    """evaluate_document's compact answer, raters start … stop - 1 written out (and the errors the session lists)."""
    full = json.loads(evaluate_document(json.dumps(doc, ensure_ascii=False), compact=True))
    count = len(doc["service"]["raters"])
    start, stop = min(start, count), min(stop, count)
    stop = max(start, stop)
    window = {"start": start, "stop": stop, "count": count}
    if full["ok"]:
        result = full["result"]
        result["service"]["raters"] = result["service"]["raters"][start:stop]
        result["trace"] = result["trace"][start:stop] + result["trace"][count:]
        return {"ok": True, "errors": [], "result": result, "window": window}

    def index(error: dict[str, Any]) -> int:
        found = _INDEX.match(error["path"])
        return int(found.group(1)) if found else -1

    errors = full["errors"]
    shown = [e for e in errors if index(e) < 0 or start <= index(e) < stop]
    others = [e for e in errors if index(e) >= 0 and not start <= index(e) < stop]
    partial = full["partial"]
    partial["raters"] = partial["raters"][start:stop]
    empty = sum(
        value_at(doc, e["path"]) == ("", "alpha") or value_at(doc, e["path"]) == (None, "level") for e in errors
    )
    return {
        "ok": False,
        "errors": shown + others[:LISTED_ERRORS],
        "error_count": len(errors),
        "wrong_count": len(errors) - empty,
        "partial": partial,
        "window": window,
    }


def value_at(doc: dict[str, Any], path: str) -> tuple[Any, str]:
    """The value at an α's or a level's path, and which it is."""
    alpha = re.fullmatch(r'service\.raters\[(\d+)\]\.alpha\["(.+)"\]', path)
    if alpha:
        return doc["service"]["raters"][int(alpha.group(1))]["alpha"][alpha.group(2)], "alpha"
    level = re.fullmatch(r'management\.levels\["(.+)"\]', path)
    return (doc["management"]["levels"][level.group(1)], "level") if level else (None, "")


# α as a form holds them: valid, empty, wrong in each way the engine names, and equal numbers written differently.
FORM_ALPHAS = ["0.8", "1", "0", "0.35", "", " 0.5", "0,8", "x", "1.5", "-0", "0.1", "0.1000000000000000000000"]
JUNK_ALPHAS = [None, True, 1, Decimal("0.5"), [], {}]

# Observations and the record's members as a form holds them (issue 23): none, valid (HTML and formulas are text),
# and wrong in each way the engine names — each a field error with its path; the last few are of a type no field
# holds, or no field at all: a structural error, found once no field is wrong.
VALID_NOTES = ["", "ok", "行一\n行二", "<script>alert(1)</script>", "=cmd|' /C calc'!A0"]
NOTES = [*VALID_NOTES, "x" * 4001, "a\u202eb", "a\ud800b", "bell\x07", "\r\n"]
JUNK_NOTES = [None, 5, {}, ["x"]]
RECORD_VALUES = {
    "date": ["2026-12-07", "", "2026-02-30", "2026-2-3", 20261207, None],
    "evaluators": [["甲", "J. Doe"], [], ["", "A"], ["A\u202e"], ["x" * 65], ["A"] * 51, ["A\nB"], "A", [1], None],
    "scope": ["the site", "", "x" * 4001, "\ud800", 7, None],
    "remarks": ["=1+1", "a\u2028b", None],
    "author": ["x"],  # no member of the record
}
record_edits = st.sampled_from([(key, value) for key, values in RECORD_VALUES.items() for value in values])


@st.composite
def noted_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document, sometimes with observations and a record (valid, or not)."""
    doc: dict[str, Any] = draw(documents())
    if draw(st.booleans()):
        notes = st.sampled_from(NOTES if draw(st.booleans()) else VALID_NOTES)
        doc["management"]["observations"] = draw(st.dictionaries(st.sampled_from(CLAUSE_IDS), notes))
        for rater_obj in doc["service"]["raters"]:
            rater_obj["observations"] = draw(st.dictionaries(st.sampled_from(ITEM_IDS), notes))
        doc["record"] = dict(draw(st.lists(record_edits, max_size=3)))
    return doc


edits = st.one_of(
    st.tuples(
        st.just("note"), st.integers(0, 7), st.sampled_from([*ITEM_IDS, "9.9"]), st.sampled_from(NOTES + JUNK_NOTES)
    ),
    st.tuples(st.just("note"), st.integers(0, 7), st.sampled_from(ITEM_IDS), st.sampled_from([*VALID_NOTES, 5, None])),
    st.tuples(st.just("clause_note"), st.sampled_from([*CLAUSE_IDS, "9.9"]), st.sampled_from(NOTES + JUNK_NOTES)),
    st.tuples(st.just("record"), record_edits),
    st.tuples(st.just("whole_record"), st.sampled_from([None, {}, [], "x", {"date": "2026-12-07"}])),
    st.tuples(st.just("clause_note"), st.none(), st.sampled_from([None, [], "x", {}])),
    st.tuples(st.just("note"), st.integers(0, 7), st.none(), st.sampled_from([None, [], "x", {}])),
    st.tuples(
        st.just("alpha"), st.integers(0, 7), st.sampled_from(ITEM_IDS), st.sampled_from(FORM_ALPHAS + JUNK_ALPHAS)
    ),
    st.tuples(st.just("drop_alpha"), st.integers(0, 7), st.sampled_from(ITEM_IDS)),
    st.tuples(st.just("id"), st.integers(0, 7), st.sampled_from([None, "R1", "R2", "甲", "", "\u202e", 5])),
    st.tuples(st.just("add"), st.sampled_from(FORM_ALPHAS)),
    st.tuples(st.just("remove"), st.integers(0, 7)),
    st.tuples(st.just("junk_rater"), st.integers(0, 7), st.sampled_from([None, [], "R", {"alpha": 1}, {"x": 1}])),
    st.tuples(st.just("level"), st.sampled_from(CLAUSE_IDS), st.sampled_from([None, 1, 3, 5, 0, "3", 6])),
    st.tuples(st.just("profile"), st.sampled_from([*RULES.certification.profile_ids, "nope", None])),
    st.tuples(st.just("conformity"), st.sampled_from([True, False, "yes"])),
    st.tuples(st.just("organization"), st.sampled_from(["", "甲公司", "x" * 600, "\x07"])),
)


def apply(doc: dict[str, Any], edit: tuple[Any, ...]) -> None:  # noqa: PLR0912 (one branch per kind of edit)
    raters = doc["service"]["raters"]
    kind, *args = edit
    if kind in ("note", "clause_note", "record", "whole_record"):
        note(doc, kind, *args)
        return
    if kind == "add":
        raters.append({"alpha": dict.fromkeys(ITEM_IDS, args[0])})
        return
    if kind == "remove":
        if len(raters) > 1:
            del raters[args[0] % len(raters)]
        return
    if kind in ("alpha", "drop_alpha", "id", "junk_rater"):
        r = args[0] % len(raters)
        rater = raters[r]
        if kind == "junk_rater":
            raters[r] = args[1]
        elif not isinstance(rater, dict) or not isinstance(rater.get("alpha"), dict):
            raters[r] = {"alpha": dict.fromkeys(ITEM_IDS, "0.5")}
        elif kind == "alpha":
            rater["alpha"][args[1]] = args[2]
        elif kind == "drop_alpha":
            rater["alpha"].pop(args[1], None)
        elif args[1] is None:
            rater.pop("id", None)
        else:
            rater["id"] = args[1]
    elif kind == "level":
        doc["management"]["levels"][args[0]] = args[1]
    elif kind == "profile":
        doc["profile"] = args[0]
    elif kind == "conformity":
        doc["management"]["conformity_passed"] = args[0]
    else:
        doc["organization"] = args[0]


def note(doc: dict[str, Any], kind: str, *args: Any) -> None:
    """An observation or the record changed: set, or taken out (None)."""
    if kind == "whole_record":
        doc["record"] = copy.deepcopy(args[0])
        return
    if kind == "record":
        owner, member, (key, value) = doc, "record", args[0]
    elif kind == "clause_note":
        owner, member, (key, value) = doc["management"], "observations", args
    else:
        owner, member = doc["service"]["raters"][args[0] % len(doc["service"]["raters"])], "observations"
        if not isinstance(owner, dict):
            return
        key, value = args[1], args[2]
    if key is None:  # the whole object: junk, or none
        owner[member] = value
        return
    if not isinstance(owner.get(member), dict):
        owner[member] = {}
    place = owner[member]
    if value is None:
        place.pop(key, None)
    else:
        place[key] = copy.deepcopy(value)


def jsonable(doc: dict[str, Any]) -> dict[str, Any]:
    """The form as the page's worker would send it (JSON has no Decimal: a number stays a number)."""
    return json.loads(json.dumps(doc, default=str))


@settings(max_examples=150, deadline=None)
@given(noted_documents(), st.lists(st.tuples(edits, st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=25))
def test_after_any_edits_the_answer_is_that_of_the_whole_form(doc: dict[str, Any], steps: list[Any]) -> None:
    worker = Worker()
    for edit, start, size in steps:
        apply(doc, edit)
        sent = jsonable(doc)
        assert worker.grade(sent, start, start + size) == expected(sent, start, start + size), edit


def test_a_form_of_many_raters_lists_the_raters_shown_and_counts_the_rest() -> None:
    doc = jsonable(
        {
            "service": {"raters": [{"id": f"R{k}", "alpha": dict.fromkeys(ITEM_IDS, "")} for k in range(300)]},
            "management": {"levels": dict.fromkeys(CLAUSE_IDS, 3)},
        }
    )
    answer = Worker().grade(doc, 100, 125)
    assert answer["error_count"] == 300 * len(ITEM_IDS) and answer["wrong_count"] == 0
    assert len(answer["errors"]) == 25 * len(ITEM_IDS) + LISTED_ERRORS
    assert answer["errors"][0]["path"] == 'service.raters[100].alpha["1.1"]'
    assert [r["score"] for r in answer["partial"]["raters"]] == [None] * 25
    assert answer == expected(doc, 100, 125)


def test_taking_a_rater_out_renumbers_the_rest() -> None:
    raters = [{"alpha": dict.fromkeys(ITEM_IDS, a)} for a in ("0.9", "0.1", "x", "0.5")]
    doc = jsonable({"service": {"raters": raters}, "management": {"levels": dict.fromkeys(CLAUSE_IDS, 3)}})
    worker = Worker()
    worker.grade(doc, 0, 4)
    del doc["service"]["raters"][1]
    answer = worker.grade(doc, 0, 4)
    assert answer["errors"][0]["path"].startswith("service.raters[1]")
    assert answer == expected(doc, 0, 4)
    doc["service"]["raters"][1]["alpha"] = dict.fromkeys(ITEM_IDS, "0.2")
    answer = worker.grade(doc, 0, 4)
    assert answer["ok"] and "Rater 3:" in answer["result"]["trace"][2]["en"]
    assert answer == expected(doc, 0, 4)


def test_an_alpha_is_accepted_whatever_another_rater_gave() -> None:
    # 0.1 is valid; the number 0.1000000000000000000000 is equal to it but has too many places (it is refused
    # alone, so it is refused after a rater who gave 0.1). Found while writing the session: the reader of
    # documents remembered valid numbers by value.
    alphas = [",".join(f'"{i}":{a}' for i in ITEM_IDS) for a in ("0.1", "0.1000000000000000000000")]
    raters = ",".join(f'{{"alpha":{{{a}}}}}' for a in alphas)
    levels = ",".join(f'"{c}":3' for c in CLAUSE_IDS)
    text = f'{{"service":{{"raters":[{raters}]}},"management":{{"levels":{{{levels}}}}}}}'
    errors = json.loads(evaluate_document(text))["errors"]
    assert [e["path"] for e in errors][:1] == ['service.raters[1].alpha["1.1"]']
    with pytest.raises(ValidationError) as refused:
        parse_json(text)
    assert refused.value.path == 'service.raters[1].alpha["1.1"]'


def test_a_forgotten_form_is_sent_again() -> None:
    doc = jsonable({"service": {"raters": [{"alpha": dict.fromkeys(ITEM_IDS, "0.9")}]}, "management": {"levels": {}}})
    worker = Worker()
    assert kept_raters() == 0
    worker.grade(doc, 0, 1)
    assert kept_raters() == 1
    forget_form()  # as the worker does before its snapshot
    assert worker.send(doc, 0, 1) == {"ok": False, "stale": True, "errors": []}
    worker.updates = 5  # a page that numbers its updates wrongly is told so too
    assert worker.send(doc, 0, 1)["stale"] is True
    assert worker.grade(doc, 0, 1) == expected(doc, 0, 1)


def test_a_malformed_update_is_one_clean_error() -> None:
    for update in (
        '{"changed": {}, "window": [0, 1], "count": 1}',
        '{"changed": {}, "window": [0, 1], "count": 1, "since": -1}',
        "{",
        "[]",
        '{"changed": {}}',
        '{"changed": {"x": 1}, "window": [0, 1], "count": 1}',
        '{"changed": {}, "window": [0, 1], "count": -1}',
        '{"changed": {}, "window": [0], "count": 1}',
        '{"changed": {"99999999999": 1}, "window": [0, 1], "count": 1}',
    ):
        answer = json.loads(grade_form(update))
        assert answer["ok"] is False and len(answer["errors"]) == 1 and answer["errors"][0]["zh"], update
