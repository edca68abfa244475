"""The PDF of each language (issue 22, point 1; build_tools/pdf_hook.py), read with pypdf: no browser.

Each PDF is read once for the module. The Chinese PDF holds every line of the source, as the pages do
(tests/site/test_fidelity.py, the same normalisation); every clause id of the site is a named destination, every
numbered clause a bookmark at the depth of its number that opens where its destination does; fonts are embedded
subsets with their Unicode map, never Type 3; the PDF is tagged, in its language; the margins carry the document
number, version and page n of N; the contents' page numbers are the pages the clauses are on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .conftest import LANGS, SITE
from .pages import parse
from .test_fidelity import source_units, squeeze
from .test_ids import clause_ids

NAME = "cts-tbsc55-2026-b0-{lang}.pdf"
MAX_SIZE = 1_500_000  # the goal for each PDF, in bytes
# Numbered clauses: chapters and their clauses, appendices, appendix 4's clauses (appendix 4's 1 … 7 under it).
NUMBERED = re.compile(r"^(?:clause-(?P<clause>[0-9]+(?:-[0-9]+)*)|appendix-(?P<appendix>[1-4])|a4-(?P<a4>[0-9-]+))$")
TITLE = {
    "zh": "卓越绩效服务认证技术规范",
    "en": "Performance Excellence Service Certification — Technical Specification",
}
PAGE = {"zh": r"第 (\d+) 页 / 共 (\d+) 页", "en": r"Page (\d+) of (\d+)"}


@dataclass
class Pdf:
    lang: str
    path: Path
    reader: PdfReader
    pages: list[str]  # each page's text, its margins taken off (the cover has none)
    margins: list[str]  # each page's margin text


def read(lang: str) -> Pdf:
    path = SITE / lang / "downloads" / NAME.format(lang=lang)
    reader = PdfReader(path)
    margin = re.compile(rf"\n?CTS TBSC55-2026 B/0 {re.escape(TITLE[lang])}\n{PAGE[lang]}\s*$")
    pages, margins = [], []
    for page in reader.pages:
        text = page.extract_text()
        found = margin.search(text)
        pages.append(text[: found.start()] if found else text)
        margins.append(found[0] if found else "")
    return Pdf(lang, path, reader, pages, margins)


@pytest.fixture(scope="module")
def pdfs(site: Path) -> dict[str, Pdf]:
    return {lang: read(lang) for lang in LANGS}


def numbered_clauses(lang: str) -> list[tuple[str, int]]:
    """The numbered clauses in reading order (the print page's), with the depth of each number."""
    found = []
    for ident in parse(SITE / lang / "print" / "index.html").ids:
        match = NUMBERED.match(ident)
        if match is None:
            continue
        if match["clause"]:
            depth = match["clause"].count("-") + 1
        elif match["a4"]:
            depth = match["a4"].count("-") + 2
        else:
            depth = 1
        found.append((ident, depth))
    return found


def outline(pdf: Pdf) -> list[tuple[int, str, int, float]]:
    """Every bookmark in order: depth, title, page index, top."""
    items: list[tuple[int, str, int, float]] = []

    def walk(entries: list[object], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                assert isinstance(entry, DictionaryObject)
                page = pdf.reader.get_destination_page_number(entry)  # type: ignore[arg-type]
                items.append((depth, str(entry["/Title"]), page, float(entry["/Top"])))

    walk(pdf.reader.outline, 1)
    return items


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_small_a4_tagged_and_in_its_language(pdfs: dict[str, Pdf], lang: str) -> None:
    pdf = pdfs[lang]
    assert pdf.path.stat().st_size <= MAX_SIZE
    catalog = pdf.reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert all(
        round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in pdf.reader.pages
    )
    assert "CTS TBSC55-2026" in (pdf.reader.metadata or {}).get("/Title", "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_an_embedded_subset_with_its_unicode_map_and_none_is_type_3(
    pdfs: dict[str, Pdf], lang: str
) -> None:
    reader = pdfs[lang].reader
    fonts = []
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(IndirectObject(number, 0, reader))
        # Fonts as pages use them (a composite font's CID descendants are checked through it).
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font" and not obj["/Subtype"].startswith("/CID"):
            fonts.append(obj)
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"])
        assert font["/Subtype"] != "/Type3", name
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name}: not a subset"
        assert "/ToUnicode" in font, f"{name}: no Unicode map, copied text would be wrong"
        descendants = font.get("/DescendantFonts")
        descriptor = (
            descendants[0].get_object()["/FontDescriptor"]
            if isinstance(descendants, ArrayObject)
            else font["/FontDescriptor"]
        ).get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name}: not embedded"


