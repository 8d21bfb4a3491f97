"""The paper as JATS XML: a Sphinx builder for JATS Archiving and Interchange 1.4.

JATS is the XML that archives, indexers and publishers' systems read. The
``jats`` builder (``make jats``) writes the whole paper into one file,
``_build/jats/<paper>.xml``, from the same resolved document tree as the HTML
and the PDF, with its figures beside it in ``_images/`` (the folder and file
names the HTML uses, so that in a release the XML sits in the HTML site and
its graphics resolve there). It is the Archiving tag set, not Publishing:
Publishing requires a journal ISSN, which a self-published paper lacks.

What becomes what:

* front matter, from CITATION.cff: title, contributors (ORCID as
  ``contrib-id``, affiliations as ``aff``), publication date, version, commit,
  licence in ``permissions``, abstract, keywords, and ``self-uri`` to the HTML
  and the PDF in it (absolute when the site's address is known, otherwise
  relative to the HTML site, where a release puts this file);
* sections: ``sec`` with the paper's own labels as ids and their numbers as
  ``label``; figures: ``fig`` with label, caption and ``graphic`` (with its
  alt text); tables: ``table-wrap`` with the XHTML table model;
* citations: ``xref ref-type="bibr"``; cross-references: ``xref`` of the
  target's kind;
* the bibliography: a ``ref-list`` of ``element-citation``s, with the numbers
  and ids of the HTML, built from the BibTeX entries that sphinxcontrib-bibtex
  resolved (DOI and PMID as ``pub-id``).

The file is validated against the official DTD, offline: the document's public
identifier is looked up in the XML catalogue of the npm package
``@jats4r/dtds`` (``paper_jats_catalog``) and the DTD file it names is loaded
with lxml. Anything the DTD rejects stops the build with the file and line.
A document node the builder has no JATS for is a warning (an error in the
strict build), so new kinds of content cannot silently vanish from the XML.
``{raw} jats`` blocks pass their XML through.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from lxml import etree
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.ext import graphviz as sphinx_graphviz
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees

from .errors import InputError, stop
from .forest_plot import forest_plot
from .metadata import Creator, PaperMetadata, metadata, output_name
from .scholarly import pdf_name, site_url
from .vancouver import plain  # a .bib field as the reference list prints it
from .versions import commit

logger = logging.getLogger(__name__)

PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.4 20241031//EN"
SYSTEM_ID = "https://jats.nlm.nih.gov/archiving/1.4/JATS-archivearticle1-4.dtd"
XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
CATALOG = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
HREF = f"{{{XLINK}}}href"
#: Where ``npm ci`` puts the DTDs' catalogue, relative to the configuration folder.
DEFAULT_CATALOG = "node_modules/@jats4r/dtds/schema/catalog.xml"
#: Blocks of the title page that the JATS front matter carries instead.
FRONT_MATTER_CLASSES = {"abstract", "paper-info", "how-to-cite"}
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
INLINE_ELEMENTS = {
    nodes.emphasis: "italic", nodes.strong: "bold", nodes.literal: "monospace",
    nodes.superscript: "sup", nodes.subscript: "sub", nodes.title_reference: "italic",
}
#: Containers whose content is rendered in their place.
TRANSPARENT = (nodes.inline, nodes.container, nodes.compound, addnodes.start_of_file, addnodes.compact_paragraph)
#: Nodes with nothing to put in the XML.
SILENT = (nodes.target, nodes.comment, nodes.substitution_definition, addnodes.index, nodes.system_message)
MAX_ERRORS_SHOWN = 20


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


def contrib_group(creators: tuple[Creator, ...]) -> etree._Element:
    """The authors; each affiliation is one ``aff``, which its authors point to."""
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


def article_meta(app: Sphinx, title: str) -> etree._Element:
    meta = metadata(app)
    config = app.config
    article = element("article-meta")
    if meta.doi:
        child(article, "article-id", meta.doi, pub_id_type="doi")
    child(article, "article-version", meta.version, article_version_type="version")
    child(child(article, "title-group"), "article-title", title)
    article.append(contrib_group(meta.creators))
    date = child(article, "pub-date", publication_format="electronic", date_type="pub",
                 iso_8601_date=meta.date.isoformat())
    child(date, "day", f"{meta.date.day:02d}")
    child(date, "month", f"{meta.date.month:02d}")
    child(date, "year", str(meta.date.year))
    article.append(permissions(meta))
    for path, kind, text in (
        (f"{config.root_doc}{config.html_file_suffix or '.html'}", "html", "The paper as a web page"),
        (pdf_name(app), "pdf", "The paper as a PDF"),
    ):
        article.append(self_uri(site_url(app, path), kind, text))
    child(child(article, "abstract"), "p", meta.abstract)
    keywords = child(article, "kwd-group", kwd_group_type="author")
    for keyword in meta.keywords:
        child(keywords, "kwd", keyword)
    if commit(app):
        custom = child(child(article, "custom-meta-group"), "custom-meta")
        child(custom, "meta-name", "commit")
        child(custom, "meta-value", commit(app))
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
        link = child(citation, "ext-link", fields["url"], ext_link_type="uri")
        link.set(HREF, fields["url"])
    return citation


# -- The body ----------------------------------------------------------------------------


class JATSTranslator:
    """Turns the paper's assembled document tree into a JATS ``article``."""

    def __init__(self, builder: JATSBuilder, document: nodes.document) -> None:
        self.builder = builder
        self.document = document
        self.env = builder.env
        self.docname = builder.config.root_doc
        self.top_section: nodes.section | None = None
        # Every id of a section, figure, table or reference, mapped to the
        # one id its JATS element has and the kind of thing it is.
        self.targets: dict[str, tuple[str, str]] = {}
        for node_type, kind in ((nodes.section, "sec"), (nodes.figure, "fig"), (nodes.table, "table"),
                                (nodes.citation, "bibr")):
            for node in document.findall(node_type):
                for node_id in node["ids"]:
                    self.targets.setdefault(node_id, (node["ids"][0], kind))

    # Entry point

    def article(self) -> etree._Element:
        app = self.builder.app
        root = next(self.document.findall(nodes.section))
        title = root.next_node(nodes.title).astext()
        article = etree.Element("article", nsmap={"xlink": XLINK, "ali": ALI})
        article.set("article-type", "review-article")
        article.set("dtd-version", "1.4")
        article.set("{http://www.w3.org/XML/1998/namespace}lang", app.config.language or "en")
        child(article, "front").append(article_meta(app, title))
        body = child(article, "body")
        references = None
        for node in root.children[1:]:
            if isinstance(node, nodes.Element) and next(node.findall(nodes.citation), None) is not None:
                references = node.next_node(nodes.section)
                continue
            self.visit(node, body)
        article.append(self.back(references))
        return article

    # Dispatch

    def visit(self, node: nodes.Node, parent: etree._Element) -> None:
        if isinstance(node, nodes.Text):
            append_text(parent, node.astext())
            return
        if FRONT_MATTER_CLASSES & set(node.get("classes", [])) or isinstance(node, SILENT):
            return
        if isinstance(node, addnodes.start_of_file):
            outer = self.docname, self.top_section
            self.docname = node["docname"]
            self.top_section = next((part for part in node.children if isinstance(part, nodes.section)), None)
            self.visit_children(node, parent)
            self.docname, self.top_section = outer
            return
        for node_type, tag in INLINE_ELEMENTS.items():
            if type(node) is node_type:
                self.visit_children(node, child(parent, tag))
                return
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is not None:
            method(node, parent)
        elif isinstance(node, TRANSPARENT):
            self.visit_children(node, parent)
        else:
            logger.warning("JATS: no rendering for a %s node", type(node).__name__, location=node)

    def visit_children(self, node: nodes.Element, parent: etree._Element) -> None:
        for node_child in node.children:
            self.visit(node_child, parent)

    # Structure

    def visit_section(self, node: nodes.section, parent: etree._Element) -> None:
        sec = child(parent, "sec", id=node["ids"][0])
        numbers = self.env.toc_secnumbers.get(node.get("docname", self.docname), {})
        # Sphinx numbers a page's top section under "", the others by anchor.
        number = numbers.get("" if node is self.top_section else f"#{node['ids'][0]}")
        if number:
            child(sec, "label", ".".join(map(str, number)))
        self.visit_children(node, sec)

    def visit_title(self, node: nodes.title, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "title"))

    def visit_paragraph(self, node: nodes.paragraph, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "p"))

    def visit_bullet_list(self, node: nodes.bullet_list, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "list", list_type="bullet"))

    def visit_enumerated_list(self, node: nodes.enumerated_list, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "list", list_type="order"))

    def visit_list_item(self, node: nodes.list_item, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "list-item"))

    def visit_definition_list(self, node: nodes.definition_list, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "def-list"))

    def visit_definition_list_item(self, node: nodes.definition_list_item, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "def-item"))

    def visit_term(self, node: nodes.term, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "term"))

    def visit_definition(self, node: nodes.definition, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "def"))

    def visit_block_quote(self, node: nodes.block_quote, parent: etree._Element) -> None:
        self.visit_children(node, child(parent, "disp-quote"))

    def visit_literal_block(self, node: nodes.literal_block, parent: etree._Element) -> None:
        child(parent, "preformat", node.astext())

    def visit_raw(self, node: nodes.raw, parent: etree._Element) -> None:
        if "jats" not in node.get("format", "").split():
            return
        # Wrapped so that a fragment may hold several elements, or text.
        fragment = etree.fromstring(f'<raw xmlns:xlink="{XLINK}">{node.astext()}</raw>')
        if fragment.text and fragment.text.strip():
            append_text(parent, fragment.text)
        parent.extend(fragment)

    # Links

    def visit_reference(self, node: nodes.reference, parent: etree._Element) -> None:
        refuri = node.get("refuri", "")
        refid = node.get("refid") or (refuri[1:] if refuri.startswith("#") else "")
        if refid:
            if refid not in self.targets:
                logger.warning("JATS: link to %r, which is not a section, figure, table or reference",
                               refid, location=node)
                self.visit_children(node, parent)
                return
            rid, kind = self.targets[refid]
            self.visit_children(node, child(parent, "xref", ref_type=kind, rid=rid))
        else:
            link = child(parent, "ext-link", ext_link_type="uri")
            link.set(HREF, refuri)
            self.visit_children(node, link)

    visit_number_reference = visit_reference  # {numref}: "Figure 2"

    # Figures and tables

    def _label(self, figtype: str, node: nodes.Element) -> str:
        number = self.env.toc_fignumbers.get(self.docname, {}).get(figtype, {}).get(node["ids"][0])
        if not number:
            return ""
        return self.builder.config.numfig_format[figtype] % ".".join(map(str, number))

    def visit_figure(self, node: nodes.figure, parent: etree._Element) -> None:
        fig = child(parent, "fig", id=node["ids"][0] if node["ids"] else None)
        label = self._label("figure", node)
        if label:
            child(fig, "label", label)
        caption = node.next_node(nodes.caption)
        if caption is not None:
            self.visit_children(caption, child(child(fig, "caption"), "p"))
        for node_child in node.children:
            if not isinstance(node_child, (nodes.caption, nodes.legend)):
                self.visit(node_child, fig)

    def _graphic(self, parent: etree._Element, href: str, alt: str, subtype: str) -> None:
        graphic = child(parent, "graphic", mimetype="image", mime_subtype=subtype)
        graphic.set(HREF, href)
        if alt:
            child(graphic, "alt-text", alt)

    def visit_graphviz(self, node: sphinx_graphviz.graphviz, parent: etree._Element) -> None:
        renderer = SimpleNamespace(builder=self.builder, document=self.document)
        try:
            href, _ = sphinx_graphviz.render_dot(renderer, node["code"], node["options"], "svg",
                                                 "graphviz", node.get("filename"))
        except sphinx_graphviz.GraphvizError as exc:
            logger.warning("%s: Graphviz could not draw this figure: %s", node.get("filename", "graphviz"),
                           " ".join(str(exc).split()), location=node)
            return
        self._graphic(parent, str(href), node.get("alt", ""), "svg+xml")

    def visit_forest_plot(self, node: forest_plot, parent: etree._Element) -> None:
        path = self.builder.app.paper_forest_drawing.path  # drawn by the end of the build
        self._graphic(parent, f"{self.builder.imgpath}/{path.name}", node["alt"], "svg+xml")

    def visit_image(self, node: nodes.image, parent: etree._Element) -> None:
        source = node["uri"]
        name = self.builder.images.get(source, Path(source).name)
        subtype = {"svg": "svg+xml", "jpg": "jpeg"}.get(Path(source).suffix[1:].lower(), Path(source).suffix[1:])
        self._graphic(parent, f"{self.builder.imgpath}/{name}", node.get("alt", ""), subtype)

    def visit_table(self, node: nodes.table, parent: etree._Element) -> None:
        wrap = child(parent, "table-wrap", id=node["ids"][0] if node["ids"] else None)
        label = self._label("table", node)
        if label:
            child(wrap, "label", label)
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            self.visit_children(title, child(child(wrap, "caption"), "p"))
        for group in node.findall(nodes.tgroup):
            self.table(group, child(wrap, "table"))

    def table(self, group: nodes.tgroup, table: etree._Element) -> None:
        specs = [spec for spec in group.children if isinstance(spec, nodes.colspec)]
        total = sum(spec.get("colwidth", 1) for spec in specs) or 1
        colgroup = child(table, "colgroup")
        for spec in specs:
            child(colgroup, "col", width=f"{100 * spec.get('colwidth', 1) / total:.1f}%")
        for part in group.children:
            if isinstance(part, (nodes.thead, nodes.tbody)):
                cell_tag = "th" if isinstance(part, nodes.thead) else "td"
                section = child(table, type(part).__name__)
                for row in part.children:
                    tr = child(section, "tr")
                    for entry in row.children:
                        self.cell(entry, child(tr, cell_tag))

    def cell(self, entry: nodes.entry, cell: etree._Element) -> None:
        if entry.get("morecols"):
            cell.set("colspan", str(entry["morecols"] + 1))
        if entry.get("morerows"):
            cell.set("rowspan", str(entry["morerows"] + 1))
        for index, block in enumerate(entry.children):
            if index:
                child(cell, "break")
            # A cell holds text, not paragraphs.
            self.visit_children(block, cell) if isinstance(block, nodes.paragraph) else self.visit(block, cell)

    # Back matter

    def back(self, section: nodes.section | None) -> etree._Element:
        back = element("back")
        if section is None:
            return back
        ref_list = child(back, "ref-list", id=section["ids"][0])
        self.visit(section.next_node(nodes.title), ref_list)
        citations = {citation.citation_id: citation for citation in self.env.get_domain("cite").citations}
        for node in section.findall(nodes.citation):
            citation = citations[node["ids"][0]]
            ref = child(ref_list, "ref", id=node["ids"][0])
            child(ref, "label", citation.formatted_entry.label)
            ref.append(element_citation(citation.entry))
        return back


