"""Observations and the record in the calculator (issue 23, point 3), engine side: the form saved and opened with
them; a draft holding them as typed; each wrong one a field error with its path — in the file saved, in the draft
opened, in ``evaluate_document`` and in ``grade_form`` alike, in one clean line —; a structure that is not the
document's refused in one line; the form model describes the record's fields, their limits and paths."""

from __future__ import annotations

import copy
import json
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from scoring.browser import evaluate_document, form_model, open_file, save_form
from scoring.document import RECORD_KEYS, evaluation_from_obj, field_errors
from scoring.drafts import _SPACES, evaluator_names
from scoring.engine import evaluate, result_to_obj
from scoring.limits import MAX_EVALUATOR_NAME_LENGTH, MAX_EVALUATORS, MAX_OBSERVATION_LENGTH
from scoring.words import WORDS
from tests.builders import CLAUSE_IDS, ITEM_IDS
from tests.scoring.test_drafts import DATE, blank_form, form_of, read_draft_form
from tests.scoring.test_hostile import assert_one_clean_line
from tests.scoring.test_session import Worker, expected

Form = dict[str, Any]


def complete_form() -> Form:
    """A form with every grading field valid (two raters), its observations and record empty."""
    form = blank_form()
    form["organization"] = "ACME"
    form["raters"] = [
        {"name": "R1", "alpha": dict.fromkeys(ITEM_IDS, "0.9"), "observations": dict.fromkeys(ITEM_IDS, "")},
        {"name": "", "alpha": dict.fromkeys(ITEM_IDS, "0.8"), "observations": dict.fromkeys(ITEM_IDS, "")},
    ]
    form["levels"] = dict.fromkeys(CLAUSE_IDS, "4")
    return form


def save(form: Form) -> dict[str, Any]:
    answer = json.loads(save_form(json.dumps({"form": form, "name": "", "lang": "en", "date": DATE})))
    assert answer["ok"], answer["errors"]
    return answer


def reopen(text: str) -> dict[str, Any]:
    answer = json.loads(open_file(text.encode("utf-8")))  # a file: no lone surrogate (save_form escapes them)
    assert answer["ok"], answer["errors"]
    return answer


def clean(error: dict[str, Any]) -> str:
    """An error as the page shows it, held to the refusal contract (one printable line)."""
    line = f"{error['path']}: {error['en']}"
    assert_one_clean_line(line + "\n")
    assert_one_clean_line(error["zh"] + "\n")
    return line


def graded_everywhere(form: Form) -> list[str]:
    """The errors of the form's document as evaluate_document lists them, held equal to grade_form's (the
    calculator's session, every rater sent, then the second rater alone), each one clean line."""
    doc = read_draft_form(form)
    full = json.loads(evaluate_document(json.dumps(doc, ensure_ascii=False)))
    worker = Worker()
    assert worker.grade(doc, 0, 2) == expected(doc, 0, 2)
    again = copy.deepcopy(doc)
    again["service"]["raters"][1]["alpha"]["1.1"] = "0.7"
    assert worker.grade(again, 0, 2) == expected(again, 0, 2)
    return [clean(e) for e in full["errors"]]


# --- a text wrong in any observation or the record's scope or remarks ----------------------------------------------

# Where a text is typed, by its path in the document.
TEXT_FIELDS: dict[str, Callable[[Form, str], None]] = {
    'management.observations["5.2"]': lambda form, text: form["observations"].update({"5.2": text}),
    'service.raters[1].observations["1.1"]': lambda form, text: form["raters"][1]["observations"].update({"1.1": text}),
    "record.scope": lambda form, text: form["record"].update(scope=text),
    "record.remarks": lambda form, text: form["record"].update(remarks=text),
}
WRONG_TEXTS = [  # (typed, what its refusal says)
    ("x" * (MAX_OBSERVATION_LENGTH + 1), f"longer than {MAX_OBSERVATION_LENGTH} characters"),
    ("right\u202eleft", "U+202E"),
    ("half \ud800 a pair", "U+D800"),
    ("bell\x07", "U+0007"),
    ("carriage\r\nreturn", "U+000D"),
    ("<script>alert(1)</script>\x1b[2J", "U+001B"),
]
# Text that is shown inert everywhere (escaped in HTML, neutralised in CSV): valid, kept as typed.
INERT_TEXTS = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+1-1", "@SUM(A1)", "行一\n行二\n", "观" * 4000]


