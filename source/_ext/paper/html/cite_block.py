"""The "Cite this" blocks and the downloads.

HTML pages only (not EPUB, whose readers run no JavaScript):

* the root page (after its "How to cite"), every numbered section page
  (under its heading) and every numbered figure and table (under it, after
  its data) get a "Cite this" block, a native, closed ``<details>``
  element: the work's APA and Vancouver references (rendered once per
  build by :mod:`.reference_styles`), its BibTeX entry, copy buttons
  (``_static/cite.js``, local) and links to download the reference as
  RIS, BibTeX and CSL-JSON;
* those downloads are written beside the pages: ``amcenestrant.ris``,
  ``.bib`` and ``.json`` for the paper, ``amcenestrant-sec-ameera-3.ris``,
  ``amcenestrant-fig-forest-plot.ris`` and so on for each part (named from
  ``paper_basename`` and the part's label).

A page's own block has the ids ``cite-apa``, ``cite-vancouver`` and
``cite-bibtex``; a figure's or table's block adds its label
(``cite-apa-fig-forest-plot``), so that the ids on a page stay unique.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..config import output_name
from ..content.citable import PAPER, CitedPart, citable, is_site, page_url
from ..content.domain import paper_domain
from ..content.labels import SECTION
from .pdf_link import PDF_LINE_CLASSES
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


def download_name(app: Sphinx, label: str, work: CitedWork, suffix: str) -> str:
    """``amcenestrant.ris`` for the paper, ``amcenestrant-sec-ameera-3.ris`` for a part."""
    return output_name(app.config, f"-{label}{suffix}" if work.is_part else suffix)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Each cited work's reference in every download format, beside the pages."""
    if exception is not None or not is_site(app):
        return
    for label, work in citable(app).works.items():
        for suffix, _, _, _, write in DOWNLOADS:
            path = Path(app.outdir) / download_name(app, label, work, suffix)
            path.write_text(write(work), encoding="utf-8")
            paper_domain(app.env).made(path)


# -- The blocks -------------------------------------------------------------------------------


def _copy_button(target: str, what: str) -> nodes.raw:
    # Hidden until cite.js, which makes it work, has loaded.
    html = f'<button type="button" class="cite-copy" data-copy="{target}" hidden>Copy {escape(what)}</button>'
    return nodes.raw("", html, format="html")


def _style_heading(name: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong(text=name), classes=["cite-style"])


def _downloads(app: Sphinx, docname: str, part: CitedPart, work: CitedWork) -> nodes.raw:
    what = f"this {part.kind}'s" if work.is_part else "the paper's"
    links = ", ".join(
        f'<a href="{escape(page_url(app, docname, download_name(app, part.label, work, suffix)))}" download '
        f'type="{media_type}">{name}</a>{readers}'
        for suffix, name, media_type, readers, _ in DOWNLOADS
    )
    html = f'<p class="cite-download">Download {what} reference for a reference manager: {links}.</p>'
    return nodes.raw("", html, format="html")


def cite_block(app: Sphinx, docname: str, part: CitedPart) -> details:
    """A closed ``<details>`` holding the references, the BibTeX entry and the downloads."""
    # The page's own part, or one of the figures and tables it holds, several to a page.
    of_the_page = part.kind in (PAPER, SECTION)
    id_suffix = "" if of_the_page else f"-{part.label}"
    work = citable(app).works[part.label]
    body = nodes.container(classes=["cite-body"])
    for name, reference in citable(app).references[work.key].items():
        target = f"cite-{name.lower()}{id_suffix}"
        body += _style_heading(name)
        body += nodes.paragraph(text=reference, ids=[target], classes=["cite-text"])
        body += _copy_button(target, f"{name} reference")
    entry = bibtex(work)
    body += _style_heading("BibTeX")
    body += nodes.literal_block(entry, entry, language="none", ids=[f"cite-bibtex{id_suffix}"], classes=["cite-bibtex"])
    body += _copy_button(f"cite-bibtex{id_suffix}", "BibTeX entry")
    body += _downloads(app, docname, part, work)
    body += nodes.raw("", '<p class="cite-status" role="status"></p>', format="html")
    block = details(classes=["cite-this"] + ([] if of_the_page else ["cite-figure-or-table"]))
    # Each figure's and table's block names it, as a screen reader lists them.
    block += summary(text=f"Cite this {part.kind}" if of_the_page else f"Cite {part.kind.capitalize()} {part.number}")
    block += body
    return block


def _after(node: nodes.Node, block: details) -> None:
    node.parent.insert(node.parent.index(node) + 1, block)


def add_block(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The page's block under a section's heading and its PDF link, or after the root page's
    "How to cite"; a figure's or table's right after it (its data line follows it, see
    :mod:`.data_downloads`, which puts it in between)."""
    if not is_site(app) or docname not in app.env.found_docs:
        return
    cited = citable(app)
    part = cited.part(docname)
    if part is not None:
        how_to_cite = [node for node in doctree.findall(nodes.paragraph) if "how-to-cite" in node["classes"]]
        heading = doctree.next_node(nodes.section)[0]
        pdf_line = next((node for node in reversed(heading.parent.children)
                         if PDF_LINE_CLASSES & set(node.get("classes", []))), heading)
        _after(how_to_cite[0] if how_to_cite and not part.is_part else pdf_line, cite_block(app, docname, part))
    labelled = {node_id: node for node in doctree.findall(lambda node: isinstance(node, (nodes.figure, nodes.table)))
                for node_id in node["ids"]}
    for numbered in cited.figures_and_tables(docname):
        if numbered.label in labelled:
            _after(labelled[numbered.label], cite_block(app, docname, numbered))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """cite.css and cite.js, only on the pages with a block."""
    if is_site(app) and (citable(app).part(pagename) or citable(app).figures_and_tables(pagename)):
        app.add_css_file("cite.css")
        app.add_js_file("cite.js", loading_method="defer")
