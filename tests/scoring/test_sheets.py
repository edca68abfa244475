"""Rater sheets as CSV (UTF-8 with or without BOM, GB18030), batch grading, and the templates."""

from __future__ import annotations

import ast
import codecs
import csv
import inspect
import io
import json
import random
from pathlib import Path

import pytest

from scoring import batch, evaluate, evaluation_from_obj, sheets
from scoring.batch import grade_batch
from scoring.cli import Progress, main
from scoring.errors import DocumentSyntaxError, ValidationError
from scoring.rules import Lang
from scoring.sheets import read_rater_sheets, template
from tests.builders import CLAUSE_IDS, ITEM_IDS, document


def sheet(rows: list[list[str]], header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or ["rater", *ITEM_IDS])
    writer.writerows(rows)
    return out.getvalue()


GOOD = sheet([["R1", *["0.9"] * 19], ["评价人二", *["0.75"] * 18, "1"]])


@pytest.mark.parametrize(
    "encoded",
    [GOOD.encode("utf-8"), b"\xef\xbb\xbf" + GOOD.encode("utf-8"), GOOD.encode("gb18030"), GOOD.encode("gbk")],
    ids=["utf-8", "utf-8 with BOM", "gb18030", "gbk"],
)
def test_encodings_excel_writes(encoded: bytes) -> None:
    raters = read_rater_sheets(encoded, "sheets.csv")
    assert [r.get("id") for r in raters] == ["R1", "评价人二"]
    assert raters[1]["alpha"]["7"] == "1"
    assert raters[1]["alpha"]["1.1"] == "0.75"


def test_headers_may_carry_labels_and_columns_any_order() -> None:
    header = ["评价人", *reversed([f"{i} 名称/5分" for i in ITEM_IDS])]
    raters = read_rater_sheets(sheet([["甲", *[str(n / 100) for n in range(19)]]], header).encode(), "s.csv")
    assert raters[0]["alpha"]["7"] == "0"  # the first value, under the reversed header's first column "7"
    assert raters[0]["alpha"]["1.1"] == "0.18"


ROW_ERRORS = [
    ("0,8", 's.csv: row 2, column "1.2": "0,8" is not a decimal number: use a decimal point, not a comma'),
    (" 0.8", 's.csv: row 2, column "1.2": " 0.8" has spaces around the number'),
    ("0.8 ", 's.csv: row 2, column "1.2": "0.8 " has spaces around the number'),
    ("高", 's.csv: row 2, column "1.2": "高" is not a decimal number'),
    ("1.2", 's.csv: row 2, column "1.2": 1.2 is outside [0, 1]'),
    ("", 's.csv: row 2, column "1.2": empty: enter a decimal number from 0 to 1'),
]


@pytest.mark.parametrize(("value", "message"), ROW_ERRORS, ids=[v or "empty" for v, _ in ROW_ERRORS])
def test_bad_cells_name_row_and_column(value: str, message: str) -> None:
    row = ["R1", *["0.9"] * 19]
    row[2] = value
    with pytest.raises(ValidationError) as caught:
        read_rater_sheets(sheet([row]).encode(), "s.csv")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("rater,1.1\n", "header: missing columns 1.2, 1.3"),
        (sheet([], ["rater", *ITEM_IDS, "8.1"]), 'header: "8.1" is not an id of the service items'),
        (sheet([], ["rater", *ITEM_IDS, "1.1"]), 'header: column "1.1" appears twice'),
        (sheet([]), "has a header but no rater rows"),
    ],
)
def test_bad_sheets(text: str, message: str) -> None:
    with pytest.raises(DocumentSyntaxError, match=message):
        read_rater_sheets(text.encode(), "s.csv")


@pytest.mark.parametrize("value", ["0,0", "0,5", "1,0"])
def test_an_unquoted_decimal_comma_never_shifts_the_columns(value: str) -> None:
    text = GOOD.replace("R1,0.9,", f"R1,{value},", 1)  # "0,0" alone would read as two valid α
    with pytest.raises(ValidationError, match=r"^s.csv: row 2: 21 cells under 20 header columns: is a decimal comma"):
        read_rater_sheets(text.encode(), "s.csv")


def test_short_row() -> None:
    with pytest.raises(ValidationError, match=r'row 2, column "6.3": missing'):
        read_rater_sheets(sheet([["R1", *["0.9"] * 17]]).encode(), "s.csv")