@pytest.mark.parametrize("path", TEXT_FIELDS)
@pytest.mark.parametrize(("typed", "problem"), WRONG_TEXTS)
def test_a_wrong_text_is_kept_as_typed_and_listed_by_its_path(path: str, typed: str, problem: str) -> None:
    form = complete_form()
    TEXT_FIELDS[path](form, typed)
    answer = save(form)
    assert answer["draft"] and (answer["missing"], answer["wrong"]) == (0, 1)
    opened = reopen(answer["text"])
    [listed] = [clean(e) for e in opened["problems"]]
    assert listed.startswith(path + ": ") and problem in listed
    assert form_of(opened["document"]) == form  # restored exactly as typed
    assert graded_everywhere(form) == [listed]


@pytest.mark.parametrize("path", TEXT_FIELDS)
@pytest.mark.parametrize("typed", INERT_TEXTS)
def test_text_that_looks_like_code_is_saved_in_the_evaluation_document_and_opened_as_typed(
    path: str, typed: str
) -> None:
    form = complete_form()
    TEXT_FIELDS[path](form, typed)
    answer = save(form)
    assert not answer["draft"]
    opened = reopen(answer["text"])
    assert form_of(opened["document"]) == form
    assert opened["canonical_json"] in answer["text"] and typed not in opened["vector"]
    assert graded_everywhere(form) == []


# --- the record's date and evaluators --------------------------------------------------------------------------

RECORD_CASES = [  # (member, typed, path, what its refusal says)
    ("date", "2026-02-30", "record.date", '"2026-02-30" is not a date written YYYY-MM-DD'),
    ("date", "2026-2-3", "record.date", "YYYY-MM-DD"),
    ("date", "2026-12-07\u202e", "record.date", "\\u202e"),
    ("evaluators", "张三\nJ. Doe\u202e", "record.evaluators[1]", "U+202E"),
    ("evaluators", "x" * (MAX_EVALUATOR_NAME_LENGTH + 1), "record.evaluators[0]", "longer than 64 characters"),
    ("evaluators", "A\n=cmd\ttab", "record.evaluators[1]", "U+0009"),
    ("evaluators", "\n".join(["A"] * (MAX_EVALUATORS + 1)), "record.evaluators", f"accepts ({MAX_EVALUATORS})"),
]


@pytest.mark.parametrize(("member", "typed", "path", "problem"), RECORD_CASES)
def test_a_wrong_date_or_evaluator_is_kept_and_listed_by_its_path(
    member: str, typed: str, path: str, problem: str
) -> None:
    form = complete_form()
    form["record"][member] = typed
    answer = save(form)
    assert answer["draft"] and (answer["missing"], answer["wrong"]) == (0, 1)
    opened = reopen(answer["text"])
    [listed] = [clean(e) for e in opened["problems"]]
    assert listed.startswith(path + ": ") and problem in listed
    assert form_of(opened["document"]) == form
    assert graded_everywhere(form) == [listed]


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("", []),
        ("张三", ["张三"]),
        ("A\n\n  B  \n\u3000C\u3000\n \n", ["A", "B", "C"]),  # blank lines and spaces around a name dropped
        ("J. Doe\u00a0\nx y", ["J. Doe", "x y"]),  # spaces inside a name kept
        ("A\r\nB", ["A\r", "B"]),  # a carriage return is no space: kept, and the name listed as wrong
        ("\tA\u200b", ["\tA\u200b"]),  # nor a tab, nor a zero-width space
    ],
)
def test_the_evaluators_field_is_one_name_a_line(typed: str, names: list[str]) -> None:
    assert evaluator_names(typed) == names


def test_the_spaces_dropped_around_a_name_are_the_space_separators() -> None:
    assert set(_SPACES) == {ch for ch in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(ch) == "Zs"}


