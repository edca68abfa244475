"""Issue 18, point 2: screenshots for a person to look at show Chinese as Chinese, never as boxes."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import site_screenshots

from .conftest import dejavu_alone


def test_screenshots_are_refused_where_chinese_would_be_boxes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], built_site: Path
) -> None:
    """`python -m build_tools.site_screenshots` takes pictures for a person to look at: on a machine without a
    Chinese font it says so and takes none; with Noto CJK (as `make test` leaves the machine) it takes them."""
    monkeypatch.setenv("FONTCONFIG_FILE", str(dejavu_alone(tmp_path)))
    assert site_screenshots.main(["--out", str(tmp_path / "shots"), "spec/chapter-1/"]) == 2
    assert "fonts-noto-cjk" in capsys.readouterr().err
    assert not (tmp_path / "shots").exists()
    monkeypatch.delenv("FONTCONFIG_FILE")
    assert site_screenshots.main(["--out", str(tmp_path / "shots"), "spec/chapter-1/"]) == 0
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == [
        "zh-spec_chapter-1-desktop.png",
        "zh-spec_chapter-1-phone.png",
    ]
