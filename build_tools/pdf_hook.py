"""MkDocs hook: the specification as a PDF per language (issue 22, point 1): ``downloads/cts-tbsc55-2026-b0-zh.pdf``
in the Chinese site, ``downloads/cts-tbsc55-2026-b0-en.pdf`` in the English one.

The PDF is made from the print page (``site_hooks.py``: the cover and every specification page, assembled from the
same Markdown and rendered by MkDocs with the site's extensions, links rewritten to in-page anchors), by WeasyPrint
(Debian's Pango and ``fonts-noto-cjk``; ``make site`` installs them) with a stylesheet of its own,
``build_tools/pdf.css``, that readers never download. What the PDF changes from the print page, and only in the copy
it renders:

* **the cover**: the source's cover (its control fields) on a page of its own; the site's own notes on it (about the
  site, the calculator) are left out; the English cover says, in the words of the English site's description, that
  it is a translation and that the Chinese text governs;
* **the contents**: the cover page's list of contents, with this PDF's page numbers (CSS ``target-counter``) in place
  of the source's;
* **editorial notes**: the notes inside the specification (编者注, Editorial note, Translator's note) are kept and set
  apart as notes that are not part of the specification (a box, a smaller type, their own title); the English
  pages' repeated "Translation" notes are left out (the cover says it once);
* **links**: links within the document stay (they are PDF links); links to the site's other pages become plain text;
* **bookmarks**: one for every numbered clause (chapters, their clauses and numbered paragraphs, appendices and
  appendix 4's clauses), at the depth of its number; every id is a named destination (``…pdf#clause-5-3``).

The PDF is tagged (PDF/UA-1), in the page's language (``/Lang``), A4, with the document number, version, title and
"page n of N" in every page's margins but the cover's. It is rendered once per language, while MkDocs renders the
print page's Markdown (``on_page_content``), into ``build/pdf/<lang>/``, and copied into the site as a file MkDocs
knows, so that links to it are checked; a page writes its size as ``@pdf-size@``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "pdf"
STYLESHEET = Path(__file__).with_name("pdf.css")
PRINT_PAGE = "print.md"
DOCUMENT = "CTS TBSC55-2026 B/0"

# Numbered clauses: chapters and their clauses (clause-5-1-1), appendices (appendix-1), appendix 4's clauses (a4-3-1-1).
NUMBERED = re.compile(r"^(?:clause-(?P<clause>[0-9]+(?:-[0-9]+)*)|appendix-[1-4]|a4-(?P<a4>[0-9]+(?:-[0-9]+)*))$")
# A numbered paragraph's bookmark: its number and the start of its text, in characters.
LABEL_LENGTH = {"zh": 32, "en": 60}

# What the site marks as no text of the page (permalinks, citation controls, reading notes' markers): not printed.
DROPPED_ATTRIBUTES = ("data-search-exclude", "data-pagefind-ignore")

TEXT = {
    "zh": {"page": '"第 " counter(page) " 页 / 共 " counter(pages) " 页"', "contents": "目录"},
    "en": {"page": '"Page " counter(page) " of " counter(pages)', "contents": "Contents"},
}


def pdf_name(lang: str) -> str:
    return f"cts-tbsc55-2026-b0-{lang}.pdf"


def _lang(config: MkDocsConfig) -> str:
    return "en" if config.theme["language"] == "en" else "zh"


def _path(lang: str) -> Path:
    return OUT / lang / pdf_name(lang)


# --- MkDocs events ----------------------------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The language's PDF as a file of the site (written before MkDocs copies files, by ``on_page_content``)."""
    lang = _lang(config)
    files.append(File.generated(config, f"downloads/{pdf_name(lang)}", abs_src_path=str(_path(lang))))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """``@pdf-other@``: the other language's PDF, from this page (a link between the two languages' sites, which
    MkDocs cannot check: tests/site/test_links.py does)."""
    if "@pdf-other@" not in markdown:
        return markdown
    other = "zh" if _lang(config) == "en" else "en"
    up = "../" * (page.url.count("/") + 1)  # from the page's folder to the site's root, above the languages
    return markdown.replace("@pdf-other@", f"{up}{other}/downloads/{pdf_name(other)}")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == PRINT_PAGE:
        lang = _lang(config)
        path = _path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(html, lang, config))
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """``@pdf-size@``: the size of the language's PDF, as built (``1.2 MB``)."""
    if "@pdf-size@" not in output:
        return output
    path = _path(_lang(config))
    if not path.is_file():
        raise PluginError(f"{page.file.src_uri}: @pdf-size@, but the PDF was not built (is {PRINT_PAGE} built?)")
    return output.replace("@pdf-size@", size_text(path.stat().st_size))


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# --- The PDF ----------------------------------------------------------------------------------------------


