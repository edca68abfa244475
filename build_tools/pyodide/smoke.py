"""The calls the build makes of the packaged engine: each entry point of ``scoring/browser.py`` that the calculator's
worker calls, on good and bad input, and the check that Pyodide answered each exactly as this CPython does.

Two groups, because what they load is shipped differently (:mod:`build_tools.pyodide.runtime`):

* :func:`first_result_calls`: what a shared link's first result runs (the form model, opening and grading a
  document, a refusal); the standard-library modules they load are shipped as bytecode;
* :func:`other_calls`: every other entry point — the comparison, the CSV exports, the rater agreement diagnostics,
  rater sheets and levels read from CSV (UTF-8 and GB18030), the report, a file opened (a report verified), the
  templates — whose modules stay source.

A call is ``[name, *arguments]``. An argument is a string, as the worker passes it, or ``{"bytes": <base64>}``
for the bytes of a file the reader chose (a ``Uint8Array`` in the worker, Python ``bytes`` here).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from build_tools.downloads_hook import VECTORS

Call = list[Any]


def file_bytes(data: bytes) -> dict[str, str]:
    """An argument that stands for a chosen file's bytes."""
    return {"bytes": base64.b64encode(data).decode("ascii")}


def python_args(call: Call) -> list[Any]:
    """The arguments of ``call`` as the entry point receives them (``{"bytes": …}`` decoded)."""
    return [base64.b64decode(arg["bytes"]) if isinstance(arg, dict) else arg for arg in call[1:]]


def answer(call: Call) -> str:
    """What ``scoring.browser`` answers to ``call`` under this CPython."""
    from scoring import browser  # noqa: PLC0415 — the build's own package, imported when a build runs

    result: str = getattr(browser, call[0])(*python_args(call))
    return result


def check(calls: list[Call], answers: list[str]) -> None:
    """Raise unless every answer (Pyodide's) is this CPython's answer to its call, string for string."""
    if len(answers) != len(calls):
        raise RuntimeError(f"Pyodide answered {len(answers)} of {len(calls)} smoke calls")
    for call, got in zip(calls, answers, strict=True):
        expected = answer(call)
        if got != expected:
            shown = [arg if isinstance(arg, str) else "<bytes>" for arg in call[1:]]
            raise RuntimeError(
                f"the packaged engine answers {call[0]}({', '.join(a[:60] for a in shown)}) otherwise than CPython:"
                f"\n  Pyodide: {got[:300]}\n  CPython: {expected[:300]}"
            )


def _documents() -> tuple[str, str, str]:
    """Two published conformance vectors' inputs (several raters each), and the first with a decimal comma."""
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    good, other = (vectors[n]["input"] for n in (0, 1))
    bad = json.loads(json.dumps(good))
    bad["service"]["raters"][0]["alpha"]["1.1"] = "0,8"
    return tuple(json.dumps(doc, ensure_ascii=False) for doc in (good, other, bad))  # type: ignore[return-value]


def form_update(document: str, since: int, changed: dict[int, Any] | None = None, window: int = 25) -> str:
    """The update of the calculator's form that engine.js and worker.js send to ``grade_form``: every rater of
    ``document`` (``since`` 0), or the raters in ``changed``."""
    doc = json.loads(document)
    raters = doc["service"].pop("raters")
    update = {
        "document": doc,
        "count": len(raters),
        "changed": {str(k): r for k, r in (changed if changed is not None else dict(enumerate(raters))).items()},
        "removed": None,
        "window": [0, window],
        "since": since,
    }
    return json.dumps(update, ensure_ascii=False)


def grade_form_calls(document: str) -> list[Call]:
    """A form graded, then one α edited, then an update the session cannot follow (stale), then a malformed one."""
    rater = json.loads(document)["service"]["raters"][0]
    edited = rater | {"alpha": rater["alpha"] | {"1.1": "0.35"}}
    return [
        ["grade_form", form_update(document, 0)],
        ["grade_form", form_update(document, 1, {0: edited})],
        ["grade_form", form_update(document, 7, {})],
        ["grade_form", "{"],
    ]


