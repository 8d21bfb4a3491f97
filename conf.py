"""Sphinx configuration for the amcenestrant paper.

Declarative only. Title, authors, version, date, licence and keywords come
from CITATION.cff; the ``paper`` extension (source/_ext/paper, installed into
the environment from this repository: pyproject.toml) reads them and does
everything that computes.
"""

# -- Extensions ---------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.graphviz",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    "paper",
]

paper_citation_file = "CITATION.cff"
paper_data_file = "data/trials.yaml"
# Names every output file: amcenestrant.pdf, amcenestrant.epub, amcenestrant.bib, ...
paper_basename = "amcenestrant"

# -- Sources ------------------------------------------------------------------

root_doc = "index"
exclude_patterns = ["_ext", "figures", "data"]
# Formulas as scientists write them: $…$, $$…$$ and amsmath environments (README, "Formulas").
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "dollarmath", "amsmath"]
myst_heading_anchors = 0
language = "en"
today_fmt = "%d %B %Y"

# Sections, figures and tables are numbered 1..N across the whole paper, in
# HTML exactly as LaTeX's article class numbers them in the PDF.
numfig = True
numfig_secnum_depth = 0
numfig_format = {"figure": "Figure %s", "table": "Table %s", "section": "Section %s"}

# -- Citations ----------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "paper"
bibtex_reference_style = "label"
bibtex_cite_id = "cite-{key}"
bibtex_bibliography_id = "bibliography"

# -- Figures --------------------------------------------------------------------

graphviz_output_format = "svg"
graphviz_dot_args = ["-Gfontname=DejaVu Sans", "-Nfontname=DejaVu Sans", "-Efontname=DejaVu Sans"]

# -- HTML -----------------------------------------------------------------------

html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["paper.css"]
# Figure 4 in miniature; without an icon, browsers ask for /favicon.ico and get a 404.
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {"navigation_with_keys": True}
# The paper has no index entries; an empty index page is no use to a reader.
html_use_index = False

# -- LaTeX / PDF ---------------------------------------------------------------

# The engine (LuaLaTeX) and the fonts (TeX Gyre) are the paper extension's: source/_ext/paper/latex/pdf.py.
latex_show_urls = "no"
# Tables with booktabs rules only: no zebra stripes, no rules between rows.
latex_table_style = ["booktabs"]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fncychap": "",
    "preamble": r"""
% PDF bookmarks carry section numbers, like the headings and the HTML.
\hypersetup{bookmarksnumbered=true}
% Long URLs in the references may break at any character, not run into the margin.
\usepackage{xurl}
""",
    "releasename": "Version",
    "tableofcontents": "",
    "printindex": "",
    # No index, so no makeindex run between the LaTeX passes.
    "makeindex": "",
    "sphinxsetup": "hmargin={2.5cm,2.5cm}, vmargin={2.5cm,2.5cm}",
}
latex_domain_indices = False

# -- EPUB -----------------------------------------------------------------------

epub_show_urls = "no"
# The paper has no index entries; an empty index page is no use in a reader.
epub_use_index = False
