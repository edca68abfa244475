"""One way to grade a partial form (issue 21, point 5): scoring.browser.partial_result is the calculator's kept
form (scoring.session.FormSession.partial) taken as a new form, and each figure it gives is the figure
:func:`scoring.engine.evaluate` gives — field by field, for complete documents and for documents with fields
left empty or wrong."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scoring.browser import partial_result
from scoring.document import evaluation_from_obj
from scoring.engine import evaluate
from scoring.numbers import fixed, plain
from scoring.service import rater_score_text
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES
from tests.strategies import documents

PLACES = RULES.service.score_places


def graded(doc: dict[str, Any]) -> dict[str, Any]:
    """The figures of a complete document as :func:`evaluate` grades them, in partial_result's shape."""
    result = evaluate(evaluation_from_obj(doc))
    return {
        "raters": [
            {"bands": [b.band for b in r.bands], "score": rater_score_text(r.score, RULES.service)}
            for r in result.service.raters
        ],
        "service_score": fixed(result.service.score, PLACES),
        "management": {
            "total": plain(result.management.total),
            "grade": result.management.grade.grade,
            "clauses": {c.clause.id: plain(c.points) for c in result.management.clauses},
        },
        "stars": result.certification.stars,
    }


def figures(partial: dict[str, Any]) -> dict[str, Any]:
    """partial_result without what only the page reads (the α as typed, ``normalized``)."""
    out = copy.deepcopy(partial)
    for rater in out["raters"]:
        rater.pop("normalized", None)
    return out


@given(documents())
def test_a_complete_document_is_graded_as_evaluate_grades_it(doc: dict[str, Any]) -> None:
    assert figures(partial_result(doc)) == graded(doc)


# What a person leaves in a field before it is right: empty, a typo, out of range, the wrong type.
WRONG = st.sampled_from(["", "0,8", "1.5", "-0", "abc", None, True, [], "0.8 "])


@given(documents(), st.data())
def test_each_figure_of_an_incomplete_document_is_evaluates_or_none(doc: dict[str, Any], data: st.DataObject) -> None:
    """Spoil some α and perhaps a level: every figure that does not depend on them is still :func:`evaluate`'s,
    and every one that does is None (a band 0)."""
    expected = graded(doc)
    raters = doc["service"]["raters"]
    spoiled = data.draw(st.sets(st.tuples(st.integers(0, len(raters) - 1), st.sampled_from(ITEM_IDS)), max_size=4))
    for index, item_id in spoiled:
        raters[index]["alpha"][item_id] = data.draw(WRONG)
    level = data.draw(st.none() | st.sampled_from(CLAUSE_IDS))
    if level is not None:
        doc["management"]["levels"][level] = data.draw(st.sampled_from([None, 0, 6, "3", 2.5]))
    partial = figures(partial_result(doc))
    for index, (got, want) in enumerate(zip(partial["raters"], expected["raters"], strict=True)):
        bad = {item_id for i, item_id in spoiled if i == index}
        bands = zip(ITEM_IDS, want["bands"], strict=True)
        assert got["bands"] == [0 if item_id in bad else band for item_id, band in bands]
        assert got["score"] == (None if bad else want["score"])
    complete_service = not spoiled
    assert partial["service_score"] == (expected["service_score"] if complete_service else None)
    assert partial["management"] == (expected["management"] if level is None else None)
    assert partial["stars"] == (expected["stars"] if complete_service and level is None else None)


def test_a_document_that_is_no_form_grades_nothing() -> None:
    for obj in (None, [], "x", {"service": []}, {"service": {"raters": {}}}, {"management": {"levels": []}}):
        assert partial_result(obj) == {"raters": [], "service_score": None, "management": None, "stars": None}
