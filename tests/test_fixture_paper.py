"""A second, small paper (tests/fixture-paper) builds and reads right.

It has what any author's paper may have and the amcenestrant paper does
not: a title with "&" and "%", a person with a name particle, a suffix, an
ORCID and an affiliation, a second person with a diacritic, a third with Turkish and Czech letters,
Greek letters in the title, prose, a table and a reference with the
characters scientific text uses (ERα, µ, ±, ≤, ₂, accented letters), the MIT
licence, British English as its language, its own output name, its own data
file with a forest plot of odds ratios in its own words, a book and a conference paper as references,
the default Sphinx theme, and a conf.py that names only myst_parser and the
paper's extension. The checks that every paper must pass (fonts, margins)
run on it too, through the ``each_paper`` fixture.
"""

from __future__ import annotations

import re
import subprocess

import yaml
from lxml import etree
from pypdf import PdfReader

from conftest import FIXTURE_PAPER, Built, read_citation

CITATION = read_citation(FIXTURE_PAPER)
TITLE = "Dose & response of ERα and ERβ at 100% coverage: a fixture paper"
AUTHORS = "Anne-Laure van den Berg Jr., Jan Novák, Gökçe İlkay Şahinoğlu-Dvořák"


def first_page(fixture_paper: Built) -> str:
    return " ".join(fixture_paper.pdf_text().split("\f")[0].split())


def test_the_title_with_latex_specials_reads_as_written_everywhere(fixture_paper):
    assert CITATION["title"] == TITLE
    index = fixture_paper.page("index")
    assert index.find("h1").get_text().rstrip("¶").strip() == TITLE
    assert index.title.get_text().startswith(TITLE)
    assert PdfReader(fixture_paper.pdf).metadata.title == TITLE
    assert TITLE in first_page(fixture_paper)


def test_people_keep_particle_suffix_and_diacritics_in_the_pdf(fixture_paper):
    assert PdfReader(fixture_paper.pdf).metadata.author == AUTHORS
    for name in AUTHORS.split(", "):
        assert name in first_page(fixture_paper)


def test_the_web_page_names_the_authors_under_the_title_with_orcid_and_affiliation(fixture_paper):
    byline = fixture_paper.page("index").find("h1").find_next_sibling("p", class_="paper-authors")
    assert byline.get_text() == ("Anne-Laure van den Berg Jr. (Department of R&D, Example University), Jan Novák,"
                                 " Gökçe İlkay Şahinoğlu-Dvořák")
    assert [(a.get_text(), a["href"]) for a in byline.find_all("a")] == [
        ("Anne-Laure van den Berg Jr.", CITATION["authors"][0]["orcid"]),
    ]


def test_any_spdx_licence_is_named_and_linked(fixture_paper):
    licence = fixture_paper.page("index").select_one("dl.paper-info a[href]")
    assert (licence.get_text(), licence["href"]) == ("MIT License", "https://spdx.org/licenses/MIT.html")
    assert "MIT License" in first_page(fixture_paper)


def test_the_pdf_declares_the_papers_language(fixture_paper):
    assert PdfReader(fixture_paper.pdf).trailer["/Root"]["/Lang"] == "en-GB"
    assert fixture_paper.page("index").html["lang"] == "en-GB"


def test_every_output_is_named_by_paper_basename(fixture_paper):
    assert fixture_paper.pdf.is_file()
    assert (fixture_paper.html / "dose-response.bib").is_file()
    assert not list(fixture_paper.latex.glob("amcenestrant*"))


def test_the_figure_and_table_are_numbered_and_filled_from_the_papers_data_file(fixture_paper):
    method = fixture_paper.page("method")
    assert method.select_one("figure#fig-flow .caption-number").get_text(strip=True).startswith("Fig")
    table = method.select_one("table#tbl-doses")
    assert [cell.get_text(" ", strip=True) for cell in table.select("tbody tr:first-child td")][:3] == [
        "Low & slow", "2.5\u00a0mg", "1,200",
    ]
    assert "0.80 (95%\u00a0CI 0.65\u20130.98)" in method.body.get_text()
    text = " ".join(fixture_paper.pdf_text().split())
    assert re.search(r"Table 1[.:] Doses & patients in the fixture trial", text)
    assert "1,200 patients" in text


#: The fixture's references as Citing Medicine prints a book (ch. 2) and a conference paper (ch. 3).
REFERENCES = [
    "[1] Knuth DE. The TeXbook. Reading (MA): Addison-Wesley; 1984.",
    "[2] Vaswani A, Shazeer N, Parmar N, Uszkoreit J, Jones L, Gomez AN, et al. Attention is all you need."
    " In: Advances in neural information processing systems 30. Red Hook (NY): Curran Associates; 2017."
    " p. 5998-6008.",
]


