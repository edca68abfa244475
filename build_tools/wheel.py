"""The grading program as a wheel, for the site's downloads: ``pip install tbsc55_scoring-….whl`` works offline.

The package is standard library only, so the wheel is written here with :mod:`zipfile`, as the binary distribution
format specifies it (PyPA, *Binary distribution format*; PEP 427): the package's files, then ``…dist-info/``
with ``METADATA``, ``WHEEL``, ``entry_points.txt`` (the ``tbsc55`` command) and ``RECORD`` (each file's SHA-256
and size). Name, version, Python requirement, the command and the package data come from ``pyproject.toml`` and
``scoring/__about__.py``, as setuptools takes them. No network, no build isolation, no setuptools run: the same
sources give the same bytes (entries sorted, dated 1980-01-01, mode 0644), in a few milliseconds.

``python -m build_tools.wheel OUT_DIR`` writes it (and prints its path and SHA-256).
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scoring"
_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time in the file


@dataclass(frozen=True)
class Wheel:
    name: str  # the file's name: tbsc55_scoring-0.2.0-py3-none-any.whl
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _version() -> str:
    about: dict[str, object] = {}
    exec((PACKAGE / "__about__.py").read_text(encoding="utf-8"), about)
    return str(about["__version__"])


def _package_files(patterns: list[str]) -> list[Path]:
    """The package's modules and its package data (``[tool.setuptools.package-data]``), no caches."""
    found = set(PACKAGE.glob("*.py"))
    for pattern in patterns:
        found |= set(PACKAGE.glob(pattern))
    return sorted(p for p in found if p.is_file() and "__pycache__" not in p.parts)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


@cache
def build_wheel() -> Wheel:
    """The wheel of the package as it is in this checkout."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    meta, setuptools = project["project"], project["tool"]["setuptools"]
    if setuptools["packages"] != ["scoring"] or meta.get("dependencies"):
        raise RuntimeError("build_tools/wheel.py writes a wheel of the one package scoring, without dependencies")
    version = _version()
    dist = meta["name"].replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = "".join(
        [
            "Metadata-Version: 2.1\n",
            f"Name: {meta['name']}\n",
            f"Version: {version}\n",
            f"Summary: {meta['description']}\n",
            f"License: {meta['license']}\n",
            f"Requires-Python: {meta['requires-python']}\n",
        ]
    )
    scripts = "".join(f"{name} = {target}\n" for name, target in sorted(meta.get("scripts", {}).items()))
    files: list[tuple[str, bytes]] = [
        (p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in _package_files(setuptools["package-data"]["scoring"])
    ]
    files += [
        (f"{info}/METADATA", metadata.encode("utf-8")),
        (
            f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: build_tools.wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
        (f"{info}/entry_points.txt", f"[console_scripts]\n{scripts}".encode()),
    ]
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files) + f"{info}/RECORD,,\n"
    files.append((f"{info}/RECORD", record.encode("utf-8")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files:  # the package first, dist-info last with RECORD at the end (as the spec advises)
            entry = zipfile.ZipInfo(name, date_time=_DATE)
            entry.external_attr = 0o100644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=9)
    return Wheel(f"{dist}-{version}-py3-none-any.whl", out.getvalue())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m build_tools.wheel OUT_DIR", file=sys.stderr)
        return 2
    wheel = build_wheel()
    path = Path(argv[0]) / wheel.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wheel.data)
    print(f"{path}  sha256 {wheel.sha256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