def render(article: str, lang: str, config: MkDocsConfig) -> bytes:
    """The PDF of one language from the print page's rendered Markdown."""
    import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415 (Pango is loaded only when a PDF is made)

    html = document(article, lang, config)
    stylesheets = [
        weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8")),
        weasyprint.CSS(string=margins(lang, config)),
    ]
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf(
        stylesheets=stylesheets, pdf_variant="pdf/ua-1", pdf_identifier=b"cts-tbsc55-2026-b0-" + lang.encode()
    )
    return pdf


def margins(lang: str, config: MkDocsConfig) -> str:
    """The page margins' text: document number and version, title, page n of N."""
    title = _css_string(config.site_name)
    return f"""@page {{
  @top-left {{ content: {_css_string(DOCUMENT)}; }}
  @top-right {{ content: {title}; }}
  @bottom-right {{ content: {TEXT[lang]["page"]}; }}
}}
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def document(article: str, lang: str, config: MkDocsConfig) -> str:
    """The HTML document that WeasyPrint renders: cover, contents, and the specification as the print page has it."""
    import tinyhtml5  # type: ignore[import-untyped]  # noqa: PLC0415 (WeasyPrint's HTML parser)

    root = tinyhtml5.parse(f"<body>{article}</body>", namespace_html_elements=False)
    body = root.find("body")
    if body is None:
        raise PluginError("the print page has no body")
    blocks = list(body)
    start = next((i for i, el in enumerate(blocks) if el.get("id") == "clause-1"), None)
    contents = next((i for i, el in enumerate(blocks) if el.get("id") == "contents"), None)
    if start is None or contents is None or contents > start:
        raise PluginError("the print page has no contents or no clause 1: the PDF cannot be made")
    for el in blocks:
        body.remove(el)

    cover = ET.SubElement(body, "section", {"class": "pdf-cover"})
    for el in blocks[:contents]:
        if "admonition" not in el.get("class", "").split() and "print-hint" not in el.get("class", ""):
            cover.append(el)
    if lang == "en":
        governs = ET.SubElement(cover, "p", {"class": "pdf-governs"})
        governs.text = " ".join(str(config.site_description).split())

    nav = ET.SubElement(body, "nav", {"class": "pdf-contents"})
    heading = ET.SubElement(nav, "h2", {"id": "contents"})
    heading.text = TEXT[lang]["contents"]
    listing = next(
        (el for el in blocks[contents + 1 : start] if el.tag == "ul" or "spec-toc" in el.get("class", "")), None
    )
    if listing is None:
        raise PluginError("the print page's contents have no list")
    nav.append(listing)

    for el in blocks[start:]:
        classes = el.get("class", "").split()
        if "admonition" in classes and "note" in classes:  # the English pages' "Translation" notes
            continue
        body.append(el)

    _clean(body)
    _bookmarks(body, LABEL_LENGTH[lang])
    title = f"{config.site_name} {DOCUMENT}"
    head = (
        '<meta charset="utf-8">'
        f"<title>{_escape(title)}</title>"
        f'<meta name="author" content="{_escape(str(config.site_author))}">'
        f'<meta name="description" content="{_escape(" ".join(str(config.site_description).split()))}">'
    )
    content = ET.tostring(body, encoding="unicode", method="html")
    return f'<!doctype html><html lang="{lang}"><head>{head}</head>{content}</html>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _clean(body: ET.Element) -> None:
    """No permalinks or other controls, nothing the site keeps out of its search index and print (citation buttons,
    reading notes' markers), no source page numbers; links outside the document become text."""
    for parent in list(body.iter()):
        for child in list(parent):
            classes = child.get("class", "").split()
            control = child.tag == "button" or any(k in child.attrib for k in DROPPED_ATTRIBUTES)
            if control or {"headerlink", "toc-page", "toc-note"} & set(classes):
                _drop(parent, child)
            elif child.tag == "a" and not child.get("href", "#").startswith("#"):
                del child.attrib["href"]


def _drop(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child``, keeping the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index == 0:
            parent.text = (parent.text or "") + child.tail
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
    parent.remove(child)


def _bookmarks(body: ET.Element, length: int) -> None:
    """A bookmark for every numbered clause at the depth of its number; no other bookmark."""
    for el in body.iter():
        match = NUMBERED.match(el.get("id", ""))
        if match is None:
            continue
        if match["clause"]:
            level = match["clause"].count("-") + 1
        elif match["a4"]:
            level = match["a4"].count("-") + 2  # under appendix 4
        else:
            level = 1
        el.set("data-bookmark", str(level))
        if not re.fullmatch(r"h[1-6]", el.tag):
            text = " ".join("".join(_own_text(el)).split())
            if len(text) > length:
                cut = text[:length]
                text = (cut.rsplit(" ", 1)[0] if " " in cut[length // 2 :] else cut).rstrip(",;:") + "…"
            el.set("data-label", text)


def _own_text(el: ET.Element) -> list[str]:
    """The element's text without its nested lists (a numbered paragraph's items)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in ("ul", "ol"):
            parts += _own_text(child)
        parts.append(child.tail or "")
    return parts
