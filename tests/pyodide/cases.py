"""The calls that Pyodide and CPython must answer byte for byte alike (issue 4, 7 a)).

Each call is ``[function, *arguments]`` on ``scoring.browser``, exactly what the calculator's worker passes: strings,
and a chosen file's bytes as ``{"bytes": <base64>}`` (build_tools/pyodide/smoke.py). The published conformance
vectors (graded, opened as JSON and as compact strings, compared two by two, exported as CSV, diagnosed), seeded
random evaluations as the form produces them (α as typed: 0–4 decimals; levels; both 5.3 profiles; 1–5 raters; the
conformity examination; organization and rater names, some Chinese), levels and rater sheets read from CSV files
(UTF-8, GB18030, hostile bytes), and the refusals the form and the share links meet (α = 1.5, ``0,8``, empty,
letters, a level of 6, broken JSON, a damaged vector); then every call the build itself makes (its smoke calls).
"""

from __future__ import annotations

import json
import random
from typing import Any

from build_tools.downloads_hook import VECTORS
from build_tools.pyodide.smoke import file_bytes, first_result_calls, grade_form_calls, other_calls
from scoring.browser import open_document, save_form
from scoring.sheets import levels_template
from tests.builders import CLAUSE_IDS, ITEM_IDS

RANDOM_EVALUATIONS = 1200
SEED = 20260455

NAMES = ["R1", "张三", "审核员 B", "Auditor <b>&amp;</b>", "李四-2", "O'Brien"]
ORGANIZATIONS = ["江西腾标认证有限公司", "ACME Ltd.", "某某酒店（南昌）", 'Quote " and \\ backslash']
BAD_ALPHAS = ["1.5", "0,8", "", "abc", "-0.1", " 0.5", "1.00001", "0.123456789012345678901", "NaN", "1e-1"]


def _dumps(obj: Any) -> str:
    # The worker sends JSON.stringify(document): no spaces, non-ASCII as is.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def random_alpha(rng: random.Random, centre: float) -> str:
    """An α near ``centre`` (so that all star levels occur), typed with 0–4 decimals, e.g. "1.000"."""
    places = rng.randint(0, 4)
    scale = 10**places
    value = min(scale, max(0, round((centre + rng.uniform(-0.15, 0.15)) * scale)))
    if places == 0:
        return str(value)
    whole, fraction = divmod(value, scale)
    return f"{whole}.{fraction:0{places}d}"


def random_document(rng: random.Random) -> dict[str, Any]:
    raters = []
    centre = rng.uniform(0.7, 1.0)
    for n in range(rng.randint(1, 5)):
        rater: dict[str, Any] = {"alpha": {item: random_alpha(rng, centre) for item in ITEM_IDS}}
        if rng.random() < 0.5:
            rater["id"] = rng.choice(NAMES) + str(n)
        raters.append(rater)
    # Mostly high levels, so that every star level and every 5.3 minimum is reached often.
    levels = {clause: rng.choice([1, 2, 3, 4, 4, 5, 5, 5]) for clause in CLAUSE_IDS}
    doc: dict[str, Any] = {
        "scheme": "CTS TBSC55-2026 B/0",
        "profile": rng.choice(["final", "table"]),
        "service": {"raters": raters},
        "management": {"levels": levels, "conformity_passed": rng.random() < 0.9},
    }
    if rng.random() < 0.3:
        doc["organization"] = rng.choice(ORGANIZATIONS)
    if rng.random() < 0.1:  # the form's bad input: the engine names each field
        rater_alpha = rng.choice(raters)["alpha"]
        rater_alpha[rng.choice(ITEM_IDS)] = rng.choice(BAD_ALPHAS)
    if rng.random() < 0.03:
        levels[rng.choice(CLAUSE_IDS)] = rng.choice([0, 6, "3"])
    return doc


def conformance_inputs() -> list[dict[str, Any]]:
    return [case["input"] for case in json.loads(VECTORS.read_text(encoding="utf-8"))]


def random_documents(count: int = RANDOM_EVALUATIONS, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_document(rng) for _ in range(count)]


def all_calls() -> list[list[str]]:
    calls: list[list[str]] = [["form_model"]]
    for doc in conformance_inputs():
        text = _dumps(doc)
        calls.append(["evaluate_document", text])
        calls.append(["open_document", text, "json"])
        opened = json.loads(open_document(text, "json"))
        if opened["ok"]:
            calls.append(["open_document", opened["vector"], "vector"])
            calls.append(["open_document", opened["vector"].replace("/C:", "/C:x"), "vector"])
    calls += [["evaluate_document", _dumps(doc)] for doc in random_documents()]
    # The calculator's form between edits (scoring/session.py): graded, edited, stale, malformed.
    for doc in random_documents(count=40, seed=SEED + 1):
        calls += grade_form_calls(_dumps(doc))
    calls += newer_entry_point_calls()
    calls += observation_calls()
    calls += [
        ["evaluate_document", "{"],
        ["evaluate_document", "[]"],
        ["evaluate_document", ""],
        ["open_document", "", "vector"],
        ["open_document", "TBSC55-2026:B0/P:final", "vector"],
        ["open_document", '{"service": 1}', "json"],
    ]
    return calls + first_result_calls() + other_calls()


