"""Versions: this package's own, and the scheme it implements (cover of the specification)."""

__version__ = "0.2.0"

# The specification this package implements: 文件编号 and 版本号 on its cover. Kept beside the package version
# because every result names both; the rules file states the same and a test checks they agree.
SCHEME_ID = "CTS TBSC55-2026"
SCHEME_VERSION = "B/0"
SCHEME = f"{SCHEME_ID} {SCHEME_VERSION}"
