"""The printable report: self-contained, escaped, carrying what is needed to re-verify it; and ``verify``."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring import EvaluationResult, evaluate, evaluation_from_obj, to_vector
from scoring.charts import levels_chart, radar_chart
from scoring.cli import main
from scoring.errors import DocumentSyntaxError
from scoring.limits import MAX_REPORT_BYTES
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


# Every forgery the issue lists: each must fail, naming where the file first differs from the real report.
FORGERIES: dict[str, Callable[[str], str]] = {
    "embedded evaluation edited": lambda h: h.replace('"1.1":"0.91"', '"1.1":"0.99"', 1),
    "visible score edited": lambda h: re.sub(r'id="tbsc55-score">[0-9.]+<', 'id="tbsc55-score">99.00<', h),
    "stated stars edited": lambda h: re.sub(r'"stars":[0-9]', '"stars":5', h),
    "hash edited": lambda h: re.sub(r'id="tbsc55-sha256">[0-9a-f]+', 'id="tbsc55-sha256">00', h),
    "organization edited": lambda h: h.replace("&amp; Co.</td>", "&amp; Co. Ltd</td>", 1),
    "conformity edited": lambda h: h.replace("<td>passed</td>", "<td>not passed</td>", 1),
    "date edited in the table": lambda h: h.replace("<td>2026-11-26</td>", "<td>2026-12-01</td>"),
    "an α in the table": lambda h: re.sub(r'(<td class="n">)0\.9(</td>)', r"\g<1>0.8\2", h, count=1),
    "a level in the table": lambda h: re.sub(r'(<td class="n">10</td><td class="n">)\d', r"\g<1>1", h, count=1),
    "a reason reworded": lambda h: re.sub(r"<li>[^<]*</li>", "<li>All requirements met</li>", h, count=1),
    "script injected": lambda h: h.replace("</body>", "<script>document.body.innerHTML='5 stars'</script></body>"),
    "style injected": lambda h: h.replace("</head>", "<style>#tbsc55-stars{display:none}</style></head>"),
    "HTML text injected": lambda h: h.replace("<h2>", "<p>Certified five stars.</p><h2>", 1),
    "content after </html>": lambda h: h + "<p>5 stars</p>",
    "trailing newline removed": lambda h: h.rstrip("\n"),
    "hidden duplicate placed first": lambda h: h.replace(
        "<body>", '<body><p class="result" id="tbsc55-stars" hidden>five stars</p>', 1
    ),
    "second embedded evaluation after the real one": lambda h: h.replace(
        "</body>", '<script type="application/json" id="tbsc55-evaluation">{}</script></body>'
    ),
    "duplicate key in the summary": lambda h: h.replace('"stars":', '"stars":5,"stars":', 1),
    "extra key in the summary": lambda h: h.replace('"profile":', '"x":1,"profile":', 1),
    "language switched": lambda h: h.replace('lang="en"', 'lang="zh-CN"', 1),
    "tool version changed": lambda h: h.replace("tbsc55-scoring ", "tbsc55-scoring 9", 1),
    "BOM added": lambda h: "\ufeff" + h,
    "CRLF line ends": lambda h: h.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("edit", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_report_does_not_verify(result: EvaluationResult, edit: Callable[[str], str]) -> None:
    html = render_report(result, "en", "2026-11-26")
    forged = edit(html)
    assert forged != html
    try:
        verification = verify_report(forged)
    except DocumentSyntaxError:
        return  # "not a report of this tool" (exit 2) is a refusal too
    assert not verification.ok
    first = verification.problems[0]
    assert re.match(r"line \d+, column \d+: |the beginning of the file|the report was made by", first)
    assert all("\n" not in p and len(p) <= 300 for p in verification.problems)


@settings(max_examples=60)
@given(st.data())
def test_any_one_character_edit_is_found(result: EvaluationResult, data: st.DataObject) -> None:
    """A report verifies only as the exact bytes: any deletion, insertion or change of one character fails."""
    html = render_report(result, "zh", "2026-11-26")
    at = data.draw(st.integers(min_value=0, max_value=len(html) - 1))
    kind = data.draw(st.sampled_from(["delete", "insert", "replace"]))
    char = data.draw(st.characters(codec="utf-8"))
    forged = {
        "delete": html[:at] + html[at + 1 :],
        "insert": html[:at] + char + html[at:],
        "replace": html[:at] + char + html[at + 1 :],
    }[kind]
    assume(forged != html)
    with contextlib.suppress(DocumentSyntaxError):  # refused as not a report: also a failure to verify
        assert not verify_report(forged).ok


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
    assert main(["verify", str(out), "--lang", "en"]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["verify", str(out)]) == 0  # Chinese by default, as every command
    assert f"{out}：已复核，与本程序由其评价生成的报告完全一致——CTS TBSC55-2026 B/0" in capsys.readouterr().out
    genuine = out.read_bytes()
    out.write_bytes(genuine.replace(b'id="tbsc55-total">95<', b'id="tbsc55-total">96<'))
    assert main(["verify", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not match: line " in err and 'the file has "6</td>' in err
    assert main(["verify", str(out), "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "：报告不一致：第 " in err and "文件中是“6</td>" in err, err
    out.write_bytes(genuine + b"x" * (MAX_REPORT_BYTES + 1 - len(genuine)))  # junk after a genuine report
    assert main(["verify", str(out), "--lang", "en"]) == 2
    assert "is larger than 48 MB" in capsys.readouterr().err
    assert main(["verify", str(out)]) == 2
    assert capsys.readouterr().err == f"错误：{out}：大于 48 MB：本程序不读取这样大小的输入的任何部分\n"
    (tmp_path / "x.html").write_text("<p>no</p>")
    assert main(["verify", str(tmp_path / "x.html")]) == 2
