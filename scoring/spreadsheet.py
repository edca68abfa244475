"""CSV for spreadsheets: cells no spreadsheet runs as formulas, and files Excel and WPS open as UTF-8.

Used by every CSV this tool writes (``batch``, ``evaluate --format csv``, ``diff --format csv``, the calculator's
download).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

# OWASP, CSV injection: a cell that starts with one of these is run as a formula by spreadsheets; a leading
# apostrophe makes it text. Applied to every text cell the tool writes into a CSV.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Excel and WPS read a CSV file as the system's code page (GBK on Chinese Windows) unless it starts with the UTF-8
# byte order mark; with it, Chinese opens correctly in both.
BOM = "\ufeff"


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula (numbers are left alone)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Number:
    """A number this tool computed, written as its exact decimal text (``-1.25``): never neutralised, since the
    text is ours, and a leading apostrophe would make a spreadsheet read a negative difference as text."""

    text: str


Cell = str | int | Number | None


def cell_text(value: Cell) -> object:
    """What the csv module writes for one cell: text neutralised, numbers as they are, None as an empty cell."""
    if isinstance(value, Number):
        return value.text
    if value is None:
        return ""
    return spreadsheet_safe(value)


def csv_table(header: Iterable[str], rows: Iterable[Iterable[Cell]]) -> str:
    """One table as CSV text for a spreadsheet: the BOM, then the header and the rows, every text cell neutralised."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cell_text(h) for h in header])
    writer.writerows([cell_text(c) for c in row] for row in rows)
    return out.getvalue()
