"""The printable result report (HTML, zh or en) and its verification.

A report carries everything needed to make it again: the canonical evaluation document (embedded as JSON), its
language (``<html lang>``) and its date (``<meta name="date">``); it also shows the compact evaluation string and
the SHA-256 of the canonical JSON. ``verify_report`` makes the report again from those and requires the file to be
**identical** to it, byte for byte (as reproducible builds check an artefact): any edit anywhere — a figure, a
name, a table cell, an added element, script or style, text after ``</html>`` — is a difference, and the first
one is named. What it proves: the file is exactly what this version of the tool makes of the evaluation it
embeds. What it does not prove: who made it, or that the evaluation's inputs are true.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from . import __about__
from .certification import grade_name, reason_line, stars_name
from .charts import levels_chart, radar_chart
from .diagnostics import (
    ABOUT,
    ITEM_COLUMNS,
    ITEM_NUMBER_COLUMNS,
    ONE_RATER,
    Diagnostics,
    diagnose,
    flagged_raters_heading,
    item_cells,
    legend,
    rater_line,
)
from .document import canonical_json, check_iso_date, evaluation_from_obj, read_json
from .engine import DISPLAY_PLACES, EvaluationResult, evaluate, readings_note, result_to_obj, trace
from .errors import DocumentSyntaxError, InputError, show_text
from .limits import MAX_REPORT_BYTES, MIB, size_name
from .messages import message, names, said
from .model import Record
from .numbers import fixed, plain, shown
from .rules import Lang, Names, ServiceRules
from .service import rater_score_text
from .vector import to_vector
from .words import colon, noted, passed, rater_label, word

EVALUATION_ID, SUMMARY_ID = "tbsc55-evaluation", "tbsc55-summary"
_HTML_LANG: dict[Lang, str] = {"zh": "zh-CN", "en": "en"}


@functools.cache
def _css() -> str:
    with open(os.path.join(os.path.dirname(__file__), "report.css"), encoding="utf-8") as handle:
        return handle.read()


def _json_script(element_id: str, obj: Any) -> str:
    # "<" is escaped so that no text in the document can close the script element.
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def summary_of(result: EvaluationResult) -> dict[str, Any]:
    """The figures a report states, which ``verify`` recomputes."""
    output = result_to_obj(result)
    return {
        "scheme": f"{output['scheme']['id']} {output['scheme']['version']}",
        "service_score": output["service"]["score"],
        "management_total": output["management"]["total"],
        "management_grade": output["management"]["grade"],
        "profile": output["certification"]["profile"],
        "stars": output["certification"]["stars"],
    }


def _visible(result: EvaluationResult, lang: Lang) -> dict[str, str]:
    """The headline figures as a reader sees them in the report, by element id (``verify`` checks them too)."""
    return {
        "tbsc55-stars": stars_name(result.certification.stars)(lang),
        "tbsc55-score": fixed(result.service.score, result.rules.service.score_places),
        "tbsc55-total": plain(result.management.total),
        "tbsc55-grade": grade_name(result.management.grade.grade)(lang),
    }


def sha256_of(result: EvaluationResult) -> str:
    return hashlib.sha256(canonical_json(result.evaluation).encode("utf-8")).hexdigest()


def check_date(date: str, path: str = "--date") -> str:
    """A report's date: a real calendar date written YYYY-MM-DD (ISO 8601), nothing else."""
    return check_iso_date(date, path)


