"""The edition as data: ``downloads/edition.json`` (every clause, paragraph, list item and table of the
specification, in order, in both languages) with its JSON Schema, and ``downloads/rules.json`` (the grading rules,
each number with its clause). A MkDocs hook: both languages' sites get the same three files.

The text comes from the specification pages' Markdown, rendered as the site renders it (:mod:`build_tools.edition`),
so that nothing holds a copy of it. Each unit has:

* ``id`` — the site's anchor where the site has one (``clause-5-1-1``, ``a4-5-3``, ``a3-note-3-1``,
  ``table-5-2-5``; ``anchor`` is true), otherwise its parent's id and its place below it (``clause-5-1-1/2/1``
  is the first item of the second item of 5.1.1; ``anchor`` is false);
* ``parent`` — the id of the clause, item or table it belongs to (None for chapters and appendices);
* ``cite`` — how the rules file (``scoring/rules.toml``) cites it: ``5.1.1 2) ①``, ``appendix 3, 4.1``,
  ``appendix 3 3) ⑤``, ``5.3 table row 3``;
* ``number`` — the number or list marker as printed (``5.1.1.``, ``5.3``, ``2)``, ``①``), and ``zh``/``en``, the
  text after it;
* ``refs`` — the ids its links name; ``notes`` — the site's reading notes on it (``e1``: the file's
  ``reading_notes`` lists them, each with its clauses); a table has ``rows`` of ``cells`` (``zh``, ``en``,
  ``rowspan``, ``colspan``, ``header``). Editorial and translator's notes are not part of the edition and are left out.
"""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from build_tools import edition, errata, site_hooks

RULES = edition.ROOT / "scoring" / "rules.toml"
SCHEMA_ID = "edition.schema.json"
# The units' kinds: a numbered clause (a heading, or a numbered paragraph), an unnumbered paragraph, a list item,
# a note under a table (appendix 3's 说明), a table.
KINDS = ("clause", "paragraph", "item", "note", "table")
# The cover's control fields (docs/zh/index.md), in the order printed: the edition's metadata.
COVER_FIELDS = {
    "受控状态": "control_status",
    "文件编号": "document_number",
    "版本号": "version",
    "编制": "compiled_by",
    "审核": "checked_by",
    "批准": "approved_by",
    "发布日期": "issued",
    "生效日期": "effective",
}


@dataclass
class Unit:
    id: str
    kind: str
    parent: str | None
    cite: str
    page: str
    number: str = ""
    zh: str = ""
    en: str = ""
    refs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "anchor": "/" not in self.id,
            "kind": self.kind,
            "parent": self.parent,
            "cite": self.cite,
            "page": self.page,
            "number": self.number,
            "zh": self.zh,
            "en": self.en,
            "refs": self.refs,
            "notes": self.notes,
        }
        if self.rows is not None:
            out["rows"] = self.rows
        return out


# --- Citations ------------------------------------------------------------------------------------------------


def cite_of(anchor: str) -> str:
    """The rules file's way of citing an anchored clause: ``clause-5-1-1`` → ``5.1.1``, ``a4-5-3`` →
    ``appendix 4, 5.3``, ``a3-note-3-1`` → ``appendix 3 3) ①``, ``table-5-2-5`` → ``5.2.5 table``."""
    if match := re.fullmatch(r"clause-([\d-]+)", anchor):
        return match[1].replace("-", ".")
    if match := re.fullmatch(r"appendix-(\d)", anchor):
        return f"appendix {match[1]}"
    if match := re.fullmatch(r"a(\d)-note-([\d-]+)", anchor):
        first, *rest = match[2].split("-")
        return " ".join([f"appendix {match[1]} {first})", *(chr(0x245F + int(n)) for n in rest)])
    if match := re.fullmatch(r"a(\d)-([\d-]+)", anchor):
        return f"appendix {match[1]}, {match[2].replace('-', '.')}"
    if match := re.fullmatch(r"table-([\d-]+)", anchor):
        return f"{match[1].replace('-', '.')} table"
    raise ValueError(f"no citation for the id {anchor!r}")


def parent_of(anchor: str, known: set[str]) -> str | None:
    """An anchored clause's parent, read off its id (``clause-5-1-1`` → ``clause-5-1``, ``a4-5`` →
    ``appendix-4``, ``table-5-2-5`` → ``clause-5-2-5``)."""
    if anchor.startswith("table-"):
        return "clause-" + anchor.removeprefix("table-")
    head, _, last = anchor.rpartition("-")
    if re.fullmatch(r"\d+", last) and head in known:
        return head
    if match := re.fullmatch(r"a(\d)-(?:note-)?\d+", anchor):
        return f"appendix-{match[1]}"
    return None


