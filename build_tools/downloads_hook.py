"""MkDocs hook: the files auditors and applicants download, generated from the scoring package at build time.

Each language's site gets ``downloads/``: the conformance vectors, the JSON Schemas of the evaluation document and
of the result, an example evaluation, the CSV templates (rater sheets, batch sheets, batch levels) in that
language, and the grading program itself as a wheel (:mod:`build_tools.wheel`: ``pip install`` works offline).
They are added as MkDocs files, so links to them from the pages are checked like any other link. A page names the
wheel as ``@wheel@`` and its SHA-256 as ``@wheel-sha256@``: the build writes in the file's name and hash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_tools.wheel import build_wheel
from scoring.schema import evaluation_schema, result_schema
from scoring.sheets import levels_template, template

ROOT = Path(__file__).resolve().parent.parent
# The published conformance vectors: data that the build and the tests read (written by tests/conformance/cases.py).
VECTORS = ROOT / "data" / "conformance" / "vectors.json"


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def downloads(lang: str) -> dict[str, str]:
    """File name → content, for one language of the site."""
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    example = next(v["input"] for v in vectors if v["id"] == "rounding-up-to-90")
    bom = "\ufeff"  # Excel opens a CSV as UTF-8 only when it starts with a BOM
    return {
        "conformance-vectors.json": _json(vectors),
        "evaluation.schema.json": _json(evaluation_schema()),
        "result.schema.json": _json(result_schema()),
        "example-evaluation.json": _json(example),
        "rater-sheets-template.csv": bom + template(lang=lang),  # type: ignore[arg-type]
        "batch-sheets-template.csv": bom + template(lang=lang, organization=True),  # type: ignore[arg-type]
        "batch-levels-template.csv": bom + levels_template(lang=lang),  # type: ignore[arg-type]
    }


def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = config.theme["language"]
    for name, content in downloads("en" if lang == "en" else "zh").items():
        files.append(File.generated(config, f"downloads/{name}", content=content))
    wheel = build_wheel()
    files.append(File.generated(config, f"downloads/{wheel.name}", content=wheel.data))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """``@wheel@`` and ``@wheel-sha256@``: the wheel's file name and SHA-256, as built."""
    if "@wheel" not in markdown:
        return markdown
    wheel = build_wheel()
    return markdown.replace("@wheel-sha256@", wheel.sha256).replace("@wheel@", wheel.name)