def first_result_calls() -> list[Call]:
    """The calls of a shared link's first result, and refusals on that path (Python exceptions included)."""
    good, _, _ = _documents()
    calls: list[Call] = [["form_model"], ["open_document", good, "json"], *grade_form_calls(good)]
    calls += [["evaluate_document", good], ["evaluate_document", "{"]]
    calls += [["open_document", "x", "vector"], ["open_document", "[]", "json"]]
    return calls


def other_calls() -> list[Call]:
    """Every other entry point of the calculator, on good and bad input."""
    from scoring.sheets import levels_template, template  # noqa: PLC0415

    good, other, bad = _documents()
    levels_zh, levels_en = levels_template(lang="zh"), levels_template(lang="en")
    sheets_zh = template(lang="zh")
    gbk = good.replace('"service"', '"organization": "测试有限公司", "service"', 1).encode("gbk")
    return [
        ["diff_documents", good, other],
        ["diff_documents", good, bad],
        ["diff_documents", "{", "[]"],
        ["export_csv", good, "zh"],
        ["export_csv", good, "en"],
        ["export_csv", bad, "en"],
        ["export_diff_csv", good, other, "en"],
        ["export_diff_csv", other, good, "zh"],
        ["export_diff_csv", "[]", good, "zh"],
        ["diagnose_document", good],
        ["diagnose_document", bad],
        ["import_levels", file_bytes(levels_zh.encode("gb18030")), "levels.csv"],
        ["import_levels", file_bytes(b"\xef\xbb\xbf" + levels_en.encode("utf-8")), "levels.csv"],
        ["import_levels", file_bytes(levels_en.replace(",4,", ",6,", 1).encode("utf-8")), "levels.csv"],
        ["import_levels", file_bytes(b"\xff\xfe\x00\x81 not text"), "levels.csv"],
        ["import_levels", file_bytes(b""), "empty.csv"],
        ["import_sheets", file_bytes(sheets_zh.encode("gb18030")), "sheets.csv"],
        ["import_sheets", file_bytes(b"rater,1.1\nR1,0,8\n"), "sheets.csv"],
        ["report", good, "en", "2026-01-31"],
        ["open_document", file_bytes(good.encode("utf-8")), "json"],
        ["open_document", file_bytes(b"\xef\xbb\xbf" + good.encode("utf-8")), "json"],
        ["open_document", file_bytes(gbk), "json"],  # refused, as the command line refuses it: not UTF-8
        ["report", good, "zh", "31/01/2026"],
        ["templates"],
        *open_file_calls(good),
        *save_form_calls(good),
    ]


def save_form_calls(good: str) -> list[Call]:
    """The calculator's Save (state.js's form, as typed): complete, as a draft with a wrong α, malformed; and the
    draft saved, opened again."""
    doc = json.loads(good)
    form = {
        "profile": doc.get("profile", "final"),
        "organization": "ACME/深圳",
        "raters": [{"name": r.get("id", ""), "alpha": r["alpha"]} for r in doc["service"]["raters"]],
        "levels": {k: str(v) for k, v in doc["management"]["levels"].items()},
        "conformity": True,
    }
    draft = json.loads(json.dumps(form))
    draft["raters"][0]["alpha"] |= {"1.1": "0,8", "1.2": ""}
    draft["levels"]["1.1"] = ""

    def request(form: object, lang: str) -> str:
        return json.dumps({"form": form, "name": "评价 1", "lang": lang, "date": "2026-12-06"}, ensure_ascii=False)

    saved = json.loads(answer(["save_form", request(draft, "zh")]))["text"]
    return [
        ["save_form", request(form, "en")],
        ["save_form", request(draft, "zh")],
        ["save_form", "{"],
        ["open_file", file_bytes(saved.encode("utf-8"))],
    ]


def open_file_calls(good: str) -> list[Call]:
    """A file opened in the calculator: a JSON document, a report verified, a report changed, not a report."""
    report = json.loads(answer(["report", good, "zh", "2026-01-31"]))["html"].encode("utf-8")
    return [
        ["open_file", file_bytes(good.encode("utf-8"))],
        ["open_file", file_bytes(report)],
        ["open_file", file_bytes(report.replace(b"</h1>", b" </h1>", 1))],
        ["open_file", file_bytes(report[: len(report) // 2])],
        ["open_file", file_bytes(b"<html><body>no</body></html>")],
    ]
