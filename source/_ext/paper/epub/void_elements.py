"""sphinx-design's tabs in XHTML: an ``<input>`` closed as XML requires.

sphinx-design writes a tab's radio button as ``<input ...>``, which HTML
allows and XHTML, the EPUB's pages, does not: EPUBCheck stops at the first
one ("must be terminated by the matching end-tag"), and reading systems may
refuse the page. Written ``<input .../>``, it is right in both. Registered
only when the paper uses sphinx-design, so that the extension does not need it.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def visit_tab_input(self, node) -> None:
    attributes = {"ids": [node["id"]], "type": node["type"], "name": node["set_id"]}
    if node["checked"]:
        attributes["checked"] = "checked"
    self.body.append(self.starttag(node, "input", empty=True, **attributes))


def depart_tab_input(self, node) -> None:
    pass  # a void element: closed where it was opened


def close_tab_inputs(app: Sphinx, config) -> None:
    if "sphinx_design" in app.extensions:
        from sphinx_design.tabs import sd_tab_input

        app.add_node(sd_tab_input, override=True, html=(visit_tab_input, depart_tab_input))