def render_report(result: EvaluationResult, lang: Lang, date: str) -> str:
    """A self-contained, printable HTML report (no external resources) of one evaluation."""
    check_date(date)
    rules, service, management, cert = result.rules, result.service, result.management, result.certification
    places = rules.service.score_places
    e = escape
    rows_meta = [
        (word("organization", lang), result.evaluation.organization or "—"),
        (word("date", lang), date),
        (word("scheme", lang), f"{rules.scheme.full_id} {rules.scheme.title(lang)}"),
        (word("tool", lang), f"tbsc55-scoring {__about__.__version__}"),
        (word("profile", lang), f"{cert.profile.id} — {cert.profile.name(lang)}"),
    ]
    conformity = passed(result.evaluation.conformity_passed, lang)
    visible = _visible(result, lang)
    observations = result.evaluation.observations
    record_html = _record_html(observations.record, lang) if observations and observations.record else []
    by_rater = observations.raters if observations is not None else {}
    clause_notes = observations.clauses if observations is not None else {}
    html = [
        f'<!DOCTYPE html><html lang="{_HTML_LANG[lang]}"><head><meta charset="utf-8">',
        f'<meta name="date" content="{date}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(word('report', lang))} — {e(result.evaluation.organization or rules.scheme.full_id)}</title>",
        f"<style>{_css()}</style></head><body>",
        f"<h1>{e(rules.scheme.title(lang))} · {e(word('report', lang))}</h1>",
        f'<p class="note">{e(word("note", lang))}</p>',
        '<table class="meta">' + "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows_meta) + "</table>",
        *record_html,
        f"<h2>{e(word('certification', lang))}</h2>",
        f'<p class="result" id="tbsc55-stars">{e(visible["tbsc55-stars"])}</p>',
        '<table class="meta">',
        f'<tr><td>{e(word("service_score", lang))}</td><td id="tbsc55-score">{fixed(service.score, places)}</td></tr>',
        f'<tr><td>{e(word("total", lang))}</td><td id="tbsc55-total">{plain(management.total)}</td></tr>',
        f'<tr><td>{e(word("grade", lang))}</td><td id="tbsc55-grade">{e(visible["tbsc55-grade"])}</td></tr>',
        f"<tr><td>{e(word('conformity', lang))}</td><td>{e(conformity)}</td></tr></table>",
        f"<h3>{e(word('why', lang))}</h3><ul>",
        *(f"<li>{e(reason_line(r, lang))}</li>" for r in cert.reasons),
        "</ul>",
    ]
    plan = result_to_obj(result)["certification"]["next_star"]
    if plan:
        html.append(f"<h3>{e(word('next', lang))}</h3><p>{e(plan[lang])}</p>")
    if result.readings_differ:  # the two readings of 5.3 give different stars: said, with each one's next star
        html += [
            f'<h3>{e(word("readings", lang))}</h3><p id="tbsc55-readings">{e(result.readings_sentence(lang))}</p><ul>',
            *(
                f"<li>{e(noted(r.label(lang), r.certification.profile.id, lang))}{colon(lang)}"
                f"{e(r.next(lang, places))}</li>"
                for r in result.readings
            ),
            f'</ul><p class="note">{e(readings_note(lang))}</p>',
        ]
    html += [
        f"<h2>{e(word('charts', lang))}</h2>",
        f'<div class="charts">{radar_chart(result, lang)}{levels_chart(result, lang)}</div>',
        f"<h2>{e(word('service_inputs', lang))}</h2>",
    ]
    for start in range(0, len(service.raters), 8):  # at most 8 rater columns a table, so it prints
        chunk = service.raters[start : start + 8]
        head = "".join(f'<th class="n">{e(rater_label(r.index + 1, r.id, lang))}</th>' for r in chunk)
        html.append(
            f'<table><tr><th>{e(word("item", lang))}</th><th class="n">{e(word("item_points", lang))}</th>{head}'
            f'<th class="n">{e(word("mean_alpha", lang))}</th></tr>'
        )
        for position, summary in enumerate(service.items):
            item = summary.item
            cells = "".join(f'<td class="n">{plain(r.items[position].alpha)}</td>' for r in chunk)
            mean = shown(summary.mean_alpha, DISPLAY_PLACES)
            html.append(
                f"<tr><td>{e(item.id)} {e(rules.service.item_title(item, lang))}</td>"
                f'<td class="n">{item.max_points}</td>{cells}<td class="n">{mean}</td></tr>'
            )
        scores = "".join(f'<td class="n">{rater_score_text(r.score, rules.service)}</td>' for r in chunk)
        html.append(f"<tr><th>{e(word('rater_score', lang))}</th><td></td>{scores}<td></td></tr></table>")
        for r in chunk:
            if r.index in by_rater:
                html += _rater_observations_html(result, r.index, by_rater[r.index], lang)
    html += [
        f"<h2>{e(word('management_inputs', lang))}</h2><table>",
        f'<tr><th>{e(word("clause", lang))}</th><th class="n">{e(word("weight", lang))}</th>'
        f'<th class="n">{e(word("level", lang))}</th><th class="n">{e(word("score", lang))}</th></tr>',
        *(
            f'<tr><td>{e(c.clause.id)} {e(c.clause.name(lang))}</td><td class="n">{c.clause.weight}</td>'
            f'<td class="n">{c.level}</td><td class="n">{plain(c.points)}</td></tr>'
            + (
                f'<tr><td colspan="4" class="note">{e(word("observation", lang))}{colon(lang)}'
                f"{_paragraphs(clause_notes[c.clause.id])}</td></tr>"
                if c.clause.id in clause_notes
                else ""
            )
            for c in management.clauses
        ),
        "</table>",
        *_diagnostics_html(diagnose(service, rules.service), lang, rules.service),
        f'<h2>{e(word("trace", lang))}</h2><ol class="trace">',
        *(
            f'<li>{e(step.text(lang))} <span class="note">[{e(step.clause(lang))}]</span></li>'
            for step in trace(result)
        ),
        "</ol>",
        f"<h2>{e(word('verify', lang))}</h2>",
        f'<table class="meta"><tr><td>{e(word("vector", lang))}</td><td class="mono" id="tbsc55-vector">'
        f"{e(to_vector(result.evaluation))}</td></tr>",
        f'<tr><td>{e(word("sha", lang))}</td><td class="mono" id="tbsc55-sha256">{sha256_of(result)}</td></tr></table>',
        f'<p class="note">{e(word("how", lang))}</p>',
        _json_script(EVALUATION_ID, json.loads(canonical_json(result.evaluation))),
        _json_script(SUMMARY_ID, summary_of(result)),
        "</body></html>",
    ]
    text = "\n".join(html) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_REPORT_BYTES:
        # Escaped observations can make a report of an accepted document larger than `verify` (and the calculator's
        # Open) read: the tool writes no report it cannot read back.
        over = f"{-(-size // MIB)} MB"  # rounded up: never said to be the limit itself
        raise InputError("", *said("report_too_large", size=over, limit=size_name(MAX_REPORT_BYTES)))
    return text


