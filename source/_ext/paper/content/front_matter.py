"""The title page's matter from CITATION.cff, in every output.

``paper-authors``
    the authors under the title, each linked to their ORCID record, with
    their affiliation (HTML and EPUB: the PDF's title page prints its own);
``paper-abstract``
    the abstract, typeset as LaTeX's abstract in the PDF;
``paper-info``
    version, date, licence and keywords; a "Commit" row is added when pages
    are written (:class:`AddCommitToPaperInfo`), so a new commit rewrites
    the outputs without re-reading every source; the PDF gathers the list
    and "How to cite" into one block (:mod:`paper.latex.pdf`);
``how-to-cite``
    the whole paper's APA reference, as the processor renders it (the same
    text as the root page's "Cite this" block), with the paper's address
    only where it is absolute; filled in once the build knows it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .citable import citable
from .settings import citation_file, metadata


class AbstractDirective(SphinxDirective):
    """The abstract from CITATION.cff (a LaTeX ``abstract`` environment in the PDF)."""

    def run(self):
        meta = metadata(self.env.app)
        self.env.note_dependency(str(citation_file(self.env.app)))
        container = nodes.container(classes=["abstract"])
        # LaTeX's abstract environment prints its own heading.
        heading = addnodes.only(expr="html or epub")
        heading += nodes.paragraph("", "", nodes.strong(text="Abstract"), classes=["abstract-heading"])
        container += nodes.paragraph(text=meta.abstract)
        return [heading, container]


class AuthorsDirective(SphinxDirective):
    """The authors under the title, each name linked to its ORCID record, with its affiliation.

    The PDF's title page prints the authors itself (:mod:`paper.latex.pdf`), so this line is for HTML and EPUB.
    """

    def run(self):
        line = nodes.paragraph(classes=["paper-authors"])
        for number, creator in enumerate(metadata(self.env.app).creators):
            if number:
                line += nodes.Text(", ")
            name = nodes.inline(classes=["paper-author"])
            name += nodes.reference(creator.name, creator.name, refuri=creator.orcid) if creator.orcid else nodes.Text(creator.name)
            if creator.affiliation:
                name += nodes.Text(f" ({creator.affiliation})")
            line += name
        only = addnodes.only(expr="html or epub")
        only += line
        return [only]


class PaperInfoDirective(SphinxDirective):
    """Version, date, licence and keywords, as a definition list."""

    def run(self):
        meta = metadata(self.env.app)
        items = [
            ("Version", nodes.Text(meta.version)),
            ("Date", nodes.Text(meta.spelled_date)),
            ("Licence", nodes.reference(meta.licence_name, meta.licence_name, refuri=meta.licence_url)),
            ("Keywords", nodes.Text("; ".join(meta.keywords))),
        ]
        field_list = nodes.field_list(classes=["paper-info"])
        for name, body in items:
            field_list += nodes.field(
                "", nodes.field_name(text=name), nodes.field_body("", nodes.paragraph("", "", body))
            )
        return [field_list]



class AddCommitToPaperInfo(SphinxPostTransform):
    """A "Commit" row after "Version" and "Date" in the title page's paper-info list."""

    # Before the PDF gathers the list into its details block (paper.latex.pdf, priority 200).
    default_priority = 150

    def run(self, **kwargs) -> None:
        built_from = self.config.paper_commit
        if not built_from:
            return
        for field_list in self.document.findall(nodes.field_list):
            if "paper-info" in field_list["classes"]:
                row = nodes.field("", nodes.field_name(text="Commit"),
                                  nodes.field_body("", nodes.paragraph("", "", nodes.literal(text=built_from))))
                field_list.insert(2, row)


class HowToCiteDirective(SphinxDirective):
    """A "How to cite" paragraph; the reference is filled in once the build knows it."""

    def run(self):
        return [nodes.paragraph("", "", nodes.strong(text="How to cite: "), classes=["how-to-cite"])]


def fill_how_to_cite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    cited = citable(app)
    for paragraph in doctree.findall(nodes.paragraph):
        if "how-to-cite" in paragraph["classes"]:
            paragraph += nodes.Text(cited.references[cited.paper.key]["APA"])
