"""Which version of the paper a reader holds: version, release date and commit.

A cited version of the paper must say which one it is, in every output. The
version and release date come from CITATION.cff (:mod:`.metadata`); the commit
the paper was built from comes from the ``PAPER_COMMIT`` environment variable,
which the Makefile and ``scripts/release`` set from git (a build outside git
simply has no commit to show). The commit is the config value
``paper_commit``.

Every HTML page gets

* meta tags ``paper-version``, ``paper-release-date`` and ``paper-commit``;
* a line at the top, in the theme's announcement bar: "You are reading
  version 1.0.0 of 24 November 2026 (commit 7621302)." This static line is
  all a reader sees from disk or offline. ``_static/versions.js`` adds to it
  only when the page is served over HTTP from a release site (a page under
  ``v/<version>/`` or ``latest/``, see ``scripts/release``): it reads the
  site's ``versions.json`` from the same server and names the latest version,
  linking to the same page and anchor there. It fetches nothing else, and any
  failure leaves the static line as it was.

The PDF, EPUB and JATS carry the same facts through :mod:`.metadata` and
:mod:`.jats`.
"""

from __future__ import annotations

import os
from html import escape

from sphinx.application import Sphinx

from .metadata import metadata

HTML_BUILDERS = ("html", "dirhtml")


def commit(app: Sphinx) -> str:
    """The full hash of the commit the paper was built from, or ``""``."""
    return app.config.paper_commit


def version_line(app: Sphinx) -> str:
    """``version 1.0.0 of 24 November 2026 (commit 7621302)``."""
    meta = metadata(app)
    built_from = f" (commit {commit(app)[:7]})" if commit(app) else ""
    return f"version {meta.version} of {meta.spelled_date}{built_from}"


def meta_tags(app: Sphinx) -> str:
    meta = metadata(app)
    tags = [("paper-version", meta.version), ("paper-release-date", meta.date.isoformat())]
    if commit(app):
        tags.append(("paper-commit", commit(app)))
    return "".join(f'<meta name="{name}" content="{escape(value)}" />\n' for name, value in tags)


def banner(app: Sphinx, pagename: str) -> str:
    """The static line, with what versions.js needs to find the same page elsewhere."""
    meta = metadata(app)
    page = app.builder.get_target_uri(pagename)
    return (
        f'<p class="paper-version" data-version="{escape(meta.version)}" data-page="{escape(page)}">'
        f"You are reading {escape(version_line(app))}.</p>"
    )


def add_to_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in HTML_BUILDERS:
        return
    context["metatags"] = context.get("metatags", "") + meta_tags(app)
    context["theme_announcement"] = banner(app, pagename)


def add_assets(app: Sphinx) -> None:
    if app.builder.name in HTML_BUILDERS:
        app.add_css_file("versions.css")
        app.add_js_file("versions.js", loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.metadata")
    app.add_config_value("paper_commit", os.environ.get("PAPER_COMMIT", ""), "env", types=[str])
    app.connect("builder-inited", add_assets)
    app.connect("html-page-context", add_to_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