# -- The builder -------------------------------------------------------------------------


class JATSBuilder(Builder):
    """Writes the whole paper as one JATS Archiving and Interchange 1.4 file."""

    name = "jats"
    format = "jats"
    epilog = "The JATS file is in %(outdir)s."
    default_translator_class = JATSTranslator
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg"]

    def init(self) -> None:
        # The names the HTML uses, so the XML's graphics resolve in the HTML site.
        self.imagedir = self.imgpath = "_images"

    def get_outdated_docs(self) -> str:
        return "all documents"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""  # one file: every link is an anchor in it

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:
        pass

    def write_documents(self, docnames) -> None:
        root_doc = self.config.root_doc
        tree = inline_all_toctrees(self, set(), root_doc, self.env.get_doctree(root_doc), lambda text: text, [root_doc])
        tree["docname"] = root_doc
        self.env.resolve_references(tree, root_doc, self)
        self.post_process_images(tree)
        article = self.create_translator(self, tree).article()
        path = Path(self.outdir) / output_name(self.config, ".xml")
        doctype = f'<!DOCTYPE article PUBLIC "{PUBLIC_ID}" "{SYSTEM_ID}">'
        path.write_bytes(etree.tostring(article, pretty_print=True, xml_declaration=True, encoding="UTF-8",
                                        doctype=doctype))
        catalog = Path(self.confdir) / self.config.paper_jats_catalog
        try:
            errors = validation_errors(path, catalog)
        except JATSError as error:
            stop(error)
        if errors:
            shown = errors[:MAX_ERRORS_SHOWN] + [f"... and {len(errors) - MAX_ERRORS_SHOWN} more"] * (
                len(errors) > MAX_ERRORS_SHOWN)
            stop(JATSError("invalid against the JATS Archiving 1.4 DTD:\n" + "\n".join(shown)))

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass  # write_documents writes the one file

    def finish(self) -> None:
        for source, name in self.images.items():
            target = Path(self.outdir) / self.imagedir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((Path(self.srcdir) / source).read_bytes())


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.metadata")
    app.setup_extension("paper.versions")
    app.setup_extension("paper.forest_plot")
    app.setup_extension("paper.scholarly")
    app.add_config_value("paper_jats_catalog", DEFAULT_CATALOG, "", types=[str])
    app.add_builder(JATSBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
