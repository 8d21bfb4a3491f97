"""The PDFs travel with the site: copied into the HTML folder, linked under every page's heading.

Each is named plainly: "PDF (print)", the LaTeX PDF, and "PDF (accessible,
tagged)", the tagged PDF/UA-1 file (:mod:`paper.typst`), each on a line
of its own with its file name.

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

from ..config import tagged_pdf_name
from ..content.citable import PDF, TAGGED_PDF, carries, page_url, pdf_name
from ..content.domain import paper_domain
from .carried_files import built_pdf, built_tagged_pdf

#: The line of each PDF: (what the build carries, the link's text, the line's class, the link's class).
LINES = ((PDF, "PDF (print)", "paper-pdf", "paper-pdf-link"),
         (TAGGED_PDF, "PDF (accessible, tagged)", "paper-tagged-pdf", "paper-tagged-pdf-link"))
#: The classes of the PDFs' lines, which other blocks go after.
PDF_LINE_CLASSES = {line for _, _, line, _ in LINES}


def file_name(app: Sphinx, what: str) -> str:
    return pdf_name(app) if what == PDF else tagged_pdf_name(app.config)


def pdf_link(app: Sphinx, docname: str, what: str = PDF) -> nodes.paragraph:
    _, text, line_class, link_class = next(line for line in LINES if line[0] == what)
    name = file_name(app, what)
    link = nodes.reference("", text, refuri=page_url(app, docname, name), classes=[link_class])
    return nodes.paragraph("", "", link, nodes.Text(f" of the whole paper ({name})"), classes=[line_class])


def add_pdf_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDFs' links right under the page's heading, the print PDF's first."""
    if docname not in app.env.found_docs:
        return
    heading = doctree.next_node(nodes.section)[0]
    after = heading.parent.index(heading) + 1
    for what, *_ in LINES:
        if carries(app, what):
            heading.parent.insert(after, pdf_link(app, docname, what))
            after += 1


def pdf_lines(app: Sphinx) -> int:
    """How many PDF lines a page has under its heading."""
    return sum(carries(app, what) for what, *_ in LINES)


def copy_pdf_into_site(app: Sphinx, exception: Exception | None) -> None:
    """Put the PDFs that the LaTeX and typst builds made beside the HTML into the HTML folder."""
    if exception is not None:
        return
    for what, built in ((PDF, built_pdf), (TAGGED_PDF, built_tagged_pdf)):
        if carries(app, what):
            copy = Path(app.outdir) / file_name(app, what)
            shutil.copyfile(built(app), copy)
            paper_domain(app.env).made(copy)
