"""Batch grading: many organisations' rater sheets (one CSV) and their management levels (another), streamed.

The sheets file has an organization column; each organisation's rows are contiguous. The levels file has one
row per organisation, in the same order as the organisations first appear in the sheets (rows that are a little
out of order are matched within a look-ahead window). Memory stays flat whatever the number of organisations.
Every organisation gets one result row; a bad row refuses its organisation only, with the reason.
"""

from __future__ import annotations

import collections
import concurrent.futures
import csv
import io
import itertools
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from .certification import reached_level
from .errors import DocumentSyntaxError, InputError
from .management import management_score
from .numbers import fixed, plain
from .rules import Rules, load_rules
from .service import mean_score, rater_total
from .sheets import Columns, alphas_of, cell, check_width, conformity_of, level_of, read_header

LOOKAHEAD = 1024  # levels rows held while looking for an organisation's row
BATCH_FIELDS = (
    "organization",
    "status",
    "raters",
    "service_score",
    "management_total",
    "management_grade",
    "conformity_passed",
    "profile",
    "stars",
    "reason",
)


@dataclass(frozen=True)
class BatchResult:
    organization: str
    raters: int
    service_score: str | None = None
    management_total: str | None = None
    management_grade: int | None = None
    conformity_passed: bool | None = None
    stars: int | None = None
    refused: str | None = None  # the reason, when the organisation could not be graded


@dataclass(frozen=True)
class _Levels:
    number: int
    levels: dict[str, int] | None
    conformity: bool
    problem: str | None


def text_stream(binary: IO[bytes], name: str) -> IO[str]:
    """Decode a CSV stream as UTF-8 (BOM or not) or, if its start is not UTF-8, as GB18030."""
    buffered = io.BufferedReader(binary, 1 << 16) if not isinstance(binary, io.BufferedReader) else binary  # type: ignore[type-var]
    head = buffered.peek(1 << 16)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end of the sample
            encoding = "gb18030"
    return io.TextIOWrapper(buffered, encoding=encoding, newline="", errors="strict")


def _csv_rows(stream: IO[str], name: str) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in enumerate(csv.reader(stream), start=1):
            if any(c.strip() for c in cells):
                yield number, cells
    except UnicodeDecodeError as exc:
        raise DocumentSyntaxError(name, f"is not in one encoding throughout (byte {exc.start} of a block)") from None
    except csv.Error as exc:
        raise DocumentSyntaxError(name, f"is not valid CSV: {exc}") from None


def _organization(cells: list[str], column: int) -> str:
    return cells[column].strip() if column < len(cells) else ""


class _LevelsWindow:
    """The levels file, read in step with the sheets: rows wait in a bounded window until their organisation comes."""

    def __init__(self, rows: Iterator[tuple[int, list[str]]], columns: Columns, name: str, rules: Rules) -> None:
        assert columns.organization is not None
        self.rows, self.columns, self.name, self.rules = rows, columns, name, rules
        self.pending: OrderedDict[str, _Levels] = OrderedDict()

    def _parse(self, number: int, cells: list[str]) -> _Levels:
        try:
            check_width(cells, number, self.columns, self.name)
            levels = {
                cid: level_of(cell(cells, col, number, cid, self.name), number, cid, self.name, self.rules)
                for cid, col in self.columns.fields
            }
            conformity = True
            if self.columns.conformity is not None:
                text = cell(cells, self.columns.conformity, number, "conformity_passed", self.name)
                conformity = conformity_of(text, number, self.name)
            return _Levels(number, levels, conformity, None)
        except InputError as exc:
            return _Levels(number, None, True, str(exc))

    def find(self, organization: str) -> _Levels | None:
        while organization not in self.pending and len(self.pending) < LOOKAHEAD:
            try:
                number, cells = next(self.rows)
            except StopIteration:
                break
            key = _organization(cells, self.columns.organization or 0)
            if key in self.pending:
                first = self.pending[key].number
                self.pending[key] = _Levels(
                    number, None, True, f"{self.name}: rows {first} and {number} are both for {key!r}"
                )
            else:
                self.pending[key] = self._parse(number, cells)
        return self.pending.pop(organization, None)

    def leftovers(self) -> Iterator[tuple[str, _Levels]]:
        yield from self.pending.items()
        for number, cells in self.rows:
            yield _organization(cells, self.columns.organization or 0), self._parse(number, cells)


def _groups(rows: Iterator[tuple[int, list[str]]], column: int) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    """Consecutive rows of one organisation (each organisation's rows are contiguous in the sheets file)."""
    current: str | None = None
    group: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        organization = _organization(cells, column)
        if organization != current and group:
            yield current or "", group
            group = []
        current = organization
        group.append((number, cells))
    if group:
        yield current or "", group


