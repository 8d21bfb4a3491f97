"""The whole paper on one page, published inside the site as ``<basename>.html``.

Sphinx's ``singlehtml`` builder writes the paper as one page,
``_build/singlehtml/index.html``. ``make html`` builds it first (it shares
the environment, so it reads no source again), and the HTML build then puts
it in the site beside the root page, as ``amcenestrant.html``, named as the
PDF is: the site is one folder, and the single page finds the site's PDF,
figures and style sheets by the same relative addresses as the root page
does. Every page of the site links to it under its heading, after the PDF
(:func:`add_single_page_link`). It is the page Sphinx wrote, unchanged
except where it is published:

* its canonical address, when the site's is known, is its own,
  ``<url>amcenestrant.html`` (Sphinx would give the root's, with
  ``#document-index`` after it);
* its version line names it, for versions.js to find it in the latest
  version (:mod:`.version_banner`);
* its <head> has a description and the version tags, not the citation tags:
  it is the paper's text once more, not another work to cite (:mod:`.head`).

Links that work on it: on the single page, a document's address is the
fragment ``#document-<name>``, and Sphinx (9.0) builds a link to a target
inside a document by appending the target's own fragment to it:
``#document-references#cite-key``, an address no browser resolves (an
address has one fragment), so the link goes nowhere. Every target's id is
on the single page already, so such a link needs only its last fragment:
``#cite-key`` (:class:`OneFragmentPerLink`). And every id on it is
one element's only (:class:`OneIdPerElement`), as on every other page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..content.citable import SINGLE_PAGE, carries, is_single_page, page_url, single_page_name, site_url
from ..content.domain import paper_domain
from .carried_files import built_single_page
from .pdf_link import pdf_lines

#: ``#document-<name>#<id>``: the document's fragment, then the target's.
DOCUMENT_AND_TARGET = re.compile(r"^#document-(?P<document>[^#]*)#(?P<target>[^#]+)$")
#: What the link says.
LINK_TEXT = "Whole paper on one page"
#: The folders of the single page's files, which the site has too.
ASSET_FOLDERS = ("_static", "_images")


class OneIdPerElement(SphinxPostTransform):
    """Give every element of the single page an id of its own.

    Each document's ids are unique in it, but not across documents: two
    sections headed "Design" are both ``#design``, and every page numbers
    its own ``id1``, ``id2``. On the single page the first document to use an
    id keeps it; a later one's becomes ``<docname>-<id>``, and what points at
    it in that document (a link, a back-reference, a section number) follows.
    """

    builders = ("singlehtml",)
    # Before OneFragmentPerLink, while a link still names its target's document.
    default_priority = 19

    def by_document(self):
        """Every element of the assembled page with the document it came from."""
        def walk(node, docname):
            if isinstance(node, addnodes.start_of_file):
                docname = node["docname"]
            yield node, docname
            for child in node.children:
                if isinstance(child, nodes.Element):
                    yield from walk(child, docname)

        return list(walk(self.document, self.config.root_doc))

    def run(self, **kwargs) -> None:
        elements = self.by_document()
        taken = {element_id for node, _ in elements for element_id in node["ids"]}
        keeper: dict[str, str] = {}
        renamed: dict[tuple[str, str], str] = {}
        for node, docname in elements:
            for index, element_id in enumerate(node["ids"]):
                if keeper.setdefault(element_id, docname) == docname:
                    continue
                new = f"{docname}-{element_id}".replace("/", "-")
                while new in taken:
                    new += "-"
                taken.add(new)
                renamed[docname, element_id] = node["ids"][index] = new
        if not renamed:
            return
        secnumbers = {docname: dict(numbers) for docname, numbers in self.env.toc_secnumbers.items()}
        for (docname, old), new in renamed.items():
            if f"#{old}" in secnumbers.get(docname, {}):
                secnumbers[docname][f"#{new}"] = secnumbers[docname][f"#{old}"]
        # The builder merges the documents' section numbers after assembling the page.
        self.env.toc_secnumbers = secnumbers
        for node, docname in elements:
            if node.get("refid"):
                node["refid"] = renamed.get((docname, node["refid"]), node["refid"])
            if node.get("backrefs"):
                node["backrefs"] = [renamed.get((docname, ref), ref) for ref in node["backrefs"]]
            uri = node.get("refuri", "")
            if uri.startswith("#"):
                found = DOCUMENT_AND_TARGET.match(uri)
                target_doc, target = (found["document"], found["target"]) if found else (docname, uri[1:])
                if (target_doc, target) in renamed:
                    node["refuri"] = "#" + renamed[target_doc, target]


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


def single_page_link(app: Sphinx, docname: str) -> nodes.paragraph:
    link = nodes.reference("", LINK_TEXT, refuri=page_url(app, docname, single_page_name(app)),
                           classes=["paper-single-page-link"])
    return nodes.paragraph("", "", link, classes=["paper-single-page"])


def add_single_page_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The link to the single page under the page's heading, after the PDFs' links if there are any."""
    if not carries(app, SINGLE_PAGE) or docname not in app.env.found_docs:
        return
    heading = doctree.next_node(nodes.section)[0]
    after = heading.parent.index(heading) + 1 + pdf_lines(app)
    heading.parent.insert(after, single_page_link(app, docname))


def address_the_single_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The single page's canonical address is its own in the site."""
    if is_single_page(app) and pagename == app.config.root_doc and context.get("pageurl"):
        context["pageurl"] = site_url(app, single_page_name(app))


def publish_single_page(app: Sphinx, exception: Exception | None) -> None:
    """Put the single page that the ``singlehtml`` build made beside the site into the site."""
    if exception is not None or not carries(app, SINGLE_PAGE):
        return
    outdir = Path(app.outdir)
    built = built_single_page(app)
    shutil.copyfile(built, outdir / single_page_name(app))
    domain = paper_domain(app.env)
    domain.made(outdir / single_page_name(app))
    # The site has the same files (one theme, one set of figures); any it lacks join it.
    for folder in ASSET_FOLDERS:
        for asset in sorted((built.parent / folder).rglob("*")):
            target = outdir / asset.relative_to(built.parent)
            if asset.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(asset, target)
                domain.made(target)
