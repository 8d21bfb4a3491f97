"""The paper is citable down to a section, from one source of metadata.

Reads the session's build with real parsers: BeautifulSoup/lxml for the HTML,
json for JSON-LD, pybtex for every BibTeX entry, pypdf for the PDF's
information and outline, Sphinx's own reader for objects.inv, and a
throwaway Sphinx project that links to every published label through
intersphinx (from the built objects.inv file: no network).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pybtex.database
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.util.inventory import InventoryFile

from conftest import CITATION, CONTENT_PAGES, ROOT, SECTION_PAGES, STRICT, assert_built, build, build_env, project_copy

PUBLISHED_LABELS = ROOT / "tests" / "published_labels.txt"
#: Labels Sphinx itself puts in every inventory; not the paper's.
SPHINX_LABELS = {"genindex", "modindex", "py-modindex", "search"}
AUTHORS = [author.get("name") or f"{author['family-names']}, {author['given-names']}" for author in CITATION["authors"]]
#: Stand-ins for a published address and DOI, used only in a copy of the project.
EXAMPLE_URL = "https://example.org/amcenestrant/"
EXAMPLE_DOI = "10.5555/amcenestrant.example"


# -- Helpers ------------------------------------------------------------------------


def published_labels() -> dict[str, str]:
    """label -> ``page.html#anchor``, from tests/published_labels.txt."""
    lines = PUBLISHED_LABELS.read_text(encoding="utf-8").splitlines()
    return dict(line.split() for line in lines if line.strip() and not line.startswith("#"))


def inventory_labels(objects_inv: Path) -> dict[str, str]:
    """label -> URI for the paper's own ``std:label`` entries in an objects.inv."""
    inventory = InventoryFile.loads(objects_inv.read_bytes(), uri="")
    return {name: item.uri for name, item in inventory.data["std:label"].items() if name not in SPHINX_LABELS}


def metas(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.head.find_all("meta", attrs={"name": name})]


def the_meta(page: BeautifulSoup, name: str) -> str:
    values = metas(page, name)
    assert len(values) == 1, f"expected one <meta name={name!r}>, found {values}"
    return values[0]


def json_ld(page: BeautifulSoup) -> dict:
    blocks = page.head.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


def heading_with_number(page: BeautifulSoup) -> tuple[str, str]:
    """(``3``, ``AMEERA-3: …``) from a section page's numbered h1."""
    h1 = page.find("h1")
    number = h1.find("span", class_="section-number").get_text().strip().rstrip(".")
    heading = "".join(h1.find_all(string=True, recursive=False)).strip()
    return number, heading


def bibtex(text: str):
    """The single entry in a BibTeX text, parsed by pybtex."""
    entries = pybtex.database.parse_string(text, "bibtex").entries
    assert len(entries) == 1, f"expected one BibTeX entry in {text!r}"
    return next(iter(entries.values()))


def plain(text: str) -> str:
    """Text compared regardless of case and of the separator Highwire reserves."""
    return " ".join(text.replace(";", ",").casefold().split())


def cite_block(page: BeautifulSoup):
    blocks = page.select("details.cite-this")
    assert len(blocks) == 1, f"expected one 'Cite this' block, found {len(blocks)}"
    return blocks[0]


def block_text(block, target: str) -> str:
    return block.find(id=target).get_text().strip()


def resolve(base: str, url: str) -> tuple[str, str]:
    """(page, anchor) that a URL in a page named ``base`` points at."""
    parts = urlsplit(urljoin(base, url))
    return parts.path.rsplit("/", 1)[-1], parts.fragment


# -- One source of metadata -------------------------------------------------------------


def check_citation(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check-citation"), str(path)], capture_output=True, text=True
    )


