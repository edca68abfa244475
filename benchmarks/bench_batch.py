"""Batch grading throughput and memory (issue 5): rater sheets per second end to end, and peak memory for
10 thousand against 1 million sheets (it should stay flat: the batch streams).

Each run is a fresh `python -m scoring batch` process on generated files (10 raters an organization); medians of
several runs. Throughput counts the whole command, interpreter start included.

    .venv/bin/python -m benchmarks.bench_batch [--large 1000000]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scoring.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent

RULES = load_rules()
MEASURE = (
    "import resource, sys; from scoring.cli import main; code = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def generate(folder: Path, sheets: int, per_organization: int = 10, seed: int = 5) -> tuple[Path, Path]:
    rng = random.Random(seed)
    items = [i.id for i in RULES.service.items]
    clauses = [c.id for c in RULES.management.clauses]
    alphas = [f"0.{n:02d}" for n in range(100)] + ["1"]
    sheet_path, level_path = folder / f"sheets-{sheets}.csv", folder / f"levels-{sheets}.csv"
    with (
        sheet_path.open("w", newline="", encoding="utf-8") as s,
        level_path.open("w", newline="", encoding="utf-8") as lv,
    ):
        sheet_writer, level_writer = csv.writer(s), csv.writer(lv)
        sheet_writer.writerow(["organization", "rater", *items])
        level_writer.writerow(["organization", *clauses, "conformity_passed"])
        for org in range(sheets // per_organization):
            name = f"组织 {org:07d}"
            for rater in range(per_organization):
                sheet_writer.writerow([name, f"R{rater}", *rng.choices(alphas[60:], k=len(items))])
            level_writer.writerow([name, *rng.choices("2345", k=len(clauses)), 1])
    return sheet_path, level_path


def run(sheet_path: Path, level_path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            "batch",
            "--raters",
            str(sheet_path),
            "--levels",
            str(level_path),
            "--out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.strip().splitlines()[-1])  # ru_maxrss in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--medium", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    memories = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.small, args.medium, args.large):
            paths = generate(Path(tmp), size)
            runs = [run(*paths) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            memories.append(max(r[1] for r in runs) / 1024)
            print(
                f"{size:>9,} sheets: {seconds:6.2f} s median, {size / seconds:9,.0f} sheets/s "
                f"(target ≥ 50,000), peak memory {memories[-1]:6.1f} MiB"
            )
    # Flat: a bounded number of blocks in flight, whatever the file's size; the small file fits in one block.
    print(f"peak memory, {args.large:,} against {args.small:,} sheets: {memories[-1] / memories[0]:.2f} ×")
    print(f"peak memory, {args.large:,} against {args.medium:,} sheets: {memories[-1] / memories[1]:.2f} ×")


if __name__ == "__main__":
    main()
