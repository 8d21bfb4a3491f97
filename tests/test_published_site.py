"""The paper published at an address, by authors whose names test every format.

A copy of the project is built as a published site is,
``-D html_baseurl=https://example.org/paper/``, with an author list that a
format could easily get wrong: a person with a name particle, a suffix, an
ORCID and an affiliation, next to an organisation. Every page must then be
canonical, every address in its metadata, its "Cite this" block and the
downloads absolute and pointing at this version of the site, and every
format must keep each name whole and in its parts.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import rispy
import signposting

from conftest import (
    CONTENT_PAGES, PDF_NAME, SECTION_PAGES, SINGLE_PAGE, assert_built, build, place_a_pdf, project_copy, read_citation,
    serve,
)
from reference_manager import zotero_item, zotero_ris_creator
from scholarly_pages import (
    bibtex, bibtex_author_parts, bibtex_person_parts, block_text, check_citation, cite_block, csl_author,
    download_files, downloads, figure_and_table_cite_blocks, json_ld, metas, read_page, ris_author, zotero_creator,
)

BASE = "https://example.org/paper/"
PERSON = {
    "given-names": "Anne-Laure", "name-particle": "van den", "family-names": "Berg", "name-suffix": "Jr.",
    # ORCID's own example iD.
    "orcid": "https://orcid.org/0000-0002-1825-0097", "affiliation": "Example University Hospital",
}
AUTHORS = """authors: &authors
  - given-names: Anne-Laure
    name-particle: van den
    family-names: Berg
    name-suffix: Jr.
    orcid: "https://orcid.org/0000-0002-1825-0097"
    affiliation: "Example University Hospital"
  - name: &team "Amcenestrant Case Study Team"
"""
CITED_PAGES = ["index", *SECTION_PAGES]


@dataclass(frozen=True)
class Site:
    html: Path
    citation: dict

    def page(self, name: str):
        return read_page(self.html / name)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    tmp = tmp_path_factory.mktemp("published")
    project = project_copy(tmp)
    citation = project / "CITATION.cff"
    text = citation.read_text(encoding="utf-8")
    team = 'authors: &authors\n  - name: &team "Amcenestrant Case Study Team"\n'
    assert team in text
    citation.write_text(text.replace(team, AUTHORS), encoding="utf-8")
    assert check_citation(citation).returncode == 0
    # Every author declares their contributions (source/data/declarations.yaml), the person too.
    declarations = project / "source" / "data" / "declarations.yaml"
    declarations.write_text(declarations.read_text(encoding="utf-8").replace(
        "contributions:\n", "contributions:\n  - author: Anne-Laure van den Berg Jr.\n    roles: [writing-review-editing]\n"),
        encoding="utf-8")
    # A PDF and the single page first, as `make html` builds them, for the site to carry them.
    place_a_pdf(tmp / "out" / "latex" / PDF_NAME)
    for builder in ("singlehtml", "html"):
        assert_built(build(project, builder, tmp / "out", "-D", f"html_baseurl={BASE}"))
    return Site(html=tmp / "out" / "html", citation=read_citation(project))


def test_the_fixture_has_a_person_with_every_name_part_next_to_an_organisation(site):
    assert site.citation["authors"] == [PERSON, {"name": "Amcenestrant Case Study Team"}]


# -- Addresses ---------------------------------------------------------------------------------


def test_every_page_has_a_canonical_link_to_itself(site):
    pages = sorted(path.name for path in site.html.glob("*.html"))
    assert {f"{name}.html" for name in CONTENT_PAGES} <= set(pages)
    for name in pages:
        (link,) = site.page(name).head.find_all("link", rel="canonical")
        assert link["href"] == f"{BASE}{name}", name


def json_ld_addresses(value) -> list[str]:
    """The addresses of the paper's own things in a JSON-LD block (not ORCID, licence or DOI links)."""
    if isinstance(value, list):
        return [address for item in value for address in json_ld_addresses(item)]
    if not isinstance(value, dict):
        return []
    own = value.get("@type") in {"Report", "Chapter", "MediaObject"}
    found = [value[key] for key in ("@id", "url", "contentUrl") if own and key in value]
    return found + [address for item in value.values() for address in json_ld_addresses(item)]


