"""Clause ids: every numbered clause has its id, and the two languages have exactly the same ids."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT, SPEC_PAGES, built_page
from .pages import parse

# Clauses, appendices and their rows and notes, and tables' titles (a table is cited by its id too).
CLAUSE_ID = re.compile(r"^(?:clause|appendix|a[1-4]|table)-(?:note-)?[0-9][0-9-]*$")


def clause_ids(lang: str) -> dict[str, set[str]]:
    """Clause ids per specification page, from the built HTML."""
    found = {}
    for md in SPEC_PAGES:
        ids = [i for i in parse(built_page(lang, md)).ids if CLAUSE_ID.match(i)]
        assert len(ids) == len(set(ids)), f"{lang}/{md}: duplicate ids"
        found[md] = set(ids)
    return found


def expected_ids() -> set[str]:
    """The ids the agreement names: chapters 1-5, appendices, table rows, appendix 4 as the source numbers it."""
    chapters = {
        *(f"clause-{n}" for n in range(1, 6)),
        "clause-1-1", "clause-1-2", "clause-4-1", "clause-4-2", "clause-4-2-1", "clause-4-2-2", "clause-4-2-3",
        "clause-5-1", "clause-5-1-1", "clause-5-1-2", "clause-5-2", *(f"clause-5-2-{n}" for n in range(1, 7)),
        "clause-5-3",
    }  # fmt: skip
    appendix_4 = {
        "a4-1", "a4-1-1", "a4-1-2", "a4-1-3", "a4-1-4", "a4-2", "a4-2-1", "a4-2-2", "a4-2-3",
        "a4-3", "a4-3-1", "a4-3-1-1", "a4-3-1-2", "a4-3-1-3", "a4-3-2", "a4-3-2-1", "a4-3-2-2",
        "a4-4", "a4-4-1", "a4-4-2", "a4-4-3", "a4-4-4", "a4-4-4-1", "a4-4-4-2", "a4-4-5",
        "a4-5", "a4-5-1", "a4-5-2", "a4-5-3",  # the source's 5.1, 5.2, 5.3: not renumbered
        "a4-6", "a4-6-1", "a4-6-2", "a4-6-3", "a4-6-3-1", "a4-6-3-2", "a4-6-3-3",
        "a4-7", "a4-7-1", "a4-7-1-1", "a4-7-1-2", "a4-7-2",
    }  # fmt: skip
    rules = tomllib.loads((ROOT / "scoring" / "rules.toml").read_text(encoding="utf-8"))
    items = {item["anchor"] for item in rules["service"]["items"]}
    clauses = rules["management"]["clauses"]
    rows = {c["anchor"] for c in clauses} | {c["anchor"].replace("a3-", "a2-") for c in clauses}
    # Appendix 3's notes and the items of note 3), which the trace cites (issue 20, point 7).
    notes = {"a3-note-1", "a3-note-2", "a3-note-3", *(f"a3-note-3-{n}" for n in range(1, 6))}
    a4_anchors = {c["a4_anchor"] for c in clauses}
    assert a4_anchors <= appendix_4
    tables = {"table-5-2-5"}  # the generic maturity model's title (the other tables sit under their clause's heading)
    return chapters | {f"appendix-{n}" for n in range(1, 5)} | appendix_4 | items | rows | notes | tables


def test_chinese_pages_have_every_agreed_id(site: Path) -> None:
    found = set().union(*clause_ids("zh").values())
    assert found == expected_ids()


def test_english_pages_have_the_same_ids_on_the_same_pages(site: Path) -> None:
    zh, en = clause_ids("zh"), clause_ids("en")
    differences = {
        md: {"only zh": sorted(zh[md] - en[md]), "only en": sorted(en[md] - zh[md])}
        for md in SPEC_PAGES
        if zh[md] != en[md]
    }
    assert not differences


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clause_paragraphs_and_rows_have_permalinks(lang: str, site: Path) -> None:
    for md in SPEC_PAGES:
        html = built_page(lang, md).read_text(encoding="utf-8")
        page = parse(built_page(lang, md))
        # The notes under appendix 3's table have ids and no "¶" (build_tools/site_hooks.py, NOTE_ID); a table's
        # title has an id and no "¶" yet.
        for ident in (i for i in page.ids if CLAUSE_ID.match(i) and "-note-" not in i and not i.startswith("table-")):
            assert f'href="#{ident}"' in html, f"{lang}/{md}: no permalink to #{ident}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_print_page_is_the_whole_document(lang: str, site: Path) -> None:
    """One printable document per language: the cover and every clause, its number and id intact."""
    page = parse(site / lang / "print" / "index.html")
    assert set().union(*clause_ids(lang).values()) <= set(page.ids)
    for number in ("5.2.2.", "7.1.2.", "4.2.3."):
        assert number in page.text