def test_the_chinese_pdf_holds_every_line_of_the_source(pdfs: dict[str, Pdf]) -> None:
    """As the pages do (test_fidelity.py): every line of the extraction, whitespace aside, copies out of the PDF."""
    text = squeeze("".join(pdfs["zh"].pages))
    missing = [unit for unit in source_units() if unit not in text]
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_every_clause_id_is_a_named_destination(pdfs: dict[str, Pdf], lang: str) -> None:
    """So that …pdf#clause-5-3 opens at 5.3: every id the site gives a clause, a table row, a note or a table."""
    ids = set().union(*clause_ids(lang).values())
    assert not ids - set(pdfs[lang].reader.named_destinations)


@pytest.mark.parametrize("lang", LANGS)
def test_every_numbered_clause_is_a_bookmark_nested_by_its_number(pdfs: dict[str, Pdf], lang: str) -> None:
    """The bookmarks are the numbered clauses, in order, each at its number's depth, each opening at the clause."""
    pdf = pdfs[lang]
    destinations = pdf.reader.named_destinations
    marks = outline(pdf)
    clauses = numbered_clauses(lang)
    assert len(clauses) > 60
    assert [depth for depth, *_ in marks] == [depth for _, depth in clauses]
    for (_, title, page, top), (ident, _) in zip(marks, clauses, strict=True):
        destination = destinations[ident]
        assert (page, round(top)) == (
            pdf.reader.get_destination_page_number(destination),
            round(float(destination["/Top"])),
        ), f"{title}: not at #{ident}"
        number = ident.split("-", 1)[1].replace("-", ".")
        assert title.startswith(number) or number in title, f"{title}: not clause {number}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_margins_carry_the_document_number_version_and_page_of_pages(pdfs: dict[str, Pdf], lang: str) -> None:
    pdf = pdfs[lang]
    count = len(pdf.reader.pages)
    assert count > 10
    assert pdf.margins[0] == ""  # the cover is the document's own title page
    for index, margin in enumerate(pdf.margins[1:], start=2):
        found = re.search(PAGE[lang], margin)
        assert found is not None, f"page {index}: no margin text"
        assert (int(found[1]), int(found[2])) == (index, count)


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_give_the_page_each_clause_is_on(pdfs: dict[str, Pdf], lang: str) -> None:
    pdf = pdfs[lang]
    entries = re.findall(r"^(.+?) ?\.{4,} ?(\d+)$", pdf.pages[1], re.MULTILINE)
    assert len(entries) >= 20
    pages = {title: page for _, title, page, _ in outline(pdf)}
    for title, number in entries:
        if title in pages:  # a title the contents wrap over two lines is checked by its bookmark's other entries
            assert int(number) == pages[title] + 1, title
    assert sum(title in pages for title, _ in entries) >= 15


def test_the_english_cover_says_it_is_a_translation_and_the_chinese_text_governs(pdfs: dict[str, Pdf]) -> None:
    cover = " ".join(pdfs["en"].pages[0].split())
    assert "English translation of" in cover
    assert "the Chinese text governs" in cover
    assert "CTS TBSC55-2026" in cover


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_leaves_out_the_sites_own_notes_and_marks_the_editorial_ones(pdfs: dict[str, Pdf], lang: str) -> None:
    text = squeeze("".join(pdfs[lang].pages))
    site_notes = {"zh": ("关于本站", "计算器（编者提供"), "en": ("Calculator(providedbytheeditors", "Translation\n")}
    for note in site_notes[lang]:
        assert squeeze(note) not in text
    assert ("编者注（非规范性）" if lang == "zh" else "Editorialnote") in text
    assert "¶" not in text


def test_the_pdf_document_drops_the_sites_controls_and_keeps_only_links_within_it() -> None:
    """What the hook gives WeasyPrint, from a fragment as the print page has it: no permalink, citation button or
    reading notes' marker (kept out of print on the pages too); links to other pages become text; a numbered
    paragraph's bookmark is its number and the start of its text."""
    from types import SimpleNamespace  # noqa: PLC0415

    from build_tools.pdf_hook import document  # noqa: PLC0415

    config = SimpleNamespace(site_name="T", site_description="D", site_author="A")
    fragment = (
        '<p class="cover-code">CTS</p><div class="admonition info"><p>site</p></div>'
        '<h2 id="contents">目录</h2><ul><li><a href="#clause-1">1</a><span class="toc-page">3</span></li></ul>'
        '<h1 id="clause-1">1. 范围<a class="headerlink" href="#clause-1">¶</a></h1>'
        '<p class="clause" id="clause-1-1"><span class="clause-no">1.1.</span> 本文件'
        '<span class="cite" data-pagefind-ignore hidden><button type="button">copy</button></span>'
        '<a href="../notes/reading-notes/#e1">见说明</a>'
        '<span class="errata-marker" data-pagefind-ignore><a href="../notes/">E1</a></span>。</p>'
    )
    html = document(fragment, "zh", config)  # type: ignore[arg-type]
    for gone in ("¶", "button", "copy", "E1", "site", ">3<", "../notes"):
        assert gone not in html, gone
    assert '<a href="#clause-1">1</a>' in html and "<a>见说明</a>" in html
    assert 'data-bookmark="1"' in html and 'data-bookmark="2" data-label="1.1. 本文件见说明。"' in html
