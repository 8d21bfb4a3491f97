"""Which version of the paper a reader holds: a line at the top of every page.

A cited version of the paper must say which one it is, in every output. The
version and release date come from CITATION.cff; the commit the paper was
built from is ``paper_commit`` (the ``PAPER_COMMIT`` environment variable,
which the Makefile and ``scripts/release`` set from git; a build outside git
simply has no commit to show).

Every HTML page of the site, and the whole paper on one page, gets a line at the top, in the theme's announcement bar:
"You are reading version 1.0.0 of 24 November 2026 (commit 7621302)." This
static line is all a reader sees from disk or offline. ``_static/versions.js``
adds to it only when the page is served over HTTP from a release site (a
page under ``v/<version>/`` or ``latest/``, see ``scripts/release``): it
reads the site's ``versions.json`` from the same server and names the latest
version, linking to the same page and anchor there. It fetches nothing
else, and any failure leaves the static line as it was.

The other outputs say it too: the title page's "Commit" row
(:mod:`paper.content.front_matter`), the ``paper-version`` meta tags
(:mod:`.head`), the PDF's document information (:mod:`paper.latex.pdf`),
the JATS front matter (:mod:`paper.jats`).
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from ..content.citable import is_single_page, is_site, single_page_name
from ..content.settings import metadata


def version_line(app: Sphinx) -> str:
    """``version 1.0.0 of 24 November 2026 (commit 7621302)``."""
    meta = metadata(app)
    commit = app.config.paper_commit
    built_from = f" (commit {commit[:7]})" if commit else ""
    return f"version {meta.version} of {meta.spelled_date}{built_from}"


def banner(app: Sphinx, pagename: str) -> str:
    """The static line, with what versions.js needs to find the same page elsewhere."""
    meta = metadata(app)
    # The single page is published in the site under a name of its own (paper.html.single_page).
    page = single_page_name(app) if is_single_page(app) else app.builder.get_target_uri(pagename)
    return (
        f'<p class="paper-version" data-version="{escape(meta.version)}" data-page="{escape(page)}">'
        f"You are reading {escape(version_line(app))}.</p>"
    )


def add_banner(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if is_site(app) or is_single_page(app):
        context["theme_announcement"] = banner(app, pagename)


def add_assets(app: Sphinx) -> None:
    if is_site(app) or is_single_page(app):
        app.add_css_file("versions.css")
        app.add_js_file("versions.js", loading_method="defer")
