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
    # The search index of this language (build_tools/pagefind_hook.py), and no theme search next to it.
    assert (tmp_path / lang / "pagefind" / "pagefind.js").is_file()
    assert list((tmp_path / lang / "pagefind").glob(f"pagefind.{lang}_*.pf_meta"))
    assert not (tmp_path / lang / "search").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_search_indexes_each_page_once_and_marks_the_specification(site: Path, lang: str) -> None:
    """The print page and the side-by-side pages repeat every clause and the 404 page says nothing: none is indexed.
    Spec pages rank first."""
    for html in sorted((site / lang).rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        path = html.relative_to(site / lang).as_posix()
        indexed = "data-pagefind-body" in text
        repeats = path in ("print/index.html", "404.html") or path.startswith(("pagefind/", "parallel/"))
        assert indexed == (not repeats), path
        spec = path == "index.html" or path.startswith("spec/")
        assert ('data-pagefind-meta="part:spec"' in text) == spec, path
        # Permalinks (¶) are not words of the index.
        if indexed:
            assert text.count('class="headerlink"') == text.count('class="headerlink" data-pagefind-ignore') > 0, path


def test_root_leads_to_the_chinese_site(site: Path) -> None:
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=zh/"' in root
