"""Batch grading cuts the sheets file into blocks of whole CSV records: where it cuts must never show.

Whatever the block size, every organisation gets the same result, and every refusal names the same row, as when
the whole file is one block; the row numbers are those a spreadsheet shows (the csv module's record count).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import batch, evaluate, evaluation_from_obj
from scoring.batch import BatchResult, grade_batch
from scoring.numbers import fixed, plain
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES
from tests.strategies import documents

SHEET_HEADER = ["organization", "rater", *ITEM_IDS]
LEVELS_HEADER = ["organization", *CLAUSE_IDS, "conformity_passed"]

# Organisation names that CSV must quote: commas, quotes, line breaks inside the cell.
names = st.sampled_from(["甲公司", "B, Ltd.", 'C "quoted"', "D\nline two", "E\r\nCRLF inside", "", "F"])
alphas = st.sampled_from(["0.95", "0.9", "1", "0", ".5", "0.875", "0,9", " 0.8", "x"])


@st.composite
def batch_files(draw: st.DrawFn) -> tuple[bytes, bytes]:
    organizations = draw(st.lists(names, min_size=1, max_size=8))
    terminator = draw(st.sampled_from(["\r\n", "\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    sheets, levels = io.StringIO(), io.StringIO()
    sheet_writer = csv.writer(sheets, lineterminator=terminator)
    level_writer = csv.writer(levels, lineterminator=terminator)
    sheet_writer.writerow(SHEET_HEADER)
    level_writer.writerow(LEVELS_HEADER)
    for number, organization in enumerate(organizations):
        for rater in range(draw(st.integers(1, 4))):
            row = [organization, f"R{rater}", *draw(st.lists(alphas, min_size=19, max_size=19))]
            sheet_writer.writerow(row)
            if draw(st.booleans()):
                sheets.write(terminator)  # a blank line: skipped, but it still counts as a row
        level_writer.writerow([organization, *(str(1 + (number + i) % 5) for i in range(21)), "1"])
    return sheets.getvalue().encode(encoding), levels.getvalue().encode(encoding)


def grade(sheets: bytes, levels: bytes, block_bytes: int, jobs: int = 1) -> list[BatchResult]:
    levels_text = batch.text_stream(io.BytesIO(levels), "levels.csv")
    with mock.patch.object(batch, "BLOCK_BYTES", block_bytes):
        return list(grade_batch(io.BytesIO(sheets), levels_text, "final", sheets_name="s.csv", jobs=jobs))


@given(batch_files(), st.integers(1, 400))
def test_the_block_size_never_changes_a_result(files: tuple[bytes, bytes], block_bytes: int) -> None:
    assert grade(*files, block_bytes) == grade(*files, 1 << 30)


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\r\nc,d\r\n",
        b"a,b\nc,d\n",
        b'"x\ny",1\n\n"q""",2\r\n',
        b"a\rb\rc\r",  # lone carriage returns end records too
        b'a,"\r\n",b\r\n\r\n',
        b"",
    ],
)
def test_records_are_counted_as_the_csv_module_reads_them(data: bytes) -> None:
    expected = sum(1 for _ in csv.reader(io.StringIO(data.decode(), newline="")))
    assert batch._records_in(data) == expected


def test_blocks_end_only_where_a_record_ends() -> None:
    data = b'A,"line\nbreak",1\nB,2\nC,"x\n'  # the last line feed is inside C's open quote
    assert data[: batch._RecordEnds().last_end(data, 0)] == b'A,"line\nbreak",1\nB,2\n'
    assert batch._RecordEnds().last_end(b"no line feed", 0) == 0


