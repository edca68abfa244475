"""Rater sheets as CSV, as spreadsheets write them (issue: auditor and applicant workflows).

Layout (one header row, then one row per rater)::

    rater,1.1,1.2,1.3,2.1,…,6.3,7
    R1,0.8,0.75,1,…
    R2,0.9,0.8,0.95,…

* one column per service item of appendix 1, headed by the item id; a label may follow the id after a space
  (``1.2 功能性·设备设施/7分``), so the templates can carry names;
* an optional rater-id column headed ``rater``, ``id``, ``测评人`` or ``评价人``; batch files add an organization column
  headed ``organization`` or ``组织``; levels files have one column per management clause of appendix 3 and an
  optional ``conformity_passed`` / ``符合性审查`` column (1/0, true/false, 是/否, 通过/未通过);
* α as decimals with a decimal point. A decimal comma, stray spaces or text give an error naming the row and the
  column — never a silent misread.

Encodings: UTF-8 with or without BOM (Excel's "CSV UTF-8"), else GB18030 (a superset of GBK: Chinese Excel).
"""

from __future__ import annotations

import csv

# The codecs that decode() looks up by name, imported by name too: the calculator's build ships to the browser
# only the standard-library files that the package imports (build_tools/pyodide_hook.py).
import encodings.gb18030
import encodings.utf_8_sig  # noqa: F401
import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .document import ascii_number, check_text, parse_alpha
from .errors import DocumentSyntaxError, ValidationError
from .limits import (
    MAX_INPUT_BYTES,
    MAX_ORGANIZATION_LENGTH,
    MAX_RATER_ID_LENGTH,
    MAX_RATERS,
    MAX_RECORD_CHARS,
    size_name,
)
from .messages import message, names, said
from .numbers import plain
from .rules import Lang, Names, Rules, load_rules

RATER_HEADERS = ("rater", "rater_id", "id", "测评人", "测评人编号", "评价人", "评价人编号")
ORGANIZATION_HEADERS = ("organization", "organisation", "组织", "组织名称")
CONFORMITY_HEADERS = ("conformity_passed", "conformity", "符合性审查", "管理要求符合性审查")
_TWO_COLUMNS = {
    "rater": "two_rater_columns",
    "organization": "two_organization_columns",
    "conformity": "two_conformity_columns",
}
_TRUE, _FALSE = ("1", "true", "yes", "是", "通过"), ("0", "false", "no", "否", "未通过")
_BOM = b"\xef\xbb\xbf"
MAX_LEVELS_LINES = 100  # lines of one evaluation's levels CSV, blank ones included (it needs two)
ENCODINGS = ("utf-8-sig", "gb18030")  # the only encodings a sheet may be in, told by tell_encoding

# α already in canonical range and form: "0", "0.75", "1", "1.000", ".5" (≤ 20 decimals). Anything else goes through
# the full check, which accepts or refuses it with the precise message; this pattern only saves time.
_PLAIN_ALPHA = re.compile(r"(?:0?\.[0-9]{1,20}|0|1(?:\.0{1,20})?|0\.)")

# --- encodings: one per file, told strictly ---------------------------------------------------------------------

# A three-byte UTF-8 character (all of CJK is one); GB18030 text matches it only by chance, so a line that holds one
# and is valid UTF-8 as a whole is UTF-8 text inside a GB18030 file.
_UTF8_THREE_BYTES = re.compile(rb"[\xe0-\xef][\x80-\xbf][\x80-\xbf]")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _mixed(name: str, offset: int, line: int, first: str, then: str) -> DocumentSyntaxError:
    return DocumentSyntaxError(
        name,
        *said("mixed_encoding", first=first, offset=offset, line=line, then=then),
    )


def tell_encoding(sample: bytes, name: str, *, complete: bool) -> str:
    """``utf-8-sig`` or ``gb18030``, told from the start of a file (``complete``: from the whole of it).

    UTF-8 (with or without BOM) unless the sample is not UTF-8; then GB18030 (Chinese Excel's "CSV"), but only if
    nothing before the first byte that is not UTF-8 was UTF-8 beyond ASCII: a file that starts in UTF-8 and goes
    on in another encoding is refused, naming where — never decoded into garbled names.
    """
    utf8, gb18030 = ENCODINGS
    try:
        sample.decode(utf8)
        return utf8
    except UnicodeDecodeError as exc:
        if not complete and exc.reason == "unexpected end of data":
            return utf8  # only a character cut at the end of the sample
        start = exc.start + (len(_BOM) if sample.startswith(_BOM) else 0)
    if sample.startswith(_BOM) or not sample[:start].isascii():
        raise _mixed(name, start, _line_of(sample, start), "UTF-8", "not UTF-8")
    return gb18030


