"""The ``jats`` builder: the whole paper as one JATS Archiving and Interchange 1.4 file.

JATS is the XML that archives, indexers and publishers' systems read. The
builder (``make jats``) writes ``_build/jats/<paper>.xml`` from the same
resolved document tree as the HTML and the PDF, with its figures beside it
in ``_images/`` (the folder and file names the HTML uses, so that in a
release the XML sits in the HTML site and its graphics resolve there). It
is the Archiving tag set, not Publishing: Publishing requires a journal
ISSN, which a self-published paper lacks.

The front matter comes from CITATION.cff (:func:`paper.formats.jats.article_meta`):
title, contributors (ORCID as ``contrib-id``, affiliations as ``aff``),
publication date, version, commit, licence in ``permissions``, abstract,
keywords, and ``self-uri`` to the HTML and the PDF in it (only when the
site's address is known: a relative one would lead nowhere once the file
leaves the site); and what the paper declares (its ``declarations`` block,
:mod:`paper.content.declarations`), where JATS4R puts it: each author's CRediT
``role``, the competing interests in ``author-notes``, the funding in
``funding-group`` and data availability as the back matter's first ``sec``.
The body and the references are the translator's
(:mod:`.translator`). The file is validated against the official DTD,
offline (``paper_jats_catalog``); anything the DTD rejects stops the build
with the file and line.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from lxml import etree
from sphinx.builders import Builder
from sphinx.util.nodes import inline_all_toctrees

from ..config import output_name
from ..content.citable import pdf_name, site_url
from ..content.declarations import declarations_of_the_paper
from ..content.settings import metadata
from ..errors import stop
from ..formats.jats import PUBLIC_ID, SYSTEM_ID, JATSError, article_meta, data_availability, element, validation_errors
from ..inputs.declarations import Declarations
from .translator import JATSTranslator

MAX_ERRORS_SHOWN = 20


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

    def front(self, title: str, declarations: Declarations | None) -> etree._Element:
        config = self.config
        front = element("front")
        html = site_url(self.app, f"{config.root_doc}{config.html_file_suffix or '.html'}")
        front.append(article_meta(metadata(self.app), title, html, site_url(self.app, pdf_name(self.app)),
                                  config.paper_commit, declarations))
        return front

    def write_documents(self, docnames) -> None:
        root_doc = self.config.root_doc
        tree = inline_all_toctrees(self, set(), root_doc, self.env.get_doctree(root_doc), lambda text: text, [root_doc])
        tree["docname"] = root_doc
        self.env.resolve_references(tree, root_doc, self)
        self.post_process_images(tree)
        translator = self.create_translator(tree, self)
        tree.walkabout(translator)
        title = next(tree.findall(nodes.section)).next_node(nodes.title).astext()
        declarations = declarations_of_the_paper(self.env)
        article = translator.article(self.front(title, declarations))
        if declarations:
            article.find("back").insert(0, data_availability(declarations))
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