def test_a_book_and_a_conference_paper_are_listed_in_vancouver_style_in_both_outputs(fixture_paper):
    html = [" ".join(entry.get_text(" ", strip=True).replace("[ ", "[").replace(" ]", "]").split())
            for entry in fixture_paper.page("references").select("div.citation")]
    assert html[:len(REFERENCES)] == REFERENCES
    pdf = " ".join(fixture_paper.pdf_text().rsplit("\nReferences\n", 1)[1].split())
    for reference in REFERENCES:
        assert reference in pdf


def test_the_pdf_opens_with_title_authors_abstract_and_one_details_block(fixture_paper):
    text = first_page(fixture_paper)
    # This paper keeps LaTeX's table of contents, between the authors and the abstract.
    assert text.startswith(f"{TITLE} {AUTHORS} Contents")
    assert "Abstract A small paper" in text
    assert text.count("Version: 0.1.0") == 1 and "Release" not in text


def test_the_forest_plot_speaks_the_fixture_papers_data_not_the_amcenestrant_papers(fixture_paper):
    forest = yaml.safe_load((FIXTURE_PAPER / "source" / "data" / "doses.yaml").read_text(encoding="utf-8"))["forest"]
    svg = etree.parse(str(fixture_paper.html / "_images" / "forest-plot.svg"))
    words = " ".join(" ".join(svg.getroot().itertext()).split())
    left, right = forest["favours"]
    for expected in (f"favours {left}", f"favours {right}", f"{forest['abbreviation']} (95% CI)",
                     forest["measure"].capitalize(), *(row["label"] for row in forest["rows"])):
        assert expected in words
    assert not re.search(r"amcenestrant|AMEERA|HR \(|Hazard", words)
    # Each study in the colour its group names.
    drawn = etree.tostring(svg, encoding="unicode").lower()
    assert all(style["colour"].lower() in drawn for style in forest["groups"].values())


#: Valid scientific text, as method.md, the data file's table and references.bib write it.
PROSE = ("ERα and ERβ", "10 µg", "±0.5 °C", "p ≤ 0.05", "n ≥ 12", "2 × 2", "5 m²", "10⁴ cells", "CO₂",
         "−3", "Łódź", "Kraków", "Dvořák", "Erdős", "İzmir", "Ørsted", "Straße", "Şahin", "Ağrı", "(ė)",
         "Ærø", "Ñuñoa", "Þórshöfn", "Ceauşescu", "Besançon",
         # A data file's value and interval written with the minus sign, U+2212: numbers, printed as written.
         "changed by −0.3 (95% CI −0.5 to −0.1)")
TABLE_CELL = "ERα/ERβ ≤ 10 µM ± 2 °C × 3, CO₂ m² −1"
#: The reference's title: ``ER$\beta$`` in the .bib is β, like the literal ERα beside it.
REFERENCE = ("[3] Łukasiewicz Z, Dvořák A, Erdős P. ERβ and ERα at 0.1–1 µM, ±2 °C, pH ≤ 7.4 and ≥ 6.8, 5×,"
             " 10⁴ cells/cm², CO₂, −1: a fixture reference. Journal of Fixtures. 2025;1:1-9.")


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces; Poppler puts a
    space after a lowered or raised character (CO₂ ,), which is dropped before punctuation."""
    return re.sub(r" (?=[,.;:)])", "", " ".join(text.split()))


def test_greek_symbols_scripts_and_accented_letters_print_as_written_in_the_pdf(fixture_paper):
    text = words(fixture_paper.pdf_text())
    for written in (*PROSE, *TABLE_CELL.split(", "), REFERENCE, TITLE, AUTHORS):
        assert written in text, f"{written!r} is not in the PDF as written"
    assert "$" not in text and "\\beta" not in text


def test_greek_symbols_scripts_and_accented_letters_print_as_written_in_the_html(fixture_paper):
    method = words(fixture_paper.page("method").body.get_text(" "))
    for written in PROSE:
        assert written in method
    assert any(" ".join(cell.get_text(" ", strip=True).split()) == TABLE_CELL
               for cell in fixture_paper.page("method").select("table#tbl-doses td"))
    references = [" ".join(entry.get_text(" ", strip=True).replace("[ ", "[").replace(" ]", "]").split())
                  for entry in fixture_paper.page("references").select("div.citation")]
    assert REFERENCE in references


def test_the_pdf_with_all_those_characters_embeds_every_font_and_only_tex_gyre_for_text(fixture_paper):
    listing = subprocess.run(["pdffonts", str(fixture_paper.pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    rows = [line.split() for line in listing]
    assert rows and all(row[-5] == "yes" for row in rows), listing
    # The text's fonts: TeX Gyre only (the figures' DejaVu Sans comes with their PDFs).
    assert {row[0].split("+")[-1] for row in rows} <= {
        "TeXGyreTermes-Regular", "TeXGyreTermes-Bold", "TeXGyreTermes-Italic", "TeXGyreTermes-BoldItalic",
        "TeXGyreHeros-Regular", "TeXGyreHeros-Bold", "TeXGyreCursor-Regular",
        "DejaVuSans", "DejaVuSans-Bold",
    }, listing
