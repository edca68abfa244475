"""MkDocs hook: the calculator's Python runtime and form model (issue 4).

* Each language's ``assets/calculator/form-model.json`` holds ``scoring.browser.form_model()`` run by the build's
  own CPython, so that the page can draw the form before Python has started in the browser.
* After a language build, the shared ``site/pyodide/`` folder beside it (Pyodide, the trimmed standard library,
  the packed ``scoring`` package and their manifest) is written, or brought up to date, by
  :func:`build_tools.pyodide.runtime.write_runtime`; the package ``build_tools/pyodide/`` holds how, one job per
  module. The calculator's worker (``docs/assets/calculator/worker.js``, at ``site/<lang>/assets/calculator/``)
  reaches that folder by a URL relative to itself, so the site works under any base path; the built copy is told
  the name of Pyodide's folder in it (:func:`~build_tools.pyodide.runtime.bind_worker`).

The calculator page's other scripts, ``boot.js`` among them, are files of ``docs/assets/`` like any other: this
hook does not touch them.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from build_tools.pyodide.runtime import WASM, bind_worker, pyodide_folder, write_runtime

FORM_MODEL = "assets/calculator/form-model.json"
WORKER = "assets/calculator/worker.js"
LANGS = ("zh", "en")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from scoring.browser import form_model  # noqa: PLC0415 — the build's own package

    files.append(File.generated(config, FORM_MODEL, content=form_model()))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Pyodide's WebAssembly file, from a language's root: the calculator page's boot.js asks for it as the page
    # starts, and hands it to the worker as it arrives (overrides/main.html, data-wasm).
    env.globals["pyodide_wasm"] = f"../pyodide/{pyodide_folder()}{WASM}"
    return env


def on_post_build(config: MkDocsConfig) -> None:
    # Only a language build (site/zh, site/en, or <dir>/zh under `mkdocs build -d`) writes the shared folder
    # beside itself, where the worker's relative URL points; `mkdocs serve`'s temporary dir gets none.
    site_dir = Path(config.site_dir)
    if site_dir.name in LANGS:
        bind_worker(site_dir / WORKER, write_runtime(site_dir.parent / "pyodide"))
