"""The calculator's Python entry points (``scoring.browser``): JSON in, JSON out, every field error at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import evaluate, evaluation_from_obj
from scoring.browser import (
    diagnose_document,
    diff_documents,
    evaluate_document,
    export_csv,
    export_diff_csv,
    form_model,
    import_sheets,
    open_document,
    report,
)
from scoring.cli import main
from scoring.report import render_report, verify_report
from scoring.rules import load_rules
from tests.builders import document, rater

RULES = load_rules()


def test_the_form_model_comes_from_the_rules() -> None:
    model = json.loads(form_model())
    assert [i["id"] for i in model["items"]] == [i.id for i in RULES.service.items]
    assert [c["weight"] for c in model["clauses"]] == [c.weight for c in RULES.management.clauses]
    assert model["items"][1] | {"href": None} == {
        "id": "1.2",
        "characteristic": "1",
        "zh": "设备设施",
        "en": "Equipment and facilities",
        "max_points": 7,
        "href": None,
    }
    assert model["items"][1]["href"] == "spec/appendix-1/#a1-1-2"
    assert model["clauses"][15]["a4_href"] == "spec/appendix-4/#a4-5-3"  # 5.2 应急准备及响应 is appendix 4's 5.3
    assert [b["pick"] for b in model["bands"]] == ["0.2", "0.4", "0.6", "0.8", "1"]
    assert model["default_profile"] == "final"


def test_every_bad_field_is_reported_with_its_path_in_both_languages() -> None:
    alphas = {i.id: "0.9" for i in RULES.service.items} | {"1.2": "1.5", "3.1": "0,8", "7": ""}
    doc = document([rater(alphas)], levels={c.id: 3 for c in RULES.management.clauses} | {"4.1": 6})
    out = json.loads(evaluate_document(json.dumps(doc)))
    assert out["ok"] is False
    assert out["errors"] == [
        {"path": 'service.raters[0].alpha["1.2"]', "en": "1.5 is outside [0, 1]", "zh": "1.5 超出范围 [0, 1]"},
        {
            "path": 'service.raters[0].alpha["3.1"]',
            "en": '"0,8" is not a decimal number: use a decimal point, not a comma',
            "zh": "“0,8”不是小数：请用小数点，不要用逗号",
        },
        {
            "path": 'service.raters[0].alpha["7"]',
            "en": "empty: enter a decimal number from 0 to 1",
            "zh": "未填写：请输入 0 至 1 之间的小数",
        },
        {
            "path": 'management.levels["4.1"]',
            "en": "6 is not a maturity level (an integer from 1 to 5)",
            "zh": "6 不是成熟度水平（1 至 5 的整数）",
        },
    ]


def test_a_good_document_is_graded_like_the_cli() -> None:
    out = json.loads(evaluate_document(json.dumps(document([rater("0.95")], 95))))
    assert out["ok"] is True
    assert (out["result"]["service"]["score"], out["result"]["certification"]["stars"]) == ("95.00", 5)


def test_structural_errors_and_malformed_json() -> None:
    assert json.loads(evaluate_document("{"))["errors"][0]["path"] == ""
    out = json.loads(evaluate_document(json.dumps(document([]))))
    assert out["errors"][0]["path"] == "service.raters"


def test_open_a_vector_or_a_file() -> None:
    opened = json.loads(open_document(json.dumps(document([rater("0.80", "甲")])), "json"))
    assert opened["ok"] is True
    assert opened["document"]["service"]["raters"][0] == {
        "id": "甲",
        "alpha": dict.fromkeys(opened["document"]["service"]["raters"][0]["alpha"], "0.8"),
    }
    again = json.loads(open_document(opened["vector"], "vector"))
    assert again["document"] == opened["document"]
    assert json.loads(open_document("TBSC55-2026:B0/nonsense", "vector"))["errors"][0]["path"] == "vector"


def test_import_sheets_gives_form_raters_or_the_row_and_column() -> None:
    text = "rater," + ",".join(i.id for i in RULES.service.items) + "\nR1," + ",".join(["0.9"] * 19) + "\n"
    ok = json.loads(import_sheets(text.encode("gb18030"), "a.csv"))
    assert ok["raters"] == [{"id": "R1", "alpha": {i.id: "0.9" for i in RULES.service.items}}]
    bad = json.loads(import_sheets(text.replace("R1,0.9", 'R1,"0,9"').encode(), "a.csv"))
    assert bad["errors"][0]["path"] == 'a.csv: row 2, column "1.1"'


def test_report_from_the_browser_is_the_cli_report() -> None:
    doc = document([rater("0.95")], 95)
    out = json.loads(report(json.dumps(doc), "en", "2026-11-26"))
    assert out["html"] == render_report(evaluate(evaluation_from_obj(doc)), "en", "2026-11-26")
    assert verify_report(out["html"]).ok


# --- issue 13: compare, diagnostics, spreadsheet export (for the calculator, after its rebuild) -----------------


def test_diff_documents_is_the_clis_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = document([rater("0.9", "甲"), rater("0.7", "乙")], 116), document([rater("0.95")], 110, profile="table")
    out = json.loads(diff_documents(json.dumps(a), json.dumps(b)))
    assert out["ok"] is True
    paths = tmp_path / "a.json", tmp_path / "b.json"
    for path, doc in zip(paths, (a, b), strict=True):
        path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["diff", *map(str, paths), "--format", "json"]) == 0
    assert out["diff"] == json.loads(capsys.readouterr().out)
    assert out["diff"]["profile"]["differs"] is True


def test_diff_documents_names_the_side_of_each_error() -> None:
    bad = document([rater({i.id: "0.9" for i in RULES.service.items} | {"1.2": "1.5"})])
    out = json.loads(diff_documents(json.dumps(bad), "{"))
    assert out["ok"] is False
    assert [(e["side"], e["path"]) for e in out["errors"]] == [("a", 'service.raters[0].alpha["1.2"]'), ("b", "")]
    assert json.loads(export_diff_csv("{", json.dumps(bad), "en"))["errors"][1]["side"] == "b"


def test_export_csv_is_the_clis_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = document([rater("0.9", "=cmd")], 116, organization="示例组织")
    path = tmp_path / "e.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for lang in ("zh", "en"):
        out = json.loads(export_csv(json.dumps(doc), lang))
        assert main(["evaluate", str(path), "--format", "csv", "--lang", lang]) == 0
        assert out["csv"] == capsys.readouterr().out
        assert out["csv"].startswith("\ufeff") and "'=cmd" in out["csv"]
    assert main(["diff", str(path), str(path), "--format", "csv"]) == 0
    assert json.loads(export_diff_csv(json.dumps(doc), json.dumps(doc), "zh"))["csv"] == capsys.readouterr().out
    assert json.loads(export_csv("{", "zh"))["errors"][0]["path"] == ""


def test_diagnose_document_is_the_clis_diagnostics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = document([rater("0.9"), rater("0.3")])
    path = tmp_path / "e.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = json.loads(diagnose_document(json.dumps(doc)))
    assert main(["evaluate", str(path), "--format", "json"]) == 0
    assert out["diagnostics"] == json.loads(capsys.readouterr().out)["diagnostics"]
    assert out["diagnostics"]["flagged_raters"] == [1, 2]
    assert json.loads(diagnose_document(json.dumps(document([]))))["errors"][0]["path"] == "service.raters"
