"""The calculator's Python runtime, self-hosted (issue 4): what the build writes into ``site/pyodide/``, in parts.

One folder, shared by both languages, ``site/pyodide/``:

* ``pyodide-<hash>/pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm`` — copied from the npm package
  (``node_modules/pyodide``, pinned in ``package.json``) into a folder named after them, which the build writes
  into the calculator's worker (its files never change: browsers keep them without asking);
* ``python_stdlib-<hash>.zip`` — Pyodide's standard library trimmed to the files that Pyodide's start-up and the
  ``scoring`` package load, without comments and docstrings;
* ``scoring-<hash>.zip`` — the ``scoring`` package, unpacked into Pyodide's file system by the worker;
* ``runtime.json`` — the names above, the package version and a lock file with no packages, so that Pyodide
  fetches nothing else (no ``pyodide-lock.json``, no CDN).

Each module has one job, in the order the build needs them:

* :mod:`.node` runs Pyodide under Node.js (``build_tools/pyodide_run.mjs``), the one place the build meets it;
* :mod:`.cache` keeps the slow results of those runs in ``build/pyodide-traces/``;
* :mod:`.package` chooses the ``scoring`` modules the browser entry point can reach;
* :mod:`.smoke` holds the calls of every entry point that the build makes and checks;
* :mod:`.tracing` finds the standard-library files Pyodide loads to answer them;
* :mod:`.stripping` trims those files of comments and docstrings;
* :mod:`.bytecode` compiles the calculator's own path with Pyodide's Python;
* :mod:`.runtime` assembles the zips and writes the folder and its manifest (``python -m build_tools.pyodide``).

The MkDocs events that call this are in ``build_tools/pyodide_hook.py``.
"""
