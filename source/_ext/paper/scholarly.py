"""Citable down to a section: scholarly metadata, "Cite this" blocks, stable labels.

Everything here is drawn from CITATION.cff (through :mod:`.metadata`) and from
the build itself, so nothing is typed twice.

HTML pages only (not EPUB):

* every page carries Highwire Press ``citation_*`` tags (what Google Scholar
  and Zotero read), Dublin Core ``DC.*`` tags and a schema.org
  ``ScholarlyArticle`` JSON-LD block. The Highwire tags always describe the
  whole paper, because Highwire has no notion of a part; the Dublin Core and
  JSON-LD of a section page describe the section as part of the article. The
  root page also lists the paper's references as ``citation_reference``;
* the root page and every numbered section page get a "Cite this" dropdown:
  an APA-like and a Vancouver reference, a BibTeX entry and copy buttons
  (``_static/cite.js``, local), and a link to the whole paper's ``.bib``,
  which is written next to the HTML (``amcenestrant.bib``). A section is
  cited by its number and heading at its permanent anchor, its label.

Addresses are absolute when ``html_baseurl`` is known (see :mod:`.metadata`)
and otherwise relative: to the page in meta tags and links, to the site's
root in the written references. ``paper_pdf_path`` says where the PDF is,
relative to the HTML root; its default is where ``make`` puts it
(``../latex/amcenestrant.pdf``), and a published site that places the PDF
elsewhere sets it (``.readthedocs.yaml`` does).

In every build, each section, figure and table must have an explicit label,
because labels are the paper's public link contract (``objects.inv``): a
heading can then be reworded without moving its anchor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import Text
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.osutil import relative_uri
from sphinx_design.dropdown import dropdown_main, dropdown_title
from sphinx_design.icons import get_octicon

from .metadata import Creator, PaperMetadata, metadata, output_name

PLAIN_TEXT = PlainTextBackend()

logger = logging.getLogger(__name__)

#: Builders whose pages get the metadata and the blocks (EPUB readers run no JavaScript).
HTML_BUILDERS = ("html", "dirhtml")
#: The node types that must carry an explicit label, with the prefix used in messages.
LABELLED = ((nodes.section, "section", "sec-"), (nodes.figure, "figure", "fig-"), (nodes.table, "table", "tbl-"))


@dataclass(frozen=True)
class CitedPart:
    """What a reference points at: the whole paper, or one numbered section."""

    label: str
    url: str
    number: str = ""
    heading: str = ""

    @property
    def is_section(self) -> bool:
        return bool(self.number)

    @property
    def title(self) -> str:
        """``Section 3. AMEERA-3: …`` for a section."""
        return f"Section {self.number}. {self.heading}"


# -- Addresses ---------------------------------------------------------------------


def bib_file_name(app: Sphinx) -> str:
    return output_name(app.config, ".bib")


def site_url(app: Sphinx, path: str) -> str:
    """A path from the site's root as an address: absolute when the base URL is known."""
    return urljoin(app.config.html_baseurl, path) if app.config.html_baseurl else path


def page_url(app: Sphinx, docname: str, path: str) -> str:
    """A path from the site's root as a page links to it: absolute, or relative to the page."""
    if app.config.html_baseurl:
        return site_url(app, path)
    return relative_uri(app.builder.get_target_uri(docname), path)


def index_parts(app: Sphinx, builder) -> None:
    """Work out, once per build, which part each page cites: the paper (root) or a numbered section.

    A page's part is named by the first (in sorted order) label on its title;
    one pass over the labels serves every page. Called when writing starts,
    once the sections are numbered.
    """
    env = app.env
    app.paper_parts = {}
    if app.builder.name not in HTML_BUILDERS:
        return
    first_label: dict[str, str] = {}
    for name, (docname, _, section_name) in sorted(env.domains.standard_domain.labels.items()):
        title = env.titles.get(docname)
        if title is not None and section_name == title.astext():
            first_label.setdefault(docname, name)
    parts = {}
    for docname, label in first_label.items():
        page = app.builder.get_target_uri(docname)
        if docname == app.config.root_doc:
            parts[docname] = CitedPart(label=label, url=site_url(app, page))
        elif number := env.toc_secnumbers.get(docname, {}).get(""):
            parts[docname] = CitedPart(
                label=label, url=site_url(app, f"{page}#{label}"),
                number=".".join(map(str, number)), heading=env.titles[docname].astext(),
            )
    app.paper_parts = parts


def cited_part(app: Sphinx, docname: str) -> CitedPart | None:
    """The part a page cites: the paper (root), a numbered section, or nothing."""
    return app.paper_parts.get(docname)


# -- References in three styles -----------------------------------------------------


