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
    open_file,
    report,
)
from scoring.cli import main
from scoring.limits import MAX_REPORT_BYTES
from scoring.report import render_report, verify_report
from scoring.rules import load_rules
from tests.builders import document, observed, rater

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


def test_a_file_with_observations_opens_with_them_in_the_calculator() -> None:
    """Issue 23: the page's form keeps observations and the record; a document (or a report) holding them opens
    with them in ``document``, as the canonical form writes them."""
    doc = observed(document([rater("0.80", "甲")]))
    for opened in (
        json.loads(open_file(json.dumps(doc).encode())),
        json.loads(open_file(render_report(evaluate(evaluation_from_obj(doc)), "en", "2026-12-07").encode())),
    ):
        assert opened["ok"] is True, opened["errors"]
        assert opened["document"]["record"] == doc["record"]
        assert opened["document"]["management"]["observations"] == doc["management"]["observations"]
        assert opened["document"]["service"]["raters"][0]["observations"] == doc["service"]["raters"][0]["observations"]
        assert "note" not in opened["vector"]  # the compact string carries the grading inputs only


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


# --- issue 10: what the page takes from the engine instead of writing it again --------------------------------


def test_the_form_model_names_results_levels_and_field_paths() -> None:
    model = json.loads(form_model())
    assert [(s["stars"], s["zh"], s["en"]) for s in model["stars"]] == [
        (0, "不予认证", "not certified"),
        (3, "三星级", "3 stars"),
        (4, "四星级", "4 stars"),
        (5, "五星级", "5 stars"),
    ]
    assert [g["grade"] for g in model["grades"]] == [g.grade for g in RULES.management.grades]
    levels = {n["level"]: n for n in model["level_names"]}
    assert (levels[1]["zh"], levels[1]["model_zh"], levels[5]["model_en"]) == ("一级", "基本水平", "best practice")
    assert levels[3]["model_zh"] == levels[3]["model_en"] == ""
    assert model["item_ids"] == {"zh": "1.1 … 6.3、7", "en": "1.1 … 6.3, 7"}
    path = model["paths"]["alpha"].format(rater=2, item="1.2")
    assert path == 'service.raters[2].alpha["1.2"]'
    assert model["paths"]["level"].format(clause="4.1") == 'management.levels["4.1"]'
    assert [b["interval"] for b in model["bands"]][:2] == ["0 ≤ α ≤ 0.2", "0.2 < α ≤ 0.4"]
    assert model["links"]["level_model"] == "spec/chapter-5/#clause-5-2-5"
    final = model["profiles"][0]
    assert final["summary"]["en"].startswith("3 stars: service score ≥ 80 and management grade 2 or above; 4 stars")
    assert final["summary"]["zh"].startswith("三星级：服务特性测评得分 ≥ 80，且管理要求分级为二级及以上；")


def test_the_paths_of_the_form_model_are_the_paths_of_the_errors() -> None:
    model = json.loads(form_model())
    alphas = {i.id: "0.9" for i in RULES.service.items} | {"2.1": "x"}
    doc = document([rater("0.9"), rater(alphas)], levels={c.id: 3 for c in RULES.management.clauses} | {"6.2": 0})
    errors = {e["path"] for e in json.loads(evaluate_document(json.dumps(doc)))["errors"]}
    assert errors == {model["paths"]["alpha"].format(rater=1, item="2.1"), model["paths"]["level"].format(clause="6.2")}


def test_an_incomplete_document_is_graded_figure_by_figure() -> None:
    complete = document([rater("0.85"), rater("0.6")], 87)
    result = json.loads(evaluate_document(json.dumps(complete)))["result"]
    # Rater 2 has one bad α: its band is missing there, its total and the service score too; management is whole.
    doc = json.loads(json.dumps(complete))
    doc["service"]["raters"][1]["alpha"]["3.2"] = "1,0"
    partial = json.loads(evaluate_document(json.dumps(doc)))["partial"]
    assert partial["raters"][0] == {
        "bands": [i["band"] for i in result["service"]["raters"][0]["items"]],
        "score": result["service"]["raters"][0]["score"],
    }
    position = [i.id for i in RULES.service.items].index("3.2")
    assert partial["raters"][1]["bands"][position] == 0 and partial["raters"][1]["score"] is None
    assert partial["service_score"] is None and partial["stars"] is None
    assert partial["management"] == {
        "total": result["management"]["total"],
        "grade": result["management"]["grade"],
        "clauses": {c["id"]: c["points"] for c in result["management"]["clauses"]},
    }
    # Only the organization wrong: every figure, the stars included, is the result's.
    doc = json.loads(json.dumps(complete)) | {"organization": "x" * 1000}
    partial = json.loads(evaluate_document(json.dumps(doc)))["partial"]
    assert partial["service_score"] == result["service"]["score"]
    assert partial["stars"] == result["certification"]["stars"]
    # A level unset: no maturity total, no stars; the service score stays.
    doc = json.loads(json.dumps(complete))
    doc["management"]["levels"]["1.1"] = None
    partial = json.loads(evaluate_document(json.dumps(doc)))["partial"]
    assert partial["management"] is None and partial["stars"] is None
    assert partial["service_score"] == result["service"]["score"]


def test_a_sheets_error_gives_its_file_row_and_column_in_both_languages() -> None:
    text = "rater," + ",".join(i.id for i in RULES.service.items) + "\nR1," + ",".join(["0.9"] * 19) + "\n"
    bad = json.loads(import_sheets(text.replace("R1,0.9", 'R1,"0,9"').encode(), "a.csv"))["errors"][0]
    assert (bad["file"], bad["row"], bad["column"]) == ("a.csv", 2, "1.1")
    assert bad["where"] == {"zh": "a.csv：第 2 行，“1.1”列", "en": "a.csv: row 2, column “1.1”"}


