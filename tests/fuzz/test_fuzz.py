"""Fuzzing every entry point of the command line with mutated valid inputs (issue 9).

Each test starts from valid inputs the tool itself makes (an evaluation document, its compact string, a rater
sheet with its levels (JSON or CSV), a batch pair, a report, a document and a compact string given to ``diff``)
and mutates them the way damaged or hostile files look: bytes flipped, inserted, deleted, duplicated or cut;
control characters, lone surrogates, bidi overrides; huge and deeply nested values. Whatever comes in, the command
must end in one of its documented ways:

* exit 0 with a result that is consistent (the stars follow from the score and grade it states), or
* exit 2 (1 for ``verify``: the report does not match) with exactly one clean line on standard error,

never a traceback, never an "internal error", never a hang (a watchdog ends an example after ``HANG_SECONDS``:
a guard against endless loops, not a speed measurement — speed is measured in ``benchmarks/``).

``make test`` runs ``FUZZ_EXAMPLES`` (default 30) examples per entry point, derandomized; ``make fuzz`` runs the
``fuzz`` profile: random seeds and as many examples as ``FUZZ_EXAMPLES`` says (default 5,000 per entry point).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import evaluate, evaluation_from_obj, to_vector
from scoring.cli import main
from scoring.report import render_report
from scoring.rules import load_rules
from scoring.sheets import levels_template, template
from tests.builders import CLAUSE_IDS, ITEM_IDS, document, rater
from tests.scoring.test_hostile import assert_one_clean_line

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
HANG_SECONDS = 60
RULES = load_rules()
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# --- seeds: valid inputs, as the tool writes them -----------------------------------------------------------------

SEED_DOC = document(
    [rater("0.8", "R1"), rater("0.95", "评价人2"), rater({**dict.fromkeys(ITEM_IDS, "1"), "7": "0.12345"})],
    116,
    organization="示例组织 Ltd",
)
SEED_JSON = json.dumps(SEED_DOC, ensure_ascii=False).encode()
SEED_VECTOR = to_vector(evaluation_from_obj(SEED_DOC)).encode()
SEED_SHEET = template(lang="zh").encode("utf-8-sig")
SEED_LEVELS_JSON = json.dumps({"levels": dict.fromkeys(CLAUSE_IDS, 4), "conformity_passed": True}).encode()
SEED_LEVELS_CSV = levels_template(lang="zh").encode("utf-8-sig")
SEED_BATCH_SHEETS = template(lang="en", organization=True).encode()
SEED_BATCH_LEVELS = (
    "organization," + ",".join(CLAUSE_IDS) + ",conformity_passed\nExample Ltd.," + "4," * 21 + "1\n"
).encode()
SEED_REPORT = render_report(evaluate(evaluation_from_obj(SEED_DOC)), "en", "2026-11-30").encode()

# --- mutations ---------------------------------------------------------------------------------------------------

HOSTILE = [
    b"\x00",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x1b[2J",
    b"\x85",
    b'"',
    b",",
    b"\\",
    b"\\ud800",
    b"\\udfff\\ud800",
    "\u202e".encode(),
    "\u2028".encode(),
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    "李".encode("gb18030"),
    b"\xef\xbb\xbf",
    b"NaN",
    b"1e999999",
    b"-0",
    b"0,8",
    b"=cmd|' /C calc'!A0",
    b"<script>alert(1)</script>",
    b"</html>",
]
pieces = st.one_of(
    st.sampled_from(HOSTILE),
    st.binary(min_size=1, max_size=16),
    st.builds(
        lambda b, n: b * n, st.sampled_from([b"[", b"{", b"9", b'"a":', b"/R:", b",", b"\n"]), st.integers(1, 200_000)
    ),
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with one to five mutations."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "truncate"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(pieces)
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 4096))]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


# --- running one command -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def watchdog() -> Iterator[None]:
    def hang(signum: int, frame: Any) -> None:
        raise AssertionError(f"no answer within {HANG_SECONDS} s: a reader is not linear in its input")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(argv: list[str], files: dict[str, bytes], stdin: bytes = b"") -> tuple[int, str, str]:
    """``main`` in this process with ``files`` written to a fresh folder (``{name}`` in ``argv`` is their path)."""
    with tempfile.TemporaryDirectory() as folder, watchdog():
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        real_stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([arg.replace("{dir}", folder) for arg in argv])
        finally:
            sys.stdin = real_stdin
    return code, out.getvalue(), err.getvalue()


def answered(result: tuple[int, str, str], failure: int = 2) -> str | None:
    """Check the contract; the standard output of a success (None after a refusal)."""
    code, out, err = result
    assert code in (0, failure), (code, err[:500])
    if code == 0:
        assert "internal error" not in err
        return out
    assert_one_clean_line(err)
    return None


def consistent(output: str) -> None:
    """A graded result's stars follow from the score and grade it states (5.3 of its profile)."""
    result = json.loads(output)
    score, grade = Decimal(result["service"]["score"]), result["management"]["grade"]
    profile = RULES.certification.profile(result["certification"]["profile"])
    expected = next((lv.stars for lv in profile.levels if score >= lv.min_service_score and grade >= lv.min_grade), 0)
    assert result["certification"]["stars"] == (expected if result["management"]["conformity_passed"] else 0)
    assert 0 <= score <= 100 and 29 <= Decimal(result["management"]["total"]) <= 145


