"""A second, small paper that the tests build: what any author's paper may contain."""

# The paper extension as any author installs it (pyproject.toml), by its name alone.
extensions = ["myst_parser", "paper"]
paper_citation_file = "CITATION.cff"
paper_data_file = "data/doses.yaml"
paper_basename = "dose-response"

root_doc = "index"
exclude_patterns = ["data", "figures"]
myst_enable_extensions = ["colon_fence", "substitution"]
language = "en_GB"
numfig = True
numfig_secnum_depth = 0
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "paper"
bibtex_reference_style = "label"
graphviz_output_format = "svg"
