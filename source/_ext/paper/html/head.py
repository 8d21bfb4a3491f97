"""What a page tells reference managers and search engines about itself, in its <head>.

HTML pages only (not EPUB). Each page of the paper describes the work it
cites (:mod:`paper.content.citable`): the root page the whole paper, a
report; a numbered section page that section, a part of the report. A page
that cites nothing, the references page, says only what it is (a
description), so that Zotero saves it as a web page, not as a second copy
of the paper. Every page that cites a work carries

* Highwire Press ``citation_*`` tags, which Google Scholar and Zotero's
  "Embedded Metadata" translator (run by the Zotero Connector, and the
  model for Mendeley's importer) read. The item type is declared, not left
  to a guess: ``citation_technical_report_institution`` makes the paper a
  report, with its version, "Version 1.0.0", as
  ``citation_technical_report_number`` (the report number, as Google
  Scholar's guidelines list both tags; see :mod:`paper.formats.downloads`);
  ``citation_inbook_title``, the paper's title, makes a section a book
  section. Authors are written by :func:`paper.formats.downloads.highwire_name`,
  each followed by its ``citation_author_institution`` (CFF
  ``affiliation``) and ``citation_author_orcid``. ``citation_public_url``
  is the cited address (a section's permanent anchor). Only the root page
  has ``citation_pdf_url``, the PDF in the site: Google Scholar takes that
  file as the record's full text, and its first page carries the paper's
  title, not a section's, so a section page that named it would invite a
  record of the paper under the section's title. A section is still saved
  by Zotero as a book section of the paper, without the PDF. The root page
  also lists the paper's references as ``citation_reference``;
* ``<meta name="description">``: the abstract's first sentences on the
  root page (which also has ``citation_abstract``, the whole abstract), the
  section's on a section page; what Zotero saves as the abstract when there
  is no ``citation_abstract``;
* Dublin Core ``DC.*`` tags and a schema.org JSON-LD block (``Report``,
  with its sections as ``Chapter`` parts). No ``DC.type``: Zotero reads it
  (through its RDF translator) as the report's type, so the DCMI type
  "Text" became the report type "Text" in every export and in APA
  ("Text 1.0.0"). A section page adds ``prism.edition``, "Version 1.0.0",
  which Zotero keeps as the book section's edition (a book section has no
  version field), so that its references name the version;
* which version it is: ``paper-version``, ``paper-release-date`` and
  ``paper-commit`` (what ``_static/versions.js`` and a reader's tools read).

Sphinx's own pages (the search page) get a description and the version
tags only. The whole paper on one page (:mod:`.single_page`) is the
paper's text once more, not another work: it gets a description, the
version tags and the root page's Highwire tags, each named with
:data:`SINGLE_PAGE_PREFIX` in front ("paper-single-page.citation_title").
Zotero's Embedded Metadata translator reads a tag by the end of its name
(so that publishers' prefixes such as ``bepress_`` work), and saves the
paper from the page in one click, the same item as from the root page;
Google Scholar's inclusion guidelines name the tags it reads exactly
(``citation_*``, ``bepress_citation_*``, ``eprints.*``, ``prism.*``,
``DC.*``), and this page has none of them, so it is not a second record of
the paper.

The canonical link, ``<link rel="canonical">``, is Sphinx's own: present
whenever the site's address is known; so are the FAIR Signposting links
of a page that cites a work (:mod:`.signposting`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from html import escape

from sphinx.application import Sphinx

from ..content.citable import citable, description, is_single_page, is_site, page_url, site_url
from ..content.settings import metadata
from ..formats.downloads import CitedWork, edition, highwire_name
from ..inputs.bibtex_text import plain
from ..inputs.citation_file import Creator
from .signposting import signposts


#: What the single page's copies of the root page's Highwire tags are named with in front.
SINGLE_PAGE_PREFIX = "paper-single-page."


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content)}" />'


# -- Highwire Press ---------------------------------------------------------------------


def author_tags(creator: Creator) -> list[str]:
    tags = [_meta("citation_author", highwire_name(creator))]
    if creator.affiliation:
        tags.append(_meta("citation_author_institution", creator.affiliation))
    if creator.orcid:
        tags.append(_meta("citation_author_orcid", creator.orcid))
    return tags


def reference_tags(app: Sphinx) -> list[str]:
    """``citation_reference`` for each cited entry, in the bibliography's order."""
    tags = []
    for citation in app.env.get_domain("cite").citations:
        entry = citation.entry
        fields = [("citation_title", plain(entry.fields["title"]))]
        # "and others" in a .bib file is a person named "others", not an author.
        fields += [("citation_author", plain(str(person)))
                   for person in entry.persons.get("author", []) if str(person) != "others"]
        for source, tag in (("journal", "citation_journal_title"), ("organization", "citation_publisher"),
                            ("doi", "citation_doi"), ("pmid", "citation_pmid"),
                            ("url", "citation_fulltext_html_url")):
            if source in entry.fields:
                fields.append((tag, plain(entry.fields[source]) if source != "url" else entry.fields[source]))
        date = entry.fields.get("date") or entry.fields.get("year")
        if date:
            fields.append(("citation_publication_date", str(date).replace("-", "/")))
        # Semicolons separate the fields of a Highwire reference.
        tags.append(_meta("citation_reference", "; ".join(f"{tag}={value.replace(';', ',')}" for tag, value in fields)))
    return tags


