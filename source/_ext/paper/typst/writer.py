"""The paper's assembled document tree as one Typst document: a Sphinx translator.

Like Sphinx's own writers it visits each node and departs from it once its
children are done, appending Typst source to :attr:`TypstTranslator.body`.
Text is escaped markup (:func:`paper.formats.typst.markup`); structure is
Typst's own elements, which its PDF export tags:

* the root page's title: ``title`` (the Title tag); its sections: ``heading``
  of the section's depth (H1, H2, ...), its text led by the number Sphinx
  gave the section (``env.toc_secnumbers``, as the HTML prints it), so that
  headings and bookmarks read "3.2 Results";
* paragraphs; bullet and enumerated lists as ``list`` and ``enum``;
  definition, field and option lists as ``terms`` (L, LI, Lbl, LBody);
* figures: ``figure`` around an ``image`` with the figure's alt text, the
  caption led by "Figure 2." from Sphinx's numbers (``env.toc_fignumbers``);
  tables: a ``figure`` of kind table with its caption above and a ``table``
  whose head rows are ``table.header`` (TH cells, scoped to their column);
* cross-references and links: ``link`` (a Link element), to a label placed
  where the target is; footnotes: ``footnote`` at their first reference;
* the bibliography (sphinxcontrib-bibtex's citations): an ``enum`` numbered
  with the labels of the HTML, so "[3]" in the text is item 3;
* code: ``raw``; admonitions, topics and sidebars: a framed block led by
  their title in bold.

A node the translator has no Typst for is a warning naming its file and line
(an error in the strict build), so that no content vanishes from the PDF
unseen. ``{raw} typst`` blocks pass their source through.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import admonitionlabels
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

from ..formats.mathml import MathError
from ..formats.typst import label, markup, string
from ..formats.typst_math import typst_math

logger = logging.getLogger(__name__)

#: Inline nodes and the Typst function that sets their content.
INLINE = {
    nodes.emphasis: "emph", nodes.strong: "strong", nodes.superscript: "super", nodes.subscript: "sub",
    nodes.title_reference: "emph", addnodes.literal_emphasis: "emph", addnodes.literal_strong: "strong",
}
#: Containers whose content is written in their place.
TRANSPARENT = (nodes.inline, nodes.compound, addnodes.compact_paragraph, addnodes.glossary,
               addnodes.hlist, addnodes.hlistcol, addnodes.download_reference, nodes.tbody, nodes.row)
#: Nodes with nothing to print.
SILENT = (nodes.comment, nodes.substitution_definition, addnodes.index, nodes.system_message,
          addnodes.highlightlang, addnodes.tabular_col_spec, nodes.meta, nodes.colspec, addnodes.toctree)
#: Blocks set apart from the text: a framed block led by the title.
BOXES = (nodes.Admonition, nodes.sidebar, nodes.topic, addnodes.seealso, addnodes.versionmodified)
#: docutils' enumeration types as Typst numbering patterns.
ENUMERATION = {"arabic": "1", "loweralpha": "a", "upperalpha": "A", "lowerroman": "i", "upperroman": "I"}


def is_box(node: nodes.Node) -> bool:
    return isinstance(node, BOXES) and not isinstance(node, addnodes.productionlist)


def walk_with_pages(node: nodes.Node, docname: str):
    """Every element of the assembled tree with the page it came from, top down.

    Pages are nested in ``start_of_file`` nodes; ``inline_all_toctrees`` gives
    them their page's children without making itself their parent, so a
    node's page is found from above, not by its parents.
    """
    if isinstance(node, addnodes.start_of_file):
        docname = node["docname"]
    if isinstance(node, nodes.Element):
        yield node, docname
        for child in node.children:
            yield from walk_with_pages(child, docname)


class TypstTranslator(SphinxTranslator):
    """Writes the Typst document while it walks the paper's assembled tree."""

    def __init__(self, document: nodes.document, builder) -> None:
        super().__init__(document, builder)
        self.env = builder.env
        self.body: list[str] = []
        self.docname = self.config.root_doc
        self.outer_pages: list[tuple[str, nodes.section | None]] = []
        self.top_section: nodes.section | None = None
        self.section_level = 0
        #: The targets linked to, as labels, and those already placed.
        self.linked: set[str] = set()
        self.placed: set[str] = set()
        #: Every (page, id) of the tree: what a link may point to.
        self.present: set[str] = set()
        #: Footnotes by (page, id), each written at its first reference; their labels once written.
        self.footnotes: dict[str, nodes.footnote] = {}
        self.footnotes_written: set[str] = set()
        #: How many problems the walk reported: the builder typesets no PDF after one.
        self.problems = 0
        self._survey()

    # -- What the tree holds --

    def key(self, docname: str, node_id: str) -> str:
        return f"{docname}:{node_id}"

    def _survey(self) -> None:
        for node, docname in walk_with_pages(self.document, self.config.root_doc):
            if isinstance(node, addnodes.start_of_file):
                self.present.add(self.key(docname, "doc"))
            for node_id in node.get("ids", []):
                self.present.add(self.key(docname, node_id))
                if isinstance(node, nodes.footnote):
                    self.footnotes[self.key(docname, node_id)] = node
            if isinstance(node, nodes.reference):
                target = self.target_of(node, docname)
                if target:
                    self.linked.add(target)

    def target_of(self, node: nodes.Element, docname: str) -> str | None:
        """The key of what an internal link points to; None for an address outside the paper."""
        refuri = node.get("refuri", "")
        if node.get("refid"):
            return self.key(docname, node["refid"])
        if refuri.startswith("%"):
            page, _, fragment = refuri[1:].partition("#")
            return self.key(page, fragment or "doc")
        if refuri.startswith("#"):
            return self.key(docname, refuri[1:])
        return None

    # -- Writing --

    def warn(self, message: str, *args, node: nodes.Node) -> None:
        """A problem with the node, reported with its file and line (an error in the strict build)."""
        self.problems += 1
        logger.warning(message, *args, location=node)

    def astext(self) -> str:
        return "".join(self.body)

    def write(self, text: str) -> None:
        self.body.append(text)

    def anchors(self, node: nodes.Element) -> None:
        """A label for each id of the node that a link points to, at the node's place."""
        for node_id in node.get("ids", []):
            key = self.key(self.docname, node_id)
            if key in self.linked and key not in self.placed:
                self.placed.add(key)
                self.write(f"#metadata(none){label(key)}")

    def block_end(self) -> None:
        self.write("\n\n")

    def dispatch_visit(self, node: nodes.Node) -> None:
        if isinstance(node, SILENT):
            raise nodes.SkipNode
        if type(node) in INLINE:
            self.anchors(node)
            self.write(f"#{INLINE[type(node)]}[")
            return
        if is_box(node):
            self.box(node)
            return
        super().dispatch_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        if type(node) in INLINE:
            self.write("]")
            return
        if is_box(node):
            self.write("]\n\n")
            return
        super().dispatch_departure(node)

    def unknown_visit(self, node: nodes.Node) -> None:
        if isinstance(node, TRANSPARENT):
            self.anchors(node)
            return
        self.warn("Typst: no rendering for a %s node", type(node).__name__, node=node)
        raise nodes.SkipNode

    def unknown_departure(self, node: nodes.Node) -> None:
        pass

    # -- Text and structure --

    def visit_Text(self, node: nodes.Text) -> None:
        self.write(markup(node.astext()))

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        pass

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.outer_pages.append((self.docname, self.top_section))
        self.docname = node["docname"]
        self.top_section = next((part for part in node.children if isinstance(part, nodes.section)), None)
        key = self.key(self.docname, "doc")
        if key in self.linked:
            self.placed.add(key)
            self.write(f"#metadata(none){label(key)}\n")

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docname, self.top_section = self.outer_pages.pop()

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1
        self.anchors(node)

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def section_number(self, section: nodes.section) -> str:
        numbers = self.env.toc_secnumbers.get(self.docname, {})
        # Sphinx numbers a page's top section under "", the others by anchor.
        number = numbers.get("" if section is self.top_section else f"#{section['ids'][0]}")
        return ".".join(map(str, number)) if number else ""

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.section):
            if self.section_level == 1:
                self.write("#title[")
                return
            self.write(f"#heading(level: {self.section_level - 1})[")
            number = self.section_number(parent)
            if number:
                self.write(f"{markup(number)} ")
            return
        if isinstance(parent, nodes.table):
            self.write("caption: figure.caption(position: top)[")
            label_text = self.numbered_label("table", parent)
            if label_text:
                self.write(f"#strong[{markup(label_text)}.] ")
            return
        if is_box(parent):
            raise nodes.SkipNode  # written with its box
        self.write("#strong[")

    def depart_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.section):
            self.write("]\n\n")
            if self.section_level == 1:
                self.write(self.builder.authors_line())
        elif isinstance(parent, nodes.table):
            self.write("],\n")
        else:
            self.write("]\n\n")

    def visit_subtitle(self, node: nodes.subtitle) -> None:
        raise nodes.SkipNode  # written with its sidebar

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.anchors(node)

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.block_end()

    def visit_literal(self, node: nodes.literal) -> None:
        self.anchors(node)
        self.write(f"#raw({string(node.astext())})")
        raise nodes.SkipNode

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        self.anchors(node)
        language = node.get("language", "")
        lang = f", lang: {string(language)}" if language and language not in ("default", "none") else ""
        self.write(f"#raw(block: true{lang}, {string(node.astext())})\n\n")
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

    def visit_manpage(self, node: addnodes.manpage) -> None:
        self.write(f"#raw({string(node.astext())})")
        raise nodes.SkipNode

    def visit_productionlist(self, node: addnodes.productionlist) -> None:
        # Each production's text is the rule as written ("name ::= definition").
        text = "\n".join(production.astext() for production in node.findall(addnodes.production))
        self.anchors(node)
        self.write(f"#raw(block: true, {string(text)})\n\n")
        raise nodes.SkipNode

    # -- Formulas --

    def formula(self, node: nodes.math | nodes.math_block, display: bool) -> str:
        """The formula in Typst's math, its LaTeX as the alternative text PDF/UA asks of it."""
        latex = node.astext()
        try:
            body = typst_math(latex, display)
        except MathError as error:
            self.warn("Typst: cannot write this formula in Typst: %s", error, node=node)
            body = ""
        number = f", numbering: _ => {string('(' + str(node['number']) + ')')}" if node.get("number") else ""
        return f"#math.equation(block: {str(display).lower()}{number}, alt: {string(latex)}, ${body}$.body)"

    def visit_math(self, node: nodes.math) -> None:
        self.write(self.formula(node, False))
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.math_block) -> None:
        self.anchors(node)
        self.write(self.formula(node, True) + "\n\n")
        raise nodes.SkipNode

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.anchors(node)
        if "heading-level" in node:
            # A heading, unnumbered (as in the HTML, <h2> under the page's <h1>, and the print PDF): the page's
            # title is the document's title, so the HTML's level 2 is Typst's level 1.
            self.write(f"#heading(level: {max(node['heading-level'] - 1, 1)})[")
        else:
            self.write("#strong[")

    def depart_rubric(self, node: nodes.rubric) -> None:
        self.write("]\n\n")

    def visit_centered(self, node: nodes.Element) -> None:
        self.anchors(node)
        self.write("#strong[")

    depart_centered = depart_rubric

    def visit_transition(self, node: nodes.transition) -> None:
        self.write("#line(length: 100%, stroke: 0.5pt)\n\n")
        raise nodes.SkipNode

    def visit_target(self, node: nodes.target) -> None:
        self.anchors(node)
        raise nodes.SkipNode

    def visit_container(self, node: nodes.container) -> None:
        self.anchors(node)
        if "abstract" in node["classes"]:
            # The site's heading of the abstract is for HTML and EPUB only (paper.content.front_matter).
            self.write("#strong[Abstract]\n\n")

    def depart_container(self, node: nodes.container) -> None:
        pass

    def visit_PassthroughTextElement(self, node: nodes.TextElement) -> None:
        # sphinx-design's card title (named here so that the extension does not need sphinx-design).
        self.write("#strong[")

    def depart_PassthroughTextElement(self, node: nodes.TextElement) -> None:
        self.write("]\n\n")

    def visit_raw(self, node: nodes.raw) -> None:
        if "typst" in node.get("format", "").split():
            self.write(node.astext() + "\n\n")
        raise nodes.SkipNode

    def visit_abbreviation(self, node: nodes.abbreviation) -> None:
        self.anchors(node)

    def depart_abbreviation(self, node: nodes.abbreviation) -> None:
        if node.get("explanation"):
            self.write(f" \\({markup(node['explanation'])}\\)")

    def visit_line_block(self, node: nodes.line_block) -> None:
        self.anchors(node)

    def depart_line_block(self, node: nodes.line_block) -> None:
        if not isinstance(node.parent, nodes.line_block):
            self.block_end()

    def visit_line(self, node: nodes.line) -> None:
        pass

    def depart_line(self, node: nodes.line) -> None:
        self.write("#linebreak()\n")

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        self.anchors(node)
        self.write("#quote(block: true)[")

    def depart_block_quote(self, node: nodes.block_quote) -> None:
        self.write("]\n\n")

    def visit_attribution(self, node: nodes.attribution) -> None:
        self.write("— ")

    def depart_attribution(self, node: nodes.attribution) -> None:
        self.block_end()

    def box(self, node: nodes.Element) -> None:
        """An admonition, sidebar, topic, "see also": a framed block led by its title in bold."""
        self.anchors(node)
        self.write("#block(width: 100%, inset: 8pt, stroke: 0.5pt + gray, breakable: true)[")
        title = next((part for part in node.children if isinstance(part, nodes.title)), None)
        if title is not None:
            self.write("#strong[")
            for part in title.children:
                part.walkabout(self)
            self.write("]\n\n")
        elif node.tagname in admonitionlabels:
            self.write(f"#strong[{markup(str(admonitionlabels[node.tagname]))}]\n\n")
        for subtitle in (part for part in node.children if isinstance(part, nodes.subtitle)):
            self.write("#emph[")
            for part in subtitle.children:
                part.walkabout(self)
            self.write("]\n\n")

    # -- Lists --

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self.anchors(node)
        self.write("#list(tight: false,\n")

    def depart_bullet_list(self, node: nodes.bullet_list) -> None:
        self.write(")\n\n")

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self.anchors(node)
        pattern = ENUMERATION.get(node.get("enumtype", "arabic"), "1")
        numbering = f"{node.get('prefix', '')}{pattern}{node.get('suffix', '.')}"
        self.write(f"#enum(tight: false, start: {node.get('start', 1)}, numbering: {string(numbering)},\n")

    def depart_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self.write(")\n\n")

    def visit_list_item(self, node: nodes.list_item) -> None:
        self.write("[")
        self.anchors(node)

    def depart_list_item(self, node: nodes.list_item) -> None:
        self.write("],\n")

    def terms_list(self, node: nodes.Element) -> None:
        self.anchors(node)
        self.write("#terms(\n")

    def end_terms_list(self, node: nodes.Element) -> None:
        self.write(")\n\n")

    def visit_field_list(self, node: nodes.field_list) -> None:
        # "Name: value", as the HTML writes a field (the colon in the term: a separator is not read out).
        self.anchors(node)
        self.write("#terms(separator: h(0.5em),\n")

    visit_definition_list = visit_option_list = terms_list
    depart_definition_list = depart_field_list = depart_option_list = end_terms_list

    def terms_item(self, node: nodes.Element) -> None:
        self.write("terms.item([")
        self.anchors(node)

    def end_terms_item(self, node: nodes.Element) -> None:
        self.write("]),\n")

    visit_definition_list_item = visit_field = visit_option_list_item = terms_item
    depart_definition_list_item = depart_field = depart_option_list_item = end_terms_item

    def visit_term(self, node: nodes.term) -> None:
        if node.parent.index(node) > 0:
            self.write(", ")  # a second term of the same definition
        self.anchors(node)

    def depart_term(self, node: nodes.term) -> None:
        following = node.parent.children[node.parent.index(node) + 1:]
        if not any(isinstance(part, (nodes.term, nodes.classifier)) for part in following):
            self.write("], [")

    def visit_classifier(self, node: nodes.classifier) -> None:
        self.write(" : #emph[")

    def depart_classifier(self, node: nodes.classifier) -> None:
        self.write("]")
        following = node.parent.children[node.parent.index(node) + 1:]
        if not any(isinstance(part, (nodes.term, nodes.classifier)) for part in following):
            self.write("], [")

    def visit_definition(self, node: nodes.definition) -> None:
        pass

    def depart_definition(self, node: nodes.definition) -> None:
        pass

    def visit_field_name(self, node: nodes.field_name) -> None:
        pass

    def depart_field_name(self, node: nodes.field_name) -> None:
        self.write("\\:], [")

    visit_field_body = depart_field_body = visit_definition

    def visit_option_group(self, node: nodes.option_group) -> None:
        self.write(f"#raw({string(node.astext())})], [")
        raise nodes.SkipNode

    def visit_description(self, node: nodes.description) -> None:
        pass

    def depart_description(self, node: nodes.description) -> None:
        pass

    # -- Links and notes --

    def visit_reference(self, node: nodes.reference) -> None:
        target = self.target_of(node, self.docname)
        if target is None:
            self.write(f"#link({string(node.get('refuri', ''))})[")
            return
        if target not in self.present:
            self.warn("Typst: link to %r, which is not in the paper", target, node=node)
            self.write("#[")
            return
        self.write(f"#link({label(target)})[")

    def depart_reference(self, node: nodes.reference) -> None:
        self.write("]")

    visit_number_reference = visit_reference
    depart_number_reference = depart_reference

    def visit_download_reference(self, node: addnodes.download_reference) -> None:
        self.write("#[")  # its text: the file is not in the PDF

    depart_download_reference = depart_reference

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        key = self.key(self.docname, node["refid"])
        note = self.footnotes.get(key)
        if note is None:
            self.warn("Typst: footnote %r is not in the paper", node["refid"], node=node)
        elif key in self.footnotes_written:
            self.write(f"#footnote({label('fn-' + key)})")
        else:
            self.footnotes_written.add(key)
            self.write("#footnote[")
            for part in note.children:
                if not isinstance(part, nodes.label):
                    part.walkabout(self)
            while self.body and self.body[-1] == "\n\n":
                self.body.pop()
            self.write(f"]{label('fn-' + key)}")
        raise nodes.SkipNode

    def visit_footnote(self, node: nodes.footnote) -> None:
        raise nodes.SkipNode  # written at its first reference

    def visit_label(self, node: nodes.label) -> None:
        raise nodes.SkipNode  # written by its citation or footnote

    # -- The bibliography --

    def visit_citation(self, node: nodes.citation) -> None:
        siblings = node.parent.children
        index = siblings.index(node)
        number = node.next_node(nodes.label)
        text = number.astext() if number is not None else ""
        if index == 0 or not isinstance(siblings[index - 1], nodes.citation):
            self.write("#enum(tight: false, numbering: \"1.\",\n" if text.isdigit() else "#terms(\n")
        if text.isdigit():
            self.write(f"enum.item({int(text)})[")
        else:
            self.write(f"terms.item([{markup(text)}], [")
        self.anchors(node)

    def depart_citation(self, node: nodes.citation) -> None:
        while self.body and self.body[-1] == "\n\n":
            self.body.pop()
        number = node.next_node(nodes.label)
        self.write("],\n" if number is not None and number.astext().isdigit() else "]),\n")
        siblings = node.parent.children
        index = siblings.index(node)
        if index == len(siblings) - 1 or not isinstance(siblings[index + 1], nodes.citation):
            self.write(")\n\n")

    # -- Figures and tables --

    def numbered_label(self, figtype: str, node: nodes.Element) -> str:
        if not node["ids"]:
            return ""
        number = self.env.toc_fignumbers.get(self.docname, {}).get(figtype, {}).get(node["ids"][0])
        if not number:
            return ""
        return self.config.numfig_format[figtype] % ".".join(map(str, number))

    def visit_figure(self, node: nodes.figure) -> None:
        self.anchors(node)
        self.write("#figure(kind: image, numbering: none, [")

    def depart_figure(self, node: nodes.figure) -> None:
        self.write("])\n\n")

    def visit_caption(self, node: nodes.caption) -> None:
        if isinstance(node.parent, nodes.figure):
            self.write("], caption: [")
            label_text = self.numbered_label("figure", node.parent)
            if label_text:
                self.write(f"#strong[{markup(label_text)}.] ")
            return
        # A code block's caption: a paragraph above it.
        self.write("#strong[")

    def depart_caption(self, node: nodes.caption) -> None:
        if not isinstance(node.parent, nodes.figure):
            self.write("]\n\n")

    def visit_legend(self, node: nodes.legend) -> None:
        self.write("\n\n")

    def depart_legend(self, node: nodes.legend) -> None:
        while self.body and self.body[-1] == "\n\n":
            self.body.pop()

    def drawing(self, path: str, alt: str, node: nodes.Element) -> None:
        """A figure's picture: an image with its alternative text (called by the figures' visitors)."""
        if not alt:
            self.warn("Typst: an image without alternative text, which PDF/UA refuses", node=node)
        # At its own size, which Typst scales down to the text's width where it is wider; or
        # as wide as the author asked, in per cent.
        width = node.get("width", "") if isinstance(node, nodes.image) else ""
        size = f", width: {width}" if width.endswith("%") and width[:-1].replace(".", "", 1).isdigit() else ""
        self.write(f"#image({string(str(path))}, alt: {string(alt)}{size})")

    def visit_image(self, node: nodes.image) -> None:
        source = node["uri"]
        name = self.builder.images.get(source, source.rsplit("/", 1)[-1])
        self.anchors(node)
        self.drawing(f"{self.builder.imgpath}/{name}", node.get("alt", ""), node)
        if not isinstance(node.parent, nodes.figure):
            self.write("\n\n")
        raise nodes.SkipNode

    def visit_table(self, node: nodes.table) -> None:
        self.anchors(node)
        self.write("#figure(kind: table, numbering: none,\n")

    def depart_table(self, node: nodes.table) -> None:
        self.write(")\n\n")

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        specs = [spec for spec in node.children if isinstance(spec, nodes.colspec)]
        widths = ", ".join(f"{spec.get('colwidth', 1)}fr" for spec in specs) or "1fr"
        self.write(f"table(columns: ({widths},), align: left, stroke: none,\n")

    def depart_tgroup(self, node: nodes.tgroup) -> None:
        self.write(")\n")

    def visit_thead(self, node: nodes.thead) -> None:
        self.write("table.header(")

    def depart_thead(self, node: nodes.thead) -> None:
        self.write("table.hline(stroke: 0.5pt)),\n")

    def visit_entry(self, node: nodes.entry) -> None:
        spans = []
        if node.get("morecols"):
            spans.append(f"colspan: {node['morecols'] + 1}")
        if node.get("morerows"):
            spans.append(f"rowspan: {node['morerows'] + 1}")
        self.write(f"table.cell({', '.join(spans)})[")
        self.anchors(node)

    def depart_entry(self, node: nodes.entry) -> None:
        while self.body and self.body[-1] == "\n\n":
            self.body.pop()
        self.write("],\n")
