"""A small paper of two sections with every kind of input an edit can reach: the fast tier's
stand-in for the whole paper in tests/fast/test_edits.py, which edits each input and rebuilds."""

extensions = ["myst_parser", "paper"]
paper_basename = "edits"
paper_data_file = "data/trials.yaml"
# In-process test builds: leave the test process's garbage collector alone.
paper_freeze_garbage = False
exclude_patterns = ["data", "figures", "_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
numfig = True
numfig_secnum_depth = 0
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "paper"
bibtex_reference_style = "label"
graphviz_output_format = "svg"
html_static_path = ["_static"]
html_css_files = ["extra.css"]
