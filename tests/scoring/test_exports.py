"""Spreadsheet exports (issue 13, point 4): ``evaluate --format csv`` and ``diff --format csv``, one table per
result, UTF-8 with BOM, every text cell neutralised against formula injection, headers in the chosen language."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import cli, evaluate, evaluation_from_obj
from scoring.cli import main
from scoring.diff import compare
from scoring.exports import comparison_csv, evaluation_csv
from scoring.spreadsheet import BOM, spreadsheet_safe
from tests.builders import CLAUSE_IDS, ITEM_IDS, document, rater
from tests.strategies import documents, text

# Names a spreadsheet would run as formulas (OWASP, CSV injection); tab and CR are refused at input already.
HOSTILE_NAMES = st.one_of(
    st.sampled_from(["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "-cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")']),
    st.builds(str.__add__, st.sampled_from("=+-@"), text),
)


def table(text: str) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: the BOM first, then rows."""
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


def rows_of(rows: list[list[str]], section: str) -> list[list[str]]:
    return [row for row in rows if row[0] == section]


def test_evaluate_csv_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(document([rater("0.8", "甲"), rater("0.9", "乙")], organization="示例组织")), "utf-8")
    assert main(["evaluate", str(path), "--format", "csv"]) == 0
    rows = table(capsys.readouterr().out)
    assert rows[0] == ["类别", "编号", "名称", "分值或总分值", "平均 α 或成熟度水平", "李克特等级", "得分或结果"]
    results = {row[2]: row[6] for row in rows_of(rows, "结果")}
    assert results["组织"] == "示例组织"
    assert (results["服务特性测评得分"], results["管理成熟度总分"], results["管理要求分级"]) == ("85.00", "116", "5")
    assert (results["认证结果（星级）"], results["认证结果"]) == ("3", "三星级")
    items = rows_of(rows, "服务指标")
    assert [row[1] for row in items] == ITEM_IDS
    assert items[1] == ["服务指标", "1.2", "设备设施", "7", "0.85", "5", "5.95"]  # appendix 1: 7 × 0.85
    clauses = rows_of(rows, "管理要求条款")
    assert [row[1] for row in clauses] == CLAUSE_IDS
    assert clauses[9][1:] == ["4.1", clauses[9][2], "10", "4", "", "8"]  # appendix 3: 10 × 4 ÷ 5
    assert [row[1:] for row in rows_of(rows, "测评人")] == [
        ["1", "甲", "", "", "", "80.00"],
        ["2", "乙", "", "", "", "90.00"],
    ]


