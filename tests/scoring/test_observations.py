"""Observations and the evaluation's record (issue 23, points 2 and 4): read and refused by path, carried through every
output, never changing a figure; hostile text refused or rendered inert."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import subprocess
import sys
import time
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.diff import compare, comparison_to_obj
from scoring.document import canonical_json, evaluation_from_obj, parse_json
from scoring.engine import evaluate, result_to_obj
from scoring.errors import InputError, ValidationError
from scoring.exports import comparison_csv, evaluation_csv
from scoring.limits import (
    MAX_EVALUATOR_NAME_LENGTH,
    MAX_EVALUATORS,
    MAX_INPUT_BYTES,
    MAX_OBSERVATION_LENGTH,
    MAX_RATERS,
)
from scoring.report import render_report, verify_report
from scoring.schema import evaluation_schema, result_schema
from scoring.text import render_diff_text, render_text
from tests.builders import CLAUSE_IDS, ITEM_IDS, document, observed, rater
from tests.strategies import documents, text

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & =SUM(A1)'


def _result(doc: dict[str, Any]) -> Any:
    return evaluate(evaluation_from_obj(doc))


def _refusal(doc: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        evaluation_from_obj(doc)
    return str(caught.value)


def _without_observations(obj: Any) -> Any:
    """A result's JSON without what observations add to it."""
    if isinstance(obj, dict):
        return {k: _without_observations(v) for k, v in obj.items() if k not in ("observations", "record")}
    if isinstance(obj, list):
        return [_without_observations(v) for v in obj]
    return obj


notes = st.dictionaries(st.sampled_from(CLAUSE_IDS), text, max_size=4)
item_notes = st.dictionaries(st.sampled_from(ITEM_IDS), text, max_size=4)


@settings(max_examples=40, deadline=None)
@given(documents(), notes, st.lists(item_notes, max_size=5), st.none() | st.lists(text, max_size=3))
def test_observations_never_change_a_figure(
    doc: dict[str, Any], clauses: dict[str, str], items: list[dict[str, str]], team: list[str] | None
) -> None:
    noted = copy.deepcopy(doc)
    noted["management"]["observations"] = clauses
    for rater_obj, found in zip(noted["service"]["raters"], items, strict=False):
        rater_obj["observations"] = found
    if team is not None:
        noted["record"] = {"evaluators": team, "remarks": "x\ny"}
    plain, with_notes = result_to_obj(_result(doc)), result_to_obj(_result(noted))
    assert _without_observations(with_notes) == plain
    assert compare(_result(doc), _result(noted)).same
    # carried through: what the document says, the empty texts left out
    assert with_notes["management"].get("observations", {}) == {k: v for k, v in clauses.items() if v}


def test_the_json_result_carries_them_and_the_schemas_describe_them() -> None:
    doc = observed(document([rater("0.8", "R1"), rater("0.9")]))
    jsonschema.validate(doc, evaluation_schema())
    out = result_to_obj(_result(doc))
    jsonschema.validate(out, result_schema())
    assert out["record"] == doc["record"]
    assert out["management"]["observations"] == doc["management"]["observations"]
    assert out["service"]["raters"][0]["observations"] == doc["service"]["raters"][0]["observations"]
    assert "observations" not in out["service"]["raters"][1]
    # the canonical form keeps them, and reads back to the same evaluation
    evaluation = evaluation_from_obj(doc)
    assert parse_json(canonical_json(evaluation)) == evaluation


def test_a_document_without_observations_reads_and_writes_as_before() -> None:
    doc = document([rater("0.8", "R1")], organization="ACME")
    evaluation = evaluation_from_obj(doc)
    assert evaluation.observations is None
    assert "record" not in canonical_json(evaluation) and "observations" not in canonical_json(evaluation)
    empty = copy.deepcopy(doc)
    empty["management"]["observations"] = {"1.1": ""}
    empty["service"]["raters"][0]["observations"] = {}
    empty["record"] = {"evaluators": [], "scope": ""}
    assert evaluation_from_obj(empty) == evaluation  # empty texts are none
    assert render_report(_result(empty), "en", "2026-12-07") == render_report(_result(doc), "en", "2026-12-07")


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    if path.startswith("management"):
        doc["management"]["observations"] = {"4.1": value}
    elif path.startswith("service"):
        doc["service"]["raters"].append(rater("0.5"))
        doc["service"]["raters"][1]["observations"] = {"1.1": value}
    else:
        doc["record"] = {path.split(".")[1]: value}
    return doc


