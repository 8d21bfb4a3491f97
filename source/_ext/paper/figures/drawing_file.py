"""A link to a figure's vector file, the drawing exactly as the page shows it.

The file is named only when the writer draws it (Graphviz names it by a
hash of its code and options), so the link is a node, :class:`drawing_link`,
that the HTML writer fills in from what it drew for that figure
(:func:`drew`), which comes first on the page. Only the web site's pages
offer it (:mod:`paper.html.data_downloads`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What the HTML writer drew for each figure on the page it writes: the figure's id -> the file's address.
DRAWN = "paper_drawings"


class drawing_link(nodes.Inline, nodes.TextElement):
    """A link, whose text is the format's name, to the drawing of the figure with the id ``figure``."""


def drew(translator, node: nodes.Element, src: str) -> None:
    """Note that the writer drew ``node``'s figure at ``src`` (an HTML visitor calls it)."""
    if isinstance(node.parent, nodes.figure) and node.parent["ids"]:
        translator.__dict__.setdefault(DRAWN, {})[node.parent["ids"][0]] = str(src)


def visit_html(translator, node: drawing_link) -> None:
    src = getattr(translator, DRAWN, {}).get(node["figure"])
    if src is None:
        logger.warning("figure %s: no drawing to link to", node["figure"], location=node)
        raise nodes.SkipNode
    translator.body.append(f'<a class="reference external" href="{translator.attval(src)}" type="image/svg+xml">')


def depart_html(translator, node: drawing_link) -> None:
    translator.body.append("</a>")