def test_refusals_of_a_file_are_in_both_languages() -> None:
    for text in ('{"service": {"raters": []}}', "[]", '{"service": 1, "management": {}}', "", "{"):
        for error in json.loads(open_document(text, "json"))["errors"]:
            assert error["zh"] != error["en"], (text, error)
    for vector in ("nonsense", "TBSC55-2026:B0/P:final/R:1/M:3/C:1", "TBSC55-2026:B0/P:final/X:1"):
        for error in json.loads(open_document(vector, "vector"))["errors"]:
            assert error["zh"] != error["en"], (vector, error)


def test_a_compact_result_gives_each_raters_score_and_bands() -> None:
    doc = json.dumps(document([rater("0.85", "甲"), rater("0.3")], 87))
    full = json.loads(evaluate_document(doc))["result"]
    compact = json.loads(evaluate_document(doc, compact=True))["result"]
    assert compact["service"]["raters"] == [
        {"id": r["id"], "score": r["score"], "bands": [i["band"] for i in r["items"]]}
        for r in full["service"]["raters"]
    ]
    assert {k: v for k, v in compact.items() if k != "service"} == {k: v for k, v in full.items() if k != "service"}
    assert compact["service"] | {"raters": None} == full["service"] | {"raters": None}


# --- issue 20 (8): a report opened in the calculator is verified as `verify` verifies it -------------------------


def _report(lang: str = "zh") -> bytes:
    doc = document([rater("0.95", "甲"), rater("0.9")], 95, organization="示例组织")
    return render_report(evaluate(evaluation_from_obj(doc)), "en" if lang == "en" else "zh", "2026-12-06").encode()


def _one_clean_line(error: dict[str, str]) -> None:
    for lang in ("zh", "en"):
        assert "\n" not in error[lang] and 0 < len(error[lang]) <= 300, error
    assert error["zh"] != error["en"]
    assert not any("a" <= ch <= "z" for ch in error["zh"].replace("JSON", "").replace("HTML", "")), error


def test_a_report_opened_is_verified_and_its_evaluation_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for lang in ("zh", "en"):
        html = _report(lang)
        opened = json.loads(open_file(html))
        assert opened["ok"] is True
        assert opened["document"]["organization"] == "示例组织"
        assert opened["document"] == json.loads(open_document(opened["canonical_json"], "json"))["document"]
        path = tmp_path / f"{lang}.html"
        path.write_bytes(html)
        for said in ("zh", "en"):  # the verdict is `verify`'s, word for word, in each language
            assert main(["verify", str(path), "--lang", said]) == 0
            out = capsys.readouterr().out
            assert opened["report"][said] == out.removeprefix(f"{path}{'：' if said == 'zh' else ': '}").rstrip("\n")
        assert opened["report"]["verified"] is True
        assert opened["report"]["zh"].startswith("已复核，与本程序由其评价生成的报告完全一致")


def test_a_changed_byte_fails_naming_where_in_both_languages() -> None:
    html = _report()
    at = html.index(b'id="tbsc55-score">') + len(b'id="tbsc55-score">')
    digit = b"1" if html[at : at + 1] != b"1" else b"2"
    forged = html[:at] + digit + html[at + 1 :]
    line = html[:at].count(b"\n") + 1
    opened = json.loads(open_file(forged))
    assert opened["ok"] is True  # its embedded evaluation is opened; the verdict says the file is not its report
    verdict = opened["report"]
    assert verdict["verified"] is False
    assert verdict["zh"].startswith(f"报告不一致：第 {line} 行第 ") and f"文件中是“{digit.decode()}" in verdict["zh"]
    assert (
        verdict["en"].startswith(f"does not match: line {line}, column ")
        and f'the file has "{digit.decode()}' in verdict["en"]
    )
    # The evaluation embedded, tampered with (an α changed): graded as it now is, and the visible figures differ.
    tampered = html.replace(b'"alpha":{"1.1":"0.95"', b'"alpha":{"1.1":"0.5"', 1)
    assert tampered != html
    opened = json.loads(open_file(tampered))
    assert opened["report"]["verified"] is False
    assert opened["document"]["service"]["raters"][0]["alpha"]["1.1"] == "0.5"
    assert opened["report"]["en"].startswith("does not match: line ")


def test_what_is_not_a_report_is_refused_in_one_clean_line_in_both_languages() -> None:
    html = _report()
    cases = {
        "an HTML page": b"<!doctype html><html><body><p>hello</p></body></html>",
        "garbage bytes": bytes(range(256)) * 4,
        "a report cut short": html[: len(html) // 2],
        "a report cut inside its evaluation": html[: html.index(b"tbsc55-evaluation") + 200],
        "a report over the size limit": html + b" " * (MAX_REPORT_BYTES + 1 - len(html)),
        "JSON that is not": b'{"service": 1,}',
        "a report not UTF-8": html.replace(b"\xe7\xa4\xba", b"\xff", 1),
    }
    for name, data in cases.items():
        out = json.loads(open_file(data))
        assert out["ok"] is False, name
        assert len(out["errors"]) == 1, name
        _one_clean_line(out["errors"][0])
    assert "48 MB" in json.loads(open_file(cases["a report over the size limit"]))["errors"][0]["zh"]
    zh = json.loads(open_file(b"{"))["errors"][0]["zh"]
    assert zh == "JSON 格式错误，第 1 行第 2 列：此处应有用双引号括起的键名"
