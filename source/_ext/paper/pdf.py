"""The PDF's title page settings and document information, from CITATION.cff.

Sphinx takes the LaTeX document's title and author from ``latex_documents``
as LaTeX markup, unescaped, so they are escaped here with Sphinx's own
``texescape`` (a title with ``&`` or ``%`` typesets as written). The PDF's
document information (title, author, subject, keywords, language) is set
with hyperref right after the title page: Sphinx's title page sets the title
and authors there itself (joining authors with "&"), and by then
``sphinx.sty`` has taught hyperref to read its markup (such as
``\\sphinxhyphen``) in PDF strings. The language is Sphinx's ``language`` as
a BCP 47 tag (``en_GB`` -> ``en-GB``).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import texescape

from .metadata import output_name


def _escape(text: str, config: Config) -> str:
    return texescape.escape(text, config.latex_engine)


def apply_to_config(app: Sphinx, config: Config) -> None:
    meta = config.paper_metadata
    # texescape's tables are filled when the LaTeX builder starts, after configuration.
    texescape.init()
    authors = r" \and ".join(_escape(name, config) for name in meta.authors)
    config.latex_documents = [
        (config.root_doc, output_name(config, ".tex"), _escape(meta.title, config), authors, "howto")
    ]
    info = ", ".join(
        f"{key}={{{_escape(value, config)}}}"
        for key, value in (
            ("pdftitle", meta.title),
            ("pdfauthor", meta.author_line),
            ("pdfsubject", meta.abstract.split(". ")[0] + "."),
            ("pdfkeywords", ", ".join(meta.keywords)),
            ("pdflang", (config.language or "en").replace("_", "-")),
        )
    )
    elements = dict(config.latex_elements)
    elements["maketitle"] = elements.get("maketitle", r"\sphinxmaketitle") + f"\n\\hypersetup{{{info}}}\n"
    config.latex_elements = elements


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.metadata")
    # After metadata (priority 100) has read CITATION.cff.
    app.connect("config-inited", apply_to_config, priority=200)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
