"""Hostile input, class by class (issue 9): a result is computed from the whole input or refused; a refusal is
exit 2 and one clean line naming the field or row; nothing else happens.

Each test is a class of defect, exercised with generated inputs where the class is larger than one example.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import batch, evaluate, parse_json
from scoring.cli import main
from scoring.errors import MAX_MESSAGE, DocumentSyntaxError, InputError, ValidationError, printable
from scoring.limits import MAX_INPUT_BYTES
from scoring.sheets import read_rater_sheets
from tests.builders import CLAUSE_IDS, ITEM_IDS, document, rater

Run = Callable[..., tuple[int, str, str]]

# Characters that forge lines, drive terminals or reorder text; and a lone surrogate.
HOSTILE_CHARACTERS = ["\n", "\r", "\x1b", "\x00", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\u2066", "\ud800"]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """``main(argv)`` in this process, standard input from ``stdin`` bytes: (exit status, stdout, stderr). The
    refusals are asked for in English (``--lang en``; the tests of the Chinese ones are in test_cli.py)."""

    def call(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main([*argv, "--lang", "en"])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def assert_one_clean_line(err: str) -> None:
    """The refusal contract: one line, printable, short, and not a defect of this tool."""
    assert err.endswith("\n") and err.count("\n") == 1, repr(err[:400])
    line = err[:-1]
    assert len(line) <= MAX_MESSAGE + len("error: ") + 10, len(line)
    assert all(unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp") for ch in line), repr(line)
    assert not any(ch in line for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), repr(line)
    assert "internal error" not in line and "Traceback" not in line, line


def refused(result: tuple[int, str, str], *fragments: str) -> None:
    code, out, err = result
    assert code == 2, (code, err)
    assert out == ""
    assert_one_clean_line(err)
    for fragment in fragments:
        assert fragment in err, (fragment, err)


# --- 1. nothing is read in part --------------------------------------------------------------------------------


def sheet_csv(rows: int, rater_id: str = "R{n}") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["rater", *ITEM_IDS])
    for n in range(rows):
        writer.writerow([rater_id.format(n=n), *["0.75"] * 19])
    return text.getvalue().encode()


def test_an_oversized_input_is_refused_by_name_on_every_path(tmp_path: Path, run: Run) -> None:
    big = tmp_path / "big"
    big.write_bytes(b" " * (MAX_INPUT_BYTES + 1))
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 3)}))
    for argv in (
        ["evaluate", str(big)],
        ["validate", str(big)],
        ["vector", str(big)],
        ["report", str(big)],
        ["evaluate", "--raters", str(big), "--levels", str(levels)],
        ["evaluate", "--raters", str(tmp_path / "levels.json"), "--levels", str(big)],
    ):
        refused(run(*argv), str(big), "is larger than 16 MB")
    refused(run("evaluate", "-", stdin=b"{" + b" " * MAX_INPUT_BYTES + b"}"), "is larger than 16 MB")
    refused(run("evaluate", "--vector", "TBSC55-2026:B0/" + "x" * MAX_INPUT_BYTES), "longer than 16 MB")


def test_a_sheet_of_more_raters_than_the_limit_is_refused_not_cut(tmp_path: Path, run: Run) -> None:
    """A sheet a little over the rater limit is refused (it used to be graded on its first ~9,000 raters)."""
    sheets = tmp_path / "sheets.csv"
    sheets.write_bytes(sheet_csv(10_001))
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 3)}))
    refused(run("evaluate", "--raters", str(sheets), "--levels", str(levels)), "more than 10000 rater rows")


def test_a_genuine_report_followed_by_junk_does_not_verify(tmp_path: Path, run: Run) -> None:
    source = tmp_path / "e.json"
    source.write_text(json.dumps(document([rater("0.9")], 100)))
    report = tmp_path / "r.html"
    assert run("report", str(source), "--out", str(report), "--date", "2026-11-30")[0] == 0
    report.write_bytes(report.read_bytes() + b"<p>junk</p>" * 1000)
    code, _, err = run("verify", str(report))
    assert code == 1
    assert_one_clean_line(err)
    assert "goes on after the end of the report" in err


# --- 3. and 5. one clean line, whatever the input holds --------------------------------------------------------


@pytest.mark.parametrize("char", HOSTILE_CHARACTERS, ids=[f"U+{ord(c):04X}" for c in HOSTILE_CHARACTERS])
def test_names_with_control_bidi_or_surrogate_characters_are_refused_by_path(char: str, run: Run) -> None:
    for doc, path in (
        (document(organization=f"Acme{char}Ltd"), "organization"),
        (document([rater("0.9", f"R{char}1")]), "service.raters[0].id"),
    ):
        data = json.dumps(doc).encode()  # ASCII JSON: the character travels as an escape, surrogates too
        for command in ("evaluate", "validate"):
            refused(run(command, "-", stdin=data), f"{path}: ", f"U+{ord(char):04X}")


@pytest.mark.parametrize("char", HOSTILE_CHARACTERS, ids=[f"U+{ord(c):04X}" for c in HOSTILE_CHARACTERS])
def test_hostile_characters_in_values_and_keys_are_escaped_in_the_message(char: str, run: Run) -> None:
    cases = [
        document([rater(f"0.{char}9")]),  # in an α
        {**document(), f"x{char}": 1},  # in a key
        {**document(), "profile": f"final{char}"},
        {**document(), "scheme": char * 1000},
    ]
    for doc in cases:
        refused(run("evaluate", "-", stdin=json.dumps(doc).encode()))


@settings(max_examples=40)
@given(st.text(min_size=1, max_size=2000))
def test_any_text_in_a_message_leaves_one_printable_line(text: str) -> None:
    for error in (ValidationError(f"a[{text!r}]", f"{text} is bad", f"{text} 不对"), DocumentSyntaxError(text, text)):
        for message in (str(error), error.problem_zh):
            assert "\n" not in message and "\r" not in message and len(message) <= MAX_MESSAGE
            assert printable(message) == message


def test_a_huge_bad_value_gives_a_short_message(run: Run) -> None:
    alphas = {**dict.fromkeys(ITEM_IDS, "0.9"), "1.1": "9" * 9_000_000}
    refused(run("evaluate", "-", stdin=json.dumps(document([rater(alphas)])).encode()), "…")


def test_errors_survive_pickling_for_batch_workers() -> None:
    import pickle  # noqa: PLC0415

    for error in (InputError("p", "x", "乙"), DocumentSyntaxError("s.csv", "row 3"), ValidationError("", "y")):
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), copy.problem_zh) == (type(error), str(error), error.problem_zh)


@pytest.mark.parametrize(
    ("summary", "what"),
    [
        ("[1,2,3]", "a summary that is a list"),
        ("[" * 10_000 + "]" * 10_000, "a summary nested 10,000 deep"),
    ],
)
def test_reports_with_a_strange_summary_do_not_verify_and_do_not_crash(
    tmp_path: Path, run: Run, summary: str, what: str
) -> None:
    report = report_with_script(tmp_path, run, "tbsc55-summary", summary)
    code, _, err = run("verify", str(report))
    assert code == 1, what
    assert_one_clean_line(err)


def test_an_embedded_evaluation_nested_deeply_is_not_a_report(tmp_path: Path, run: Run) -> None:
    refused(run("verify", str(report_with_script(tmp_path, run, "tbsc55-evaluation", "[" * 100_000))), "not valid")


def report_with_script(tmp_path: Path, run: Run, element_id: str, content: str) -> Path:
    """A genuine report whose JSON script element ``element_id`` holds ``content`` instead."""
    source = tmp_path / "e.json"
    source.write_text(json.dumps(document()))
    report = tmp_path / "r.html"
    run("report", str(source), "--out", str(report), "--date", "2026-11-30")
    html = report.read_text(encoding="utf-8")
    start = html.index(f'id="{element_id}">') + len(f'id="{element_id}">')
    report.write_text(html[:start] + content + html[html.index("</script>", start) :], encoding="utf-8")
    return report


# --- CSV: line ends, long fields, unclosed quotes, mixed encodings ---------------------------------------------


def test_lone_carriage_returns_end_rows() -> None:
    data = sheet_csv(3).replace(b"\n", b"\r")
    assert len(read_rater_sheets(data, "s.csv")) == 3


@pytest.mark.parametrize(
    "data",
    [
        sheet_csv(1) + b"R9," + b"9" * 200_000 + b"\n",  # a field over the csv module's 131,072 characters
        sheet_csv(1) + b'R9,"' + b"0.5,\n" * 20_000,  # an unclosed quote swallowing the rest
        sheet_csv(1) + b"R9" + b",0.5" * 40_000 + b"\n",  # a row of 40,000 cells
    ],
    ids=["long field", "unclosed quote", "wide row"],
)
def test_a_record_too_long_is_refused_by_its_row(data: bytes, tmp_path: Path, run: Run) -> None:
    sheets = tmp_path / "s.csv"
    sheets.write_bytes(data)
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 3)}))
    refused(run("evaluate", "--raters", str(sheets), "--levels", str(levels)), "row 3 is longer than 64 KB")


def test_batch_refuses_an_unclosed_quote_within_one_record_size(tmp_path: Path, run: Run) -> None:
    """An unclosed quote followed by many lines is refused once a record passes 64 KB: the reader never rescans."""
    sheets = tmp_path / "s.csv"
    header = ",".join(["organization", "rater", *ITEM_IDS]) + "\n"
    sheets.write_bytes(header.encode() + b'A,"R1,' + b"0.5,0.5\n" * 300_000)
    levels = tmp_path / "l.csv"
    levels.write_text(",".join(["organization", *CLAUSE_IDS]) + "\n")
    for jobs in ("1", "2"):
        refused(run("batch", "--raters", str(sheets), "--levels", str(levels), "--jobs", jobs), "row 2 is longer")


def test_record_ends_are_found_like_the_csv_module_whatever_the_chunks() -> None:
    rows = [["A", 'x"y', "1"], ["B", "line\nbreak", "2"], ["C", "cr\rhere", "3"], ["D", "", "4"]]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows * 5)
    data = text.getvalue().encode()
    for size in (1, 2, 3, 7, 64):
        blocks = list(_cut(data, size))
        assert b"".join(blocks) == data
        assert all(list(csv.reader(io.StringIO(b.decode(), newline=""))) for b in blocks if b.strip())
        assert sum(len(list(csv.reader(io.StringIO(b.decode(), newline="")))) for b in blocks) == len(rows) * 5


def _cut(data: bytes, size: int) -> list[bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "BLOCK_BYTES", size)
        return [block for block, _ in batch._blocks(io.BytesIO(data), "s.csv")]


@pytest.mark.parametrize(
    ("first", "then", "where"),
    [("utf-8", "gb18030", "UTF-8 text, then at byte"), ("gb18030", "utf-8", "GB18030 text, then at byte")],
)
def test_a_sheet_in_two_encodings_is_refused_naming_where(first: str, then: str, where: str, run: Run) -> None:
    head = "rater," + ",".join(ITEM_IDS) + "\n" + "".join(f"张{n}," + ",".join(["1"] * 19) + "\n" for n in range(3))
    tail = "李四评价人," + ",".join(["1"] * 19) + "\n"
    data = head.encode(first) + tail.encode(then)
    with pytest.raises(DocumentSyntaxError, match=where):
        read_rater_sheets(data, "s.csv")


def test_a_whole_gb18030_sheet_is_still_read() -> None:
    data = ("评价人," + ",".join(ITEM_IDS) + "\n" + "张三," + ",".join(["0.9"] * 19) + "\n").encode("gb18030")
    assert read_rater_sheets(data, "s.csv")[0]["id"] == "张三"


# --- 6. output injection ----------------------------------------------------------------------------------------


def batch_pair(tmp_path: Path, organizations: list[str]) -> tuple[Path, Path]:
    sheets, levels = io.StringIO(), io.StringIO()
    csv.writer(sheets).writerows(
        [["organization", "rater", *ITEM_IDS], *([name, "R1", *["0.9"] * 19] for name in organizations)]
    )
    csv.writer(levels).writerows([["organization", *CLAUSE_IDS], *([name, *["4"] * 21] for name in organizations)])
    (tmp_path / "s.csv").write_text(sheets.getvalue(), encoding="utf-8")
    (tmp_path / "l.csv").write_text(levels.getvalue(), encoding="utf-8")
    return tmp_path / "s.csv", tmp_path / "l.csv"


def test_batch_csv_cells_never_start_a_formula(tmp_path: Path, run: Run) -> None:
    names = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")', "Plain"]
    sheets, levels = batch_pair(tmp_path, names)
    code, out, _ = run("batch", "--raters", str(sheets), "--levels", str(levels), "--jobs", "1")
    assert code == 0
    cells = [row["organization"] for row in csv.DictReader(io.StringIO(out))]
    assert cells == ["'" + name for name in names[:-1]] + ["Plain"]


def test_batch_refuses_an_organization_with_control_characters(tmp_path: Path, run: Run) -> None:
    sheets, levels = batch_pair(tmp_path, ["Evil\x1b[2J", "Fine"])
    code, out, err = run("batch", "--raters", str(sheets), "--levels", str(levels), "--jobs", "1")
    assert code == 0 and "\x1b" not in out and "\x1b" not in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["status"] == "refused" and 'column "organization"' in rows[0]["reason"]
    assert rows[1]["status"] == "graded"


def test_text_output_prints_no_control_character() -> None:
    from scoring.text import render_text  # noqa: PLC0415

    result = evaluate(parse_json(json.dumps(document([rater("0.9", "R1")], organization="Acme"))))
    text = render_text(result, "en")
    assert all(ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf") for ch in text)


# --- 7. an input is never destroyed ----------------------------------------------------------------------------


def test_batch_out_may_not_be_an_input_however_spelled(tmp_path: Path, run: Run) -> None:
    sheets, levels = batch_pair(tmp_path, ["A"])
    before = sheets.read_bytes(), levels.read_bytes()
    os.symlink(sheets, tmp_path / "link.csv")
    for out in (
        str(sheets),
        str(levels),
        f"{tmp_path}/./s.csv",
        f"{tmp_path}/../{tmp_path.name}/l.csv",
        str(tmp_path / "link.csv"),
    ):
        refused(run("batch", "--raters", str(sheets), "--levels", str(levels), "--out", out), "is the input file")
    assert (sheets.read_bytes(), levels.read_bytes()) == before


def test_report_out_may_not_be_its_input_however_spelled(tmp_path: Path, run: Run) -> None:
    """`report X.json --out X.json` once replaced the evaluation with its report (exit 0)."""
    source = tmp_path / "evaluation.json"
    source.write_text(json.dumps(document([rater("0.9", "R1")])), encoding="utf-8")
    before = source.read_bytes()
    os.symlink(source, tmp_path / "link.json")
    os.link(source, tmp_path / "hard.json")
    for out in (str(source), f"{tmp_path}/./evaluation.json", str(tmp_path / "link.json"), str(tmp_path / "hard.json")):
        refused(run("report", str(source), "--out", out), "--out", "is the input file")
    assert source.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tbsc55-")] == []
    code, _, _ = run("report", str(source), "--out", str(tmp_path / "report.html"))
    assert code == 0 and (tmp_path / "report.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_a_failed_batch_leaves_no_partial_output(tmp_path: Path, run: Run) -> None:
    sheets, levels = batch_pair(tmp_path, [f"O{n}" for n in range(50)])
    sheets.write_bytes(sheets.read_bytes() + b"O50,R1," + "李".encode("gb18030") + b"\n")
    out = tmp_path / "out.csv"
    out.write_text("earlier results\n")
    refused(run("batch", "--raters", str(sheets), "--levels", str(levels), "--out", str(out), "--jobs", "1"))
    assert out.read_text() == "earlier results\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tbsc55-")] == []


# --- report dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2026-02-30", "26-11-30", "2026-11-30\n<script>", "", "２０２６-11-30"])
def test_a_report_date_must_be_a_real_date(tmp_path: Path, run: Run, date: str) -> None:
    source = tmp_path / "e.json"
    source.write_text(json.dumps(document()))
    refused(run("report", str(source), "--date", date), "--date: ")


def test_a_sheet_of_millions_of_blank_lines_is_refused_at_once(tmp_path: Path, run: Run) -> None:
    sheets = tmp_path / "s.csv"
    sheets.write_bytes(sheet_csv(1) + b"\r\n" * 1_000_000)
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 3)}))
    refused(run("evaluate", "--raters", str(sheets), "--levels", str(levels)), "has 1000002 lines")


def test_text_from_the_calculator_is_measured_in_bytes_as_a_file_is() -> None:
    """16 MB of UTF-8 is the limit whether it arrives as a file or as text (3 bytes a character here)."""
    from scoring.document import read_json  # noqa: PLC0415

    text = '{"organization": "' + "组" * (MAX_INPUT_BYTES // 3) + '"}'
    assert len(text) < MAX_INPUT_BYTES < len(text.encode())
    with pytest.raises(DocumentSyntaxError, match="larger than 16 MB"):
        read_json(text)


# --- diff (issue 13): the same contract, each refusal naming the side -------------------------------------------


def test_diff_refuses_each_bad_side_by_name(tmp_path: Path, run: Run) -> None:
    good, big = tmp_path / "good.json", tmp_path / "big.json"
    good.write_text(json.dumps(document([rater("0.9")])))
    big.write_bytes(b" " * (MAX_INPUT_BYTES + 1))
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 3)}))
    refused(run("diff", str(big), str(good)), f"A: {big}", "is larger than 16 MB")
    refused(run("diff", str(good), str(big)), f"B: {big}", "is larger than 16 MB")
    refused(run("diff", str(good), "-", stdin=b"{" + b" " * MAX_INPUT_BYTES + b"}"), "B: -", "is larger than 16 MB")
    refused(run("diff", str(good), "TBSC55-2026:B0/" + "x" * MAX_INPUT_BYTES), "B: vector", "longer than 16 MB")
    refused(run("diff", "--raters-a", str(big), "--levels-a", str(levels), str(good)), "A: ", "larger than 16 MB")
    big_csv = tmp_path / "big.csv"
    big_csv.write_bytes(b" " * (MAX_INPUT_BYTES + 1))
    refused(run("evaluate", "--raters", str(big_csv), "--levels", str(big_csv)), str(big_csv), "larger than 16 MB")
    refused(run("diff", str(good), "--raters-b", str(good), "--levels-b", str(big_csv)), "B: ", "larger than 16 MB")
    refused(run("diff", str(good), str(tmp_path / "missing.json")), "B: ", "missing.json")
    refused(run("diff", str(good)), "B: give it as a FILE")
    refused(run("diff"), "A: give it as a FILE")
    refused(run("diff", "-", "-"), "only one of A and B can be read from standard input")
    refused(run("diff", str(good), str(good), str(good)), "one input too many")
    refused(run("diff", "--levels-a", str(levels), str(good), str(good)), "--levels-a")
    refused(run("diff", str(good), "--raters-b", str(good)), "B: --levels-b: give the maturity levels")
    refused(run("diff", str(good), str(good), "--format", "xml"), "invalid choice")


@pytest.mark.parametrize("char", HOSTILE_CHARACTERS, ids=[f"U+{ord(c):04X}" for c in HOSTILE_CHARACTERS])
def test_diff_escapes_hostile_characters_and_names_the_side(char: str, tmp_path: Path, run: Run) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document([rater("0.9")])))
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps(document([rater(f"0.{char}9")])))
    refused(run("diff", str(good), str(bad)), "B: ", 'service.raters[0].alpha["1.1"]')
    refused(run("diff", str(good), "-", stdin=json.dumps(document(organization=f"x{char}")).encode()), "B: -: ")
    refused(run("diff", f"TBSC55-2026:B0/P:final/O:{char}", str(good)), "A: vector")


# --- a refusal quotes the value as it was written (issue 19, point 8) -----------------------------------------


@pytest.mark.parametrize(
    ("written", "quoted"),
    [("3e0", "3e0 is not how a maturity level is written: write the integer 3"),
     ("30e-1", "30e-1 is not how a maturity level is written: write the integer 3"),
     ("3.5", "3.5 is not a maturity level"),
     ("6e0", "6e0 is not a maturity level"),
     ("1E+400", "1E+400 is not a maturity level")],
)  # fmt: skip
def test_a_level_is_quoted_as_written(tmp_path: Path, run: Run, written: str, quoted: str) -> None:
    text = json.dumps(document([rater("0.9")], dict.fromkeys(CLAUSE_IDS, 3))).replace(
        '"4.1": 3', f'"4.1": {written}', 1
    )
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    refused(run("validate", str(path)), f'management.levels["4.1"]: {quoted}')


def test_an_alpha_is_quoted_as_written(tmp_path: Path, run: Run) -> None:
    text = json.dumps(document([rater("0.9")], dict.fromkeys(CLAUSE_IDS, 3))).replace('"1.2": "0.9"', '"1.2": 10e-1', 1)
    assert "10e-1" in text
    path = tmp_path / "e.json"
    path.write_text(text.replace('"1.3": "0.9"', '"1.3": 15E-1'), encoding="utf-8")
    refused(run("validate", str(path)), '["1.3"]: 15E-1 is outside [0, 1]')


@pytest.mark.parametrize("typed", ["٣", "３", "۳"])  # Arabic-Indic, full-width, extended Arabic-Indic three
def test_a_links_characters_are_quoted_as_typed_not_percent_encoded(run: Run, typed: str) -> None:
    """A browser sends a link's characters beyond ASCII percent-encoded; the refusal quotes what was typed."""
    escaped = "".join(f"%{b:02X}" for b in typed.encode("utf-8"))
    alphas = ",".join([escaped] + ["1"] * (len(ITEM_IDS) - 1))
    refused(
        run("validate", "--vector", f"TBSC55-2026:B0/P:final/R:{alphas}/M:{'3' * len(CLAUSE_IDS)}/C:1"),
        f'alpha["1.1"]: "{typed}" is not a decimal number',
    )
    levels = escaped + "3" * (len(CLAUSE_IDS) - 1)
    refused(
        run("validate", "--vector", f"TBSC55-2026:B0/P:final/R:{','.join(['1'] * len(ITEM_IDS))}/M:{levels}/C:1"),
        f'levels["1.1"]: "{typed}" is not a maturity level',
    )


