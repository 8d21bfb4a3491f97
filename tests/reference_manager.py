"""What a reference manager saves from a page of the paper, or from a RIS download.

:func:`zotero_item` follows the rules of Zotero's "Embedded Metadata"
translator (the one the Zotero Connector runs on a page with Highwire Press
tags; Mendeley's importer reads the same tags) as far as this paper's pages
exercise them, written out here from that translator's source rather than
from the paper's extension:

* the item type is declared by a type tag (``citation_journal_title``:
  journal article, ``citation_technical_report_institution``: report,
  ``citation_inbook_title`` or ``citation_book_title``: book section, ...;
  the last one on the page wins); with only a ``citation_title`` the
  translator guesses a journal article;
* each mapped field takes the first tag whose name ends with the tag's name;
* each ``citation_author`` becomes a creator: split at its commas into last
  and first name (only the first two parts are kept), with periods added
  after initials; a creator with no first name is saved as a single-field
  name. A page with only one ``citation_author`` is first split into
  several authors at its commas when the text on both sides of the first
  comma has a space;
* the URL is ``citation_public_url``, else the canonical link, else the
  page's own address, made absolute against the page's address;
* the abstract is ``citation_abstract``, else ``<meta name="description">``;
* ``citation_pdf_url`` becomes the attached PDF;
* meta tags named with a known RDF prefix (``DC.``, ``prism.``, ...; or
  such a prefix as the second part of the name, ``x.DC.rights``) go
  through Zotero's RDF translator first: ``DC.type`` becomes the item's
  type field (a report's ``reportType``), ``prism.edition`` its
  ``edition``, ``DC.rights`` its ``rights``, each kept only where the item
  type has the field;
* a page with neither a Highwire type tag nor such RDF tags is not claimed
  by the translator: Zotero saves it as a ``webpage`` from its <title>,
  address and description.

Field names are Zotero's for the item type: a report's ``institution`` and
``reportNumber``, a book section's ``bookTitle`` and ``publisher``.

:func:`zotero_ris_creator` is the same reference manager's reading of a RIS
``AU`` line: last name up to the first comma, the rest the first name; with
nothing after the comma, a single-field (organisation) name.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

TYPE_TAGS = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
GUESS_TAGS = {"citation_title": "journalArticle", "citation_series_title": "journalArticle"}
#: Highwire tag -> generic field, in the translator's order (a later one overwrites).
FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_cover_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_doi": "DOI",
    "citation_public_url": "url",
    "citation_language": "language",
}
#: RDF meta tag (lower case) -> field, as Zotero's RDF translator reads it; and the item types with the field.
RDF_FIELDS = {
    "dc.type": ("reportType", {"report"}),
    "prism.edition": ("edition", {"book", "bookSection"}),
    "dc.rights": ("rights", None),
}
#: The prefixes of Embedded Metadata's RDF namespaces that this paper's pages could use.
RDF_PREFIXES = ("dc", "dcterms", "prism", "bibo", "eprints", "og")
#: Generic field -> the field's name in an item of a type.
TYPE_FIELDS = {
    "report": {"number": "reportNumber", "publisher": "institution"},
    "bookSection": {"publicationTitle": "bookTitle"},
}
CAPITALS = "A-Z\u0400-\u042f"


def _metas(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(tag["name"], tag.get("content", "")) for tag in page.head.find_all("meta", attrs={"name": True})]


def _first_ending_with(metas, name: str) -> str | None:
    return next((" ".join(content.split()) for tag, content in metas if tag.endswith(name) and content.strip()), None)


def _rdf_name(tag: str) -> str | None:
    """``prefix.property`` (lower case) of a tag the translator hands to its RDF reading, else None.

    The name is split at dots, colons and underscores; the prefix is the second part when there are
    more than two and it names a namespace ("x.DC.rights"), else the first."""
    parts = re.split(r"[.:_]", tag)
    prefix, length = None, 0
    if len(parts) > 2 and parts[1].lower() in RDF_PREFIXES:
        prefix, length = parts[1].lower(), len(parts[0]) + len(parts[1]) + 1
    elif parts[0].lower() in RDF_PREFIXES:
        prefix, length = parts[0].lower(), len(parts[0])
    return f"{prefix}.{tag[length + 1:].lower()}" if prefix else None


def clean_author(author: str, use_comma: bool) -> dict:
    """Zotero's ``cleanAuthor``: last and first name from one string."""
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    first = None
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        names = re.split(r"[,\u060c] ?", author)
        last, first = (names[0], names[1]) if len(names) > 1 else (author, None)
    else:
        # The last word that starts with a letter is the last name.
        space = len(author)
        while True:
            space = author.rfind(" ", 0, space)
            last, first = author[space + 1:], author[:max(space, 0)]
            if (last[:1].isalpha()) or space <= 0:
                break
    if first and re.fullmatch(f"[{CAPITALS}]+", first) and len(first) < 4 and (len(first) == 1 or last.upper() != last):
        first = " ".join(f"{letter}." for letter in first)
    if first:
        dashes = r"\s*([-\u00ad\u2010-\u2015\u2212\u2e3a\u2e3b])\s*"
        first = re.sub(dashes, "-", first.lstrip(" .").rstrip(" ,"), count=1)
        words = re.split(r"(?:[\s.]+|(?=-))", first)
        first = "".join(word + ("." if re.fullmatch(f"-?[{CAPITALS}]", word) else "") + " " for word in words)
        first = first.replace(" -", "-").strip()
    return {"lastName": last, "firstName": first}


