"""The downloads of the auditors' page: generated from the package at build time, and usable as they are."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from scoring import evaluate_obj, evaluation_from_obj
from scoring.batch import grade_batch
from scoring.schema import evaluation_schema, result_schema
from scoring.sheets import read_rater_sheets
from tests.conformance.cases import VECTORS

LANGS = ("zh", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_vectors_and_schemas_are_the_packages(site: Path, lang: str) -> None:
    downloads = site / lang / "downloads"
    assert json.loads((downloads / "conformance-vectors.json").read_text("utf-8")) == json.loads(
        VECTORS.read_text("utf-8")
    )
    assert json.loads((downloads / "evaluation.schema.json").read_text("utf-8")) == evaluation_schema()
    assert json.loads((downloads / "result.schema.json").read_text("utf-8")) == result_schema()
    example = json.loads((downloads / "example-evaluation.json").read_text("utf-8"))
    jsonschema.validate(evaluate_obj(evaluation_from_obj(example)), result_schema())


@pytest.mark.parametrize("lang", LANGS)
def test_templates_open_as_they_are(site: Path, lang: str) -> None:
    downloads = site / lang / "downloads"
    sheet = (downloads / "rater-sheets-template.csv").read_bytes()
    assert sheet.startswith(b"\xef\xbb\xbf")  # so that Excel opens it as UTF-8
    assert len(read_rater_sheets(sheet, "template.csv")) == 2
    sheets = io.BytesIO((downloads / "batch-sheets-template.csv").read_bytes())
    levels = io.StringIO((downloads / "batch-levels-template.csv").read_text("utf-8-sig"), newline="")
    [result] = list(grade_batch(sheets, levels, "final"))
    assert result.refused is None
    assert (result.raters, result.management_grade) == (2, 5)


@pytest.mark.parametrize("lang", LANGS)
def test_the_auditors_page_links_every_download(site: Path, lang: str) -> None:
    page = (site / lang / "guides" / "auditors" / "index.html").read_text("utf-8")
    # Not the .br/.gz copies that the build writes for the server (build_tools/precompress.py).
    files = [p.name for p in (site / lang / "downloads").iterdir() if p.suffix not in (".br", ".gz")]
    for name in sorted(files):
        assert f'href="../../downloads/{name}"' in page, name