# --- Walking the pages ----------------------------------------------------------------------------------------


def _own_text(element: ET.Element) -> tuple[str, str]:
    """(number or marker, text) of a heading, paragraph or list item, without its nested lists."""
    shallow = ET.Element(element.tag, element.attrib)
    shallow.text = element.text
    number = ""
    for child in element:
        if child.tag in ("ul", "ol"):
            break
        kinds = edition.classes(child)
        if ("marker" in kinds or "clause-no" in kinds) and not number:
            number = edition.text_of(child)
            shallow.text = (shallow.text or "") + (child.tail or "")
            continue
        shallow.append(child)
    text = edition.text_of(shallow)
    if not number and element.tag[0] == "h" and (match := re.match(r"^(\d+(?:\.\d+)*\.?)\s*", text)):
        number, text = match[1], text[match.end() :]
    return number, text


def _refs(zh: ET.Element) -> list[str]:
    refs = []
    for link in zh.iter("a"):
        href = link.get("href", "")
        if "headerlink" in edition.classes(link) or "#" not in href:
            continue
        fragment = href.partition("#")[2]
        if edition.CLAUSE_ID.match(fragment) and fragment not in refs:
            refs.append(fragment)
    return refs


class _Walker:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.ids: set[str] = set()
        self.children: dict[str, int] = {}
        self.context: str | None = None  # the clause that unanchored blocks belong to
        self.table_title: tuple[str, ET.Element, ET.Element] | None = None

    def _add(self, unit: Unit) -> Unit:
        self.units.append(unit)
        self.ids.add(unit.id)
        return unit

    def _child_id(self, parent: str | None) -> str:
        key = parent or ""
        self.children[key] = self.children.get(key, 0) + 1
        return f"{key}/{self.children[key]}"

    def _cite_below(self, parent: str | None, suffix: str) -> str:
        base = next((u.cite for u in reversed(self.units) if u.id == parent), "")
        return f"{base} {suffix}".strip()

    def page(self, uri: str, zh: ET.Element, en: ET.Element) -> None:
        self.uri = edition.page_url(uri)
        for z, e in zip(_blocks(zh), _blocks(en), strict=True):
            self.block(z, e)

    def block(self, zh: ET.Element, en: ET.Element) -> None:
        kinds = edition.classes(zh)
        ident = zh.get("id", "")
        if edition.is_note(zh):
            return
        if "table-title" in kinds:
            self.table_title = (ident, zh, en)
            return
        zh_table, en_table = edition.the_table(zh), edition.the_table(en)
        if zh_table is not None and en_table is not None:  # a table, or a box holding one (div.spec-table)
            self.table(zh_table, en_table)
            return
        if zh.tag == "div":
            for z, e in zip(_blocks(zh), _blocks(en), strict=True):
                self.block(z, e)
            return
        if zh.tag in ("ul", "ol"):
            for z, e in zip(_items(zh), _items(en), strict=True):
                self.item(z, e, self.context)
            return
        number, zh_text = _own_text(zh)
        _, en_text = _own_text(en)
        if edition.CLAUSE_ID.match(ident):
            unit = Unit(ident, "clause", parent_of(ident, self.ids), cite_of(ident), self.uri, number)
            self.context = ident
        else:
            unit = Unit(self._child_id(self.context), "paragraph", self.context, "", self.uri)
            unit.cite = self._cite_below(self.context, "")
        unit.zh, unit.en, unit.refs = zh_text, en_text, _refs(zh)
        self._add(unit)

    def item(self, zh: ET.Element, en: ET.Element, parent: str | None) -> None:
        ident = zh.get("id", "")
        number, zh_text = _own_text(zh)
        _, en_text = _own_text(en)
        if ident:
            unit = Unit(ident, "note", parent_of(ident, self.ids), cite_of(ident), self.uri, number)
        else:
            unit = Unit(self._child_id(parent), "item", parent, self._cite_below(parent, number), self.uri, number)
        unit.zh, unit.en, unit.refs = zh_text, en_text, _refs(zh)
        self._add(unit)
        for nested_zh, nested_en in zip(_lists(zh), _lists(en), strict=True):
            for z, e in zip(_items(nested_zh), _items(nested_en), strict=True):
                self.item(z, e, unit.id)

    def table(self, zh: ET.Element, en: ET.Element) -> None:
        if self.table_title is not None:
            ident, title_zh, title_en = self.table_title
            unit = Unit(ident, "table", parent_of(ident, self.ids), cite_of(ident), self.uri)
            unit.zh, unit.en = edition.text_of(title_zh), edition.text_of(title_en)
            self.table_title = None
        else:
            parent = self.context
            unit = Unit(self._child_id(parent), "table", parent, self._cite_below(parent, "table"), self.uri)
        unit.rows = []
        body = 0
        for zh_row, en_row in zip(edition.cells(zh), edition.cells(en), strict=True):
            anchors = [i for c in zh_row for i in edition.iter_ids(c) if edition.CLAUSE_ID.match(i)]
            header = all(c.tag == "th" for c in zh_row)
            body += not header
            row_cite = cite_of(anchors[0]) if anchors else "" if header else _row_cite(unit.cite, zh_row, body)
            unit.rows.append(
                {
                    "id": anchors[0] if anchors else None,
                    "cite": row_cite,
                    "header": header,
                    "cells": [
                        {
                            "zh": edition.text_of(z),
                            "en": edition.text_of(e),
                            "rowspan": int(z.get("rowspan", "1")),
                            "colspan": int(z.get("colspan", "1")),
                        }
                        for z, e in zip(zh_row, en_row, strict=True)
                    ],
                }
            )
            for anchor in anchors:
                self.ids.add(anchor)
        unit.refs = _refs(zh)
        self._add(unit)


