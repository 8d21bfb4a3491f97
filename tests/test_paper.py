"""The paper as built: numbering, captions, citations and references in both outputs."""

from __future__ import annotations

import re

import pybtex.database
import pytest

from conftest import FIRST_CITATION_ORDER, CONTENT_PAGES, ROOT, SECTION_PAGES, pdf_bibliography

EXPECTED_FIGURES = 4
EXPECTED_TABLES = 3


def squash(text: str) -> str:
    """Text with whitespace, hyphens and case removed, so that line breaks and
    hyphenation in the PDF do not hide a match."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).casefold()


def html_captions(built, kind: str) -> dict[int, str]:
    """``{number: caption}`` for every figure or table in the section pages, the
    caption as the HTML writes it: "Figure 4. Hazard ratios ..."."""
    selector = {"Figure": "figure figcaption", "Table": "table > caption"}[kind]
    captions = {}
    for name in SECTION_PAGES:
        for caption in built.page(name).select(selector):
            number = caption.select_one(".caption-number").get_text(strip=True)
            match = re.fullmatch(rf"{kind} (\d+)\.", number)
            assert match, f"caption number {number!r} is not written '{kind} N.'"
            text = caption.select_one(".caption-text").get_text(" ", strip=True)
            captions[int(match.group(1))] = f"{number} {text}"
    return captions


def pdf_caption_numbers(built, kind: str) -> list[int]:
    # A caption may open a page, after the form feed.
    return [int(n) for n in re.findall(rf"^\f?{kind} (\d+)\. ", built.pdf_text(), flags=re.M)]


def body_text_of_pdf(built) -> str:
    """The PDF's text before the bibliography."""
    return built.pdf_text().rsplit("\nReferences\n", 1)[0]


def bib_title(key: str) -> str:
    entry = pybtex.database.parse_file(str(ROOT / "references.bib")).entries[key]
    return entry.fields["title"].replace("{", "").replace("}", "")


@pytest.mark.parametrize("kind, expected", [("Figure", EXPECTED_FIGURES), ("Table", EXPECTED_TABLES)])
def test_figures_and_tables_are_numbered_one_to_n_in_html(built, kind, expected):
    assert sorted(html_captions(built, kind)) == list(range(1, expected + 1))


@pytest.mark.parametrize("kind", ["Figure", "Table"])
def test_figure_and_table_numbers_match_between_html_and_pdf(built, kind):
    assert pdf_caption_numbers(built, kind) == sorted(html_captions(built, kind))


@pytest.mark.parametrize("kind", ["Figure", "Table"])
def test_captions_match_between_html_and_pdf(built, kind):
    pdf = squash(built.pdf_text())
    for number, caption in html_captions(built, kind).items():
        assert squash(caption) in pdf, f"{kind} {number} caption differs in the PDF"


def test_sections_are_numbered_one_to_six(built):
    # Their PDF bookmarks are checked against these headings in test_citability.
    numbers = [
        built.page(name).select_one("article h1 .section-number").get_text(strip=True)
        for name in SECTION_PAGES
    ]
    assert numbers == ["1.", "2.", "3.", "4.", "5.", "6."]


def test_every_reference_is_listed_once_in_order_of_first_citation_in_html(built):
    entries = built.page("references").select("div.citation")
    assert [entry["id"] for entry in entries] == [f"cite-{key}" for key in FIRST_CITATION_ORDER]
    labels = [entry.select_one(".label").get_text(strip=True) for entry in entries]
    assert labels == [f"[{number}]" for number in range(1, len(FIRST_CITATION_ORDER) + 1)]


def test_references_are_numbered_in_order_of_first_citation_in_html(built):
    first_cited = []
    # The title page first: its key results cite the trials.
    for name in ["index", *SECTION_PAGES]:
        for link in built.page(name).select("article a[href*='references.html#cite-']"):
            key = link["href"].split("#cite-")[1]
            if key not in first_cited:
                first_cited.append(key)
    assert first_cited == FIRST_CITATION_ORDER


def test_every_reference_is_listed_once_with_the_same_number_in_pdf(built):
    bibliography = pdf_bibliography(built)
    assert sorted(bibliography) == list(range(1, len(FIRST_CITATION_ORDER) + 1))
    for number, key in enumerate(FIRST_CITATION_ORDER, start=1):
        assert squash(bib_title(key)) in squash(bibliography[number]), f"[{number}] is not {key}"


def test_every_reference_is_cited_in_the_pdf_body(built):
    cited = set()
    for group in re.findall(r"\[(\d+(?:,\s*\d+)*)\]", body_text_of_pdf(built)):
        cited.update(int(number) for number in group.split(","))
    assert cited == set(range(1, len(FIRST_CITATION_ORDER) + 1))


def test_bibliography_appears_once_in_each_output(built):
    assert built.pdf_text().count("\nReferences\n") == 1
    assert sum(len(built.page(name).select("div.citation")) for name in ["index", *SECTION_PAGES]) == 0
    assert len(built.page("references").select("div.citation-list")) == 1


@pytest.mark.parametrize("marker", ["??", "[?]"])
def test_no_unresolved_marker_in_either_output(built, marker):
    assert marker not in built.pdf_text()
    for name in CONTENT_PAGES:
        assert marker not in built.page(name).get_text(), f"{marker} in {name}.html"


def test_no_unresolved_reference_in_html(built):
    for name in CONTENT_PAGES:
        page = built.page(name)
        assert not page.select(".problematic, .system-message"), name
        for link in page.select("article a.reference.internal"):
            assert link.get("href"), f"empty link in {name}.html"


def test_cross_references_name_the_right_numbers_in_html(built):
    text = built.page("introduction").select_one("article").get_text(" ", strip=True)
    for number in range(2, 7):
        assert f"Section {number}" in text


def test_every_html_image_has_descriptive_alt_text(built):
    images = [img for name in SECTION_PAGES for img in built.page(name).select("article img")]
    assert len(images) == EXPECTED_FIGURES
    for image in images:
        assert len(image.get("alt", "").split()) >= 10, image.get("src")


def test_figures_are_vector_in_both_outputs(built):
    for name in SECTION_PAGES:
        for image in built.page(name).select("article figure img"):
            assert image["src"].endswith(".svg"), image["src"]
    tex = (built.latex / "amcenestrant.tex").read_text(encoding="utf-8")
    # \sphinxincludegraphics[options]{{name}.pdf}: the file name, braces removed.
    included = [
        re.sub(r"[{}]", "", argument)
        for argument in re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?(\{.*\})$", tex, flags=re.M)
    ]
    assert len(included) == EXPECTED_FIGURES
    for name in included:
        assert name.endswith(".pdf") and (built.latex / name).is_file(), name


def test_pdf_has_title_abstract_and_version_on_the_first_page(built):
    first_page = built.pdf_text().split("\f")[0]
    assert "Abstract" in first_page
    assert re.search(r"Version \d+\.\d+\.\d+", first_page)
    assert "How to cite" in first_page