# Observations and the record (issue 23): valid (HTML and formulas are text), and wrong in each way the engine names.
NOTES = ["观察：门店整洁\n第二行", "<script>alert(1)</script>", "=cmd|' /C calc'!A0"]
NOTES += ["x" * 4001, "a\u202eb", "bell\x07"]
RECORDS: list[Any] = [
    {"date": "2026-12-07", "evaluators": ["张三", "J. Doe"], "scope": "全部门店", "remarks": "=1+1"},
    {"date": "2026-02-30", "evaluators": ["A\u202e", "x" * 65], "scope": "\r"},
    {"evaluators": ["A"] * 51},
    {"author": "x"},
    {"date": 20261207},
]


def observation_calls() -> list[list[Any]]:
    """Documents with observations and a record graded, opened, graded by the session and saved from the form."""
    rng = random.Random(SEED + 2)
    calls: list[list[Any]] = []
    for n, doc in enumerate(random_documents(count=24, seed=SEED + 3)):
        doc["record"] = RECORDS[n % len(RECORDS)]
        doc["management"]["observations"] = {rng.choice(CLAUSE_IDS): rng.choice(NOTES) for _ in range(3)}
        for rater in doc["service"]["raters"]:
            rater["observations"] = {rng.choice(ITEM_IDS): rng.choice(NOTES)}
        text = _dumps(doc)
        calls += [["evaluate_document", text], ["open_document", text, "json"], *grade_form_calls(text)]
        form = {
            "profile": doc["profile"],
            "organization": "",
            "record": {"date": "2026-12-07", "evaluators": " 张三 \n\nJ. Doe", "scope": rng.choice(NOTES)},
            "raters": [
                {"name": r.get("id", ""), "alpha": r["alpha"], "observations": r["observations"]}
                for r in doc["service"]["raters"]
            ],
            "levels": {c: str(v) for c, v in doc["management"]["levels"].items()},
            "observations": doc["management"]["observations"],
            "conformity": True,
        }
        saved = save_form(_dumps({"form": form, "name": "评价", "lang": "zh", "date": "2026-12-07"}))
        calls.append(["save_form", _dumps({"form": form, "name": "评价", "lang": "zh", "date": "2026-12-07"})])
        if json.loads(saved)["ok"]:
            calls.append(["open_document", json.loads(saved)["text"], "json"])
    return calls


def newer_entry_point_calls() -> list[list[Any]]:
    """The comparison, the CSV exports and the diagnostics of the conformance vectors and of random evaluations
    (some refused), and levels files: the template in each language and encoding, and hostile ones."""
    docs = [_dumps(doc) for doc in conformance_inputs()] + [_dumps(doc) for doc in random_documents(60, SEED + 1)]
    calls: list[list[Any]] = []
    for n, doc in enumerate(docs):
        other = docs[(n * 7 + 3) % len(docs)]
        calls.append(["diff_documents", doc, other])
        calls.append(["export_csv", doc, "zh" if n % 2 else "en"])
        calls.append(["export_diff_csv", other, doc, "en" if n % 2 else "zh"])
        calls.append(["diagnose_document", doc])
    levels = {lang: levels_template(lang=lang) for lang in ("zh", "en")}  # type: ignore[arg-type]
    hostile = [
        b"",
        b"\xef\xbb\xbf",
        b"\x00" * 64,
        b"\xff\xfe" + "组织".encode("utf-16-le"),
        levels["en"].encode() + levels["en"].splitlines()[1].encode() + b"\r\n",  # two rows
        levels["zh"].encode("gb18030").replace(b",4,", b",\xa3\xb4,", 1),  # a full-width digit
        levels["en"].replace(",4,", ",=1+1,", 1).encode(),  # a formula
        levels["en"].encode("utf-8") + "组织".encode("gb18030"),  # UTF-8 and GB18030 mixed
        b'"' + b"a" * 5000,  # an unclosed quote
        levels["en"].replace("\r\n", "\n").encode(),
    ]
    for lang, text in levels.items():
        for encoding in ("utf-8", "utf-8-sig", "gb18030"):
            calls.append(["import_levels", file_bytes(text.encode(encoding)), f"levels-{lang}.csv"])
    calls += [["import_levels", file_bytes(data), "水平.csv"] for data in hostile]
    return calls
