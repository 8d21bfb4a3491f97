"""The EPUB's inline SVG in the SVG namespace.

sphinx-design draws its icons (a dropdown's chevron, the ``{octicon}`` role)
as inline ``<svg>`` markup without an ``xmlns``. An HTML parser puts such
an element in the SVG namespace by its name; an EPUB's pages are XHTML,
read as XML, where it stays in the XHTML namespace, an element XHTML does
not have (EPUBCheck: "element svg not allowed here"). In the book each
one says its namespace.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: An ``<svg`` start tag that names no namespace.
SVG_WITHOUT_NAMESPACE = re.compile(r"<svg(?![^>]*\sxmlns=)(?=[\s>])")


def in_svg_namespace(markup: str) -> str:
    return SVG_WITHOUT_NAMESPACE.sub(f'<svg xmlns="{SVG_NAMESPACE}"', markup)


class SvgInItsNamespace(SphinxPostTransform):
    builders = ("epub",)
    # After sphinx-design's own post-transforms (the dropdown's, 199) have drawn their icons.
    default_priority = 800

    def run(self, **kwargs) -> None:
        for raw in self.document.findall(nodes.raw):
            if "html" in raw.get("format", "").split() and "<svg" in raw.astext():
                raw.children = [nodes.Text(in_svg_namespace(raw.astext()))]
        for icon in self.document.findall(lambda node: isinstance(node, nodes.Element) and "svg" in node.attributes):
            icon["svg"] = in_svg_namespace(icon["svg"])
