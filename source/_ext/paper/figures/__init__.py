"""The paper's figures: Graphviz drawings and the forest plot, vector in every output,
with their alt text, and a visitor for every builder."""
