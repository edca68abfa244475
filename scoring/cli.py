"""Command line: ``python -m scoring`` (or ``tbsc55``).

    evaluate FILE|-  [--format text|json|csv] [--profile final|table] [--lang zh|en]
    evaluate --vector STRING
    evaluate --raters sheets.csv --levels levels.json
    validate FILE|-
    diff A B  [--format text|json|csv] [--profile final|table] [--lang zh|en]
    diff --vector-a STRING --raters-b sheets.csv --levels-b levels.json   (and any other mix)
    batch --raters sheets.csv --levels levels.csv [--format csv|jsonl] [--out FILE]
    template [--lang zh|en] [--organization]
    vector FILE|-
    schema [evaluation|result]

    report FILE|- [--lang zh|en] [--out report.html]
    verify REPORT

Every command takes ``--lang zh|en``, zh by default (as the text of ``evaluate``): the language of what it writes
for a reader, its refusals and ``verify``'s verdict included.

Exit status 0 on success, 2 on bad input with one line on stderr naming the field path and the problem,
1 when ``verify`` finds a report that is not exactly the one this tool makes of its evaluation, or ``validate`` a
draft document with fields missing or wrong (listed on stdout, one a line; every other command refuses a draft in
one line naming its first missing or wrong field and how many there are). Every refusal
is one line of at most ~300 printable characters (``scoring.errors``); no input is read in part
(``scoring.limits``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any, NoReturn, TextIO, cast

from . import __about__
from .batch import BATCH_FIELDS, BatchResult, as_row, grade_batch, text_stream
from .diagnostics import AgreementJson, diagnose, diagnostics_to_obj
from .diff import compare, comparison_to_obj
from .document import evaluation_from_obj, parse_json, read_json
from .drafts import is_draft, read_draft
from .engine import EvaluationResult, RaterJson, evaluate, rater_observations, result_to_obj
from .errors import InputError, one_line, os_problem, printable
from .exports import comparison_csv, evaluation_csv
from .limits import MAX_INPUT_BYTES, MAX_REPORT_BYTES, read_bytes
from .messages import message, names, said
from .model import Evaluation
from .report import check_date, looks_like_report, render_report, verdict, verify_report
from .rules import Lang, Rules, load_rules
from .schema import evaluation_schema, result_schema
from .sheets import read_levels_sheet, read_rater_sheets, template
from .spreadsheet import spreadsheet_safe
from .text import render_diagnostics_text, render_diff_text, render_text
from .vector import parse_vector, to_vector
from .words import colon

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT = 0, 1, 2
MAX_LISTED_REFUSALS = 20


def _read(source: str) -> bytes:
    """All the bytes of FILE (``-``: standard input), or a refusal naming it if it is over the input limit."""
    return read_bytes(source, MAX_INPUT_BYTES)


def _from_sheets(raters_csv: str, levels_file: str | None, organization: str | None) -> Evaluation:
    """``--raters sheets.csv --levels levels.json``: rater sheets as CSV, the management part as JSON — or as a
    levels CSV of one row (``levels.csv``, the layout of the levels template), which may name the organization."""
    if levels_file is None:
        raise InputError("--levels", *said("levels_needed"))
    doc: dict[str, object] = {}
    if levels_file.lower().endswith(".csv"):
        doc |= read_levels_sheet(_read(levels_file), levels_file)
    else:
        management = read_json(_read(levels_file))
        if isinstance(management, dict) and "management" in management:  # a whole evaluation document is fine too
            management = management["management"]
        doc["management"] = management
    doc["service"] = {"raters": read_rater_sheets(_read(raters_csv), raters_csv)}
    if organization is not None:
        doc["organization"] = organization
    return evaluation_from_obj(doc)


def _load(args: argparse.Namespace) -> Evaluation:
    if getattr(args, "raters", None) is not None:
        evaluation = _from_sheets(args.raters, args.levels, args.organization)
    elif getattr(args, "vector", None) is not None:
        evaluation = parse_vector(args.vector)
    elif args.file is None:
        raise InputError("", *said("file_needed"))
    else:
        evaluation = parse_json(_read(args.file))
    if getattr(args, "profile", None):
        evaluation = replace(evaluation, profile=args.profile)
    return evaluation


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _print_result(result: EvaluationResult) -> None:
    """A result as indented JSON, with each rater and each trace step on one line of its own, written as made.

    Those lists grow with the raters (10,000 raters: 190,000 item objects); written one element a line by the
    C encoder, and each rater as soon as it is made, they stay readable, take a fraction of the size and memory,
    and are written many times faster than indented. The site's rater agreement diagnostics follow as a separate
    ``diagnostics`` member (scoring.diagnostics), so that the graded result is the same with or without them.
    """
    obj = result_to_obj(result, with_raters=False)
    diagnostics = diagnose(result.service, result.rules.service)
    shell = {
        **obj,
        "service": {**obj["service"], "raters": "\0raters"},
        "trace": "\0trace",
        "diagnostics": {**diagnostics_to_obj(diagnostics, with_raters=False), "raters": "\0agreement"},
    }
    text = json.dumps(shell, ensure_ascii=False, indent=2)
    head, after_raters, after_trace, tail = _split_at(text, '"\\u0000raters"', '"\\u0000trace"', '"\\u0000agreement"')
    out = sys.stdout
    out.write(head)
    _write_lines(out, map(RaterJson(observations=rater_observations(result.evaluation)), result.service.raters), "    ")
    out.write(after_raters)
    _write_lines(out, map(_dumps, obj["trace"]), "  ")
    out.write(after_trace)
    _write_lines(out, map(AgreementJson(), diagnostics.raters), "    ")
    out.write(tail + "\n")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _split_at(text: str, *markers: str) -> list[str]:
    parts = []
    for marker in markers:
        before, _, text = text.partition(marker)
        parts.append(before)
    return [*parts, text]


def _write_lines(out: TextIO, items: Iterable[str], indent: str) -> None:
    """A JSON array of elements already written as JSON, one element a line (an empty array as ``[]``)."""
    first = True
    for item in items:
        out.write(("[\n" if first else ",\n") + indent + item)
        first = False
    out.write("[]" if first else "\n" + indent[:-2] + "]")


def cmd_evaluate(args: argparse.Namespace) -> int:
    result = evaluate(_load(args))
    lang = cast(Lang, args.lang)
    if args.format == "json":
        _print_result(result)
    elif args.format == "csv":
        sys.stdout.write(evaluation_csv(result, lang))  # starts with the BOM; text cells neutralised
    else:
        sys.stdout.write(render_text(result, lang))  # names escaped there (scoring.text)
        sys.stdout.write(render_diagnostics_text(diagnose(result.service, result.rules.service), lang))
    return EXIT_OK


# A compact evaluation string is told from a file name by its prefix (scoring.vector); no file is named that way.
VECTOR_PREFIX = "TBSC55-2026:"


def _read_side(args: argparse.Namespace, side: str, positional: str | None) -> Evaluation:
    """One side of ``diff``: rater sheets with levels, a compact string, or a JSON file (a string is recognised by
    its prefix, which no file name has)."""
    raters, levels, vector = (getattr(args, f"{kind}_{side}") for kind in ("raters", "levels", "vector"))
    if raters is not None and levels is None:
        raise InputError(f"--levels-{side}", *said("side_levels_needed", side=side))
    if raters is not None:
        return _from_sheets(raters, levels, None)
    if levels is not None:
        raise InputError(f"--levels-{side}", *said("side_raters_needed", side=side))
    if vector is not None:
        return parse_vector(vector)
    if positional is None:
        raise InputError("", *said("side_needed", side=side))
    if positional.startswith(VECTOR_PREFIX):
        return parse_vector(positional)
    return parse_json(_read(positional))


def _side(args: argparse.Namespace, side: str, positional: str | None) -> Evaluation:
    """One side of ``diff``; a refusal names the side (A or B) and its file, since both sides have the same fields."""
    try:
        evaluation = _read_side(args, side, positional)
    except InputError as exc:
        label = side.upper()
        from_file = positional is not None and not positional.startswith(VECTOR_PREFIX) and exc.path != positional
        prefix = f"{label}: {positional}" if from_file and getattr(args, f"vector_{side}") is None else label
        raise type(exc)(f"{prefix}: {exc.path}" if exc.path else prefix, exc.problem, exc.problem_zh) from None
    if args.profile:
        evaluation = replace(evaluation, profile=args.profile)
    return evaluation


def cmd_diff(args: argparse.Namespace) -> int:
    files = list(args.files)
    sides: dict[str, str | None] = {}
    for side in ("a", "b"):  # the positional arguments go, in order, to the sides no option gives
        given = getattr(args, f"raters_{side}") is not None or getattr(args, f"vector_{side}") is not None
        sides[side] = None if given or not files else files.pop(0)
    if files:
        raise InputError("", *said("one_input_too_many", input=files[0]))
    if sides["a"] == sides["b"] == "-":
        raise InputError("B", *said("one_standard_input"))
    comparison = compare(evaluate(_side(args, "a", sides["a"])), evaluate(_side(args, "b", sides["b"])))
    lang = cast(Lang, args.lang)
    if args.format == "json":
        _print_json(comparison_to_obj(comparison))
    elif args.format == "csv":
        sys.stdout.write(comparison_csv(comparison, lang))
    else:
        sys.stdout.write(render_diff_text(comparison, lang))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """0: a valid evaluation document; 1: a draft document (scoring/drafts.py) with fields missing or wrong, each
    listed on a line of its own (path: problem) after a line that counts them; 2: refused (one line on stderr)."""
    name = printable(args.file or "vector")
    if args.vector is None and args.file is not None:
        obj = read_json(_read(args.file))
        draft = read_draft(obj) if is_draft(obj) else None
        if draft is not None and draft.problems:
            raters = len(draft.form["service"]["raters"])
            summary = message(
                "draft_summary", args.lang, name=name, raters=raters, missing=draft.missing, wrong=draft.wrong
            )
            print(summary)
            sys.stdout.writelines(problem.text(args.lang) + "\n" for problem in draft.problems)
            return EXIT_MISMATCH
        evaluation = evaluation_from_obj(obj)
    else:
        evaluation = _load(args)
    raters = len(evaluation.raters)
    print(message("valid_document", args.lang, name=name, raters=raters))
    return EXIT_OK


def cmd_vector(args: argparse.Namespace) -> int:
    print(to_vector(_load(args)))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    date = check_date(args.date) if args.date is not None else datetime.date.today().isoformat()
    html = render_report(evaluate(_load(args)), cast(Lang, args.lang), date)
    if args.out in (None, "-"):
        sys.stdout.buffer.write(html.encode("utf-8"))  # the bytes verify compares: no newline translation
    else:
        _write_atomically(args.out, lambda handle: handle.write(html.encode("utf-8")), _input_files(args))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    data = read_bytes(args.file, MAX_REPORT_BYTES)
    if not looks_like_report(data):  # told from the bytes, before a second copy of them is made
        raise InputError(args.file, *said("not_a_report", problem=names("no_embedded_evaluation")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = names("not_utf8_from", byte=exc.start)
        raise InputError(args.file, *said("not_a_report", problem=problem)) from None
    verification = verify_report(text)
    lang = cast(Lang, args.lang)
    line = f"{args.file}{colon(lang)}{verdict(verification, lang)}"
    if not verification.ok:
        print(one_line(line), file=sys.stderr)
        return EXIT_MISMATCH
    print(printable(line))
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise InputError("--jobs", *said("not_a_jobs_count", jobs=args.jobs))
    progress = Progress(sys.stderr, args.lang) if sys.stderr.isatty() else None
    with contextlib.ExitStack() as files:
        try:
            sheets = files.enter_context(open(args.raters, "rb"))
            levels = text_stream(files.enter_context(open(args.levels, "rb")), args.levels)
        except OSError as exc:
            raise InputError(exc.filename or "", *os_problem(exc)) from None
        results = grade_batch(
            sheets, levels, args.profile, sheets_name=args.raters, levels_name=args.levels, jobs=args.jobs
        )
        if args.out in (None, "-"):
            summary = _write_batch(results, sys.stdout, args, progress)
        else:
            summaries: list[BatchSummary] = []

            def write(handle: IO[bytes]) -> None:
                text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                summaries.append(_write_batch(results, text, args, progress))
                text.flush()
                text.detach()

            _write_atomically(args.out, write, _input_files(args))
            summary = summaries[0]
    print(summary.line(args.lang), file=sys.stderr)
    for line in summary.listed:
        print(line, file=sys.stderr)
    if summary.refused > len(summary.listed):
        print("  " + message("batch_more", args.lang, n=summary.refused - len(summary.listed)), file=sys.stderr)
    return EXIT_OK


# Every option of any command that names a file the command reads: what --out may never name.
_INPUT_OPTIONS = ("file", "raters", "levels", "file_a", "file_b", "raters_a", "raters_b", "levels_a", "levels_b")


def _input_files(args: argparse.Namespace) -> list[str]:
    """The files this command reads (standard input, "-", is none)."""
    return [value for name in _INPUT_OPTIONS if isinstance(value := getattr(args, name, None), str) and value != "-"]


def _write_atomically(path: str, write: Callable[[IO[bytes]], object], inputs: Sequence[str]) -> None:
    """Write ``path`` through a temporary file in its folder, moved into place only when ``write`` succeeded.

    A failed run leaves no partial output (and an earlier file of that name as it was). ``path`` may not be one
    of ``inputs``, however spelled (the same file: device and inode): that would destroy the input.
    """
    for source in inputs:
        try:
            if os.path.exists(path) and os.path.samefile(path, source):
                raise InputError("--out", *said("out_is_input", path=path, source=source))
        except OSError:
            continue
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".tbsc55-", suffix=".part", delete=False)  # noqa: SIM115
    except OSError as exc:
        raise InputError(path, *os_problem(exc)) from None
    try:
        with handle:
            write(handle)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # as an ordinary new file would be, not the temporary file's 0600
        os.replace(handle.name, path)
    except OSError as exc:
        raise InputError(path, *os_problem(exc)) from None
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)


@dataclass
class BatchSummary:
    graded: int = 0
    refused: int = 0
    sheets: int = 0
    listed: list[str] = field(default_factory=list)  # the first refusals, with their reasons

    def line(self, lang: Lang) -> str:
        count = self.graded + self.refused
        return message("batch_summary", lang, count=count, sheets=self.sheets, graded=self.graded, refused=self.refused)


def _write_batch(
    results: Iterable[BatchResult], out: TextIO, args: argparse.Namespace, progress: Progress | None
) -> BatchSummary:
    fmt, profile, lang = args.format, args.profile, args.lang
    summary = BatchSummary()
    writer = csv.DictWriter(out, fieldnames=BATCH_FIELDS, lineterminator="\n") if fmt == "csv" else None
    # The header waits for the first result: a file refused at its start prints nothing on standard output.
    for result in results:
        if writer and not summary.graded + summary.refused:
            writer.writeheader()
        row = as_row(result, profile, lang)
        if writer:
            writer.writerow(
                {k: ("true" if v else "false") if isinstance(v, bool) else spreadsheet_safe(v) for k, v in row.items()}
            )
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        summary.sheets += result.raters
        if result.refused:
            summary.refused += 1
            if len(summary.listed) < MAX_LISTED_REFUSALS:
                name = result.organization or message("batch_no_organization", lang)
                summary.listed.append(one_line(f"  {name}{colon(lang)}{result.refused(lang)}"))
        else:
            summary.graded += 1
        if progress:
            progress.update(summary.sheets, summary.graded + summary.refused)
    if writer and not summary.graded + summary.refused:
        writer.writeheader()
    if progress:
        progress.done()
    return summary


class Progress:
    """A one-line progress display on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, lang: Lang) -> None:
        self.stream, self.lang, self.last = stream, lang, 0.0

    def update(self, sheets: int, organizations: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.1:
            self.last = now
            self.stream.write(
                "\r" + message("batch_progress", self.lang, sheets=f"{sheets:,}", organizations=f"{organizations:,}")
            )
            self.stream.flush()

    def done(self) -> None:
        self.stream.write("\r\033[K")


def cmd_template(args: argparse.Namespace) -> int:
    sys.stdout.write(template(lang=cast(Lang, args.lang), organization=args.organization))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    _print_json(evaluation_schema() if args.which == "evaluation" else result_schema())
    return EXIT_OK


# argparse's usage errors (its own English): a pattern of its message → the key of its Chinese in scoring/messages.py.
_USAGE = (
    (re.compile(r"the following arguments are required: (?P<arguments>.*)"), "usage_required"),
    (re.compile(r"unrecognized arguments: (?P<arguments>.*)"), "usage_unrecognized"),
    (
        re.compile(r"argument (?P<argument>.*?): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)"),
        "usage_choice",
    ),
    (re.compile(r"argument (?P<argument>.*?): expected one argument"), "usage_one_value"),
    (re.compile(r"argument (?P<argument>.*?): invalid (?P<kind>\w+) value: (?P<value>.*)"), "usage_value"),
    (re.compile(r"argument (?P<argument>.*?): not allowed with argument (?P<other>.*)"), "usage_not_with"),
    (re.compile(r"argument (?P<argument>.*?): ignored explicit argument (?P<value>.*)"), "usage_ignored"),
    (re.compile(r"ambiguous option: (?P<option>.*?) could match (?P<matches>.*)"), "usage_ambiguous"),
)


def usage_error_zh(problem: str) -> str:
    """An argparse usage error in Chinese (one it did not have when this was written: 用法错误, with its English)."""
    for pattern, key in _USAGE:
        found = pattern.fullmatch(problem)
        if found:
            return message(key, "zh", **found.groupdict())
    return message("usage_other", "zh", message=problem)


def _lang_of(argv: Sequence[str]) -> Lang:
    """The language the command line asks for (``--lang en`` or ``--lang=en``), before it is parsed: zh by default."""
    for at, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and at + 1 < len(argv) and argv[at + 1] == "en"):
            return "en"
    return "zh"


