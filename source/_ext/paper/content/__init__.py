"""What every builder shares: Sphinx's settings from CITATION.cff, the directives and
roles that put the paper's data into its pages, the per-document state (the paper
domain), and what the paper offers to be cited."""