def highwire_tags(app: Sphinx, docname: str, work: CitedWork) -> list[str]:
    tags = [_meta("citation_title", work.title)]
    if work.is_part:
        tags.append(_meta("citation_inbook_title", work.container_title))
    for creator in work.creators:
        tags += author_tags(creator)
    tags.append(_meta("citation_publication_date", work.date.strftime("%Y/%m/%d")))
    if work.is_part:
        tags.append(_meta("citation_publisher", work.issuer))
    else:
        tags += [_meta("citation_technical_report_institution", work.issuer),
                 _meta("citation_technical_report_number", edition(work)),
                 _meta("citation_abstract", work.abstract)]
    tags.append(_meta("citation_public_url", page_url(app, docname, work.url)))
    if not work.is_part and work.pdf_url:
        # The PDF is the paper's full text, its first page the paper's title: Scholar takes the
        # file named by citation_pdf_url as the record's full text, so only the paper names it.
        tags.append(_meta("citation_pdf_url", page_url(app, docname, work.pdf_url)))
    tags += [
        _meta("citation_language", work.language),
        _meta("citation_keywords", "; ".join(work.keywords)),
    ]
    if work.doi:
        tags.append(_meta("citation_doi", work.doi))
    if docname == app.config.root_doc:
        tags += reference_tags(app)
    return tags


# -- Dublin Core and JSON-LD ----------------------------------------------------------------


def dublin_core_tags(app: Sphinx, docname: str, work: CitedWork, summary: str) -> list[str]:
    tags = [_meta("DC.title", work.title)]
    tags += [_meta("DC.creator", creator.name) for creator in work.creators]
    tags += [
        _meta("DC.date", work.date.isoformat()),
        _meta("DC.language", work.language),
        _meta("DC.rights", work.rights),
        _meta("DC.format", "text/html"),
        _meta("DC.identifier", site_url(app, app.builder.get_target_uri(docname))),
        _meta("DC.publisher", work.issuer),
    ]
    tags += [_meta("DC.subject", keyword) for keyword in work.keywords]
    tags.append(_meta("DC.description", work.abstract if not work.is_part else summary))
    if work.is_part:
        tags.append(_meta("DC.relation.isPartOf", work.container_title))
        # The paper's version is the edition of the book a section is part of;
        # Zotero keeps it as the book section's edition (its RDF reading of PRISM).
        tags.append(_meta("prism.edition", edition(work)))
    if work.doi:
        tags.append(_meta("DC.identifier", f"doi:{work.doi}"))
    return tags


def _json_ld_creator(creator: Creator) -> dict:
    if creator.is_person:
        person = {"@type": "Person", "name": creator.name, "givenName": creator.given,
                  "familyName": creator.family_name, "honorificSuffix": creator.suffix}
    else:
        person = {"@type": "Organization", "name": creator.entity}
    if creator.orcid:
        person["@id"] = creator.orcid
    if creator.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": creator.affiliation}
    return {key: value for key, value in person.items() if value}


def _json_ld_reference(entry) -> dict:
    reference = {"@type": "CreativeWork", "name": plain(entry.fields["title"])}
    if "doi" in entry.fields:
        reference["sameAs"] = f"https://doi.org/{entry.fields['doi']}"
    return reference