PATHS = ['management.observations["4.1"]', 'service.raters[1].observations["1.1"]', "record.scope", "record.remarks"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("x" * (MAX_OBSERVATION_LENGTH + 1), f"longer than {MAX_OBSERVATION_LENGTH} characters"),
        ("right\u202eleft", "U+202E"),
        ("half \ud800 a pair", "U+D800"),
        ("bell\x07", "U+0007"),
        ("carriage\r\nreturn", "U+000D"),
        ("tab\there", "U+0009"),
        (12, "is not text"),
    ],
)
def test_a_hostile_observation_is_refused_by_its_path(path: str, value: Any, problem: str) -> None:
    message = _refusal(_set(document(), path, value))
    assert message.startswith(path + ":") and problem in message and "\n" not in message
    assert len(message) < 400


@pytest.mark.parametrize("path", PATHS)
def test_an_observation_of_4000_characters_and_lines_is_accepted(path: str) -> None:
    value = ("观" * (MAX_OBSERVATION_LENGTH - 8)) + "\nsecond\n"
    assert len(value) == MAX_OBSERVATION_LENGTH
    assert evaluation_from_obj(_set(document(), path, value)).observations


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (lambda d: d["management"].update(observations={"9.9": "x"}), 'management.observations["9.9"]', "unknown"),
        (lambda d: d["service"]["raters"][0].update(observations={"8": "x"}), "service.raters[0].observations", ""),
        (lambda d: d["management"].update(observations=["x"]), "management.observations", "not an object"),
        (lambda d: d.update(record={"date": "2026-02-30"}), "record.date", "2026-02-30"),
        (lambda d: d.update(record={"date": "2026-2-3"}), "record.date", "YYYY-MM-DD"),
        (lambda d: d.update(record={"author": "x"}), "record.author", "date, evaluators, scope, remarks"),
        (lambda d: d.update(record={"evaluators": "A, B"}), "record.evaluators", "not a list of names"),
        (
            lambda d: d.update(record={"evaluators": ["A"] * (MAX_EVALUATORS + 1)}),
            "record.evaluators",
            f"({MAX_EVALUATORS})",
        ),
        (lambda d: d.update(record={"evaluators": ["A", "B", "C", "D\u202e"]}), "record.evaluators[3]", "U+202E"),
        (
            lambda d: d.update(record={"evaluators": ["x" * (MAX_EVALUATOR_NAME_LENGTH + 1)]}),
            "record.evaluators[0]",
            "longer",
        ),
        (lambda d: d.update(record={"evaluators": ["A\nB"]}), "record.evaluators[0]", "U+000A"),  # a name is one line
    ],
)
def test_the_record_and_unknown_ids_are_refused_by_path(change: Any, path: str, problem: str) -> None:
    doc = document()
    change(doc)
    message = _refusal(doc)
    assert message.startswith(path) and problem in message


def test_hostile_text_is_inert_in_the_report_and_the_text_and_verify_covers_it() -> None:
    doc = observed(document([rater("0.8", "R1")]), HOSTILE)
    result = _result(doc)
    report = render_report(result, "zh", "2026-12-07")
    assert "<script>alert" not in report and "<img" not in report
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in report
    assert report.count("<script") == 2  # the two JSON data scripts, nothing else
    assert verify_report(report).ok
    # a changed observation — shown, or embedded — fails verify
    shown = report.replace("&lt;img", "&lt;IMG", 1)
    assert not verify_report(shown).ok
    at = report.rindex("onerror=alert(1)")  # in the embedded evaluation, the last thing holding it
    assert at > report.index('id="tbsc55-evaluation"')
    embedded = report[:at] + "onerror=alert(2)" + report[at + len("onerror=alert(2)") :]
    assert not verify_report(embedded).ok
    lines = render_text(result, "en")
    assert HOSTILE in lines  # plain text, as typed: a terminal shows it, runs nothing
    assert "Observations of Rater 1 · R1" in lines and "Evaluation record" in lines


def test_csv_cells_starting_with_a_formula_are_neutralised() -> None:
    doc = observed(document([rater("0.8", "R1")]), '=HYPERLINK("http://x")')
    table = evaluation_csv(_result(doc), "en")
    assert "'=HYPERLINK" in table and ",=HYPERLINK" not in table and '"=HYPERLINK' not in table
    assert table.startswith(evaluation_csv(_result(document([rater("0.8", "R1")])), "en").split("Evaluation record")[0])


