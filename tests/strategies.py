"""Hypothesis strategies shared by the property tests and the fuzz suite: valid evaluation documents."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from scoring.errors import DEFAULT_IGNORABLE
from tests.builders import CLAUSE_IDS, ITEM_IDS, RULES

alphas = st.integers(min_value=0, max_value=10_000).map(lambda n: str(Decimal(n).scaleb(-4)))  # "0.8000", "1.0000"
levels = st.integers(min_value=1, max_value=5)
# Names as the engine accepts them: no control, format or surrogate character, none that draws as nothing.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")).filter(
        lambda ch: not re.fullmatch(f"[{DEFAULT_IGNORABLE}]", ch)
    ),
    min_size=0,
    max_size=20,
)


@st.composite
def raters(draw: st.DrawFn) -> dict[str, Any]:
    rater: dict[str, Any] = {"alpha": {item_id: draw(alphas) for item_id in ITEM_IDS}}
    if draw(st.booleans()):
        rater["id"] = draw(text)
    return rater


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    rater_list = draw(st.lists(raters(), min_size=1, max_size=5))
    seen: set[str] = set()
    for r in rater_list:  # rater ids must be unique
        if "id" in r and (r["id"] in seen or seen.add(r["id"])):  # type: ignore[func-returns-value]
            del r["id"]
    doc: dict[str, Any] = {
        "profile": draw(st.sampled_from(RULES.certification.profile_ids)),
        "service": {"raters": rater_list},
        "management": {"levels": {c: draw(levels) for c in CLAUSE_IDS}, "conformity_passed": draw(st.booleans())},
    }
    if draw(st.booleans()):
        doc["organization"] = draw(text)
    return doc