# --- one test per entry point -------------------------------------------------------------------------------------


@FUZZ
@given(mutated(SEED_JSON))
def test_json_documents(data: bytes) -> None:
    output = answered(run(["evaluate", "{dir}/e.json", "--format", "json"], {"e.json": data}))
    if output is not None:
        consistent(output)
    answered(run(["validate", "-"], {}, stdin=data))


@FUZZ
@given(mutated(SEED_VECTOR))
def test_compact_strings(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    output = answered(run(["evaluate", "--format", "json", f"--vector={text}"], {}))
    if output is not None:
        consistent(output)


@FUZZ
@given(mutated(SEED_SHEET), mutated(SEED_LEVELS_JSON))
def test_rater_sheets_with_levels(sheet: bytes, levels: bytes) -> None:
    argv = ["evaluate", "--format", "json", "--raters", "{dir}/s.csv", "--levels", "{dir}/l.json"]
    output = answered(run(argv, {"s.csv": sheet, "l.json": levels}))
    if output is not None:
        consistent(output)


@FUZZ
@given(mutated(SEED_LEVELS_CSV))
def test_levels_csv_with_rater_sheets(levels: bytes) -> None:
    argv = ["evaluate", "--format", "json", "--raters", "{dir}/s.csv", "--levels", "{dir}/l.csv"]
    output = answered(run(argv, {"s.csv": SEED_SHEET, "l.csv": levels}))
    if output is not None:
        consistent(output)


@FUZZ
@given(mutated(SEED_BATCH_SHEETS), mutated(SEED_BATCH_LEVELS), st.sampled_from(["1", "2"]))
def test_batch_files(sheets: bytes, levels: bytes, jobs: str) -> None:
    argv = ["batch", "--raters", "{dir}/s.csv", "--levels", "{dir}/l.csv", "--format", "jsonl", "--jobs", jobs]
    output = answered(run(argv, {"s.csv": sheets, "l.csv": levels}))
    for line in (output or "").splitlines():
        row = json.loads(line)
        assert row["status"] in ("graded", "refused")
        assert "\n" not in (row["reason"] or "") and len(row["reason"] or "") <= 300


@FUZZ
@given(mutated(SEED_JSON), mutated(SEED_VECTOR), st.sampled_from(["json", "csv", "text"]))
def test_diff_of_two_inputs(document_a: bytes, vector_b: bytes, fmt: str) -> None:
    text = vector_b.decode("utf-8", "surrogateescape")
    output = answered(run(["diff", "{dir}/a.json", f"--vector-b={text}", "--format", fmt], {"a.json": document_a}))
    if output is not None and fmt == "json":
        compared = json.loads(output)
        delta = compared["delta"]
        assert Decimal(delta["service_score"]) == Decimal(compared["b"]["service_score"]) - Decimal(
            compared["a"]["service_score"]
        )
        assert delta["stars"] == compared["b"]["stars"] - compared["a"]["stars"]
    elif output is not None and fmt == "csv":
        assert output.startswith("\ufeff")


@FUZZ
@given(mutated(SEED_REPORT))
def test_reports_given_to_verify(data: bytes) -> None:
    code, _, err = run(["verify", "{dir}/r.html"], {"r.html": data})
    assert code in (0, 1, 2), err
    if code == 0:
        assert data == SEED_REPORT, "a changed report verified"
    else:
        assert_one_clean_line(err)


@pytest.mark.parametrize("seed", [SEED_JSON, SEED_REPORT])
def test_the_seeds_themselves_pass(seed: bytes) -> None:
    argv = ["verify", "{dir}/x"] if seed is SEED_REPORT else ["evaluate", "{dir}/x", "--format", "json"]
    code, out, _ = run(argv, {"x": seed})
    assert code == 0 and out
