"""Drafts (issue 20, point 5): any form of the calculator is saved to a file — complete, the evaluation document;
otherwise a draft document holding the form exactly as typed — and opened again as it was; ``validate`` lists all
that is missing or wrong, ``evaluate`` refuses a draft in one line; file names carry the organization and date."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, parse_json
from scoring.browser import export_csv, open_document, open_file, report, save_form
from scoring.cli import main
from scoring.document import evaluation_to_obj, read_json
from scoring.drafts import file_name, read_draft
from scoring.errors import InputError
from scoring.limits import MAX_INPUT_BYTES, MAX_RATERS
from scoring.schema import evaluation_schema
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES, document, rater
from tests.scoring.test_hostile import assert_one_clean_line

DATE = "2026-12-06"
SCHEMA = jsonschema.Draft202012Validator(evaluation_schema())


def blank_form() -> dict[str, Any]:
    """state.js's blank form: every field as the text typed."""
    return {
        "profile": "final",
        "organization": "",
        "record": {"date": "", "evaluators": "", "scope": "", "remarks": ""},
        "raters": [{"name": "", "alpha": dict.fromkeys(ITEM_IDS, ""), "observations": dict.fromkeys(ITEM_IDS, "")}],
        "levels": dict.fromkeys(CLAUSE_IDS, ""),
        "observations": dict.fromkeys(CLAUSE_IDS, ""),
        "conformity": True,
    }


def full_form(organization: str = "ACME") -> dict[str, Any]:
    form = blank_form()
    form["organization"] = organization
    form["raters"] = [
        {"name": "R1", "alpha": dict.fromkeys(ITEM_IDS, "0.9")},
        {"name": "", "alpha": dict.fromkeys(ITEM_IDS, "0.8")},
    ]
    form["levels"] = dict.fromkeys(CLAUSE_IDS, "4")
    return form


def saved(form: dict[str, Any], name: str | None = "评价 1", lang: str = "zh") -> dict[str, Any]:
    answer = json.loads(save_form(json.dumps({"form": form, "name": name, "lang": lang, "date": DATE})))
    assert answer["ok"], answer["errors"]
    return answer


def form_of(doc: dict[str, Any]) -> dict[str, Any]:
    """What state.js's fromDocument/normalize make of an opened document (a missing or null value is "")."""

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    raters = doc.get("service", {}).get("raters") or [{}]
    record = doc.get("record") or {}
    return {
        "profile": doc["profile"],
        "organization": text(doc.get("organization")),
        "record": {k: "\n".join(v) if k == "evaluators" else text(v) for k, v in (BLANK_RECORD | record).items()},
        "raters": [
            {
                "name": text(r.get("id")),
                "alpha": {i: text(r.get("alpha", {}).get(i)) for i in ITEM_IDS},
                "observations": {i: text(r.get("observations", {}).get(i)) for i in ITEM_IDS},
            }
            for r in raters
        ],
        "levels": {c: text(doc["management"]["levels"].get(c)) for c in CLAUSE_IDS},
        "observations": {c: text(doc["management"].get("observations", {}).get(c)) for c in CLAUSE_IDS},
        "conformity": doc["management"]["conformity_passed"],
    }


BLANK_RECORD: dict[str, Any] = {"date": "", "evaluators": [], "scope": "", "remarks": ""}


def opened(text: str) -> dict[str, Any]:
    answer = json.loads(open_file(text.encode("utf-8")))
    assert answer["ok"], answer["errors"]
    return answer


# --- a form saved, then opened: the same form -------------------------------------------------------------------

