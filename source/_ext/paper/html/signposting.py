"""FAIR Signposting: typed links in a page's <head> that lead a machine from the page to what it describes.

Signposting (https://signposting.org/FAIR/, level 1) gives a landing page
``<link>`` elements with registered relations, so that a harvester or a
repository's crawler finds, without reading the page, the identifier to
cite, the metadata records, the full text, the authors, the licence and
the kind of thing it is. Each page that cites a work (the root page the
paper, a section page its section; :mod:`paper.content.citable`) links

* ``cite-as``: the address to cite the work by: the paper's DOI where
  ``CITATION.cff`` gives one (a DOI names the whole paper, not a
  section), else the work's own address, versioned (``v/1.0.0/``);
* ``describedby``: each of the work's reference downloads, RIS, BibTeX and
  CSL-JSON (:data:`paper.html.cite_block.DOWNLOADS`), with its media type;
* ``item``: the paper's PDFs (print, and accessible) and the whole paper on one page, where the site
  carries them (:mod:`.carried_files`); a section, part of the paper, names
  the paper's own page as its ``collection`` instead;
* ``author``: each author's ORCID (an organisation has no identifier);
* ``license``: each licence's own page;
* ``type``: the schema.org type of the work (``Report``, ``Chapter``) and
  ``AboutPage``, which says that the page describes it.

Signposts name absolute addresses only: without a published address
(``html_baseurl``) a page has none, as it has no canonical link. The
release site's ``linkset.json`` (``scripts/release``) gathers every
version's signposts from these links.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from ..config import tagged_pdf_name
from ..content.citable import PDF, SINGLE_PAGE, TAGGED_PDF, carries, citable, pdf_name, single_page_name, site_url
from ..content.settings import metadata
from .cite_block import DOWNLOADS, download_name

SCHEMA_ORG = "https://schema.org/"
#: The relations a page's signposts use (what the release's linkset gathers from each version's page).
RELATIONS = ("cite-as", "describedby", "item", "collection", "author", "license", "type")


def _link(relation: str, address: str, media_type: str = "") -> str:
    kind = f' type="{media_type}"' if media_type else ""
    return f'<link rel="{relation}" href="{escape(address)}"{kind} />'


def signposts(app: Sphinx, docname: str) -> list[str]:
    """The ``<link>`` elements of a page that cites a work; none for another page or an unpublished site."""
    cited = citable(app)
    part, work = cited.part(docname), cited.work(docname)
    if part is None or not app.config.html_baseurl:
        return []
    links = [_link("cite-as", f"https://doi.org/{work.doi}" if work.doi else work.url)]
    links += [_link("describedby", site_url(app, download_name(app, part.label, work, suffix)), media_type)
              for suffix, _, media_type, _, _ in DOWNLOADS]
    if work.is_part:
        links.append(_link("collection", cited.paper.url))
    else:
        if carries(app, PDF):
            links.append(_link("item", site_url(app, pdf_name(app)), "application/pdf"))
        if carries(app, TAGGED_PDF):
            links.append(_link("item", site_url(app, tagged_pdf_name(app.config)), "application/pdf"))
        if carries(app, SINGLE_PAGE):
            links.append(_link("item", site_url(app, single_page_name(app)), "text/html"))
    links += [_link("author", creator.orcid) for creator in work.creators if creator.orcid]
    links += [_link("license", licence.url) for licence in metadata(app).licences]
    links += [_link("type", f"{SCHEMA_ORG}{'Chapter' if work.is_part else 'Report'}"),
              _link("type", f"{SCHEMA_ORG}AboutPage")]
    return links
