"""``sitemap.xml`` and ``robots.txt`` for a published site, as Google Scholar's guidelines ask.

Written only when the site's address is known (``html_baseurl``: a release,
Read the Docs, or CITATION.cff's ``url``), since a sitemap lists absolute
addresses; each is the page's canonical address. The pages are listed in
reading order, the order of the table of contents, so that two builds write
the same bytes.

sphinx-sitemap, the usual extension for this, was measured and not taken:
version 2.9.0 warns when ``html_baseurl`` is unset (so a strict build of an
unpublished paper fails), runs for every builder, starts a multiprocessing
manager process in every build, and lists the pages in the order parallel
writers finish them.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from sphinx.application import Sphinx

from ..content.citable import is_site, site_url
from ..content.domain import paper_domain
from ..content.settings import metadata

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def reading_order(app: Sphinx) -> list[str]:
    """Every page: the root, then each next one as Sphinx links them (its "next" relation), then any left over."""
    relations = app.env.collect_relations()
    order, docname = [], app.config.root_doc
    while docname and docname not in order:
        order.append(docname)
        docname = relations.get(docname, (None, None, None))[2]
    return order + sorted(app.env.found_docs - set(order))


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site(app) or not app.config.html_baseurl:
        return
    date = metadata(app).date.isoformat()
    entries = "".join(
        f"  <url><loc>{escape(site_url(app, app.builder.get_target_uri(docname)))}</loc>"
        f"<lastmod>{date}</lastmod></url>\n"
        for docname in reading_order(app)
    )
    sitemap = site_url(app, "sitemap.xml")
    outdir = Path(app.outdir)
    (outdir / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n{entries}</urlset>\n', encoding="utf-8")
    (outdir / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", encoding="utf-8")
    paper_domain(app.env).made(outdir / "sitemap.xml")
    paper_domain(app.env).made(outdir / "robots.txt")