def _apa_name(creator: Creator) -> str:
    if not creator.is_person:
        return creator.entity
    name = ", ".join(filter(None, (creator.family_name, creator.initials())))
    return f"{name}, {creator.suffix}" if creator.suffix else name


def _vancouver_name(creator: Creator) -> str:
    if not creator.is_person:
        return creator.entity
    return " ".join(filter(None, (creator.family_name, creator.initials(stops=False), creator.suffix)))


def _bibtex_name(creator: Creator) -> str:
    # Braces keep an entity's name whole rather than split into first and last;
    # "von Last, Jr, First" is the BibTeX form that keeps a particle and a suffix.
    if not creator.is_person:
        return f"{{{creator.entity}}}"
    return ", ".join(filter(None, (creator.family_name, creator.suffix, creator.given)))


def _with_full_stop(text: str) -> str:
    return text if text.endswith(".") else f"{text}."


def apa_reference(meta: PaperMetadata, part: CitedPart) -> str:
    names = [_apa_name(creator) for creator in meta.creators]
    authors = names[0] if len(names) == 1 else f"{', '.join(names[:-1])}, & {names[-1]}"
    where = f"https://doi.org/{meta.doi}" if meta.doi and not part.is_section else part.url
    if part.is_section:
        work = f"{_with_full_stop(part.title)} In {meta.title} (Version {meta.version})."
    else:
        work = f"{meta.title} (Version {meta.version})."
    return f"{_with_full_stop(authors)} ({meta.date.year}). {work} {where}"


def vancouver_reference(meta: PaperMetadata, part: CitedPart) -> str:
    authors = ", ".join(_vancouver_name(creator) for creator in meta.creators)
    date = f"{meta.date.year} {meta.date:%b} {meta.date.day}"
    section = f" Section {part.number}, {_with_full_stop(part.heading)}" if part.is_section else ""
    doi = f" doi:{meta.doi}" if meta.doi else ""
    return (
        f"{_with_full_stop(authors)} {meta.title} [Internet]. Version {meta.version}. {date}.{section}"
        f" Available from: {part.url}{doi}"
    )


def _bibtex_value(text: str) -> str:
    for special in "&%$#_":
        text = text.replace(special, f"\\{special}")
    return text


def bibtex_key(meta: PaperMetadata, part: CitedPart) -> str:
    """``amcenestrant2026``, or ``amcenestrant2026-sec-ameera-3`` for a section."""
    first = meta.creators[0]
    word = (first.family if first.is_person else first.entity).split()[0]
    key = f"{''.join(filter(str.isalnum, word)).lower()}{meta.date.year}"
    return f"{key}-{part.label}" if part.is_section else key


def bibtex_entry(meta: PaperMetadata, part: CitedPart) -> str:
    """A BibTeX entry: ``@incollection`` for a section, ``@misc`` for the paper."""
    # Double braces keep the titles' capitals (AMEERA-3, SERD) as written.
    fields = [("author", " and ".join(_bibtex_name(creator) for creator in meta.creators))]
    if part.is_section:
        fields += [("title", f"{{{part.title}}}"), ("booktitle", f"{{{meta.title}}}")]
    else:
        fields.append(("title", f"{{{meta.title}}}"))
    fields += [
        ("year", str(meta.date.year)),
        ("date", meta.date.isoformat()),
        ("version", meta.version),
        ("url", part.url),
    ]
    if meta.doi:
        fields.append(("doi", meta.doi))
    kind = "incollection" if part.is_section else "misc"
    body = ",\n".join(f"  {name} = {{{_bibtex_value(value) if name != 'url' else value}}}" for name, value in fields)
    return f"@{kind}{{{bibtex_key(meta, part)},\n{body}\n}}\n"


# -- The "Cite this" block ------------------------------------------------------------


def _copy_button(target: str, what: str) -> nodes.raw:
    # Hidden until cite.js, which makes it work, has loaded.
    html = f'<button type="button" class="cite-copy" data-copy="{target}" hidden>Copy {escape(what)}</button>'
    return nodes.raw("", html, format="html")


def _style_heading(name: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong(text=name), classes=["cite-style", "sd-card-text"])


#: The formatted references a block shows: element id, name, formatter.
STYLES = (("apa", "APA", apa_reference), ("vancouver", "Vancouver", vancouver_reference))


