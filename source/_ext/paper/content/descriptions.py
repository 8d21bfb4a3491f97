"""A page's description: the first sentences of its first paragraph, without its citations.

Read once, when the page is read (:mod:`.domain` keeps it). Citations and
cross-references are not resolved yet then, so they are left out, with the
brackets and spaces they leave behind.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from ..formats.text import one_line, summary


def _prose(paragraph: nodes.paragraph) -> str:
    """A paragraph's words without its citations and cross-references."""
    words = "".join(
        text.astext() for text in paragraph.findall(nodes.Text)
        if not any(isinstance(ancestor, addnodes.pending_xref) for ancestor in _ancestors(text))
    )
    words = one_line(words)
    # What a removed reference leaves behind: "( )", " ." and " ,".
    return re.sub(r"\s+([.,;:)])", r"\1", re.sub(r"\(\s*\)", "", words))


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def first_sentences(document: nodes.document) -> str:
    """The first sentences of the document's first paragraph with words in it ("" if none)."""
    for paragraph in document.findall(nodes.paragraph):
        if text := _prose(paragraph):
            return summary(text)
    return ""
