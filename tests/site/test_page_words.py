"""The calculator's words are the grading program's (issue 21, point 1): scoring/words.py is the one table, the
page reads it through the generated words.data.js, and fills a word's placeholders as the program does."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from build_tools.words import WORDS_MODULE, module_text
from scoring.words import PAGE_WORDS, WORDS, fill

from .conftest import ROOT
from .terms import one_word_violations

CALCULATOR = ROOT / "docs" / "assets" / "calculator"
MODULES = {p.name: p.read_text(encoding="utf-8") for p in CALCULATOR.glob("*.js") if p.name != WORDS_MODULE.name}


def _used(key: str) -> bool:
    """Whether a module reads ``key``: ``T.key``, or by name (``"notice_updated"``, ``stage_${stage}``)."""
    code = "\n".join(MODULES.values())
    if re.search(rf"\.{key}\b|\"{key}\"", code):
        return True
    prefix, _, rest = key.partition("_")
    return f"{prefix}_${{" in code and f'"{rest}"' in code


@pytest.mark.parametrize("key", sorted(PAGE_WORDS))
def test_every_word_of_the_page_is_read_by_one_of_its_modules(key: str) -> None:
    assert _used(key)


def test_the_page_spells_no_word_of_its_own() -> None:
    """No module holds a Chinese word: every word the page shows is in the table (or comes from the engine)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in MODULES.items()
        for number, line in enumerate(text.splitlines(), 1)
        if cjk.search(line.split("//")[0]) and not line.lstrip().startswith(("*", "/*", "//"))
    ]
    assert found == []


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_site_serves_the_words_of_the_table(lang: str) -> None:
    assert (ROOT / "site" / lang / "assets" / "calculator" / WORDS_MODULE.name).read_text("utf-8") == module_text()


CASES = [
    ("{n} {n:field|fields} missing", {"n": 1}),
    ("{n} {n:field|fields} missing", {"n": 2}),
    ("{n} {n:field|fields} missing", {"n": 0}),
    ("{p} {p:point|points}", {"p": "1.5"}),
    ("“{name}” · {when}", {"name": "<b>{x}</b>", "when": "2026-12-06 10:00"}),
    *((text, {}) for text in ("no placeholder", "α = {", "}{")),
    (PAGE_WORDS["savedDraft"][0], {"file": "a.json", "missing": 1, "wrong": 0}),
    (PAGE_WORDS["savedDraft"][1], {"file": "a.json", "missing": 1, "wrong": 3}),
]


def test_the_page_fills_a_word_as_the_program_does(tmp_path: Path) -> None:
    """words.js's fill() and scoring.words.fill() give the same text for the same word and values."""
    script = tmp_path / "fill.mjs"
    script.write_text(
        f'import {{ fill }} from "{(CALCULATOR / "words.js").as_uri()}";\n'
        f"const cases = {json.dumps(CASES, ensure_ascii=False)};\n"
        "console.log(JSON.stringify(cases.map(([text, values]) => fill(text, values))));\n",
        encoding="utf-8",
    )
    page = json.loads(subprocess.run(["node", str(script)], capture_output=True, check=True, text=True).stdout)
    assert page == [fill(text, values) for text, values in CASES]
    assert page[:3] == ["1 field missing", "2 fields missing", "0 fields missing"]


def test_the_table_has_one_key_per_word() -> None:
    assert set(WORDS).isdisjoint(PAGE_WORDS)


# Words of the table whose English may use one of the seven words without its Chinese term, and why.
ONE_WORD_EXCEPTIONS = {
    # The options of the maturity level's select, under its 成熟度水平 label: 一级 … 五级 are its levels.
    "level_n": "an option of the maturity level select",
}


@pytest.mark.parametrize("key", sorted({**WORDS, **PAGE_WORDS}))
def test_every_word_of_the_table_keeps_the_one_word_rule(key: str) -> None:
    """ "level", "grade", "score", "points", "evaluation", "review", "criteria" each stand for one Chinese term in
    every word of the table (tests/site/terms.py); a placeholder is read as a number (“{n} 分” is “1 分”)."""
    zh, en = (re.sub(r"\{[^{}]*\}", "1", text) for text in {**WORDS, **PAGE_WORDS}[key])
    assert (one_word_violations(zh, en) == []) != (key in ONE_WORD_EXCEPTIONS)
