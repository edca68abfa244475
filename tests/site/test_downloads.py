"""The downloads of the auditors' page: generated from the package at build time, and usable as they are."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from scoring import __version__, evaluate_obj, evaluation_from_obj
from scoring.batch import grade_batch
from scoring.cli import main
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


def downloads(site: Path, lang: str) -> list[str]:
    """The files of a language's downloads/: not the .br/.gz copies that the build writes for the server
    (build_tools/precompress.py), nor the downloads page, which is the folder's index.html."""
    folder = site / lang / "downloads"
    return sorted(p.name for p in folder.iterdir() if p.suffix not in (".br", ".gz") and p.name != "index.html")


@pytest.mark.parametrize("lang", LANGS)
def test_the_downloads_page_links_every_download_and_both_pdfs(site: Path, lang: str) -> None:
    page = (site / lang / "downloads" / "index.html").read_text("utf-8")
    for name in downloads(site, lang):
        assert f'href="{name}"' in page, name
    other = "en" if lang == "zh" else "zh"
    assert f'href="../../{other}/downloads/cts-tbsc55-2026-b0-{other}.pdf"' in page
    assert "@pdf" not in page and re.search(r"\d\.\d MB", page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_auditors_page_links_every_download_of_the_program(site: Path, lang: str) -> None:
    page = (site / lang / "guides" / "auditors" / "index.html").read_text("utf-8")
    for name in downloads(site, lang):
        if not name.endswith(".pdf"):  # the specification: the downloads page, the cover and the print page
            assert f'href="../../downloads/{name}"' in page, name


def test_the_wheel_installs_offline_and_verifies_a_report(site: Path, tmp_path: Path) -> None:
    """The grading program offered for download: the file each page names, with the SHA-256 it states, installs
    with ``pip install --no-index`` into a fresh environment, where ``python -m scoring verify`` checks a report."""
    [wheel] = sorted((site / "zh" / "downloads").glob("*.whl"))
    assert wheel.name == f"tbsc55_scoring-{__version__}-py3-none-any.whl"
    assert (site / "en" / "downloads" / wheel.name).read_bytes() == wheel.read_bytes()
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    for lang in LANGS:
        page = (site / lang / "guides" / "auditors" / "index.html").read_text("utf-8")
        assert f"<code>{digest}</code>" in page and "@wheel" not in page
        assert f"<code>pip install {wheel.name}</code>" in page
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-cache-dir", "-q"]
    subprocess.run([*pip, str(wheel)], check=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    report = tmp_path / "report.html"
    example = site / "en" / "downloads" / "example-evaluation.json"
    main(["report", str(example), "--out", str(report), "--date", "2026-12-06"])
    outside = {"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8"}  # not this checkout's scoring: the installed one

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=outside, check=False)

    done = run(str(python), "-m", "scoring", "verify", str(report))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{report}：已复核"), done.stdout
    assert run(str(python), "-c", "import scoring; print(scoring.__file__)").stdout.startswith(str(venv))
    assert (
        run(str(venv / "bin" / "tbsc55"), "--version").stdout == f"tbsc55-scoring {__version__} (CTS TBSC55-2026 B/0)\n"
    )
