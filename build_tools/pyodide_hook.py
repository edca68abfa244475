"""MkDocs hook: the calculator's Python runtime, self-hosted (issue 4).

After each language build this writes one folder shared by both languages, ``site/pyodide/``:

* ``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm`` — copied from the npm package
  (``node_modules/pyodide``, pinned in ``package.json``);
* ``python_stdlib-<hash>.zip`` — Pyodide's standard library trimmed to the files that Pyodide's start-up and
  the ``scoring`` package load, without comments and docstrings (see :func:`traced_stdlib`);
* ``scoring-<hash>.zip`` — the ``scoring`` package (``*.py``, ``rules.toml``, ``schemas/``), unpacked into
  Pyodide's file system by the worker;
* ``runtime.json`` — the names above, the package version and a lock file with no packages, so that Pyodide
  fetches nothing else (no ``pyodide-lock.json``, no CDN).

The calculator's worker (``docs/assets/calculator/worker.js``, at ``site/<lang>/assets/calculator/``) reaches
this folder by a URL relative to itself, so the site works under any base path. Each language's
``assets/calculator/form-model.json`` holds ``scoring.browser.form_model()`` run by the build's own CPython,
so that the page can draw the form before Python has started in the browser.

The calculator page starts the worker from a script written into its ``<head>`` (``overrides/main.html``): the
text of ``docs/assets/calculator/boot.js``, given to the templates as ``calculator_boot`` and not shipped as a
file of its own. A separate file would be one more request before the worker could be created, and the worker's
start needs a moment of the page's main thread, which the theme's first layout and script soon take for a while.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tokenize
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
SCORING = ROOT / "scoring"
TRACES = ROOT / "build" / "pyodide-traces"
RUNNER = Path(__file__).with_name("pyodide_run.mjs")

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
FORM_MODEL = "assets/calculator/form-model.json"
BOOT = "assets/calculator/boot.js"
LANGS = ("zh", "en")
# Zip entries get a fixed time so that the same sources give the same bytes (and the same hashed name).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _pyodide_version() -> str:
    return str(json.loads((NODE_PYODIDE / "package.json").read_text(encoding="utf-8"))["version"])


def _zip(entries: Iterable[tuple[str, bytes]], compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # Bytecode after the sources: gzip on the wire finds more of its matches among like files (−4 kB).
        for name, data in sorted(entries, key=lambda entry: (entry[0].endswith(".pyc"), entry[0])):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9 if compression == zipfile.ZIP_DEFLATED else None)
    return buffer.getvalue()


_NOT_CODE = {tokenize.NL, tokenize.COMMENT, tokenize.ENCODING}


def strip_source(source: str, docstrings: bool = True) -> str:
    """Python source without comments and (if ``docstrings``) docstrings, as ``python -OO`` would drop them.

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


def scoring_sources() -> dict[str, bytes]:
    """The ``scoring`` package as Pyodide unpacks it into site-packages: the modules that ``scoring.browser``
    can reach (:func:`scoring_imports`; not the command line, batch or JSON Schema modules) and the files they
    read beside themselves: the rules (``rules.toml``) and the report's style sheet (``report.css``)."""
    modules = [name.removeprefix("scoring.") for name in scoring_imports() if name.startswith("scoring.")]
    files = [*(SCORING / f"{stem}.py" for stem in modules), SCORING / "rules.toml", SCORING / "report.css"]
    return {f"scoring/{path.relative_to(SCORING).as_posix()}": path.read_bytes() for path in files}


def _with_bytecode(sources: dict[str, bytes], bytecode: dict[str, bytes]) -> bytes:
    """A stored zip of ``sources`` in which each ``x.py`` that has a compiled ``x.pyc`` is replaced by it."""
    entries = {name: data for name, data in sources.items() if f"{name}c" not in bytecode}
    entries.update(bytecode)
    # Stored, not deflated: the server compresses the whole file on the wire, which beats deflating each
    # member, and zipimport and unpacking then read members without inflating them.
    return _zip(entries.items(), zipfile.ZIP_STORED)


