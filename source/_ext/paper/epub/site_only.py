"""What only the web site's pages load stays out of the EPUB.

Sphinx packs every static file into the book, though no page of it loads
the "Cite this" blocks' or the link previews' files (readers of an EPUB
run no script; :mod:`paper.html.cite_block`, :mod:`paper.html.previews`).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

#: The files, as the book's folder names them.
SITE_ONLY_STATIC = ("_static/cite.css", "_static/cite.js", "_static/previews.css", "_static/previews.js")


def leave_out_site_only_files(app: Sphinx, config: Config) -> None:
    config.epub_exclude_files = [*config.epub_exclude_files, *SITE_ONLY_STATIC]
