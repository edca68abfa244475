"""The side-by-side reading (build_tools/parallel_hook.py): every clause of both languages, lined up by its id.

Each specification page has a side-by-side page in both languages' sites; read column by column it is the two
pages' text, whole and in order (nothing lost, nothing twice); each clause's id is on the page once, on its Chinese;
its links stay in the side-by-side reading or lead to the page they named.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_tools import edition

from .conftest import LANGS, SPEC_PAGES, built_page
from .pages import parse

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', re.DOTALL)


# What the site adds around the text: the reading notes' markers, the citation buttons.
APPARATUS = {"errata", "errata-marker", "cite"}


def article(path: Path) -> ET.Element:
    """A page's <article>, without the markers and buttons (the side-by-side pages have them on one side only)."""
    match = ARTICLE.search(path.read_text(encoding="utf-8"))
    assert match, path
    root = edition.tree(match[1])
    for parent in list(root.iter()):
        for child in list(parent):
            if APPARATUS & set(edition.classes(child)):
                edition.remove_keeping_tail(parent, child)
    return root


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parallel_page(lang: str, spec: str) -> Path:
    return built_page(lang, "parallel/" + spec.removesuffix("index.md"))


def columns(root: ET.Element) -> dict[str, str]:
    """The side-by-side page read down each column: a table's cell gives its Chinese, and its English (the
    Chinese again where the two are the same, as numbers are)."""
    text = {"zh": [], "en": []}
    for row in root.iter("div"):
        kinds = edition.classes(row)
        if "parallel-row" not in kinds or "parallel-head" in kinds:
            continue
        if "parallel-table" not in kinds:
            for code in LANGS:
                column = next(c for c in row if f"parallel-{code}" in edition.classes(c))
                text[code].append(edition.text_of(column))
            continue
        for cell in row.iter():
            if cell.tag not in ("td", "th"):
                continue
            english = next((s for s in cell if "parallel-en" in edition.classes(s)), None)
            if english is not None:
                cell.remove(english)
            chinese = edition.text_of(cell)
            text["zh"].append(chinese)
            text["en"].append(edition.text_of(english) if english is not None else chinese)
    return {code: squeezed("".join(parts)) for code, parts in text.items()}


def page_text(root: ET.Element) -> str:
    """A specification page's article as the side-by-side reading has it: without the notes about one language
    (the English pages' "Translation") and the link to the side-by-side reading."""
    for block in list(root):
        if edition.is_one_language_note(block) or "parallel-link" in edition.classes(block):
            root.remove(block)
    return squeezed(edition.text_of(root))


@pytest.mark.parametrize("spec", SPEC_PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_each_column_is_its_language_page_whole_and_in_order(lang: str, spec: str, site: Path) -> None:
    read = columns(article(parallel_page(lang, spec)))
    for code in LANGS:
        assert read[code] == page_text(article(built_page(code, spec))), f"{lang} site, {spec}: the {code} column"


@pytest.mark.parametrize("spec", SPEC_PAGES)
def test_every_clause_id_is_on_the_page_once_on_its_chinese(spec: str, site: Path) -> None:
    clause_ids = [i for i in parse(built_page("zh", spec)).ids if edition.CLAUSE_ID.match(i)]
    for lang in LANGS:
        root = article(parallel_page(lang, spec))
        ids = [i for i in edition.iter_ids(root) if edition.CLAUSE_ID.match(i)]
        assert ids == clause_ids, f"{lang}: {spec}"
        for column in root.iter("div"):
            if "parallel-en" in edition.classes(column):
                assert not list(edition.iter_ids(column)), f"{lang}: {spec}: an id in the English column"


@pytest.mark.parametrize("lang", LANGS)
def test_rows_pair_the_same_clauses(lang: str, site: Path) -> None:
    """Row by row, a clause's Chinese beside its own English: the clause numbers printed on both sides agree."""
    root = article(parallel_page(lang, "spec/chapter-5.md"))
    rows = [r for r in root.iter("div") if edition.classes(r) == ["parallel-row"]]
    numbered = 0
    for row in rows:
        numbers = [
            [edition.text_of(n) for n in column.iter("span") if "clause-no" in edition.classes(n)] for column in row
        ]
        assert numbers[0] == numbers[1]
        numbered += bool(numbers[0])
    assert numbered == 8  # 5.1.1, 5.1.2, 5.2.1 … 5.2.6 (the headings' numbers are not spans)


@pytest.mark.parametrize("lang", LANGS)
def test_links_stay_side_by_side_and_the_pages_lead_to_each_other(lang: str, site: Path) -> None:
    page = parse(parallel_page(lang, "spec/chapter-5.md"))
    hrefs = [value for tag, attr, value in page.refs if tag == "a" and attr == "href"]
    assert "../chapter-4/#clause-4" in hrefs  # 5.1's link to chapter 4, to its side-by-side page
    assert "../../../notes/reading-notes/#e1" in hrefs  # the editorial note's link to the reading notes
    assert "../../../spec/chapter-5/" in hrefs  # back to the page in one language
    spec = parse(built_page(lang, "spec/chapter-5.md"))
    links = [value for tag, attr, value in spec.refs if tag == "a" and attr == "href"]
    assert links.count("../../parallel/spec/chapter-5/") == 2  # above the title, and in the language switch
    cover = parse(built_page(lang, "index.md"))
    assert "parallel/" in [value for tag, attr, value in cover.refs if tag == "a"]


def test_the_pages_are_not_indexed_twice(site: Path) -> None:
    """The clauses are found on their own pages; their side-by-side reading is not indexed (as the print page)."""
    for lang in LANGS:
        for spec in SPEC_PAGES:
            assert "data-pagefind-body" not in parallel_page(lang, spec).read_text(encoding="utf-8")
