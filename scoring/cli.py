"""Command line: ``python -m scoring`` (or ``tbsc55``).

    evaluate FILE|-  [--format text|json] [--profile final|table] [--lang zh|en]
    evaluate --vector STRING
    evaluate --raters sheets.csv --levels levels.json
    validate FILE|-
    batch --raters sheets.csv --levels levels.csv [--format csv|jsonl] [--out FILE]
    template [--lang zh|en] [--organization]
    vector FILE|-
    schema [evaluation|result]

    report FILE|- [--lang zh|en] [--out report.html]
    verify REPORT

Exit status 0 on success, 2 on bad input with one line on stderr naming the field path and the problem,
1 when ``verify`` finds a report that does not match its evaluation.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TextIO, cast

from . import __about__
from .batch import BATCH_FIELDS, BatchResult, as_row, grade_batch, text_stream
from .document import MAX_DOCUMENT_BYTES, evaluation_from_obj, parse_json, read_json
from .engine import evaluate, result_to_obj
from .errors import InputError
from .model import Evaluation
from .report import render_report, sha256_of, summary_of, verify_report
from .rules import Lang, load_rules
from .schema import evaluation_schema, result_schema
from .sheets import read_rater_sheets, template
from .text import render_text
from .vector import parse_vector, to_vector

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT = 0, 1, 2
MAX_LISTED_REFUSALS = 20


def _read(source: str) -> bytes:
    """The bytes of FILE (``-``: standard input), refusing more than the document size limit."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from None
    return data


def _from_sheets(raters_csv: str, levels_json: str | None, organization: str | None) -> Evaluation:
    """``--raters sheets.csv --levels levels.json``: rater sheets as CSV, the management part as JSON."""
    if levels_json is None:
        raise InputError("--levels", "give the maturity levels of the management clauses as JSON with --raters")
    management = read_json(_read(levels_json))
    if isinstance(management, dict) and "management" in management:  # a whole evaluation document is fine too
        management = management["management"]
    doc: dict[str, object] = {"service": {"raters": read_rater_sheets(_read(raters_csv), raters_csv)}}
    doc["management"] = management
    if organization is not None:
        doc["organization"] = organization
    return evaluation_from_obj(doc)


def _load(args: argparse.Namespace) -> Evaluation:
    if getattr(args, "raters", None) is not None:
        evaluation = _from_sheets(args.raters, args.levels, args.organization)
    elif getattr(args, "vector", None) is not None:
        evaluation = parse_vector(args.vector)
    elif args.file is None:
        raise InputError("", "give a FILE (or - for standard input) or --vector STRING")
    else:
        evaluation = parse_json(_read(args.file))
    if getattr(args, "profile", None):
        evaluation = replace(evaluation, profile=args.profile)
    return evaluation


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def cmd_evaluate(args: argparse.Namespace) -> int:
    result = evaluate(_load(args))
    if args.format == "json":
        _print_json(result_to_obj(result))
    else:
        sys.stdout.write(render_text(result, cast(Lang, args.lang)))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    evaluation = _load(args)
    raters = len(evaluation.raters)
    print(f"{args.file or 'vector'}: valid evaluation document ({raters} rater{'s' if raters != 1 else ''})")
    return EXIT_OK


