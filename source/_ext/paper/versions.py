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

The title page's list of version, date and licence (``paper-info``, from
:mod:`.metadata`) gains a "Commit" row, so the HTML, the PDF's first page and
the EPUB show it; the PDF's document information gets ``Version`` and
``Commit`` entries; the JATS records both in its front matter (:mod:`.jats`).
The commit is added when pages are written, not when they are read, so a new
commit rewrites the outputs without re-reading every source.
"""

from __future__ import annotations

import os
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from .metadata import metadata
from .pdf import pdf_string
from .scholarly import HTML_BUILDERS


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


class AddCommitToPaperInfo(SphinxPostTransform):
    """A "Commit" row after "Version" and "Date" in the title page's paper-info list."""

    # Before pdf.py gathers the list into the PDF's details block (priority 200).
    default_priority = 150

    def run(self, **kwargs) -> None:
        built_from = self.config.paper_commit
        if not built_from:
            return
        for field_list in self.document.findall(nodes.field_list):
            if "paper-info" in field_list["classes"]:
                row = nodes.field("", nodes.field_name(text="Commit"),
                                  nodes.field_body("", nodes.paragraph("", "", nodes.literal(text=built_from))))
                field_list.insert(2, row)


def add_pdf_info(app: Sphinx, config: Config) -> None:
    """``Version`` and ``Commit`` in the PDF's document information."""
    entries = [("Version", config.paper_metadata.version)]
    if config.paper_commit:
        entries.append(("Commit", config.paper_commit))
    info = ",".join(f"{key}={{{pdf_string(value, config)}}}" for key, value in entries)
    elements = dict(config.latex_elements)
    elements["maketitle"] = elements.get("maketitle", r"\sphinxmaketitle") + f"\\hypersetup{{pdfinfo={{{info}}}}}\n"
    config.latex_elements = elements


def add_assets(app: Sphinx) -> None:
    if app.builder.name in HTML_BUILDERS:
        app.add_css_file("versions.css")
        app.add_js_file("versions.js", loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.metadata")
    app.setup_extension("paper.pdf")
    # "html": outputs are rewritten for a new commit, the sources not re-read.
    app.add_config_value("paper_commit", os.environ.get("PAPER_COMMIT", ""), "html", types=[str])
    # After pdf (priority 200) has set the title page.
    app.connect("config-inited", add_pdf_info, priority=300)
    app.add_post_transform(AddCommitToPaperInfo)
    app.connect("builder-inited", add_assets)
    app.connect("html-page-context", add_to_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
