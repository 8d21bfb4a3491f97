"""The paper is citable down to a section, from one source of metadata.

Reads the session's build with real parsers: BeautifulSoup/lxml for the HTML,
json for JSON-LD, pybtex for every BibTeX entry, pypdf for the PDF's
information and outline, Sphinx's own reader for objects.inv, and a
throwaway Sphinx project that links to every published label through
intersphinx (from the built objects.inv file: no network). What reference
managers make of the pages and downloads is in test_reference_managers.py;
the published site in test_published_site.py.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import (
    CITATION, CONTENT_PAGES, PDF_NAME, ROOT, SECTION_PAGES, STRICT, assert_built, build, build_env, place_a_pdf,
    project_copy,
)
from scholarly_pages import (
    bibtex, block_text, check_citation, cite_block, downloads, heading_with_number, inventory_labels, json_ld, metas,
    published_labels, read_page, resolve, section_title, the_meta,
)

#: Stand-ins for a published address and DOI, used only in a copy of the project.
EXAMPLE_URL = "https://example.org/amcenestrant/"
EXAMPLE_DOI = "10.5555/amcenestrant.example"


# -- Helpers ------------------------------------------------------------------------


def plain(text: str) -> str:
    """Text compared regardless of case and of the separator Highwire reserves."""
    return " ".join(text.replace(";", ",").casefold().split())


# -- One source of metadata -------------------------------------------------------------


def test_citation_file_is_valid_cff_1_2():
    result = check_citation(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stderr


def test_unquoted_release_date_is_valid_cff(tmp_path):
    # YAML reads it as a date; the schema wants the text, as cffconvert gives it.
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    unquoted = tmp_path / "CITATION.cff"
    released = CITATION["date-released"]
    assert f'"{released}"' in text
    unquoted.write_text(text.replace(f'"{released}"', released), encoding="utf-8")
    assert check_citation(unquoted).returncode == 0


def test_citation_file_says_the_paper_is_cited_as_a_report_with_its_institution():
    preferred = CITATION["preferred-citation"]
    assert preferred["type"] == "report" and preferred["institution"]["name"]
    for key in ("title", "authors", "version"):
        assert preferred[key] == CITATION[key], f"preferred-citation's {key} differs from the paper's"
    assert preferred["date-published"] == CITATION["date-released"]


@pytest.mark.parametrize("change, field", [
    ((f'"{CITATION["date-released"]}"', '"24 November 2026"'), "date-released"),
    (("type: report", "type: technical-report"), "preferred-citation: type: "),
    (("license: CC-BY-4.0", "license: CC-BY-99"), "license"),
    (("cff-version: 1.2.0\n", ""), "'cff-version' is a required property"),
])
def test_invalid_citation_file_is_rejected_naming_the_field(tmp_path, change, field):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "CITATION.cff"
    broken.write_text(text.replace(*change), encoding="utf-8")
    result = check_citation(broken)
    assert result.returncode == 1 and field in result.stderr and str(broken) in result.stderr


def test_title_page_shows_title_authors_and_version_from_the_citation_file(built):
    index = built.page("index")
    assert index.find("h1").get_text().rstrip("¶").strip() == CITATION["title"]
    info = {field.get_text().strip(": "): field.find_next_sibling("dd").get_text().strip()
            for field in index.select("dl.paper-info dt")}
    assert info["Version"] == CITATION["version"]
    byline = index.find("h1").find_next_sibling("p", class_="paper-authors")
    assert byline.get_text() == ", ".join(author["name"] for author in CITATION["authors"])
    first_page = PdfReader(built.pdf).pages[0].extract_text()
    assert f"Version {CITATION['version']}" in first_page
    assert CITATION["authors"][0]["name"] in first_page


# -- Scholarly metadata in the HTML -----------------------------------------------------


@pytest.mark.parametrize("name", ["index", *SECTION_PAGES])
def test_every_cited_page_carries_dublin_core(built, name):
    page = built.page(name)
    # Zotero reads DC.type as a report's type: the DCMI type "Text" became the report type "Text".
    assert not metas(page, "DC.type")
    assert metas(page, "DC.creator") == [author.get("name") for author in CITATION["authors"]]
    assert the_meta(page, "DC.date") == CITATION["date-released"]
    assert metas(page, "DC.subject") == CITATION["keywords"]
    assert CITATION["license"] == "CC-BY-4.0"
    assert the_meta(page, "DC.rights") == "https://creativecommons.org/licenses/by/4.0/"
    assert the_meta(page, "DC.publisher") == CITATION["preferred-citation"]["institution"]["name"]
    title = the_meta(page, "DC.title")
    if name in SECTION_PAGES:
        assert title == section_title(page)
        assert the_meta(page, "DC.relation.isPartOf") == CITATION["title"]
        assert the_meta(page, "DC.description") == the_meta(page, "description")
    else:
        assert title == CITATION["title"] and the_meta(page, "DC.description") == " ".join(CITATION["abstract"].split())


def test_root_page_lists_the_references_in_bibliography_order(built):
    references = metas(built.page("index"), "citation_reference")
    bibliography = built.page("references").select("#bibliography div.citation")
    assert len(references) == len(bibliography) > 0
    for reference, item in zip(references, bibliography):
        fields = dict(field.split("=", 1) for field in reference.split("; "))
        assert plain(fields["citation_title"]) in plain(item.get_text(" ", strip=True))
        if "citation_doi" in fields:
            assert f"https://doi.org/{fields['citation_doi']}" in [a["href"] for a in item.find_all("a")]
    assert not any(metas(built.page(name), "citation_reference") for name in SECTION_PAGES)


def test_json_ld_describes_the_report_and_its_sections_as_chapters(built):
    report = json_ld(built.page("index"))
    assert report["@type"] == "Report"
    assert (report["name"], report["version"], report["reportNumber"]) == (
        CITATION["title"], CITATION["version"], f"Version {CITATION['version']}")
    assert report["publisher"]["name"] == CITATION["preferred-citation"]["institution"]["name"]
    assert [author["name"] for author in report["author"]] == [author["name"] for author in CITATION["authors"]]
    assert len(report["citation"]) == len(metas(built.page("index"), "citation_reference"))
    parts = report["hasPart"]
    assert [part["position"] for part in parts] == list(range(1, len(SECTION_PAGES) + 1))
    published = published_labels()
    for part, name in zip(parts, SECTION_PAGES):
        assert part["@type"] == "Chapter" and part["name"] == section_title(built.page(name))
        page, anchor = resolve("index.html", part["url"])
        assert published[anchor] == f"{page}#{anchor}" and page == f"{name}.html"
        section = json_ld(built.page(name))
        assert section["@type"] == "Chapter" and section["url"] == part["url"]
        assert section["isPartOf"]["@id"] == report["@id"] and section["isPartOf"]["name"] == CITATION["title"]


# -- "Cite this" ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index", *SECTION_PAGES])
def test_the_block_is_a_closed_native_details_element(built, name):
    block = cite_block(built.page(name))
    assert block.name == "details" and not block.has_attr("open")
    assert block.find("summary", recursive=False) is not None
    assert not block.select('[class*="sd-"]'), "the block needs no sphinx-design markup or style sheet"


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_section_page_has_a_cite_this_block_for_the_section(built, name):
    page = built.page(name)
    block = cite_block(page)
    assert block.summary.get_text(strip=True) == "Cite this section"
    assert block.find_previous_sibling("h1") is not None, "the block sits under the section's heading"
    number, heading = heading_with_number(page)
    entry = bibtex(block_text(block, "cite-bibtex"))
    assert entry.type == "incollection"
    assert entry.fields["title"].strip("{}") == f"Section {number}. {heading}"
    assert entry.fields["booktitle"].strip("{}") == CITATION["title"]
    assert (entry.fields["version"], entry.fields["year"]) == (CITATION["version"], CITATION["date-released"][:4])
    # No address is published here (no html_baseurl), so the reference gives none; with one, the
    # section's own (test_rewording_headings_keeps_every_url_and_a_published_address_makes_them_absolute).
    assert "url" not in entry.fields


@pytest.mark.parametrize("name", ["index", *SECTION_PAGES])
def test_cite_this_block_copies_and_offers_every_download(built, name):
    block = cite_block(built.page(name))
    buttons = block.find_all("button", class_="cite-copy")
    assert {button["data-copy"] for button in buttons} == {"cite-apa", "cite-vancouver", "cite-bibtex"}
    assert all(block.find(id=button["data-copy"]) for button in buttons)
    assert block.find(attrs={"role": "status"}) is not None, "copying is announced to screen readers"
    offered = downloads(block)
    assert set(offered) == {"RIS", "BibTeX", "CSL-JSON"}
    for address in offered.values():
        assert (built.html / address).is_file() and "/" not in address
    shown = bibtex(block_text(block, "cite-bibtex"))
    assert bibtex((built.html / offered["BibTeX"]).read_text(encoding="utf-8")).fields == shown.fields
    assert not block.select('a[href*="references.html"], a[href^="#cite-"]'), "no citation references"


def test_root_page_cites_the_whole_paper_as_a_report(built):
    index = built.page("index")
    block = cite_block(index)
    assert block.summary.get_text(strip=True) == "Cite this paper"
    assert "how-to-cite" in block.find_previous_sibling("p")["class"]
    shown = bibtex(block_text(block, "cite-bibtex"))
    assert shown.type == "techreport"
    assert shown.fields["institution"] == CITATION["preferred-citation"]["institution"]["name"]
    # The version once, as the report number; no type, which Zotero would print before it.
    assert (shown.fields.get("type"), shown.fields["number"]) == (None, f"Version {CITATION['version']}")
    assert [str(person).strip("{}") for person in shown.persons["author"]] == [
        author.get("name") for author in CITATION["authors"]
    ]
    assert "url" not in shown.fields  # no address is published here


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_page_links_to_the_pdf_in_the_site(built, name):
    page = built.page(name)
    (link,) = page.select("article p.paper-pdf a")
    assert link.get_text(strip=True) == "PDF (print)"
    assert link["href"] == built.pdf_name
    # Only the paper names the PDF as its full text (its first page is the paper's, not a section's);
    # the references page describes no work at all.
    assert metas(page, "citation_pdf_url") == ([built.pdf_name] if name == "index" else [])
    assert (built.html / link["href"]).read_bytes() == built.pdf.read_bytes()


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_page_links_to_the_accessible_pdf_in_the_site_right_after_the_print_pdf(built, name):
    page = built.page(name)
    (line,) = page.select("article p.paper-tagged-pdf")
    assert line.find_previous_sibling("p") is page.select_one("article p.paper-pdf")
    (link,) = line.find_all("a")
    assert link.get_text(strip=True) == "PDF (accessible, tagged)"
    assert link["href"] == built.tagged_pdf.name
    assert (built.html / link["href"]).read_bytes() == built.tagged_pdf.read_bytes()


def test_cite_this_assets_are_local(built):
    page = built.page("introduction")
    scripts = [script["src"] for script in page.find_all("script", src=True)]
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    for asset, loaded in (("cite.js", scripts), ("cite.css", styles)):
        (url,) = [url for url in loaded if f"/{asset}" in url]
        assert not urlsplit(url).scheme and (built.html / urlsplit(url).path).is_file()
    assert "http" not in (built.html / "_static" / "cite.js").read_text(encoding="utf-8")


# -- The PDF's own metadata -----------------------------------------------------------------


def test_pdf_information_comes_from_the_citation_file(built):
    info = PdfReader(built.pdf).metadata
    assert info.title == CITATION["title"]
    assert info.author == ", ".join(author["name"] for author in CITATION["authors"])
    assert info["/Keywords"] == ", ".join(CITATION["keywords"])
    assert info.subject and info.subject in " ".join(CITATION["abstract"].split())
    # Created on the paper's date, modified at the commit (test_typesetting checks both exactly).
    assert info.creation_date.date() == dt.date.fromisoformat(str(CITATION["date-released"]))
    assert info.modification_date is not None and info.modification_date <= dt.datetime.now(dt.timezone.utc)


def test_pdf_has_a_bookmark_for_every_section(built):
    def titles(outline) -> list[str]:
        return [title for item in outline
                for title in (titles(item) if isinstance(item, list) else [item.title])]

    expected = []
    for name in SECTION_PAGES:
        for heading in built.page(name).select("section > h1, section > h2, section > h3"):
            number = heading.find("span", class_="section-number").get_text().strip().rstrip(".")
            expected.append(f"{number} {''.join(heading.find_all(string=True, recursive=False)).strip()}")
    assert titles(PdfReader(built.pdf).outline) == [*expected, "References"]


def test_pdf_citations_and_cross_references_are_live_links(built):
    destinations = [
        str(annotation.get_object()["/A"]["/D"])
        for page in PdfReader(built.pdf).pages for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A", {}).get("/S") == "/GoTo"
    ]
    cited = {destination.rsplit("cite-", 1)[1] for destination in destinations if destination.startswith("cite.")}
    assert len(cited) == len(built.page("references").select("#bibliography div.citation"))
    for kind in ("section", "figure", "table"):
        assert any(destination.startswith(f"{kind}.") for destination in destinations), f"no live {kind} links"


def test_pdf_says_how_to_cite_after_the_abstract(built):
    text = " ".join(built.pdf_text().split())
    how_to_cite = text.index("How to cite")
    assert text.index("Abstract") < how_to_cite < text.index("Introduction", how_to_cite)
    assert f"Version {CITATION['version']}" in text[how_to_cite:how_to_cite + 400]


def test_how_to_cite_is_the_papers_apa_reference_in_both_outputs(built):
    index = built.page("index")
    apa = " ".join(index.select_one("details.cite-this #cite-apa").get_text().split())
    assert " ".join(index.select_one("p.how-to-cite").get_text().split()) == f"How to cite: {apa}"
    # No address is published here: the reference ends with the report's version, and names no page.
    assert apa.endswith(f"(Version {CITATION['version']}).") and ".html" not in apa
    text = " ".join(built.pdf_text().split())
    assert f"How to cite: {apa}" in text


# -- A stable link contract -------------------------------------------------------------------


ALIAS_ADVICE = (
    "People link to published labels, so one must never disappear. If you renamed it, keep the "
    "old label as an alias: put `({old})=` on its own line directly above the new label of a "
    "section, or above the `:::{{figure}}` or table directive whose `:name:` you changed, and add "
    "the new label to tests/published_labels.txt. The old anchor then keeps working. A label "
    "cannot move to another page without breaking links: leave the section where it is."
)


def test_published_labels_still_point_where_they_did(built):
    found = inventory_labels(built.html / "objects.inv")
    problems = [
        f"label '{label}' ({uri}) " + ("is gone" if label not in found else f"now points to {found[label]}")
        for label, uri in published_labels().items() if found.get(label) != uri
    ]
    advice = "\n".join(ALIAS_ADVICE.format(old=problem.split("'")[1]) for problem in problems)
    assert not problems, "\n".join(problems) + "\n" + advice


def test_every_label_is_published(built):
    new = sorted(set(inventory_labels(built.html / "objects.inv")) - set(published_labels()))
    assert not new, f"labels {new} are not in tests/published_labels.txt: add them (label and page#anchor)"


def test_published_anchors_exist_in_the_html(built):
    for label, uri in published_labels().items():
        page, anchor = uri.split("#")
        assert built.page(page.removesuffix(".html")).find(id=anchor) is not None, f"{uri} has no element"


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_section_figure_and_table_has_a_published_label(built, name):
    published = published_labels()
    page = built.page(name)
    for element in page.select("article section, article figure, article table"):
        if element.find_parent("details", class_="cite-this"):
            continue
        assert published.get(element.get("id")) == f"{name}.html#{element.get('id')}", (
            f"{name}.html: <{element.name} id={element.get('id')!r}> has no published label"
        )


def rename_keeping_alias(path: Path, old_line: str, new_line: str, old_label: str) -> None:
    """Follow :data:`ALIAS_ADVICE`: rename a label and keep the old one above it."""
    text = path.read_text(encoding="utf-8")
    assert old_line in text
    path.write_text(text.replace(old_line, f"({old_label})=\n{new_line}"), encoding="utf-8")


def test_the_alias_advice_keeps_old_anchors_working(tmp_path):
    project = project_copy(tmp_path)
    rename_keeping_alias(project / "source" / "ameera-3.md", "(sec-ameera-3-esr1)=\n",
                         "(sec-ameera-3-esr1-subgroup)=\n", "sec-ameera-3-esr1")
    rename_keeping_alias(project / "source" / "mechanism.md", ":::{graphviz} figures/mechanism.dot\n:name: fig-mechanism\n",
                         ":::{graphviz} figures/mechanism.dot\n:name: fig-mechanism-pathways\n", "fig-mechanism")
    assert_built(build(project, "html", tmp_path / "out"))
    found = inventory_labels(tmp_path / "out" / "html" / "objects.inv")
    published = published_labels()
    assert {label: found.get(label) for label in published} == published
    assert found["sec-ameera-3-esr1-subgroup"] == "ameera-3.html#sec-ameera-3-esr1-subgroup"
    assert found["fig-mechanism-pathways"] == "mechanism.html#fig-mechanism-pathways"
    mechanism = BeautifulSoup((tmp_path / "out" / "html" / "mechanism.html").read_text(encoding="utf-8"), "lxml")
    assert mechanism.find(id="fig-mechanism") is not None, "the old anchor is still on the page"


def test_rewording_headings_keeps_every_url_and_a_published_address_makes_them_absolute(tmp_path):
    project = project_copy(tmp_path)
    for source in (project / "source").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"^(#+) (?!\{)(.+)$", r"\1 Reworded \2", text, flags=re.M), encoding="utf-8")
    citation = project / "CITATION.cff"
    citation.write_text(
        citation.read_text(encoding="utf-8") + f'url: "{EXAMPLE_URL}"\ndoi: "{EXAMPLE_DOI}"\n', encoding="utf-8"
    )
    assert check_citation(citation).returncode == 0
    place_a_pdf(tmp_path / "out" / "latex" / PDF_NAME)
    assert_built(build(project, "html", tmp_path / "out"))
    html = tmp_path / "out" / "html"
    assert inventory_labels(html / "objects.inv") == published_labels()

    page = read_page(html / "ameera-3.html")
    assert page.find("h1").get_text().startswith("3. Reworded")
    # The DOI names the whole report, not a section of it.
    assert metas(page, "citation_doi") == []
    # Only the paper names the PDF, at its absolute address.
    assert metas(page, "citation_pdf_url") == []
    assert the_meta(read_page(html / "index.html"), "citation_pdf_url") == f"{EXAMPLE_URL}amcenestrant.pdf"
    assert page.head.find("link", rel="canonical")["href"] == f"{EXAMPLE_URL}ameera-3.html"
    entry = bibtex(block_text(cite_block(page), "cite-bibtex"))
    assert entry.fields["url"] == f"{EXAMPLE_URL}ameera-3.html#sec-ameera-3"
    index = read_page(html / "index.html")
    assert the_meta(index, "citation_doi") == EXAMPLE_DOI
    assert bibtex(block_text(cite_block(index), "cite-bibtex")).fields["doi"] == EXAMPLE_DOI
    assert block_text(cite_block(index), "cite-apa").endswith(f" https://doi.org/{EXAMPLE_DOI}")


def test_a_section_without_a_label_stops_the_build(tmp_path):
    project = project_copy(tmp_path)
    conclusion = project / "source" / "conclusion.md"
    conclusion.write_text(conclusion.read_text(encoding="utf-8") + "\n## Unlabelled afterword\n\nText.\n",
                          encoding="utf-8")
    result = build(project, "html", tmp_path / "out")
    assert result.returncode != 0
    assert "conclusion.md" in result.stderr and "Section 'Unlabelled afterword' has no label" in result.stderr


def test_another_sphinx_project_resolves_every_label_through_intersphinx(built, tmp_path):
    base = built.html.as_uri() + "/"
    client = tmp_path / "client"
    client.mkdir()
    (client / "conf.py").write_text(
        "extensions = ['sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {{'paper': ({base!r}, {str(built.html / 'objects.inv')!r})}}\n",
        encoding="utf-8",
    )
    labels = published_labels()
    (client / "index.rst").write_text(
        "Client\n======\n\n" + "".join(f"* :external+paper:ref:`{label}`\n" for label in labels), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(client), str(client / "_build"), *STRICT],
        capture_output=True, text=True, env=build_env(),
    )
    assert_built(result)
    page = BeautifulSoup((client / "_build" / "index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = [link["href"] for link in page.select("li a.reference.external")]
    assert hrefs == [base + uri for uri in labels.values()]
