"""Issue 23, point 1: the requirement at hand. The calculator shows each clause's appendix 4 text and each service
item's appendix 1 row from the edition (downloads/edition.json), which the build writes from the specification's
Markdown: every unit the form model names is in it, with text; the module that shows them is not loaded with the page
(it is imported when a requirement is first opened), and the offline copy keeps the edition.

tests/browser/test_requirements.py shows them in the page and holds them to the specification's pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from build_tools import offline
from scoring.browser import form_model

from .conftest import LANGS
from .test_calculator_modules import CALCULATOR, imported

MODEL = json.loads(form_model())


def anchor(href: str) -> str:
    return href.split("#", 1)[1]


@pytest.fixture(scope="module")
def units(site: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((site / "zh" / "downloads" / "edition.json").read_text(encoding="utf-8"))
    return {unit["id"]: unit for unit in document["units"]}


def test_every_clause_names_its_appendix_4_clause_in_the_edition(units: dict[str, dict[str, Any]]) -> None:
    targets = [anchor(c["a4_href"]) for c in MODEL["clauses"]]
    assert len(targets) == len(set(targets)) == 21
    for clause, target in zip(MODEL["clauses"], targets, strict=True):
        unit = units.get(target)
        assert unit is not None and unit["kind"] == "clause" and unit["zh"] and unit["en"], (clause["id"], target)
        assert unit["page"] == "spec/appendix-4/" and clause["a4_href"].startswith(unit["page"] + "#")
    # Reading note E7: appendix 3's 5.2 is judged against appendix 4's 5.3.
    assert targets[[c["id"] for c in MODEL["clauses"]].index("5.2")] == "a4-5-3"
    # The generic level model shown with every clause: 5.2.5's table, merged cells and all.
    model = units["table-5-2-5"]
    assert model["kind"] == "table" and model["parent"] == "clause-5-2-5"
    assert [c["colspan"] for c in model["rows"][0]["cells"]] == [1, 5]


def test_every_service_item_names_its_row_of_appendix_1_in_the_edition(units: dict[str, dict[str, Any]]) -> None:
    rows = [row for row in units["appendix-1/1"]["rows"] if row["id"]]
    targets = [anchor(item["href"]) for item in MODEL["items"]]
    assert len(targets) == 19 and targets == [row["id"] for row in rows]
    # The columns requirements.js shows (0: the characteristic, spanning its items' rows; 2: the content).
    head = units["appendix-1/1"]["rows"][0]
    assert head["header"] and [head["cells"][c]["zh"] for c in (0, 2)] == ["服务特性指标", "评价内容"]
    for row in rows:
        assert row["cells"][-4]["zh"] and row["cells"][-4]["en"], row["id"]  # the content, before points, α, score


def test_the_requirements_module_is_loaded_on_demand_and_kept_offline(site: Path) -> None:
    assert "requirements.js" not in imported("calculator.js")  # neither imported at load nor preloaded
    assert 'import("./requirements.js")' in (CALCULATOR / "form.js").read_text(encoding="utf-8")
    kept = offline.calculator(site)
    for lang in LANGS:
        assert f"{lang}/downloads/edition.json" in kept[lang]
        assert f"{lang}/assets/calculator/requirements.js" in kept[lang]
