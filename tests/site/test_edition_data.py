"""The edition as data (build_tools/edition_data.py): downloads/edition.json, its schema, downloads/rules.json.

The edition holds the pages' text unit by unit, in order, in both languages (checked against the built pages, page
by page and clause by clause); a program can rebuild the site's tables from the edition and the rules (done here
for 5.1.1's bands, appendix 1, appendix 3 and 5.3's table).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from build_tools import edition

from .conftest import LANGS, SPEC_PAGES, built_page
from .terms import clause_blocks


def load(site: Path, name: str, lang: str = "zh") -> Any:
    return json.loads((site / lang / "downloads" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units(site: Path) -> list[dict[str, Any]]:
    document = load(site, "edition.json")
    jsonschema.Draft202012Validator(load(site, "edition.schema.json")).validate(document)
    assert load(site, "edition.json", "en") == document  # one edition, the same file in both sites
    return list(document["units"])


@pytest.fixture(scope="module")
def rules(site: Path) -> dict[str, Any]:
    return dict(load(site, "rules.json"))


def by_cite(units: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every unit and table row by its citation (the rules file's way of naming a clause)."""
    found: dict[str, dict[str, Any]] = {}
    for unit in units:
        found[unit["cite"]] = unit
        for row in unit.get("rows", []):
            if row["cite"]:
                found[row["cite"]] = row
    return found


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unit_text(unit: dict[str, Any], lang: str) -> str:
    cells = [cell[lang] for row in unit.get("rows", []) for cell in row["cells"]]
    return unit["number"] + unit[lang] + "".join(cells)


# --- The edition and the pages --------------------------------------------------------------------------------


def test_ids_are_unique_parents_come_first_and_refs_name_units(units: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    rows = {row["id"] for unit in units for row in unit.get("rows", []) if row["id"]}
    for unit in units:
        assert unit["id"] not in seen, unit["id"]
        assert unit["parent"] is None or unit["parent"] in seen, unit["id"]
        assert unit["anchor"] == ("/" not in unit["id"])
        seen.add(unit["id"])
    for unit in units:
        assert set(unit["refs"]) <= seen | rows, unit["id"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", [p for p in SPEC_PAGES if p != "index.md"])
def test_each_page_is_its_units_in_order(units: list[dict[str, Any]], lang: str, spec: str, site: Path) -> None:
    """A page's clauses (its text without the editorial notes) are its units' text, in order, and each clause
    without a table is the text of its unit and the unanchored units after it."""
    url = edition.page_url(spec)
    mine = [u for u in units if u["page"] == url]
    # Not the notes, nor what comes before the first clause (the link to the side-by-side reading).
    blocks = {k: v for k, v in clause_blocks(built_page(lang, spec)).items() if k and not k.startswith("note-")}
    assert squeezed("".join(blocks.values())) == squeezed("".join(unit_text(u, lang) for u in mine))
    for n, unit in enumerate(mine):
        if not unit["anchor"] or unit["id"] not in blocks:
            continue
        run = [unit]
        for after in mine[n + 1 :]:
            if after["anchor"]:
                break
            run.append(after)
        if not any("rows" in u for u in run):
            assert squeezed(blocks[unit["id"]]) == squeezed("".join(unit_text(u, lang) for u in run)), unit["id"]


def test_every_clause_id_of_the_site_is_in_the_edition(units: list[dict[str, Any]], site: Path) -> None:
    from .test_ids import expected_ids  # noqa: PLC0415

    ids = {u["id"] for u in units} | {row["id"] for u in units for row in u.get("rows", []) if row["id"]}
    assert expected_ids() <= ids


def test_the_metadata_is_the_covers(site: Path) -> None:
    meta = load(site, "edition.json")["edition"]
    assert (meta["document_number"], meta["version"]) == ("CTS TBSC55-2026", "B/0")
    cover = meta["cover"]
    assert cover["control_status"]["zh"] == "（ 受控 ）" and cover["issued"]["zh"] == "20260108"
    assert meta["issued"] == meta["effective"] == "2026-01-08"
    assert meta["governing_language"] == "zh"


# --- The rules, each number with its clause -------------------------------------------------------------------


def test_every_number_of_the_rules_has_its_clause(rules: dict[str, Any], units: list[dict[str, Any]]) -> None:
    cites = by_cite(units)

    def numbers(node: Any, path: str) -> list[str]:
        """Paths of numbers (and decimal strings) with no clause of their own record or section."""
        missing = []
        if isinstance(node, dict):
            cited = {**node.get("cited", {})}
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    missing += numbers(value, f"{path}.{key}")
                elif _is_number(value) and "clause" not in node and key not in cited:
                    missing.append(f"{path}.{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                missing += numbers(value, f"{path}[{n}]")
        return missing

    assert numbers({k: v for k, v in rules.items() if k != "scheme"}, "rules") == []
    # The records the site's tables are made of cite clauses the edition has.
    for record in (*rules["service"]["likert_bands"], *rules["service"]["items"], *rules["management"]["clauses"],
                   *rules["management"]["grades"], *rules["certification"]["profiles"][1]["levels"]):  # fmt: skip
        assert record["clause"] in cites, record["clause"]
    for cite in (*rules["service"]["cited"].values(), *rules["management"]["cited"].values()):
        assert cite in cites or cite.startswith("the site's reading"), cite


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value) is not None


# --- Rebuilding the site's tables from the two files ----------------------------------------------------------


def site_table(lang: str, spec: str, index: int = 0) -> list[list[str]]:
    """A table of a built page as a grid of cell texts, merged cells repeated (as a reader sees them)."""
    root = edition.tree(built_page(lang, spec).read_text(encoding="utf-8"))
    tables = [t for t in root.iter("table") if t.find(".//tr") is not None]
    return grid([[(edition.text_of(c), int(c.get("rowspan", "1")), int(c.get("colspan", "1"))) for c in row]
                 for row in edition.cells(tables[index])])  # fmt: skip


def grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in rows]
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        cells = iter(row)
        while True:
            while (r, c) in taken:
                out[r].append(taken[(r, c)])
                c += 1
            cell = next(cells, None)
            if cell is None:
                break
            text, rowspan, colspan = cell
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        taken[(r + dr, c + dc)] = text
            out[r].append(text)
            c += 1
    return out


def edition_table(unit: dict[str, Any], lang: str) -> list[list[str]]:
    return grid([[(cell[lang], cell["rowspan"], cell["colspan"]) for cell in row["cells"]] for row in unit["rows"]])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("cite", "spec"), [("appendix 1 table", "spec/appendix-1.md"),
                                            ("appendix 3 table", "spec/appendix-3.md"),
                                            ("5.3 table", "spec/chapter-5.md")])  # fmt: skip
