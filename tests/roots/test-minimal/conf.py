"""The smallest paper: one page citing one reference. Tests copy it and edit what they need."""

extensions = ["myst_parser", "paper"]
paper_basename = "minimal"
paper_data_file = "data/facts.yaml"
exclude_patterns = ["data", "_build"]
# In-process test builds: leave the test process's garbage collector alone.
paper_freeze_garbage = False
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "paper"
bibtex_reference_style = "label"
numfig = True
myst_enable_extensions = ["colon_fence"]