def _help(key: str, **values: object) -> str:
    """A help text of scoring/messages.py in the language the command line asks for."""
    return message(key, _Parser.lang, **values)


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its "usage:" in the language asked for."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _help("help_usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in the language the command line asks for: its help (``-h``, section titles, every option's text
    from scoring/messages.py) and a usage error as one line (argparse prints the usage, then the error)."""

    lang: Lang = "zh"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False, "formatter_class": _Formatter})
        self._positionals.title = _help("help_positionals")
        self._optionals.title = _help("help_options")
        self.add_argument("-h", "--help", action="help", help=_help("help_help"))

    def error(self, message: str) -> NoReturn:
        en, zh = said(
            "usage_line", problem=usage_error_zh(message) if _Parser.lang == "zh" else message, prog=self.prog
        )
        print(one_line(zh if _Parser.lang == "zh" else en), file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


def _add_lang(parser: argparse.ArgumentParser, what: str = "what_output") -> None:
    """``--lang zh|en``, the same on every command: the language of what it prints, its refusals included."""
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help=_help("help_lang", what=_help(what)))


def _add_diff(sub: Any, rules: Rules) -> None:
    """The ``diff`` subcommand: A and B each from a file, a compact string, or rater sheets with levels."""
    di = sub.add_parser("diff", help=_help("help_diff"))
    di.add_argument(
        "files",
        nargs="*",
        metavar="A B",
        help=_help("help_diff_files"),
    )
    for side in ("a", "b"):
        label = side.upper()
        di.add_argument(f"--vector-{side}", metavar="STRING", help=_help("help_side_vector", side=label))
        di.add_argument(f"--raters-{side}", metavar="CSV", help=_help("help_side_raters", side=label, option=side))
        di.add_argument(f"--levels-{side}", metavar="FILE", help=_help("help_side_levels", side=label))
    di.add_argument("--format", choices=("text", "json", "csv"), default="text")
    di.add_argument("--profile", choices=rules.certification.profile_ids, help=_help("help_profile_both"))
    _add_lang(di, "what_text")
    di.set_defaults(handler=cmd_diff)


def _add_batch_template_schema(sub: Any, rules: Rules) -> None:
    """The ``batch``, ``template`` and ``schema`` subcommands."""
    ba = sub.add_parser("batch", help=_help("help_batch"))
    ba.add_argument("--raters", metavar="CSV", required=True, help=_help("help_batch_raters"))
    ba.add_argument("--levels", metavar="CSV", required=True, help=_help("help_batch_levels"))
    ba.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    ba.add_argument("--profile", choices=rules.certification.profile_ids, default=rules.certification.default_profile)
    ba.add_argument("--out", metavar="FILE", help=_help("help_batch_out"))
    ba.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help=_help("help_jobs"),
    )
    _add_lang(ba, "what_refusals")
    ba.set_defaults(handler=cmd_batch)

    te = sub.add_parser("template", help=_help("help_template"))
    _add_lang(te, "what_template")
    te.add_argument("--organization", action="store_true", help=_help("help_template_organization"))
    te.set_defaults(handler=cmd_template)

    sc = sub.add_parser("schema", help=_help("help_schema"))
    sc.add_argument("which", nargs="?", choices=("evaluation", "result"), default="evaluation")
    _add_lang(sc, "what_refusals")
    sc.set_defaults(handler=cmd_schema)


def build_parser() -> argparse.ArgumentParser:
    rules = load_rules()
    parser = _Parser(
        prog="python -m scoring",
        description=_help("help_description", scheme=rules.scheme.full_id, title=rules.scheme.title.zh),
    )
    parser.add_argument(
        "--version",
        action="version",
        help=_help("help_version"),
        version=f"tbsc55-scoring {__about__.__version__} ({rules.scheme.full_id})",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("evaluate", help=_help("help_evaluate"))
    ev.add_argument("file", nargs="?", metavar="FILE", help=_help("help_file"))
    ev.add_argument("--vector", metavar="STRING", help=_help("help_vector_instead"))
    ev.add_argument("--raters", metavar="CSV", help=_help("help_raters_instead"))
    ev.add_argument("--levels", metavar="FILE", help=_help("help_levels"))
    ev.add_argument("--organization", metavar="NAME", help=_help("help_organization"))
    ev.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help=_help("help_format"),
    )
    ev.add_argument("--profile", choices=rules.certification.profile_ids, help=_help("help_profile"))
    _add_lang(ev, "what_text")
    ev.set_defaults(handler=cmd_evaluate)

    _add_diff(sub, rules)

    va = sub.add_parser("validate", help=_help("help_validate"))
    va.add_argument("file", nargs="?", metavar="FILE")
    va.add_argument("--vector", metavar="STRING")
    _add_lang(va)
    va.set_defaults(handler=cmd_validate)

    ve = sub.add_parser("vector", help=_help("help_vector"))
    ve.add_argument("file", metavar="FILE")
    _add_lang(ve, "what_refusals")
    ve.set_defaults(handler=cmd_vector)

    rp = sub.add_parser("report", help=_help("help_report"))
    rp.add_argument("file", nargs="?", metavar="FILE")
    rp.add_argument("--vector", metavar="STRING")
    rp.add_argument("--profile", choices=rules.certification.profile_ids)
    _add_lang(rp, "what_report")
    rp.add_argument("--out", metavar="FILE", help=_help("help_report_out"))
    rp.add_argument("--date", metavar="YYYY-MM-DD", help=_help("help_date"))
    rp.set_defaults(handler=cmd_report)

    vf = sub.add_parser("verify", help=_help("help_verify"))
    vf.add_argument("file", metavar="REPORT")
    _add_lang(vf, "what_verdict")
    vf.set_defaults(handler=cmd_verify)

    _add_batch_template_schema(sub, rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # Chinese output even under a C locale
            stream.reconfigure(encoding="utf-8")
    _Parser.lang = _lang_of(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already reported on one line
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    lang = cast(Lang, args.lang)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(message("cli_error", lang, problem=exc.text(lang)), file=sys.stderr)
    except (RecursionError, MemoryError):
        print(message("cli_too_deep", lang), file=sys.stderr)
    except KeyboardInterrupt:
        print(message("cli_interrupted", lang), file=sys.stderr)
    except BrokenPipeError:
        # The reader of our output went away (| head): nothing more to say, and nothing more to flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except Exception as exc:  # a defect of this tool: still one line, never a traceback
        defect = f"{type(exc).__name__}: {exc}"
        print(one_line(message("cli_internal", lang, defect=defect)), file=sys.stderr)
    return EXIT_INPUT
