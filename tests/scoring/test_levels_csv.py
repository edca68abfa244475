"""One evaluation's maturity levels as a CSV (issue 13, point 4: the levels template, imported as it is): the
21 levels of appendix 3 in one row, an optional organization and conformity examination; refusals by row and
column, in both languages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scoring.browser import import_levels
from scoring.cli import main
from scoring.errors import DocumentSyntaxError, ValidationError
from scoring.sheets import levels_template, read_levels_sheet, template
from tests.builders import CLAUSE_IDS, RULES


def levels_csv(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or [*CLAUSE_IDS, "conformity_passed"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(("lang", "organization"), [("zh", "示例组织"), ("en", "Example Ltd.")])
def test_the_levels_template_reads_back(lang: str, organization: str) -> None:
    found = read_levels_sheet(levels_template(lang="en" if lang == "en" else "zh").encode("utf-8-sig"), "l.csv")
    assert found == {
        "management": {"levels": dict.fromkeys(CLAUSE_IDS, RULES.management.level_max - 1), "conformity_passed": True},
        "organization": organization,
    }


def test_gb18030_and_the_chinese_conformity_words() -> None:
    header = ["组织", *CLAUSE_IDS, "符合性审查"]
    data = levels_csv([["南昌某酒店", *["3"] * 21, "未通过"]], header).decode().encode("gb18030")
    found = read_levels_sheet(data, "l.csv")
    assert found["organization"] == "南昌某酒店" and found["management"]["conformity_passed"] is False


def test_without_a_conformity_column_the_document_default_applies() -> None:
    found = read_levels_sheet(levels_csv([["5"] * 21], list(CLAUSE_IDS)), "l.csv")
    assert found == {"management": {"levels": dict.fromkeys(CLAUSE_IDS, 5)}}


@pytest.mark.parametrize(
    ("data", "kind", "message", "message_zh"),
    [
        (
            levels_csv([[*["3"] * 21, "1"], [*["4"] * 21, "1"]]),
            DocumentSyntaxError,
            "row 3: one row of maturity levels is expected (for many organizations, use batch)",
            "第 3 行：只应有一行成熟度水平",
        ),
        (
            levels_csv([[*["3"] * 9, "6", *["3"] * 11, "1"]]),
            ValidationError,
            'row 2, column "4.1": "6" is not a maturity level (an integer from 1 to 5)',
            "“6”不是成熟度水平（1 到 5 的整数）",
        ),
        (
            levels_csv([[*["3"] * 20, "", "1"]]),
            ValidationError,
            'column "7.2": "" is not a maturity level',
            "“”不是成熟度水平",
        ),
        (levels_csv([[*["3"] * 21, "maybe"]]), ValidationError, '"maybe" is not 1/0, true/false, 是/否', "“maybe”不是"),
        (
            levels_csv([], list(CLAUSE_IDS)),
            DocumentSyntaxError,
            "has a header but no row of maturity levels",
            "只有表头",
        ),
        (b"", DocumentSyntaxError, "is empty", "是空的"),
        (
            levels_csv([["3"] * 20], list(CLAUSE_IDS[:-1])),
            DocumentSyntaxError,
            "header: missing column 7.2",
            "缺少列 7.2",
        ),
        (
            levels_csv([["R1", *["3"] * 21]], ["rater", *CLAUSE_IDS]),
            DocumentSyntaxError,
            "no rater column",
            "没有测评人列",
        ),
        (b"\n" * 1000, DocumentSyntaxError, "has 1000 lines", "有 1000 行"),
        (template().encode(), DocumentSyntaxError, 'header: "3.3 时间性·环境/5" is not an id', "既不是管理要求条款"),
    ],
)
def test_bad_levels_files_are_refused_by_row_and_column_in_both_languages(
    data: bytes, kind: type[Exception], message: str, message_zh: str
) -> None:
    with pytest.raises(kind) as caught:
        read_levels_sheet(data, "l.csv")
    assert str(caught.value).startswith("l.csv") and message in str(caught.value)
    assert message_zh in json.loads(import_levels(data, "l.csv"))["errors"][0]["zh"]


def test_the_calculator_imports_the_template(tmp_path: Path) -> None:
    out = json.loads(import_levels(levels_template(lang="zh").encode("utf-8-sig"), "成熟度水平.csv"))
    assert out["ok"] is True and out["organization"] == "示例组织"
    assert out["management"]["levels"] == dict.fromkeys(CLAUSE_IDS, 4)


def test_evaluate_and_diff_read_a_levels_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheets, levels, levels_json = tmp_path / "s.csv", tmp_path / "l.csv", tmp_path / "l.json"
    sheets.write_text(template(lang="zh"), encoding="utf-8-sig")
    levels.write_bytes(levels_csv([["示例组织", *["4"] * 21, "是"]], ["组织", *CLAUSE_IDS, "符合性审查"]))
    levels_json.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 4)}), encoding="utf-8")
    assert main(["evaluate", "--raters", str(sheets), "--levels", str(levels), "--format", "json"]) == 0
    from_csv = json.loads(capsys.readouterr().out)
    assert from_csv["organization"] == "示例组织" and from_csv["management"]["total"] == "116"
    assert main(["evaluate", "--raters", str(sheets), "--levels", str(levels_json), "--format", "json"]) == 0
    from_json = json.loads(capsys.readouterr().out)
    assert {**from_csv, "organization": None, "vector": None} == {**from_json, "organization": None, "vector": None}
    argv = ["diff", "--raters-a", str(sheets), "--levels-a", str(levels), "--raters-b", str(sheets)]
    assert main([*argv, "--levels-b", str(levels_json), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["same"] is True
