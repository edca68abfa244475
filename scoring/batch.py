"""Batch grading: many organisations' rater sheets (one CSV) and their management levels (another), streamed.

The sheets file has an organization column; each organisation's rows are contiguous. The levels file has one
row per organisation, in the same order as the organisations first appear in the sheets (rows that are a little
out of order are matched within a look-ahead window). Memory stays flat whatever the number of organisations.
Every organisation gets one result row; a bad row refuses its organisation only, with the reason.

How the work is shared (``jobs`` > 1): this process cuts the sheets file into blocks of whole CSV records and
counts their rows; worker processes decode and read the blocks, each returning, per run of one organisation's
rows, the number of raters and the exact sum of their scores (appendix 1); this process joins the runs that a
block boundary split, matches each organisation with its levels row and grades it (5.1.2, appendix 3, 5.3).
"""

from __future__ import annotations

import collections
import concurrent.futures
import io
import itertools
import operator
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import IO, NamedTuple

from .certification import certify
from .document import check_text
from .errors import DocumentSyntaxError, InputError, printable
from .limits import MAX_ALPHA_PLACES, MAX_ORGANIZATION_LENGTH, MAX_RECORD_CHARS
from .management import grade_of, maturity_total
from .messages import said
from .numbers import fixed, plain
from .rules import Lang, Names, Profile, Rules, ServiceItem, load_rules
from .service import EXACT, item_points, mean_of_sum
from .sheets import (
    Columns,
    alphas_of,
    cell,
    check_no_utf8_lines,
    check_width,
    conformity_of,
    csv_rows,
    level_of,
    read_header,
    tell_encoding,
)

LOOKAHEAD = 1024  # levels rows held while looking for an organisation's row
BLOCK_BYTES = 1 << 20  # sheets bytes read per block; a block is one message to a worker
MEMO_LIMIT = 1024  # α texts remembered per service item (questionnaires use few distinct values)
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
    refused: Names | None = None  # the reason, when the organisation could not be graded, in both languages


@dataclass(frozen=True)
class _Levels:
    number: int
    levels: dict[str, int] | None
    conformity: bool
    problem: Names | None


class _Run(NamedTuple):
    """Consecutive rater rows of one organisation (a block boundary may cut an organisation in two runs)."""

    organization: str
    first_row: int
    raters: int
    total: int  # exact sum of the rater scores (appendix 1 服务特性测评得分), in units of 10^-20
    problem: Names | None  # the first bad row's reason: the organisation is refused


@dataclass(frozen=True)
class _Sheets:
    """What a worker needs to read a block of the sheets file (sent with every block: it is small)."""

    columns: Columns
    name: str
    encoding: str


# --- the sheets file, cut into blocks of whole records -------------------------------------------------------


def _with_encoding(binary: IO[bytes], name: str) -> tuple[IO[bytes], str]:
    """The stream, buffered, and its encoding told from its first 64 KB (nothing consumed)."""
    buffered = io.BufferedReader(binary, 1 << 16) if not isinstance(binary, io.BufferedReader) else binary  # type: ignore[type-var]
    return buffered, tell_encoding(buffered.peek(1 << 16), name, complete=False)


def text_stream(binary: IO[bytes], name: str) -> IO[str]:
    """Decode a CSV stream as UTF-8 (BOM or not) or, if its start is not UTF-8, as GB18030."""
    buffered, encoding = _with_encoding(binary, name)
    return io.TextIOWrapper(buffered, encoding=encoding, newline="", errors="strict")


_LINE_BREAK = re.compile(rb"[\r\n]")


class _RecordEnds:
    """Where CSV records end in a stream of chunks, found in one pass over each byte (linear time).

    A record ends at a line break ("\r\n", "\n" or a lone "\r") outside quotes: the chunks start at a record
    boundary, so a line break is outside quotes when an even number of quote characters precede it. The count of
    quotes is carried from chunk to chunk, so no byte is counted twice however long a record grows. Neither UTF-8
    nor GB18030 uses the bytes of a line break or '"' inside a multi-byte character.
    """

    def __init__(self) -> None:
        self.quotes = 0  # quote characters between the last record end and the scanned position

    def last_end(self, data: bytes, start: int) -> int:
        """The offset after the last record end in ``data`` (0: none); ``data[:start]`` was scanned before.

        A "\r" that is the last byte is not taken: its "\n" may start the next chunk.
        """
        cut = len(data) - 1 if data.endswith(b"\r") else len(data)
        if self.quotes == 0 and data.find(b'"', start) < 0:  # the usual chunk: no quotes, the last break ends a record
            return max(data.rfind(b"\n", start, cut), data.rfind(b"\r", start, cut)) + 1
        last, quotes, quotes_at_last, position = 0, self.quotes, 0, start
        for match in _LINE_BREAK.finditer(data, start, cut):
            quotes += data.count(b'"', position, match.start())
            position = match.end()
            if quotes % 2 == 0:
                last, quotes_at_last = position, quotes
        quotes += data.count(b'"', position)
        self.quotes = quotes - quotes_at_last if last else quotes
        return last