def cite_block(app: Sphinx, docname: str, part: CitedPart) -> nodes.Element:
    """A closed sphinx-design dropdown holding the references, BibTeX and the .bib link."""
    meta = metadata(app)
    what = "section" if part.is_section else "paper"
    body = nodes.container(classes=["sd-summary-content", "sd-card-body"])
    for style, name, reference in STYLES:
        body += _style_heading(name)
        body += nodes.paragraph(text=reference(meta, part), ids=[f"cite-{style}"], classes=["cite-text", "sd-card-text"])
        body += _copy_button(f"cite-{style}", f"{name} reference")
    entry = bibtex_entry(meta, part)
    body += _style_heading("BibTeX")
    body += nodes.literal_block(entry, entry, language="none", ids=["cite-bibtex"], classes=["cite-bibtex"])
    body += _copy_button("cite-bibtex", "BibTeX entry")
    bib = bib_file_name(app)
    body += nodes.paragraph(
        "", "", nodes.reference("", f"Download the whole paper's BibTeX ({bib})", refuri=page_url(app, docname, bib)),
        classes=["cite-download", "sd-card-text"],
    )
    body += nodes.raw("", '<p class="cite-status" role="status"></p>', format="html")

    marker = nodes.inline(
        "", "", nodes.raw("", get_octicon("chevron-right", height="1.5em"), format="html"),
        classes=["sd-summary-state-marker", "sd-summary-chevron-right"],
    )
    title = dropdown_title(
        "", "", nodes.inline("", f"Cite this {what}", classes=["sd-summary-text"]), marker,
        classes=["sd-summary-title", "sd-card-header"],
    )
    block = dropdown_main(
        opened=False, classes=["sd-sphinx-override", "sd-dropdown", "sd-card", "sd-mb-3", "cite-this"]
    )
    block += title
    block += body
    return block


def add_cite_block(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the block under a section page's heading, or after the root's "How to cite"."""
    if app.builder.name not in HTML_BUILDERS:
        return
    part = cited_part(app, docname)
    if part is None:
        return
    how_to_cite = [node for node in doctree.findall(nodes.paragraph) if "how-to-cite" in node["classes"]]
    anchor = how_to_cite[0] if how_to_cite and not part.is_section else doctree.next_node(nodes.section)[0]
    anchor.parent.insert(anchor.parent.index(anchor) + 1, cite_block(app, docname, part))


# -- Meta tags --------------------------------------------------------------------------


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content)}" />'


def _highwire_name(creator: Creator) -> str:
    return f"{creator.family_name}, {creator.given}" if creator.is_person else creator.entity


def _plain(latex: str) -> str:
    """A .bib field as plain text: braces and LaTeX markup removed."""
    # render_as("text") would look the backend up among installed plugins on
    # every call, which costs about a second a build.
    return Text.from_latex(latex).render(PLAIN_TEXT)


def reference_tags(app: Sphinx) -> list[str]:
    """``citation_reference`` for each cited entry, in the bibliography's order."""
    tags = []
    for citation in app.env.get_domain("cite").citations:
        entry = citation.entry
        fields = [("citation_title", _plain(entry.fields["title"]))]
        # "and others" in a .bib file is a person named "others", not an author.
        fields += [("citation_author", _plain(str(person)))
                   for person in entry.persons.get("author", []) if str(person) != "others"]
        for source, tag in (("journal", "citation_journal_title"), ("organization", "citation_publisher"),
                            ("doi", "citation_doi"), ("pmid", "citation_pmid"),
                            ("url", "citation_fulltext_html_url")):
            if source in entry.fields:
                fields.append((tag, _plain(entry.fields[source]) if source != "url" else entry.fields[source]))
        date = entry.fields.get("date") or entry.fields.get("year")
        if date:
            fields.append(("citation_publication_date", str(date).replace("-", "/")))
        # Semicolons separate the fields of a Highwire reference.
        tags.append(_meta("citation_reference", "; ".join(f"{tag}={value.replace(';', ',')}" for tag, value in fields)))
    return tags


def _json_ld_creator(creator: Creator) -> dict:
    if creator.is_person:
        return {"@type": "Person", "familyName": creator.family_name, "givenName": creator.given, "name": creator.name}
    return {"@type": "Organization", "name": creator.entity}


def json_ld(app: Sphinx, docname: str, part: CitedPart | None) -> dict:
    meta = metadata(app)
    paper = cited_part(app, app.config.root_doc)
    article = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": paper.url,
        "url": paper.url,
        "name": meta.title,
        "headline": meta.title,
        "author": [_json_ld_creator(creator) for creator in meta.creators],
        "datePublished": meta.date.isoformat(),
        "version": meta.version,
        "inLanguage": app.config.language,
        "license": meta.licence_url or meta.licence,
        "keywords": list(meta.keywords),
        "abstract": meta.abstract,
        "encoding": {"@type": "MediaObject", "encodingFormat": "application/pdf",
                     "contentUrl": site_url(app, app.config.paper_pdf_path)},
    }
    if meta.doi:
        article["identifier"] = f"https://doi.org/{meta.doi}"
    sections = [found for found in app.paper_parts.values() if found.is_section]
    if part is None or not part.is_section:
        article["hasPart"] = [
            {"@type": "ScholarlyArticle", "name": found.title, "position": int(found.number), "url": found.url}
            for found in sorted(sections, key=lambda found: int(found.number))
        ]
        article["citation"] = [
            {"@type": "CreativeWork", "name": _plain(citation.entry.fields["title"]),
             **({"sameAs": f"https://doi.org/{citation.entry.fields['doi']}"} if "doi" in citation.entry.fields else {})}
            for citation in app.env.get_domain("cite").citations
        ]
        return article
    return {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": part.url,
        "url": part.url,
        "name": part.title,
        "headline": part.title,
        "position": int(part.number),
        "author": article["author"],
        "datePublished": article["datePublished"],
        "inLanguage": article["inLanguage"],
        "isPartOf": {key: value for key, value in article.items() if key != "@context"},
    }


