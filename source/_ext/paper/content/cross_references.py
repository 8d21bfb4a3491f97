""""Figure 4", not "Figure %s", in the plain-text outputs.

A numbered reference (``{numref}``, MyST's ``[](#fig-…)``) keeps its format,
``numfig_format``'s "Figure %s", in the node's ``title`` and its finished
text, "Figure 4", as its child. The LaTeX writer needs the format (LaTeX
numbers the figure); the text, manual-page and Texinfo writers of Sphinx
9.0 print the format as it stands, "%s" and all. For them the title becomes
the finished text.
"""

from __future__ import annotations

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class NumberedReferencesAsWritten(SphinxPostTransform):
    builders = ("text", "man", "texinfo")
    # After Sphinx's ReferencesResolver (priority 10) has numbered them.
    default_priority = 20

    def run(self, **kwargs) -> None:
        for reference in self.document.findall(addnodes.number_reference):
            reference["title"] = reference.astext()
