"""The site's rater agreement diagnostics (issue 13, point 3): editorial, not grading; exact; linear in the raters."""

from __future__ import annotations

import copy
import json
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import evaluate, evaluation_from_obj, result_to_obj
from scoring.cli import main
from scoring.diagnostics import (
    MAX_BANDS_SPANNED,
    RATER_DIFFERENCE_POINTS,
    AgreementJson,
    Diagnostics,
    diagnose,
    diagnostics_to_obj,
    rater_agreement_to_obj,
    rounded_sqrt,
    standard_deviation,
)
from scoring.report import render_report, verify_report
from scoring.schema import result_schema
from tests.builders import ITEM_IDS, document, rater, rater_scoring
from tests.strategies import documents, raters


def diagnostics_of(doc: dict[str, Any]) -> Diagnostics:
    result = evaluate(evaluation_from_obj(doc))
    return diagnose(result.service, result.rules.service)


def with_item(alpha: str, item: str, other: str = "0.9") -> dict[str, Any]:
    return rater(dict.fromkeys(ITEM_IDS, other) | {item: alpha})


# --- the standard deviation: exact, then one correct rounding -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "root"),
    [
        (Fraction(2), 4, "1.4142"),  # √2 = 1.41421356…
        (Fraction(1, 10_000), 4, "0.0100"),
        (Fraction(0), 4, "0.0000"),
        (Fraction(25, 10**10), 4, "0.0000"),  # √ = 0.00005 exactly: a tie, to the even 0.0000
        (Fraction(225, 10**10), 4, "0.0002"),  # √ = 0.00015 exactly: a tie, to the even 0.0002
        (Fraction(226, 10**10), 4, "0.0002"),  # just above the tie
        (Fraction(224, 10**10), 4, "0.0001"),  # just below it
    ],
)
def test_the_square_root_is_correctly_rounded_half_to_even(value: Fraction, places: int, root: str) -> None:
    assert str(rounded_sqrt(value, places)) == root


@given(st.fractions(min_value=0, max_value=10, max_denominator=10**12))
def test_the_square_root_agrees_with_a_60_digit_decimal_root(value: Fraction) -> None:
    wide = Context(prec=60)
    root = wide.sqrt(wide.divide(Decimal(value.numerator), Decimal(value.denominator)))
    if abs(root.scaleb(4) % 1 - Decimal("0.5")) > Decimal("1e-40"):  # away from a tie, 60 digits decide it
        assert rounded_sqrt(value, 4) == root.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


def test_the_standard_deviation_is_that_of_the_population() -> None:
    # α 0.6, 0.8, 1: mean 0.8, variance (0.04 + 0 + 0.04) ÷ 3 = 0.02666…, √ = 0.163299…
    assert standard_deviation([Decimal("0.6"), Decimal("0.8"), Decimal("1")]) == Decimal("0.1633")
    assert standard_deviation([Decimal("0.75")] * 4) == 0


# --- items: range, bands, the flag ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alphas", "bands", "flagged"),
    [
        (["0.5", "0.7"], (3, 4), False),  # 5.1.1 2) ③ and ④: neighbours
        (["0.3", "0.7"], (2, 4), True),  # ② and ④: three bands from the lowest to the highest
        (["0.2", "0.4"], (1, 2), False),  # 0.2 is the top of ①, 0.4 of ② (each band holds its upper limit)
        (["0.2", "0.41"], (1, 3), True),
        (["0.61", "0.8", "1"], (4, 5), False),
    ],
)
def test_an_item_is_flagged_when_its_ratings_span_more_than_two_likert_bands(
    alphas: list[str], bands: tuple[int, ...], flagged: bool
) -> None:
    assert MAX_BANDS_SPANNED == 2
    item = diagnostics_of(document([with_item(a, "3.2") for a in alphas])).items[ITEM_IDS.index("3.2")]
    assert (item.bands, item.flagged) == (bands, flagged)
    assert item.range == Decimal(max(alphas, key=Decimal)) - Decimal(min(alphas, key=Decimal))


# --- raters: against the mean of the others ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "flagged"),
    [
        (["90", "70"], [False, False]),  # exactly 20 apart: not more than the threshold
        (["90", "69.99"], [True, True]),
        (["90", "90", "90", "50"], [False, False, False, True]),  # 90 − 63.33… = 26.66…; 50 − 90 = −40
        (["90", "80", "70"], [False, False, False]),  # 90 − 75 = 15
    ],
)
def test_a_rater_is_flagged_beyond_twenty_points_from_the_mean_of_the_others(
    scores: list[str], flagged: list[bool]
) -> None:
    assert Decimal(20) == RATER_DIFFERENCE_POINTS
    found = diagnostics_of(document([rater_scoring(s) for s in scores])).raters
    assert [r.flagged for r in found] == flagged
    for rater_found, score in zip(found, scores, strict=True):
        others = [Fraction(Decimal(s)) for s in scores]
        others.remove(Fraction(Decimal(score)))
        assert rater_found.others_mean == sum(others) / len(others)
        assert rater_found.difference == Fraction(Decimal(score)) - sum(others) / len(others)


@given(documents())
def test_the_mean_of_the_others_is_the_mean_of_the_other_raters(doc: dict[str, Any]) -> None:
    result = evaluate(evaluation_from_obj(doc))
    found = diagnose(result.service, result.rules.service)
    scores = [Fraction(r.score) for r in result.service.raters]
    for index, agreement in enumerate(found.raters):
        others = scores[:index] + scores[index + 1 :]
        assert agreement.others_mean == sum(others) / len(others)
        assert agreement.flagged == (abs(scores[index] - agreement.others_mean) > RATER_DIFFERENCE_POINTS)


