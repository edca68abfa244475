"""Issue 12, point 5: every link that the engine emits leads to a page and an anchor of the built site.

The links are collected from what the calculator shows (``scoring.browser``): the form model, the trace and every
other ``href`` of the results of the conformance vectors (both profiles, passed and failed conformity, every
grade), and the links of the report. Each is relative to a language's root, as the calculator page resolves it
(``../`` + href from ``<lang>/calculator/``), and must name an existing page holding the element with that id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scoring import evaluate, evaluation_from_obj, result_to_obj
from scoring.anchors import cite
from scoring.browser import evaluate_document, form_model, report
from scoring.rules import load_rules
from tests.builders import document, every_rules_citation, rater_scoring
from tests.pyodide.cases import conformance_inputs

from .conftest import LANGS

HREF = re.compile(r'href="([^"]+)"')


# A link into the site as the engine writes it: a page's folder from the language's root, maybe an anchor.
SITE_LINK = re.compile(r"[a-z0-9][a-z0-9/-]*/(?:#[A-Za-z0-9_-]+)?")


def hrefs_in(value: Any) -> Iterator[str]:
    """Every string in ``value`` (nested) that is a link into the site, whatever key holds it."""
    if isinstance(value, str) and SITE_LINK.fullmatch(value):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from hrefs_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from hrefs_in(item)


@cache
def engine_hrefs() -> frozenset[str]:
    found = set(hrefs_in(json.loads(form_model())))
    for doc in conformance_inputs():
        payload = json.loads(evaluate_document(json.dumps(doc)))
        if payload["ok"]:
            found |= set(hrefs_in(payload["result"]))
    return frozenset(found)


@cache
def report_hrefs(lang: str) -> frozenset[str]:
    found = set()
    for doc in conformance_inputs()[:5]:
        payload = json.loads(report(json.dumps(doc), lang, "2026-01-01"))
        if payload["ok"]:
            found |= {h for h in HREF.findall(payload["html"]) if not re.match(r"^[a-z]+:|^#", h)}
    return frozenset(found)


def resolve(site: Path, lang: str, link: str) -> tuple[Path, str]:
    path, _, anchor = link.partition("#")
    page = site / lang / path
    return (page / "index.html" if path.endswith("/") or not path else page), anchor


@cache
def ids_of(page: Path) -> frozenset[str]:
    return frozenset(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))


def test_the_engine_emits_links_of_every_kind() -> None:
    links = engine_hrefs()
    assert len(links) > 40
    assert any("appendix-1/#a1-" in link for link in links)
    assert any("appendix-3/#a3-" in link for link in links)
    assert any("chapter-5/#clause-5-" in link for link in links)
    assert any("reading-notes/#e" in link for link in links)


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_the_form_model_and_the_results_resolves(site: Path, lang: str) -> None:
    broken = []
    for link in sorted(engine_hrefs()):
        assert not link.startswith(("/", "http:", "https:")), link  # relative: the site works under any base path
        page, anchor = resolve(site, lang, link)
        if not page.is_file() or (anchor and anchor not in ids_of(page)):
            broken.append(link)
    assert broken == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_the_report_resolves(site: Path, lang: str) -> None:
    # The report is a file of its own (printed, downloaded): its links to the site, if any, are relative to the
    # language's root like the engine's.
    broken = []
    for link in sorted(report_hrefs(lang)):
        page, anchor = resolve(site, lang, link)
        if not page.is_file() or (anchor and anchor not in ids_of(page)):
            broken.append(link)
    assert broken == []


# --- issue 20, point 7: every clause tag of the trace, at its exact place ------------------------------------


@cache
def trace_refs() -> frozenset[tuple[str, str, str]]:
    """(clause, clause_zh, href) of every clause the trace can cite: every grade band (its note 3) item), both
    profiles, every star level, the conformity examination passed and failed, one rater and several."""
    found = set()
    for total in (29, 50, 80, 100, 120):  # grades 1 … 5
        for score in ("70", "85", "92", "100"):
            for profile in ("final", "table"):
                for passed in (True, False):
                    raters = [rater_scoring(score, "R1")] + ([rater_scoring("90")] if passed else [])
                    doc = document(raters, total, profile=profile, conformity_passed=passed)
                    for step in result_to_obj(evaluate(evaluation_from_obj(doc)))["trace"]:
                        found |= {(r["clause"], r["clause_zh"], r["href"]) for r in step["refs"]}
    return frozenset(found)


def test_the_trace_cites_the_exact_places_of_its_clauses() -> None:
    hrefs = {href for _, _, href in trace_refs()}
    grades = {cite(band.clause).href for band in load_rules().management.grades}
    assert grades == {f"spec/appendix-3/#a3-note-3-{n}" for n in range(1, 6)}
    assert (
        grades
        | {
            "notes/reading-notes/#e6",  # a rater's score: the site's reading of appendix 1
            "spec/appendix-1/#appendix-1",
            "spec/chapter-5/#clause-5-1-2",
            "notes/reading-notes/#e4",
            "spec/appendix-3/#a3-note-2",
            "spec/chapter-5/#clause-5-3",
        }
        == hrefs
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_clause_of_the_trace_and_of_the_rules_is_an_anchor_of_the_built_pages(site: Path, lang: str) -> None:
    links = {href for _, _, href in trace_refs()} | {cite(c).href for c in every_rules_citation()}
    broken = []
    for link in sorted(links):
        page, anchor = resolve(site, lang, link)
        if not page.is_file() or anchor not in ids_of(page):
            broken.append(link)
    assert broken == []
