"""Previews of what a link points at, on hover and on keyboard focus.

Every citation and every cross-reference to a numbered section, figure or
table previews its target in a small box beside the link
(``_static/previews.js`` and ``previews.css``, local): the full reference
with its DOI and PubMed links; the section's number, heading and
description; the figure's or table's number and caption, and a figure's
drawing when it is on the same page.

Each page carries what its own links need, and nothing else, as JSON in a
``<script type="application/json" id="paper-previews">`` element: no
request at view time (the page works from disk as from a server), nothing
from outside the site, and the same bytes on every build (keys sorted).
The web site's pages and the single page have them; the EPUB, whose
readers run no script, and the other outputs do not, and nothing of them
prints.

The script meets WCAG 2.2 SC 1.4.13, content on hover or focus: Esc
dismisses the box without moving the pointer or the focus, the pointer can
move onto it, and it stays while the link or the box is hovered or the
link focused.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from ..content.citable import is_single_page, is_site
from ..content.domain import paper_domain
from ..content.labels import SECTION, numbered_labels
from ..inputs.bibtex_text import rendered

#: The element the script reads.
DATA_ID = "paper-previews"


def _citations(app: Sphinx) -> dict[str, dict]:
    """Each cited reference's anchor -> its preview: number and reference, as the list prints them."""
    return {
        citation.citation_id: {"kind": "reference", "number": f"[{citation.formatted_entry.label}]",
                               "html": rendered(citation.formatted_entry.text, "html")}
        for citation in app.env.get_domain("cite").citations
    }


def _numbered(app: Sphinx) -> dict[str, dict]:
    """Each numbered section's, figure's and table's anchor -> its preview."""
    found = {}
    for target in numbered_labels(app.env):
        if target.kind == SECTION:
            text = paper_domain(app.env).description(target.docname) if target.is_page else ""
            found[target.node_id] = {"kind": SECTION, "title": f"{target.title} {target.caption}", "text": text}
        else:
            found[target.node_id] = {"kind": target.kind, "title": target.title, "text": target.caption}
    return found


def targets(app: Sphinx) -> dict[str, dict]:
    """Every anchor a link can preview -> what it shows (worked out once per build)."""
    domain = paper_domain(app.env)
    if domain.previews is None:
        domain.previews = {**_numbered(app), **_citations(app)}
    return domain.previews


def page_previews(app: Sphinx, doctree: nodes.document) -> dict[str, dict]:
    """Each link on a page that points at a previewed anchor, as written (its ``href``) -> the preview."""
    anchors = targets(app)
    previews = {}
    for reference in doctree.findall(nodes.reference):
        address = reference.get("refuri") or (f"#{reference['refid']}" if reference.get("refid") else "")
        parts = urlsplit(address)
        if reference.get("internal", True) and not parts.scheme and parts.fragment in anchors:
            previews[address] = anchors[parts.fragment]
    return previews


def script_text(previews: dict[str, dict]) -> str:
    """JSON that a ``<script>`` element holds as written: no ``</`` can end it early."""
    return json.dumps(previews, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")


def add_previews(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The page's previews, and the script and style sheet that show them, on the pages with any."""
    if is_single_page(app):
        # The whole paper is on the page (Sphinx gives no doctree for it here): every link is to an anchor on it.
        previews = {f"#{anchor}": preview for anchor, preview in targets(app).items()}
    elif is_site(app) and doctree is not None:
        previews = page_previews(app, doctree)
    else:
        return
    if not previews:
        return
    app.add_js_file(None, body=script_text(previews), type="application/json", id=DATA_ID)
    app.add_js_file("previews.js", loading_method="defer")
    app.add_css_file("previews.css")

