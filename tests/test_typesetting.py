"""The PDF as a journal's production editor and Google Scholar read it: the
first page, the tables and their captions, the LaTeX log, the XMP packet.

Positions come from Poppler (``pdftotext -bbox``), in points from the top
left of the page; what is expected comes from CITATION.cff and the HTML.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import CITATION, SECTION_PAGES, build, project_copy

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@cache
def page_words(pdf: Path, page: int) -> tuple[Word, ...]:
    """The words of one PDF page (counted from 1), in reading order."""
    markup = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    return tuple(
        Word(word.text_content(), *(float(word.get(edge)) for edge in ("xmin", "ymin", "xmax", "ymax")))
        for word in lxml_html.fromstring(markup.encode()).iter("word")
    )


def lines(words) -> list[list[Word]]:
    """Words grouped into lines by their top edge."""
    grouped: list[list[Word]] = []
    for word in sorted(words, key=lambda word: (round(word.top), word.left)):
        if grouped and abs(grouped[-1][0].top - word.top) < 2:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return grouped


def text_of(line: list[Word]) -> str:
    return " ".join(word.text for word in line)


def author_names() -> list[str]:
    """The authors as CITATION.cff names them: an entity's name, or a person's names in order."""
    return [author.get("name") or " ".join(author[part] for part in
                                           ("given-names", "name-particle", "family-names", "name-suffix")
                                           if author.get(part))
            for author in CITATION["authors"]]


# -- The first page ----------------------------------------------------------------


def test_first_page_opens_with_the_title_large_and_the_authors_on_the_line_below(built):
    page = lines(page_words(built.pdf, 1))
    body_height = sorted(word.height for line in page for word in line)[len(page) // 2]
    title_height = max(word.height for word in page[0])
    # Poppler's word boxes span each font's ascent and descent: the title's
    # \\LARGE (17.3 pt) against the body's 11 pt measures about 1.25 times as high.
    assert title_height >= 1.2 * body_height, "the title is not in a large font"
    title_lines = [line for line in page if min(word.height for word in line) > 0.9 * title_height]
    assert page[:len(title_lines)] == title_lines, "the title is not at the top of the page"
    assert " ".join(text_of(line) for line in title_lines) == CITATION["title"]
    assert text_of(page[len(title_lines)]) == ", ".join(author_names())


def test_first_page_gives_each_detail_once_in_one_block_after_the_abstract(built):
    first_page = built.pdf_text().split("\f")[0]
    starts = [line.split(":")[0] for line in first_page.splitlines()
              if re.match(r"(Version|Date|Licence|Keywords|How to cite):", line)]
    assert starts == ["Version", "Date", "Licence", "Keywords", "How to cite"]
    assert first_page.index("Abstract") < first_page.index("Version:")
    assert first_page.count(CITATION["title"].split(":")[0]) == 2, "the title appears once more than the citation"
    # The version and the date are stated once, and again only in the citation.
    how_to_cite = first_page.index("How to cite:")
    for value in (CITATION["version"], "24 November 2026"):
        assert first_page[:how_to_cite].count(value) == 1, value


# -- Tables and captions -------------------------------------------------------------


@dataclass(frozen=True)
class HtmlTable:
    number: int
    caption: str  # "Table 1. Efficacy in ..."
    last_row: list[str]  # the texts of the last row's cells


def html_tables(built) -> list[HtmlTable]:
    tables = []
    for name in SECTION_PAGES:
        for table in built.page(name).select("article table"):
            caption = " ".join(table.select_one(f"caption {part}").get_text(" ", strip=True)
                               for part in (".caption-number", ".caption-text"))
            last_row = [" ".join(cell.get_text().split()) for cell in table.select("tbody tr")[-1].select("td")]
            tables.append(HtmlTable(int(re.search(r"\d+", caption).group()), caption, last_row))
    return tables


@cache
def pdf_raw_text(pdf: Path) -> str:
    """The PDF's text in the order it was typeset, line ends kept where they fall."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def table_text(raw: str, table: HtmlTable) -> str:
    """A table's text in the PDF, from its caption to the end of its last row."""
    start = re.search(rf"^\f?Table {table.number}\. ", raw, flags=re.M).start()
    last_row = raw.index(table.last_row[0].split()[0], start)
    return raw[start:raw.index(table.last_row[-1], last_row) + len(table.last_row[-1])]


def test_no_word_in_a_table_is_broken_at_a_line_end(built):
    raw = pdf_raw_text(built.pdf)
    tables = html_tables(built)
    assert len(tables) == 3
    for table in tables:
        broken = re.findall(r"\w+[-\u2010]\n", table_text(raw, table))
        assert not broken, f"Table {table.number} breaks words at line ends: {broken}"


