"""Reading notes at the clause (issue 22, point 5), on the built site of both languages, without a browser.

The pairs (note, clause) are derived here from the built notes page's summary table (its links to specification
pages), and held against the markers on the specification pages both ways: every pair has its marker at the end of
its clause, linking the note; every marker link is a pair; every note lists its clauses under its heading; the two
languages agree; build_tools/errata.py (what the side-by-side view and the JSON use) reads the same pairs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import errata
from build_tools.site_hooks import CLAUSE_ID

from .conftest import LANGS, SPEC_PAGES, built_page
from .dom import Node, article, resolve, tree

NOTES = "notes/reading-notes"
SPEC_URLS = {md: "" if md == "index.md" else md.removesuffix(".md") + "/" for md in SPEC_PAGES}

Pair = tuple[str, str, str]  # (note anchor "e1", page "spec/chapter-5", clause id)


def _page(url: str) -> str:
    return url.rstrip("/")


def table_pairs(site: Path, lang: str) -> list[Pair]:
    """The pairs of the built notes page's summary table: each link of a row's second cell to a spec page."""
    root = tree(site / lang / NOTES / "index.html")
    heading = next(n for n in root.iter() if n.attrs.get("id") == "summary")
    siblings = heading.parent.children if heading.parent else []
    table = next(n for n in siblings[siblings.index(heading) :] if n.tag == "table")
    spec = {_page(u) for u in SPEC_URLS.values()}
    pairs: list[Pair] = []
    for row in table.find_all("tr"):
        cells = [c for c in row.children if c.tag == "td"]
        if not cells:
            continue
        note = resolve(NOTES + "/", cells[0].find_all("a")[0].attrs["href"])[1]
        for link in cells[1].find_all("a"):
            page, fragment = resolve(NOTES + "/", link.attrs["href"])
            assert page in spec and fragment, (lang, note, link.attrs["href"])
            pairs.append((note, page, fragment))
    return pairs


def markers(site: Path, lang: str) -> dict[tuple[str, str], list[tuple[Node, list[str]]]]:
    """(page, clause named by the marker) → [(marker, the notes it links)] on the built specification pages."""
    found: dict[tuple[str, str], list[tuple[Node, list[str]]]] = {}
    for md, url in SPEC_URLS.items():
        for marker in article(built_page(lang, md)).find_all("span", "errata-marker"):
            notes = []
            for link in marker.find_all("a"):
                page, fragment = resolve(url, link.attrs["href"])
                assert page == NOTES, (lang, md, link.attrs["href"])
                notes.append(fragment)
            found.setdefault((_page(url), marker.attrs.get("data-clause", "")), []).append((marker, notes))
    return found


@pytest.fixture(scope="module")
def pairs(site: Path) -> dict[str, list[Pair]]:
    return {lang: table_pairs(site, lang) for lang in LANGS}


def test_the_table_gives_the_pairs_and_both_languages_agree(pairs: dict[str, list[Pair]]) -> None:
    assert len(pairs["zh"]) > 50
    assert pairs["zh"] == pairs["en"]
    for lang in LANGS:  # the module the side-by-side view and the JSON call reads the same table
        assert [
            (n.lower(), p.page.removesuffix(".md").removesuffix("index").rstrip("/"), p.anchor)
            for n, p in errata.pairs(lang)
        ] == pairs[lang]
    named = {(note, clause) for note, _, clause in pairs["zh"]}
    assert {("e1", "clause-5-3"), ("e17", "a4-4-4-1"), ("e34", "a3-note-2"), ("e36", "cover")} <= named


@pytest.mark.parametrize("lang", LANGS)
def test_every_pair_has_its_marker_and_every_marker_is_a_pair(
    site: Path, pairs: dict[str, list[Pair]], lang: str
) -> None:
    expected: dict[tuple[str, str], list[str]] = {}
    for note, page, clause in pairs[lang]:
        expected.setdefault((page, clause), []).append(note)
    found = markers(site, lang)
    assert all(len(ms) == 1 for ms in found.values()), "one marker per clause"
    assert {key: ms[0][1] for key, ms in found.items()} == expected


@pytest.mark.parametrize("lang", LANGS)
def test_each_marker_ends_its_clause(site: Path, lang: str) -> None:
    """After the clause's element, before the next clause at its level or above (a sub-clause or a row is inside)."""
    for md in SPEC_PAGES:
        body = article(built_page(lang, md))
        nodes = list(body.iter())
        for marker in body.find_all("span", "errata-marker"):
            clause = next(n for n in nodes if n.attrs.get("id") == marker.attrs["data-clause"])
            assert clause.order < marker.order, (md, clause.attrs)
            following = [
                n
                for n in nodes
                if n.order > clause.order and CLAUSE_ID.match(n.attrs.get("id", "")) and n.depth <= clause.depth
            ]
            assert not following or marker.order < following[0].order, (lang, md, clause.attrs["id"])
            if clause.tag in ("li", "td"):
                assert marker.parent is clause  # inside the item, after its own text
            else:
                assert marker.parent is not None and marker.parent.classes == ["errata"]
            name = [link.attrs["aria-label"] for link in marker.find_all("a")]
            assert all(label.startswith(("阅读说明 E", "Reading note E")) for label in name), name


