"""Sphinx's own settings, filled from CITATION.cff when the configuration is loaded.

``project``, ``author``, ``release``, ``copyright``, ``today``, the HTML title,
the EPUB's title, author, description and identifier, and the MyST
substitution ``{{paper_title}}`` come from the one file, so conf.py types
none of them (the PDF's are :mod:`paper.latex.pdf`'s).

The site's published address, ``html_baseurl``, makes the HTML's canonical
links and scholarly metadata absolute, pointing at the version being read.
Set on the command line (``-D html_baseurl=…``, as a versioned release
does), it is used as given; otherwise Read the Docs' address of the version
it builds (``READTHEDOCS_CANONICAL_URL``); otherwise CITATION.cff's ``url``
(the paper's landing page). With none, addresses stay relative: no address
is made up.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from ..epub.accessibility import identifier as epub_identifier
from ..errors import stop
from ..formats.text import markdown_literal
from ..inputs.citation_file import CitationFileError, PaperMetadata, load


def metadata(app: Sphinx) -> PaperMetadata:
    """What CITATION.cff says, as read when the configuration was loaded."""
    return app.config.paper_metadata


def citation_file(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.paper_citation_file


def apply_citation_file(app: Sphinx, config: Config) -> None:
    try:
        meta = load(citation_file(app))
    except CitationFileError as error:
        stop(error)
    config.paper_metadata = meta
    config.project = meta.title
    config.author = meta.author_line
    config.version = config.release = meta.version
    config.copyright = f"{meta.date.year}, {meta.author_line} ({meta.licence})"
    config.today = meta.spelled_date
    if not config.html_baseurl:
        config.html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or meta.url
    config.html_title = meta.title
    # Sphinx's smart quotes read "\\" as an escaped backslash, so the title's
    # backslashes are doubled for them to print as written.
    title = meta.title.replace("\\", "\\\\") if config.smartquotes else meta.title
    config.myst_substitutions = {**config.myst_substitutions, "paper_title": markdown_literal(title)}
    config.epub_basename = config.paper_basename
    # The manual page and the Texinfo manual are named as every other output;
    # a paper is a manual page of section 7, "miscellaneous".
    config.man_pages = [(config.root_doc, config.paper_basename, meta.title, list(meta.authors), 7)]
    config.texinfo_documents = [(config.root_doc, config.paper_basename, meta.title, meta.author_line,
                                 config.paper_basename, meta.title, "Miscellaneous")]
    config.epub_title = meta.title
    config.epub_author = config.epub_publisher = meta.author_line
    config.epub_description = meta.abstract
    config.epub_contributor = meta.author_line
    config.epub_uid = "paper-identifier"
    config.epub_identifier = epub_identifier(meta)
    config.epub_scheme = "URL" if meta.doi or meta.url else "UUID"
