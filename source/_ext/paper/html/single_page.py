"""Links that work on the single page of Sphinx's ``singlehtml`` builder.

On the single page, a document's address is the fragment ``#document-<name>``,
and Sphinx (9.0) builds a link to a target inside a document by appending
the target's own fragment to it: ``#document-references#cite-key``, an
address no browser resolves (an address has one fragment), so the link goes
nowhere. Every target's id is on the single page already, so such a link
needs only its last fragment: ``#cite-key``.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: ``#document-<name>#<id>``: the document's fragment, then the target's.
DOCUMENT_AND_TARGET = re.compile(r"^#document-[^#]*#(?P<target>[^#]+)$")


class OneFragmentPerLink(SphinxPostTransform):
    """Turn ``#document-<name>#<id>`` into ``#<id>`` in every link of the single page."""

    builders = ("singlehtml",)
    # After Sphinx's ReferencesResolver (priority 10) has made the links.
    default_priority = 20

    def run(self, **kwargs) -> None:
        for reference in self.document.findall(nodes.reference):
            found = DOCUMENT_AND_TARGET.match(reference.get("refuri", ""))
            if found:
                reference["refuri"] = "#" + found["target"]
