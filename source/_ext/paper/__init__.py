"""Local Sphinx extension for the amcenestrant paper.

Everything in the build that computes lives here, one module per concern:

``metadata``          title, authors, version, licence from CITATION.cff
``pdf``               the PDF's first page, typesetting and metadata (document information, XMP)
``captions``          "Figure 1. Text" in the HTML's captions as in the PDF's
``data``              figures from the data file: the ``{fact}`` role and tables
``graphviz_figures``  Graphviz figures with alt text and clear errors
``forest_plot``       the forest plot, drawn with Matplotlib from the data file
``forest_drawing``    its drawing, in a process of its own (not a Sphinx extension)
``bibliography``      checked references, the reference style, the single PDF bibliography
``vancouver``         the Vancouver reference style (a pybtex style, used by ``bibliography``)
``scholarly``         what each page cites, its address, its description; the PDF in the site
``reference_formats`` the cited paper or section in CSL-JSON, RIS and BibTeX
``reference_styles``  its APA and Vancouver references, from a CSL processor
``page_metadata``     Highwire, Dublin Core, JSON-LD and description tags
``cite_block``        the "Cite this" blocks, the PDF link, the downloads
``accessibility``     valid HTML (one id per table), and ARIA roles the stock HTML writers get wrong
``versions``          version, release date and commit on every page; the version line
``epub``              the EPUB, byte-identical from the same commit
``jats``              the ``jats`` builder: JATS Archiving 1.4 XML, validated against its DTD
``navigation``        Furo's navigation sidebar, built once per build
``garbage_collector`` what lives as long as the build, kept out of the collector's way
``errors``            reading input files; bad input stops the build with one clear line
"""

from sphinx.application import Sphinx

MODULES = ("metadata", "pdf", "captions", "data", "graphviz_figures", "forest_plot", "bibliography", "scholarly",
           "page_metadata", "cite_block", "accessibility", "versions", "epub", "jats", "navigation",
           "garbage_collector")


def setup(app: Sphinx) -> dict:
    # Each module loads the extensions it builds on (sphinxcontrib.bibtex,
    # sphinx.ext.graphviz, ...), so conf.py need only name this one.
    for module in MODULES:
        app.setup_extension(f"{__name__}.{module}")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