def cmd_vector(args: argparse.Namespace) -> int:
    print(to_vector(_load(args)))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    result = evaluate(_load(args))
    html = render_report(result, cast(Lang, args.lang), args.date or datetime.date.today().isoformat())
    if args.out in (None, "-"):
        sys.stdout.write(html)
    else:
        try:
            with open(args.out, "w", encoding="utf-8") as handle:
                handle.write(html)
        except OSError as exc:
            raise InputError(args.out, exc.strerror or str(exc)) from None
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    data = _read(args.file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(args.file, "not a UTF-8 report") from None
    verification = verify_report(text)
    if not verification.ok:
        for problem in verification.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        return EXIT_MISMATCH
    assert verification.result is not None
    summary = summary_of(verification.result)
    print(
        f"{args.file}: verified — {summary['scheme']}, profile {summary['profile']}, service score "
        f"{summary['service_score']}, maturity total {summary['management_total']} (grade "
        f"{summary['management_grade']}), {summary['stars']} stars; SHA-256 {sha256_of(verification.result)}"
    )
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as files:
        try:
            sheets = files.enter_context(open(args.raters, "rb"))
            levels = text_stream(files.enter_context(open(args.levels, "rb")), args.levels)
            out = (
                sys.stdout
                if args.out in (None, "-")
                else files.enter_context(open(args.out, "w", encoding="utf-8", newline=""))
            )
        except OSError as exc:
            raise InputError(exc.filename or "", exc.strerror or str(exc)) from None
        results = grade_batch(
            sheets, levels, args.profile, sheets_name=args.raters, levels_name=args.levels, jobs=args.jobs
        )
        summary = _write_batch(
            results, out, args.format, args.profile, Progress(sys.stderr) if sys.stderr.isatty() else None
        )
    print(summary.line(), file=sys.stderr)
    for line in summary.listed:
        print(line, file=sys.stderr)
    if summary.refused > len(summary.listed):
        print(f"  … and {summary.refused - len(summary.listed)} more (see the reason column)", file=sys.stderr)
    return EXIT_OK


@dataclass
class BatchSummary:
    graded: int = 0
    refused: int = 0
    sheets: int = 0
    listed: list[str] = field(default_factory=list)  # the first refusals, with their reasons

    def line(self) -> str:
        return (
            f"{self.graded + self.refused} organizations ({self.sheets} rater sheets): "
            f"{self.graded} graded, {self.refused} refused"
        )


def _write_batch(
    results: Iterable[BatchResult], out: TextIO, fmt: str, profile: str, progress: Progress | None
) -> BatchSummary:
    summary = BatchSummary()
    writer = csv.DictWriter(out, fieldnames=BATCH_FIELDS, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for result in results:
        row = as_row(result, profile)
        if writer:
            writer.writerow({k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in row.items()})
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        summary.sheets += result.raters
        if result.refused:
            summary.refused += 1
            if len(summary.listed) < MAX_LISTED_REFUSALS:
                summary.listed.append(f"  {result.organization or '(no organization)'}: {result.refused}")
        else:
            summary.graded += 1
        if progress:
            progress.update(summary.sheets, summary.graded + summary.refused)
    if progress:
        progress.done()
    return summary


class Progress:
    """A one-line progress display on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.last = stream, 0.0

    def update(self, sheets: int, organizations: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.1:
            self.last = now
            self.stream.write(f"\r{sheets:,} rater sheets, {organizations:,} organizations…")
            self.stream.flush()

    def done(self) -> None:
        self.stream.write("\r\033[K")


def cmd_template(args: argparse.Namespace) -> int:
    sys.stdout.write(template(lang=cast(Lang, args.lang), organization=args.organization))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    _print_json(evaluation_schema() if args.which == "evaluation" else result_schema())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    rules = load_rules()
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description=f"Grading engine of {rules.scheme.full_id} ({rules.scheme.title.zh}).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"tbsc55-scoring {__about__.__version__} ({rules.scheme.full_id})",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("evaluate", help="grade an evaluation document")
    ev.add_argument("file", nargs="?", metavar="FILE", help="JSON evaluation document, or - for standard input")
    ev.add_argument("--vector", metavar="STRING", help="grade a compact evaluation string instead of a FILE")
    ev.add_argument("--raters", metavar="CSV", help="rater sheets as CSV instead of a FILE (with --levels)")
    ev.add_argument("--levels", metavar="JSON", help="management levels (and conformity_passed) as JSON")
    ev.add_argument("--organization", metavar="NAME", help="the organization, with --raters")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--profile", choices=rules.certification.profile_ids, help="override the document's profile (5.3)")
    ev.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text output (default zh)")
    ev.set_defaults(handler=cmd_evaluate)

    va = sub.add_parser("validate", help="check an evaluation document without grading it")
    va.add_argument("file", nargs="?", metavar="FILE")
    va.add_argument("--vector", metavar="STRING")
    va.set_defaults(handler=cmd_validate)

    ve = sub.add_parser("vector", help="print the compact evaluation string of a JSON document")
    ve.add_argument("file", metavar="FILE")
    ve.set_defaults(handler=cmd_vector)

    rp = sub.add_parser("report", help="write a printable HTML report of an evaluation")
    rp.add_argument("file", nargs="?", metavar="FILE")
    rp.add_argument("--vector", metavar="STRING")
    rp.add_argument("--profile", choices=rules.certification.profile_ids)
    rp.add_argument("--lang", choices=("zh", "en"), default="zh")
    rp.add_argument("--out", metavar="FILE", help="where to write the report (default: standard output)")
    rp.add_argument("--date", metavar="YYYY-MM-DD", help="the report's date (default: today)")
    rp.set_defaults(handler=cmd_report)

    vf = sub.add_parser("verify", help="re-check a report: its hash, its string and its result (exit 1 if they differ)")
    vf.add_argument("file", metavar="REPORT")
    vf.set_defaults(handler=cmd_verify)

    ba = sub.add_parser("batch", help="grade many organizations: rater sheets CSV + levels CSV → one row each")
    ba.add_argument("--raters", metavar="CSV", required=True, help="rater sheets with an organization column")
    ba.add_argument("--levels", metavar="CSV", required=True, help="one row of 21 levels per organization")
    ba.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    ba.add_argument("--profile", choices=rules.certification.profile_ids, default=rules.certification.default_profile)
    ba.add_argument("--out", metavar="FILE", help="where to write the results (default: standard output)")
    ba.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: one per CPU; 1 grades in this process)",
    )
    ba.set_defaults(handler=cmd_batch)

    te = sub.add_parser("template", help="print a rater-sheet CSV template")
    te.add_argument("--lang", choices=("zh", "en"), default="zh")
    te.add_argument("--organization", action="store_true", help="with an organization column (for batch)")
    te.set_defaults(handler=cmd_template)

    sc = sub.add_parser("schema", help="print the JSON Schema of the evaluation document (or of the result)")
    sc.add_argument("which", nargs="?", choices=("evaluation", "result"), default="evaluation")
    sc.set_defaults(handler=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # Chinese output even under a C locale
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
