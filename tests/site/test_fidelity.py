"""Source fidelity: every line of the extracted source (tests/data/source.txt) is in the Chinese pages.

Normalisation, applied to the source only where it is extraction damage or notation, never to wording:
whitespace is dropped on both sides (spaces in the extraction are not the document's); the extraction's
"- " list prefixes and its empty link targets "[text](#)" go; the formulas it wrote in TeX ($0 \\leq \\alpha$)
are compared as the site prints them (0 ≤ α); flattened table rows are compared cell by cell. The source's
own list markers (1)、①、a.) are kept: the pages print them as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, SPEC_PAGES, built_page
from .pages import parse

SOURCE = ROOT / "tests" / "data" / "source.txt"
TEX = {r"\leq": "≤", r"\geq": "≥", r"\alpha": "α", "$": ""}
WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def source_units() -> list[str]:
    units = []
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", raw.strip())
        line = re.sub(r"^-\s+", "", line)
        for tex, shown in TEX.items():
            line = line.replace(tex, shown)
        units += [squeeze(cell) for cell in line.split("\t") if cell.strip()]
    return units


@pytest.fixture(scope="module")
def chinese_text(site: Path) -> str:
    return "".join(squeeze(parse(built_page("zh", md)).text) for md in SPEC_PAGES)


def test_the_source_copy_is_the_shared_source() -> None:
    """The test data is the extraction as published (its first and last lines), not an edited copy."""
    text = SOURCE.read_text(encoding="utf-8")
    assert text.lstrip().startswith("江西腾标认证有限公司")
    assert text.rstrip().endswith("组织应持续改进体系的适宜性、充分性与有效性，以提升绩效。")
    assert len(source_units()) > 400


def test_every_source_line_is_in_the_chinese_pages(chinese_text: str) -> None:
    missing = [unit for unit in source_units() if unit not in chinese_text]
    assert not missing


def test_appendix_2_fragments_survive_and_are_marked_as_such(site: Path) -> None:
    page = parse(built_page("zh", "spec/appendix-2.md"))
    text = squeeze(page.text)
    for fragment in ("①服务认证管理", "①组织开始意识", "①在这一级，服"):
        assert fragment in text
    assert "编者注（非规范性）" in text
    assert "不可辨认" in text
