"""A paper with every construct an author may write in MyST, each carrying a word of its own
(tests/fast/test_every_construct.py looks for each word in every builder's output)."""

extensions = ["myst_parser", "sphinx_design", "paper"]
paper_basename = "constructs"
paper_data_file = "data/facts.yaml"
exclude_patterns = ["data", "_build"]
# In-process test builds: leave the test process's garbage collector alone.
paper_freeze_garbage = False
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "paper"
bibtex_reference_style = "label"
numfig = True
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "dollarmath", "amsmath", "fieldlist"]
myst_substitutions = {"drug": "SUBSTITUTEDWORD"}