def grade_batch(
    sheets: IO[str],
    levels: IO[str],
    profile_id: str,
    *,
    sheets_name: str = "sheets",
    levels_name: str = "levels",
    rules: Rules | None = None,
    jobs: int = 1,
) -> Iterator[BatchResult]:
    """One result per organisation, in the order of the sheets file, then the levels rows that matched nothing.

    With ``jobs`` > 1, organisations are graded by that many worker processes, a bounded number of chunks in
    flight, results still in order: reading and matching stay in this process, so memory stays flat.
    """
    rules = rules or load_rules()
    sheet_rows, level_rows = _csv_rows(sheets, sheets_name), _csv_rows(levels, levels_name)
    try:
        sheet_columns = read_header(
            next(sheet_rows)[1], [i.id for i in rules.service.items], sheets_name, want_organization=True
        )
    except StopIteration:
        raise DocumentSyntaxError(sheets_name, "is empty: a header row is needed") from None
    try:
        level_columns = read_header(
            next(level_rows)[1], [c.id for c in rules.management.clauses], levels_name, want_organization=True
        )
    except StopIteration:
        raise DocumentSyntaxError(levels_name, "is empty: a header row is needed") from None
    window = _LevelsWindow(level_rows, level_columns, levels_name, rules)
    assert sheet_columns.organization is not None
    tasks = (
        (organization, group, window.find(organization))
        for organization, group in _groups(sheet_rows, sheet_columns.organization)
    )
    context: Context = (sheet_columns, profile_id, sheets_name, levels_name)
    if jobs > 1:
        yield from _in_parallel(tasks, context, jobs)
    else:
        for task in tasks:
            yield _grade_organization(task, context, rules)
    for organization, row in window.leftovers():
        reason = row.problem or f"{levels_name}: row {row.number}: no rater sheets for this organization"
        yield BatchResult(organization, 0, refused=reason)


Task = tuple[str, list[tuple[int, list[str]]], _Levels | None]  # organization, its sheet rows, its levels row
Context = tuple[Columns, str, str, str]  # sheet columns, profile id, sheets file name, levels file name
CHUNK = 400  # organisations a worker grades per message: large enough that pickling does not dominate


def _grade_chunk(chunk: list[Task], context: Context) -> list[BatchResult]:
    rules = load_rules()
    return [_grade_organization(task, context, rules) for task in chunk]


def _in_parallel(tasks: Iterator[Task], context: Context, jobs: int) -> Iterator[BatchResult]:
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        in_flight: collections.deque[concurrent.futures.Future[list[BatchResult]]] = collections.deque()
        while True:
            chunk = list(itertools.islice(tasks, CHUNK))
            if chunk:
                in_flight.append(pool.submit(_grade_chunk, chunk, context))
            while in_flight and (len(in_flight) > 2 * jobs or not chunk):
                yield from in_flight.popleft().result()
            if not chunk:
                return


def _grade_organization(task: Task, context: Context, rules: Rules) -> BatchResult:
    """5.1 on the organisation's rater rows, appendix 3 on its levels row, 5.3 on both."""
    organization, group, found = task
    columns, profile_id, sheets_name, levels_name = context
    count = len(group)
    if not organization:
        return BatchResult(
            organization, count, refused=f'{sheets_name}: row {group[0][0]}, column "organization": empty'
        )
    try:
        totals = [
            rater_total(alphas_of(cells, number, columns, sheets_name, rules), rules.service) for number, cells in group
        ]
    except InputError as exc:
        return BatchResult(organization, count, refused=str(exc))
    if found is None:
        return BatchResult(
            organization,
            count,
            refused=f"{levels_name}: no row for this organization (the levels "
            "must list organizations in the order the sheets do)",
        )
    if found.levels is None:
        return BatchResult(organization, count, refused=found.problem)
    _, score = mean_score(totals, rules.service)
    management = management_score(found.levels, rules.management)
    level = reached_level(score, management.grade.grade, rules.certification.profile(profile_id))
    stars = level.stars if level and found.conformity else 0
    return BatchResult(
        organization,
        count,
        fixed(score, rules.service.score_places),
        plain(management.total),
        management.grade.grade,
        found.conformity,
        stars,
    )


def as_row(result: BatchResult, profile_id: str) -> dict[str, object]:
    return {
        "organization": result.organization,
        "status": "refused" if result.refused else "graded",
        "raters": result.raters,
        "service_score": result.service_score,
        "management_total": result.management_total,
        "management_grade": result.management_grade,
        "conformity_passed": result.conformity_passed,
        "profile": profile_id,
        "stars": result.stars,
        "reason": result.refused,
    }
