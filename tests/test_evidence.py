"""Evidence a reader can check: sourced numbers, verified references, Figure 4 and Table 3."""

from __future__ import annotations

import copy
import re
from functools import cache

import pybtex.database
import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import ROOT, SECTION_PAGES, expected_cell_text, expected_fact_text, raw_data, read_citation
from paper.inputs import trial_data
from paper.inputs.bibliography import entry_problems

SVG = "{http://www.w3.org/2000/svg}"
#: Digits that are names, not figures: trial and gene names, phases, and the
#: paper's own section, figure and table numbers.
NAMED_DIGITS = re.compile(
    r"AMEERA-\d|HER2|ESR1|CDK4/6|SAR439859|receptor 2-negative|phase \d|Phase \d"
    r"|performance status \(0 or 1\)"
    r"|(?:Section|Figure|Table) \d+(?:\.\d+)?|\b(?:19|20)\d\d\b|95% CI"
)


@cache
def bibliography() -> pybtex.database.BibliographyData:
    return pybtex.database.parse_file(str(ROOT / "references.bib"))


@cache
def data() -> trial_data.TrialData:
    return trial_data.load(ROOT / "source" / "data" / "trials.yaml")


def entries_with(field: str) -> list[tuple[str, str]]:
    return [(key, entry.fields[field]) for key, entry in bibliography().entries.items() if field in entry.fields]


def test_every_reference_has_the_fields_its_type_needs():
    problems = {key: entry_problems(entry) for key, entry in bibliography().entries.items()}
    assert {key: found for key, found in problems.items() if found} == {}


def test_journal_articles_carry_a_doi():
    for key, entry in bibliography().entries.items():
        if entry.type == "article":
            assert "doi" in entry.fields, key


