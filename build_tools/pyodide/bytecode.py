"""Bytecode compiled by Pyodide's own Python (3.14, its magic number) under Node.js, for the modules on the
calculator's own path, so that the first result does not wait for Python to compile them."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from build_tools.pyodide import cache
from build_tools.pyodide.archive import members, zip_bytes
from build_tools.pyodide.node import NODE_PYODIDE, lock_info, run_node

# Run in Pyodide: every member of /tmp/compile-<group>.zip compiled to an unchecked-hash .pyc (PEP 552: the
# importer never reads a source to check it) in /tmp/compile-<group>.pyc.zip. Each code object is named after the
# source file where Pyodide would find it, so tracebacks name the module's file and its line; in the standard
# library's, the line of the function (or class, or module) rather than of the statement (by_definition).
COMPILE = """
import ast, json, sys, types, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
from importlib.util import MAGIC_NUMBER, source_hash

def by_definition(code):
    # A line table (CPython's Objects/locations.md) that puts each instruction on the code object's first line:
    # entries of 8 code units at most, each "no column" (13) with a line delta of 0.
    table, units = bytearray(), len(code.co_code) // 2
    while units > 0:
        table += bytes([0x80 | 13 << 3 | min(8, units) - 1, 0])
        units -= min(8, units)
    consts = tuple(by_definition(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_linetable=bytes(table), co_consts=consts)

where = {
    "stdlib": next(p for p in sys.path if p.endswith(".zip")),
    "scoring": next(p for p in sys.path if p.endswith("site-packages")),
}
for group in json.loads(groups):
    with zipfile.ZipFile(f"/tmp/compile-{group}.zip") as sources, \\
            zipfile.ZipFile(f"/tmp/compile-{group}.pyc.zip", "w") as compiled:
        for name in sources.namelist():
            source = sources.read(name)
            tree = ast.parse(source, f"{where[group]}/{name}")
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \\
                        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) \\
                        and isinstance(node.body[0].value.value, str):
                    # Every other node keeps its own line, so the line table keeps its numbers.
                    node.body = node.body[1:] or [ast.copy_location(ast.Pass(), node.body[0])]
            code = compile(tree, f"{where[group]}/{name}", "exec", dont_inherit=True, optimize=0)
            if group == "stdlib":
                code = by_definition(code)
            compiled.writestr(name + "c", bytes(_code_to_hash_pyc(code, source_hash(source), checked=False)))
MAGIC_NUMBER.hex()
"""


def compiled(groups: dict[str, dict[str, bytes]]) -> dict[str, dict[str, bytes]]:
    """Each group's ``x.py`` sources (``stdlib``: members of the standard-library zip; ``scoring``: paths in
    site-packages) compiled to ``x.pyc``; kept by :mod:`build_tools.pyodide.cache` per version of Pyodide, of the
    sources and of this code.

    ``PYTHONNODEBUGRANGES``: the code keeps its line table (tracebacks give file and line) but not the column
    ranges (the ``^^^`` under a failing expression), a third of the bytecode's size. The standard library's line
    tables say only the line of each function, class or module (``by_definition``): its tracebacks name the
    function, the first line of it, not the statement — 83 kB less on the wire (of 608), bought back in time on a
    slow line (issue 24 (b)); ``scoring``'s keep every line. Docstrings of modules and functions go, as in the
    shipped standard library; a class keeps its own (a dataclass without one computes its signature on creation,
    a cost at import).
    """
    key = cache.digest(*(f"{g}/{n}".encode() + b"\0" + d for g, files in groups.items() for n, d in files.items()))
    path = cache.cached_path("bytecode", key, ".zip")
    if not path.is_file():
        cache.store(path, zip_bytes(_compile(groups)))
    result: dict[str, dict[str, bytes]] = {group: {} for group in groups}
    for name, data in members(str(path)).items():
        group, _, member = name.partition("/")
        result[group][member] = data
    return result


def _compile(groups: dict[str, dict[str, bytes]]) -> list[tuple[str, bytes]]:
    """One run of Pyodide compiling every group; ``(group/member.pyc, bytecode)`` entries."""
    with tempfile.TemporaryDirectory() as tmp:
        files, outputs = {}, {}
        for group, sources in groups.items():
            (Path(tmp) / f"{group}.zip").write_bytes(zip_bytes(sources.items()))
            files[f"/tmp/compile-{group}.zip"] = str(Path(tmp) / f"{group}.zip")
            outputs[f"/tmp/compile-{group}.pyc.zip"] = str(Path(tmp) / f"{group}.pyc.zip")
        answer = run_node(
            {
                "pyodide": str(NODE_PYODIDE),
                "lock": lock_info(),
                "stdlib": str(NODE_PYODIDE / "python_stdlib.zip"),
                "env": {"PYTHONNODEBUGRANGES": "1"},
                "files": files,
                "python": f"groups = {json.dumps(json.dumps(list(groups)))}\n" + COMPILE,
                "outputs": outputs,
            }
        )
        entries = []
        for group in groups:
            for name, data in members(str(Path(tmp) / f"{group}.pyc.zip")).items():
                if data[:4] != bytes.fromhex(answer["python_result"]):
                    raise RuntimeError(f"{name}: not Pyodide's magic number")
                entries.append((f"{group}/{name}", data))
        return entries