def _paragraphs(text: str) -> str:
    """An observation as HTML: escaped (inert, whatever it holds), its line feeds as line breaks."""
    return escape(text).replace("\n", "<br>")


def _record_html(record: Record, lang: Lang) -> list[str]:
    """The evaluation's record, under the report's head: a row for each member it has."""
    rows = []
    if record.date is not None:
        rows.append((word("record_date", lang), escape(record.date)))
    if record.evaluators:
        rows.append((word("evaluators", lang), escape(("、" if lang == "zh" else ", ").join(record.evaluators))))
    for key, text in (("scope", record.scope), ("remarks", record.remarks)):
        if text is not None:
            rows.append((word(key, lang), _paragraphs(text)))
    return [
        f"<h2>{escape(word('record', lang))}</h2>",
        '<table class="meta">' + "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows) + "</table>",
    ]


def _rater_observations_html(result: EvaluationResult, index: int, notes: Mapping[str, str], lang: Lang) -> list[str]:
    """A rater's observations by item, after the table that holds the rater's α."""
    rater = result.evaluation.raters[index]
    items = {item.id: item for item in result.rules.service.items}
    heading = word("observations_of", lang, rater=rater_label(index + 1, rater.id, lang))
    rows = "".join(
        f"<tr><td>{escape(item_id)} {escape(result.rules.service.item_title(items[item_id], lang))}</td>"
        f"<td>{_paragraphs(text)}</td></tr>"
        for item_id, text in notes.items()
    )
    return [f"<h3>{escape(heading)}</h3>", f'<table class="meta">{rows}</table>']


def _diagnostics_html(diagnostics: Diagnostics, lang: Lang, rules: ServiceRules) -> list[str]:
    """The site's rater agreement diagnostics (scoring.diagnostics), marked as editorial: not part of the grading."""
    e = escape
    html = [
        f'<section class="editorial"><h2>{e(word("diagnostics", lang))}</h2>',
        f'<p class="note">{e(ABOUT(lang))}</p>',
    ]
    if not diagnostics.comparable:
        return [*html, f"<p>{e(ONE_RATER(lang))}</p></section>"]
    numbers = ITEM_NUMBER_COLUMNS
    head = "".join(f'<th class="n">{e(word(k, lang))}</th>' for k in ITEM_COLUMNS[:numbers]) + "".join(
        f"<th>{e(word(k, lang))}</th>" for k in ITEM_COLUMNS[numbers:]
    )
    html.append(f"<table><tr><th>{e(word('item', lang))}</th>{head}</tr>")
    flag_class = ' class="flagged"'
    for i in diagnostics.items:
        cells = item_cells(i)
        html.append(
            f"<tr{flag_class if i.flagged else ''}><td>{e(i.item.id)} {e(rules.item_title(i.item, lang))}</td>"
            + "".join(f'<td class="n">{c}</td>' for c in cells[:numbers])
            + "".join(f"<td>{c}</td>" for c in cells[numbers:])
            + "</tr>"
        )
    html.append("</table>")
    html.append(f'<p class="note">{e(legend(lang))}</p>')
    html.append(f"<h3>{e(flagged_raters_heading(lang))}</h3>")
    flagged = diagnostics.flagged_raters
    if not flagged:
        return [*html, f"<p>{e(word('none', lang))}</p></section>"]
    return [*html, "<ul>", *(f"<li>⚑ {e(rater_line(r, lang))}</li>" for r in flagged), "</ul></section>"]


# --- verification: make the report again and compare -------------------------------------------------------

