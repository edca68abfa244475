// Runs the scoring package in Pyodide under Node.js, as the calculator's worker does in the browser:
// boot from the given standard-library zip with an empty lock file, unpack the packed scoring zip into
// site-packages, then call scoring.browser functions and return their JSON strings unchanged.
//
//   node build_tools/pyodide_run.mjs request.json answer.json
//
// request: {pyodide: <dir of pyodide.mjs>, lock: <the "info" of a pyodide-lock.json>, stdlib: <zip>, scoring: <zip>,
//           calls: [["evaluate_document", json] | ["open_document", text, kind] | ["form_model"]],
//           files: {<path in Pyodide's file system>: <file to copy there first>},
//           python: <optional source whose last expression, a str, is returned as python_result>,
//           trace: <bool: also list the standard-library files loaded, after a Python exception>}
// answer:  {python: <sys.version>, platform: <sys.platform>, results: [<str>...], stdlib_files: [<path>...]}
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

// An error's message alone: Node would print the whole minified line of Pyodide's source it came from.
process.on("uncaughtException", (error) => {
  process.stderr.write(`${error && error.message}\n`);
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  process.stderr.write(`${error && error.message}\n`);
  process.exit(1);
});

const [requestPath, answerPath] = process.argv.slice(2);
const request = JSON.parse(await fs.readFile(requestPath, "utf8"));
const { loadPyodide } = await import(pathToFileURL(path.join(request.pyodide, "pyodide.mjs")).href);

let sitePackages;
const pyodide = await loadPyodide({
  indexURL: request.pyodide + path.sep,
  stdLibURL: request.stdlib,
  lockFileContents: { info: request.lock, packages: {} },
  fsInit: async (_FS, info) => {
    sitePackages = info.sitePackages;
  },
  stdout: (line) => process.stderr.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
pyodide.unpackArchive(new Uint8Array(await fs.readFile(request.scoring)), "zip", { extractDir: sitePackages });

for (const [target, source] of Object.entries(request.files ?? {})) {
  pyodide.FS.writeFile(target, new Uint8Array(await fs.readFile(source)));
}
pyodide.globals.set("imports", pyodide.toPy(request.imports ?? []));
pyodide.runPython(`
import importlib
for name in imports:
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # a module of another platform, imported under a condition
`);
const browser = pyodide.pyimport("scoring.browser");
const results = request.calls.map(([name, ...args]) => browser[name](...args));
const answer = {
  python: pyodide.runPython("import sys; sys.version"),
  platform: pyodide.runPython("import sys; sys.platform"),
  results,
};

if (request.python) answer.python_result = pyodide.runPython(request.python);
if (request.trace) {
  try {
    pyodide.runPython("raise ValueError('a Python exception reaching JavaScript formats its traceback')");
  } catch {
    // expected: only the modules that formatting the error loaded are of interest
  }
  const listing = pyodide.runPython(`
import json, sys
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
files = {getattr(module, "__file__", None) or "" for module in list(sys.modules.values())}
json.dumps(sorted(f.removeprefix(prefix) for f in files if f.startswith(prefix)))
`);
  answer.stdlib_files = JSON.parse(listing);
}
await fs.writeFile(answerPath, JSON.stringify(answer));
