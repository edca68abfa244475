"""Issue 20, point 10: the printed specification. Chapters run on (no page left nearly empty before each one), and
every printed page's margin carries the document's number and version and "page n / N" (CSS margin boxes,
docs/assets/stylesheets/site.css). The print page of each language and one ordinary page are printed to PDF by
Chromium, as a reader's "Save as PDF" does, and the PDF is read here: its pages, their size, the margins' text.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page

from .conftest import watched_page

A4 = (595, 842)  # points
MARGIN = "CTS TBSC55-2026 B/0"
# Before issue 20 each chapter started a page: zh 20 pages, en 28. Now zh 15, en 22 (Noto CJK, Chromium 156).
MOST_PAGES = {"zh": 16, "en": 23}


def pdf_of(page: Page, url: str) -> bytes:
    page.goto(url)
    return page.pdf(display_header_footer=False, prefer_css_page_size=True, print_background=True)


OBJECT = re.compile(rb"(\d+) 0 obj\b(.*?)\bendobj", re.DOTALL)
REF = rb"(\d+) 0 R"


def inflated(body: bytes) -> bytes:
    """An object's stream, inflated (Chromium compresses each with zlib)."""
    start = re.search(rb"stream\r?\n", body)
    assert start, "an object without a stream"
    return zlib.decompress(body[start.end() : body.rfind(b"endstream")])


def to_unicode(cmap: bytes) -> dict[int, str]:
    """A font's ToUnicode map: glyph id → text."""
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for glyph, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for first, last, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(text, 16)
            for i, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[glyph] = chr(start + i)
    return found


def page_texts(pdf: bytes) -> list[tuple[tuple[int, ...], str]]:
    """Each page's size (points) and text, in the order of the document's objects, read without a PDF library:
    Chromium writes its objects plainly, each page's fonts by name (``/F3 8 Tf``) and its glyphs as 2-byte ids in
    hex strings, mapped to text by each font's ToUnicode map."""
    objects = {int(m[1]): m[2] for m in OBJECT.finditer(pdf)}
    maps: dict[int, dict[int, str]] = {}

    def font_map(number: int) -> dict[int, str]:
        if number not in maps:
            ref = re.search(rb"/ToUnicode\s+" + REF, objects[number])
            maps[number] = to_unicode(inflated(objects[int(ref[1])])) if ref else {}
        return maps[number]

    pages = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b(?!s)", body):
            continue
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", body)
        assert box, "a page without its size"
        resources = body
        if ref := re.search(rb"/Resources\s+" + REF, body):
            resources = objects[int(ref[1])]
        fonts_ref = re.search(rb"/Font\s+" + REF, resources)
        fonts_dict = objects[int(fonts_ref[1])] if fonts_ref else resources
        fonts = {name: int(n) for name, n in re.findall(rb"/(\w+)\s+" + REF, fonts_dict.split(b"/Font", 1)[-1])}
        contents = re.search(rb"/Contents\s+(\[[^\]]*\]|" + REF + rb")", body)
        assert contents, "a page without contents"
        text: list[str] = []
        for n in re.findall(REF, contents[1]):
            current: dict[int, str] = {}
            for font, glyphs in re.findall(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>", inflated(objects[int(n)])):
                if font:
                    current = font_map(fonts[font]) if font in fonts else {}
                else:
                    text += [current.get(int(glyphs[i : i + 4], 16), "\ufffd") for i in range(0, len(glyphs), 4)]
        pages.append((tuple(round(float(v)) for v in box.groups()), "".join(text)))
    return pages


def check_pdf(pdf: bytes, what: str) -> int:
    """The number of pages, after checking that each is A4 and carries the margin's text and its number."""
    assert pdf.startswith(b"%PDF"), what
    pages = page_texts(pdf)
    count = len(pages)
    numbers = set()
    for size, text in pages:
        assert size == A4, f"{what}: a page of {size} points, not A4"
        assert MARGIN in text, f"{what}: a page without {MARGIN!r} in its margin: {text[:120]!r}"
        found = re.search(rf"(\d+) / {count}(?!\d)", text)
        assert found, f"{what}: a page without its number out of {count}: {text[:120]!r}"
        numbers.add(int(found[1]))
    assert numbers == set(range(1, count + 1)), f"{what}: page numbers {sorted(numbers)}"
    return count


@pytest.fixture
def printer(context: BrowserContext) -> Iterator[Page]:
    yield from watched_page(context)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_print_page_prints_compactly_with_its_number_on_every_page(printer: Page, base_url: str, lang: str) -> None:
    pages = check_pdf(pdf_of(printer, f"{base_url}/{lang}/print/"), f"/{lang}/print/")
    assert pages <= MOST_PAGES[lang], f"/{lang}/print/: {pages} pages"
    # The one forced break is before clause 1, after the cover and the contents; the chapters run on.
    printer.emulate_media(media="print")
    breaks = printer.evaluate(
        "[...document.querySelectorAll('.md-typeset h1[id]')].map((h) => [h.id, getComputedStyle(h).breakBefore])"
    )
    assert [h for h, rule in breaks if rule == "page"] == ["clause-1"], breaks


def test_an_ordinary_page_prints_with_its_number_on_every_page(printer: Page, base_url: str) -> None:
    pages = check_pdf(pdf_of(printer, f"{base_url}/en/spec/appendix-4/"), "/en/spec/appendix-4/")
    assert pages > 1
