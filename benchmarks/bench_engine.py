"""Engine speed: one 30-rater evaluation in-process, and the CLI end to end (issue 2's benchmark).

Medians over several runs. The CLI figure is set beside a bare interpreter start measured in the same run,
because most of a short command's time is Python starting up. Target: ≤ 2 ms per in-process evaluation.

    .venv/bin/python -m benchmarks.bench_engine
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scoring import evaluate, evaluation_from_obj, load_rules, result_to_obj
from scoring.document import read_json

RULES = load_rules()


def thirty_rater_document(seed: int = 55) -> str:
    rng = random.Random(seed)
    raters = [
        {"id": f"R{n}", "alpha": {item.id: f"0.{rng.randrange(100):02d}" for item in RULES.service.items}}
        for n in range(1, 31)
    ]
    levels = {clause.id: rng.randint(1, 5) for clause in RULES.management.clauses}
    return json.dumps({"service": {"raters": raters}, "management": {"levels": levels}})


def per_call_us(fn: object, repeat: int = 7, number: int = 200) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        for _ in range(number):
            fn()  # type: ignore[operator]
        samples.append((time.perf_counter_ns() - start) / number / 1000)
    return statistics.median(samples)


def command_ms(argv: list[str], runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    text = thirty_rater_document()
    evaluation = evaluation_from_obj(read_json(text))
    grade_only = per_call_us(lambda: evaluate(evaluation))
    full = per_call_us(lambda: result_to_obj(evaluate(evaluation_from_obj(read_json(text)))))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thirty.json"
        path.write_text(text, encoding="utf-8")
        bare = command_ms([sys.executable, "-c", "pass"])
        cli = command_ms([sys.executable, "-m", "scoring", "evaluate", str(path), "--format", "json"])
    print("30-rater evaluation, medians of 7 runs")
    print(f"  grade only (evaluate):                  {grade_only:8.1f} µs   target ≤ 2000 µs")
    print(f"  parse + validate + grade + JSON output: {full:8.1f} µs")
    print(
        f"  CLI end to end (python -m scoring):     {cli:8.1f} ms   (bare interpreter start {bare:.1f} ms, "
        f"ratio {cli / bare:.2f})"
    )


if __name__ == "__main__":
    main()