def test_non_text_bytes() -> None:
    with pytest.raises(DocumentSyntaxError, match="neither UTF-8 nor GBK"):
        read_rater_sheets(b"\xff\xfe\x00\x81\x30\x81", "s.csv")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_templates_read_back(lang: str) -> None:
    raters = read_rater_sheets(template(lang=lang).encode("utf-8-sig"), "template.csv")  # type: ignore[arg-type]
    assert [r["id"] for r in raters] == ["R1", "R2"]
    assert raters[0]["alpha"]["1.1"] == "1"


def test_the_rater_column_is_named_as_the_glossary_names_raters() -> None:
    """The zh template heads the rater column 测评人 (scoring/glossary.toml); sheets made from older templates,
    headed 评价人, still read."""
    assert template(lang="zh").splitlines()[0].split(",")[0].lstrip("\ufeff") == "测评人"
    for header in ("测评人", "评价人"):
        rows = [[header, *ITEM_IDS], ["甲", *["0.5"] * 19]]
        raters = read_rater_sheets("\n".join(",".join(r) for r in rows).encode("utf-8"), "s.csv")
        assert [r["id"] for r in raters] == ["甲"]


def test_cli_evaluate_raters_csv_with_levels_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.csv").write_bytes(GOOD.encode("gb18030"))
    (tmp_path / "l.json").write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 4)}))
    assert (
        main(
            ["evaluate", "--raters", str(tmp_path / "s.csv"), "--levels", str(tmp_path / "l.json"), "--format", "json"]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    expected = evaluate(evaluation_from_obj(document(read_rater_sheets(GOOD.encode(), "x"), 116)))
    assert out["service"]["score"] == f"{expected.service.score:.2f}"
    assert out["certification"]["stars"] == expected.certification.stars


# --- batch --------------------------------------------------------------------------------------------------


def batch_files(tmp_path: Path, sheet_rows: list[list[str]], level_rows: list[list[str]]) -> tuple[Path, Path]:
    sheets, levels = tmp_path / "sheets.csv", tmp_path / "levels.csv"
    sheets.write_text(sheet(sheet_rows, ["organization", "rater", *ITEM_IDS]), encoding="utf-8")
    levels.write_text(sheet(level_rows, ["organization", *CLAUSE_IDS, "conformity_passed"]), encoding="utf-8")
    return sheets, levels


def test_batch_grades_each_organization_like_evaluate(tmp_path: Path) -> None:
    sheet_rows = [
        ["A", "R1", *["0.95"] * 19],
        ["A", "R2", *["0.9"] * 19],
        ["B", "R1", *["0.85"] * 19],
        ["C", "R1", *["0,9"] * 19],
        ["D", "R1", *["1"] * 19],
    ]
    level_rows = [
        ["A", *["4"] * 21, "1"],
        ["C", *["4"] * 21, "1"],
        ["B", *["3"] * 21, "是"],
        ["D", *["5"] * 21, "否"],
        ["E", *["5"] * 21, "1"],
    ]
    sheets, levels = batch_files(tmp_path, sheet_rows, level_rows)
    with sheets.open("rb") as s, levels.open(newline="") as lv:
        results = {r.organization: r for r in grade_batch(s, lv, "final")}
    a = evaluate(
        evaluation_from_obj(
            document([{"alpha": dict.fromkeys(ITEM_IDS, "0.95")}, {"alpha": dict.fromkeys(ITEM_IDS, "0.9")}], 116)
        )
    )
    assert (results["A"].service_score, results["A"].stars) == (f"{a.service.score:.2f}", a.certification.stars)
    assert (results["B"].management_total, results["B"].stars) == ("87", 3)  # B's levels row came late: matched
    assert results["C"].refused is not None and 'column "1.1": "0,9"' in results["C"].refused.en
    assert (results["D"].conformity_passed, results["D"].stars) == (False, 0)
    assert results["E"].refused is not None and "no rater sheets" in results["E"].refused.en
    assert "没有该组织的测评人表格" in results["E"].refused.zh
    assert list(results) == ["A", "B", "C", "D", "E"]


def test_batch_cli_jsonl_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheets, levels = batch_files(
        tmp_path,
        [["A", "R1", *["0.95"] * 19], ["B", "R1", *["2"] * 19]],
        [["A", *["4"] * 21, "1"], ["B", *["4"] * 21, "1"]],
    )
    argv = ["batch", "--raters", str(sheets), "--levels", str(levels), "--format", "jsonl"]
    assert main([*argv, "--lang", "en"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [(r["organization"], r["status"], r["stars"]) for r in rows] == [("A", "graded", 5), ("B", "refused", None)]
    assert "2 organizations (2 rater sheets): 1 with a result, 1 refused" in captured.err
    assert "B: " in captured.err and "2 is outside [0, 1]" in captured.err
    # In Chinese (the default), the summary, the listed refusals and the reason column alike.
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "共 2 个组织（2 份测评人表格）：1 个得出结果，1 个被拒绝" in captured.err
    assert "B：" in captured.err and "2 超出范围 [0, 1]" in captured.err
    assert "2 超出范围 [0, 1]" in json.loads(captured.out.splitlines()[1])["reason"]


def test_batch_csv_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheets, levels = batch_files(tmp_path, [["A", "R1", *["0.95"] * 19]], [["A", *["4"] * 21, "1"]])
    out = tmp_path / "out.csv"
    assert main(["batch", "--raters", str(sheets), "--levels", str(levels), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0] | {"reason": ""} == {
        "organization": "A",
        "status": "graded",
        "raters": "1",
        "service_score": "95.00",
        "management_total": "116",
        "management_grade": "5",
        "conformity_passed": "true",
        "profile": "final",
        "stars": "5",
        "reason": "",
    }


def test_parallel_batch_gives_the_same_rows_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    sheet_rows, level_rows = [], []
    for org in range(60):
        for rater_number in range(rng.randint(1, 4)):
            sheet_rows.append([f"O{org}", f"R{rater_number}", *(f"0.{rng.randint(50, 99)}" for _ in ITEM_IDS)])
        if org % 13 == 5:
            sheet_rows[-1][5] = "0,7"  # a refused organization among the graded ones
        level_rows.append([f"O{org}", *(str(rng.randint(1, 5)) for _ in CLAUSE_IDS), "1"])
    sheets, levels = batch_files(tmp_path, sheet_rows, level_rows)
    monkeypatch.setattr(batch, "BLOCK_BYTES", 300)  # many blocks in flight, organisations cut in two

    def run(jobs: int) -> list[batch.BatchResult]:
        with sheets.open("rb") as s, levels.open(newline="") as lv:
            return list(grade_batch(s, lv, "table", jobs=jobs))

    serial = run(1)
    assert len(serial) == 60
    assert sum(r.refused is not None for r in serial) == 5
    assert run(2) == serial


def test_the_codecs_tried_are_imported_by_name() -> None:
    """The calculator ships only the standard-library files that the package imports (build_tools/pyodide/,
    traces the import statements): a codec that decode() only looks up by name would be missing in the browser."""
    tree = ast.parse(inspect.getsource(sheets))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    for encoding in sheets.ENCODINGS:
        assert f"encodings.{codecs.lookup(encoding).name.replace('-', '_')}" in imported, encoding


@pytest.mark.parametrize(
    "data",
    [
        b"",
        sheet([]).encode(),
        sheet([["R1", *["0.9"] * 19]], ["rater", *ITEM_IDS[:-1]]).encode(),  # no column 7
        sheet([["R1", *["0.9"] * 19]], ["rater", *ITEM_IDS[:-1], "7", "7"]).encode(),
        sheet([["R1", *["0.9"] * 19]], ["rater", "rater", *ITEM_IDS]).encode(),
        sheet([["R1", *["0.9"] * 19]], ["rater", "名字", *ITEM_IDS]).encode(),
        sheet([["R1", *["0.9"] * 18]]).encode(),
        GOOD.replace("R1,0.9,", "R1,0,9,", 1).encode(),
        b"\xff\xfe\x00\x81\x30\x81",
    ],
    ids=["empty", "no rows", "missing", "twice", "two raters", "unknown", "short", "comma", "bytes"],
)
def test_sheet_errors_are_worded_in_chinese_too(data: bytes) -> None:
    """The calculator shows an import error in the page's language: every refusal has its Chinese wording."""
    with pytest.raises((DocumentSyntaxError, ValidationError)) as caught:
        read_rater_sheets(data, "s.csv")
    assert caught.value.problem_zh != caught.value.problem
    assert any("\u4e00" <= c <= "\u9fff" for c in caught.value.problem_zh)


def test_batch_progress_on_a_terminal_speaks_the_language_asked_for() -> None:
    said: tuple[tuple[Lang, str], ...] = (
        ("zh", "已读 12,345 份测评人表格，3 个组织……"),
        ("en", "12,345 rater sheets, 3 organizations…"),
    )
    for lang, shown in said:
        stream = io.StringIO()
        progress = Progress(stream, lang)
        progress.update(12345, 3)
        progress.done()
        assert stream.getvalue() == f"\r{shown}\r\033[K"
