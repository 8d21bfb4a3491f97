"""The paper's assembled document tree as a JATS ``article``: a Sphinx translator.

Like Sphinx's own writers, it visits each node of the tree and departs from
it once its children are done; an element opened on the visit is closed on
the departure (:attr:`JATSTranslator.stack`). What becomes what:

* sections: ``sec`` with the paper's own labels as ids and their numbers as
  ``label``; figures: ``fig`` with label, caption and ``graphic`` (with its
  alt text); tables: ``table-wrap`` with the XHTML table model;
* citations: ``xref ref-type="bibr"``; cross-references: ``xref`` of the
  target's kind; other links ``ext-link``;
* footnotes: ``xref ref-type="fn"`` where they are referred to, the notes in
  the back matter's ``fn-group``;
* formulas: ``inline-formula`` and ``disp-formula`` (with its number as
  ``label``), each with the MathML of the site and the LaTeX of the PDF as
  ``alternatives`` (``mml:math``, ``tex-math``);
* admonitions, sidebars and topics: ``boxed-text`` with their title in its
  ``caption``; line blocks: ``verse-group``; field, option and glossary lists:
  ``def-list``;
* the bibliography: a ``ref-list`` of ``element-citation``s, with the numbers
  and ids of the HTML, built from the BibTeX entries that sphinxcontrib-bibtex
  resolved (:func:`paper.formats.jats.element_citation`);
* the title page's abstract, details, "How to cite" and declarations are
  left to the front and back matter, which carry them.

A node the translator has no JATS for is a warning (an error in the strict
build), so new kinds of content cannot silently vanish from the XML.
``{raw} jats`` blocks pass their XML through.
"""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes
from lxml import etree
from sphinx import addnodes
from sphinx.ext import graphviz as sphinx_graphviz
from sphinx.locale import admonitionlabels
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

from ..content.declarations import DECLARATIONS_CLASS
from ..content.domain import paper_domain
from ..figures.forest_plot import drawing_name
from ..formats.jats import ALI, HREF, XLINK, append_text, child, element, element_citation
from ..formats.mathml import MATHML, MathError, mathml

logger = logging.getLogger(__name__)

#: Blocks of the title page that the JATS front (and back) matter carries instead.
FRONT_MATTER_CLASSES = {"abstract", "paper-info", "how-to-cite", DECLARATIONS_CLASS}
#: docutils nodes and the JATS element each becomes, its content inside.
ELEMENTS = {
    nodes.emphasis: "italic", nodes.strong: "bold", nodes.literal: "monospace",
    nodes.superscript: "sup", nodes.subscript: "sub", nodes.title_reference: "italic",
    nodes.paragraph: "p", nodes.list_item: "list-item", nodes.definition_list: "def-list",
    nodes.definition_list_item: "def-item", nodes.definition: "def",
    nodes.block_quote: "disp-quote", nodes.attribution: "attrib", nodes.line_block: "verse-group",
    nodes.line: "verse-line", addnodes.literal_emphasis: "italic", addnodes.literal_strong: "bold",
    addnodes.manpage: "monospace", nodes.field_list: "def-list", nodes.field: "def-item",
    nodes.field_name: "term", nodes.field_body: "def", nodes.option_list: "def-list",
    nodes.option_list_item: "def-item", nodes.description: "def",
    addnodes.desc_inline: "monospace",
}
LISTS = {nodes.bullet_list: "bullet", nodes.enumerated_list: "order"}
#: Containers whose content is rendered in their place.
TRANSPARENT = (nodes.inline, nodes.compound, addnodes.compact_paragraph, addnodes.glossary,
               addnodes.hlist, addnodes.hlistcol, addnodes.download_reference)
#: Blocks set apart from the text, each a ``boxed-text`` of this content type, titled in its caption.
BOXES = (nodes.Admonition, nodes.sidebar, nodes.topic, addnodes.seealso, addnodes.versionmodified)


def is_box(node: nodes.Node) -> bool:
    # Sphinx's grammar (productionlist) is an Admonition by class, not a box.
    return isinstance(node, BOXES) and not isinstance(node, addnodes.productionlist)
#: Nodes with nothing to put in the XML.
SILENT = (nodes.target, nodes.comment, nodes.substitution_definition, addnodes.index, nodes.system_message,
          addnodes.highlightlang, addnodes.tabular_col_spec, nodes.meta)


