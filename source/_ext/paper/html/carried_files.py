"""What a site carries besides its pages: the PDFs and the whole paper on one page, each only if it is there.

The site's pages link to the paper's PDF (for print), its accessible PDF
(tagged, PDF/UA-1) and its single page, and the HTML build copies them
into its folder from where their own builds put them, beside it
(``_build/latex/``, ``_build/typst/``, ``_build/singlehtml/``; ``make html``
builds them first). A build that finds one missing (``sphinx-build -b
dirhtml`` alone, or ``-b html`` before any PDF) neither links it nor names
it in the metadata: every link of a page leads to a file of its output.

Which of the two a build carries is decided once, when its builder starts,
and kept as the configuration value ``paper_carried_files``, with the
rebuild level "html": a build that now finds a file the last one did not
(or no longer finds it) writes every page again, by :mod:`paper.rebuilds`'
rule 3, which weighs every setting that reaches an output. (Sphinx's own
check of the HTML settings, ``.buildinfo``, is made before the builder
starts, so it does not see this one.)
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..config import tagged_pdf_name
from ..content.citable import PDF, SINGLE_PAGE, TAGGED_PDF, is_single_page, is_site, pdf_name

#: Where the ``singlehtml`` builder writes, beside the site's folder (``sphinx-build -M``).
SINGLE_PAGE_BUILT = Path("singlehtml") / "index.html"


def built_pdf(app: Sphinx) -> Path:
    """Where the LaTeX build puts the PDF, beside this build's folder."""
    return Path(app.outdir).parent / "latex" / pdf_name(app)


def built_tagged_pdf(app: Sphinx) -> Path:
    """Where the typst build puts the accessible PDF, beside this build's folder."""
    return Path(app.outdir).parent / "typst" / tagged_pdf_name(app.config)


def built_single_page(app: Sphinx) -> Path:
    return Path(app.outdir).parent / SINGLE_PAGE_BUILT


def note_carried_files(app: Sphinx) -> None:
    """Decide, as the builder starts, which of the PDF and the single page this build's output carries."""
    carried = []
    if (is_site(app) or is_single_page(app)) and built_pdf(app).is_file():
        carried.append(PDF)
    if (is_site(app) or is_single_page(app)) and built_tagged_pdf(app).is_file():
        carried.append(TAGGED_PDF)
    if is_site(app) and built_single_page(app).is_file():
        carried.append(SINGLE_PAGE)
    app.config.paper_carried_files = tuple(carried)


def setup(app: Sphinx) -> None:
    # Not an option: set by the build itself (note_carried_files), before any page is written.
    app.add_config_value("paper_carried_files", (), "html", types=(tuple,))
    # First of builder-inited's handlers: the others may ask what the build carries.
    app.connect("builder-inited", note_carried_files, priority=100)
