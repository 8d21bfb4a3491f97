"""JATS Archiving and Interchange 1.4: the pieces of the XML, and its validation.

Pure Python and lxml: the front matter from CITATION.cff
(:func:`article_meta`), a reference from its BibTeX entry
(:func:`element_citation`), small element helpers, and validation against
the official DTD, offline: the document's public identifier is looked up in
the XML catalogue of the npm package ``@jats4r/dtds`` and the DTD file it
names is loaded with lxml (:func:`validation_errors`). The ``jats`` builder
(:mod:`paper.jats`) assembles the article from the paper's document tree.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..inputs.bibtex_text import plain  # a .bib field as the reference list prints it
from ..inputs.citation_file import Creator, PaperMetadata
from ..inputs.declarations import CREDIT, Declarations, Role
from ..inputs.errors import InputError
from .downloads import published
from .vancouver import date_parts, vancouver_date

PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.4 20241031//EN"
SYSTEM_ID = "https://jats.nlm.nih.gov/archiving/1.4/JATS-archivearticle1-4.dtd"
XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
CATALOG = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
HREF = f"{{{XLINK}}}href"
#: What a link is, for a reader whose link text is the bare address (JATS4R).
LINK_TITLE = f"{{{XLINK}}}title"
#: BibTeX entry types and the JATS ``publication-type`` they become.
PUBLICATION_TYPES = {
    "article": "journal",
    "book": "book", "booklet": "book", "inbook": "book", "incollection": "book",
    "inproceedings": "confproc", "conference": "confproc", "proceedings": "confproc",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report",
    "online": "webpage", "www": "webpage", "electronic": "webpage",
    "patent": "patent", "dataset": "data", "software": "software",
}
#: Entry types whose ``title`` is a part of the ``source`` (a journal, a book, a site).
PART_TYPES = {"article", "inbook", "incollection", "inproceedings", "conference", "online", "www", "electronic"}
#: BibTeX fields that name the work a part belongs to, in order of preference.
SOURCE_FIELDS = ("journal", "journaltitle", "booktitle", "series")
SIMPLE_FIELDS = (  # BibTeX field -> JATS element
    ("volume", "volume"), ("number", "issue"), ("issue", "issue"), ("edition", "edition"),
    ("publisher", "publisher-name"), ("address", "publisher-loc"), ("location", "publisher-loc"),
    ("isbn", "isbn"), ("issn", "issn"),
)
PUB_IDS = (("doi", "doi"), ("pmid", "pmid"), ("pmcid", "pmcid"), ("arxiv", "arxiv"))


class JATSError(InputError):
    category = "JATS error"


# -- Validation ----------------------------------------------------------------------


def dtd_path(catalog: Path, public_id: str) -> Path:
    """The DTD file an XML catalogue maps a public identifier to."""
    try:
        entries = etree.parse(str(catalog)).iter(f"{{{CATALOG}}}public")
    except OSError as exc:
        raise JATSError(f"{catalog}: the JATS DTDs are not installed; run `make jats`, which installs them") from exc
    for entry in entries:
        if entry.get("publicId") == public_id:
            return catalog.parent / entry.get("uri")
    raise JATSError(f"{catalog}: no DTD for {public_id!r}")


def validation_errors(xml: Path, catalog: Path) -> list[str]:
    """``file:line: message`` for each place where the file breaks its DTD."""
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    document = etree.parse(str(xml), parser)
    dtd = etree.DTD(str(dtd_path(catalog, document.docinfo.public_id)))
    if dtd.validate(document):
        return []
    return [f"{xml}:{error.line}: {error.message}" for error in dtd.error_log.filter_from_errors()]


# -- Small pieces ----------------------------------------------------------------------


def element(tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    made = etree.Element(tag, {name.replace("_", "-"): value for name, value in attributes.items() if value})
    made.text = text
    return made


def child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    made = element(tag, text, **attributes)
    parent.append(made)
    return made


def append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# -- Front matter --------------------------------------------------------------------


def _name(parent: etree._Element, surname: str, given: str = "", suffix: str = "") -> None:
    name = child(parent, "name", name_style="western")
    if surname:
        child(name, "surname", surname)
    if given:
        child(name, "given-names", given)
    if suffix:
        child(name, "suffix", suffix)


def credit_role(role: Role) -> etree._Element:
    """A contribution as JATS4R writes a CRediT role: the term's name, and the vocabulary's and the term's addresses."""
    return element("role", role.name, vocab="credit", vocab_identifier=CREDIT, vocab_term=role.name,
                   vocab_term_identifier=role.url)


