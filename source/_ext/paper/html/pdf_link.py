"""The PDF travels with the site: copied into the HTML folder, linked under every page's heading.

The whole paper on one page (``singlehtml``) links to it too, under the title;
its own folder gets a copy, so that it stands alone as every output does.

An HTML build puts the paper's PDF, built before it into the LaTeX folder
beside it (``make`` builds the PDF first), into the HTML folder, where every
page's "PDF" link and ``citation_pdf_url`` point; a build that finds no PDF
there links none (:mod:`.carried_files`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..content.citable import PDF, carries, page_url, pdf_name
from ..content.domain import paper_domain
from .carried_files import built_pdf


def pdf_link(app: Sphinx, docname: str) -> nodes.paragraph:
    name = pdf_name(app)
    link = nodes.reference("", "PDF", refuri=page_url(app, docname, name), classes=["paper-pdf-link"])
    return nodes.paragraph("", "", link, nodes.Text(f" of the whole paper ({name})"), classes=["paper-pdf"])


def add_pdf_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDF link right under the page's heading."""
    if not carries(app, PDF) or docname not in app.env.found_docs:
        return
    heading = doctree.next_node(nodes.section)[0]
    heading.parent.insert(heading.parent.index(heading) + 1, pdf_link(app, docname))


def copy_pdf_into_site(app: Sphinx, exception: Exception | None) -> None:
    """Put the PDF that the LaTeX build made beside the HTML into the HTML folder."""
    if exception is not None or not carries(app, PDF):
        return
    copy = Path(app.outdir) / pdf_name(app)
    shutil.copyfile(built_pdf(app), copy)
    paper_domain(app.env).made(copy)
