"""The "Cite this" blocks and the downloads.

HTML pages only (not EPUB, whose readers run no JavaScript):

* the root page (after its "How to cite") and every numbered section page
  (under its heading) get a "Cite this" block, a native, closed
  ``<details>`` element: the work's APA and Vancouver references (rendered
  once per build by :mod:`.reference_styles`), its BibTeX entry, copy
  buttons (``_static/cite.js``, local) and links to download the reference
  as RIS, BibTeX and CSL-JSON;
* those downloads are written beside the pages: ``amcenestrant.ris``,
  ``.bib`` and ``.json`` for the paper, ``amcenestrant-sec-ameera-3.ris``
  and so on for each section (named from ``paper_basename`` and the
  section's label).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..config import output_name
from ..content.citable import citable, is_site, page_url
from ..formats.downloads import CitedWork, bibtex, csl_json, ris

#: The downloads: file suffix, format's name, media type, who reads it, writer.
DOWNLOADS = (
    (".ris", "RIS", "application/x-research-info-systems", " (EndNote, Zotero, Mendeley)", ris),
    (".bib", "BibTeX", "application/x-bibtex", "", bibtex),
    (".json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "",
     lambda work: json.dumps([csl_json(work)], ensure_ascii=False, indent=2) + "\n"),
)


class details(nodes.General, nodes.Element):
    """A native disclosure widget, ``<details>``: no script or style sheet needed to open it."""


class summary(nodes.General, nodes.TextElement):
    """The always visible label of a :class:`details` element."""


def visit_details(translator, node: details) -> None:
    translator.body.append(translator.starttag(node, "details"))


def depart_details(translator, node: details) -> None:
    translator.body.append("</details>\n")


def visit_summary(translator, node: summary) -> None:
    translator.body.append(translator.starttag(node, "summary", suffix=""))


def depart_summary(translator, node: summary) -> None:
    translator.body.append("</summary>\n")


# -- Downloads -----------------------------------------------------------------------------


def download_name(app: Sphinx, docname: str, suffix: str) -> str:
    """``amcenestrant.ris`` for the paper, ``amcenestrant-sec-ameera-3.ris`` for a section."""
    part = citable(app).part(docname)
    return output_name(app.config, f"-{part.label}{suffix}" if part.is_section else suffix)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Each cited work's reference in every download format, beside the pages."""
    if exception is not None or not is_site(app):
        return
    for docname, work in citable(app).works.items():
        for suffix, _, _, _, write in DOWNLOADS:
            (Path(app.outdir) / download_name(app, docname, suffix)).write_text(write(work), encoding="utf-8")


# -- The blocks -------------------------------------------------------------------------------


def _copy_button(target: str, what: str) -> nodes.raw:
    # Hidden until cite.js, which makes it work, has loaded.
    html = f'<button type="button" class="cite-copy" data-copy="{target}" hidden>Copy {escape(what)}</button>'
    return nodes.raw("", html, format="html")


def _style_heading(name: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong(text=name), classes=["cite-style"])


def _downloads(app: Sphinx, docname: str, work: CitedWork) -> nodes.raw:
    what = "this section's" if work.is_section else "the paper's"
    links = ", ".join(
        f'<a href="{escape(page_url(app, docname, download_name(app, docname, suffix)))}" download '
        f'type="{media_type}">{name}</a>{readers}'
        for suffix, name, media_type, readers, _ in DOWNLOADS
    )
    html = f'<p class="cite-download">Download {what} reference for a reference manager: {links}.</p>'
    return nodes.raw("", html, format="html")


def cite_block(app: Sphinx, docname: str, work: CitedWork) -> details:
    """A closed ``<details>`` holding the references, the BibTeX entry and the downloads."""
    body = nodes.container(classes=["cite-body"])
    for name, reference in citable(app).references[work.key].items():
        style = name.lower()
        body += _style_heading(name)
        body += nodes.paragraph(text=reference, ids=[f"cite-{style}"], classes=["cite-text"])
        body += _copy_button(f"cite-{style}", f"{name} reference")
    entry = bibtex(work)
    body += _style_heading("BibTeX")
    body += nodes.literal_block(entry, entry, language="none", ids=["cite-bibtex"], classes=["cite-bibtex"])
    body += _copy_button("cite-bibtex", "BibTeX entry")
    body += _downloads(app, docname, work)
    body += nodes.raw("", '<p class="cite-status" role="status"></p>', format="html")
    block = details(classes=["cite-this"])
    block += summary(text=f"Cite this {'section' if work.is_section else 'paper'}")
    block += body
    return block


def add_block(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The block under a section's heading and its PDF link, or after the root page's "How to cite"."""
    if not is_site(app) or docname not in app.env.found_docs:
        return
    work = citable(app).work(docname)
    if work is None:
        return
    how_to_cite = [node for node in doctree.findall(nodes.paragraph) if "how-to-cite" in node["classes"]]
    heading = doctree.next_node(nodes.section)[0]
    pdf_line = next((node for node in heading.parent.children if "paper-pdf" in node.get("classes", [])), heading)
    anchor = how_to_cite[0] if how_to_cite and not work.is_section else pdf_line
    anchor.parent.insert(anchor.parent.index(anchor) + 1, cite_block(app, docname, work))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """cite.css and cite.js, only on the pages with a block."""
    if is_site(app) and citable(app).work(pagename) is not None:
        app.add_css_file("cite.css")
        app.add_js_file("cite.js", loading_method="defer")