def test_refusals_name_the_row_a_spreadsheet_shows() -> None:
    rows = [SHEET_HEADER]
    for number in range(300):
        rows.append([f"O{number // 3}", "R", *["0.9"] * 19])
    rows[250][7] = "0,9"  # row 251 of the file, organisation O83
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    levels = io.StringIO()
    csv.writer(levels).writerows([LEVELS_HEADER, *([f"O{n}", *["4"] * 21, "1"] for n in range(100))])
    results = grade(text.getvalue().encode(), levels.getvalue().encode(), 97, jobs=2)
    refused = [r for r in results if r.refused]
    assert [(r.organization, r.refused.en if r.refused else None) for r in refused] == [
        ("O83", 's.csv: row 251, column "2.3": "0,9" is not a decimal number: use a decimal point, not a comma')
    ]
    assert (
        refused[0].refused
        and refused[0].refused.zh == 's.csv: row 251, column "2.3"：“0,9”不是小数：请用小数点，不要用逗号'
    )
    assert len(results) == 100


def test_a_file_in_two_encodings_is_refused() -> None:
    rows = "\n".join(f"组织{n},R,{','.join(['1'] * 19)}" for n in range(2000))  # past the 64 KB sample
    head = ",".join(SHEET_HEADER) + "\n" + rows + "\n"
    tail = "组织9999,R," + ",".join(["1"] * 19) + "\n"
    sheets = head.encode("utf-8") + tail.encode("gb18030")
    levels = (",".join(LEVELS_HEADER) + "\n").encode()
    with pytest.raises(batch.DocumentSyntaxError, match=r"^s.csv: is not in one encoding throughout: row 2002 is not"):
        grade(sheets, levels, 4096)


# --- one grading path: batch and evaluate agree on every organisation ---------------------------------------------

fine_alphas = st.one_of(
    st.integers(0, 100).map(lambda n: str(Decimal(n).scaleb(-2))),
    st.integers(0, 10**20).map(lambda n: plain(Decimal(n).scaleb(-20))),  # the most decimals α may have
)


@st.composite
def organisations(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """1–4 evaluation documents (one profile for all, as batch grades) with distinct organisation names."""
    profile = draw(st.sampled_from(RULES.certification.profile_ids))
    docs = draw(st.lists(documents(), min_size=1, max_size=4))
    for number, doc in enumerate(docs):
        doc["profile"] = profile
        doc["organization"] = f"O{number} {doc.get('organization', '')}".strip()
        for rater in doc["service"]["raters"]:
            rater["alpha"] = {item: draw(fine_alphas) for item in ITEM_IDS}
    return profile, docs


def batch_files_of(docs: list[dict[str, Any]]) -> tuple[bytes, bytes]:
    sheets, levels = io.StringIO(), io.StringIO()
    sheet_writer, level_writer = csv.writer(sheets), csv.writer(levels)
    sheet_writer.writerow(SHEET_HEADER)
    level_writer.writerow(LEVELS_HEADER)
    for doc in docs:
        for rater in doc["service"]["raters"]:
            sheet_writer.writerow([doc["organization"], rater.get("id", ""), *rater["alpha"].values()])
        management = doc["management"]
        conformity = "1" if management["conformity_passed"] else "0"
        level_writer.writerow([doc["organization"], *management["levels"].values(), conformity])
    return sheets.getvalue().encode(), levels.getvalue().encode()


@settings(max_examples=25)
@given(organisations())
def test_batch_grades_every_organisation_as_evaluate_does(case: tuple[str, list[dict[str, Any]]]) -> None:
    """Random documents → rater and levels CSV → batch (in this process and with 2 workers) = evaluate."""
    profile, docs = case
    sheets, levels = batch_files_of(docs)
    expected = []
    for doc in docs:
        result = evaluate(evaluation_from_obj(doc))
        expected.append(
            BatchResult(
                doc["organization"],
                len(doc["service"]["raters"]),
                fixed(result.service.score, RULES.service.score_places),
                plain(result.management.total),
                result.management.grade.grade,
                doc["management"]["conformity_passed"],
                result.certification.stars,
            )
        )
    for jobs in (1, 2):
        levels_text = batch.text_stream(io.BytesIO(levels), "levels.csv")
        assert list(grade_batch(io.BytesIO(sheets), levels_text, profile, jobs=jobs)) == expected
