"""Valid HTML, and ARIA roles that assistive technology can rely on.

Furo wraps every table in a ``<div class="table-wrapper">`` (so that a wide
table scrolls on a narrow screen) and copies the table's attributes onto the
wrapper, its ``id`` among them: a named table's id then appears twice on the
page, which HTML forbids and WCAG 2.1 (4.1.1, parsing) fails. The wrapper's
copy is removed; the id stays on the table, with its caption.

Two things the stock HTML writers emit fail WCAG 2.1 (success criterion
4.1.2, name, role, value), as axe-core reports them:

* Sphinx marks a toctree's caption ("Contents") as ``role="heading"`` but
  gives it no ``aria-level``, which that role requires. It is the caption of
  a list under the page's title, so it is a level-2 heading.
* docutils marks each bibliography entry as ``role="doc-biblioentry"``,
  which DPUB-ARIA 1.1 deprecates, and so its ``role="list"`` wrapper is left
  with no list items. Each entry becomes a ``listitem``.

Each writer's own visitor still does the work; only the role it wrote is
changed, so the markup otherwise stays the theme's.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: For a node type: the attribute its HTML start tag is written with, and what
#: it becomes. Visitors of other elements of the same type never write it.
ROLE_FIXES = {
    nodes.title: ('role="heading"', 'role="heading" aria-level="2"'),
    nodes.citation: ('role="doc-biblioentry"', 'role="listitem"'),
}


def _visitor(node_type: type[nodes.Element]):
    written, replacement = ROLE_FIXES[node_type]
    method = f"visit_{node_type.__name__}"

    def visit(translator, node: nodes.Element) -> None:
        start = len(translator.body)
        # The translator class's own visitor: the instance's is this one.
        getattr(type(translator), method)(translator, node)
        translator.body[start:] = [
            part.replace(written, replacement) for part in translator.body[start:]
        ]

    return visit


#: The visitors that write those roles, for every HTML-based builder (registered for the
#: "html" format, so EPUB, dirhtml and singlehtml get them too).
ROLE_VISITORS = {node_type: _visitor(node_type) for node_type in ROLE_FIXES}


class OneIdPerTable(SphinxPostTransform):
    """Take the table's ids off the wrapper the theme puts around it."""

    formats = ("html",)
    default_priority = 501  # just after Furo's wrapping (500)

    def run(self, **kwargs) -> None:
        for table in self.document.findall(nodes.table):
            wrapper = table.parent
            if isinstance(wrapper, nodes.container) and "table-wrapper" in wrapper["classes"]:
                wrapper["ids"] = [id_ for id_ in wrapper["ids"] if id_ not in table["ids"]]