def shipped_archives() -> tuple[bytes, bytes]:
    """The two zips the calculator loads: the trimmed standard library and the ``scoring`` package.

    The modules on the calculator's own path beyond Pyodide's start-up (the package's modules that
    ``scoring.browser`` and its calls load, and the standard-library modules they bring: decimal, fractions,
    tomllib, …) are shipped as bytecode compiled by Pyodide's Python (:func:`compiled`), without their source,
    so that the first result does not wait for Python to compile them; everything else stays source. Bytecode
    compresses about half as well as source, so the files Pyodide's start-up loads (which the bare page loads
    too) and those loaded only on other paths (the report, rater sheets) stay source to keep the bytes down.
    """
    trace = traced_stdlib()
    stdlib = stdlib_sources(trace["files"])
    package = scoring_sources()
    after_boot = set(trace["calculator_files"]) - set(trace["boot_files"])
    compile_stdlib = {name: stdlib[name] for name in sorted(after_boot) if name.endswith(".py")}
    compile_package = {}
    for module in trace["calculator_modules"]:
        stem = module.removeprefix("scoring").removeprefix(".") or "__init__"
        compile_package[f"scoring/{stem.replace('.', '/')}.py"] = package[f"scoring/{stem.replace('.', '/')}.py"]
    bytecode = compiled({"stdlib": compile_stdlib, "scoring": compile_package})
    return _with_bytecode(stdlib, bytecode["stdlib"]), _with_bytecode(package, bytecode["scoring"])


def _hashed(stem: str, data: bytes) -> str:
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.zip"


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_runtime(target: Path) -> dict[str, Any]:
    """Write (or bring up to date) the shared ``pyodide/`` folder; return its ``runtime.json``."""
    from scoring import __about__  # noqa: PLC0415 — the build's own package, imported when a build runs

    if not (NODE_PYODIDE / "package.json").is_file():
        raise SystemExit("node_modules/pyodide is missing: run `make bootstrap` (npm ci) first")
    version = _pyodide_version()
    stdlib, package = shipped_archives()
    lock = json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    runtime = {
        "pyodide": version,
        "stdlib": _hashed("python_stdlib", stdlib),
        "scoring": _hashed("scoring", package),
        "scoring_version": __about__.__version__,
        # A lock file with no packages: Pyodide then fetches no pyodide-lock.json and can install nothing.
        "lock": {"info": lock["info"], "packages": {}},
    }
    for name in RUNTIME_FILES:
        source = NODE_PYODIDE / name
        copy = target / name
        if (
            not copy.is_file()
            or copy.stat().st_size != source.stat().st_size
            or copy.read_bytes() != source.read_bytes()
        ):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    keep = {*RUNTIME_FILES, runtime["stdlib"], runtime["scoring"], "runtime.json"}
    if target.is_dir():
        for stale in target.iterdir():
            if stale.name not in keep:
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    _write_if_changed(target / str(runtime["stdlib"]), stdlib)
    _write_if_changed(target / str(runtime["scoring"]), package)
    _write_if_changed(target / "runtime.json", (json.dumps(runtime, indent=1) + "\n").encode())
    return runtime


# --- MkDocs events ----------------------------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from scoring.browser import form_model  # noqa: PLC0415

    files.append(File.generated(config, FORM_MODEL, content=form_model()))
    boot = files.get_file_from_path(BOOT)
    if boot is not None:
        files.remove(boot)  # written into the calculator page instead (on_env)
    return files


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    script = (ROOT / "docs" / BOOT).read_text(encoding="utf-8")  # docs/assets/ serves both languages
    if "</script" in script.lower() or "<!--" in script:
        raise ValueError(f"{BOOT} cannot be written inside a <script> element as it is")
    env.globals["calculator_boot"] = script
    return env


def on_post_build(config: MkDocsConfig) -> None:
    # Only a language build (site/zh, site/en, or <dir>/zh under `mkdocs build -d`) writes the shared folder
    # beside itself, where the worker's relative URL points; `mkdocs serve`'s temporary dir gets none.
    site_dir = Path(config.site_dir)
    if site_dir.name in LANGS:
        write_runtime(site_dir.parent / "pyodide")


