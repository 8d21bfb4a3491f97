"""Every section, figure and table carries an explicit label, and the number Sphinx gives it.

Labels are the paper's public link contract (``objects.inv``, the anchors
scholars cite): with an explicit label a heading can be reworded without
moving its anchor. A section, figure or table without one is a warning, an
error in the strict build, in every builder.

:func:`numbered_labels` reads, once the sections, figures and tables are
numbered, what each label names: its kind, number and heading or caption
(what "Cite this" and the link previews show).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The kinds of numbered target; a figure and a table are numbered as Sphinx's ``numfig`` numbers them.
SECTION, FIGURE, TABLE = "section", "figure", "table"

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


@dataclass(frozen=True)
class NumberedLabel:
    """A label on a numbered section, figure or table."""

    name: str
    docname: str
    #: The id of the element it names: its anchor.
    node_id: str
    kind: str
    #: "3", "3.1", "4".
    number: str
    #: A section's heading, a figure's or table's caption.
    caption: str
    #: Whether it is a section that is its page's title.
    is_page: bool = False

    @property
    def title(self) -> str:
        """``Figure 4.``, ``Section 3.1.``: how the paper names it."""
        return f"{self.kind.capitalize()} {self.number}."


def numbered_labels(env: BuildEnvironment) -> list[NumberedLabel]:
    """Every label on a numbered section, figure or table, in the labels' sorted order."""
    found = []
    for name, (docname, node_id, caption) in sorted(env.domains.standard_domain.labels.items()):
        if docname not in env.found_docs:
            continue
        for kind in (FIGURE, TABLE):
            if number := env.toc_fignumbers.get(docname, {}).get(kind, {}).get(node_id):
                found.append(NumberedLabel(name, docname, node_id, kind, ".".join(map(str, number)), caption))
        secnumbers = env.toc_secnumbers.get(docname, {})
        is_page = caption == env.titles[docname].astext()
        if number := secnumbers.get(f"#{node_id}") or (secnumbers.get("") if is_page else None):
            found.append(NumberedLabel(name, docname, node_id, SECTION, ".".join(map(str, number)), caption, is_page))
    return found