def test_evaluate_csv_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(document([rater("0.95")], 116)), "utf-8")
    assert main(["evaluate", str(path), "--format", "csv", "--lang", "en"]) == 0
    rows = table(capsys.readouterr().out)
    assert rows[0] == ["Section", "Id", "Name", "Item points or weight", "Mean α or maturity level", "Likert band",
                       "Score or result"]  # fmt: skip
    assert {row[2]: row[6] for row in rows_of(rows, "Result")}["Certification result"] == "5 stars"
    assert rows_of(rows, "Service item")[0][:3] == ["Service item", "1.1", "Personnel"]
    assert rows_of(rows, "Rater") == [["Rater", "1", "", "", "", "", "95.00"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
@given(documents())
def test_the_csv_round_trips_and_states_the_result(lang: str, doc: dict[str, Any]) -> None:
    result = evaluate(evaluation_from_obj(doc))
    text = evaluation_csv(result, "en" if lang == "en" else "zh")
    rows = table(text)
    assert len({len(row) for row in rows}) == 1  # one table
    assert len(rows) == 1 + 9 + 7 + len(ITEM_IDS) + len(CLAUSE_IDS) + len(result.service.raters)
    rater_rows = rows[-len(result.service.raters) :]
    assert [Decimal(row[6]) for row in rater_rows] == [r.score for r in result.service.raters]
    scores = [row[6] for row in rows[1:10] if row[6] == f"{result.service.score:.2f}"]
    assert scores  # the reported service score, as evaluate reports it


@given(HOSTILE_NAMES, HOSTILE_NAMES)
def test_hostile_names_are_neutralised(organization: str, rater_id: str) -> None:
    doc = document([rater("0.9", rater_id)], organization=organization)
    for written in (
        evaluation_csv(evaluate(evaluation_from_obj(doc)), "zh"),
        comparison_csv(compare(*(evaluate(evaluation_from_obj(doc)),) * 2), "en"),
    ):
        cells = [cell for row in table(written) for cell in row]
        assert "'" + organization in cells
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
        assert not any(cell.startswith("-") and not _is_number(cell) for cell in cells)
    rater_cells = rows_of(table(evaluation_csv(evaluate(evaluation_from_obj(doc)), "en")), "Rater")[0]
    assert rater_cells[2] == "'" + rater_id


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def test_negative_differences_stay_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A difference B − A of −0.80 is a number a spreadsheet adds up, not text with an apostrophe."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(document([rater("0.858")])), "utf-8")
    b.write_text(json.dumps(document([rater("0.85")], conformity_passed=False)), "utf-8")
    assert main(["diff", str(a), str(b), "--format", "csv", "--lang", "en"]) == 0
    rows = table(capsys.readouterr().out)
    assert rows[0] == ["Section", "Id", "Name", "A", "B", "Difference B − A", "Change in score"]
    results = {row[2]: row[3:6] for row in rows_of(rows, "Result")}
    assert results["Service score"] == ["85.80", "85.00", "-0.80"]
    assert results["Conformity examination"] == ["passed", "not passed", ""]
    assert results["Certification result (stars)"] == ["3", "0", "-3"]
    items = rows_of(rows, "Service item · Mean score")
    assert [row[1] for row in items] == ITEM_IDS  # every item, the unchanged ones with 0
    assert items[0][3:] == ["4.29", "4.25", "-0.04", "-0.04"]  # appendix 1: 5 × 0.858 and 5 × 0.85
    assert len(rows_of(rows, "Management clause · Maturity level")) == len(CLAUSE_IDS)


def test_diff_csv_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(document([rater("0.9")], 116)), "utf-8")
    b.write_text(json.dumps(document([rater("0.9")], 115)), "utf-8")
    assert main(["diff", str(a), str(b), "--format", "csv"]) == 0
    rows = table(capsys.readouterr().out)
    assert rows[0] == ["类别", "编号", "名称", "A", "B", "差值 B − A", "得分变化"]
    assert {row[2]: row[3:6] for row in rows_of(rows, "结果")}["管理成熟度总分"] == ["116", "115", "-1"]
    changed = [row for row in rows_of(rows, "管理要求条款 · 成熟度水平") if row[5] != "0"]
    assert [row[6] for row in changed] and sum(int(row[6]) for row in changed) == -1


def test_spreadsheet_safe_is_still_the_clis() -> None:
    assert cli.spreadsheet_safe is spreadsheet_safe
    assert spreadsheet_safe("=1") == "'=1" and spreadsheet_safe("甲") == "甲" and spreadsheet_safe(3) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_diff_csv_names_the_profile_as_evaluate_csv_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """One name for a 5.3 profile in every CSV: `diff` once wrote the bare id ("final")."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(document([rater("0.9")], 116)), "utf-8")
    b.write_text(json.dumps({**document([rater("0.9")], 115), "profile": "table"}), "utf-8")
    named = {}
    for path in (a, b):
        assert main(["evaluate", str(path), "--format", "csv", "--lang", lang]) == 0
        rows = table(capsys.readouterr().out)
        named[path] = rows[2][6]  # the result's second row: the profile
    assert main(["diff", str(a), str(b), "--format", "csv", "--lang", lang]) == 0
    rows = table(capsys.readouterr().out)
    profile_row = next(row for row in rows if named[a] in row)
    assert profile_row[3:5] == [named[a], named[b]]
    assert named[a].startswith("final — ") and named[b].startswith("table — ")