@pytest.mark.parametrize("lang", LANGS)
def test_every_note_lists_its_clauses(site: Path, pairs: dict[str, list[Pair]], lang: str) -> None:
    root = article(site / lang / NOTES / "index.html")
    headings = {n.attrs["id"]: n for n in root.find_all() if n.tag == "h3" and n.attrs.get("id", "").startswith("e")}
    assert len(headings) == 37
    for anchor, heading in headings.items():
        siblings = heading.parent.children if heading.parent else []
        after = siblings[siblings.index(heading) + 1]
        assert after.tag == "p" and "note-clauses" in after.classes, anchor
        listed = [resolve(NOTES + "/", a.attrs["href"]) for a in after.find_all("a")]
        assert [(anchor, page, clause) for page, clause in listed] == [p for p in pairs[lang] if p[0] == anchor]
        if not listed:  # 全文 / Throughout: the table's own words
            assert after.text.strip() in ("位置：全文", "Where: Throughout"), after.text


def parallel_url(md: str) -> str:
    return "parallel/" + SPEC_URLS[md]


@pytest.mark.parametrize("lang", LANGS)
def test_the_side_by_side_pages_have_the_same_markers(site: Path, pairs: dict[str, list[Pair]], lang: str) -> None:
    """Each pair's marker on the side-by-side reading of its page too (under the Chinese), linking the note."""
    expected: dict[tuple[str, str], list[str]] = {}
    for note, page, clause in pairs[lang]:
        expected.setdefault((page, clause), []).append(note)
    found: dict[tuple[str, str], list[str]] = {}
    for md, url in SPEC_URLS.items():
        path = site / lang / parallel_url(md) / "index.html"
        for marker in article(path).find_all("span", "errata-marker"):
            key = (_page(url), marker.attrs.get("data-clause", ""))
            assert key not in found, f"two markers for {key}"
            found[key] = [resolve(parallel_url(md), a.attrs["href"])[1] for a in marker.find_all("a")]
            assert all(resolve(parallel_url(md), a.attrs["href"])[0] == NOTES for a in marker.find_all("a"))
    assert found == expected


def test_the_edition_json_carries_the_pairs(site: Path, pairs: dict[str, list[Pair]]) -> None:
    """downloads/edition.json: each unit's (and table row's) notes, and each note's clauses, are the table's pairs."""
    import json  # noqa: PLC0415

    document = json.loads((site / "zh" / "downloads" / "edition.json").read_text(encoding="utf-8"))
    table = {(note, clause) for note, _, clause in pairs["zh"]}
    on_units = {(note, "cover") for note in document["edition"]["notes"]}
    for unit in document["units"]:
        on_units |= {(note, unit["id"]) for note in unit["notes"]}
        on_units |= {(note, row["id"]) for row in unit.get("rows", []) for note in row["notes"]}
    assert on_units == table
    listed = {(note["id"], clause) for note in document["reading_notes"] for clause in note["clauses"]}
    assert listed == table
    assert len(document["reading_notes"]) == 37