def contrib_group(creators: tuple[Creator, ...], contributions: dict | None = None) -> etree._Element:
    """The authors, with their CRediT roles; each affiliation is one ``aff``, which its authors point to."""
    group = element("contrib-group")
    affiliations = list(dict.fromkeys(creator.affiliation for creator in creators if creator.affiliation))
    for creator in creators:
        contrib = child(group, "contrib", contrib_type="author")
        if creator.orcid:
            child(contrib, "contrib-id", creator.orcid, contrib_id_type="orcid")
        if not creator.is_person:
            child(contrib, "collab", creator.entity)
        elif creator.family or creator.given:
            # The particle stays with the family name: "van den Berg".
            _name(contrib, creator.family_name, creator.given, creator.suffix)
        else:
            child(contrib, "string-name", creator.alias)
        contrib.extend(credit_role(role) for role in (contributions or {}).get(creator.name, ()))
        if creator.affiliation:
            child(contrib, "xref", ref_type="aff", rid=f"aff{affiliations.index(creator.affiliation) + 1}")
    for number, affiliation in enumerate(affiliations, start=1):
        child(child(group, "aff", id=f"aff{number}"), "institution", affiliation)
    return group


def permissions(meta: PaperMetadata) -> etree._Element:
    held = element("permissions")
    child(held, "copyright-statement", f"© {meta.date.year} {meta.author_line}")
    child(held, "copyright-year", str(meta.date.year))
    child(held, "copyright-holder", meta.author_line)
    for licence in meta.licences:
        stated = child(held, "license")
        stated.set(HREF, licence.url)
        child(stated, f"{{{ALI}}}license_ref", licence.url)
        child(stated, "license-p", f"Licensed under the {licence.name} ({licence.spdx}).")
    return held


def self_uri(href: str, content_type: str, text: str) -> etree._Element:
    uri = element("self-uri", text, content_type=content_type)
    uri.set(HREF, href)
    return uri


def funding_group(declarations: Declarations) -> etree._Element:
    """The funders and their awards, then the funding statement."""
    group = element("funding-group")
    for funder in declarations.funders:
        award = child(group, "award-group")
        child(award, "funding-source", funder.name)
        if funder.award:
            child(award, "award-id", funder.award)
    child(group, "funding-statement", declarations.funding)
    return group


def data_availability(declarations: Declarations) -> etree._Element:
    """The back matter's data availability section (JATS4R)."""
    section = element("sec", sec_type="data-availability")
    child(section, "title", "Data availability")
    child(section, "p", declarations.data_availability)
    return section


