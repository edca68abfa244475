"""MkDocs hook: the side-by-side reading of every specification page, ``parallel/…`` in each language's site.

Each clause of the Chinese (the text that governs) beside its English, lined up by their common ids
(:func:`build_tools.edition.aligned`); a table that has the same shape in both languages is one table with both
languages in each cell. On a narrow screen the two columns stack, the Chinese first. Both languages' sites have the
pages (the page's own words — headings of the columns, links — are in the site's language); the text comes from
the same Markdown as the specification pages, rendered with the same extensions, and the Chinese column keeps the
clauses' ids and permalinks, so ``parallel/spec/chapter-5/#clause-5-3`` opens at 5.3, and the other hooks (the row
permalinks, citations) treat it as they treat a specification page; the reading notes' markers end each clause's
last row, under its Chinese, in the page's language. Links between
specification pages stay in the side-by-side reading.

The pages are left out of the search index (they repeat every clause, as the print page does) and out of the
navigation (``not_in_nav``); every specification page, and the language switch, links its side-by-side page.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_tools import cite_hook, edition, errata, site_hooks

FOLDER = "parallel/"

TEXT = {
    "zh": {
        "title": "中英对照",
        "zh_head": "中文（规范文本，以此为准）",
        "en_head": "英文（译文，非规范性）",
        "intro": "中文与英文逐条对照；英文为本站译文，与中文不一致时以中文为准。",
        "single": "只看中文",
        "open": "中英对照阅读",
    },
    "en": {
        "title": "Side by side",
        "zh_head": "Chinese (the text that governs)",
        "en_head": "English (translation, non-normative)",
        "intro": "The Chinese and the English, clause by clause; the English is the site's translation, and the "
        "Chinese governs wherever they differ.",
        "single": "English only",
        "open": "Chinese and English side by side",
    },
}


def parallel_uri(spec_uri: str) -> str:
    return FOLDER + spec_uri


def spec_uri_of(uri: str) -> str | None:
    """The specification page a side-by-side page reads, or None."""
    if uri.startswith(FOLDER) and uri[len(FOLDER) :] in site_hooks.SPEC_PAGES:
        return uri[len(FOLDER) :]
    return None


def _lang(config: MkDocsConfig) -> str:
    return "en" if config.theme["language"] == "en" else "zh"


# --- MkDocs events -----------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["parallel"] = TEXT[_lang(config)]  # the templates' words: the link to a page's side by side
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    text = TEXT[_lang(config)]
    for uri in site_hooks.SPEC_PAGES:
        source = files.get_file_from_path(uri)
        if source is None:
            continue
        title = str(edition.title_of(source.content_string) or text["title"])
        front = "\n".join(
            [
                "---",
                f"title: {text['title']} · {title}",
                "hide: [navigation, toc]",
                "---",
                "",
                f'<div class="parallel-placeholder" data-spec="{uri}"></div>',  # replaced in on_page_content
                "",
            ]
        )
        files.append(File.generated(config, parallel_uri(uri), content=front))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every specification page knows its side-by-side page and back (overrides/main.html, alternate.html)."""
    uri = page.file.src_uri
    if uri in site_hooks.SPEC_PAGES:
        page.meta["parallel"] = edition.page_url(parallel_uri(uri))
    elif (spec := spec_uri_of(uri)) is not None:
        page.meta["parallel"] = edition.page_url(uri)
        page.meta["single"] = edition.page_url(spec)
    return markdown


@event_priority(50)  # before site_hooks' row permalinks and the citations, which then apply to these pages too
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    spec = spec_uri_of(page.file.src_uri)
    if spec is None:
        return html
    return side_by_side(config, spec, _lang(config))


# --- The page ------------------------------------------------------------------------------------------------