def saved_creator(creator: dict) -> dict:
    """A creator as Zotero saves it: trimmed, and single-field when it has no first name."""
    last, first = creator["lastName"].strip(), (creator.get("firstName") or "").strip()
    return {"lastName": last, "firstName": first} if first else {"name": last}


def _creators(values: list[str]) -> list[dict]:
    creators, previous = [], None
    for value in values:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in names:
            name = name.strip()
            if not re.search(r"[^\s,\-.;]", name) or name == previous:
                continue
            previous = name
            creators.append(saved_creator(clean_author(name, "," in name)))
    return creators


def zotero_item(page: BeautifulSoup, page_url: str) -> dict:
    """The item Zotero's Embedded Metadata translator saves from a page loaded from ``page_url``."""
    metas = _metas(page)
    declared = guessed = None
    for tag, content in metas:
        short = tag[tag.rfind("citation_"):] if "citation_" in tag else tag
        if short in TYPE_TAGS and content:
            declared = TYPE_TAGS[short]
        elif short in GUESS_TAGS and content:
            guessed = guessed or GUESS_TAGS[short]
        elif short == "citation_isbn" and content:
            guessed = "book"
    rdf = [(name, content) for tag, content in metas if content and (name := _rdf_name(tag))]
    if not (declared or guessed or rdf):
        # Not Embedded Metadata's: the page is saved as a web page.
        webpage = {"itemType": "webpage", "title": " ".join(page.title.get_text().split()), "url": page_url}
        description = page.head.find("meta", attrs={"name": re.compile("^description$", re.I)})
        if description is not None:
            webpage["abstractNote"] = " ".join(description["content"].split())
        return webpage
    item = {"itemType": declared or guessed}
    for tag, (field, item_types) in RDF_FIELDS.items():
        value = next((content for name, content in rdf if name == tag), None)
        if value is not None and (item_types is None or item["itemType"] in item_types):
            item[field] = value
    for tag, field in FIELDS.items():
        if (value := _first_ending_with(metas, tag)) is not None:
            item[field] = value
    authors = [content for tag, content in metas if tag.endswith("citation_author") and content]
    item["creators"] = _creators(authors or [content for tag, content in metas if tag.endswith("citation_authors")])
    if "abstractNote" not in item:
        description = page.head.find("meta", attrs={"name": re.compile("^description$", re.I)})
        if description is not None:
            item["abstractNote"] = " ".join(description["content"].split())
    canonical = page.head.find("link", rel="canonical")
    item["url"] = urljoin(page_url, item.get("url") or (canonical["href"] if canonical else page_url))
    pdf = next((content for tag, content in metas if tag.endswith("citation_pdf_url")), None)
    item["attachments"] = (
        [{"title": "Full Text PDF", "url": urljoin(page_url, pdf), "mimeType": "application/pdf"}] if pdf else [])
    renamed = TYPE_FIELDS.get(item["itemType"], {})
    return {renamed.get(field, field): value for field, value in item.items()}


def zotero_ris_creator(line: str) -> dict:
    """A RIS ``AU`` value as Zotero's RIS import saves it."""
    last = re.split(r"\s*,\s*", line)[0]
    return saved_creator({"lastName": last, "firstName": re.sub(r"^\s*,\s*", "", line[len(last):])})
