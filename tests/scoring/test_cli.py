"""The command line: ``main(argv) -> int``; bad input → exit 2 and one line on stderr, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import __version__
from scoring.cli import main
from scoring.schema import evaluation_schema
from tests.builders import document, rater, rater_scoring


@pytest.fixture
def doc_file(tmp_path: Path) -> Path:
    path = tmp_path / "evaluation.json"
    doc = document(
        [rater_scoring("100", "R1"), rater_scoring("90", "R2"), rater_scoring("79.999", "R3")],
        116,
        organization="示例组织",
    )
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_evaluate_json_prints_the_documented_fields(doc_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(doc_file), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["service"]["score"] == "90.00"
    assert [r["score"] for r in out["service"]["raters"]] == ["100.00", "90.00", "79.999"]  # exact, at least 2 decimals
    item = out["service"]["items"][1]  # 1.2: 7 points; mean α = 2.69999 / 3 = 0.899996…, shown to 4 places
    assert (item["id"], item["max_points"], item["band"], item["mean_alpha"], item["percent"]) == (
        "1.2",
        7,
        5,
        "0.9000",
        "90.00",
    )
    assert [c["max_points"] for c in out["service"]["characteristics"]] == [17, 15, 15, 15, 15, 15, 8]
    assert (out["management"]["total"], out["management"]["grade"]) == ("116", 5)
    assert out["certification"]["summary"] == {
        "zh": "服务特性测评得分 90.00 分，低于五星级所需的 95.00 分，差 5.00 分。",
        "en": "Service score 90.00 is below the 95.00 that 5 stars need, short by 5.00.",
    }
    masked = {"reasons": None, "shortfalls": None, "next_star": None, "summary": None, "readings": None}
    assert out["certification"] | masked == {
        "profile": "final",
        "stars": 4,
        "certified": True,
        "stars_by_scores": 4,
        "next_stars": 5,
        "reasons": None,
        "next_star": None,
        "shortfalls": None,
        "summary": None,
        "readings": None,  # 90.00, grade 5: 4 stars by the text, 5 by the table (tests/scoring/test_readings.py)
    }
    assert out["scheme"] == {"id": "CTS TBSC55-2026", "version": "B/0"}
    assert out["package"]["version"] == __version__
    assert out["organization"] == "示例组织"


def test_evaluate_text_in_both_languages(doc_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(doc_file)]) == 0
    zh = capsys.readouterr().out
    assert "服务特性测评得分：90.00" in zh and "认证结果（5.3）：四星级" in zh and "管理成熟度总分：116" in zh
    assert main(["evaluate", str(doc_file), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Service score: 90.00" in en and "Certification result (5.3): 4 stars" in en


def test_profile_option_overrides_the_document(doc_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(doc_file), "--format", "json", "--profile", "table"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["certification"]["profile"], out["certification"]["stars"]) == ("table", 5)


def test_vector_then_evaluate_vector_gives_the_same_result(doc_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vector", str(doc_file)]) == 0
    vector = capsys.readouterr().out.strip()
    assert main(["evaluate", "--vector", vector, "--format", "json"]) == 0
    from_vector = capsys.readouterr().out
    assert main(["evaluate", str(doc_file), "--format", "json"]) == 0
    assert capsys.readouterr().out == from_vector


def test_stdin(doc_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(doc_file.read_bytes())))
    assert main(["validate", "-", "--lang", "en"]) == 0
    assert capsys.readouterr().out == "-: valid evaluation document (3 raters)\n"


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == evaluation_schema()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "error: the document is empty"),
        ("{", "error: malformed JSON at line 1 column 2: Expecting property name enclosed in double quotes"),
        (json.dumps(document([rater("1.01")])), 'error: service.raters[0].alpha["1.1"]: 1.01 is outside [0, 1]'),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    for command in (["evaluate", str(path)], ["validate", str(path)], ["vector", str(path)]):
        assert main([*command, "--lang", "en"]) == 2
        captured = capsys.readouterr()
        assert captured.err == message + "\n"
        assert captured.out == ""


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "/nonexistent/x.json", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "error: /nonexistent/x.json: No such file or directory\n"
    assert main(["evaluate", "/nonexistent/x.json"]) == 2
    assert capsys.readouterr().err == "错误：/nonexistent/x.json：没有这个文件或目录\n"


def test_bad_vector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--vector", "CVSS:3.1/AV:N", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("error: vector: it must start with 'TBSC55-2026:B0'")


def test_python_dash_m_runs_under_a_c_locale(doc_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "evaluate", str(doc_file)],
        capture_output=True,
        env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "四星级" in done.stdout.decode("utf-8")


# --- the refusals in Chinese: every command's --lang, zh by default ----------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "错误：文件为空"),
        ("{", "错误：JSON 格式错误，第 1 行第 2 列：此处应有用双引号括起的键名"),
        ('{"a": 1 "b"}', "错误：JSON 格式错误，第 1 行第 9 列：此处应有逗号“,”"),
        ("<!DOCTYPE html>", "错误：JSON 格式错误，第 1 行第 1 列：此处应有一个值"),
        (json.dumps(document([rater("1.01")])), '错误：service.raters[0].alpha["1.1"]：1.01 超出范围 [0, 1]'),
    ],
)
def test_refusals_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    for command in (["evaluate", str(path)], ["validate", str(path), "--lang", "zh"], ["report", str(path)]):
        assert main(command) == 2
        captured = capsys.readouterr()
        assert captured.err == message + "\n"
        assert captured.out == ""


def test_usage_errors_and_the_commands_own_refusals_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        (["evaluate"], "错误：请给出文件（- 表示标准输入）或 --vector 字符串"),
        (
            ["evaluate", "--raters", "x.csv"],
            "错误：--levels：使用 --raters 时，请用 --levels 给出各管理要求条款的成熟度水平（JSON）",
        ),
        (["verify", str(tmp_path)], f"错误：{tmp_path}：这是一个目录，不是文件"),
        (["batch", "--raters", "a", "--levels", "b", "--jobs", "0"], "错误：--jobs：0 不是工作进程数（应为 1 或更多）"),
        (
            ["evaluate", "--lang", "fr"],
            "错误：参数 --lang：无效的选项 'fr'（可选：'zh', 'en'）（参见 python -m scoring evaluate --help）",
        ),
        (["verify"], "错误：缺少必需的参数：REPORT（参见 python -m scoring verify --help）"),
        (["evaluate", "--bogus"], "错误：无法识别的参数：--bogus（参见 python -m scoring --help）"),
        (
            ["evaluate", "--bogus", "--lang", "en"],
            "error: unrecognized arguments: --bogus (see python -m scoring --help)",
        ),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        assert capsys.readouterr().err == message + "\n"
    (tmp_path / "x.html").write_bytes(b'<!DOCTYPE html><html lang="zh-CN"><p>no</p>')
    assert main(["verify", str(tmp_path / "x.html")]) == 2
    assert capsys.readouterr().err == f"错误：{tmp_path / 'x.html'}：不是本程序生成的报告（没有内嵌的评价）\n"


COMMANDS = ("evaluate", "diff", "validate", "vector", "report", "verify", "batch", "template", "schema")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_the_help_speaks_the_language_asked_for(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    """--help in Chinese by default and in English with --lang en: argparse's headings and every option's text
    (scoring/messages.py), each option with a text of its own."""
    argv = [] if command is None else [command]
    helps = {}
    for lang in ("zh", "en"):
        assert main([*argv, "--help", *(["--lang", "en"] if lang == "en" else [])]) == 0
        helps[lang] = " ".join(capsys.readouterr().out.split())  # as read, not as wrapped
    zh, en = helps["zh"], helps["en"]
    assert zh.startswith("用法：python -m scoring") and "选项" in zh and "显示本帮助并退出" in zh
    assert en.startswith("usage: python -m scoring") and "options" in en and "show this help and exit" in en
    for english in ("show this help", "positional arguments", "options:", "(default zh)", "instead of"):
        assert english not in zh
    if command is not None:  # every command has --lang
        assert "（默认 zh）" in zh and "(default zh)" in en