def test_citation_file_is_valid_cff_1_2():
    result = check_citation(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stderr


def test_unquoted_release_date_is_valid_cff(tmp_path):
    # YAML reads it as a date; the schema wants the text, as cffconvert gives it.
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    unquoted = tmp_path / "CITATION.cff"
    released = CITATION["date-released"]
    assert f'date-released: "{released}"' in text
    unquoted.write_text(text.replace(f'"{released}"', released), encoding="utf-8")
    assert check_citation(unquoted).returncode == 0


@pytest.mark.parametrize("change, field", [
    ((f'date-released: "{CITATION["date-released"]}"', 'date-released: "24 November 2026"'), "date-released"),
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
    first_page = PdfReader(built.pdf).pages[0].extract_text()
    assert f"Version {CITATION['version']}" in first_page
    assert CITATION["authors"][0]["name"] in first_page


# -- Scholarly metadata in the HTML -----------------------------------------------------


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_page_carries_highwire_press_tags(built, name):
    page = built.page(name)
    assert the_meta(page, "citation_title") == CITATION["title"]
    assert metas(page, "citation_author") == AUTHORS
    assert the_meta(page, "citation_publication_date") == CITATION["date-released"].replace("-", "/")
    assert the_meta(page, "citation_language") == page.html["lang"]
    pdf_page, _ = resolve(f"{name}.html", the_meta(page, "citation_pdf_url"))
    pdf = (built.html / the_meta(page, "citation_pdf_url")).resolve()
    assert pdf_page == built.pdf.name and pdf == built.pdf.resolve() and pdf.read_bytes().startswith(b"%PDF")
    # No DOI yet: the tag appears only with one (see test_published_address_and_doi...).
    assert metas(page, "citation_doi") == ([CITATION["doi"]] if "doi" in CITATION else [])


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_page_carries_dublin_core(built, name):
    page = built.page(name)
    assert metas(page, "DC.creator") == [author.get("name") for author in CITATION["authors"]]
    assert the_meta(page, "DC.date") == CITATION["date-released"]
    assert metas(page, "DC.subject") == CITATION["keywords"]
    assert the_meta(page, "DC.rights") == f"https://spdx.org/licenses/{CITATION['license']}.html"
    title = the_meta(page, "DC.title")
    if name == "index":
        assert title == CITATION["title"] and the_meta(page, "DC.description") == " ".join(CITATION["abstract"].split())
    elif name in SECTION_PAGES:
        number, heading = heading_with_number(page)
        assert title == f"Section {number}. {heading}"
        assert the_meta(page, "DC.relation.isPartOf") == CITATION["title"]


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


def test_json_ld_describes_the_article_and_its_sections_as_parts(built):
    article = json_ld(built.page("index"))
    assert article["@type"] == "ScholarlyArticle"
    assert (article["name"], article["version"]) == (CITATION["title"], CITATION["version"])
    assert [author["name"] for author in article["author"]] == [author["name"] for author in CITATION["authors"]]
    assert len(article["citation"]) == len(metas(built.page("index"), "citation_reference"))
    parts = article["hasPart"]
    assert [part["position"] for part in parts] == list(range(1, len(SECTION_PAGES) + 1))
    published = published_labels()
    for part, name in zip(parts, SECTION_PAGES):
        number, heading = heading_with_number(built.page(name))
        assert part["name"] == f"Section {number}. {heading}"
        page, anchor = resolve("index.html", part["url"])
        assert published[anchor] == f"{page}#{anchor}" and page == f"{name}.html"
        section = json_ld(built.page(name))
        assert section["@type"] == "ScholarlyArticle" and section["url"] == part["url"]
        assert section["isPartOf"]["@id"] == article["@id"] and section["isPartOf"]["name"] == CITATION["title"]


# -- "Cite this" ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_section_page_has_a_cite_this_block_for_the_section(built, name):
    page = built.page(name)
    block = cite_block(page)
    assert block.summary.get_text(strip=True) == "Cite this section"
    assert block.find_previous_sibling().name == "h1", "the block sits under the section's heading"
    number, heading = heading_with_number(page)
    for style in ("cite-apa", "cite-vancouver"):
        reference = block_text(block, style)
        assert heading in reference and f"Section {number}" in reference
        assert CITATION["title"] in reference and CITATION["version"] in reference

    entry = bibtex(block_text(block, "cite-bibtex"))
    assert entry.type == "incollection"
    title = entry.fields["title"].strip("{}")
    assert title == f"Section {number}. {heading}"
    assert entry.fields["booktitle"].strip("{}") == CITATION["title"]
    assert (entry.fields["version"], entry.fields["year"]) == (CITATION["version"], CITATION["date-released"][:4])
    target_page, anchor = resolve(f"{name}.html", entry.fields["url"])
    assert (target_page, published_labels()[anchor]) == (f"{name}.html", f"{name}.html#{anchor}")
    assert page.find(id=anchor).name == "section" and page.find(id=anchor).h1 is not None


@pytest.mark.parametrize("name", ["index", *SECTION_PAGES])
def test_cite_this_block_copies_and_downloads(built, name):
    block = cite_block(built.page(name))
    buttons = block.find_all("button", class_="cite-copy")
    assert {button["data-copy"] for button in buttons} == {"cite-apa", "cite-vancouver", "cite-bibtex"}
    assert all(block.find(id=button["data-copy"]) for button in buttons)
    assert block.find(attrs={"role": "status"}) is not None, "copying is announced to screen readers"
    download = block.find("p", class_="cite-download").a
    whole_paper = bibtex((built.html / download["href"]).read_text(encoding="utf-8"))
    assert whole_paper.type == "misc" and whole_paper.fields["title"].strip("{}") == CITATION["title"]
    assert not block.select('a[href*="references.html"], a[href^="#cite-"]'), "no citation references"


def test_root_page_cites_the_whole_paper(built):
    index = built.page("index")
    block = cite_block(index)
    assert block.summary.get_text(strip=True) == "Cite this paper"
    assert "how-to-cite" in block.find_previous_sibling("p")["class"]
    shown = bibtex(block_text(block, "cite-bibtex"))
    downloaded = bibtex((built.html / block.find("p", class_="cite-download").a["href"]).read_text(encoding="utf-8"))
    assert shown.fields == downloaded.fields
    assert [str(person).strip("{}") for person in shown.persons["author"]] == [
        author.get("name") for author in CITATION["authors"]
    ]
    assert resolve("index.html", shown.fields["url"])[0] == "index.html"


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
    assert info.creation_date is not None and info.creation_date == info.modification_date
    assert info.creation_date <= dt.datetime.now(dt.timezone.utc)


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


def build_with(project: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """An HTML build with extra ``-D`` settings (``conftest.build`` takes none)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "html", str(project / "source"), str(out),
         "-c", str(project), *STRICT, *options],
        capture_output=True, text=True, env=build_env(),
    )


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
    # As on Read the Docs, the PDF is published next to the HTML.
    result = build_with(project, tmp_path / "out", "-D", "paper_pdf_path=amcenestrant.pdf")
    assert_built(result)
    html = tmp_path / "out" / "html"
    assert inventory_labels(html / "objects.inv") == published_labels()

    page = BeautifulSoup((html / "ameera-3.html").read_text(encoding="utf-8"), "lxml")
    assert page.find("h1").get_text().startswith("3. Reworded")
    assert the_meta(page, "citation_doi") == EXAMPLE_DOI
    assert the_meta(page, "citation_pdf_url") == f"{EXAMPLE_URL}amcenestrant.pdf"
    assert page.head.find("link", rel="canonical")["href"] == f"{EXAMPLE_URL}ameera-3.html"
    entry = bibtex(block_text(cite_block(page), "cite-bibtex"))
    assert entry.fields["url"] == f"{EXAMPLE_URL}ameera-3.html#sec-ameera-3"
    assert entry.fields["doi"] == EXAMPLE_DOI
    assert f"https://doi.org/{EXAMPLE_DOI}" in block_text(cite_block(
        BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "lxml")), "cite-apa")


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


# -- Versioned publication ---------------------------------------------------------------------


def test_read_the_docs_builds_html_pdf_and_epub_with_graphviz():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert "graphviz" in config["build"]["apt_packages"]
    commands = " ".join(config["build"]["commands"])
    for target in ("html", "latexpdf", "epub"):
        assert re.search(rf"\bmake\b[^;]*\b{target}\b", commands), f"Read the Docs does not build {target}"
    for output in ("html", "pdf", "epub"):
        assert f"$READTHEDOCS_OUTPUT/{output}" in commands, f"the {output} output is not published"