def meta_tags(app: Sphinx, docname: str) -> str:
    meta = metadata(app)
    part = cited_part(app, docname)
    is_root = docname == app.config.root_doc
    pdf = page_url(app, docname, app.config.paper_pdf_path)
    language = app.config.language
    tags = [_meta("citation_title", meta.title)]
    tags += [_meta("citation_author", _highwire_name(creator)) for creator in meta.creators]
    tags += [
        _meta("citation_publication_date", meta.date.strftime("%Y/%m/%d")),
        _meta("citation_pdf_url", pdf),
        _meta("citation_language", language),
        _meta("citation_keywords", "; ".join(meta.keywords)),
    ]
    if meta.doi:
        tags.append(_meta("citation_doi", meta.doi))
    if is_root:
        tags += reference_tags(app)

    title = part.title if part and part.is_section else meta.title
    tags.append(_meta("DC.title", title))
    tags += [_meta("DC.creator", creator.name) for creator in meta.creators]
    tags += [
        _meta("DC.date", meta.date.isoformat()),
        _meta("DC.language", language),
        _meta("DC.rights", meta.licence_url or meta.licence),
        _meta("DC.type", "Text"),
        _meta("DC.format", "text/html"),
        _meta("DC.identifier", site_url(app, app.builder.get_target_uri(docname))),
    ]
    tags += [_meta("DC.subject", keyword) for keyword in meta.keywords]
    if is_root:
        tags.append(_meta("DC.description", meta.abstract))
    else:
        tags.append(_meta("DC.relation.isPartOf", meta.title))
    if meta.doi:
        tags.append(_meta("DC.identifier", f"doi:{meta.doi}"))

    # "</" would end the script element early.
    data = json.dumps(json_ld(app, docname, part), ensure_ascii=False, indent=1).replace("</", "<\\/")
    tags.append(f'<script type="application/ld+json">\n{data}\n</script>')
    return "\n".join(tags) + "\n"


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in HTML_BUILDERS or pagename not in app.env.found_docs:
        return
    context["metatags"] = context.get("metatags", "") + meta_tags(app, pagename)
    if cited_part(app, pagename):
        app.add_css_file("cite.css")
        app.add_js_file("cite.js", loading_method="defer")


def write_bib_file(app: Sphinx, exception: Exception | None) -> None:
    """The whole paper's BibTeX, next to the HTML, for the blocks' download link."""
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    meta = metadata(app)
    (Path(app.outdir) / bib_file_name(app)).write_text(
        bibtex_entry(meta, cited_part(app, app.config.root_doc)), encoding="utf-8"
    )


# -- Labels -------------------------------------------------------------------------------


def check_labels(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about every section, figure or table without an explicit label."""
    for node_type, kind, prefix in LABELLED:
        for node in doctree.findall(node_type):
            if any(doctree.nametypes.get(name) for name in node["names"]):
                continue
            title = next(iter(node.findall(nodes.title)), None) or next(iter(node.findall(nodes.caption)), None)
            what = f" '{title.astext()}'" if title is not None else ""
            logger.warning(
                "%s%s has no label; links to it would break when it is reworded. Give it one, "
                "such as (%sexample)= above a heading or :name: %sexample on a figure or table.",
                kind.capitalize(), what, prefix, prefix, location=node,
            )


def default_pdf_path(app: Sphinx, config: Config) -> None:
    if not config.paper_pdf_path:
        config.paper_pdf_path = f"../latex/{output_name(config, '.pdf')}"


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")
    app.setup_extension("paper.metadata")
    app.add_config_value("paper_pdf_path", "", "html", types=[str])
    # After the configuration is read (paper_basename).
    app.connect("config-inited", default_pdf_path, priority=600)
    app.connect("doctree-read", check_labels)
    app.connect("write-started", index_parts)
    app.connect("doctree-resolved", add_cite_block)
    app.connect("html-page-context", add_page_metadata)
    app.connect("build-finished", write_bib_file)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
