"""Citations (issue 22, point 3) in the built pages, without a browser: every numbered clause, table row and table
of the specification pages has its two buttons — copy the permanent link ("#id"), copy the citation in the page's
language — hidden until the page's script shows them, named, out of the search index; one status region per page.

The expected number of each clause is read from the page (the heading's or paragraph's printed number), not from
build_tools/cite_hook.py, and the boundary cases are written out in full.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.site_hooks import CLAUSE_ID, NOTE_ID

from .conftest import LANGS, SPEC_PAGES, built_page
from .dom import Node, article

CITATION = {
    "zh": "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，{}",
    "en": "CTS TBSC55-2026 B/0, {} (Jiangxi Tengbiao Certification Co., Ltd.)",
}
EXAMPLES = {  # (page, id) → the citation, in full
    ("spec/chapter-5.md", "clause-5-3"): (
        "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，5.3",
        "CTS TBSC55-2026 B/0, clause 5.3 (Jiangxi Tengbiao Certification Co., Ltd.)",
    ),
    ("spec/appendix-4.md", "a4-5-3"): (
        "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，附录4 5.3",
        "CTS TBSC55-2026 B/0, appendix 4, 5.3 (Jiangxi Tengbiao Certification Co., Ltd.)",
    ),
    ("spec/appendix-4.md", "a4-5"): (
        "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，附录4 第5章",
        "CTS TBSC55-2026 B/0, appendix 4, chapter 5 (Jiangxi Tengbiao Certification Co., Ltd.)",
    ),
    ("spec/chapter-5.md", "table-5-2-5"): (
        "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，5.2.5表",
        "CTS TBSC55-2026 B/0, table of clause 5.2.5 (Jiangxi Tengbiao Certification Co., Ltd.)",
    ),
    ("spec/appendix-1.md", "a1-7"): (
        "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，附录1 7",
        "CTS TBSC55-2026 B/0, appendix 1, 7 (Jiangxi Tengbiao Certification Co., Ltd.)",
    ),
    ("spec/chapter-2.md", "clause-2"): (
        "江西腾标认证有限公司《卓越绩效服务认证技术规范》CTS TBSC55-2026 B/0，第2章",
        "CTS TBSC55-2026 B/0, chapter 2 (Jiangxi Tengbiao Certification Co., Ltd.)",
    ),
}
PRINTED = re.compile(r"^\s*(?:附录\s*(\d)|Appendix\s+(\d))|^\s*(\d+(?:\.\d+)*)\.?(?:\s|$)")


def expected_label(node: Node, page: str, lang: str) -> str:
    """The citation's label from what the page prints: the heading's or paragraph's number, the appendix's."""
    ident = node.attrs.get("id") or node.children[0].attrs["id"]
    appendix = re.match(r"spec/appendix-(\d)", page)
    if ident.startswith("table-"):
        number = ident.removeprefix("table-").replace("-", ".")
        return f"{number}表" if lang == "zh" else f"table of clause {number}"
    if node.tag == "td":  # a row of appendix 1, 2 or 3: its item's number, as its id gives it
        number = ident.split("-", 1)[1].replace("-", ".")
    else:
        printed = PRINTED.match(node.text)
        assert printed, (page, ident, node.text[:30])
        if printed[1] or printed[2]:
            assert appendix and (printed[1] or printed[2]) == appendix[1]
            return f"附录{appendix[1]}" if lang == "zh" else f"appendix {appendix[1]}"
        number = printed[3]
    chapter = "." not in number and node.tag != "td"  # item 7 of appendix 1 is a row, not a chapter
    if appendix:
        if lang == "zh":
            return f"附录{appendix[1]} " + (f"第{number}章" if chapter else number)
        return f"appendix {appendix[1]}, " + (f"chapter {number}" if chapter else number)
    if lang == "zh":
        return f"第{number}章" if chapter else number
    return f"chapter {number}" if chapter else f"clause {number}"


def numbered(body: Node) -> list[Node]:
    """The elements a citation is for: clauses, rows and tables with an id (not the notes under a table)."""
    return [
        n
        for n in body.iter()
        if (CLAUSE_ID.match(n.attrs.get("id", "")) and not NOTE_ID.match(n.attrs["id"]))
        or re.match(r"^table-[0-9-]+$", n.attrs.get("id", ""))
    ]


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("lang", LANGS)
def test_every_clause_and_table_has_its_two_buttons(lang: str) -> None:
    seen: dict[tuple[str, str], str] = {}
    for page in SPEC_PAGES:
        body = article(built_page(lang, page))
        assert len(body.find_all(cls="cite-status")) == (1 if page != "index.md" else 0), page
        for found in numbered(body):
            ident = found.attrs["id"]
            # A row's id is on an empty <span> at the start of its cell: the cell holds its "¶" and buttons.
            node = found.parent if found.tag == "span" and found.parent else found
            groups = [g for g in node.find_all("span", "cite") if g.parent is node]
            assert len(groups) == 1, (page, ident)
            group = groups[0]
            assert "hidden" in group.attrs and "data-pagefind-ignore" in group.attrs
            link, cite = group.children
            assert [b.tag for b in (link, cite)] == ["button", "button"]
            assert all(b.attrs.get("type") == "button" and not b.text for b in (link, cite))
            assert (link.attrs["data-cite"], link.attrs["data-cite-copy"]) == ("link", f"#{ident}")
            label = expected_label(node, page, lang)
            assert (cite.attrs["data-cite"], cite.attrs["data-cite-copy"]) == ("citation", CITATION[lang].format(label))
            for button in (link, cite):
                assert button.attrs["aria-label"] == button.attrs["title"] and label in button.attrs["aria-label"]
                assert label in button.attrs["data-cite-done"]
            seen[(page, ident)] = cite.attrs["data-cite-copy"]
        # Nothing else of the page has them.
        assert len(body.find_all("span", "cite")) == len(numbered(body)), page
    assert len(seen) == 130  # chapters 1–5: 24 clauses, 1 table; 4 appendices; 41 clauses of appendix 4; 61 rows
    for key, (zh, en) in EXAMPLES.items():
        assert seen[key] == (zh if lang == "zh" else en), key


@pytest.mark.usefixtures("site")
def test_no_buttons_outside_the_specification(site: Path) -> None:
    for lang in LANGS:
        for path in ("notes/reading-notes", "calculator", "guides/auditors", "print"):
            text = (site / lang / path / "index.html").read_text(encoding="utf-8")
            assert 'class="cite"' not in text and "cite-status" not in text, (lang, path)
            assert "assets/cite/cite.js" not in text, (lang, path)  # nor their script (the calculator's first load)
        spec = built_page(lang, "spec/chapter-5.md").read_text(encoding="utf-8")
        assert '<script type="module" src="../../assets/cite/cite.js">' in spec


BUTTON = re.compile(r'<button type="button" class="cite-(?:link|citation)"[^>]*>')


@pytest.mark.parametrize("lang", LANGS)
def test_the_side_by_side_pages_cite_as_the_specification_pages(site: Path, lang: str) -> None:
    """The side-by-side reading of a page has the page's buttons, the same citations, once each (on the Chinese)."""
    for page in SPEC_PAGES:
        spec = BUTTON.findall(built_page(lang, page).read_text(encoding="utf-8"))
        side = built_page(lang, "parallel/" + page.removesuffix("index.md")).read_text(encoding="utf-8")
        assert BUTTON.findall(side) == spec, (lang, page)
        assert side.count("cite-status") == (1 if spec else 0), (lang, page)