class JATSTranslator(SphinxTranslator):
    """Builds the ``article`` while it walks the paper's assembled tree (``document.walkabout``)."""

    def __init__(self, document: nodes.document, builder) -> None:
        super().__init__(document, builder)
        self.env = builder.env
        self.body = element("body")
        #: The element that the node being visited writes into, innermost last.
        self.stack: list[etree._Element] = [self.body]
        self.references: nodes.section | None = None
        #: The notes (``fn``) and the reStructuredText citations (``ref``) of the back matter, as they are met.
        self.footnotes: list[etree._Element] = []
        self.citations: list[etree._Element] = []
        self.docname = self.config.root_doc
        self.top_section: nodes.section | None = None
        #: The page and top section outside each page being walked (pages are nested by their toctrees).
        self.outer_pages: list[tuple[str, nodes.section | None]] = []
        #: Each open ``abbrev`` and the expansion written after its text.
        self.expansions: list[tuple[etree._Element, str]] = []
        # Every id of a section, figure, table or reference, mapped to the
        # one id its JATS element has and the kind of thing it is.
        self.targets: dict[str, tuple[str, str]] = {}
        for node_type, kind in ((nodes.section, "sec"), (nodes.figure, "fig"), (nodes.table, "table"),
                                (nodes.citation, "bibr"), (nodes.math_block, "disp-formula"),
                                (nodes.term, "other")):
            for node in document.findall(node_type):
                for node_id in node["ids"]:
                    self.targets.setdefault(node_id, (node["ids"][0], kind))
        #: The ids of the bibliography's entries (a reStructuredText citation is not one of them).
        self.bibliography_ids = {citation.citation_id for citation in self.env.get_domain("cite").citations}

    # -- The walk --

    @property
    def parent(self) -> etree._Element:
        return self.stack[-1]

    def open(self, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
        """An element that the node's children write into, until its departure."""
        opened = child(self.parent, tag, text, **attributes)
        self.stack.append(opened)
        return opened

    def close(self, node: nodes.Node | None = None) -> None:
        self.stack.pop()

    def into(self, parent: etree._Element, written) -> None:
        """Write these nodes into an element made by hand."""
        self.stack.append(parent)
        for node in written:
            node.walkabout(self)
        self.stack.pop()

    def dispatch_visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Element) and FRONT_MATTER_CLASSES & set(node.get("classes", [])):
            raise nodes.SkipNode
        if isinstance(node, SILENT):
            raise nodes.SkipNode
        if type(node) in ELEMENTS:
            self.open(ELEMENTS[type(node)])
            return
        if type(node) in LISTS:
            self.open("list", list_type=LISTS[type(node)])
            return
        if is_box(node):
            self.box(node)
            return
        super().dispatch_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        if type(node) in ELEMENTS or type(node) in LISTS or is_box(node):
            self.close()
            return
        super().dispatch_departure(node)

    def unknown_visit(self, node: nodes.Node) -> None:
        if isinstance(node, TRANSPARENT):
            return
        logger.warning("JATS: no rendering for a %s node", type(node).__name__, location=node)
        raise nodes.SkipNode

    def unknown_departure(self, node: nodes.Node) -> None:
        pass

    # -- Text and structure --

    def visit_Text(self, node: nodes.Text) -> None:
        append_text(self.parent, node.astext())

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        pass

    def visit_PassthroughTextElement(self, node: nodes.TextElement) -> None:
        # sphinx-design's text element of a card's title (named here so that the paper
        # extension does not need sphinx-design): the title, a paragraph of its own in bold.
        self.open("p")
        self.open("bold")

    def depart_PassthroughTextElement(self, node: nodes.TextElement) -> None:
        self.close()
        self.close()

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.outer_pages.append((self.docname, self.top_section))
        self.docname = node["docname"]
        self.top_section = next((part for part in node.children if isinstance(part, nodes.section)), None)

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docname, self.top_section = self.outer_pages.pop()

    def visit_section(self, node: nodes.section) -> None:
        if node.parent is not self.document and any(
                set(citation["ids"]) & self.bibliography_ids for citation in node.findall(nodes.citation)):
            self.references = node  # the bibliography, which the back matter carries
            for part in node.children:
                if not isinstance(part, (nodes.title, nodes.target, nodes.citation)) and next(
                        part.findall(nodes.citation), None) is None:
                    logger.warning("JATS: the reference list's section holds more than the references, which "
                                   "JATS's ref-list cannot: put it in a section of its own", location=part)
            raise nodes.SkipNode
        if node.parent is self.document:
            return  # the root page's section: the article itself, its title the front matter's
        sec = self.open("sec", id=node["ids"][0])
        numbers = self.env.toc_secnumbers.get(node.get("docname", self.docname), {})
        # Sphinx numbers a page's top section under "", the others by anchor.
        number = numbers.get("" if node is self.top_section else f"#{node['ids'][0]}")
        if number:
            child(sec, "label", ".".join(map(str, number)))

    def depart_section(self, node: nodes.section) -> None:
        if node.parent is not self.document:
            self.close()

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, nodes.section) and node.parent.parent is self.document:
            raise nodes.SkipNode  # the article's title, in the front matter
        if is_box(node.parent):
            raise nodes.SkipNode  # written with its box
        self.open("title")

    def depart_title(self, node: nodes.title) -> None:
        self.close()

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        child(self.parent, "preformat", node.astext())
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

    def visit_rubric(self, node: nodes.rubric) -> None:
        # A heading outside the sections' hierarchy: a paragraph of its own, in bold.
        self.open("p", content_type="rubric")
        self.open("bold")

    def depart_rubric(self, node: nodes.rubric) -> None:
        self.close()
        self.close()

    visit_centered = visit_rubric
    depart_centered = depart_rubric

    def visit_transition(self, node: nodes.transition) -> None:
        # JATS has no rule between a section's paragraphs: an empty paragraph of its
        # own type stands for it. MyST's rule above the footnotes goes, with them, to the back matter.
        if "footnotes" not in node["classes"]:
            child(self.parent, "p", content_type="transition")
        raise nodes.SkipNode

    def visit_term(self, node: nodes.term) -> None:
        self.open("term", id=node["ids"][0] if node["ids"] else None)  # a glossary's term is linked to

    def depart_term(self, node: nodes.term) -> None:
        self.close()

    def visit_classifier(self, node: nodes.classifier) -> None:
        # In JATS, a term's classifier ("term : classifier") is part of the term.
        term = self.parent.findall("term")[-1]
        append_text(term, " : ")
        self.into(child(term, "italic"), node.children)
        raise nodes.SkipNode

    def visit_productionlist(self, node: addnodes.productionlist) -> None:
        # Each production's text is the rule as written ("name ::= definition").
        child(self.parent, "preformat", "\n".join(production.astext() for production in node.findall(addnodes.production)))
        raise nodes.SkipNode

    def visit_option_group(self, node: nodes.option_group) -> None:
        child(child(self.parent, "term"), "monospace", node.astext())
        raise nodes.SkipNode

    def visit_abbreviation(self, node: nodes.abbreviation) -> None:
        abbrev = self.open("abbrev")
        if node.get("explanation"):
            # The expansion, after the abbreviation's own text (written on departure).
            self.expansions.append((abbrev, node["explanation"]))

    def depart_abbreviation(self, node: nodes.abbreviation) -> None:
        if self.expansions and self.expansions[-1][0] is self.parent:
            child(child(self.parent, "def"), "p", self.expansions.pop()[1])
        self.close()

    def box(self, node: nodes.Element) -> None:
        """An admonition, sidebar, topic or "see also": ``boxed-text``, titled in its caption."""
        kind = node.tagname
        boxed = self.open("boxed-text", content_type=kind, position="margin" if kind == "sidebar" else None)
        title = next((part for part in node.children if isinstance(part, nodes.title)), None)
        if title is not None:
            self.into(child(child(boxed, "caption"), "title"), title.children)
        elif kind in admonitionlabels:
            child(child(boxed, "caption"), "title", str(admonitionlabels[kind]))
        for subtitle in (part for part in node.children if isinstance(part, nodes.subtitle)):
            self.into(child(boxed.find("caption"), "p"), subtitle.children)

    def visit_subtitle(self, node: nodes.subtitle) -> None:
        raise nodes.SkipNode  # written with its sidebar

    # -- Formulas --

    def formula(self, node: nodes.math | nodes.math_block, parent: etree._Element) -> None:
        """The formula as MathML and as the LaTeX it was written in."""
        display = isinstance(node, nodes.math_block)
        alternatives = child(parent, "alternatives")
        try:
            alternatives.append(self.prefixed(mathml(node.astext(), display)))
        except MathError:
            pass  # reported where the page was read (paper.content.mathematics); the build has failed
        child(alternatives, "tex-math", node.astext())

    def prefixed(self, math: etree._Element) -> etree._Element:
        """MathML as the JATS DTD declares it: in the ``mml`` prefix."""
        copy = etree.Element(f"{{{MATHML}}}math", dict(math.attrib), nsmap={"mml": MATHML})
        copy.text = math.text
        copy.extend(math)
        return copy

    def visit_math(self, node: nodes.math) -> None:
        self.formula(node, child(self.parent, "inline-formula"))
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.math_block) -> None:
        formula = child(self.parent, "disp-formula", id=node["ids"][0] if node["ids"] else None)
        if node.get("number"):
            child(formula, "label", f"({node['number']})")
        self.formula(node, formula)
        raise nodes.SkipNode

    # -- Notes and citations of the back matter --

    def note_id(self, node_id: str) -> str:
        """A footnote's id, unique in the article (each page numbers its own notes from 1)."""
        return f"fn-{self.docname.replace('/', '-')}-{node_id}"

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        child(self.parent, "xref", node.astext(), ref_type="fn", rid=self.note_id(node["refid"]))
        raise nodes.SkipNode

    def visit_footnote(self, node: nodes.footnote) -> None:
        note = element("fn", id=self.note_id(node["ids"][0]))
        self.footnotes.append(note)
        self.into(note, node.children)
        raise nodes.SkipNode

    def visit_label(self, node: nodes.label) -> None:
        self.open("label")

    def depart_label(self, node: nodes.label) -> None:
        self.close()

    def visit_citation(self, node: nodes.citation) -> None:
        # A reStructuredText citation ([CIT2002]_): a reference of its own, its text as written.
        ref = element("ref", id=node["ids"][0])
        self.citations.append(ref)
        label = node.next_node(nodes.label)
        if label is not None:
            child(ref, "label", label.astext())
        self.into(child(ref, "mixed-citation"),
                  [part for paragraph in node.findall(nodes.paragraph) for part in paragraph.children])
        raise nodes.SkipNode

    def visit_raw(self, node: nodes.raw) -> None:
        if "jats" in node.get("format", "").split():
            # Wrapped so that a fragment may hold several elements, or text.
            fragment = etree.fromstring(f'<raw xmlns:xlink="{XLINK}">{node.astext()}</raw>')
            if fragment.text and fragment.text.strip():
                append_text(self.parent, fragment.text)
            self.parent.extend(fragment)
        raise nodes.SkipNode

    # -- Links --

    def visit_reference(self, node: nodes.reference) -> None:
        refuri = node.get("refuri", "")
        refid = node.get("refid") or (refuri[1:] if refuri.startswith("#") else "")
        if not refid:
            link = self.open("ext-link", ext_link_type="uri")
            link.set(HREF, refuri)
            return
        if refid not in self.targets:
            logger.warning("JATS: link to %r, which is not a section, figure, table or reference",
                           refid, location=node)
            self.stack.append(self.parent)  # its text, unlinked
            return
        rid, kind = self.targets[refid]
        self.open("xref", ref_type=kind, rid=rid)

    def depart_reference(self, node: nodes.reference) -> None:
        self.close()

    visit_number_reference = visit_reference  # {numref}: "Figure 2"
    depart_number_reference = depart_reference

    # -- Figures and tables --

    def _label(self, figtype: str, node: nodes.Element) -> str:
        number = self.env.toc_fignumbers.get(self.docname, {}).get(figtype, {}).get(node["ids"][0])
        if not number:
            return ""
        return self.config.numfig_format[figtype] % ".".join(map(str, number))

    def visit_figure(self, node: nodes.figure) -> None:
        fig = self.open("fig", id=node["ids"][0] if node["ids"] else None)
        label = self._label("figure", node)
        if label:
            child(fig, "label", label)
        caption = node.next_node(nodes.caption)
        if caption is not None:
            self.into(child(child(fig, "caption"), "p"), caption.children)
        legend = node.next_node(nodes.legend)
        if legend is not None:  # the legend's paragraphs, under the caption's first
            self.into(fig.find("caption") if caption is not None else child(fig, "caption"), legend.children)

    def depart_figure(self, node: nodes.figure) -> None:
        self.close()

    def visit_caption(self, node: nodes.caption) -> None:
        raise nodes.SkipNode  # written with its figure

    def visit_container(self, node: nodes.container) -> None:
        # A code block with a caption: a figure of code (a container's other content is written in its place).
        if node.get("literal_block"):
            fig = self.open("fig", fig_type="code", id=node["ids"][0] if node["ids"] else None)
            self.into(child(child(fig, "caption"), "p"), node.next_node(nodes.caption).children)

    def depart_container(self, node: nodes.container) -> None:
        if node.get("literal_block"):
            self.close()

    visit_legend = visit_caption

    def _graphic(self, href: str, alt: str, subtype: str) -> None:
        graphic = child(self.parent, "graphic", mimetype="image", mime_subtype=subtype)
        graphic.set(HREF, href)
        if alt:
            child(graphic, "alt-text", alt)

    def visit_graphviz(self, node: sphinx_graphviz.graphviz) -> None:
        renderer = SimpleNamespace(builder=self.builder, document=self.document)
        try:
            href, path = sphinx_graphviz.render_dot(renderer, node["code"], node["options"], "svg",
                                                    "graphviz", node.get("filename"))
        except sphinx_graphviz.GraphvizError as exc:
            logger.warning("%s: Graphviz could not draw this figure: %s", node.get("filename", "graphviz"),
                           " ".join(str(exc).split()), location=node)
        else:
            paper_domain(self.builder.env).made(path)
            self._graphic(str(href), node.get("alt", ""), "svg+xml")
        raise nodes.SkipNode

    def visit_forest_plot(self, node) -> None:
        self._graphic(f"{self.builder.imgpath}/{drawing_name('svg')}", node["alt"], "svg+xml")
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        source = node["uri"]
        name = self.builder.images.get(source, source.rsplit("/", 1)[-1])
        suffix = name.rsplit(".", 1)[-1].lower()
        self._graphic(f"{self.builder.imgpath}/{name}", node.get("alt", ""),
                      {"svg": "svg+xml", "jpg": "jpeg"}.get(suffix, suffix))
        raise nodes.SkipNode

    def visit_table(self, node: nodes.table) -> None:
        wrap = child(self.parent, "table-wrap", id=node["ids"][0] if node["ids"] else None)
        label = self._label("table", node)
        if label:
            child(wrap, "label", label)
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            self.into(child(child(wrap, "caption"), "p"), title.children)
        for group in node.findall(nodes.tgroup):
            self._table(group, child(wrap, "table"))
        raise nodes.SkipNode

    def _table(self, group: nodes.tgroup, table: etree._Element) -> None:
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
                        self._cell(entry, child(tr, cell_tag))

    def _cell(self, entry: nodes.entry, cell: etree._Element) -> None:
        if entry.get("morecols"):
            cell.set("colspan", str(entry["morecols"] + 1))
        if entry.get("morerows"):
            cell.set("rowspan", str(entry["morerows"] + 1))
        for index, block in enumerate(entry.children):
            if index:
                child(cell, "break")
            # A cell holds text, not paragraphs.
            self.into(cell, block.children if isinstance(block, nodes.paragraph) else [block])

    # -- The article --

    def back(self) -> etree._Element:
        """The back matter: the reference list, numbered and with the ids of the HTML."""
        back = element("back")
        section = self.references
        if section is not None or self.citations:
            ref_list = child(back, "ref-list", id=section["ids"][0] if section is not None else None)
        if section is not None:
            self.into(ref_list, [section.next_node(nodes.title)])
            citations = {citation.citation_id: citation for citation in self.env.get_domain("cite").citations}
            for node in section.findall(nodes.citation):
                citation = citations[node["ids"][0]]
                ref = child(ref_list, "ref", id=node["ids"][0])
                child(ref, "label", citation.formatted_entry.label)
                ref.append(element_citation(citation.entry))
        if self.citations:
            ref_list.extend(self.citations)
        if self.footnotes:
            child(back, "fn-group").extend(self.footnotes)
        return back

    def article(self, front: etree._Element) -> etree._Element:
        """The whole ``article``: the front matter given, the body walked, the back matter."""
        article = etree.Element("article", nsmap={"xlink": XLINK, "ali": ALI, "mml": MATHML})
        article.set("article-type", "review-article")
        article.set("dtd-version", "1.4")
        article.set("{http://www.w3.org/XML/1998/namespace}lang", self.config.language or "en")
        article.append(front)
        article.append(self.body)
        article.append(self.back())
        return article