def test_a_form_with_observations_and_a_record_is_saved_and_opened_as_the_evaluation_document() -> None:
    form = complete_form()
    form["record"] = {"date": "2026-12-07", "evaluators": " 张三 \n\nJ. Doe", "scope": "全部门店", "remarks": "=1+1"}
    form["observations"]["7.2"] = "改进记录\n第二行"
    form["raters"][0]["observations"]["7"] = "<b>ok</b>"
    saved = json.loads(save(form)["text"])
    assert saved["record"] == {
        "date": "2026-12-07",
        "evaluators": ["张三", "J. Doe"],
        "scope": "全部门店",
        "remarks": "=1+1",
    }
    assert saved["management"]["observations"] == {"7.2": "改进记录\n第二行"}
    assert saved["service"]["raters"][0]["observations"] == {"7": "<b>ok</b>"}
    assert "observations" not in saved["service"]["raters"][1]
    opened = reopen(json.dumps(saved, ensure_ascii=False))
    form["record"]["evaluators"] = "张三\nJ. Doe"  # the names as the file keeps them
    assert form_of(opened["document"]) == form


def test_a_form_without_them_is_saved_as_before() -> None:
    form = complete_form()
    for old in (form, *form["raters"]):
        del old["observations"]
    del form["record"]
    saved = json.loads(save(form)["text"])
    assert "record" not in saved and "observations" not in saved["management"]
    assert all("observations" not in r for r in saved["service"]["raters"])


@pytest.mark.parametrize(
    "change",
    [
        lambda form: form.update(observations=["x"]),
        lambda form: form["observations"].update({"5.2": 5}),
        lambda form: form["raters"][0].update(observations="x"),
        lambda form: form["raters"][0]["observations"].update({"1.1": None}),
        lambda form: form.update(record="x"),
        lambda form: form["record"].update(evaluators=["A"]),
        lambda form: form["record"].update(date=20261207),
    ],
)
def test_a_form_that_is_not_the_pages_is_refused_in_one_line(change: Callable[[Form], None]) -> None:
    form = complete_form()
    change(form)
    answer = json.loads(save_form(json.dumps({"form": form, "name": "", "lang": "en", "date": DATE})))
    assert answer["ok"] is False
    [error] = answer["errors"]
    assert "not a calculator form" in clean(error)


# --- a draft file: wrong values listed, a structure that is not the document's refused ------------------------------


def draft_file(change: Callable[[dict[str, Any]], None]) -> str:
    doc = json.loads(save(blank_form())["text"])
    assert doc["draft"] is True
    doc["service"]["raters"][0]["observations"] = {}
    change(doc)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (lambda d: d["management"].update(observations=5), "management.observations", "5 is not an object"),
        (lambda d: d["management"].update(observations={"9.9": "x"}), 'management.observations["9.9"]', "unknown"),
        (lambda d: d["management"].update(observations={"5.2": 5}), 'management.observations["5.2"]', "not text"),
        (lambda d: d["service"]["raters"][0].update(observations={"1.1": {}}), "observations", "is not text"),
        (lambda d: d["service"]["raters"][0].update(observations={"8": "x"}), 'observations["8"]', "unknown"),
        (lambda d: d["service"]["raters"][0].update(observations=[]), "service.raters[0].observations", "object"),
        (lambda d: d.update(record=["x"]), "record", "a list is not an object"),
        (lambda d: d.update(record={"author": "x"}), "record.author", "date, evaluators, scope, remarks"),
        (lambda d: d.update(record={"evaluators": "A"}), "record.evaluators", "not a list of names"),
        (lambda d: d.update(record={"evaluators": [1]}), "record.evaluators[0]", "1 is not text"),
        (lambda d: d.update(record={"date": 20261207}), "record.date", "is not text"),
        (lambda d: d.update(record={"remarks": ["x"]}), "record.remarks", "is not text"),
    ],
)
def test_a_draft_whose_observations_are_not_the_documents_is_refused_in_one_line(
    change: Callable[[dict[str, Any]], None], path: str, problem: str
) -> None:
    answer = json.loads(open_file(draft_file(change).encode()))
    assert answer["ok"] is False
    [error] = answer["errors"]
    line = clean(error)
    assert path in error["path"] and problem in line, line