def check_no_utf8_lines(data: bytes, name: str, first_line: int = 1) -> None:
    """Refuse a GB18030 file (or block) in which a line is UTF-8 text (an editor has mixed the two)."""
    checked_to = -1
    for match in _UTF8_THREE_BYTES.finditer(data):
        if match.start() < checked_to:
            continue
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.end())
        end = len(data) if end < 0 else end
        checked_to = end
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        line = first_line + data.count(b"\n", 0, start)
        raise _mixed(name, start, line, "GB18030", "UTF-8")


def decode(data: bytes, name: str) -> str:
    """The whole file decoded in one encoding: UTF-8 (BOM or not), else GB18030; anything else is refused."""
    encoding = tell_encoding(data, name, complete=True)
    if encoding == "gb18030":
        check_no_utf8_lines(data, name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentSyntaxError(
            name,
            *said("unknown_encoding", offset=exc.start, line=_line_of(data, exc.start)),
        ) from None
    return text


# --- CSV records, each of bounded size --------------------------------------------------------------------------


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def lines_of(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line breaks ("\r\n", "\n" or a lone "\r"), one at a time: what csv reads
    from a file opened with ``newline=""``, without a second copy of the text (``io.StringIO`` keeps four bytes a
    character)."""
    return map(re.Match.group, _LINE.finditer(text))


def csv_rows(lines: Iterable[str], name: str, first_row: int = 1) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of every non-blank CSV record of ``lines`` (a text stream opened with ``newline=""``).

    A record longer than ``MAX_RECORD_CHARS`` (an unclosed quote swallowing the rest of the file, or junk) is
    refused by its row number before the csv module builds it, so memory stays bounded; any CSV error is one line.
    """
    size = 0
    number = first_row

    def guarded() -> Iterator[str]:
        nonlocal size
        for line in lines:
            size += len(line)
            if size > MAX_RECORD_CHARS:
                raise DocumentSyntaxError(
                    name,
                    *said("row_too_long", row=number, size=MAX_RECORD_CHARS // 1024),
                )
            yield line

    try:
        for cells in csv.reader(guarded()):
            size = 0
            if any(map(str.strip, cells)):
                yield number, cells
            number += 1
    except csv.Error as exc:
        raise DocumentSyntaxError(name, *said("row_not_csv", row=number, problem=exc)) from None
    except UnicodeDecodeError as exc:  # a stream decoded as it is read (batch levels): the encoding changed
        raise DocumentSyntaxError(
            name,
            *said("row_encoding_changed", row=number, encoding=exc.encoding.upper()),
        ) from None


@dataclass(frozen=True)
class Columns:
    """Where each field sits in a sheet's rows (0-based column indexes)."""

    organization: int | None
    rater: int | None
    conformity: int | None
    fields: tuple[tuple[str, int], ...]  # (item or clause id, column), in the rules' order
    width: int  # the number of header cells

    @functools.cached_property
    def last(self) -> int:
        """The rightmost column the fields need."""
        return max(column for _, column in self.fields)


def read_header(header: list[str], ids: list[str], name: str, *, want_organization: bool = False) -> Columns:
    """Map header cells to columns; every id must appear exactly once."""
    found: dict[str, int] = {}
    special: dict[str, int] = {}
    for column, raw in enumerate(header):
        cell = raw.strip().lstrip("\ufeff")
        key = cell.split(" ", 1)[0].split("\u3000", 1)[0]
        lowered = cell.lower()
        for role, aliases in (
            ("rater", RATER_HEADERS),
            ("organization", ORGANIZATION_HEADERS),
            ("conformity", CONFORMITY_HEADERS),
        ):
            if lowered in aliases:
                if role in special:
                    first = header[special[role]]
                    raise DocumentSyntaxError(name, *said(_TWO_COLUMNS[role], first=first, second=raw))
                special[role] = column
                break
        else:
            if key in ids:
                if key in found:
                    raise DocumentSyntaxError(name, *said("column_twice", column=key))
                found[key] = column
            elif cell:
                what = names("sheet_items" if "7" in ids else "sheet_clauses")
                raise DocumentSyntaxError(name, *said("unknown_column", cell=cell, what=what))
    missing = [i for i in ids if i not in found]
    if missing:
        listed = Names(zh="、".join(missing), en=", ".join(missing))
        raise DocumentSyntaxError(name, *said("missing_columns", count=len(missing), listed=listed))
    if want_organization and "organization" not in special:
        raise DocumentSyntaxError(name, *said("organization_column_needed"))
    return Columns(
        special.get("organization"),
        special.get("rater"),
        special.get("conformity"),
        tuple((i, found[i]) for i in ids),
        len(header),
    )


def cell(cells: list[str], column: int, number: int, field: str, name: str) -> str:
    if column >= len(cells):
        raise ValidationError(f'{name}: row {number}, column "{field}"', *said("short_row"))
    return cells[column]


def check_width(cells: list[str], number: int, columns: Columns, name: str) -> None:
    """More cells than header columns: an unquoted decimal comma ("0,8") has split a number — never read on."""
    if len(cells) > columns.width and any(c.strip() for c in cells[columns.width :]):
        raise ValidationError(
            f"{name}: row {number}",
            *said("too_many_cells", cells=len(cells), columns=columns.width),
        )


def alphas_of(cells: list[str], number: int, columns: Columns, name: str, rules: Rules) -> list[Decimal]:
    """The 19 α of one rater row, in the rules' item order; the first bad cell is refused with row and column."""
    if len(cells) <= columns.last:
        missing = next(item_id for item_id, column in columns.fields if column >= len(cells))
        raise ValidationError(f'{name}: row {number}, column "{missing}"', *said("short_row"))
    check_width(cells, number, columns, name)
    values = []
    for item_id, column in columns.fields:
        text = cells[column]
        if _PLAIN_ALPHA.fullmatch(text):
            values.append(Decimal(text))
        else:
            values.append(parse_alpha(text, f'{name}: row {number}, column "{item_id}"', rules))
    return values


@dataclass(frozen=True)
class _Layout:
    """One kind of sheet: how many lines it may have, and the keys of its refusals (scoring/messages.py) when it has
    more or has nothing."""

    max_lines: int
    too_many_lines: str
    empty: str


# No sheet of MAX_RATERS raters has more lines than this, blank ones included (names cannot hold line breaks).
_RATER_SHEETS = _Layout(4 * MAX_RATERS, "rater_sheet_too_many_lines", "rater_sheet_empty")
_LEVELS_SHEET = _Layout(MAX_LEVELS_LINES, "levels_sheet_too_many_lines", "levels_sheet_empty")


def _sheet_rows(
    data: bytes, name: str, ids: list[str], layout: _Layout
) -> tuple[Columns, Iterator[tuple[int, list[str]]]]:
    """A whole sheet file → its header's columns and an iterator over its non-blank rows after the header.

    Refused, by ``name``: a file over the size limit, one not in one encoding, one with more lines than ``layout``
    allows (counted at C speed before any is parsed, so junk of millions of blank lines is refused at once), an empty
    one, and a header without every id.
    """
    if len(data) > MAX_INPUT_BYTES:
        raise DocumentSyntaxError(name, *said("file_too_large", size=size_name(MAX_INPUT_BYTES)))
    text = decode(data, name)
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > layout.max_lines:
        raise DocumentSyntaxError(name, *said(layout.too_many_lines, lines=lines, raters=MAX_RATERS))
    rows = csv_rows(lines_of(text), name)
    try:
        _, header = next(rows)
    except StopIteration:
        raise DocumentSyntaxError(name, *said(layout.empty)) from None
    return read_header(header, ids, name), rows


def read_rater_sheets(data: bytes, name: str, rules: Rules | None = None) -> list[dict[str, Any]]:
    """A rater-sheet CSV → the ``service.raters`` list of an evaluation document (α as canonical strings)."""
    rules = rules or load_rules()
    columns, body = _sheet_rows(data, name, [i.id for i in rules.service.items], _RATER_SHEETS)
    raters: list[dict[str, Any]] = []
    for number, cells in body:
        if len(raters) == MAX_RATERS:
            raise DocumentSyntaxError(name, *said("too_many_rater_rows", limit=MAX_RATERS, row=number))
        alphas = alphas_of(cells, number, columns, name, rules)
        rater: dict[str, Any] = {}
        if columns.rater is not None and cell(cells, columns.rater, number, "rater", name).strip():
            path = f'{name}: row {number}, column "rater"'
            rater["id"] = check_text(cells[columns.rater].strip(), path, MAX_RATER_ID_LENGTH)
        rater["alpha"] = {item_id: plain(alpha) for (item_id, _), alpha in zip(columns.fields, alphas, strict=True)}
        raters.append(rater)
    if not raters:
        raise DocumentSyntaxError(name, *said("no_rater_rows"))
    return raters


def read_levels_sheet(data: bytes, name: str, rules: Rules | None = None) -> dict[str, Any]:
    """A levels CSV of one evaluation (the layout of the batch levels template: one header row, one row of the 21
    maturity levels of appendix 3, optional organization and conformity columns) → the ``management`` part of an
    evaluation document, with ``organization`` beside it when the row names one.

    More than one row is refused: which organization's levels were meant cannot be guessed (``batch`` grades many).
    """
    rules = rules or load_rules()
    columns, rows = _sheet_rows(data, name, [c.id for c in rules.management.clauses], _LEVELS_SHEET)
    if columns.rater is not None:
        raise DocumentSyntaxError(name, *said("levels_rater_column"))
    found = next(rows, None)
    if found is None:
        raise DocumentSyntaxError(name, *said("no_levels_row"))
    number, cells = found
    extra = next(rows, None)
    if extra is not None:
        raise DocumentSyntaxError(name, *said("one_levels_row", row=extra[0]))
    check_width(cells, number, columns, name)
    levels = {
        clause_id: level_of(cell(cells, column, number, clause_id, name), number, clause_id, name, rules)
        for clause_id, column in columns.fields
    }
    management: dict[str, Any] = {"levels": levels}
    if columns.conformity is not None:
        management["conformity_passed"] = conformity_of(
            cell(cells, columns.conformity, number, "conformity_passed", name), number, name
        )
    found_sheet: dict[str, Any] = {"management": management}
    if columns.organization is not None and cell(cells, columns.organization, number, "organization", name).strip():
        path = f'{name}: row {number}, column "organization"'
        found_sheet["organization"] = check_text(cells[columns.organization].strip(), path, MAX_ORGANIZATION_LENGTH)
    return found_sheet


def level_of(text: str, number: int, clause_id: str, name: str, rules: Rules) -> int:
    """A maturity level's cell: an integer from 1 to 5, in ASCII or full-width digits (``４``, a Chinese input
    method's; scoring.document.FULL_WIDTH_NUMBER)."""
    value = ascii_number(text.strip())
    low, high = rules.management.level_min, rules.management.level_max
    if value != ascii_number(text) or not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise ValidationError(
            f'{name}: row {number}, column "{clause_id}"',
            *said("cell_not_a_level", text=text, low=low, high=high),
        )
    return int(value)


def conformity_of(text: str, number: int, name: str) -> bool:
    value = ascii_number(text.strip()).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(
        f'{name}: row {number}, column "conformity_passed"',
        *said("not_a_conformity", text=text),
    )


def _template_header(headers: tuple[str, ...], lang: Lang) -> str:
    """The header a template writes for a column: the first of those read in ``lang`` (测评人, rater)."""
    return next(header for header in headers if header.isascii() != (lang == "zh"))


def template(rules: Rules | None = None, lang: Lang = "zh", *, organization: bool = False) -> str:
    """A rater-sheet template: the header with item names, and one example row at the top of each band."""
    rules = rules or load_rules()
    head = [_template_header(ORGANIZATION_HEADERS, lang)] if organization else []
    head.append(_template_header(RATER_HEADERS, lang))
    head += [f"{i.id} {rules.service.item_title(i, lang)}/{i.max_points}" for i in rules.service.items]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(head)
    for index, rater_id in enumerate(("R1", "R2")):
        example = [message("template_example", lang)] if organization else []
        pick = rules.service.likert_bands[-1 - index].upper
        writer.writerow([*example, rater_id, *(format(pick, "f") for _ in rules.service.items)])
    return out.getvalue()


def levels_template(rules: Rules | None = None, lang: Lang = "zh") -> str:
    """A levels CSV template for batch grading: organization, the 21 clauses of appendix 3, the conformity review."""
    rules = rules or load_rules()
    head = [_template_header(ORGANIZATION_HEADERS, lang)]
    head += [f"{c.id} {c.name(lang)}/{c.weight}" for c in rules.management.clauses]
    head.append(_template_header(CONFORMITY_HEADERS, lang))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(head)
    writer.writerow(
        [
            message("template_example", lang),
            *(str(rules.management.level_max - 1) for _ in rules.management.clauses),
            "1",
        ]
    )
    return out.getvalue()