def json_ld(app: Sphinx, docname: str, work: CitedWork) -> dict:
    paper = citable(app).paper
    report = {
        "@type": "Report",
        "@id": paper.url,
        "url": paper.url,
        "name": paper.title,
        "headline": paper.title,
        "author": [_json_ld_creator(creator) for creator in paper.creators],
        "publisher": {"@type": "Organization", "name": paper.issuer},
        "datePublished": paper.date.isoformat(),
        "version": paper.version,
        "reportNumber": edition(paper),
        "inLanguage": paper.language,
        "license": paper.rights,
        "keywords": list(paper.keywords),
        "abstract": paper.abstract,
    }
    if paper.pdf_url:
        report["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": paper.pdf_url}
    if paper.doi:
        report["identifier"] = f"https://doi.org/{paper.doi}"
    if not work.is_part:
        report["hasPart"] = [
            {"@type": "Chapter", "name": part.title, "position": int(part.number), "url": part.url}
            for part in citable(app).sections()
        ]
        report["citation"] = [_json_ld_reference(citation.entry) for citation in app.env.get_domain("cite").citations]
        return {"@context": "https://schema.org", **report}
    return {
        "@context": "https://schema.org",
        "@type": "Chapter",
        "@id": work.url,
        "url": work.url,
        "name": work.title,
        "headline": work.title,
        "position": int(citable(app).part(docname).number),
        "author": report["author"],
        "datePublished": report["datePublished"],
        "inLanguage": report["inLanguage"],
        "description": work.abstract,
        "isPartOf": report,
    }


# -- The version ------------------------------------------------------------------------------


def version_tags(app: Sphinx) -> list[str]:
    meta = metadata(app)
    tags = [_meta("paper-version", meta.version), _meta("paper-release-date", meta.date.isoformat())]
    if app.config.paper_commit:
        tags.append(_meta("paper-commit", app.config.paper_commit))
    return tags


def single_page_tags(app: Sphinx) -> list[str]:
    """The root page's Highwire and Dublin Core tags, renamed with :data:`SINGLE_PAGE_PREFIX`:
    Zotero's, not Scholar's. They cite the paper at its root page's address."""
    root = app.config.root_doc
    # The root page's own address, which the single page's builder (whose root is "") does not give.
    paper = replace(citable(app).paper, url=site_url(app, f"{root}{app.config.html_file_suffix or '.html'}"))
    tags = [*highwire_tags(app, root, paper), *dublin_core_tags(app, root, paper, description(app, root))]
    return [tag.replace('<meta name="', f'<meta name="{SINGLE_PAGE_PREFIX}', 1) for tag in tags]


# -- The page's <head> ------------------------------------------------------------------------


def paper_page_tags(app: Sphinx, docname: str) -> list[str]:
    """The tags of a page of the paper: what it cites, described for every kind of reader.

    A page that cites nothing (the references page) gets a description only:
    it is a page of the paper, not the paper, and tags describing the paper
    there make Zotero save it as a second copy of the whole report.
    """
    cited = citable(app)
    work = cited.work(docname)
    if work is None:
        what = app.env.titles[docname].astext() if docname in app.env.titles else docname.capitalize()
        return [_meta("description", description(app, docname) or f"{what}: {metadata(app).title}.")]
    summary = description(app, docname) or f"{docname.replace('-', ' ').capitalize()}: {work.title}."
    tags = [_meta("description", summary), *highwire_tags(app, docname, work),
            *dublin_core_tags(app, docname, work, summary)]
    # "</" would end the script element early.
    data = json.dumps(json_ld(app, docname, work), ensure_ascii=False, indent=1).replace("</", "<\\/")
    tags.append(f'<script type="application/ld+json">\n{data}\n</script>')
    return tags + signposts(app, docname)


def add_head(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every tag the page adds to its <head>."""
    if is_single_page(app) and pagename == app.config.root_doc:
        # The paper's text once more, not another work to cite (paper.html.single_page).
        tags = [_meta("description", description(app, pagename)), *single_page_tags(app)]
    elif not is_site(app):
        return
    elif pagename in app.env.found_docs:
        tags = paper_page_tags(app, pagename)
    else:
        # Sphinx's own pages: the search page, the index.
        what = context.get("title") or pagename.capitalize()
        tags = [_meta("description", f"{what}: {metadata(app).title}.")]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n" + "".join(
        tag + "\n" for tag in version_tags(app))