def _row_cite(table: str, row: list[ET.Element], n: int) -> str:
    """An unanchored row: by its number where its first cell is one (5.3's 序号: ``5.3 table row 3``), else by its
    first cell (``appendix 1 table, 总计``)."""
    first = edition.text_of(row[0])
    return f"{table} row {n}" if first.isdigit() or not first else f"{table}, {first}"


def _blocks(parent: ET.Element) -> list[ET.Element]:
    """The blocks of the edition: not the notes of one language (so that both languages line up)."""
    return [b for b in parent if not edition.is_one_language_note(b) and not edition.is_note(b)]


def _items(ul: ET.Element) -> list[ET.Element]:
    return [li for li in ul if li.tag == "li"]


def _lists(li: ET.Element) -> list[ET.Element]:
    return [child for child in li if child.tag in ("ul", "ol")]


# --- The files --------------------------------------------------------------------------------------------------


def metadata(config: MkDocsConfig) -> dict[str, Any]:
    """The cover's control fields (both languages) and the scheme's names, from the cover page and the rules."""
    scheme = tomllib.loads(RULES.read_text(encoding="utf-8"))["scheme"]
    covers = {lang: edition.render(config, lang, "index.md") for lang in edition.LANGS}
    rows = {lang: [[edition.text_of(c) for c in row] for row in edition.cells(next(root.iter("table")))]
            for lang, root in covers.items()}  # fmt: skip
    fields: dict[str, Any] = {}
    zh_rows = [r for r in rows["zh"] if r and r[0].rstrip("：") in COVER_FIELDS]
    en_rows = [r for r in rows["en"] if len(r) == 2 and r[0] != "Cover data"]
    for zh, en in zip(zh_rows, en_rows, strict=True):
        fields[COVER_FIELDS[zh[0].rstrip("：")]] = {"zh": zh[1], "en": en[1], "label": {"zh": zh[0], "en": en[0]}}
    return {
        "issuer": {"zh": scheme["issuer_zh"], "en": scheme["issuer_en"]},
        "title": {"zh": scheme["title_zh"], "en": scheme["title_en"]},
        "document_number": scheme["id"],
        "version": scheme["version"],
        "issued": scheme["published"],
        "effective": scheme["effective"],
        "cover": fields,
        "governing_language": "zh",
        "note": {
            "zh": "中文为规范文本；英文为本站译文，非规范性，与中文不一致时以中文为准。",
            "en": "The Chinese is the normative text; the English is the site's translation, non-normative; "
            "the Chinese governs wherever they differ.",
        },
    }