def test_diff_lists_differing_observations_and_no_figure_changes() -> None:
    a = _result(observed(document([rater("0.8")]), "first"))
    b = _result(observed(document([rater("0.8")]), "=second"))
    comparison = compare(a, b)
    assert comparison.same and not comparison.items and not comparison.clauses
    paths = [c.path for c in comparison.observations]
    assert 'management.observations["4.1"]' in paths and 'service.raters[0].observations["7"]' in paths
    assert "record.scope" in paths and "record.evaluators" not in paths
    assert len(paths) == len(CLAUSE_IDS) + len(ITEM_IDS) + 2
    obj = comparison_to_obj(comparison)
    assert obj["observations"][0] == {"path": "record.scope", "a": "first", "b": "=second"}
    assert "'=second" in comparison_csv(comparison, "en")
    assert "Observations that differ" in render_diff_text(comparison, "en")
    plain = compare(_result(document()), _result(document()))
    assert "observations" not in comparison_to_obj(plain) and "观察记录" not in render_diff_text(plain, "zh")


def _hostile_stream(rater_count: int) -> Any:
    """The JSON text of ``rater_count`` raters × 19 observations of 4,000 characters, made a rater at a time."""
    yield b'{"service":{"raters":['
    note = json.dumps("观" * MAX_OBSERVATION_LENGTH)
    for index in range(rater_count):
        alphas = ",".join(f'"{i}":"0.5"' for i in ITEM_IDS)
        observed_items = ",".join(f'"{i}":{note}' for i in ITEM_IDS)
        yield (("," if index else "") + f'{{"alpha":{{{alphas}}},"observations":{{{observed_items}}}}}').encode()
    yield b'],"management":{"levels":{' + ",".join(f'"{c}":3' for c in CLAUSE_IDS).encode() + b"}}}"


# The CLI run with its own peak memory written to a file when it exits (the suite's other children count otherwise).
# (Its VmHWM, not ru_maxrss: Linux keeps the forked parent's peak in ru_maxrss across exec.)
_MEASURED = (
    "import atexit, re, runpy, sys; out = sys.argv.pop(1); "
    "atexit.register(lambda: open(out, 'w').write("
    "re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())[1])); "
    "runpy.run_module('scoring', run_name='__main__')"
)


def test_ten_thousand_raters_of_observations_are_refused_by_the_size_limit_in_one_line(tmp_path: Any) -> None:
    """10,000 × 19 × 4,000 characters (2.3 GB of UTF-8) piped to validate: refused once 16 MB are read."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURED, str(tmp_path / "peak"), "validate", "-", "--lang", "en"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdin is not None
    sent = 0
    try:
        for chunk in _hostile_stream(MAX_RATERS):
            process.stdin.write(chunk)
            sent += len(chunk)
    except BrokenPipeError:
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        process.stdin = None  # closed: communicate would flush it
    out, err = process.communicate(timeout=60)
    seconds = time.perf_counter() - started
    peak_mb = int((tmp_path / "peak").read_text()) / 1024
    lines = (out + err).decode().splitlines()
    assert process.returncode == 2 and len(lines) == 1, lines
    assert "larger than 16 MB" in lines[0] and "Traceback" not in lines[0]
    assert sent < 2 * MAX_INPUT_BYTES  # what was read is the limit, not the document
    print(f"refused after {sent / 2**20:.1f} MB sent, {seconds:.2f} s, peak RSS {peak_mb:.0f} MB")
    assert peak_mb < 200


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_the_cli_refuses_a_hostile_observation_in_one_line(command: str, tmp_path: Any) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(_set(document(), PATHS[1], "a\u202eb")), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "scoring", command, str(path), "--lang", "en"], capture_output=True, check=False
    )
    lines = (done.stdout + done.stderr).decode().splitlines()
    assert done.returncode == 2 and len(lines) == 1
    assert 'service.raters[1].observations["1.1"]' in lines[0] and "U+202E" in lines[0]


def test_no_report_is_written_that_verify_would_not_read(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Escaping makes observations longer in a report (a quotation mark is six characters there): a report past the
    limit of what verify and the calculator's Open read is refused in one line, never written. The limit is made
    small here; at the real one the document would be near 16 MB of quotation marks."""
    import scoring.report  # noqa: PLC0415
    from scoring.cli import main  # noqa: PLC0415

    doc = _set(document(), PATHS[0], '"' * MAX_OBSERVATION_LENGTH)
    result = evaluate(evaluation_from_obj(doc))
    size = len(render_report(result, "en", "2026-12-07").encode())
    monkeypatch.setattr(scoring.report, "MAX_REPORT_BYTES", size - 1)
    with pytest.raises(InputError) as refused:
        render_report(result, "en", "2026-12-07")
    assert "more than verify and the calculator read" in refused.value.text("en")
    assert "缩短观察记录" in refused.value.text("zh")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(doc).encode()), encoding="utf-8"))
    assert main(["report", "-", "--lang", "en", "--date", "2026-12-07"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "shorten the observations" in err
    monkeypatch.setattr(scoring.report, "MAX_REPORT_BYTES", size)
    assert len(render_report(result, "en", "2026-12-07").encode()) == size  # at the limit: written