def test_no_underfull_or_overfull_box_in_a_table(built):
    tex = built.pdf.with_suffix(".tex").read_text(encoding="utf-8").splitlines()
    table_lines = set()
    start = None
    for number, line in enumerate(tex, start=1):
        if line.startswith(r"\begin{tabular") or line.startswith(r"\begin{longtable"):
            start = number
        elif start and (line.startswith(r"\end{tabular") or line.startswith(r"\end{longtable")):
            table_lines.update(range(start, number + 1))
            start = None
    assert table_lines, "no table found in the LaTeX source"
    log = built.pdf.with_suffix(".log").read_text(encoding="latin-1")
    boxes = re.findall(r"^((?:Underfull|Overfull) \\[hv]box .* at lines? (\d+)(?:--(\d+))?)", log, flags=re.M)
    in_tables = [message for message, first, last in boxes
                 if set(range(int(first), int(last or first) + 1)) & table_lines]
    assert not in_tables, "\n".join(in_tables)


def caption_page(built, table: HtmlTable) -> int:
    """The PDF page (from 1) on which a table's caption is set."""
    texts = built.pdf_text().split("\f")
    return next(index for index, text in enumerate(texts, start=1)
                if re.search(rf"^Table {table.number}\. ", text, flags=re.M))


def test_each_table_is_set_whole_on_the_page_of_its_caption(built):
    texts = built.pdf_text().split("\f")
    for table in html_tables(built):
        page = " ".join(texts[caption_page(built, table) - 1].split())
        for cell in table.last_row[:2]:
            assert cell in page, f"Table {table.number} does not end on the page of its caption"


def test_table_captions_are_set_flush_left_and_as_wide_as_their_table(built):
    for table in html_tables(built):
        page = lines(page_words(built.pdf, caption_page(built, table)))
        left = min(word.left for line in page for word in line)
        right = max(word.right for line in page for word in line)
        first_line = next(line for line in page if text_of(line[:2]) == f"Table {table.number}.")
        assert abs(first_line[0].left - left) < 1, f"Table {table.number}: caption not set flush left"
        if len(text_of(first_line)) < len(table.caption):
            # A caption that wraps fills its first line to the table's right edge.
            assert first_line[-1].right > right - 25, f"Table {table.number}: caption narrower than its table"


# -- Metadata ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xmp(built) -> etree._Element:
    metadata = PdfReader(built.pdf).trailer["/Root"]["/Metadata"].get_object()
    return etree.fromstring(metadata.get_data())


def test_xmp_packet_matches_the_citation_file(xmp):
    def values(path):
        return [item.text for item in xmp.xpath(f"//{path}//rdf:li", namespaces=XMP_NAMESPACES)]

    def value(path):
        (found,) = xmp.xpath(f"//{path}/text()", namespaces=XMP_NAMESPACES)
        return found

    assert values("dc:title") == [CITATION["title"]]
    assert values("dc:creator") == author_names()
    assert values("dc:subject") == CITATION["keywords"]
    assert values("dc:date") == [str(CITATION["date-released"])]
    assert value("xmpMM:VersionID") == CITATION["version"]
    # The licence's own address: Creative Commons' deed for CC-BY-4.0.
    assert CITATION["license"] == "CC-BY-4.0"
    assert value("xmpRights:WebStatement") == "https://creativecommons.org/licenses/by/4.0/"
    assert "Creative Commons Attribution 4.0" in values("dc:rights")[0]


def test_the_pdf_is_created_on_the_papers_date_and_modified_at_its_commit(built, xmp):
    import datetime as dt

    from conftest import git

    info = PdfReader(built.pdf).metadata
    released = dt.datetime.combine(dt.date.fromisoformat(str(CITATION["date-released"])), dt.time(),
                                   dt.timezone.utc)
    committed = dt.datetime.fromtimestamp(int(git("log", "-1", "--format=%ct")), dt.timezone.utc)
    assert (info.creation_date, info.modification_date) == (released, committed)

    def value(path):
        (found,) = xmp.xpath(f"//{path}/text()", namespaces=XMP_NAMESPACES)
        return dt.datetime.fromisoformat(found.replace("Z", "+00:00"))

    assert (value("xmp:CreateDate"), value("xmp:ModifyDate")) == (released, committed)


def test_a_character_no_font_of_the_pdf_has_stops_the_pdf_build(tmp_path):
    # LuaLaTeX would only note it in its log (or, with \tracinglostchars=3, stop with a log line naming
    # no source file), and the PDF would have a gap where it was: the build names the file, line and character.
    project = project_copy(tmp_path)
    section = project / "source" / "conclusion.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("\n\n", "\n\nThe sign \ue000 is in no font of the paper.\n\n", 1), encoding="utf-8")
    line = section.read_text(encoding="utf-8").splitlines().index("The sign \ue000 is in no font of the paper.") + 1
    result = build(project, "latexpdf", tmp_path / "out")
    assert result.returncode != 0, "the PDF was built with a character it cannot print"
    assert any(f"conclusion.md:{line}:" in problem and "U+E000" in problem
               for problem in result.stderr.splitlines()), result.stderr[-2000:]
