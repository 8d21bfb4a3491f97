"""The "Cite this" blocks, the PDF link on every page, and the downloads.

In every output, the ``how-to-cite`` directive's paragraph cites the whole
paper in APA, as the processor renders it: the same text as the root
page's block, with the paper's address only where it is absolute.

HTML pages only (not EPUB, whose readers run no JavaScript):

* every page of the paper links to the PDF, right under its heading;
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

from .metadata import output_name
from .reference_formats import CitedWork, bibtex, csl_json, ris
from .reference_styles import render_cached
from .scholarly import HTML_BUILDERS, cited_part, cited_work, page_url, paper_work, paper_work_in_print, pdf_name

#: The downloads: file suffix, format's name, media type, who reads it, writer.
DOWNLOADS = (
    (".ris", "RIS", "application/x-research-info-systems", " (EndNote, Zotero, Mendeley)", ris),
    (".bib", "BibTeX", "application/x-bibtex", "", bibtex),
    (".json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "",
     lambda work: json.dumps([csl_json(work)], ensure_ascii=False, indent=2) + "\n"),
)


#: Where the rendered references are kept between builds, beside the doctrees.
#: Where the rendered references are kept between builds, per builder (they share the doctrees).
REFERENCES_CACHE = "paper-references-{builder}.json"


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
    part = cited_part(app, docname)
    return output_name(app.config, f"-{part.label}{suffix}" if part.is_section else suffix)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Each cited work's reference in every download format, beside the pages."""
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    for docname, work in app.paper_works.items():
        for suffix, _, _, _, write in DOWNLOADS:
            (Path(app.outdir) / download_name(app, docname, suffix)).write_text(write(work), encoding="utf-8")


# -- The blocks -------------------------------------------------------------------------------


def render_references(app: Sphinx, builder) -> None:
    """Every work's APA and Vancouver reference, rendered once per build (or kept from the last).

    Outside HTML, the one work is the paper as cited from print, for "How to cite".
    """
    works = list(app.paper_works.values()) or [paper_work_in_print(app)]
    app.paper_print_key = works[0].key if app.builder.name not in HTML_BUILDERS else paper_work(app).key
    cache = Path(app.doctreedir) / REFERENCES_CACHE.format(builder=app.builder.name)
    app.paper_references = render_cached(cache, [csl_json(work) for work in works], app.config.language or "")


class HowToCiteDirective(SphinxDirective):
    """A "How to cite" paragraph; the reference is filled in once the build knows it."""

    def run(self):
        return [nodes.paragraph("", "", nodes.strong(text="How to cite: "), classes=["how-to-cite"])]


def fill_how_to_cite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for paragraph in doctree.findall(nodes.paragraph):
        if "how-to-cite" in paragraph["classes"]:
            paragraph += nodes.Text(app.paper_references[app.paper_print_key]["APA"])


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
    for name, reference in app.paper_references[work.key].items():
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


def pdf_link(app: Sphinx, docname: str) -> nodes.paragraph:
    name = pdf_name(app)
    link = nodes.reference("", "PDF", refuri=page_url(app, docname, name), classes=["paper-pdf-link"])
    return nodes.paragraph("", "", link, nodes.Text(f" of the whole paper ({name})"), classes=["paper-pdf"])


def add_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDF link under every page's heading; the block under a section's, or after the root's "How to cite"."""
    if app.builder.name not in HTML_BUILDERS or docname not in app.env.found_docs:
        return
    heading = doctree.next_node(nodes.section)[0]
    heading.parent.insert(heading.parent.index(heading) + 1, pdf_link(app, docname))
    work = cited_work(app, docname)
    if work is None:
        return
    how_to_cite = [node for node in doctree.findall(nodes.paragraph) if "how-to-cite" in node["classes"]]
    pdf_line = heading.parent[heading.parent.index(heading) + 1]
    anchor = how_to_cite[0] if how_to_cite and not work.is_section else pdf_line
    anchor.parent.insert(anchor.parent.index(anchor) + 1, cite_block(app, docname, work))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """cite.css and cite.js, only on the pages with a block."""
    if app.builder.name in HTML_BUILDERS and cited_work(app, pagename) is not None:
        app.add_css_file("cite.css")
        app.add_js_file("cite.js", loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.scholarly")
    app.add_node(details, html=(visit_details, depart_details))
    app.add_node(summary, html=(visit_summary, depart_summary))
    app.add_directive("how-to-cite", HowToCiteDirective)
    app.connect("write-started", render_references)
    app.connect("doctree-resolved", fill_how_to_cite)
    app.connect("doctree-resolved", add_blocks)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
