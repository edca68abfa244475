"""The refusals that rater sheets and levels sheets share (scoring.sheets._sheet_rows: size, encoding, line count,
empty file, header), pinned word for word in both languages for both kinds of sheet, with hostile inputs —
truncated, in two encodings, with control and bidi characters — each giving one clean line.

The messages are the ones the two readers gave before they shared one helper; a change to any is a change to what
the command line and the calculator show.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from scoring.errors import MAX_MESSAGE, InputError
from scoring.limits import MAX_INPUT_BYTES, MAX_RATERS
from scoring.sheets import MAX_LEVELS_LINES, read_levels_sheet, read_rater_sheets
from tests.builders import CLAUSE_IDS, ITEM_IDS

Reader = Callable[[bytes, str], Any]


def _csv(rows: list[list[str]]) -> str:
    return "".join(",".join(row) + "\r\n" for row in rows)


def hostile_sheets(head: list[str], row: list[str], max_lines: int) -> dict[str, bytes]:
    """Inputs that every sheet reader must refuse, built from a sheet's own header and one good row."""
    good = _csv([head, row]).encode()
    gb18030 = _csv([head, row]).encode("gb18030")
    second = ["二", *row[1:]]
    return {
        "empty": b"",
        "blank lines only": b"\r\n\n\r",
        "too many lines": b"\n" * (max_lines + 1),
        "too large": b" " * (MAX_INPUT_BYTES + 1),
        "truncated inside a character": good[: len(head[0][:2].encode()) - 1],
        "truncated inside the header": good[: good.index(b"\r\n") - 5],
        "UTF-8, then GB18030": good + _csv([second]).encode("gb18030"),
        "GB18030, then UTF-8": gb18030 + _csv([second]).encode("utf-8"),
        "a BOM, then GB18030": b"\xef\xbb\xbf" + gb18030,
        "not text": b"\xff\xfe\x00\x81\x30\x81",
        "an escape sequence in the header": _csv([[head[0] + "\x1b[31m", *head[1:]], row]).encode(),
        "a newline and a bidi override in the header": ('"x\n\u202e",' + _csv([head[1:], row[1:]])).encode(),
        "a NUL byte": b"\x00" + good,
        "an unclosed quote": b'"' + b"x" * (70 * 1024),
        "a column twice": _csv([[*head, head[1]], row]).encode(),
    }


RATERS = hostile_sheets(["测评人", *ITEM_IDS], ["R1", *["0.9"] * 19], 4 * MAX_RATERS)
LEVELS = hostile_sheets(["组织", *CLAUSE_IDS, "符合性审查"], ["示例", *["3"] * 21, "1"], MAX_LEVELS_LINES)


def _mixed(first: str, offset: int, line: int, then: str) -> tuple[str, str]:
    return (
        f"s.csv: is not in one encoding: {first} text, then at byte {offset} (line {line}) {then}; save the whole "
        "file in one encoding (UTF-8 is best)",
        f"编码不统一：前面是 {first} 文本，第 {offset} 字节（第 {line} 行）起是 {then}；"
        "请整个文件用同一种编码保存（最好用 UTF-8）",
    )


def _not_an_id(cell: str, what: str, what_zh: str) -> tuple[str, str]:
    return (
        f's.csv: header: "{cell}" is not an id of {what} nor a known column',
        f"表头：“{cell}”既不是{what_zh}的编号，也不是可识别的列",
    )


def _items(cell: str) -> tuple[str, str]:
    return _not_an_id(cell, "the service items (1.1 … 7)", "服务指标（1.1 … 7）")


def _clauses(cell: str) -> tuple[str, str]:
    return _not_an_id(cell, "the management clauses (1.1 … 7.2)", "管理要求条款（1.1 … 7.2）")


