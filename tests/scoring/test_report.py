"""The printable report: self-contained, escaped, carrying what is needed to re-verify it; and ``verify``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from scoring import EvaluationResult, evaluate, evaluation_from_obj, to_vector
from scoring.charts import levels_chart, radar_chart
from scoring.cli import main
from scoring.errors import DocumentSyntaxError
from scoring.report import render_report, sha256_of, verify_report
from scoring.rules import Lang
from tests.builders import document, rater, rater_scoring

HOSTILE = '<script>alert("x")</script> & Co.'


@pytest.fixture(scope="module")
def result() -> EvaluationResult:
    doc = document([rater_scoring("91", "R1"), rater("0.9", HOSTILE)], 104, organization=HOSTILE)
    return evaluate(evaluation_from_obj(doc))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_is_self_contained_and_escapes_user_text(result: EvaluationResult, lang: Lang) -> None:
    html = render_report(result, lang, "2026-11-26")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co." in html
    # Nothing is fetched: no src/href to another host, no link or external script elements.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html
    assert sha256_of(result) in html
    assert to_vector(result.evaluation) in html.replace("&amp;", "&")


def test_report_shows_the_result_in_the_chosen_language(result: EvaluationResult) -> None:
    zh = render_report(result, "zh", "2026-11-26")
    en = render_report(result, "en", "2026-11-26")
    assert result.certification.stars == 4  # 90.50 and grade 4 under `final`
    assert 'id="tbsc55-stars">四星级<' in zh and 'id="tbsc55-stars">4 stars<' in en
    assert 'lang="zh-CN"' in zh and 'lang="en"' in en
    assert "Evaluation report" in en and "评价结果报告" in zh


def test_a_fresh_report_verifies(result: EvaluationResult) -> None:
    verification = verify_report(render_report(result, "en", "2026-11-26"))
    assert verification.ok, verification.problems


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda h: h.replace('"1.1":"0.91"', '"1.1":"0.99"', 1), "SHA-256 does not match"),
        (lambda h: re.sub(r'id="tbsc55-score">[0-9.]+<', 'id="tbsc55-score">99.00<', h), "#tbsc55-score"),
        (lambda h: re.sub(r'"stars":[0-9]', '"stars":5', h), "stars: the report states 5"),
        (lambda h: re.sub(r'id="tbsc55-sha256">[0-9a-f]+', 'id="tbsc55-sha256">00', h), "SHA-256 does not match"),
    ],
    ids=["evaluation edited", "visible score edited", "stated stars edited", "hash edited"],
)
def test_an_edited_report_does_not_verify(result: EvaluationResult, edit: Callable[[str], str], problem: str) -> None:
    html = render_report(result, "en", "2026-11-26")
    edited = edit(html)
    assert edited != html
    verification = verify_report(edited)
    assert not verification.ok
    assert any(problem in p for p in verification.problems), verification.problems


def test_verify_refuses_what_is_not_a_report() -> None:
    with pytest.raises(DocumentSyntaxError, match="not a report of this tool"):
        verify_report("<html><body>hello</body></html>")


def test_charts(result: EvaluationResult) -> None:
    radar = radar_chart(result, "en")
    shape = re.findall(r'<polygon points="([^"]+)" fill="rgba', radar)[0]
    assert len(shape.split()) == 7  # six characteristics and 服务规范
    assert "Functionality" in radar
    bars = levels_chart(result, "zh")
    assert bars.count("<rect") == 21 + 2  # 21 clauses and the legend
    assert "1.1 理解组织及其所处的环境: " in bars


def test_cli_report_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "e.json"
    source.write_text(json.dumps(document([rater_scoring("95")], 95)), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(source), "--lang", "en", "--out", str(out), "--date", "2026-01-08"]) == 0
    assert "2026-01-08" in out.read_text(encoding="utf-8")
    assert main(["verify", str(out)]) == 0
    assert "verified" in capsys.readouterr().out
    out.write_text(out.read_text(encoding="utf-8").replace('id="tbsc55-total">95<', 'id="tbsc55-total">96<'))
    assert main(["verify", str(out)]) == 1
    assert "#tbsc55-total: the report shows '96'" in capsys.readouterr().err
    (tmp_path / "x.html").write_text("<p>no</p>")
    assert main(["verify", str(tmp_path / "x.html")]) == 2