def edition_document(config: MkDocsConfig) -> dict[str, Any]:
    walker = _Walker()
    for uri in site_hooks.SPEC_PAGES:
        if uri == "index.md":
            continue  # the cover: the edition's metadata
        walker.page(uri, edition.render(config, "zh", uri), edition.render(config, "en", uri))
    by_clause = errata.notes_by_clause("zh")
    for unit in walker.units:
        unit.notes = [ref.anchor for ref in by_clause.get(unit.id, [])]
        for row in unit.rows or []:
            row["notes"] = [ref.anchor for ref in by_clause.get(row["id"], [])] if row["id"] else []
    meta = metadata(config)
    meta["notes"] = [ref.anchor for ref in by_clause.get("cover", [])]
    return {
        "$schema": f"./{SCHEMA_ID}",
        "edition": meta,
        "units": [unit.as_json() for unit in walker.units],
        "reading_notes": reading_notes(),
    }


def reading_notes() -> list[dict[str, Any]]:
    """The site's reading notes (editorial, non-normative), each with the clauses it concerns."""
    notes = {lang: errata.notes(lang) for lang in edition.LANGS}
    return [
        {
            "id": zh.ref.anchor,
            "number": zh.ref.number,
            "title": {"zh": zh.ref.title, "en": en.ref.title},
            "page": edition.page_url(errata.NOTES_PAGE) + "#" + zh.ref.anchor,
            "clauses": [position.anchor for position in zh.positions],
        }
        for zh, en in zip(notes["zh"], notes["en"], strict=True)
    ]


def rules_document() -> dict[str, Any]:
    """The rules file as JSON: its records carry their clause (``clause``), and each section's own numbers are
    cited in the section's ``cited`` (scoring/rules.toml)."""
    rules = tomllib.loads(RULES.read_text(encoding="utf-8"))
    return {"source": "scoring/rules.toml", **rules}


def schema() -> dict[str, Any]:
    text = {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
            "required": ["zh", "en"], "additionalProperties": False}  # fmt: skip
    cell = {
        "type": "object",
        "properties": {
            "zh": {"type": "string"},
            "en": {"type": "string"},
            "rowspan": {"type": "integer", "minimum": 1},
            "colspan": {"type": "integer", "minimum": 1},
        },
        "required": ["zh", "en", "rowspan", "colspan"],
        "additionalProperties": False,
    }
    row = {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "null"]},
            "cite": {"type": "string"},
            "header": {"type": "boolean"},
            "cells": {"type": "array", "items": cell},
            "notes": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["id", "cite", "header", "cells", "notes"],
        "additionalProperties": False,
    }
    unit = {
        "type": "object",
        "properties": {
            "id": {
                "type": "string",
                "pattern": r"^[a-z0-9-]*(/[0-9]+)*$",
                "description": "the site's anchor, or the parent's id and the place below it",
            },
            "anchor": {"type": "boolean", "description": "whether the site has the id as an anchor"},
            "kind": {"enum": list(KINDS)},
            "parent": {"type": ["string", "null"]},
            "cite": {"type": "string", "description": "the clause as scoring/rules.toml cites it"},
            "page": {"type": "string", "description": "the page's URL, from the language's root"},
            "number": {"type": "string"},
            "zh": {"type": "string"},
            "en": {"type": "string"},
            "refs": {"type": "array", "items": {"type": "string"}},
            "notes": {"type": "array", "items": {"type": "string"}, "description": "the reading notes on it"},
            "rows": {"type": "array", "items": row},
        },
        "required": ["id", "anchor", "kind", "parent", "cite", "page", "number", "zh", "en", "refs", "notes"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "CTS TBSC55-2026 B/0, the edition as data",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "edition": {
                "type": "object",
                "properties": {
                    "issuer": text,
                    "title": text,
                    "document_number": {"type": "string"},
                    "version": {"type": "string"},
                    "issued": {"type": "string", "format": "date"},
                    "effective": {"type": "string", "format": "date"},
                    "cover": {"type": "object"},
                    "governing_language": {"const": "zh"},
                    "note": text,
                    "notes": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["issuer", "title", "document_number", "version", "issued", "effective", "cover"],
            },
            "units": {"type": "array", "items": unit},
            "reading_notes": {
                "type": "array",
                "description": "the site's reading notes (editorial, non-normative) and the clauses each concerns",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "number": {"type": "string"},
                        "title": text,
                        "page": {"type": "string"},
                        "clauses": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["id", "number", "title", "page", "clauses"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["edition", "units", "reading_notes"],
        "additionalProperties": False,
    }


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, content in (
        ("edition.json", _json(edition_document(config))),
        (SCHEMA_ID, _json(schema())),
        ("rules.json", _json(rules_document())),
    ):
        files.append(File.generated(config, f"downloads/{name}", content=content))
    return files