def article_meta(meta: PaperMetadata, title: str, html_url: str, pdf_url: str, commit: str,
                 declarations: Declarations | None = None) -> etree._Element:
    """The front matter's ``article-meta``: the paper as CITATION.cff describes it, its addresses and commit,
    and what it declares: contributions, competing interests and funding (JATS4R's places for them)."""
    article = element("article-meta")
    if meta.doi:
        child(article, "article-id", meta.doi, pub_id_type="doi")
    child(article, "article-version", meta.version, article_version_type="version")
    child(child(article, "title-group"), "article-title", title)
    article.append(contrib_group(meta.creators, declarations.contributions if declarations else None))
    if declarations:
        statement = child(child(article, "author-notes"), "fn", fn_type="coi-statement")
        child(statement, "p", declarations.competing_interests)
    date = child(article, "pub-date", publication_format="electronic", date_type="pub",
                 iso_8601_date=meta.date.isoformat())
    child(date, "day", f"{meta.date.day:02d}")
    child(date, "month", f"{meta.date.month:02d}")
    child(date, "year", str(meta.date.year))
    article.append(permissions(meta))
    for href, content_type, text in ((html_url, "html", "The paper as a web page"), (pdf_url, "pdf", "The paper as a PDF")):
        if published(href):
            article.append(self_uri(href, content_type, text))
    child(child(article, "abstract"), "p", meta.abstract)
    keywords = child(article, "kwd-group", kwd_group_type="author")
    for keyword in meta.keywords:
        child(keywords, "kwd", keyword)
    if declarations:
        article.append(funding_group(declarations))
    if commit:
        custom = child(child(article, "custom-meta-group"), "custom-meta")
        child(custom, "meta-name", "commit")
        child(custom, "meta-value", commit)
    return article


# -- References ----------------------------------------------------------------------


def person_group(entry, role: str) -> etree._Element | None:
    persons = entry.persons.get(role, [])
    if not persons:
        return None
    group = element("person-group", person_group_type=role)
    for person in persons:
        if str(person) == "others":  # "and others" in BibTeX
            child(group, "etal")
            continue
        surname = plain(" ".join(person.prelast_names + person.last_names))
        given = plain(" ".join(person.first_names + person.middle_names))
        if not given and person.last_names[0].startswith("{"):
            child(group, "collab", surname)  # {Braced Name}: an organisation
        else:
            _name(group, surname, given, plain(" ".join(person.lineage_names)))
    return group


def _date(citation: etree._Element, fields) -> None:
    date = str(fields.get("date", ""))
    parts = date.split("-") if date else [str(fields.get("year", ""))]
    if parts[0]:
        child(citation, "year", parts[0], iso_8601_date=date)
    for tag, part in zip(("month", "day"), parts[1:]):
        child(citation, tag, part)


def element_citation(entry) -> etree._Element:
    """One BibTeX entry as a JATS ``element-citation``."""
    fields = entry.fields
    citation = element("element-citation", publication_type=PUBLICATION_TYPES.get(entry.type, "other"))
    for role in ("author", "editor"):
        group = person_group(entry, role)
        if group is not None:
            citation.append(group)
    source = next((fields[name] for name in SOURCE_FIELDS if name in fields), None)
    if entry.type in {"online", "www", "electronic"}:
        source = source or fields.get("organization")
    if "title" in fields:
        is_part = entry.type in PART_TYPES or source is not None
        child(citation, "article-title" if is_part else "source", plain(fields["title"]))
    if source is not None:
        child(citation, "source", plain(source))
    for name in ("organization", "institution", "school"):
        if name in fields and plain(fields[name]) != (plain(source) if source else None):
            child(citation, "institution", plain(fields[name]))
    _date(citation, fields)
    for name, tag in SIMPLE_FIELDS:
        if name in fields:
            child(citation, tag, plain(fields[name]))
    if "pages" in fields:
        first, _, last = plain(fields["pages"]).replace("–", "-").partition("-")
        child(citation, "fpage", first.strip())
        if last.strip("- "):
            child(citation, "lpage", last.strip("- "))
    for name, kind in PUB_IDS:
        if name in fields:
            child(citation, "pub-id", fields[name], pub_id_type=kind)
    if "url" in fields:
        # When it was seen, as the reference list prints it ("cited 2026 Nov 25").
        accessed = date_parts(entry, "urldate")
        if accessed:
            child(citation, "date-in-citation", f"cited {vancouver_date(accessed)}",
                  content_type="access-date", iso_8601_date=fields["urldate"])
        link = child(citation, "ext-link", fields["url"], ext_link_type="uri")
        link.set(HREF, fields["url"])
        if "title" in fields:
            link.set(LINK_TITLE, plain(fields["title"]))
    return citation