def test_the_tables_are_rebuilt_from_the_edition(
    units: list[dict[str, Any]], lang: str, cite: str, spec: str, site: Path
) -> None:
    index = 1 if cite == "5.3 table" else 0  # chapter 5's first table is 5.2.5's model
    assert edition_table(by_cite(units)[cite], lang) == site_table(lang, spec, index)


def test_the_5_1_1_bands_are_rebuilt_from_the_rules(rules: dict[str, Any], units: list[dict[str, Any]]) -> None:
    cites = by_cite(units)
    for band in rules["service"]["likert_bands"]:
        lower = "≤" if band["lower_inclusive"] else "<"
        end = "。" if band["band"] == 5 else "；"
        text = f"{band['label_zh']}：{band['lower']} {lower} α ≤ {band['upper']}{end}"
        assert cites[band["clause"]]["zh"] == text
        assert cites[band["clause"]]["en"].startswith(band["label_en"].lower())


def test_appendix_1_and_3_numbers_are_rebuilt_from_the_rules(
    rules: dict[str, Any], units: list[dict[str, Any]]
) -> None:
    cites = by_cite(units)
    for item in rules["service"]["items"]:
        cells = [c["zh"] for c in cites[item["clause"]]["cells"]]
        # "1.1. 人员/5分"; row 7 prints no number ("制定服务规范/8分")
        assert any(c.removeprefix(f"{item['id']}. ") == f"{item['name_zh']}/{item['max_points']}分" for c in cells)
        assert str(item["max_points"]) in cells
    for clause in rules["management"]["clauses"]:
        cells = [c["zh"] for c in cites[clause["clause"]]["cells"]]
        levels = [str(clause["weight"] * n // rules["management"]["level_divisor"]) for n in range(1, 6)]
        assert cells[-6:] == [str(clause["weight"]), *levels]
    for grade in rules["management"]["grades"]:
        upper = "≤" if grade["upper_inclusive"] else "<"
        assert f"{grade['lower']}分 ≤ 总分 {upper} {grade['upper']}分" in cites[grade["clause"]]["zh"]


def test_5_3_rows_are_rebuilt_from_the_table_profile(rules: dict[str, Any], units: list[dict[str, Any]]) -> None:
    cites = by_cite(units)
    table = next(p for p in rules["certification"]["profiles"] if p["id"] == "table")
    grades = "一二三四五"
    for level in table["levels"]:
        cells = [c["zh"] for c in cites[level["clause"]]["cells"]]
        assert cells[1].startswith(str(Decimal(level["min_service_score"])))
        assert cells[2] == f"{grades[level['min_grade'] - 1]}级及以上"
