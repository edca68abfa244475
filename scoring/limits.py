"""Input limits of this tool (not of the specification): they keep a hostile file from exhausting memory or time.

The limits agree with each other: the largest evaluation the tool accepts (``MAX_RATERS`` raters, every rater id
and the organization at their longest, every α with ``MAX_ALPHA_PLACES`` decimals) fits, written by the tool in
any of its formats, within the limit of the reader of that format — so anything the tool writes within its own
limits, it reads back (and ``verify`` checks). ``tests/scoring/test_limits.py`` builds that evaluation and checks.
An input over a limit is refused by name (``… is larger than 16 MB``), never read in part.
"""

from __future__ import annotations

import os
import sys
from typing import BinaryIO

from .errors import DocumentSyntaxError, os_problem
from .messages import said

MIB = 1024 * 1024

MAX_RATERS = 10_000  # raters in one evaluation
MAX_ALPHA_PLACES = 20  # more than any spreadsheet export carries (a float's repr has at most 17 significant digits)
MAX_ORGANIZATION_LENGTH = 500  # characters of the organization's name
MAX_RATER_ID_LENGTH = 64  # characters of a rater's id
MAX_NAME_LENGTH = 1000  # characters of an evaluation's name (the calculator's list), kept in its file
# Observations (issue 23): what an evaluator writes beside a figure, and the evaluation's record. Never graded.
MAX_OBSERVATION_LENGTH = 4000  # characters of one observation, of the record's scope and of its remarks
MAX_EVALUATOR_NAME_LENGTH = 64  # characters of one evaluator's name in the record
MAX_EVALUATORS = 50  # evaluators named in the record

MAX_INPUT_BYTES = 16 * MIB  # a JSON document, a compact evaluation string, a rater-sheet CSV, a levels file
MAX_REPORT_BYTES = 48 * MIB  # a report given to ``verify`` (reports of 10,000 raters are tens of MB)
MAX_RECORD_CHARS = 64 * 1024  # one CSV record (a row of 22 short cells is well under 4 KB)


def size_name(limit: int) -> str:
    return f"{limit // MIB} MB"


def read_bytes(source: str, limit: int, stdin: BinaryIO | None = None) -> bytes:
    """All the bytes of the file ``source`` (``-``: standard input), or a refusal if there are more than ``limit``.

    Never a prefix: a file is measured before it is read, and standard input is read to one byte past the limit.
    """
    too_large = DocumentSyntaxError(
        source,
        *said("input_too_large", size=size_name(limit)),
    )
    try:
        if source == "-":
            data = (stdin or sys.stdin.buffer).read(limit + 1)
        else:
            with open(source, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > limit:
                    raise too_large
                data = handle.read(limit + 1)  # a file that grew meanwhile is caught below
    except OSError as exc:
        raise DocumentSyntaxError(source, *os_problem(exc)) from None
    if len(data) > limit:
        raise too_large
    return data