def page_addresses(site: Site, name: str) -> list[str]:
    """Every address a page of the paper gives in its metadata, its links to the PDF and its block."""
    page = site.page(f"{name}.html")
    addresses = [page.head.find("link", rel="canonical")["href"],
                 *metas(page, "citation_public_url"), *metas(page, "citation_pdf_url"),
                 *[value for value in metas(page, "DC.identifier") if not value.startswith("doi:")],
                 *[a["href"] for a in page.select("article p.paper-pdf a, article p.paper-tagged-pdf a")]]
    # The references page cites nothing of the paper: no scholarly metadata, no block.
    if name in CITED_PAGES:
        addresses += json_ld_addresses(json_ld(page))
        block = cite_block(page)
        addresses += [a["href"] for a in block.find_all("a", href=True)]
        addresses += [block_text(block, style).rsplit(" ", 1)[-1] for style in ("cite-apa", "cite-vancouver")]
        addresses.append(bibtex(block_text(block, "cite-bibtex")).fields["url"])
    return addresses


def download_addresses(site: Site, name: str) -> list[str]:
    """Every address in a page's downloads."""
    files = download_files(site.html, cite_block(site.page(f"{name}.html")), BASE)
    (ris,) = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
    (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    entry = bibtex(files["BibTeX"].read_text(encoding="utf-8"))
    return [*ris["urls"], ris["file_attachments1"], csl["URL"], entry.fields["url"]]


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_address_is_absolute_and_points_at_this_version_of_the_site(site, name):
    addresses = page_addresses(site, name) + (download_addresses(site, name) if name in CITED_PAGES else [])
    assert len(addresses) >= (6 if name in CITED_PAGES else 2)
    for address in addresses:
        assert address.startswith(BASE), f"{name}.html: {address} is not an address in {BASE}"
        path, fragment = urldefrag(address.removeprefix(BASE))
        target = site.html / path
        assert target.is_file(), f"{name}.html: {address} names no file of the site"
        if fragment:
            assert read_page(target).find(id=fragment) is not None, f"{address}: no such anchor"


def test_each_figure_and_table_is_cited_at_its_own_absolute_address(site):
    cited = 0
    for name in SECTION_PAGES:
        for label, block in figure_and_table_cite_blocks(site.page(f"{name}.html")).items():
            own = f"{BASE}{name}.html#{label}"
            files = download_files(site.html, block, BASE)
            (ris,) = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
            (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
            addresses = [block_text(block, f"{style}-{label}").rsplit(" ", 1)[-1]
                         for style in ("cite-apa", "cite-vancouver")]
            addresses += [*ris["urls"], csl["URL"], bibtex(files["BibTeX"].read_text(encoding="utf-8")).fields["url"],
                          bibtex(block_text(block, f"cite-bibtex-{label}")).fields["url"]]
            assert addresses == [own] * 6, f"{name}.html#{label}: {addresses}"
            cited += 1
    assert cited >= 7  # the paper's four figures and three tables


def test_the_single_page_saves_the_paper_at_the_root_pages_address(site):
    # One item, whichever page a reader saves it from: the same fields, the same address.
    single, root = site.page(SINGLE_PAGE), site.page("index.html")
    assert zotero_item(single, f"{BASE}{SINGLE_PAGE}") == zotero_item(root, f"{BASE}index.html")
    assert zotero_item(single, f"{BASE}{SINGLE_PAGE}")["url"] == f"{BASE}index.html"


def test_a_signposting_client_finds_each_page_s_work_its_records_and_the_paper(site):
    with serve(site.html) as address, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the client warns of a page without signposts
        found = {name: signposting.find_signposting_html(f"{address}/{name}.html") for name in CONTENT_PAGES}
    paper = f"{BASE}index.html"
    assert str(found["index"].citeAs.target) == paper
    assert {str(item.target) for item in found["index"].items} == {f"{BASE}{PDF_NAME}", f"{BASE}{SINGLE_PAGE}"}
    for name in SECTION_PAGES:
        # A section is cited at its own anchor, as part of the paper.
        (public,) = metas(site.page(f"{name}.html"), "citation_public_url")
        assert str(found[name].citeAs.target) == public and public.startswith(f"{BASE}{name}.html#"), name
        assert str(found[name].collection.target) == paper and not found[name].items
    for name in CITED_PAGES:
        records = {str(record.target) for record in found[name].describedBy}
        offered = set(downloads(cite_block(site.page(f"{name}.html"))).values())
        assert records == offered and len(records) == 3, name
        assert {str(author.target) for author in found[name].authors} == {PERSON["orcid"]}
    # The references page is a page of the paper, not a work to cite.
    assert len(found["references"]) == 0


# -- Names -------------------------------------------------------------------------------------


def test_highwire_tags_keep_each_name_and_tell_whose_orcid_and_affiliation_they_are(site):
    page = site.page("ameera-3.html")
    author_tags = [(tag["name"], tag["content"])
                   for tag in page.head.find_all("meta", attrs={"name": re.compile("^citation_author")})]
    assert author_tags == [
        ("citation_author", "van den Berg Jr., Anne-Laure"),
        ("citation_author_institution", PERSON["affiliation"]),
        ("citation_author_orcid", PERSON["orcid"]),
        ("citation_author", "Amcenestrant Case Study Team,"),
    ]


@pytest.mark.parametrize("name", CITED_PAGES)
def test_every_format_keeps_each_name_in_its_parts(site, name):
    authors = site.citation["authors"]
    page = site.page(f"{name}.html")
    assert zotero_item(page, f"{BASE}{name}.html")["creators"] == [zotero_creator(author) for author in authors]
    block = cite_block(page)
    assert [bibtex_person_parts(person) for person in bibtex(block_text(block, "cite-bibtex")).persons["author"]] == [
        bibtex_author_parts(author) for author in authors]
    files = download_files(site.html, block, BASE)
    (ris,) = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
    assert ris["authors"] == [ris_author(author) for author in authors]
    # Zotero's RIS import keeps the suffix with the given names, where its CSL processor finds it.
    assert [zotero_ris_creator(line) for line in ris["authors"]] == [
        {"lastName": "van den Berg", "firstName": "Anne-Laure, Jr."}, {"name": "Amcenestrant Case Study Team"}]
    (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    assert csl["author"] == [csl_author(author) for author in authors]
    person, team = json_ld(page)["author"] if name == "index" else json_ld(page)["isPartOf"]["author"]
    assert (person["givenName"], person["familyName"], person["honorificSuffix"]) == (
        "Anne-Laure", "van den Berg", "Jr.")
    assert (person["@id"], person["affiliation"]["name"]) == (PERSON["orcid"], PERSON["affiliation"])
    assert team == {"@type": "Organization", "name": "Amcenestrant Case Study Team"}


def test_the_references_name_the_person_by_each_style_and_the_organisation_whole(site):
    block = cite_block(site.page("index.html"))
    title, version, url = site.citation["title"], site.citation["version"], f"{BASE}index.html"
    # The organisation is one of two authors, so APA keeps it as the publisher too.
    assert block_text(block, "cite-apa") == (
        f"van den Berg, A.-L., Jr., & Amcenestrant Case Study Team. (2026). {title} (Version {version}). "
        f"Amcenestrant Case Study Team. {url}")
    assert block_text(block, "cite-vancouver") == (
        f"van den Berg AL Jr., Amcenestrant Case Study Team. {title} [Internet]. Version {version}. "
        f"Amcenestrant Case Study Team; 2026 Nov. Available from: {url}")


# -- Indexers ------------------------------------------------------------------------------------


def test_the_sitemap_lists_every_page_by_its_canonical_address_in_reading_order(site):
    from lxml import etree

    sitemap = etree.parse(str(site.html / "sitemap.xml"))
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = sitemap.xpath("//s:url/s:loc/text()", namespaces=namespace)
    canonical = [site.page(f"{name}.html").head.find("link", rel="canonical")["href"] for name in CONTENT_PAGES]
    assert listed == canonical
    assert set(sitemap.xpath("//s:url/s:lastmod/text()", namespaces=namespace)) == {str(site.citation["date-released"])}


def test_robots_txt_points_indexers_at_the_sitemap(site):
    robots = (site.html / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots


def test_an_unpublished_site_has_no_sitemap_of_relative_addresses(built):
    assert not (built.html / "sitemap.xml").exists() and not (built.html / "robots.txt").exists()
