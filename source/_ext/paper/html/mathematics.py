"""Formulas in the site and the EPUB as MathML, written at build time.

Browsers and EPUB 3 reading systems display MathML themselves, so a page
needs no script to show a formula (Sphinx's default, MathJax, loads one
from a CDN: offline, the reader would see TeX). It is Sphinx's own
mechanism, a math renderer (``html_math_renderer = "mathml"``), which the
paper extension selects unless ``conf.py`` names another. A displayed
formula with a number carries it, and a link to itself, as MathJax's did.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

from ..formats.mathml import MathError, mathml_text

RENDERER = "mathml"


def select_renderer(app: Sphinx, config: Config) -> None:
    if config.html_math_renderer is None:
        config.html_math_renderer = RENDERER


def formula(self, node: nodes.math | nodes.math_block, display: bool) -> str:
    try:
        return mathml_text(node.astext(), display)
    except MathError:
        # Reported where the page was read (paper.content.mathematics); the build has failed.
        return self.encode(node.astext())


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(formula(self, node, display=False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(formula(self, node, display=True) + "</div>\n")
    raise nodes.SkipNode


INLINE = (visit_math, None)
BLOCK = (visit_math_block, None)