# --- names that look like other names (issue 19, point 9) ------------------------------------------------------

# Default-ignorable code points: drawn as nothing, they make a name blank or identical to another.
INVISIBLE = ["\u3164", "\u200d", "\u200b", "\u00ad", "\u034f", "\u2060", "\ufe0f", "\ufeff", "\uffa0", "\U000e0041"]


@pytest.mark.parametrize("invisible", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_a_name_with_an_invisible_character_is_refused_everywhere(tmp_path: Path, run: Run, invisible: str) -> None:
    code = f"U+{ord(invisible):04X}"
    for name in (invisible, f"甲{invisible}", f"Acme{invisible}"):
        path = tmp_path / "e.json"
        path.write_text(json.dumps(document([rater("0.9", name)], organization="Acme")), encoding="utf-8")
        refused(run("validate", str(path)), "service.raters[0].id", code)
        path.write_text(json.dumps(document([rater("0.9")], organization=name)), encoding="utf-8")
        refused(run("validate", str(path)), "organization", code)
        encoded = "".join(f"%{b:02X}" for b in name.encode("utf-8"))
        alphas = ",".join(["1"] * len(ITEM_IDS))
        refused(
            run("validate", "--vector", f"TBSC55-2026:B0/P:final/O:{encoded}/R:{alphas}/M:{'3' * len(CLAUSE_IDS)}/C:1"),
            "organization",
            code,
        )
        sheets = tmp_path / "s.csv"
        sheets.write_text("rater," + ",".join(ITEM_IDS) + "\n" + name + "," + ",".join(["1"] * len(ITEM_IDS)) + "\n")
        levels = tmp_path / "l.json"
        levels.write_text(json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 3)}), encoding="utf-8")
        refused(run("evaluate", "--raters", str(sheets), "--levels", str(levels)), code)


def test_names_that_scripts_need_are_kept() -> None:
    """Only what draws as nothing is refused: Chinese, accents, emoji and combining marks are names."""
    for name in ("测试有限公司", "Ångström", "Zoë", "🙂", "e\u0301", "Ｒ１"):
        result = evaluate(parse_json(json.dumps(document([rater("0.9", name)], organization=name))))
        assert result.evaluation.organization == name