def side_by_side(config: MkDocsConfig, spec: str, lang: str) -> str:
    text = TEXT[lang]
    here = edition.page_url(parallel_uri(spec))
    roots = {code: edition.render(config, code, spec) for code in edition.LANGS}
    clauses = edition.aligned(roots["zh"], roots["en"])  # by the ids, before the English side gives them up
    for root in roots.values():
        _rewrite_links(root, spec, here)
    _strip_anchors(roots["en"])
    _retitle_permalinks(roots["zh"], site_hooks.TEXT[lang]["permalink"])
    out = ET.Element("div", {"class": "parallel"})
    intro = ET.SubElement(out, "p", {"class": "parallel-intro"})
    intro.text = text["intro"] + " "
    back = ET.SubElement(intro, "a", {"href": edition.relative_url(edition.page_url(spec), here)})
    back.text = text["single"]
    head = ET.SubElement(out, "div", {"class": "parallel-row parallel-head", "aria-hidden": "true"})
    for code in edition.LANGS:
        cell = ET.SubElement(head, "div", {"class": f"parallel-{code}", "lang": lang})
        cell.text = text[f"{code}_head"]
    notes = edition.relative_url(edition.page_url(errata.NOTES_PAGE), here)
    by_clause = errata.notes_by_clause(lang)
    for key, rows in clauses:
        drawn = [_table_row(pair) if pair.table else _row(pair) for pair in rows]
        if key in by_clause:  # the reading notes' marker at the end of the clause: under its last row's Chinese
            if "parallel-table" in edition.classes(drawn[-1]):
                drawn.append(_row(edition.Pair([], [])))
            marker = ET.SubElement(drawn[-1][0], "p", {"class": "errata"})
            marker.append(edition.tree(errata.marker_html(by_clause[key], lang, notes, key))[0])
        out.extend(drawn)
    # The markers of the clauses within a row (a list item, a table's row) go where the specification pages put them.
    return cite_hook.add_markers(edition.serialize(out), lang, notes, skip={key for key, _ in clauses})


def _row(pair: edition.Pair) -> ET.Element:
    row = ET.Element("div", {"class": "parallel-row"})
    for code, blocks in (("zh", pair.zh), ("en", pair.en)):
        cell = ET.SubElement(row, "div", {"class": f"parallel-{code}", "lang": code})
        cell.extend(blocks)
    return row


def _table_row(pair: edition.Pair) -> ET.Element:
    """One table, each cell its Chinese with the English under it (unless the two are the same, e.g. numbers)."""
    row = ET.Element("div", {"class": "parallel-row parallel-table", "lang": "zh"})
    block = copy.deepcopy(pair.zh[0])
    row.append(block)
    zh_table, en_table = edition.the_table(block), edition.the_table(pair.en[0])
    assert zh_table is not None and en_table is not None  # Pair.table says so
    for zh_row, en_row in zip(edition.cells(zh_table), edition.cells(en_table), strict=True):
        for zh_cell, en_cell in zip(zh_row, en_row, strict=True):
            english = edition.text_of(en_cell)
            if not english or english == edition.text_of(zh_cell):
                continue
            span = ET.SubElement(zh_cell, "span", {"class": "parallel-en", "lang": "en"})
            span.text = en_cell.text
            span.extend(copy.deepcopy(list(en_cell)))
    return row


def _rewrite_links(root: ET.Element, spec: str, here: str) -> None:
    """Links of the Markdown → URLs from this page; links to a specification page stay side by side."""
    for link in root.iter("a"):
        target = edition.resolve(link.get("href", ""), spec)
        if target is None:
            continue
        uri, fragment = target
        url = edition.page_url(parallel_uri(uri) if uri in site_hooks.SPEC_PAGES else uri)
        relative = "" if url == here else edition.relative_url(url, here)
        link.set("href", relative + (f"#{fragment}" if fragment else ""))


def _strip_anchors(root: ET.Element) -> None:
    """The English side gives up its ids and permalinks: the Chinese side holds them (ids are unique on a page)."""
    for parent in root.iter():
        for child in list(parent):
            if "headerlink" in edition.classes(child):
                edition.remove_keeping_tail(parent, child)
        parent.attrib.pop("id", None)


def _retitle_permalinks(root: ET.Element, title: str) -> None:
    for link in root.iter("a"):
        if "headerlink" in edition.classes(link):
            link.set("title", title)