SHARED = {
    "too large": ("s.csv: is larger than 16 MB", "大于 16 MB"),
    "not text": (
        "s.csv: is neither UTF-8 nor GBK/GB18030 text (byte 0, line 1)",
        "既不是 UTF-8 也不是 GBK/GB18030 编码的文本（第 0 字节，第 1 行）",
    ),
    "truncated inside a character": _mixed("UTF-8", 3, 1, "not UTF-8"),
    "a BOM, then GB18030": _mixed("UTF-8", 3, 1, "not UTF-8"),
    "an unclosed quote": (
        's.csv: row 1 is longer than 64 KB: is a quote (") left open?',
        '第 1 行超过 64 KB：是否有未闭合的引号（"）？',
    ),
    "a column twice": ('s.csv: header: column "1.1" appears twice', "表头：“1.1”列出现了两次"),
}
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "raters": {
        **SHARED,
        "empty": (
            "s.csv: is empty: a header row and one row per rater are needed",
            "是空的：需要一行表头，每位测评人一行",
        ),
        "too many lines": (
            "s.csv: has 40001 lines: more than a sheet of 10000 raters has (blank lines included)",
            "有 40001 行：多于 10000 位测评人的表格的行数（含空行）",
        ),
        "truncated inside the header": ("s.csv: header: missing columns 6.3, 7", "表头：缺少列 6.3、7"),
        "UTF-8, then GB18030": _mixed("UTF-8", 165, 3, "not UTF-8"),
        "GB18030, then UTF-8": _mixed("GB18030", 162, 3, "UTF-8"),
        "an escape sequence in the header": _items("测评人\\x1b[31m"),
        "a newline and a bidi override in the header": _items("x\\n\\u202e"),
        "a NUL byte": _items("\\x00测评人"),
    },
    "levels": {
        **SHARED,
        "empty": (
            "s.csv: is empty: a header row and one row of maturity levels are needed",
            "是空的：需要一行表头和一行成熟度水平",
        ),
        "too many lines": (
            "s.csv: has 101 lines: a maturity levels file of one evaluation has a header and one row",
            "有 101 行：一次评价的成熟度水平文件只有一行表头和一行数据",
        ),
        "truncated inside the header": _mixed("UTF-8", 100, 1, "not UTF-8"),
        "UTF-8, then GB18030": _mixed("UTF-8", 160, 3, "not UTF-8"),
        "GB18030, then UTF-8": _mixed("GB18030", 151, 3, "UTF-8"),
        "an escape sequence in the header": _clauses("组织\\x1b[31m"),
        "a newline and a bidi override in the header": _clauses("x\\n\\u202e"),
        "a NUL byte": _clauses("\\x00组织"),
    },
}
EXPECTED["raters"]["blank lines only"] = EXPECTED["raters"]["empty"]
EXPECTED["levels"]["blank lines only"] = EXPECTED["levels"]["empty"]

CASES = [
    pytest.param(read, data, EXPECTED[kind][case], id=f"{kind}: {case}")
    for kind, read, inputs in (("raters", read_rater_sheets, RATERS), ("levels", read_levels_sheet, LEVELS))
    for case, data in inputs.items()
]


def test_every_hostile_input_has_its_expected_refusal() -> None:
    assert EXPECTED["raters"].keys() == RATERS.keys() and EXPECTED["levels"].keys() == LEVELS.keys()


@pytest.mark.parametrize(("read", "data", "expected"), CASES)
def test_each_kind_of_sheet_is_refused_as_before_in_both_languages(
    read: Reader, data: bytes, expected: tuple[str, str]
) -> None:
    with pytest.raises(InputError) as caught:
        read(data, "s.csv")
    assert (str(caught.value), caught.value.problem_zh) == expected


@pytest.mark.parametrize(("read", "data", "expected"), CASES)
def test_each_refusal_is_one_clean_line(read: Reader, data: bytes, expected: tuple[str, str]) -> None:
    with pytest.raises(InputError) as caught:
        read(data, "s.csv")
    for message in (str(caught.value), caught.value.problem_zh):
        assert len(message) <= MAX_MESSAGE
        assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in message), repr(message)
