"""Every section, figure and table carries an explicit label.

Labels are the paper's public link contract (``objects.inv``, the anchors
scholars cite): with an explicit label a heading can be reworded without
moving its anchor. A section, figure or table without one is a warning, an
error in the strict build, in every builder.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The node types that must carry an explicit label, what they are called, the prefix used in examples.
LABELLED = ((nodes.section, "section", "sec-"), (nodes.figure, "figure", "fig-"), (nodes.table, "table", "tbl-"))


class CheckLabels(SphinxTransform):
    """Warn about every section, figure or table without an explicit label."""

    default_priority = 900  # once the document is complete

    def apply(self, **kwargs) -> None:
        document = self.document
        for node_type, kind, prefix in LABELLED:
            for node in document.findall(node_type):
                if any(document.nametypes.get(name) for name in node["names"]):
                    continue
                title = next(iter(node.findall(nodes.title)), None) or next(iter(node.findall(nodes.caption)), None)
                what = f" '{title.astext()}'" if title is not None else ""
                logger.warning(
                    "%s%s has no label; links to it would break when it is reworded. Give it one, "
                    "such as (%sexample)= above a heading or :name: %sexample on a figure or table.",
                    kind.capitalize(), what, prefix, prefix, location=node,
                )
