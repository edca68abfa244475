"""Test helpers that build evaluation documents from the rules (never from hard-coded id lists)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources
from typing import Any

from scoring.rules import load_rules

RULES = load_rules()
ITEM_IDS = [item.id for item in RULES.service.items]
CLAUSE_IDS = [clause.id for clause in RULES.management.clauses]


def rater(alpha: str | dict[str, Any], rater_id: str | None = None) -> dict[str, Any]:
    """A rater with one α for every item (a string), or a full item → α mapping."""
    alphas = dict.fromkeys(ITEM_IDS, alpha) if isinstance(alpha, str) else alpha
    return {"alpha": alphas} if rater_id is None else {"id": rater_id, "alpha": alphas}


def rater_scoring(score: str, rater_id: str | None = None) -> dict[str, Any]:
    """A rater whose score is exactly ``score``: with α the same for every item the score is 100 × α (Σ = 100)."""
    return rater(str(Decimal(score) / 100), rater_id)


def levels_for_total(total: int) -> dict[str, int]:
    """Maturity levels whose appendix 3 total is exactly ``total`` (29 … 145).

    Start from every clause at level 1 (total 29); raise weight-10 clauses (2 points a level) then weight-5
    clauses (1 point a level) until the total is reached.
    """
    levels = dict.fromkeys(CLAUSE_IDS, 1)
    remaining = total - sum(c.weight for c in RULES.management.clauses) // 5
    assert 0 <= remaining <= 116, total
    for clause in sorted(RULES.management.clauses, key=lambda c: -c.weight):
        step = clause.weight // 5
        while remaining >= step and levels[clause.id] < 5:
            levels[clause.id] += 1
            remaining -= step
    assert remaining == 0, total
    return levels


def document(
    raters: list[dict[str, Any]] | None = None,
    levels: dict[str, int] | int | None = None,
    *,
    profile: str | None = None,
    conformity_passed: bool | None = None,
    organization: str | None = None,
) -> dict[str, Any]:
    """An evaluation document; ``levels`` may be a total (see :func:`levels_for_total`) or a mapping."""
    if isinstance(levels, int):
        levels = levels_for_total(levels)
    doc: dict[str, Any] = {
        "service": {"raters": raters if raters is not None else [rater("0.9")]},
        "management": {"levels": levels if levels is not None else dict.fromkeys(CLAUSE_IDS, 4)},
    }
    if profile is not None:
        doc["profile"] = profile
    if organization is not None:
        doc["organization"] = organization
    if conformity_passed is not None:
        doc["management"]["conformity_passed"] = conformity_passed
    return doc


def observed(doc: dict[str, Any], text: str = "note", rater_index: int = 0) -> dict[str, Any]:
    """``doc`` (a copy) with a record and an observation for every clause and for every item of one rater."""
    import copy  # noqa: PLC0415

    doc = copy.deepcopy(doc)
    doc["record"] = {"date": "2026-12-07", "evaluators": ["张三", "J. Doe"], "scope": text, "remarks": text}
    doc["management"]["observations"] = dict.fromkeys(CLAUSE_IDS, text)
    doc["service"]["raters"][rater_index]["observations"] = dict.fromkeys(ITEM_IDS, text)
    return doc


def every_rules_citation() -> set[str]:
    """Every ``clause`` the rules file cites, wherever it is."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "clause" and isinstance(item, str):
                    found.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(tomllib.loads(resources.files("scoring").joinpath("rules.toml").read_text(encoding="utf-8")))
    return found
