"""The numbers printed on the site agree with scoring/rules.toml (one source of truth, checked both ways).

The Markdown sources are parsed with markdown-it-py. In their pipe tables a cell holding only ``^^`` is the
cell above, merged (the site's hook renders it as a rowspan; ``<<`` likewise joins the cell to its left).
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from markdown_it import MarkdownIt

from .conftest import ROOT

DOCS = ROOT / "docs" / "zh"
RULES = tomllib.loads((ROOT / "scoring" / "rules.toml").read_text(encoding="utf-8"))
LEVELS = ("一级", "二级", "三级", "四级", "五级")
ANCHOR = re.compile(r'<span id="([\w-]+)"></span>')
TAG = re.compile(r"<[^>]+>")

Table = list[list[str]]


def tables(md_path: str) -> list[tuple[Table, Table]]:
    """(header rows, body rows) of every table, cells as raw inline Markdown, ``^^`` resolved.

    As in the hook, a first body row that merges into the header is a header row.
    """
    tokens = MarkdownIt("commonmark").enable("table").parse((DOCS / md_path).read_text(encoding="utf-8"))
    found: list[tuple[Table, Table]] = []
    rows: Table = []
    head_rows = 0
    cell = False
    for token in tokens:
        if token.type == "table_open":
            rows, head_rows = [], 0
        elif token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            cell = token.type.endswith("_open")
        elif token.type == "inline" and cell:
            up = token.content.strip() == "^^"
            if up and len(rows) - 1 == head_rows:  # merges into the header: a second header row
                head_rows += 1
            rows[-1].append(rows[-2][len(rows[-1])] if up else token.content.strip())
        elif token.type == "thead_close":
            head_rows = len(rows)
        elif token.type == "table_close":
            found.append((rows[:head_rows], rows[head_rows:]))
    return found


def text(cell: str) -> str:
    return TAG.sub("", cell).strip()


def anchor(cell: str) -> str | None:
    match = ANCHOR.search(cell)
    return match[1] if match else None


def by(key: str, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record[key]: record for record in records}


# --- Appendix 1 -------------------------------------------------------------------------------------------


def appendix_1_rows() -> list[list[str]]:
    [(head, body)] = tables("spec/appendix-1.md")
    columns = ["服务特性指标", "服务过程质量指标", "评价内容", "单项分值", "体验系数 α", "实际得分"]
    assert [text(c) for c in head[0]] == columns
    return body


def test_appendix_1_items_match_the_rules() -> None:
    items = by("anchor", RULES["service"]["items"])
    characteristics = by("id", RULES["service"]["characteristics"])
    rows = [row for row in appendix_1_rows() if anchor(row[1])]
    assert [anchor(row[1]) for row in rows] == list(items)  # same items, same order
    for row in rows:
        item = items[anchor(row[1])]
        group = re.fullmatch(r"(\d+)\. (\S+)/(\d+)分", text(row[0]))
        assert group, row[0]
        characteristic = characteristics[item["characteristic"]]
        assert (group[1], group[2], int(group[3])) == (
            characteristic["id"],
            characteristic["name_zh"],
            characteristic["stated_points"],
        )
        name = re.fullmatch(r"(?:(\d+\.\d+)\. )?(\S+)/(\d+)分", text(row[1]))
        assert name, row[1]
        assert (name[1] or item["characteristic"], name[2]) == (item["id"], item["name_zh"])
        assert int(name[3]) == int(text(row[3])) == item["max_points"]


def test_appendix_1_totals_match_the_rules() -> None:
    [total] = [row for row in appendix_1_rows() if text(row[0]) == "总计"]
    items = RULES["service"]["items"]
    assert int(text(total[3])) == RULES["service"]["stated_total"] == sum(i["max_points"] for i in items)
    for characteristic in RULES["service"]["characteristics"]:
        points = sum(i["max_points"] for i in items if i["characteristic"] == characteristic["id"])
        assert points == characteristic["stated_points"], characteristic["name_zh"]


# --- Appendix 3 -------------------------------------------------------------------------------------------


def test_appendix_3_clauses_weights_and_level_points_match_the_rules() -> None:
    [(head, body)] = tables("spec/appendix-3.md")
    assert [text(c) for c in head[1][3:]] == list(LEVELS[: RULES["management"]["level_max"]])
    clauses = by("anchor", RULES["management"]["clauses"])
    groups = by("id", RULES["management"]["groups"])
    assert [anchor(row[1]) for row in body] == list(clauses)
    divisor = RULES["management"]["level_divisor"]
    for row in body:
        clause = clauses[anchor(row[1])]
        group = re.fullmatch(r"(\d+)\. (\S+)", text(row[0]))
        assert group, row[0]
        assert (group[1], group[2]) == (clause["group"], groups[clause["group"]]["name_zh"])
        assert text(row[1]) == f"{clause['id']}. {clause['name_zh']}"
        assert int(text(row[2])) == clause["weight"]
        expected = [Fraction(clause["weight"] * level, divisor) for level in range(1, len(LEVELS) + 1)]
        assert [Fraction(text(cell)) for cell in row[3:]] == expected


ATTRIBUTES = re.compile(r"\s*\{:[^}]*\}$")  # an item's anchor, `{: #a3-note-3-1 }` (attr_list), not its text


def list_items(md_path: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse((DOCS / md_path).read_text(encoding="utf-8"))
    items = [t.content for t in tokens if t.type == "inline" and re.match(r"^[\u2460-\u2464] ", t.content)]
    return [ATTRIBUTES.sub("", item) for item in items]


def test_appendix_3_grade_bands_match_the_rules() -> None:
    band = re.compile(r"[\u2460-\u2464] (\d+)分 ≤ 总分 (<|≤) (\d+)分，(\S)级；?。?")
    bands = [band.fullmatch(item) for item in list_items("spec/appendix-3.md")]
    assert all(bands), list_items("spec/appendix-3.md")
    grades = RULES["management"]["grades"]
    assert len(bands) == len(grades)
    for match, grade in zip(bands, grades, strict=True):
        assert match is not None
        assert (int(match[1]), int(match[3]), match[2] == "≤") == (
            grade["lower"],
            grade["upper"],
            grade["upper_inclusive"],
        )
        assert LEVELS.index(match[4] + "级") + 1 == grade["grade"]
    assert grades[-1]["upper"] == RULES["management"]["stated_total"]


# --- 5.1.1 and 5.3 ----------------------------------------------------------------------------------------


def test_likert_bands_of_5_1_1_match_the_rules() -> None:
    band = re.compile(r"[\u2460-\u2464] (\S+)：([\d.]+) (<|≤) α ≤ ([\d.]+)[；。]")
    matches = [band.fullmatch(item) for item in list_items("spec/chapter-5.md")]
    bands = RULES["service"]["likert_bands"]
    assert len(matches) == len(bands)
    for match, rule in zip(matches, bands, strict=True):
        assert match is not None
        assert (match[1], Decimal(match[2]), match[3] == "≤", Decimal(match[4])) == (
            rule["label_zh"],
            Decimal(rule["lower"]),
            rule["lower_inclusive"],
            Decimal(rule["upper"]),
        )


def profile(name: str) -> dict[int, dict[str, Any]]:
    [found] = [p for p in RULES["certification"]["profiles"] if p["id"] == name]
    return {level["stars"]: level for level in found["levels"]}


@pytest.mark.parametrize("name", ["table", "final"])
def test_the_5_3_table_matches_both_certification_profiles(name: str) -> None:
    [_, (head, body)] = tables("spec/chapter-5.md")
    assert [text(c) for c in head[0]] == ["序号", "服务特性评测", "管理要求审核", "认证级别"]
    levels = profile(name)
    if name == "table":  # the rows: 60—79分 / 二级及以上 → 3 stars, …
        for stars, row in zip((3, 4, 5), body, strict=True):
            score = re.match(r"(\d+)", text(row[1]))
            assert score is not None
            assert Decimal(score[1]) == Decimal(levels[stars]["min_service_score"])
            assert text(row[2]) == f"{LEVELS[levels[stars]['min_grade'] - 1]}及以上"
    else:  # the merged last cell: ●三星级：80-89分 …
        stars = {"三": 3, "四": 4, "五": 5}
        minimums = re.findall(r"●(\S)星级：(?:≥)?(\d+)", text(body[0][3]))
        assert {stars[s]: Decimal(m) for s, m in minimums} == {
            s: Decimal(level["min_service_score"]) for s, level in levels.items()
        }
        assert all(row[3] == body[0][3] for row in body)  # one merged cell