def _records_in(block: bytes) -> int:
    """How many CSV records ``block`` holds (it ends at a record boundary): line breaks outside quotes, each
    "\r\n", "\n" or lone "\r" counting once, as the csv module reads them."""
    outside = block.split(b'"')[::2] if b'"' in block else [block]
    return sum(part.count(b"\n") + part.count(b"\r") - part.count(b"\r\n") for part in outside)


def _blocks(binary: IO[bytes], name: str) -> Iterator[tuple[bytes, int]]:
    """(block, CSV row number of its first record): whole records, about ``BLOCK_BYTES`` each.

    A record longer than ``MAX_RECORD_CHARS`` bytes refuses the file (an unclosed quote would otherwise make the
    rest of the file one record, held in memory).
    """
    row, carry, ends = 1, b"", _RecordEnds()
    while chunk := binary.read(BLOCK_BYTES):
        data = carry + chunk
        end = ends.last_end(data, len(carry))
        if end == 0:
            if len(data) > MAX_RECORD_CHARS:
                raise DocumentSyntaxError(
                    name,
                    *said("row_too_long", row=row, size=MAX_RECORD_CHARS // 1024),
                )
            carry = data
            continue
        block, carry = data[:end], data[end:]
        yield block, row
        row += _records_in(block)
    if carry:
        yield carry, row


def _decode(block: bytes, first_row: int, encoding: str, name: str) -> str:
    encoding = encoding if first_row == 1 else encoding.removesuffix("-sig")  # a BOM only starts the file
    if encoding == "gb18030":
        check_no_utf8_lines(block, name, first_row)
    try:
        text = block.decode(encoding)
    except UnicodeDecodeError as exc:
        row, named = first_row + _records_in(block[: exc.start]), encoding.removesuffix("-sig").upper()
        raise DocumentSyntaxError(
            name,
            *said("row_encoding_changed", row=row, encoding=named),
        ) from None
    return text


def _header(binary: IO[bytes], items: list[str], name: str) -> tuple[_Sheets, Iterator[tuple[bytes, int, int]]]:
    """The sheets file's columns, and its blocks as (block, first row, last row of the header or 0)."""
    buffered, encoding = _with_encoding(binary, name)
    blocks = _blocks(buffered, name)
    first = next(blocks, None)
    header = (
        next(csv_rows(io.StringIO(_decode(first[0], 1, encoding, name), newline=""), name), None) if first else None
    )
    if first is None or header is None:
        raise DocumentSyntaxError(name, *said("batch_empty"))
    columns = read_header(header[1], items, name, want_organization=True)
    rest = ((block, row, 0) for block, row in blocks)
    return _Sheets(columns, name, encoding), itertools.chain([(first[0], 1, header[0])], rest)


# --- a worker's share: one block of rater rows → runs of organisations ------------------------------------------


class _RowTotals:
    """Appendix 1 服务特性测评得分 of rater rows, with each item's points remembered by the text of its α.

    The first time a text is met in a column it goes through the full check (``alphas_of``) and ``item_points``;
    afterwards its points are looked up. Only texts that passed the check are remembered. Points are kept as
    integers in units of 10^-20 (α has at most 20 decimals, so max points × α is a whole number of them): adding
    integers is exact, like Decimal, and several times faster.
    """

    def __init__(self, sheets: _Sheets, rules: Rules) -> None:
        self.sheets, self.rules = sheets, rules
        self.items: list[ServiceItem] = list(rules.service.items)
        self.memo: list[dict[str, int]] = [{} for _ in self.items]
        self.pick = operator.itemgetter(*(column for _, column in sheets.columns.fields))
        self.width = sheets.columns.width

    def total(self, cells: list[str], number: int) -> int:
        """One rater row's score in units of 10^-20; a bad cell raises ``InputError`` naming row and column."""
        if len(cells) == self.width:  # the usual row: every cell under a header
            try:
                return sum(map(dict.__getitem__, self.memo, self.pick(cells)))
            except KeyError:
                pass
        columns, name = self.sheets.columns, self.sheets.name
        alphas = alphas_of(cells, number, columns, name, self.rules)  # refuses a short row, a split number, a bad α
        with localcontext(EXACT):
            points = [_units(item_points(item, alpha)) for item, alpha in zip(self.items, alphas, strict=True)]
        for memo, text, value in zip(self.memo, self.pick(cells), points, strict=True):
            if len(memo) < MEMO_LIMIT:
                memo[text] = value
        return sum(points)


def _units(points: Decimal) -> int:
    """``points`` as a whole number of 10^-20 (exact: ``EXACT`` traps any rounding)."""
    scaled = points.scaleb(MAX_ALPHA_PLACES)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{points} has more than {MAX_ALPHA_PLACES} decimals")  # unreachable: α is checked
    return int(scaled)


def _read_block(block: bytes, first_row: int, skip_through: int, sheets: _Sheets) -> list[_Run]:
    """The runs of one organisation's rows in a block, in file order, each with its raters' summed scores."""
    totals = _RowTotals(sheets, load_rules())
    column = sheets.columns.organization
    assert column is not None
    runs: list[_Run] = []
    organization: str | None = None
    start = raters = total = 0
    problem: Names | None = None
    text = io.StringIO(_decode(block, first_row, sheets.encoding, sheets.name), newline="")
    # State in local variables rather than a _Run per row: this loop runs once per rater sheet.
    for number, cells in csv_rows(text, sheets.name, first_row):
        if number <= skip_through:
            continue  # the header
        name = _organization(cells, column)
        if name != organization:
            if organization is not None:
                runs.append(_Run(organization, start, raters, total, problem))
            organization, start, raters, total, problem = name, number, 0, 0, None
        raters += 1
        if problem is None:
            try:
                total += totals.total(cells, number)
            except InputError as exc:
                problem = reason(exc)
    if organization is not None:
        runs.append(_Run(organization, start, raters, total, problem))
    return runs


def _read_blocks(blocks: Iterator[tuple[bytes, int, int]], sheets: _Sheets, jobs: int) -> Iterator[list[_Run]]:
    """Each block's runs, in file order; with ``jobs`` > 1 read by worker processes, a few blocks in flight."""
    if jobs <= 1:
        for block, first_row, skip in blocks:
            yield _read_block(block, first_row, skip, sheets)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        in_flight: collections.deque[concurrent.futures.Future[list[_Run]]] = collections.deque()
        for block, first_row, skip in blocks:
            in_flight.append(pool.submit(_read_block, block, first_row, skip, sheets))
            if len(in_flight) > 2 * jobs:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _organizations(blocks: Iterator[list[_Run]]) -> Iterator[_Run]:
    """One run per organisation: the runs that a block boundary cut apart joined again."""
    pending: _Run | None = None
    for runs in blocks:
        for run in runs:
            if pending is not None and run.organization == pending.organization:
                pending = _Run(
                    pending.organization,
                    pending.first_row,
                    pending.raters + run.raters,
                    pending.total + run.total,
                    pending.problem or run.problem,
                )
                continue
            if pending is not None:
                yield pending
            pending = run
    if pending is not None:
        yield pending


# --- the levels file, read in step --------------------------------------------------------------------------


class _LevelsWindow:
    """The levels file, read in step with the sheets: rows wait in a bounded window until their organisation comes."""

    def __init__(self, rows: Iterator[tuple[int, list[str]]], columns: Columns, name: str, rules: Rules) -> None:
        assert columns.organization is not None
        self.rows, self.columns, self.name, self.rules = rows, columns, name, rules
        self.pending: OrderedDict[str, _Levels] = OrderedDict()
        management = rules.management
        self.valid = {str(n): n for n in range(management.level_min, management.level_max + 1)}

    def _parse(self, number: int, cells: list[str]) -> _Levels:
        try:
            check_width(cells, number, self.columns, self.name)
            levels = {cid: self.valid.get(cells[col]) if col < len(cells) else None for cid, col in self.columns.fields}
            if None in levels.values():  # the full check names the first bad cell
                levels = {
                    cid: level_of(cell(cells, col, number, cid, self.name), number, cid, self.name, self.rules)
                    for cid, col in self.columns.fields
                }
            conformity = True
            if self.columns.conformity is not None:
                text = cell(cells, self.columns.conformity, number, "conformity_passed", self.name)
                conformity = conformity_of(text, number, self.name)
            return _Levels(number, levels, conformity, None)  # type: ignore[arg-type]
        except InputError as exc:
            return _Levels(number, None, True, reason(exc))

    def find(self, organization: str) -> _Levels | None:
        while organization not in self.pending and len(self.pending) < LOOKAHEAD:
            try:
                number, cells = next(self.rows)
            except StopIteration:
                break
            key = _organization(cells, self.columns.organization or 0)
            if key in self.pending:
                first = self.pending[key].number
                both = said("batch_two_rows", first=first, number=number, organization=repr(key))
                self.pending[key] = _Levels(number, None, True, reason(InputError(self.name, *both)))
            else:
                self.pending[key] = self._parse(number, cells)
        return self.pending.pop(organization, None)

    def leftovers(self) -> Iterator[tuple[str, _Levels]]:
        yield from self.pending.items()
        for number, cells in self.rows:
            yield _organization(cells, self.columns.organization or 0), self._parse(number, cells)


def _organization(cells: list[str], column: int) -> str:
    return cells[column].strip() if column < len(cells) else ""


# --- grading ------------------------------------------------------------------------------------------------


def grade_batch(
    sheets: IO[bytes],
    levels: IO[str],
    profile_id: str,
    *,
    sheets_name: str = "sheets",
    levels_name: str = "levels",
    rules: Rules | None = None,
    jobs: int = 1,
) -> Iterator[BatchResult]:
    """One result per organisation, in the order of the sheets file, then the levels rows that matched nothing.

    ``sheets`` is the raw file (bytes: it is cut into blocks before decoding); ``levels`` is text (see
    :func:`text_stream`). With ``jobs`` > 1 the sheets are read by that many worker processes, results still
    in order and memory still flat.
    """
    rules = rules or load_rules()
    profile = rules.certification.profile(profile_id)
    columns, blocks = _header(sheets, [i.id for i in rules.service.items], sheets_name)
    level_rows = csv_rows(levels, levels_name)
    try:
        level_columns = read_header(
            next(level_rows)[1], [c.id for c in rules.management.clauses], levels_name, want_organization=True
        )
    except StopIteration:
        raise DocumentSyntaxError(levels_name, *said("batch_empty")) from None
    window = _LevelsWindow(level_rows, level_columns, levels_name, rules)
    for run in _organizations(_read_blocks(blocks, columns, jobs)):
        yield _grade_organization(run, window.find(run.organization), sheets_name, levels_name, profile, rules)
    for organization, row in window.leftovers():
        why = row.problem or reason(InputError(f"{levels_name}: row {row.number}", *said("batch_no_sheets")))
        yield BatchResult(organization, 0, refused=why)


def _grade_organization(
    run: _Run, found: _Levels | None, sheets_name: str, levels_name: str, profile: Profile, rules: Rules
) -> BatchResult:
    """5.1.2 on the organisation's summed rater scores, appendix 3 on its levels row, 5.3 on both."""
    organization, count = run.organization, run.raters
    if not organization:
        where = f'{sheets_name}: row {run.first_row}, column "organization"'
        return BatchResult(organization, count, refused=reason(InputError(where, *said("batch_organization_empty"))))
    try:
        check_text(organization, f'{sheets_name}: row {run.first_row}, column "organization"', MAX_ORGANIZATION_LENGTH)
    except InputError as exc:
        return BatchResult(printable(organization)[:MAX_ORGANIZATION_LENGTH], count, refused=reason(exc))
    if run.problem is not None:
        return BatchResult(organization, count, refused=run.problem)
    if found is None:
        return BatchResult(
            organization,
            count,
            refused=reason(InputError(levels_name, *said("batch_no_levels_row"))),
        )
    if found.levels is None:
        return BatchResult(organization, count, refused=found.problem)
    # The same functions as ``evaluate``: 5.1.2 on the sum of the rater scores, appendix 3, then 5.3.
    _, score = mean_of_sum(Fraction(run.total, 10**MAX_ALPHA_PLACES), count, rules.service)
    total = maturity_total(found.levels, rules.management)
    grade = grade_of(total, rules.management).grade
    certification = certify(score, grade, found.conformity, profile, rules.service.score_places)
    return BatchResult(
        organization,
        count,
        fixed(score, rules.service.score_places),
        plain(total),
        grade,
        found.conformity,
        certification.stars,
    )


def reason(refusal: InputError) -> Names:
    """Why an organisation is refused, in both languages (the output's reason column is in the one asked for)."""
    return Names(refusal.text("zh"), refusal.text("en"))


def as_row(result: BatchResult, profile_id: str, lang: Lang) -> dict[str, object]:
    """One organisation's row of the output; the reason for a refusal in ``lang``."""
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
        "reason": None if result.refused is None else result.refused(lang),
    }
