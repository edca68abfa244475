"""Time and memory at the input limits (issue 9): the largest evaluation, and refused hostile inputs.

Every figure is the median of several runs of the CLI in a fresh process, end to end, with its peak resident
memory (``wait4``'s ru_maxrss), set beside a bare interpreter measured in the same run. Targets:

* 10,000 raters (the limit), ``evaluate --format json``: ≤ 1 s and ≤ 150 MB peak;
* every refused input (junk JSON, compact strings, CSV and reports at their size limits): ≤ 100 MB peak;
* ``batch`` on an unclosed quote followed by N lines: linear (time for 1M lines ÷ time for 100k ≈ 10 or less,
  since it is refused at the first 64 KB record).

    .venv/bin/python -m benchmarks.bench_limits [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scoring.limits import MAX_INPUT_BYTES, MAX_RATERS, MAX_REPORT_BYTES
from scoring.rules import load_rules

RULES = load_rules()
ITEMS = [item.id for item in RULES.service.items]
CLAUSES = [clause.id for clause in RULES.management.clauses]


# Linux keeps a process's peak memory across exec, and a child starts with its parent's: commands forked from this
# process (which holds the test files) would report this process's size. They are started instead by a small
# spawner, started before anything big is made, which reports each command's time, peak and exit status.
SPAWNER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    argv, stdin = json.loads(line)
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        process = subprocess.Popen(argv, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps([seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), cpu]), flush=True)
"""
_spawner = subprocess.Popen(
    [sys.executable, "-S", "-c", SPAWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
)


def measure(argv: list[str], stdin: Path | None = None) -> tuple[float, float, int, float]:
    """(seconds, peak MB, exit status, CPU seconds) of one command, end to end."""
    assert _spawner.stdin is not None and _spawner.stdout is not None
    _spawner.stdin.write(json.dumps([argv, str(stdin) if stdin else None]) + "\n")
    _spawner.stdin.flush()
    seconds, peak, status, cpu = json.loads(_spawner.stdout.readline())
    return seconds, peak, status, cpu


def median_of(runs: int, argv: list[str], stdin: Path | None = None) -> tuple[float, float, int, float]:
    """Medians of wall time, peak memory and CPU time (CPU time is the steadier figure on a busy machine)."""
    samples = [measure(argv, stdin) for _ in range(runs)]
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
        samples[0][2],
        statistics.median(s[3] for s in samples),
    )


def _row(label: str, sample: tuple[float, float, int, float]) -> str:
    seconds, peak, status, cpu = sample
    return f"  {label:44} {seconds * 1000:5.0f} ms {cpu * 1000:5.0f} ms {peak:6.1f} MB  exit {status}"


def largest_document(path: Path) -> None:
    rng = random.Random(55)
    raters = [
        {"id": f"R{n}", "alpha": {item: f"0.{rng.randrange(100):02d}" for item in ITEMS}} for n in range(MAX_RATERS)
    ]
    doc = {"service": {"raters": raters}, "management": {"levels": dict.fromkeys(CLAUSES, 3)}}
    path.write_text(json.dumps(doc), encoding="utf-8")


def junk(folder: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Refused inputs at (just under) each size limit: name → (arguments after the command, standard input)."""
    under = MAX_INPUT_BYTES - 16
    files = {
        "json-numbers.json": b"[" + b"1.5," * (under // 4 - 1) + b"1]",
        "json-objects.json": b"[" + b"{}," * (under // 3 - 1) + b"{}]",
        "json-deep.json": b"[" * under,
        "json-long-string.json": b'{"organization":"' + b"x" * (under - 20) + b'"}',
        "csv-one-row.csv": b"rater," + b"0.5," * (under // 4 - 2) + b"\n",
        "csv-quoted.csv": b'rater,"' + b"0.5\n" * (under // 4 - 2),
        "csv-blank-lines.csv": b"\n" * under,
        "report-junk.html": b"<!DOCTYPE html><html lang=" + b"x" * (MAX_REPORT_BYTES - 100),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "vector.txt").write_text("TBSC55-2026:B0/P:final/R:" + "0.5," * (under // 4 - 8), encoding="ascii")
    (folder / "levels.json").write_text(json.dumps({"levels": dict.fromkeys(CLAUSES, 3)}), encoding="utf-8")
    py = [sys.executable, "-m", "scoring"]
    cases: dict[str, tuple[list[str], Path | None]] = {
        name: ([*py, "evaluate", str(folder / name)], None) for name in files if name.startswith("json")
    }
    for name in files:
        if name.startswith("csv"):
            cases[name] = (
                [*py, "evaluate", "--raters", str(folder / name), "--levels", str(folder / "levels.json")],
                None,
            )
    cases["report-junk.html"] = ([*py, "verify", str(folder / "report-junk.html")], None)
    vector = (folder / "vector.txt").read_text(encoding="ascii")
    cases["vector (argument)"] = ([*py, "evaluate", "--vector", vector[:100_000]], None)  # argv is limited in size
    cases["json on stdin, over the limit"] = ([*py, "evaluate", "-"], folder / "json-deep.json")
    return cases


def unclosed_quote(folder: Path, lines: int) -> list[str]:
    sheets, levels = folder / f"quote-{lines}.csv", folder / "levels.csv"
    header = ",".join(["organization", "rater", *ITEMS]) + "\n"
    sheets.write_bytes(header.encode() + b'A,"R1,' + b"0.5,0.5\n" * lines)
    levels.write_text(",".join(["organization", *CLAUSES]) + "\n", encoding="utf-8")
    return [sys.executable, "-m", "scoring", "batch", "--raters", str(sheets), "--levels", str(levels)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = median_of(runs, [sys.executable, "-c", "pass"])
        document = folder / "largest.json"
        largest_document(document)
        largest = median_of(runs, [sys.executable, "-m", "scoring", "evaluate", str(document), "--format", "json"])
        text = median_of(runs, [sys.executable, "-m", "scoring", "evaluate", str(document)])
        print(f"Input limits, medians of {runs} runs (each a fresh process, end to end)")
        print(f"  {'':44} {'wall':>8} {'CPU':>8} {'peak':>9}")
        print(_row("bare interpreter", bare))
        print(_row(f"{MAX_RATERS:,} raters, evaluate --format json", largest), "  target ≤ 1000 ms, ≤ 150 MB")
        print(_row(f"{MAX_RATERS:,} raters, evaluate (text)", text))
        print("  refused inputs (target ≤ 100 MB peak each):")
        worst = 0.0
        for name, (argv, stdin) in junk(folder).items():
            seconds, peak, status, _ = median_of(runs, argv, stdin)
            worst = max(worst, peak)
            print(f"    {name:32} {seconds * 1000:7.0f} ms  {peak:6.1f} MB  exit {status}")
        print(f"    worst peak: {worst:.1f} MB")
        short = median_of(runs, unclosed_quote(folder, 100_000))
        long = median_of(runs, unclosed_quote(folder, 1_000_000))
        print(
            f"  batch, unclosed quote: 100k lines {short[0] * 1000:.0f} ms, 1M lines {long[0] * 1000:.0f} ms "
            f"(ratio {long[0] / short[0]:.2f}; linear ≤ 10), peaks {short[1]:.0f} / {long[1]:.0f} MB"
        )


if __name__ == "__main__":
    main()
