"""``diff A B`` (issue 13, point 1): what differs between two evaluations and what it changes, B − A, exact."""

from __future__ import annotations

import copy
import io
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import evaluate, evaluation_from_obj, to_vector
from scoring.cli import main
from scoring.diff import compare, comparison_to_obj
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES, document, rater, rater_scoring
from tests.strategies import documents

WEIGHTS = {c.id: c.weight for c in RULES.management.clauses}


def diff_obj(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return comparison_to_obj(compare(evaluate(evaluation_from_obj(a)), evaluate(evaluation_from_obj(b))))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def before_after(tmp_path: Path) -> tuple[Path, Path]:
    """An applicant's estimate (A) and a year later (B): item 7 and two clauses improved, conformity as before."""
    a = document([rater_scoring("90", "R1"), rater_scoring("80", "R2")], organization="示例组织")  # every level 4
    b = copy.deepcopy(a)
    b["service"]["raters"][1]["alpha"]["7"] = "1"  # 8 points × (1 − 0.8) = 1.6 more for R2; the mean item 7 + 0.8
    b["management"]["levels"]["1.1"] += 1  # weight 5: one level is 1 point
    b["management"]["levels"]["4.1"] -= 1  # weight 10: one level is 2 points
    paths = tmp_path / "a.json", tmp_path / "b.json"
    for path, doc in zip(paths, (a, b), strict=True):
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return paths


# --- the JSON output --------------------------------------------------------------------------------------------


def test_the_json_names_each_side_the_differences_and_their_causes(
    before_after: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = before_after
    code, out, err = run(capsys, "diff", str(a), str(b), "--format", "json")
    assert (code, err) == (0, "")
    obj = json.loads(out)
    assert obj["a"] == {
        "organization": "示例组织",
        "profile": "final",
        "rater_count": 2,
        "service_score": "85.00",
        "management_total": 116,
        "grade": 5,
        "conformity_passed": True,
        "stars": 3,
    }
    assert (obj["b"]["service_score"], obj["b"]["management_total"]) == ("85.80", 115)
    # 5.1.2: the mean of (90 + 81.6) ÷ 2 = 85.8; appendix 3: +1 (1.1, weight 5) − 2 (4.1, weight 10)
    assert obj["delta"] == {"service_score": "0.80", "management_total": -1, "grade": 0, "stars": 0}
    assert obj["items"] == [{"id": "7", "a": "6.8", "b": "7.6", "delta": "0.8"}]
    assert obj["clauses"] == [
        {"id": "1.1", "a": 4, "b": 5, "delta": 1, "points": 1},
        {"id": "4.1", "a": 4, "b": 3, "delta": -1, "points": -2},
    ]
    assert obj["profile"] == {"a": "final", "b": "final", "differs": False}
    assert obj["conformity"] == {"a": True, "b": True, "differs": False}
    assert obj["same"] is False


def test_a_profile_or_conformity_that_differs_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    a = document([rater("0.95")], 116)
    b = document([rater("0.95")], 116, profile="table", conformity_passed=False)
    obj = diff_obj(a, b)
    assert obj["profile"] == {"a": "final", "b": "table", "differs": True}
    assert obj["conformity"] == {"a": True, "b": False, "differs": True}
    assert (obj["a"]["stars"], obj["b"]["stars"], obj["delta"]["stars"]) == (5, 0, -5)  # 5.3: not certified
    assert (obj["items"], obj["clauses"], obj["same"]) == ([], [], False)


def test_the_service_score_difference_is_that_of_the_reported_scores() -> None:
    """5.1.2 and the rounding of the reading notes: 89.99966… is reported 90.00, and that is what differs."""
    a = document([rater_scoring("100"), rater_scoring("90"), rater_scoring("79.98")], 116)  # 89.99333… → 89.99
    b = document([rater_scoring("100"), rater_scoring("90"), rater_scoring("79.999")], 116)  # 89.99966… → 90.00
    obj = diff_obj(a, b)
    assert (obj["a"]["service_score"], obj["b"]["service_score"], obj["delta"]["service_score"]) == (
        "89.99",
        "90.00",
        "0.01",
    )
    assert (obj["a"]["stars"], obj["b"]["stars"], obj["delta"]["stars"]) == (3, 4, 1)  # 5.3 final: 4★ at ≥ 90


# --- the properties of issue 13 -----------------------------------------------------------------------------------


@given(documents())
def test_an_evaluation_compared_with_itself_differs_in_nothing(doc: dict[str, Any]) -> None:
    obj = diff_obj(doc, copy.deepcopy(doc))
    assert obj["delta"] == {"service_score": "0.00", "management_total": 0, "grade": 0, "stars": 0}
    assert (obj["items"], obj["clauses"]) == ([], [])
    assert not obj["profile"]["differs"] and not obj["conformity"]["differs"] and obj["same"]


@given(documents(), documents())
def test_every_delta_is_b_minus_a_exactly(a: dict[str, Any], b: dict[str, Any]) -> None:
    obj = diff_obj(a, b)
    delta, side_a, side_b = obj["delta"], obj["a"], obj["b"]
    assert Decimal(delta["service_score"]) == Decimal(side_b["service_score"]) - Decimal(side_a["service_score"])
    for key in ("management_total", "grade", "stars"):
        assert delta[key] == side_b[key] - side_a[key]
    for item in obj["items"]:
        assert Decimal(item["delta"]) == Decimal(item["b"]) - Decimal(item["a"])
    for clause in obj["clauses"]:
        assert clause["delta"] == clause["b"] - clause["a"] != 0
        assert clause["points"] == Fraction(WEIGHTS[clause["id"]] * clause["delta"], 5)  # appendix 3
    levels_a, levels_b = a["management"]["levels"], b["management"]["levels"]
    assert [c["id"] for c in obj["clauses"]] == [c for c in CLAUSE_IDS if levels_a[c] != levels_b[c]]
    assert side_a["management_total"] + sum(c["points"] for c in obj["clauses"]) == side_b["management_total"]


@given(documents(), documents())
def test_swapping_a_and_b_negates_every_delta(a: dict[str, Any], b: dict[str, Any]) -> None:
    forward, backward = diff_obj(a, b), diff_obj(b, a)
    assert (forward["a"], forward["b"]) == (backward["b"], backward["a"])
    assert Decimal(forward["delta"]["service_score"]) == -Decimal(backward["delta"]["service_score"])
    for key in ("management_total", "grade", "stars"):
        assert forward["delta"][key] == -backward["delta"][key]
    assert [(i["id"], i["a"], i["b"]) for i in forward["items"]] == [
        (i["id"], i["b"], i["a"]) for i in backward["items"]
    ]
    assert [Decimal(i["delta"]) for i in forward["items"]] == [-Decimal(i["delta"]) for i in backward["items"]]
    assert [(c["delta"], c["points"]) for c in forward["clauses"]] == [
        (-c["delta"], -c["points"]) for c in backward["clauses"]
    ]


@given(documents(), st.sampled_from(ITEM_IDS), st.integers(0, 10_000))
def test_changing_one_alpha_lists_that_item_alone(doc: dict[str, Any], item: str, tenths: int) -> None:
    changed = copy.deepcopy(doc)
    changed["service"]["raters"][0]["alpha"][item] = str(Decimal(tenths).scaleb(-4))
    obj = diff_obj(doc, changed)
    moved = Decimal(doc["service"]["raters"][0]["alpha"][item]) != Decimal(tenths).scaleb(-4)
    assert [i["id"] for i in obj["items"]] == ([item] if moved else [])
    assert obj["clauses"] == []


# --- the text output, both languages ------------------------------------------------------------------------------


def test_the_text_says_what_differs_in_chinese_and_english(
    before_after: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = before_after
    code, zh, _ = run(capsys, "diff", str(a), str(b))
    assert code == 0
    assert "两次评价的比较" in zh
    assert "服务特性测评得分" in zh and "+0.80" in zh and "管理成熟度总分" in zh
    assert "平均得分不同的服务指标（附录 1）" in zh and "成熟度水平不同的条款（附录 3" in zh
    lines = zh.splitlines()
    assert any(line.split()[:1] == ["4.1"] and line.rstrip().endswith("−2") for line in lines)
    code, en, _ = run(capsys, "diff", str(a), str(b), "--lang", "en")
    assert "Comparison of two evaluations" in en and "Difference B − A" in en
    assert "Clauses whose maturity level differs (appendix 3" in en and "Service score" in en


def test_the_text_of_an_evaluation_compared_with_itself(
    before_after: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = before_after
    assert run(capsys, "diff", str(a), str(a))[1].rstrip().endswith("两次评价的评分结果没有差异")
    en = run(capsys, "diff", str(a), str(a), "--lang", "en")[1]
    assert "no service item's mean score differs" in en and "no clause's maturity level differs" in en
    assert en.rstrip().endswith("the two evaluations give the same figures: nothing differs")


# --- where A and B come from ----------------------------------------------------------------------------------------


def test_a_compact_string_is_recognised_or_given_by_option(
    before_after: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = before_after
    expected = run(capsys, "diff", str(a), str(b), "--format", "json")[1]
    vector_a = to_vector(evaluation_from_obj(json.loads(a.read_text(encoding="utf-8"))))
    vector_b = to_vector(evaluation_from_obj(json.loads(b.read_text(encoding="utf-8"))))
    assert run(capsys, "diff", vector_a, str(b), "--format", "json")[1] == expected
    assert run(capsys, "diff", "--vector-a", vector_a, str(b), "--format", "json")[1] == expected  # the file is B
    assert run(capsys, "diff", str(a), "--vector-b", vector_b, "--format", "json")[1] == expected
    assert run(capsys, "diff", "--vector-b", vector_b, "--vector-a", vector_a, "--format", "json")[1] == expected


def test_rater_sheets_with_levels_and_standard_input(
    before_after: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = before_after
    doc_a = json.loads(a.read_text(encoding="utf-8"))
    sheet = tmp_path / "a.csv"
    rows = [["测评人", *ITEM_IDS]] + [[r["id"], *(r["alpha"][i] for i in ITEM_IDS)] for r in doc_a["service"]["raters"]]
    sheet.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8-sig")
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps(doc_a["management"]), encoding="utf-8")
    argv = ["diff", "--raters-a", str(sheet), "--levels-a", str(levels), str(b), "--format", "json"]
    obj = json.loads(run(capsys, *argv)[1])
    assert obj["a"]["organization"] is None  # rater sheets carry no organization
    assert obj["delta"]["service_score"] == "0.80" and len(obj["clauses"]) == 2
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b.read_bytes())))
    assert json.loads(run(capsys, "diff", str(a), "-", "--format", "json")[1])["delta"]["management_total"] == -1


def test_the_profile_option_grades_both_sides_under_it(
    before_after: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = before_after
    obj = json.loads(run(capsys, "diff", str(a), str(b), "--profile", "table", "--format", "json")[1])
    assert (obj["a"]["profile"], obj["b"]["profile"]) == ("table", "table")
    assert (obj["a"]["stars"], obj["b"]["stars"]) == (4, 4)  # 5.3 table: 4★ at ≥ 80 and grade ≥ 3