_START = re.compile(
    r'<!DOCTYPE html><html lang="(zh-CN|en)"><head><meta charset="utf-8">\n<meta name="date" content="([^"]*)">'
)
_EMBEDDED = f'<script type="application/json" id="{EVALUATION_ID}">'
_TOOL = re.compile(r"tbsc55-scoring ([^<\s]{1,40})</td>")


def looks_like_report(data: bytes) -> bool:
    """Whether ``data`` could be a report of this tool at all: the cheap test before the full one."""
    return data.startswith(b"<!DOCTYPE html><html lang=") and _EMBEDDED.encode() in data


@dataclass(frozen=True)
class Verification:
    ok: bool
    findings: tuple[Names, ...]  # what differs, in both languages (none when ok)
    result: EvaluationResult | None

    @property
    def problems(self) -> tuple[str, ...]:
        """What differs, in English."""
        return tuple(f.en for f in self.findings)

    def problems_in(self, lang: Lang) -> tuple[str, ...]:
        return tuple(f(lang) for f in self.findings)


def _not_a_report(problem: Names) -> DocumentSyntaxError:
    return DocumentSyntaxError("report", *said("not_a_report", problem=problem))


def verify_report(html: str) -> Verification:
    """Make the report again from its embedded evaluation, language and date; it verifies only if identical.

    Raises ``DocumentSyntaxError`` for a file that is not a report of this tool (``verify`` exits 2); a report
    that differs from the one this tool makes gives ``ok=False`` with the first difference (exit 1).
    """
    start = _START.match(html)
    embedded_at = html.find(_EMBEDDED)
    if not html.startswith("<!DOCTYPE html><html lang=") or embedded_at < 0:
        raise _not_a_report(names("no_embedded_evaluation"))
    if start is None:
        return Verification(False, (_made_by(html) or names("report_beginning"),), None)
    lang: Lang = "en" if start[1] == "en" else "zh"
    embedded_at += len(_EMBEDDED)
    embedded_end = html.find("</script>", embedded_at)
    try:
        date = check_date(start[2], "date")
        evaluation = evaluation_from_obj(read_json(html[embedded_at : embedded_end if embedded_end >= 0 else None]))
    except InputError as exc:
        problem = Names(zh=exc.text("zh"), en=str(exc))
        raise DocumentSyntaxError("report", *said("embedded_invalid", problem=problem)) from None
    result = evaluate(evaluation)
    expected = render_report(result, lang, date)
    if html == expected:
        return Verification(True, (), result)
    findings = [_first_difference(html, expected)]
    made_by = _made_by(html)
    if made_by:
        findings.append(made_by)
    return Verification(False, tuple(findings), result)


def _first_difference(found: str, expected: str) -> Names:
    """Where the file first differs from the report this tool makes, and what each has there (escaped, short)."""
    at, step, end = 0, 1 << 16, min(len(found), len(expected))
    while at < end and found[at : at + step] == expected[at : at + step]:  # compared a block at a time (C speed)
        at += step
    at = next((i for i in range(at, min(at + step, end)) if found[i] != expected[i]), end)
    line = found.count("\n", 0, at) + 1
    column = at - (found.rfind("\n", 0, at) + 1) + 1
    where = names("report_where", line=line, column=column)
    if at == len(expected):
        return _at(where, names("report_goes_on", extra=show_text(found[at:], 24)))
    if at == len(found):
        return _at(where, names("report_ends_early"))
    has, wants = show_text(found[at:], 24), show_text(expected[at:], 24)
    return _at(where, names("report_differs", has=has, wants=wants))


def _at(where: Names, what: Names) -> Names:
    return Names(zh=where.zh + what.zh, en=where.en + what.en)


def _made_by(html: str) -> Names | None:
    """A note when the report names another version of this tool: only that version makes the same bytes."""
    tool = _TOOL.search(html)
    if tool and tool[1] != __about__.__version__:
        return names("report_made_by", other=show_text(tool[1]), this=__about__.__version__)
    return None


def verdict(verification: Verification, lang: Lang) -> str:
    """``verify``'s verdict on a report, in ``lang``: verified (with its figures and hash), or what differs."""
    if not verification.ok:
        problems = Names(zh="；".join(verification.problems_in("zh")), en="; ".join(verification.problems))
        return message("report_mismatch", lang, problems=problems)
    assert verification.result is not None
    s = summary_of(verification.result)
    sha = sha256_of(verification.result)
    return message(
        "report_verified",
        lang,
        scheme=s["scheme"],
        profile=s["profile"],
        service=s["service_score"],
        total=s["management_total"],
        grade=Names(zh=grade_name(s["management_grade"]).zh, en=str(s["management_grade"])),
        stars=Names(zh=stars_name(s["stars"]).zh, en=str(s["stars"])),
        sha=sha,
    )
