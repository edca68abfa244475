"""Numbers typed with a Chinese input method (issue 20, point 3): full-width digits ０–９ and the stops ． and 。 are
read as ASCII wherever the engine reads an α or a maturity level as text — a document's α strings, rater-sheet
cells, levels CSV cells — so that the command line and the calculator agree; what is shown is the ASCII number. An α
that looks like a percentage (10–100) is refused with the fraction it would be. Names are never transliterated; the
compact string stays ASCII."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, evaluation_from_obj
from scoring.browser import evaluate_document, forget_form, grade_form
from scoring.cli import main
from scoring.document import parse_alpha
from scoring.engine import result_to_obj
from scoring.errors import ValidationError
from scoring.report import render_report, verify_report
from scoring.schema import evaluation_schema
from scoring.sheets import read_levels_sheet, read_rater_sheets
from scoring.vector import parse_vector
from tests.builders import CLAUSE_IDS, ITEM_IDS, document, rater

FULL = {str(d): chr(0xFF10 + d) for d in range(10)}


def full_width(text: str, stop: str = "．") -> str:
    return "".join(FULL.get(ch, stop if ch == "." else ch) for ch in text)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("０.８", "0.8"),
        ("０．８", "0.8"),
        ("0。8", "0.8"),  # the "." key with Chinese punctuation on
        ("0．8８", "0.88"),  # a mix
        ("１", "1"),
        ("０", "0"),
        ("１．０００", "1"),
        ("．５", "0.5"),
        ("０．", "0"),
        ("０．１２３４５６７８９０１２３４５６７８９１", "0.12345678901234567891"),  # 20 decimals: the most
    ],
)
def test_full_width_alpha_is_read_as_ascii(typed: str, read: str) -> None:
    assert parse_alpha(typed, "a") == Decimal(read)


@pytest.mark.parametrize(
    ("typed", "en", "zh"),
    [
        ("８０", "80 is outside [0, 1] (0.8?)", "80 超出范围 [0, 1]（0.8？）"),
        ("80", "80 is outside [0, 1] (0.8?)", "80 超出范围 [0, 1]（0.8？）"),
        ("75", "75 is outside [0, 1] (0.75?)", "75 超出范围 [0, 1]（0.75？）"),
        ("100", "100 is outside [0, 1] (1?)", "100 超出范围 [0, 1]（1？）"),
        ("10", "10 is outside [0, 1] (0.1?)", "10 超出范围 [0, 1]（0.1？）"),
        ("87.5", "87.5 is outside [0, 1] (0.875?)", "87.5 超出范围 [0, 1]（0.875？）"),
        ("5", "5 is outside [0, 1]", "5 超出范围 [0, 1]"),  # below 10: likelier a mark out of 5 than 5 %
        ("1.5", "1.5 is outside [0, 1]", "1.5 超出范围 [0, 1]"),
        ("100.5", "100.5 is outside [0, 1]", "100.5 超出范围 [0, 1]"),
        ("１０１", "101 is outside [0, 1]", "101 超出范围 [0, 1]"),
        # a percentage whose fraction would have more than 20 decimals: no suggestion that would be refused too
        ("99." + "9" * 20, "99." + "9" * 20 + " is outside [0, 1]", "99." + "9" * 20 + " 超出范围 [0, 1]"),
        ("０x１", '"０x１" is not a decimal number', "“０x１”不是小数"),  # quoted as typed
        (
            "０，８",
            '"０，８" is not a decimal number: use a decimal point, not a comma',
            "“０，８”不是小数：请用小数点，不要用逗号",
        ),
        ("－０．５", '"－０．５" is not a decimal number', "“－０．５”不是小数"),  # no sign, full-width or not
        ("＋０．５", '"＋０．５" is not a decimal number', "“＋０．５”不是小数"),
        ("０．．５", '"０．．５" is not a decimal number', "“０．．５”不是小数"),
        ("。", '"。" is not a decimal number', "“。”不是小数"),
        ("\u30000.8", '"\u30000.8" has spaces around the number', '"\u30000.8" 的数字前后有空格'),
        ("٣", '"٣" is not a decimal number', "“٣”不是小数"),  # other scripts' digits are not read
    ],
)
def test_refusals_name_the_number_read_or_quote_what_was_typed(typed: str, en: str, zh: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_alpha(typed, "a")
    assert (refused.value.problem, refused.value.problem_zh) == (en, zh)


def test_a_json_number_that_looks_like_a_percentage_suggests_the_fraction_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = document([rater("0.9")])
    doc["service"]["raters"][0]["alpha"]["1.2"] = 80
    path = tmp_path / "e.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err == 'error: service.raters[0].alpha["1.2"]: 80 is outside [0, 1] (0.8?)\n'
    assert main(["validate", str(path)]) == 2  # Chinese by default
    assert capsys.readouterr().err == '错误：service.raters[0].alpha["1.2"]：80 超出范围 [0, 1]（0.8？）\n'


@settings(max_examples=30, deadline=None)
@given(
    alphas=st.lists(
        st.integers(0, 10**6).map(lambda n: format(Decimal(n).scaleb(-6), "f")), min_size=len(ITEM_IDS), max_size=19
    ),
    stops=st.lists(st.sampled_from([".", "．", "。"]), min_size=19, max_size=19),
    widths=st.lists(st.booleans(), min_size=19, max_size=19),
)
def test_a_full_width_transliteration_evaluates_identically(
    alphas: list[str], stops: list[str], widths: list[bool]
) -> None:
    """For any valid α strings, the same strings typed full-width (each α, digits and stop, or not) grade alike:
    the same result, the same compact string, the same canonical document."""
    ascii_doc = document([rater(dict(zip(ITEM_IDS, alphas, strict=True)), "Ｒ１")])
    typed = [full_width(a, s) if w else a for a, s, w in zip(alphas, stops, widths, strict=True)]
    typed_doc = document([rater(dict(zip(ITEM_IDS, typed, strict=True)), "Ｒ１")])
    expected, found = (result_to_obj(evaluate(evaluation_from_obj(d))) for d in (ascii_doc, typed_doc))
    assert found == expected
    assert found["service"]["raters"][0]["id"] == "Ｒ１"  # names are not touched
    assert found["vector"].isascii() or "%" in found["vector"]
    jsonschema.validate(typed_doc, evaluation_schema())


def test_the_schema_accepts_what_the_engine_reads_and_refuses_what_it_refuses() -> None:
    for good in ("０．８", "0。5", "１", "１．００", "．５"):
        jsonschema.validate(document([rater(good)]), evaluation_schema())
        evaluation_from_obj(document([rater(good)]))
    for bad in ("０x１", "１．５", "２", "－０．５", "。"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document([rater(bad)]), evaluation_schema())
        with pytest.raises(ValidationError):
            evaluation_from_obj(document([rater(bad)]))


def test_results_and_reports_show_the_ascii_number() -> None:
    result = evaluate(evaluation_from_obj(document([rater("０．８")])))
    out = result_to_obj(result)
    assert out["service"]["raters"][0]["items"][0]["alpha"] == "0.8"
    assert ",0.8," in out["vector"] and "０" not in json.dumps(out, ensure_ascii=False)
    html = render_report(result, "zh", "2026-01-02")
    assert "０" not in html and verify_report(html).ok


def test_the_compact_string_stays_ascii() -> None:
    alphas = ",".join(["０．８"] + ["1"] * (len(ITEM_IDS) - 1))
    with pytest.raises(ValidationError, match=r'alpha\["1.1"\]: "０．８" is not a decimal number'):
        parse_vector(f"TBSC55-2026:B0/P:final/R:{alphas}/M:{'3' * len(CLAUSE_IDS)}/C:1")


def test_rater_sheets_and_levels_files_read_full_width_numbers() -> None:
    header = "测评人," + ",".join(ITEM_IDS)
    sheet = f"{header}\r\nＲ１," + ",".join(["０．８"] * 18 + ["1"]) + "\r\n"
    raters = read_rater_sheets(sheet.encode("utf-8"), "s.csv")
    assert raters == [{"id": "Ｒ１", "alpha": dict.fromkeys(ITEM_IDS[:18], "0.8") | {"7": "1"}}]
    gbk = read_rater_sheets(sheet.encode("gb18030"), "s.csv")  # Chinese Excel's "CSV"
    assert gbk == raters
    levels = "组织," + ",".join(CLAUSE_IDS) + ",符合性审查\r\n甲," + ",".join(["４"] * 20 + ["3"]) + ",１\r\n"
    found: dict[str, Any] = read_levels_sheet(levels.encode("utf-8"), "l.csv")
    assert found["management"] == {"levels": dict.fromkeys(CLAUSE_IDS[:20], 4) | {"7.2": 3}, "conformity_passed": True}
    wrong = levels.replace("４", "４．", 1)
    with pytest.raises(ValidationError, match=re.escape('row 2, column "1.1": "４．" is not a maturity level')):
        read_levels_sheet(wrong.encode("utf-8"), "l.csv")


def test_the_calculator_is_told_the_number_it_read() -> None:
    """The page shows a field typed full-width as the number the engine read: each rater's ``normalized`` (item →
    ASCII text), in evaluate_document's answer and the session's, complete or not; absent for plain ASCII."""
    doc = document([rater("０．８"), rater("0.8")])
    answer = json.loads(evaluate_document(json.dumps(doc, ensure_ascii=False), compact=True))
    first, second = answer["result"]["service"]["raters"]
    assert first["normalized"] == dict.fromkeys(ITEM_IDS, "0.8") and "normalized" not in second
    doc["service"]["raters"][0]["alpha"]["1.1"] = "８０"
    doc["service"]["raters"][0]["alpha"]["1.2"] = "０x１"
    answer = json.loads(evaluate_document(json.dumps(doc, ensure_ascii=False)))
    assert [e["en"] for e in answer["errors"][:2]] == ["80 is outside [0, 1] (0.8?)", '"０x１" is not a decimal number']
    normalized = answer["partial"]["raters"][0]["normalized"]
    assert normalized["1.1"] == "80" and "1.2" not in normalized and normalized["1.3"] == "0.8"
    forget_form()
    update = {"since": 0, "document": {"management": doc["management"]}, "count": 2, "window": [0, 2]}
    update["changed"] = {str(k): r for k, r in enumerate(doc["service"]["raters"])}
    session = json.loads(grade_form(json.dumps(update, ensure_ascii=False)))
    assert session["partial"]["raters"][0]["normalized"] == normalized
    assert "normalized" not in session["partial"]["raters"][1]
