"""The paper extension: a citable paper from MyST sources, in every output Sphinx writes.

``conf.py`` names this one extension, installed as the package
sphinx-citable-paper (``pyproject.toml``; it loads sphinxcontrib-bibtex and
sphinx.ext.graphviz itself); its options are the ``paper_*`` configuration
values of :mod:`.config`. The package is in layers:

``inputs/``    the author's files read and checked, pure Python: CITATION.cff,
               the data file, the ``.bib`` files and their LaTeX text
``formats/``   what the paper is written as for other programs, pure Python:
               the cited work and its downloads (RIS, BibTeX, CSL-JSON), APA and
               Vancouver references, the Vancouver reference style, JATS pieces,
               the MECA bundle
``content/``   what every builder shares: Sphinx's settings from CITATION.cff,
               the paper domain (per-document state), the title page's
               directives, facts and tables, references, labels, what is citable
``figures/``   Graphviz figures and the forest plot, with visitors for every builder
``html/``      the web site: <head>, "Cite this", data files, link previews, the PDF and
               the single page in the site, the version line, the navigation sidebar,
               captions, valid and accessible markup
``latex/``     the PDF: first page, typesetting, one reference list, metadata
``epub/``      the EPUB, reproducible, without the site's scripts
``jats/``      the ``jats`` builder and its translator
``typst/``     the ``typst`` builder and its translator: the accessible PDF (tagged, PDF/UA-1)

:func:`setup` registers all of it, in the order it takes effect.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.ext import graphviz as sphinx_graphviz

from . import config, garbage_collector, rebuilds
from .content import citable, declarations, facts, front_matter, references, settings, sources
from .content.cross_references import NumberedReferencesAsWritten
from .content.domain import PaperDomain
from .content.labels import CheckLabels
from .content.mathematics import CheckFormulas
from .epub import accessibility as epub_accessibility, build_files, reproducible, site_only, svg_namespace, void_elements
from .figures import drawing_file, forest_plot
from .figures.graphviz import CheckGraphvizFigures, FillFactPlaceholders, GraphvizFigures
from .html import (accessibility, captions, carried_files, cite_block, data_downloads, head, pdf_link, sitemap,
                   static_files, version_banner)
from .html import mathematics, previews, single_page
from .html.single_page import OneFragmentPerLink, OneIdPerElement
from .html.navigation import AFTER_FURO, BEFORE_FURO, NavigationForFuro
from .jats.builder import JATSBuilder
from .latex import fonts, pdf
from .typst import builder as typst_builder

__version__ = "2.0.0"

#: Before Sphinx's own handlers check the settings that CITATION.cff fills (priority 500).
BEFORE_SPHINX_CHECKS = 100
#: Before sphinxcontrib-bibtex reads the .bib files (priority 500).
BEFORE_BIBTEX = 400
#: After sphinxcontrib-bibtex has read the .bib files (priority 500).
AFTER_BIBTEX = 600
#: After every other handler: the builder, theme and environment are set up.
LAST = 999


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx.ext.graphviz")
    config.add_config_values(app)

    # The configuration: Sphinx's settings and the PDF's, from CITATION.cff.
    app.connect("config-inited", settings.apply_citation_file, priority=BEFORE_SPHINX_CHECKS)
    app.connect("config-inited", pdf.configure_latex, priority=BEFORE_SPHINX_CHECKS)

    # The inputs, checked when the builder starts; what each page showed of them.
    app.add_domain(PaperDomain)
    references.register_plugins()
    app.connect("builder-inited", references.check_bibliographies, priority=BEFORE_BIBTEX)
    app.connect("builder-inited", references.inherit_fields, priority=AFTER_BIBTEX)
    app.connect("builder-inited", facts.load_trial_data)
    app.connect("builder-inited", facts.check_sources, priority=AFTER_BIBTEX)
    app.connect("env-get-outdated", facts.pages_showing_changed_data)
    app.connect("env-get-outdated", references.pages_citing_changed_references)

    # What the sources may say, checked.
    app.connect("env-before-read-docs", sources.check_sources_are_utf8)
    references.check_citation_keys(app)
    app.add_directive("paper-authors", front_matter.AuthorsDirective)
    app.add_directive("paper-abstract", front_matter.AbstractDirective)
    app.add_directive("paper-info", front_matter.PaperInfoDirective)
    app.add_directive("how-to-cite", front_matter.HowToCiteDirective)
    app.add_directive("declarations", declarations.DeclarationsDirective)
    app.add_role("fact", facts.FactRole())
    app.add_directive("trial-table", facts.TrialTable)
    app.add_directive("forest-plot", forest_plot.ForestPlotDirective)

    # Reading: labels checked, figures' placeholders filled.
    app.add_transform(CheckLabels)
    app.add_transform(CheckFormulas)
    app.add_transform(FillFactPlaceholders)
    app.add_transform(CheckGraphvizFigures)

    # The figures, drawn beside the build, with a visitor for every builder.
    forest = forest_plot.ForestPlotDrawing()  # starts the drawing process now, see forest_plot
    app.add_node(forest_plot.forest_plot, **forest_plot.VISITORS)
    app.connect("builder-inited", forest.start)
    app.connect("html-collect-pages", forest.finish)  # before the EPUB builder packs its folder
    app.connect("build-finished", forest.finish)
    graphviz = GraphvizFigures()
    app.add_node(sphinx_graphviz.graphviz, override=True, **graphviz.visitors())
    app.connect("write-started", graphviz.start)
    app.connect("build-finished", graphviz.stop)

    # Writing, in every builder: what the paper offers to be cited, the title page's details.
    app.connect("write-started", citable.work_out_citable)
    app.connect("doctree-resolved", front_matter.fill_how_to_cite)
    app.add_post_transform(front_matter.AddCommitToPaperInfo)
    app.add_post_transform(NumberedReferencesAsWritten)

    # The web site.
    app.connect("builder-inited", captions.use_caption_delimiter)
    app.add_html_math_renderer(mathematics.RENDERER, mathematics.INLINE, mathematics.BLOCK)
    app.connect("config-inited", mathematics.select_renderer)
    app.connect("builder-inited", version_banner.add_assets)
    app.add_post_transform(accessibility.OneIdPerTable)
    app.add_post_transform(OneIdPerElement)
    app.add_post_transform(OneFragmentPerLink)
    for node_type, visitor in accessibility.ROLE_VISITORS.items():
        app.add_node(node_type, override=True, html=(visitor, None))
    app.add_node(cite_block.details, html=(cite_block.visit_details, cite_block.depart_details))
    app.add_node(cite_block.summary, html=(cite_block.visit_summary, cite_block.depart_summary))
    app.add_node(drawing_file.drawing_link, html=(drawing_file.visit_html, drawing_file.depart_html))
    app.connect("builder-inited", static_files.add_static_folder)
    carried_files.setup(app)
    app.connect("doctree-resolved", pdf_link.add_pdf_link)
    app.connect("doctree-resolved", single_page.add_single_page_link)  # after the PDF link
    app.connect("doctree-resolved", cite_block.add_block)
    app.connect("doctree-resolved", data_downloads.add_data_lines)
    app.connect("html-page-context", head.add_head)
    app.connect("html-page-context", cite_block.add_assets)
    app.connect("html-page-context", previews.add_previews)
    app.connect("html-page-context", version_banner.add_banner)
    app.connect("html-page-context", single_page.address_the_single_page)
    navigation = NavigationForFuro()
    app.connect("html-page-context", navigation.stand_in, priority=BEFORE_FURO)
    app.connect("html-page-context", navigation.put_back, priority=AFTER_FURO)
    app.connect("build-finished", cite_block.write_downloads)
    app.connect("build-finished", pdf_link.copy_pdf_into_site)
    app.connect("build-finished", single_page.publish_single_page)
    app.connect("build-finished", sitemap.write_sitemap)
    app.connect("build-finished", data_downloads.write_data)

    # The PDF, the EPUB, JATS.
    app.add_post_transform(pdf.GatherPaperDetails)
    app.add_post_transform(pdf.DropEmptyReferencesSection)
    app.add_post_transform(fonts.CheckCharacters)
    app.connect("builder-inited", epub_accessibility.name_the_language)
    app.connect("config-inited", site_only.leave_out_site_only_files)
    app.connect("config-inited", void_elements.close_tab_inputs)
    app.add_post_transform(svg_namespace.SvgInItsNamespace)
    app.connect("html-collect-pages", build_files.leave_out_build_files)
    app.connect("build-finished", reproducible.finish_the_book)
    app.add_builder(JATSBuilder)
    app.add_builder(typst_builder.TypstBuilder)
    app.connect("build-finished", typst_builder.compile_pdf)  # after the forest plot's drawing is done

    app.connect("builder-inited", garbage_collector.freeze_what_lives_on, priority=LAST)
    app.connect("write-started", garbage_collector.freeze_what_lives_on, priority=LAST)
    # What a rebuild reads, writes and removes, so that it makes what a clean build makes.
    rebuilds.setup(app, last=LAST)
    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