@given(raters(), st.integers(2, 6))
def test_identical_raters_flag_nothing(one: dict[str, Any], count: int) -> None:
    found = diagnostics_of(document([{"alpha": copy.deepcopy(one["alpha"])} for _ in range(count)]))  # ids unique
    assert found.comparable and not found.flagged_items and not found.flagged_raters
    assert all(i.range == 0 and i.standard_deviation == 0 and len(i.bands) == 1 for i in found.items)
    assert all(r.difference == 0 for r in found.raters)


@given(documents())
def test_the_diagnostics_leave_the_graded_result_unchanged(doc: dict[str, Any]) -> None:
    result = evaluate(evaluation_from_obj(doc))
    before = result_to_obj(result)
    diagnose(result.service, result.rules.service)
    assert result_to_obj(result) == before


# --- one rater: nothing to compare ------------------------------------------------------------------------------------


def test_with_one_rater_there_is_nothing_to_compare() -> None:
    found = diagnostics_of(document([rater("0.9")]))
    assert (found.comparable, found.items, found.raters) == (False, (), ())
    obj = diagnostics_to_obj(found)
    assert obj["comparable"] is False and obj["items"] == [] and obj["raters"] == []
    assert "没有可比较的内容" in obj["zh"] and "nothing to compare" in obj["en"]


# --- where they are shown: text, JSON, report ---------------------------------------------------------------------


@pytest.fixture
def careless(tmp_path: Path) -> Path:
    """Three raters; the third gave 0.3 everywhere, the others 0.9: items ② to ⑤ apart, the third far below."""
    doc = document([rater("0.9", "甲"), rater("0.9", "乙"), rater("0.3", "丙")])
    path = tmp_path / "e.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_text_output_labels_them_as_the_sites_in_both_languages(
    careless: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(careless)]) == 0
    zh = capsys.readouterr().out
    assert "测评人一致性诊断（本站的诊断，不属于评分）" in zh and "阈值是本站的选择，不是规范的规定" in zh
    assert "⚑ 测评人 3 · 丙：得分 30.00，其他测评人均值 90，相差 −60" in zh
    assert main(["evaluate", str(careless), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Rater agreement (the site's diagnostics, not part of the scoring)" in en
    assert "⚑ Rater 3 · 丙: score 30.00, mean of the other raters 90, difference −60" in en
    assert "more than 2 Likert bands" in en and "rounded to 4 decimals (half to even)" in en


def test_the_json_has_them_as_a_separate_member(careless: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(careless), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, result_schema())
    graded = result_to_obj(evaluate(evaluation_from_obj(json.loads(careless.read_text(encoding="utf-8")))))
    assert {k: v for k, v in out.items() if k != "diagnostics"} == graded  # the graded result is unchanged
    diagnostics = out["diagnostics"]
    assert diagnostics["editorial"] is True
    assert diagnostics["thresholds"] == {"bands_spanned": 2, "rater_difference": "20"}
    assert diagnostics["items"][0] == {
        "id": "1.1",
        "min_alpha": "0.3",
        "max_alpha": "0.9",
        "range": "0.6",
        "standard_deviation": "0.2828",  # √(0.08) = 0.28284…
        "bands": [2, 5],
        "bands_spanned": 4,
        "flagged": True,
    }
    assert diagnostics["raters"][2] == {
        "number": 3,
        "id": "丙",
        "score": "30.00",
        "others_mean": "90",
        "difference": "-60",
        "flagged": True,
    }
    assert diagnostics["flagged_raters"] == [1, 2, 3]  # 甲 and 乙 are 30 above the others' mean of 60 too
    assert diagnostics["flagged_items"] == ITEM_IDS


def test_the_one_rater_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(document([rater("0.9")])), encoding="utf-8")
    assert main(["evaluate", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, result_schema())
    assert out["diagnostics"]["comparable"] is False
    assert main(["evaluate", str(path), "--lang", "en"]) == 0
    assert "There is only one rater: there is nothing to compare." in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_shows_them_and_still_verifies(careless: Path, lang: str) -> None:
    result = evaluate(evaluation_from_obj(json.loads(careless.read_text(encoding="utf-8"))))
    html = render_report(result, "en" if lang == "en" else "zh", "2026-11-30")
    assert verify_report(html).ok
    assert '<section class="editorial">' in html and html.count('<tr class="flagged">') == len(ITEM_IDS)
    label = "本站的诊断，不属于评分" if lang == "zh" else "the site&#x27;s diagnostics, not part of the scoring"
    assert label in html
    assert ("相差 −60" if lang == "zh" else "difference −60") in html


@given(documents())
def test_the_fast_json_of_each_rater_is_the_plain_json(doc: dict[str, Any]) -> None:
    writer = AgreementJson()
    for agreement in diagnostics_of(doc).raters:
        assert json.loads(writer(agreement)) == rater_agreement_to_obj(agreement)


def test_the_text_lists_twenty_flagged_raters_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """25 raters at 0.9 and 25 at 0.3: everyone is about 30 points from the mean of the others, all 50 flagged."""
    path = tmp_path / "e.json"
    path.write_text(json.dumps(document([rater("0.9")] * 25 + [rater("0.3")] * 25)), encoding="utf-8")
    assert main(["evaluate", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "by more than 20 points: 50" in out
    assert out.count("    ⚑ Rater ") == 20 and "… and 30 more" in out
    assert main(["evaluate", str(path), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["diagnostics"]["flagged_raters"]) == 50  # the JSON lists all
