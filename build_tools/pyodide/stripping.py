"""The standard library as shipped: the chosen members of Pyodide's ``python_stdlib.zip``, each ``*.py`` without
comments and docstrings, as ``python -OO`` would drop them."""

from __future__ import annotations

import io
import tokenize
import zipfile
from collections.abc import Sequence

from build_tools.pyodide.node import NODE_PYODIDE

_NOT_CODE = {tokenize.NL, tokenize.COMMENT, tokenize.ENCODING}


def strip_source(source: str, docstrings: bool = True) -> str:
    """Python source without comments and (if ``docstrings``) docstrings.

    Every line stays where it was, so tracebacks still point at the right line of the original. A docstring
    that is a body's only statement becomes ``pass``. The standard library is Python 3.14 and the build may run
    an older CPython, so this works on tokens only; tests/pyodide compares, in Pyodide's own Python, the syntax
    tree of every stripped file with the original's less its docstrings.
    """
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits = [(t.start, t.end, "") for t in tokens if t.type == tokenize.COMMENT]
    if docstrings:
        code = [t for t in tokens if t.type not in _NOT_CODE]
        for i, first in enumerate(code):
            # A docstring opens the module, or a body: `:` NEWLINE INDENT STRING … NEWLINE.
            opens_body = i >= 3 and [t.type for t in code[i - 2 : i]] == [tokenize.NEWLINE, tokenize.INDENT]
            if first.type != tokenize.STRING or not (i == 0 or (opens_body and code[i - 3].string == ":")):
                continue
            last = i
            while code[last + 1].type == tokenize.STRING:  # implicit concatenation
                last += 1
            after = code[last + 1]
            if after.type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
                continue  # an expression that starts with a string, not a docstring
            alone = after.type == tokenize.ENDMARKER or code[last + 2].type in (tokenize.DEDENT, tokenize.ENDMARKER)
            edits.append((first.start, code[last].end, "pass" if alone and i > 0 else ""))
    for (start_row, start_col), (end_row, end_col), replacement in sorted(edits, reverse=True):
        head, tail = lines[start_row - 1][:start_col], lines[end_row - 1][end_col:]
        if not replacement:
            head = head.rstrip() if head.strip() else ""
            if not head and not tail.strip():
                tail = "\n" if tail.endswith("\n") else ""
        lines[start_row - 1 : end_row] = [head + replacement + "\n" * (end_row - start_row) + tail]
    return "".join(lines)


def stdlib_sources(files: Sequence[str]) -> dict[str, bytes]:
    """The listed members of Pyodide's ``python_stdlib.zip``, ``*.py`` without comments and docstrings."""
    with zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as source:
        missing = sorted(set(files) - set(source.namelist()))
        if missing:
            raise ValueError(f"not in Pyodide's python_stdlib.zip: {', '.join(missing)}")
        entries = {}
        for name in files:
            data = source.read(name)
            if name.endswith(".py"):
                data = strip_source(data.decode("utf-8")).encode("utf-8")
            entries[name] = data
        return entries