@pytest.mark.parametrize("field, url", [
    ("doi", "https://doi.org/{}"),
    ("pmid", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
])
def test_dois_and_pmids_render_as_links_in_both_outputs(built, field, url):
    html_links = {a["href"] for a in built.page("references").select("div.citation a[href]")}
    pdf_links = {
        annotation.get_object()["/A"].get("/URI")
        for page in PdfReader(built.pdf).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    expected = entries_with(field)
    assert expected, f"no reference has a {field}"
    for key, value in expected:
        assert url.format(value) in html_links, f"{key}: {field} is not a link in HTML"
        assert url.format(value) in pdf_links, f"{key}: {field} is not a link in the PDF"


def test_every_fact_names_a_source_that_is_in_the_bibliography():
    keys = set(bibliography().entries)
    for fact in data().facts.values():
        assert fact.source and set(fact.source) <= keys, fact.key


def test_every_table_row_has_a_source_in_the_bibliography():
    keys = set(bibliography().entries)
    for name, table in data().tables.items():
        for number, row in enumerate(table["rows"], start=1):
            sources = set(row["source"]) | {
                key for cell in row["cells"] for fact in data().fill(str(cell))[1] for key in fact.source
            }
            assert sources and sources <= keys, f"table {name}, row {number}"


def cell_text(cell) -> str:
    """A cell's text as a reader sees it: runs of layout spaces as one (not the no-break spaces), and
    docutils' typographic ’ as the data file's '."""
    return re.sub(r"[ \t\r\n]+", " ", cell.get_text()).strip().replace("\u2019", "'")


@pytest.mark.parametrize("name, page", [
    ("ameera-3-efficacy", "ameera-3"),
    ("ameera-5-efficacy", "ameera-5"),
    ("trial-designs", "discontinuation"),
])
def test_tables_show_exactly_the_data_file(built, name, page):
    table = built.page(page).select_one(f"table#tbl-{name}")
    spec = raw_data()["tables"][name]

    def texts(row, cell):
        # The last column is the source; docutils turns ' into a typographic ’.
        return [cell_text(c) for c in row.select(cell)][:-1]

    assert texts(table.select_one("thead tr"), "th") == [expected_cell_text(cell) for cell in spec["columns"]]
    rows = [row["cells"] if isinstance(row, dict) else row for row in spec["rows"]]
    body = [texts(row, "td") for row in table.select("tbody tr")]
    assert body == [[expected_cell_text(str(cell)) for cell in row] for row in rows]


@pytest.mark.parametrize("name, page", [
    ("ameera-3-efficacy", "ameera-3"),
    ("ameera-5-efficacy", "ameera-5"),
    ("trial-designs", "discontinuation"),
])
def test_each_table_offers_its_data_as_the_page_shows_it(built, name, page):
    import csv
    import json

    html = built.page(page)
    table = html.select_one(f"table#tbl-{name}")
    line = table.find_next_sibling("p", class_="paper-data")
    links = {a.get_text(): a["href"] for a in line.select("a")}
    assert links == {"CSV": f"amcenestrant-tbl-{name}-data.csv", "JSON": f"amcenestrant-tbl-{name}-data.json"}
    with (built.html / links["CSV"]).open(encoding="utf-8", newline="") as opened:
        rows = list(csv.reader(opened))

    def shown(row, cell):
        return [cell_text(c) for c in row.select(cell)]

    # Every cell as the page prints it; the last column names each row's references by number and key.
    assert rows[0][:-1] == shown(table.select_one("thead tr"), "th")[:-1] and rows[0][-1] == "Sources"
    for written, row in zip(rows[1:], table.select("tbody tr"), strict=True):
        assert [cell.replace("\u2019", "'") for cell in written[:-1]] == shown(row, "td")[:-1]
        cited = {a["href"].split("#cite-")[1] for a in row.select("td:last-child a[href*='#cite-']")}
        assert {source.split("] ")[1] for source in written[-1].split("; ")} == cited
    record = json.loads((built.html / links["JSON"]).read_text(encoding="utf-8"))
    assert record["licence"] == read_citation()["license"]
    assert [row["cells"] for row in record["rows"]] == [written[:-1] for written in rows[1:]]


def test_the_forest_plot_offers_the_estimates_of_the_data_file(built):
    import json

    line = built.page("discontinuation").select_one("figure#fig-forest-plot").find_next_sibling("p", class_="paper-data")
    record = json.loads((built.html / line.select("a")[1]["href"]).read_text(encoding="utf-8"))
    facts = raw_data()["facts"]
    expected = [[row["label"], row.get("group", ""), facts[row["fact"]]["value"], *facts[row["fact"]]["ci"]]
                for row in raw_data()["forest"]["rows"]]
    assert [row["cells"] for row in record["rows"]] == expected
    assert all(row["sources"] and row["sources"][0]["reference"] for row in record["rows"])


def test_table_rows_cite_the_sources_of_their_figures(built):
    table = built.page("ameera-3").select_one("table#tbl-ameera-3-efficacy")
    for row in table.select("tbody tr"):
        cited = {a["href"].split("#cite-")[1] for a in row.select("td:last-child a[href*='#cite-']")}
        assert cited == {"tolaney2023ameera3"}


def forest_plot_svg(built) -> etree._Element:
    image = built.page("discontinuation").select_one("figure#fig-forest-plot img")
    assert image is not None and "forest-plot" in image["src"] and image["src"].endswith(".svg")
    return etree.parse(str(built.html / image["src"]))


def test_forest_plot_shows_every_hazard_ratio_of_the_data_file(built):
    svg_text = " ".join(t.strip() for t in forest_plot_svg(built).getroot().itertext() if t.strip())
    rows = raw_data()["forest"]["rows"]
    assert len(rows) == 4
    for row in rows:
        fact = raw_data()["facts"][row["fact"]]
        assert row["label"] in svg_text
        assert f"{fact['value']} ({fact['ci'][0]}\N{EN DASH}{fact['ci'][1]})" in svg_text


def test_forest_plot_is_figure_4_in_both_outputs(built):
    caption = built.page("discontinuation").select_one("figure#fig-forest-plot figcaption")
    assert caption.select_one(".caption-number").get_text(strip=True) == "Figure 4."
    text = caption.select_one(".caption-text").get_text(" ", strip=True)
    assert " ".join(f"Figure 4. {text}".split()) in " ".join(built.pdf_text().split())


def prose_without_facts(built, page: str, part: str = "article") -> str:
    """A page's running text (or a part's): no data-file figures, citations, tables, figures or "Cite this" block."""
    article = copy.copy(built.page(page).select_one(part))
    for node in article.select(
        "span.fact, .bibtex-citation, table, figure, .section-number, .headerlink, .cite-this"
    ):
        node.decompose()
    return article.get_text(" ", strip=True)


# The root page's key results too (its version, date and commit are not prose).
@pytest.mark.parametrize("page, part", [("index", ".key-results"), *((page, "article") for page in SECTION_PAGES)])
def test_every_number_in_the_prose_comes_from_the_data_file(built, page, part):
    leftover = NAMED_DIGITS.sub("", prose_without_facts(built, page, part))
    assert re.findall(r"[^\s]*\d[^\s]*", leftover) == []


def facts_quoted_in_source(page: str) -> list[str]:
    """The keys of the ``{fact}`` roles in a section's source, in reading order."""
    return re.findall(r"\{fact\}`([^`]+)`", (ROOT / "source" / f"{page}.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", SECTION_PAGES)
def test_every_fact_in_the_prose_reads_as_the_data_file_gives_it(built, page):
    # The prose's figures (a caption's too): a table's cells quote the data file from its own specification.
    quoted = [span.get_text() for span in built.page(page).select("article span.fact") if not span.find_parent(["th", "td"])]
    assert quoted == [expected_fact_text(key) for key in facts_quoted_in_source(page)]


def test_every_fact_in_the_prose_reads_the_same_in_the_pdf(built):
    pdf = " ".join(built.pdf_text().split())
    keys = [key for page in SECTION_PAGES for key in facts_quoted_in_source(page)]
    assert keys
    for key in keys:
        assert " ".join(expected_fact_text(key).split()) in pdf, key


@pytest.mark.parametrize("key, printed", [
    ("ameera3.pfs.hr", "1.051 (95%\u00a0CI 0.789\u20131.4)"),
    ("ameera5.pfs.hr", "1.209 (95%\u00a0CI 0.939\u20131.557)"),
    ("ameera5.randomised", "1,068"),
    ("ameera5.pfs6.letrozole", "86.9%"),
    ("ameera5.dose-letrozole", "2.5\u00a0mg"),
])
def test_key_figures_are_printed_exactly(built, key, printed):
    assert expected_fact_text(key) == printed
    pages = " ".join(built.page(page).get_text() for page in SECTION_PAGES)
    assert printed in pages


def test_ameera_3_patients_are_called_randomised_not_enrolled(built):
    text = " ".join(prose_without_facts(built, page) for page in SECTION_PAGES)
    assert "enrolled" not in text
    assert "patients were randomised" in built.page("ameera-3").get_text(" ", strip=True)


@pytest.mark.parametrize("key, spelled", [
    ("dates.ameera3-topline", "14 March 2022"),
    ("dates.discontinuation", "17 August 2022"),
])
def test_announcement_dates_are_exact(built, key, spelled):
    assert expected_fact_text(key) == spelled
    assert any(spelled in built.page(page).get_text() for page in SECTION_PAGES)
