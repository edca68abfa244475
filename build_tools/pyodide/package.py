"""What of the ``scoring`` package the calculator ships: the modules that ``scoring.browser`` can reach, and the
files they read beside themselves. Not the command line, batch or JSON Schema modules."""

from __future__ import annotations

import ast

from build_tools.pyodide.node import ROOT

SCORING = ROOT / "scoring"
# Files the shipped modules read beside themselves: the rules, and the report's style sheet.
DATA_FILES = ("rules.toml", "report.css")


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


def scoring_sources() -> dict[str, bytes]:
    """The package as Pyodide unpacks it into site-packages (``scoring/<file>`` → bytes): the modules of
    :func:`scoring_imports` and :data:`DATA_FILES`."""
    modules = [name.removeprefix("scoring.") for name in scoring_imports() if name.startswith("scoring.")]
    files = [*(SCORING / f"{stem}.py" for stem in modules), *(SCORING / name for name in DATA_FILES)]
    return {f"scoring/{path.relative_to(SCORING).as_posix()}": path.read_bytes() for path in files}


def package_digest_parts() -> list[bytes]:
    """Every module of the package, named: what a trace of it depends on."""
    return [path.name.encode() + b"\0" + path.read_bytes() for path in sorted(SCORING.glob("*.py"))]
