"""Every formula can be written as MathML, checked once while the page is read.

The site, the EPUB and JATS show a formula as MathML (:mod:`paper.formats.mathml`),
the PDF as LaTeX: a formula that cannot be converted would differ between
them, so it is a warning (an error in the strict build) in every builder,
naming the file and line of the formula.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..formats.mathml import MathError, mathml

logger = logging.getLogger(__name__)


class CheckFormulas(SphinxTransform):
    """Warn about each formula, inline or displayed, that cannot be written as MathML."""

    default_priority = 900  # once the document is complete

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block))):
            try:
                mathml(node.astext(), display=isinstance(node, nodes.math_block))
            except MathError as error:
                logger.warning("formula %r: %s", " ".join(node.astext().split()), error, location=node)