def test_a_draft_lists_every_wrong_observation_in_the_documents_order() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["record"] = {"date": "2026-13-01", "evaluators": ["A", "B\u202e", "", "x" * 65], "scope": None}
        doc["service"]["raters"][0]["observations"] = {"7": "\ud800", "1.1": "x" * 4001, "1.2": None}
        doc["management"]["observations"] = {"7.2": "\x00", "1.1": "ok"}

    opened = reopen(draft_file(change))
    wrong = [e["path"] for e in opened["problems"] if "observations" in e["path"] or "record" in e["path"]]
    assert wrong == [
        "record.date",
        "record.evaluators[1]",
        "record.evaluators[3]",
        'service.raters[0].observations["1.1"]',
        'service.raters[0].observations["7"]',
        'management.observations["7.2"]',
    ]
    document = opened["document"]
    assert document["record"] == {"date": "2026-13-01", "evaluators": ["A", "B\u202e", "", "x" * 65]}
    assert document["service"]["raters"][0]["observations"] == {"7": "\ud800", "1.1": "x" * 4001}
    assert document["management"]["observations"] == {"7.2": "\x00", "1.1": "ok"}


# --- every field error at once; the figures graded whatever the observations -------------------------------------


def test_every_wrong_field_is_listed_at_once_in_the_documents_order() -> None:
    form = complete_form()
    form["record"] |= {"date": "2026-02-30", "evaluators": "A\nB\u202e\n" + "x" * 65}
    form["raters"][0]["alpha"]["2.1"] = "1,0"
    form["raters"][0]["observations"]["6.3"] = "\x07"
    form["raters"][1]["observations"] |= {"1.1": "x" * 4001, "7": "\u2066"}
    form["levels"]["3.1"] = "6"
    form["observations"] |= {"1.1": "ok", "5.2": "\ud800", "7.2": "\x1b"}
    paths = [line.split(": ")[0] for line in graded_everywhere(form)]
    assert paths == [
        "record.date",
        "record.evaluators[1]",
        "record.evaluators[2]",
        'service.raters[0].alpha["2.1"]',
        'service.raters[0].observations["6.3"]',
        'service.raters[1].observations["1.1"]',
        'service.raters[1].observations["7"]',
        'management.levels["3.1"]',
        'management.observations["5.2"]',
        'management.observations["7.2"]',
    ]
    assert [e.path for e in field_errors(read_draft_form(form))] == paths


def test_wrong_observations_leave_every_figure_graded() -> None:
    form = complete_form()
    result = result_to_obj(evaluate(evaluation_from_obj(read_draft_form(form))))
    form["record"]["evaluators"] = "\u202e"
    form["observations"]["1.1"] = "x" * 4001
    answer = json.loads(evaluate_document(json.dumps(read_draft_form(form))))
    assert not answer["ok"] and len(answer["errors"]) == 2
    partial = answer["partial"]
    assert partial["service_score"] == result["service"]["score"]
    assert partial["management"]["total"] == result["management"]["total"]
    assert partial["stars"] == result["certification"]["stars"]


# --- the form model ---------------------------------------------------------------------------------------------


def test_the_form_model_describes_the_record_its_limits_and_the_paths_of_the_errors() -> None:
    model = json.loads(form_model())
    assert [(f["key"], f["kind"]) for f in model["record"]] == list(
        zip(RECORD_KEYS, ["date", "names", "text", "text"], strict=True)
    )
    labels = {"date": "record_date", "evaluators": "evaluators", "scope": "scope", "remarks": "remarks"}
    for field in model["record"]:  # the words of the report and the text: one word, one meaning
        assert (field["zh"], field["en"]) == WORDS[labels[field["key"]]]
    assert model["limits"] | {"open_bytes": 0} == {
        "open_bytes": 0,
        "observation_length": MAX_OBSERVATION_LENGTH,
        "team": MAX_EVALUATORS,
        "team_name_length": MAX_EVALUATOR_NAME_LENGTH,
    }
    form = complete_form()
    form["observations"]["5.2"] = form["raters"][1]["observations"]["1.1"] = "\x07"
    form["record"] = {"date": "x", "evaluators": "A\n\x07", "scope": "\x07", "remarks": "\x07"}
    paths = model["paths"]
    assert [line.split(": ")[0] for line in graded_everywhere(form)] == [
        paths["record"].format(key="date"),
        paths["team_member"].format(index=1),
        paths["record"].format(key="scope"),
        paths["record"].format(key="remarks"),
        paths["rater_observation"].format(rater=1, item="1.1"),
        paths["observation"].format(clause="5.2"),
    ]
