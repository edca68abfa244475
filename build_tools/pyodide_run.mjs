// Runs the scoring package in Pyodide under Node.js, as the calculator's worker does in the browser:
// boot from the given standard-library zip with an empty lock file, unpack the packed scoring zip into
// site-packages, then call scoring.browser functions and return their JSON strings unchanged.
//
//   node build_tools/pyodide_run.mjs request.json answer.json
//
// request: {pyodide: <dir of pyodide.mjs>, lock: <the "info" of a pyodide-lock.json>, stdlib: <zip>, scoring: <zip>,
//           calls: [[<a function of scoring.browser>, ...arguments]]: each argument a string, or {bytes: <base64>}
//                  for a file's bytes (a Uint8Array, which Python receives as the worker's calls do),
//           between: <optional source run after the calls, before more_calls>,
//           more_calls: [<calls made after calculator_files is listed, as calls>...],
//           env: <optional environment variables of the interpreter, e.g. {PYTHONNODEBUGRANGES: "1"}>,
//           files: {<path in Pyodide's file system>: <file to copy there first>},
//           setup: <optional source run once the package is unpacked, before the calls>,
//           imports: [<module imported after the calls (ImportError ignored)>...],
//           python: <optional source whose last expression, a str, is returned as python_result>,
//           trace: <bool: also list the standard-library files loaded, after a Python exception>,
//           outputs: {<path in Pyodide's file system, written by `python`>: <file to copy it to afterwards>}}
//          scoring is optional: without it nothing is unpacked, imported or called (calls must then be empty).
// answer:  {python: <sys.version>, platform: <sys.platform>, results: [<str>...], more_results: [<str>...],
//           stdlib_files: [<path>...],
//           boot_files: [<the stdlib_files already loaded when loadPyodide returned>...],
//           calculator_files: [<the stdlib_files loaded once the calls are done, before the imports>...],
//           calculator_modules: [<the scoring modules loaded then>...],
//           frozen_files: [<the stdlib_files of modules frozen into Pyodide's WebAssembly: never read>...],
//           site_packages: <Pyodide's site-packages directory>}
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
  ...(request.env ? { env: request.env } : {}),
  fsInit: async (_FS, info) => {
    sitePackages = info.sitePackages;
  },
  stdout: (line) => process.stderr.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
// The standard-library files of the modules loaded so far (``which``: a condition on each module ``m``): all of
// them, Pyodide's own start-up, which the bare page pays as well; or those of modules frozen into the interpreter
// (its importlib, os, site, …), whose code is in the WebAssembly file: the zip's copy is never read, only its name
// is the module's __file__. (Listed without importing anything: sys is built in.)
const filesOf = (/** @type {string} */ which) => pyodide.runPython(`
import sys
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
files = {getattr(m, "__file__", None) or "" for m in list(sys.modules.values()) if ${which}}
"\\n".join(sorted(f.removeprefix(prefix) for f in files if f.startswith(prefix)))
`).split("\n").filter(Boolean);
const loaded = () => filesOf("True");
const frozen = () => filesOf('getattr(getattr(m, "__spec__", None), "origin", None) == "frozen"');
const bootFiles = request.trace ? loaded() : null;
if (request.scoring) {
  pyodide.unpackArchive(new Uint8Array(await fs.readFile(request.scoring)), "zip", { extractDir: sitePackages });
}

for (const [target, source] of Object.entries(request.files ?? {})) {
  pyodide.FS.writeFile(target, new Uint8Array(await fs.readFile(source)));
}
if (request.setup) pyodide.runPython(request.setup);
const browser = request.scoring ? pyodide.pyimport("scoring.browser") : null;
// A file's bytes go to Python as the worker's do: a Uint8Array converted, its proxy released after the call.
const call = ([name, ...args]) => {
  const converted = args.map((arg) =>
    typeof arg === "string" ? arg : pyodide.toPy(new Uint8Array(Buffer.from(arg.bytes, "base64"))),
  );
  try {
    return browser[name](...converted);
  } finally {
    for (const arg of converted) if (typeof arg !== "string") arg.destroy();
  }
};
const results = (request.calls ?? []).map(call);
// What the calculator's own path loaded (start-up, the package, the calls), before any further imports.
const calculatorFiles = request.trace ? loaded() : null;
const calculatorModules = request.trace
  ? pyodide.runPython("import sys\n'\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'scoring'))").split("\n")
  : null;
if (request.between) pyodide.runPython(request.between);
const moreResults = (request.more_calls ?? []).map(call);
pyodide.globals.set("imports", pyodide.toPy(request.imports ?? []));
pyodide.runPython(`
import importlib
for name in imports:
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # a module of another platform, imported under a condition
`);
const answer = {
  python: pyodide.runPython("import sys; sys.version"),
  platform: pyodide.runPython("import sys; sys.platform"),
  site_packages: sitePackages,
  results,
  more_results: moreResults,
};

if (request.python) answer.python_result = pyodide.runPython(request.python);
for (const [source, target] of Object.entries(request.outputs ?? {})) {
  await fs.writeFile(target, pyodide.FS.readFile(source));
}
if (request.trace) {
  try {
    pyodide.runPython("raise ValueError('a Python exception reaching JavaScript formats its traceback')");
  } catch {
    // expected: only the modules that formatting the error loaded are of interest
  }
  answer.stdlib_files = loaded();
  answer.boot_files = bootFiles;
  answer.calculator_files = calculatorFiles;
  answer.calculator_modules = calculatorModules;
  answer.frozen_files = frozen();
}
await fs.writeFile(answerPath, JSON.stringify(answer));
