"""Every numbered link says the number its target carries, in both outputs.

A link reading "Figure 4" must lead to the figure captioned "Figure 4", a
citation "[12]" to the reference numbered 12, "Section 3" to the heading
numbered 3. In the HTML the link's text is compared with the target
element's own number; in the PDF the words under each link's rectangle are
compared with the words printed where its destination lies.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from pypdf import PdfReader

from conftest import CONTENT_PAGES

KINDS = {"figure": "Figure", "table": "Table", "section": "Section"}
NUMBER = re.compile(r"\d+(?:\.\d+)*")


# -- HTML ---------------------------------------------------------------------------


def html_target_number(built, href: str, page: str) -> str:
    """The number the element a link points at prints for itself."""
    parts = urlsplit(href)
    target_page = parts.path.removesuffix(".html") or page
    element = built.page(target_page).select_one(f"#{parts.fragment}:is(figure, table, section, .citation)")
    assert element is not None, f"{page}.html: {href} points at nothing"
    if element.name == "figure":
        printed = element.select_one("figcaption .caption-number")
    elif element.name == "table":
        printed = element.select_one("caption .caption-number")
    elif element.name == "section":
        printed = element.find(re.compile(r"^h[1-6]$")).select_one(".section-number")
    else:  # a reference in the bibliography
        printed = element.select_one(".label")
    return NUMBER.search(printed.get_text()).group()


def html_numbered_links(built):
    for page in CONTENT_PAGES:
        for link in built.page(page).select("article a.reference.internal[href]"):
            text = link.get_text(" ", strip=True)
            if NUMBER.fullmatch(text) or link.select_one("span.std-numref"):
                yield page, link["href"], text


def test_every_numbered_html_link_names_its_targets_number(built):
    links = list(html_numbered_links(built))
    assert {text.split()[0] for _, _, text in links} >= {"Figure", "Table", "Section"}
    wrong = [
        f"{page}.html: '{text}' -> {href} (numbered {number})"
        for page, href, text in links
        if NUMBER.search(text).group() != (number := html_target_number(built, href, page))
    ]
    assert not wrong, "\n".join(wrong)


# -- PDF ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page, as Poppler measures
    x1: float
    y1: float


@cache
def pdf_words(pdf: Path) -> list[list[Word]]:
    """Each page's words with their boxes, as Poppler's pdftotext -bbox gives them."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = etree.fromstring(xhtml, etree.XMLParser(recover=True)).iter("{*}page")
    return [
        [Word(word.text or "", *(float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")))
         for word in page.iter("{*}word")]
        for page in pages
    ]


def words_in(words: list[Word], rect, height: float) -> list[str]:
    """The words whose centres lie inside a PDF rectangle (origin bottom left)."""
    x0, y0, x1, y1 = (float(value) for value in rect)
    top, bottom = height - y1, height - y0
    return [word.text for word in words
            if x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= (word.y0 + word.y1) / 2 <= bottom]


def words_from(words: list[Word], top: float) -> list[str]:
    """The words from a height down, in reading order."""
    below = [word for word in words if word.y1 >= top]
    return [word.text for word in sorted(below, key=lambda word: (round(word.y0), word.x0))]


def printed_at_destination(kind: str, words: list[str]) -> str:
    """The number printed where a destination lies: a caption, a heading or a reference's label."""
    text = " ".join(words)
    if kind in ("figure", "table"):
        return re.search(rf"\b{KINDS[kind]} ({NUMBER.pattern})[.:]", text).group(1)
    if kind == "section":
        return NUMBER.match(text).group()
    return re.match(rf"\[({NUMBER.pattern})\]", text).group(1)


def pdf_numbered_links(pdf: Path):
    """(destination kind, number read under the link, number printed at the destination) per link."""
    reader = PdfReader(pdf)
    destinations = reader.named_destinations
    words = pdf_words(pdf)
    for index, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A", {})
            if action.get("/S") != "/GoTo":
                continue
            name = str(action["/D"])
            kind = "citation" if name.startswith("cite.") else name.split(".")[0]
            if kind not in (*KINDS, "citation"):
                continue
            under = [re.sub(r"[\[\](),;]|[.:]$", "", text) for text in words_in(words[index], annotation.get_object()["/Rect"], height)]
            numbers = [text for text in under if NUMBER.fullmatch(text)]
            assert set(under) - {""} <= {*numbers, KINDS.get(kind)}, f"page {index + 1}: link to {name} reads {under}"
            if not numbers:  # the first half of "Section" / "4" broken across two lines
                continue
            destination = destinations[name]
            target_page = reader.get_destination_page_number(destination)
            top = float(reader.pages[target_page].mediabox.height) - float(destination.top)
            yield name, kind, numbers, printed_at_destination(kind, words_from(words[target_page], top - 2))


def test_every_numbered_pdf_link_names_its_destinations_number(built):
    links = list(pdf_numbered_links(built.pdf))
    assert {kind for _, kind, _, _ in links} == {*KINDS, "citation"}
    wrong = [f"link to {name} reads {numbers}, destination is numbered {printed}"
             for name, _, numbers, printed in links if set(numbers) != {printed}]
    assert not wrong, "\n".join(wrong)


def test_the_pdf_link_reader_sees_a_wrong_number():
    page = [Word("Figure", 10, 10, 40, 20), Word("5", 42, 10, 48, 20), Word("Figure", 10, 100, 40, 110),
            Word("4:", 42, 100, 50, 110), Word("Hazard", 52, 100, 80, 110)]
    assert words_in(page, (9, 780, 49, 792), 800) == ["Figure", "5"]
    assert printed_at_destination("figure", words_from(page, 98)) == "4"
    assert printed_at_destination("citation", ["[12]", "Tolaney"]) == "12"
