"""Deterministic zips: the same entries give the same bytes, hence the same hashed file name."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

# Zip entries get a fixed time so that the same sources give the same bytes (and the same hashed name).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_bytes(entries: Iterable[tuple[str, bytes]], compression: int = zipfile.ZIP_STORED) -> bytes:
    """A zip of ``(name, data)`` entries, sources first and bytecode last, each sorted by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # Bytecode after the sources: gzip on the wire finds more of its matches among like files (−4 kB).
        for name, data in sorted(entries, key=lambda entry: (entry[0].endswith(".pyc"), entry[0])):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9 if compression == zipfile.ZIP_DEFLATED else None)
    return buffer.getvalue()


def members(data: bytes | str) -> dict[str, bytes]:
    """Every member of a zip (its bytes, or the path of its file), by name."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
