"""The accessible PDF of the whole paper: PDF/UA-1, read as the site reads, numbered as the site numbers.

The session's build makes it as `make tagpdf` does (``typst`` is among
:data:`conftest.MAKE_BUILDERS`). page-validation must find every rule of
its PDF/UA-1 profile kept. The text a screen reader reads, the structure
tree's marked content in order (:func:`tagged_pdf.reading_order_text`),
must hold every block of the single page (headings, paragraphs, list
items, table cells, captions, and each picture's alternative text) in the
single page's order, whitespace aside. Sections, figures, tables and
references carry the numbers the HTML gives them.
"""

from __future__ import annotations

import re
import subprocess

import page
from bs4 import BeautifulSoup, NavigableString
from pypdf import PdfReader

from conftest import SINGLE_PAGE
from tagged_pdf import element_texts, reading_order_text

#: The single page's blocks of text, each read whole (and any ``div`` with text of its own).
BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "caption", "figcaption", "img"]
#: What the site shows and the PDF does not: "Cite this" and its downloads, the
#: links to the PDFs and the single page, data downloads, the headings' permalinks,
#: the reference list's bracketed labels (numbered in the PDF's list: see the numbering test).
SITE_ONLY = ("details, .paper-pdf, .paper-tagged-pdf, .paper-single-page, .paper-data, .headerlink, "
             "div.citation > span.label")


def is_block(tag) -> bool:
    """A block of text: an element of :data:`BLOCKS`, or a ``div`` with text of its own (a card's title)."""
    return tag.name in BLOCKS or tag.name == "div" and any(
        isinstance(part, NavigableString) and part.strip() for part in tag.children)


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


def single_page_article(built):
    """The single page's article, parsed afresh (``built.page`` is shared), less what the site alone shows."""
    article = BeautifulSoup((built.html / SINGLE_PAGE).read_text(encoding="utf-8"), "lxml").select_one("article")
    for element in article.select(SITE_ONLY):
        element.decompose()
    return article


def test_the_tagged_pdf_keeps_every_pdf_ua_1_rule(built):
    report = page.validate_pdf(built.tagged_pdf, profile="ua1")
    failures = [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    assert report.is_compliant, failures
    assert report.rules.total > 100 and report.rules.failed == 0, failures
    info = subprocess.run(["pdfinfo", str(built.tagged_pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    # Every font embedded (a subset) with its Unicode map, so that the text can be read out and copied.
    fonts = subprocess.run(["pdffonts", str(built.tagged_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows), fonts


def test_the_tagged_pdf_reads_as_the_single_page_in_reading_order(built):
    article = single_page_article(built)
    # Typst's structure tree reads a figure's caption before its picture (the HTML, after).
    for figure in article.find_all("figure"):
        caption = figure.find("figcaption")
        if caption is not None:
            figure.insert(0, caption.extract())
    read = squeezed(reading_order_text(built.tagged_pdf))
    position, missing, blocks = 0, [], 0
    for block in article.find_all(is_block):
        if block.name != "img" and block.find(is_block):
            continue  # its blocks are read one by one
        text = squeezed(block.get("alt", "") if block.name == "img" else block.get_text(""))
        if block.name.startswith("h"):
            text = re.sub(r"^(\d+(?:\.\d+)*)\.", r"\1", text)  # "3.2. Results" in HTML, "3.2 Results" in both PDFs
        if not text:
            continue
        blocks += 1
        found = read.find(text, position)
        if found < 0:
            missing.append(f"<{block.name}> {text[:80]}")
        else:
            position = found + len(text)
    assert blocks > 150
    assert missing == [], "not read, or read out of the single page's order"


def html_sections(article) -> list[tuple[str, str]]:
    sections = []
    for heading in article.select("section h2, section h3, section h4"):
        number = heading.find(class_="section-number")
        title = " ".join(heading.get_text(" ").split())
        if number is not None:
            number_text = number.get_text().strip().rstrip(".")
            title = " ".join(title.split()[1:])
        else:
            number_text = ""
        sections.append((number_text, title))
    return sections


def pdf_sections(built) -> list[tuple[str, str]]:
    headings = []
    for level in ("/H1", "/H2", "/H3"):
        headings += [(text, level) for text in element_texts(built.tagged_pdf, level)]
    # In reading order: the bookmarks list every heading in the order of the text.
    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield str(item["/Title"])
    bookmarks = list(titles(PdfReader(built.tagged_pdf).outline))
    assert sorted(bookmarks) == sorted(text for text, _ in headings)
    sections = []
    for title in bookmarks:
        match = re.match(r"(\d+(?:\.\d+)*) (.*)", title)
        sections.append((match[1], match[2]) if match else ("", title))
    return sections


def test_sections_are_numbered_as_in_the_html(built):
    article = single_page_article(built)
    expected = html_sections(article)
    assert len([number for number, _ in expected if number]) >= 10
    assert pdf_sections(built) == expected
    # Each heading's level is its number's depth (H1 for "3", H2 for "3.2").
    for level, depth in (("/H1", 1), ("/H2", 2)):
        for text in element_texts(built.tagged_pdf, level):
            number = text.split()[0]
            assert not number[0].isdigit() or number.count(".") + 1 == depth, (level, text)


def test_figures_and_tables_are_numbered_as_in_the_html(built):
    article = single_page_article(built)
    expected = [" ".join(caption.get_text(" ").split()) for caption in article.select("figcaption, table > caption")]
    assert len(expected) == 7 and all(re.match(r"(Figure|Table) \d+\. ", caption) for caption in expected)
    captions = element_texts(built.tagged_pdf, "/Caption")
    assert [squeezed(caption) for caption in captions] == [squeezed(caption) for caption in expected]


def test_references_are_numbered_as_in_the_html(built):
    article = BeautifulSoup((built.html / SINGLE_PAGE).read_text(encoding="utf-8"), "lxml").select_one("article")
    expected = {
        int(citation.select_one("span.label").get_text().strip("[]")): squeezed(citation.select_one("p").get_text(""))
        for citation in article.select("div.citation")
    }
    assert sorted(expected) == list(range(1, len(expected) + 1)) and len(expected) >= 18
    items = {}
    for item in element_texts(built.tagged_pdf, "/LI"):
        match = re.match(r"(\d+)\.\s*(.*)", item)
        if match and squeezed(match[2]) in expected.values():
            items[int(match[1])] = squeezed(match[2])
    assert items == expected