# --- Which standard-library files: a trace in Node.js -----------------------------------------------------


def run_node(request: dict[str, Any], timeout: float = 600) -> dict[str, Any]:
    """Run ``pyodide_run.mjs`` on one request (see that file) and return its answer."""
    with tempfile.TemporaryDirectory() as tmp:
        request_path, answer_path = Path(tmp) / "request.json", Path(tmp) / "answer.json"
        request_path.write_text(json.dumps(request), encoding="utf-8")
        done = subprocess.run(
            ["node", str(RUNNER), str(request_path), str(answer_path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            # Pyodide prints a line of its minified source with an error: keep the readable lines only.
            readable = [line for line in done.stderr.splitlines() if len(line) < 1000]
            raise RuntimeError(f"node {RUNNER.name} exited {done.returncode}:\n" + "\n".join(readable[-40:]))
        answer: dict[str, Any] = json.loads(answer_path.read_text(encoding="utf-8"))
        return answer


def scoring_imports(entry: str = "browser") -> list[str]:
    """The package's modules that ``scoring.<entry>`` reaches, and every other module their source names in an
    import statement anywhere (in a function too: such an import runs only on some paths, which a trace may
    not take). The command line's modules (argparse, …) stay out unless the entry point reaches them."""
    modules, names, todo = set(), set(), [entry, "__init__"]
    while todo:
        stem = todo.pop()
        if stem in modules or not (SCORING / f"{stem}.py").is_file():
            continue
        modules.add(stem)
        for node in ast.walk(ast.parse((SCORING / f"{stem}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level == 1 or node.module == "scoring"):
                todo += [node.module] if node.module and node.level == 1 else [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scoring."):
                todo.append(node.module.split(".")[1])
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    top, _, rest = alias.name.partition(".")
                    (todo.append(rest.split(".")[0]) if top == "scoring" else names.add(alias.name))
    return sorted(names | {f"scoring.{stem}" for stem in modules})


def smoke_calls() -> list[list[str]]:
    """One call of each kind the worker makes, on good and bad input (Python exceptions included)."""
    vectors = json.loads((ROOT / "tests" / "conformance" / "vectors.json").read_text(encoding="utf-8"))
    good = json.dumps(vectors[0]["input"], ensure_ascii=False)
    calls = [["form_model"], ["evaluate_document", good], ["open_document", good, "json"]]
    calls += [["evaluate_document", "{"], ["open_document", "x", "vector"], ["open_document", "[]", "json"]]
    return calls


def trace_stdlib(imports: Sequence[str], calls: Sequence[Sequence[str]]) -> dict[str, list[str]]:
    """The standard-library files (zip members) loaded, from the full ``python_stdlib.zip``, by Pyodide's
    start-up (``boot_files``); then also by the scoring package running ``calls`` (``calculator_files``, with
    the package's modules loaded: ``calculator_modules``); then also by importing ``imports`` and a Python
    exception reaching JavaScript (its traceback): ``files``, all that is shipped."""
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "scoring.zip"
        package.write_bytes(_zip(scoring_sources().items(), zipfile.ZIP_STORED))
        answer = run_node(
            {
                "pyodide": str(NODE_PYODIDE),
                "lock": json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"],
                "stdlib": str(NODE_PYODIDE / "python_stdlib.zip"),
                "scoring": str(package),
                "imports": list(imports),
                "calls": [list(call) for call in calls],
                "trace": True,
            }
        )
    return {
        "files": sorted(answer["stdlib_files"]),
        "boot_files": sorted(answer["boot_files"]),
        "calculator_files": sorted(answer["calculator_files"]),
        "calculator_modules": sorted(answer["calculator_modules"]),
    }


def _cached(kind: str, digest: str, make: Any) -> Any:
    """``make()``, kept in ``build/pyodide-traces/`` under ``digest``: a build of both languages, and every test
    build, reuse it (each run of Pyodide under Node takes seconds)."""
    cached = TRACES / f"{kind}-{digest[:16]}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    value = make()
    TRACES.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")  # parallel builds: the last rename wins, same content
    temporary.write_text(json.dumps(value, indent=0) + "\n", encoding="utf-8")
    temporary.replace(cached)
    return value


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for path in [NODE_PYODIDE / "package.json", RUNNER, Path(__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def traced_stdlib() -> dict[str, list[str]]:
    """:func:`trace_stdlib` of the package's imports and the worker's calls, once per version of Pyodide, of
    the package and of this tracing."""
    sources = [path.name.encode() + b"\0" + path.read_bytes() for path in sorted(SCORING.glob("*.py"))]
    result: dict[str, list[str]] = _cached(
        "trace", _digest(*sources), lambda: trace_stdlib(scoring_imports(), smoke_calls())
    )
    return result


# Run in Pyodide: every member of /tmp/compile-<group>.zip compiled to an unchecked-hash .pyc (PEP 552: the
# importer never reads a source to check it) in /tmp/compile-<group>.pyc.zip. Each code object is named after the
# source file where Pyodide would find it, so tracebacks name the module's file and its line.
COMPILE = """
import ast, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
from importlib.util import MAGIC_NUMBER, source_hash

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
            compiled.writestr(name + "c", bytes(_code_to_hash_pyc(code, source_hash(source), checked=False)))
MAGIC_NUMBER.hex()
"""


def compiled(groups: dict[str, dict[str, bytes]]) -> dict[str, dict[str, bytes]]:
    """Each group's ``x.py`` sources (``stdlib``: members of the standard-library zip; ``scoring``: paths in
    site-packages) compiled by Pyodide's own Python under Node — its magic number, 3.14's bytecode — to
    ``x.pyc``. Kept in ``build/pyodide-traces/`` per version of Pyodide, of the sources and of this hook.

    ``PYTHONNODEBUGRANGES``: the code keeps its line table (tracebacks give file and line) but not the column
    ranges (the ``^^^`` under a failing expression), a third of the bytecode's size. Docstrings of modules and
    functions go, as in the shipped standard library; a class keeps its own (a dataclass without one computes
    its signature on creation, a cost at import).
    """
    digest = _digest(*(f"{g}/{n}".encode() + b"\0" + d for g, files in groups.items() for n, d in files.items()))
    cached = TRACES / f"bytecode-{digest[:16]}.zip"
    if not cached.is_file():
        with tempfile.TemporaryDirectory() as tmp:
            files, outputs = {}, {}
            for group, sources in groups.items():
                (Path(tmp) / f"{group}.zip").write_bytes(_zip(sources.items(), zipfile.ZIP_STORED))
                files[f"/tmp/compile-{group}.zip"] = str(Path(tmp) / f"{group}.zip")
                outputs[f"/tmp/compile-{group}.pyc.zip"] = str(Path(tmp) / f"{group}.pyc.zip")
            answer = run_node(
                {
                    "pyodide": str(NODE_PYODIDE),
                    "lock": json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"],
                    "stdlib": str(NODE_PYODIDE / "python_stdlib.zip"),
                    "env": {"PYTHONNODEBUGRANGES": "1"},
                    "files": files,
                    "python": f"groups = {json.dumps(json.dumps(list(groups)))}\n" + COMPILE,
                    "outputs": outputs,
                }
            )
            entries = []
            for group in groups:
                with zipfile.ZipFile(Path(tmp) / f"{group}.pyc.zip") as archive:
                    for name in archive.namelist():
                        data = archive.read(name)
                        if data[:4] != bytes.fromhex(answer["python_result"]):
                            raise RuntimeError(f"{name}: not Pyodide's magic number")
                        entries.append((f"{group}/{name}", data))
            TRACES.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(_zip(entries, zipfile.ZIP_STORED))
            temporary.replace(cached)
    result: dict[str, dict[str, bytes]] = {group: {} for group in groups}
    with zipfile.ZipFile(cached) as archive:
        for name in archive.namelist():
            group, _, member = name.partition("/")
            result[group][member] = archive.read(name)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the calculator's shared pyodide/ folder.")
    parser.add_argument("target", type=Path, help="the folder to write, e.g. site/pyodide")
    args = parser.parse_args(argv)
    print(json.dumps(write_runtime(args.target), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
