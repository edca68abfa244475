"""The input limits agree with each other: the largest evaluation the tool accepts, written by the tool in each of
its formats, fits within the limit of that format's reader and reads back (a report verifies)."""

from __future__ import annotations

import csv
import io

import pytest

from scoring import canonical_json, evaluate, evaluation_from_obj, parse_json, parse_vector, to_vector
from scoring.limits import (
    MAX_ALPHA_PLACES,
    MAX_INPUT_BYTES,
    MAX_ORGANIZATION_LENGTH,
    MAX_RATER_ID_LENGTH,
    MAX_RATERS,
    MAX_REPORT_BYTES,
)
from scoring.model import Evaluation
from scoring.report import render_report, verify_report
from scoring.sheets import read_rater_sheets
from tests.builders import CLAUSE_IDS, ITEM_IDS

WIDE = "𠀀"  # a character of four UTF-8 bytes (CJK extension B): the longest a name's characters get
ALPHA = "0." + "9" * MAX_ALPHA_PLACES  # the longest α text that is canonical


@pytest.fixture(scope="module")
def largest() -> Evaluation:
    """MAX_RATERS raters, every id and the organization at their longest in bytes, every α at its longest."""

    def rater_id(n: int) -> str:
        return f"{n:05d}".rjust(MAX_RATER_ID_LENGTH, WIDE)

    doc = {
        "organization": WIDE * MAX_ORGANIZATION_LENGTH,
        "service": {
            "raters": [{"id": rater_id(n), "alpha": dict.fromkeys(ITEM_IDS, ALPHA)} for n in range(MAX_RATERS)]
        },
        "management": {"levels": dict.fromkeys(CLAUSE_IDS, 5)},
    }
    return evaluation_from_obj(doc)


def test_its_canonical_json_fits_and_reads_back(largest: Evaluation) -> None:
    text = canonical_json(largest).encode()
    assert len(text) <= MAX_INPUT_BYTES
    assert parse_json(text) == largest


def test_its_compact_string_fits_and_reads_back(largest: Evaluation) -> None:
    vector = to_vector(largest)
    assert len(vector) <= MAX_INPUT_BYTES
    assert parse_vector(vector) == largest


def test_its_rater_sheet_fits_and_reads_back(largest: Evaluation) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["rater", *ITEM_IDS])
    writer.writerows([r.id, *(ALPHA for _ in ITEM_IDS)] for r in largest.raters)
    data = ("\ufeff" + out.getvalue()).encode()  # as Excel's "CSV UTF-8" writes it
    assert len(data) <= MAX_INPUT_BYTES
    assert len(read_rater_sheets(data, "s.csv")) == MAX_RATERS


def test_its_report_fits_and_verifies(largest: Evaluation) -> None:
    html = render_report(evaluate(largest), "zh", "2026-11-30")
    assert len(html.encode()) <= MAX_REPORT_BYTES
    assert verify_report(html).ok
