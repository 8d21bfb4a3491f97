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
from urllib.parse import urlsplit

import pytest
import rispy

from conftest import CITATION, PDF_NAME, SECTION_PAGES, citeproc_text
from reference_manager import zotero_item
from scholarly_pages import (
    bibtex, bibtex_author_parts, bibtex_person_parts, block_text, cite_block, csl_author, download_files,
    downloads, metas, ris_author, section_anchor, section_title, site_file, the_meta, zotero_creator,
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


# -- The item saved from each page ----------------------------------------------------------


#: CITATION.cff's licence, CC-BY-4.0, as its address.
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"

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
        assert (item["institution"], item["reportNumber"]) == (ISSUER, f"Version {VERSION}")
        # No report type: Zotero took the DCMI type "Text" for one ("Text 1.0.0" in APA).
        assert "reportType" not in item
        assert item["abstractNote"] == ABSTRACT
    else:
        assert item[container] == TITLE and item["publisher"] == ISSUER
        # A book section has no version field: the paper's version is the book's edition.
        assert item["edition"] == f"Version {VERSION}"
        assert item["abstractNote"] == the_meta(page, "description")
    assert item["creators"] == [zotero_creator(author) for author in CITATION["authors"]]
    assert item["date"] == RELEASED.strftime("%Y/%m/%d")
    assert item["url"] == cited_url(built, name)
    assert item["language"] == page.html["lang"]
    if container is None:
        (pdf,) = item["attachments"]
        path = site_file(built.html, page_uri(built, name), pdf["url"])
        assert path.parent == built.html and path.read_bytes().startswith(b"%PDF")
    else:
        # The PDF's first page is the paper's: a section names no full text of its own.
        assert item["attachments"] == []


#: The tags Google Scholar's inclusion guidelines say it reads: Highwire Press, BE Press, Eprints, PRISM,
#: and Dublin Core as a last resort (matched as Scholar documents them, by the whole name).
SCHOLAR_TAGS = re.compile(r"^(citation_|bepress_citation_|eprints\.|prism\.|dc\.)", re.I)


def test_scholar_finds_one_record_of_the_paper_with_the_pdf_as_its_full_text(built):
    pages = sorted(path.stem for path in built.html.glob("*.html"))
    claims = {name: metas(built.page(name), "citation_pdf_url") for name in pages}
    # One full-text file, claimed by one page: the paper's, whose title the PDF's first page carries.
    assert {name: urls for name, urls in claims.items() if urls} == {"index": [PDF_NAME]}
    assert built.pdf_text().lstrip().startswith(TITLE.split(":")[0])
    # The paper on one page says nothing Scholar reads as a record.
    single = built.page("amcenestrant")
    assert not [tag["name"] for tag in single.head.find_all("meta", attrs={"name": True})
                if SCHOLAR_TAGS.match(tag["name"])]


def test_the_single_page_saves_the_same_item_as_the_root_page(built):
    single, root = built.page("amcenestrant"), built.page("index")
    assert zotero_item(single, page_uri(built, "amcenestrant")) == zotero_item(root, page_uri(built, "index"))


def test_the_references_page_is_saved_as_a_web_page_not_as_the_paper(built):
    page = built.page("references")
    item = zotero_item(page, page_uri(built, "references"))
    assert (item["itemType"], item["url"]) == ("webpage", page_uri(built, "references"))
    assert item["title"] == page.title.get_text() != TITLE
    assert not [tag for tag in page.head.find_all("meta", attrs={"name": True})
                if tag["name"].startswith(("citation_", "DC.", "prism."))]


def test_every_section_describes_itself(built):
    described = {name: the_meta(built.page(name), "description") for name in CITED_PAGES}
    assert len(set(described.values())) == len(described), "two pages share a description"
    assert ABSTRACT.startswith(described["index"])
    for name in SECTION_PAGES:
        description = described[name]
        assert description.endswith(".") and (len(description) <= 200 or description.count(". ") == 0)
        # Its words are the section's first paragraph's, in order (citations left out).
        first = built.page(name).select_one("article section > p:not(.paper-pdf):not(.paper-tagged-pdf):not(.paper-single-page)").get_text(" ")
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
    assert RIS_TYPES[ris["type_of_reference"]] == item["itemType"]
    assert (ris["title"], ris.get("secondary_title")) == (item["title"], container)
    assert ris["authors"] == [ris_author(author) for author in CITATION["authors"]]
    assert (ris["date"], ris["year"]) == (item["date"], item["date"][:4])
    assert (ris["publisher"], ris.get("issn")) == (publisher, number)
    # RIS ET is Zotero's edition (of a book section).
    assert ris.get("edition") == item.get("edition")
    # An address only where one is published (none is here): a relative one would mean nothing once
    # the file is saved, and Zotero makes L1 an attachment, whose relative address is a file path.
    published = item["url"] if urlsplit(item["url"]).scheme in ("http", "https") else None
    assert ris.get("urls") == ([published] if published else None)
    assert "file_attachments1" not in ris
    assert (ris["abstract"], ris["language"], ris["keywords"]) == (item["abstractNote"], item["language"], keywords)

    (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    assert CSL_TYPES[csl["type"]] == item["itemType"]
    assert (csl["title"], csl.get("container-title")) == (item["title"], container)
    assert csl["author"] == [csl_author(author) for author in CITATION["authors"]]
    assert dt.date(*csl["issued"]["date-parts"][0]).strftime("%Y/%m/%d") == item["date"]
    # What Zotero imports of the version, once: a report's number (it drops "version"), a section's edition.
    if container is None:
        assert (csl["publisher"], csl["number"]) == (publisher, number) and not {"version", "genre"} & set(csl)
    else:
        assert (csl["publisher"], csl["edition"]) == (publisher, item["edition"]) and "version" not in csl
    assert csl.get("URL") == published
    assert (csl["abstract"], csl["language"], csl["keyword"]) == (
        item["abstractNote"], item["language"], ", ".join(keywords))
    assert item["title"] in citeproc_text(csl, "apa"), "the CSL processor reads the item"
    # Zotero's CSL JSON import keeps the licence as the item's rights, as its web save does from DC.rights.
    assert csl["license"] == item["rights"] == CC_BY_4

    entry = bibtex(files["BibTeX"].read_text(encoding="utf-8"))
    assert BIBTEX_TYPES[entry.type] == item["itemType"]
    assert (entry.fields["title"].strip("{}"), entry.fields.get("booktitle", "").strip("{}") or None) == (
        item["title"], container)
    assert [bibtex_person_parts(person) for person in entry.persons["author"]] == [
        bibtex_author_parts(author) for author in CITATION["authors"]]
    assert entry.fields.get("institution", entry.fields.get("publisher")) == publisher
    assert entry.fields.get("number", entry.fields.get("version")) == (number or VERSION)
    assert "type" not in entry.fields  # Zotero's report type, printed before the number
    assert entry.fields.get("edition") == item.get("edition")
    # Zotero's BibTeX import keeps these; it splits keywords at commas and semicolons.
    assert (entry.fields["abstract"], entry.fields["language"]) == (item["abstractNote"], item["language"])
    assert re.split(r"\s*[,;]\s*", entry.fields["keywords"]) == keywords
    assert (entry.fields["year"], entry.fields["date"]) == (item["date"][:4], item["date"].replace("/", "-"))
    assert entry.fields.get("url") == published
    assert entry.fields["copyright"] == item["rights"]  # Zotero's BibTeX import: copyright -> rights


# -- The APA and Vancouver references --------------------------------------------------------


@pytest.mark.parametrize("name", CITED_PAGES)
def test_apa_and_vancouver_name_the_authors_year_title_and_version(built, name):
    (author,) = CITATION["authors"]  # the paper's one author, an organisation
    team, year, month = author["name"], RELEASED.year, RELEASED.strftime("%b")
    # APA leaves out a publisher that is also the author.
    publisher = "" if ISSUER == team else f" {ISSUER}."
    page = built.page(name)
    # No address is published here: the references give none, and Vancouver names no medium
    # ("[Internet]") or availability (Citing Medicine, chapter 23, for a report that is not online).
    if name == "index":
        apa = f"{team}. ({year}). {TITLE} (Version {VERSION}).{publisher}"
        vancouver = f"{team}. {TITLE}. Version {VERSION}. {ISSUER}; {year} {month}."
    else:
        title = section_title(page)
        apa = f"{team}. ({year}). {title}. In {TITLE} (Version {VERSION}).{publisher}"
        vancouver = f"{team}. {title}. In: {TITLE}. Version {VERSION}. {ISSUER}; {year}."
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
        apa = re.sub(rf" {re.escape(item['publisher'])}\.( |$)", r"\1", apa, count=1)
    assert block_text(block, "cite-apa") == apa

    vancouver = citeproc_text(item, "vancouver-nlm")
    # 2. The number in front of a reference list's entry is not part of the reference.
    vancouver = re.sub(r"^1\.", "", vancouver)
    # 3. Citing Medicine gives a version as the edition statement; the style prints a report's number
    #    (the version statement) as "Report Version 1.0.0." after the date.
    if item["type"] == "report":
        statement = item["number"]
        vancouver = vancouver.replace(f" Report {statement}.", "", 1)
        # After the title and its medium, where there is one ([Internet], with an address).
        title = f"{item['title']} [Internet]. " if "URL" in item else f"{item['title']}. "
        vancouver = vancouver.replace(title, f"{title}{statement}. ", 1)
    # 4. citeproc-py leaves out the delimiter of the style's dates: "2026Nov" for "2026 Nov".
    vancouver = vancouver.replace(f"{RELEASED.year}{RELEASED:%b}", f"{RELEASED.year} {RELEASED:%b}")
    assert block_text(block, "cite-vancouver") == vancouver


# -- The downloads as Zotero's import translators read them ----------------------------------


def _work(kind: str, pdf_url: str):
    from paper.formats.downloads import CitedWork
    from paper.inputs.citation_file import Creator

    (author,) = CITATION["authors"]
    return CitedWork(kind=kind, key="key", title="Section 2. A part", container_title=TITLE,
                     creators=(Creator(entity=author["name"]),), date=RELEASED, version=VERSION, issuer=ISSUER,
                     url="a.html", pdf_url=pdf_url, abstract="An abstract.", language="en",
                     keywords=("SERD", "breast cancer"))


@pytest.mark.parametrize("pdf_url, l1", [("amcenestrant.pdf", None),
                                         ("https://example.org/paper/amcenestrant.pdf",
                                          "https://example.org/paper/amcenestrant.pdf")])
def test_ris_names_the_pdf_only_at_an_absolute_address(pdf_url, l1):
    # Zotero's RIS import makes L1 a file attachment: "amcenestrant.pdf" became a file "amcenestrant".
    from paper.formats.downloads import REPORT, ris

    lines = ris(_work(REPORT, pdf_url)).splitlines()
    assert [line[6:] for line in lines if line.startswith("L1  - ")] == ([l1] if l1 else [])


def test_a_parts_downloads_carry_the_version_as_zoteros_edition():
    # A Zotero book section has no version; RIS ET, BibTeX edition, CSL edition are its edition.
    from paper.formats.downloads import PART, bibtex, csl_json, ris

    work = _work(PART, "amcenestrant.pdf")
    assert f"ET  - Version {VERSION}\n" in ris(work)
    assert f"  edition = {{Version {VERSION}}},\n" in bibtex(work)
    item = csl_json(work)
    assert item["edition"] == f"Version {VERSION}" and "version" not in item and "number" not in item


def test_a_reports_csl_json_carries_the_version_once_as_the_number_zotero_maps():
    # Zotero's CSL JSON import maps number -> reportNumber and genre -> reportType, and drops version;
    # APA and Chicago print version, genre and number each ("Version 1.0.0; Version 1.0.0").
    from paper.formats.downloads import REPORT, csl_json

    item = csl_json(_work(REPORT, "amcenestrant.pdf"))
    assert item["number"] == f"Version {VERSION}" and not {"version", "genre"} & set(item)


def test_the_bibtex_entry_carries_what_zoteros_bibtex_import_keeps():
    from paper.formats.downloads import REPORT, bibtex

    entry = bibtex(_work(REPORT, "amcenestrant.pdf"))
    for line in ("  abstract = {An abstract.},", "  language = {en},", "  keywords = {SERD, breast cancer}"):
        assert line in entry.splitlines() or line + "," in entry.splitlines()
