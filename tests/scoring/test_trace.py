"""Issue 20, point 7: the trace lets an auditor cross-check each sum, and cites each clause by its exact place.

Each term of a sum names its item (a rater's score), its rater (the sum of the rater scores) or its clause (the
maturity total), in both languages, and the named terms add up, exactly, to the figure the step states and the
result reports. Each step's clauses come from one mapping (``scoring.anchors.cite``), which also reads every
citation of the rules file.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from scoring import evaluate, evaluation_from_obj, result_to_obj
from scoring.anchors import cite
from scoring.engine import TRACE_TERMS_MAX_RATERS, trace
from scoring.rules import Lang
from scoring.words import rater_label
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES, document, every_rules_citation, rater

LANGS: tuple[Lang, ...] = ("zh", "en")
SEP = {"zh": "：", "en": ": "}


def _random_document(seed: int, raters: int) -> dict[str, Any]:
    rng = random.Random(seed)
    alphas = ["0", "1", "0.5", "0.75", "0.333", "0.95", "0.1234567", "0.8"]
    return document(
        [
            rater({i: rng.choice(alphas) for i in ITEM_IDS}, rng.choice([None, f"R{n}", f"甲·乙{n}"]))
            for n in range(raters)
        ],
        {c: rng.randint(1, 5) for c in CLAUSE_IDS},
    )


def _terms(text: str, lang: Lang) -> list[tuple[str, str]]:
    """``a：x + b：y`` → [(a, x), (b, y)]: the named terms of a sum."""
    return [tuple(term.rsplit(SEP[lang], 1)) for term in text.split(" + ")]  # type: ignore[misc]


CASES = [(1, 1), (2, 2), (3, 3), (4, 7)]


@pytest.mark.parametrize(("seed", "raters"), CASES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_term_of_every_sum_names_its_item_rater_or_clause_and_the_terms_add_up(
    seed: int, raters: int, lang: Lang
) -> None:
    result = evaluate(evaluation_from_obj(_random_document(seed, raters)))
    steps = trace(result)
    service, management = result.service, result.management
    # A rater's score: Σ item points × α over the 19 items, each term named by its item, in the rules' order.
    for r, step in zip(service.raters, steps, strict=False):
        head, _, sums = step.text(lang).partition("）= " if lang == "zh" else ") = ")
        assert head.startswith(rater_label(r.index + 1, r.id, lang))
        body, _, figure = sums.rpartition(" = ")
        terms = _terms(body, lang)
        assert [name for name, _ in terms] == ITEM_IDS
        total = Decimal(0)
        for (name, product), item in zip(terms, RULES.service.items, strict=True):
            points, alpha = product.split("×")
            assert name == item.id and int(points) == item.max_points
            assert Decimal(alpha) == r.items[ITEM_IDS.index(name)].alpha
            total += Decimal(points) * Decimal(alpha)
        assert total == Decimal(figure) == r.score
    # The service score: the sum of the rater scores, each named by its rater, then divided by their number.
    mean = steps[len(service.raters)]
    assert mean.clause.en == "5.1.2"
    inner = re.fullmatch(r".* = \((.*) = ([0-9.]+)\) ÷ ([0-9]+) = [0-9.…]+", mean.text(lang))
    assert inner, mean.text(lang)
    terms = _terms(inner[1], lang)
    assert [name for name, _ in terms] == [rater_label(r.index + 1, r.id, lang) for r in service.raters]
    assert sum(Decimal(score) for _, score in terms) == Decimal(inner[2]) == service.sum_of_scores
    assert int(inner[3]) == len(service.raters)
    # The maturity total: Σ weight × level / 5 over the 21 clauses, each term named by its clause.
    total_step = next(s for s in steps if s.anchor == "a3-note-2")
    body, _, figure = total_step.text(lang).rpartition(" = ")
    terms = _terms(body.split(" ÷ 5 = ", 1)[1], lang)
    assert [name for name, _ in terms] == CLAUSE_IDS
    points = Fraction(0)
    for (_, product), clause in zip(terms, management.clauses, strict=True):
        weight, rest = product.split("×")
        level, divisor = rest.split("/")
        assert (int(weight), int(level), int(divisor)) == (clause.clause.weight, clause.level, 5)
        points += Fraction(int(weight) * int(level), int(divisor))
    assert points == Decimal(figure) == management.total


def test_beyond_the_spelled_out_size_the_steps_state_the_sums_alone() -> None:
    result = evaluate(evaluation_from_obj(_random_document(5, TRACE_TERMS_MAX_RATERS + 1)))
    steps = trace(result)
    assert "+" not in steps[0].text.en and "：" not in steps[0].text.zh.split("：", 1)[1]
    mean = steps[len(result.service.raters)]
    assert mean.text.en.endswith(f"= {result.service.sum_of_scores} ÷ {TRACE_TERMS_MAX_RATERS + 1} = "
                                 + mean.text.en.rsplit(" = ", 1)[1])  # fmt: skip
    assert "Rater" not in mean.text.en


def test_each_step_links_each_of_its_clauses_to_its_exact_place() -> None:
    doc = document([rater("0.9", "R1")], 116)  # grade 5: appendix 3's note 3) ⑤
    obj = result_to_obj(evaluate(evaluation_from_obj(doc)))
    by_clause = {step["clause"]: step for step in obj["trace"]}
    # A rater's score: appendix 1's table, summed as the site reads it — cited as the reading, not as a clause.
    first = by_clause["appendix 1; the site's reading, E6"]
    assert first["clause_zh"] == "附录 1；本站的理解，阅读说明 E6"
    assert [r["href"] for r in first["refs"]] == ["spec/appendix-1/#appendix-1", "notes/reading-notes/#e6"]
    assert first["href"] == "spec/appendix-1/#appendix-1"  # the first clause's
    assert by_clause["appendix 3, note 2)"]["href"] == "spec/appendix-3/#a3-note-2"
    assert by_clause["appendix 3, note 3) ⑤"]["clause_zh"] == "附录 3 说明 3) ⑤"
    assert by_clause["appendix 3, note 3) ⑤"]["href"] == "spec/appendix-3/#a3-note-3-5"
    assert by_clause["5.1.2"]["href"] == "spec/chapter-5/#clause-5-1-2"
    for step in obj["trace"]:
        # The tag is its clauses joined, in each language; the step's href is its first clause's.
        assert step["clause"] == "; ".join(r["clause"] for r in step["refs"])
        assert step["clause_zh"] == "；".join(r["clause_zh"] for r in step["refs"])
        assert step["href"] == step["refs"][0]["href"]


@pytest.mark.parametrize(
    ("citation", "zh", "en", "anchor"),
    [
        ("5.1.1", "5.1.1", "5.1.1", "clause-5-1-1"),
        ("5.1.1 2) ①", "5.1.1 2) ①", "5.1.1 2) ①", "clause-5-1-1"),  # the nearest place with an id
        ("5.3 table row 3", "5.3 table row 3", "5.3 table row 3", "clause-5-3"),
        ("appendix 1", "附录 1", "appendix 1", "appendix-1"),
        ("appendix 1, 1.2", "附录 1，1.2", "appendix 1, 1.2", "a1-1-2"),
        ("appendix 1, 7", "附录 1，7", "appendix 1, 7", "a1-7"),
        ("appendix 3 2)", "附录 3 说明 2)", "appendix 3, note 2)", "a3-note-2"),
        ("appendix 3 3) ⑤", "附录 3 说明 3) ⑤", "appendix 3, note 3) ⑤", "a3-note-3-5"),
        ("appendix 3, note 3) ①", "附录 3 说明 3) ①", "appendix 3, note 3) ①", "a3-note-3-1"),
        ("notes-rounding", "本站的理解，阅读说明 E4", "the site's reading, E4", "notes-rounding"),
        ("notes-alpha", "本站的理解，阅读说明 E6", "the site's reading, E6", "notes-alpha"),
    ],
)
def test_a_citation_reads_as_each_language_cites_it_and_names_its_place(
    citation: str, zh: str, en: str, anchor: str
) -> None:
    ref = cite(citation)
    assert (ref.names.zh, ref.names.en, ref.anchor) == (zh, en, anchor)


@pytest.mark.parametrize("bad", ["", "appendix 5", "appendix 3 0)", "6.1", "chapter 5", "appendix 3 3) ⑤ extra", "E4"])
def test_what_is_not_a_citation_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a clause citation"):
        cite(bad)


def test_every_citation_of_the_rules_file_has_a_place_on_the_site() -> None:
    citations = every_rules_citation()
    assert len(citations) > 40
    for citation in citations:
        cite(citation)  # raises for a citation the mapping cannot place