# What a field may hold: nothing, spaces, a valid α, the wrong things people type, anything at all (no lone
# surrogates: a page's text is Unicode).
TYPED = st.one_of(
    st.sampled_from(["", " ", "0.8", " 0.7 ", "0,8", "80", "０．８", "1.0", "abc", "1e0", "-0", "0.123456789"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
LEVEL = st.one_of(st.sampled_from(["", "1", "3", "5"]), st.sampled_from(["0", "6", "03", "3.0", " ", "x"]), TYPED)
# An observation, the record's scope or remarks: mostly none or valid (HTML and formulas are text), else wrong.
NOTE = st.one_of(
    st.sampled_from(["", "", "ok", "行一\n行二", "<script>alert(1)</script>", "=cmd|' /C calc'!A0"]),
    st.sampled_from(["x" * 4001, "a\u202eb", "bell\x07", "\r\n"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
RECORD_DATE = st.sampled_from(["", "2026-12-07", "2026-02-30", "2026-2-3", "today"])
# The evaluators' field as the form keeps a file's list (one name a line, none blank, no spaces around one).
NAMES = st.lists(st.sampled_from(["张三", "J. Doe", "x" * 65, "A\u202e", "=cmd", "tab\t"]), max_size=3) | st.just(
    ["A"] * 51
)


@st.composite
def forms(draw: st.DrawFn) -> dict[str, Any]:
    """Any state of the calculator's form: each field empty, valid or wrong, often all valid."""
    complete = draw(st.booleans())
    alpha = st.sampled_from(["0.5", "0.85", "1"]) if complete else TYPED
    level = st.sampled_from(["1", "2", "3", "4", "5"]) if complete else LEVEL
    raters = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.one_of(st.just(""), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)),
                    "alpha": st.fixed_dictionaries(dict.fromkeys(ITEM_IDS, alpha)),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    noted = draw(st.booleans())  # else none: the form as it was before issue 23
    note = NOTE if noted else st.just("")
    for rater_obj in raters:
        rater_obj["observations"] = {i: draw(note) if draw(st.integers(0, 9)) == 0 else "" for i in ITEM_IDS}
    record = {"date": draw(RECORD_DATE), "evaluators": "\n".join(draw(NAMES))}
    record |= {"scope": draw(note), "remarks": draw(note)}
    return {
        "profile": draw(st.sampled_from(list(RULES.certification.profile_ids))),
        "organization": draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)),
        "record": record if noted else dict.fromkeys(BLANK_RECORD, ""),
        "raters": raters,
        "levels": draw(st.fixed_dictionaries(dict.fromkeys(CLAUSE_IDS, level))),
        "observations": {c: draw(note) if draw(st.integers(0, 5)) == 0 else "" for c in CLAUSE_IDS},
        "conformity": draw(st.booleans()),
    }


@settings(max_examples=40)
@given(forms(), st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=20))
def test_any_form_saved_then_opened_is_the_same_form(form: dict[str, Any], name: str) -> None:
    answer = saved(form, name)
    back = opened(answer["text"])
    assert back["name"] == (name.strip() or None)
    SCHEMA.validate(json.loads(answer["text"]))
    if answer["draft"]:
        # Exactly as typed: wrong values, spaces and all.
        assert back["draft"] is True
        assert form_of(back["document"]) == form
        assert answer["missing"] + answer["wrong"] == len(back["problems"]) > 0
    else:
        # Complete and valid: the evaluation document, canonical (α as the engine writes them), graded the same.
        assert "draft" not in json.loads(answer["text"])
        typed = parse_json(json.dumps({k: v for k, v in read_draft_form(form).items() if k != "name"}))
        assert back["document"] == evaluation_to_obj(typed)
        assert evaluate(parse_json(answer["text"])).certification == evaluate(typed).certification


def read_draft_form(form: dict[str, Any]) -> dict[str, Any]:
    """The complete document the calculator grades for ``form`` (α without spaces, a blank name none)."""
    record = {k: v.split("\n") if k == "evaluators" else v for k, v in form["record"].items() if v}
    return {
        "profile": form["profile"],
        **({"organization": form["organization"]} if form["organization"] else {}),
        **({"record": record} if record else {}),
        "service": {
            "raters": [
                ({"id": r["name"]} if r["name"].strip() else {})
                | {"alpha": {i: v.strip() for i, v in r["alpha"].items()}}
                | {"observations": {i: v for i, v in r["observations"].items() if v}}
                for r in form["raters"]
            ]
        },
        "management": {
            "levels": {c: int(v) for c, v in form["levels"].items()},
            "conformity_passed": form["conformity"],
            "observations": {c: v for c, v in form["observations"].items() if v},
        },
    }


def test_a_complete_form_is_saved_as_the_evaluation_document_with_its_name() -> None:
    answer = saved(full_form("ACME 深圳"), "Site visit")
    assert not answer["draft"]
    assert (answer["missing"], answer["wrong"]) == (0, 0)
    assert answer["file_name"] == f"ACME 深圳-{DATE}.json"
    doc = json.loads(answer["text"])
    assert next(iter(doc)) == "name" and doc["name"] == "Site visit"
    evaluation = parse_json(answer["text"])
    assert {k: v for k, v in doc.items() if k != "name"} == evaluation_to_obj(evaluation)
    # The name is the file's: not in the compact string, nor in a report's embedded evaluation.
    back = opened(answer["text"])
    assert back["name"] == "Site visit" and "Site" not in back["vector"] and "Site" not in back["canonical_json"]


def test_a_draft_keeps_what_was_typed_and_is_named_so() -> None:
    form = blank_form()
    form["organization"] = 'ACME/Shen*zhen: "North"'
    form["raters"][0]["alpha"] |= {"1.1": "0,8", "1.2": " 0.7", "1.3": "80"}
    form["levels"]["2.1"] = "3"
    answer = saved(form)
    assert answer["draft"]
    assert answer["file_name"] == f"ACME_Shen_zhen_ _North-草稿-{DATE}.json"
    assert saved(form, lang="en")["file_name"] == f"ACME_Shen_zhen_ _North-draft-{DATE}.json"
    doc = json.loads(answer["text"])
    assert doc["draft"] is True and doc["name"] == "评价 1"
    assert doc["service"]["raters"][0]["alpha"] == {"1.1": "0,8", "1.2": " 0.7", "1.3": "80"}  # empty ones left out
    assert doc["management"]["levels"] == {"2.1": 3}
    # Missing: 16 α and 20 levels; wrong: "0,8" and 80 (" 0.7" is read as the form reads it: 0.7).
    assert (answer["missing"], answer["wrong"]) == (16 + len(CLAUSE_IDS) - 1, 2)


# --- validate lists it all; evaluate and the other commands refuse a draft in one line ---------------------------


def write(tmp_path: Path, text: str, name: str = "draft.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_lists_every_missing_and_wrong_field_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = blank_form()
    form["raters"].append({"name": "R\n2", "alpha": dict.fromkeys(ITEM_IDS, "0.9") | {"7": "1.5"}})
    form["raters"][0]["alpha"] |= dict.fromkeys(ITEM_IDS[:-1], "0.9") | {"1.1": "0,8"}
    form["levels"] = dict.fromkeys(CLAUSE_IDS, "4") | {CLAUSE_IDS[3]: ""}
    path = write(tmp_path, saved(form)["text"])
    code, out, err = run(capsys, "validate", path, "--lang", "en")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == f"{path}: draft (2 raters): 2 fields missing, 3 wrong"
    assert lines[1:] == [
        'service.raters[0].alpha["1.1"]: "0,8" is not a decimal number: use a decimal point, not a comma',
        'service.raters[0].alpha["7"]: empty: enter a decimal number from 0 to 1',
        'service.raters[1].id: "R\\n2" holds the control or invisible character U+000A at position 2',
        'service.raters[1].alpha["7"]: 1.5 is outside [0, 1]',
        f'management.levels["{CLAUSE_IDS[3]}"]: not chosen: choose a maturity level from 1 to 5',
    ]
    code, out, _ = run(capsys, "validate", path)
    assert code == 1
    assert out.splitlines()[0] == f"{path}：草稿（2 位测评人）：2 项未填写，3 项有误"
    assert out.splitlines()[1] == 'service.raters[0].alpha["1.1"]：“0,8”不是小数：请用小数点，不要用逗号'


def test_evaluate_refuses_a_draft_in_one_line_naming_the_first_field_and_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = blank_form()
    form["raters"][0]["alpha"]["1.1"] = "0.9"
    path = write(tmp_path, saved(form)["text"])
    missing = len(ITEM_IDS) - 1 + len(CLAUSE_IDS)
    for command in (["evaluate", path], ["report", path], ["vector", path], ["diff", path, path]):
        code, out, err = run(capsys, *command, "--lang", "en")
        assert (code, out) == (2, ""), command
        assert_one_clean_line(err)
        assert 'service.raters[0].alpha["1.2"]: empty' in err
        assert f"the document is a draft: {missing} fields missing, 0 wrong" in err
    code, _, err = run(capsys, "evaluate", path)
    assert code == 2 and f"这是草稿：{missing} 项未填写，0 项有误" in err


def test_a_draft_with_nothing_missing_is_graded_and_old_documents_read_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = saved(full_form())["text"].replace('{"name"', '{"draft":true,"name"', 1)  # finished by hand, still marked
    assert run(capsys, "validate", write(tmp_path, draft))[0] == 0
    assert run(capsys, "evaluate", write(tmp_path, draft), "--format", "json")[0] == 0
    old = write(tmp_path, json.dumps(document([rater("0.9")])), "old.json")
    assert run(capsys, "validate", old, "--lang", "en")[1] == f"{old}: valid evaluation document (1 rater)\n"
    marked = write(tmp_path, json.dumps(document([rater("0.9")]) | {"draft": False}), "false.json")
    assert run(capsys, "validate", marked)[0] == 0


HUGE = '{"draft":true,"organization":"' + "x" * (MAX_INPUT_BYTES + 1) + '"}'


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (HUGE, "larger than 16 MB"),
        (
            '{"draft":true,"service":{"raters":[{"alpha":{"1.1":' + "[" * 100_000 + "]" * 100_000 + "}}]}}",
            "nested too deeply",
        ),
        ('{"draft":true,"service":{"raters":[{"alpha":{"1.1":{"x":1}}}]}}', "is not a number or text"),
        ('{"draft":true,"draft":true}', 'duplicate key "draft"'),
        ('{"draft":true,"service":{"raters":[{"alpha":{"1.1":"0.8","1.1":"0.9"}}]}}', 'duplicate key "1.1"'),
        ('{"draft":"yes"}', 'draft: "yes" is not true or false'),
        ('{"draft":true,"notes":"x"}', "notes: unknown field"),
        ('{"draft":true,"service":{"raters":[{"alpha":{"9.9":"0.8"}}]}}', "alpha.9.9: unknown field"),
        ('{"draft":true,"management":{"levels":{"1.1":true}}}', "true is not a maturity level"),
        ('{"draft":true,"profile":"strict"}', "profile"),
        ('{"draft":true,"name":"a\\u202eb"}', "name: "),
        ('{"draft":true,"service":{"raters":[' + ",".join(["{}"] * (MAX_RATERS + 1)) + "]}}", "10001 raters"),
    ],
    ids=[
        "huge",
        "deep",
        "α object",
        "duplicate draft",
        "duplicate α",
        "draft yes",
        "unknown",
        "unknown item",
        "level true",
        "profile",
        "bidi name",
        "too many raters",
    ],
)
def test_a_hostile_draft_is_refused_in_one_clean_line(
    text: str, fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, text)
    for command in ("validate", "evaluate"):
        code, out, err = run(capsys, command, path, "--lang", "en")
        assert (code, out) == (2, ""), (command, err)
        assert_one_clean_line(err)
        assert fragment in err, err
    answer = json.loads(open_file(text.encode("utf-8")))
    assert not answer["ok"] and len(answer["errors"]) == 1


def test_control_characters_in_a_draft_are_listed_escaped_and_restored_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = blank_form()
    form["organization"] = "ACME\x1b[31m\u202eevil\n"
    form["raters"][0]["alpha"]["1.1"] = "0.8\r\nrm -rf"
    answer = saved(form)
    assert answer["file_name"] == f"ACME[31mevil-草稿-{DATE}.json"
    assert form_of(opened(answer["text"])["document"]) == form
    code, out, _ = run(capsys, "validate", write(tmp_path, answer["text"]), "--lang", "en")
    assert code == 1
    for line in out.splitlines():
        assert "\x1b" not in line and "\u202e" not in line and "\r" not in line
    assert out.splitlines()[1].startswith("organization: ")
    assert out.splitlines()[2].startswith('service.raters[0].alpha["1.1"]: "0.8\\r\\nrm -rf"')


# --- the calculator's entry points ------------------------------------------------------------------------------


def test_opening_a_draft_gives_the_form_and_every_problem_for_the_page() -> None:
    form = blank_form()
    form["raters"][0]["alpha"]["1.1"] = "0,8"
    answer = opened(saved(form, "Day 1")["text"])
    assert answer["draft"] is True and answer["name"] == "Day 1" and answer["errors"] == []
    assert (answer["missing"], answer["wrong"]) == (len(ITEM_IDS) - 1 + len(CLAUSE_IDS), 1)
    assert answer["problems"][0]["path"] == 'service.raters[0].alpha["1.1"]'
    assert answer["problems"][0]["zh"] == "“0,8”不是小数：请用小数点，不要用逗号"
    assert "vector" not in answer
    # A draft written by hand: numbers read as the text they were written as, null as not filled in.
    by_hand = (
        '{"draft":true,"service":{"raters":[{"id":null,"alpha":{"1.1":0.80,"1.2":null}}]},'
        '"management":{"levels":{"1.1":3,"1.2":null}}}'
    )
    doc = json.loads(open_document(by_hand, "json"))["document"]
    assert doc["service"]["raters"] == [{"alpha": {"1.1": "0.80"}}]
    assert doc["management"]["levels"]["1.1"] == 3 and doc["management"]["levels"]["1.2"] is None
    assert read_draft(read_json('{"draft":true}')).missing == 1 + len(CLAUSE_IDS)  # no rater yet, no level


def test_a_malformed_save_request_is_refused_in_one_line() -> None:
    for request in ("{", "[]", '{"form": {"raters": 1}}', '{"form": ' + json.dumps(blank_form()) + ', "date": "6/12"}'):
        answer = json.loads(save_form(request))
        assert not answer["ok"] and len(answer["errors"]) == 1
        assert isinstance(answer["errors"][0]["zh"], str)


def test_download_names_carry_the_organization_and_the_date() -> None:
    assert file_name(None, "evaluation", "zh", DATE, "json") == f"tbsc55-{DATE}.json"
    assert file_name(" ..\u200b ", "draft", "en", DATE, "json") == f"tbsc55-draft-{DATE}.json"
    assert file_name('a/b\\c:d*e?f"g<h>i|j', "report", "en", DATE, "html") == f"a_b_c_d_e_f_g_h_i_j-report-{DATE}.html"
    long = file_name("深" * 500, "result", "zh", DATE, "csv")
    assert long.endswith(f"-结果-{DATE}.csv") and len(long.encode("utf-8")) <= 160
    with pytest.raises(InputError):
        file_name("x", "draft", "en", "2026-02-30", "json")
    doc = json.dumps(document([rater("0.9")], organization="ACME"))
    assert json.loads(report(doc, "en", DATE))["file_name"] == f"ACME-report-{DATE}.html"
    assert json.loads(export_csv(doc, "zh", DATE))["file_name"] == f"ACME-结果-{DATE}.csv"
    assert "file_name" not in json.loads(export_csv(doc, "zh"))
