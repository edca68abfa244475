"""`mkdocs build --strict` passes for both languages: no warning at all, broken links and anchors included."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import LANGS, mkdocs_build


@pytest.mark.parametrize("lang", LANGS)
def test_strict_build_has_no_warnings(lang: str, tmp_path: Path) -> None:
    result = mkdocs_build(lang, tmp_path / lang)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / lang / "index.html").is_file()
    assert (tmp_path / lang / "search" / "search_index.json").is_file()


def test_root_leads_to_the_chinese_site(site: Path) -> None:
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=zh/"' in root
