"""Citable down to a section: what each page cites, its addresses, its description.

Everything here is drawn from CITATION.cff (through :mod:`.metadata`) and
from the build itself, so nothing is typed twice. Three modules build on it:
:mod:`.page_metadata` (meta tags, JSON-LD, description), :mod:`.cite_block`
(the "Cite this" block, the PDF link, the downloads) and, for both, the
formats of :mod:`.reference_formats` and :mod:`.reference_styles`.

What a page cites (:func:`cited_part`) is worked out once per build, when
writing starts, from one pass over the labels: the root page cites the whole
paper, a report; each numbered section page cites that section, a part of
the report, by its number and heading at its permanent anchor, its label.
Each becomes a :class:`.reference_formats.CitedWork` (:func:`cited_work`).

Addresses are absolute when the site's address, ``html_baseurl``, is known
(see :mod:`.metadata` for where it comes from) and otherwise relative: to
the page in a page's links and meta tags, to the site's root in the written
references and downloads, which sit there.

The PDF travels with the site: an HTML build puts the paper's PDF, built
before it into the LaTeX folder beside it (``make`` builds the PDF first),
into the HTML folder, where every page links to it.

Each page's description is the first sentences of its first paragraph,
without the citations, read once when the page is read.

In every build, each section, figure and table must have an explicit label,
because labels are the paper's public link contract (``objects.inv``): a
heading can then be reworded without moving its anchor.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .metadata import metadata, output_name, sentences
from .reference_formats import REPORT, SECTION, CitedWork

logger = logging.getLogger(__name__)

#: Builders whose pages get the metadata and the blocks (EPUB readers run no JavaScript).
HTML_BUILDERS = ("html", "dirhtml")
#: The node types that must carry an explicit label, with the prefix used in messages.
LABELLED = ((nodes.section, "section", "sec-"), (nodes.figure, "figure", "fig-"), (nodes.table, "table", "tbl-"))
#: A description is whole sentences, as many as fit in this many characters (at least one).
DESCRIPTION_LENGTH = 200


@dataclass(frozen=True)
class CitedPart:
    """What a reference points at: the whole paper, or one numbered section."""

    label: str
    url: str
    number: str = ""
    heading: str = ""

    @property
    def is_section(self) -> bool:
        return bool(self.number)

    @property
    def title(self) -> str:
        """``Section 3. AMEERA-3: …`` for a section."""
        return f"Section {self.number}. {self.heading}"


# -- Addresses ---------------------------------------------------------------------


def pdf_name(app: Sphinx) -> str:
    return output_name(app.config, ".pdf")


def site_url(app: Sphinx, path: str) -> str:
    """A path from the site's root as an address: absolute when the site's address is known.

    An address that is absolute already is returned as it is.
    """
    if not app.config.html_baseurl or urlsplit(path).scheme:
        return path
    # Joined as Sphinx joins the canonical link, so that both agree.
    return posixpath.join(app.config.html_baseurl, path)


def page_url(app: Sphinx, docname: str, path: str) -> str:
    """A path from the site's root (a fragment allowed) as a page links to it: absolute, or relative to the page."""
    if app.config.html_baseurl:
        return site_url(app, path)
    return "../" * app.builder.get_target_uri(docname).count("/") + path


# -- What each page cites ------------------------------------------------------------


def index_parts(app: Sphinx, builder) -> None:
    """Work out, once per build, which part each page cites, and the work it describes.

    A page's part is named by the first (in sorted order) label on its title;
    one pass over the labels serves every page. Called when writing starts,
    once the sections are numbered.
    """
    env = app.env
    app.paper_parts, app.paper_works = {}, {}
    if app.builder.name not in HTML_BUILDERS:
        return
    first_label: dict[str, str] = {}
    for name, (docname, _, section_name) in sorted(env.domains.standard_domain.labels.items()):
        title = env.titles.get(docname)
        if title is not None and section_name == title.astext():
            first_label.setdefault(docname, name)
    for docname, label in first_label.items():
        page = app.builder.get_target_uri(docname)
        if docname == app.config.root_doc:
            app.paper_parts[docname] = CitedPart(label=label, url=site_url(app, page))
        elif number := env.toc_secnumbers.get(docname, {}).get(""):
            app.paper_parts[docname] = CitedPart(
                label=label, url=site_url(app, f"{page}#{label}"),
                number=".".join(map(str, number)), heading=env.titles[docname].astext(),
            )
    app.paper_works = {docname: _work(app, docname, part) for docname, part in app.paper_parts.items()}


def cited_part(app: Sphinx, docname: str) -> CitedPart | None:
    """The part a page cites: the paper (root), a numbered section, or nothing."""
    return app.paper_parts.get(docname)


def cited_work(app: Sphinx, docname: str) -> CitedWork | None:
    """The work a page cites, as reference managers store it (None if it cites nothing)."""
    return app.paper_works.get(docname)


def paper_work(app: Sphinx) -> CitedWork:
    return app.paper_works[app.config.root_doc]


def citation_key(app: Sphinx) -> str:
    """``amcenestrant2026``: the first author's first word and the year."""
    meta = metadata(app)
    first = meta.creators[0]
    word = (first.family if first.is_person and first.family else first.name).split()[0]
    return f"{''.join(filter(str.isalnum, word)).lower()}{meta.date.year}"


def _work(app: Sphinx, docname: str, part: CitedPart) -> CitedWork:
    meta = metadata(app)
    shared = {
        "creators": meta.creators, "date": meta.date, "version": meta.version, "issuer": meta.issuer,
        "url": part.url, "pdf_url": site_url(app, pdf_name(app)), "language": app.config.language or "",
        "keywords": meta.keywords,
    }
    if part.is_section:
        return CitedWork(kind=SECTION, key=f"{citation_key(app)}-{part.label}", title=part.title,
                         container_title=meta.title, abstract=description(app, docname), **shared)
    return CitedWork(kind=REPORT, key=citation_key(app), title=meta.title, abstract=meta.abstract, doi=meta.doi,
                     **shared)


def paper_work_in_print(app: Sphinx) -> CitedWork:
    """The paper as cited from the PDF or the EPUB, read away from the site: its
    address only when the site's is known (a relative one would lead nowhere)."""
    return _work(app, app.config.root_doc, CitedPart(label=app.config.root_doc, url=app.config.html_baseurl))


# -- Descriptions ---------------------------------------------------------------------


def summary(text: str) -> str:
    """The first sentences of a text, as many as fit in :data:`DESCRIPTION_LENGTH` (at least one)."""
    parts = sentences(text)
    kept = parts[:1]
    for sentence in parts[1:]:
        if len(" ".join([*kept, sentence])) > DESCRIPTION_LENGTH:
            break
        kept.append(sentence)
    return " ".join(kept)


def _prose(paragraph: nodes.paragraph) -> str:
    """A paragraph's words without its citations and cross-references (unresolved when read)."""
    words = "".join(
        text.astext() for text in paragraph.findall(nodes.Text)
        if not any(isinstance(ancestor, addnodes.pending_xref) for ancestor in _ancestors(text))
    )
    words = " ".join(words.split())
    # What a removed reference leaves behind: "( )", " ." and " ,".
    return re.sub(r"\s+([.,;:)])", r"\1", re.sub(r"\(\s*\)", "", words))


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def note_description(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the page's description: the first sentences of its first paragraph."""
    descriptions = app.env.__dict__.setdefault("paper_descriptions", {})
    for paragraph in doctree.findall(nodes.paragraph):
        if text := _prose(paragraph):
            descriptions[app.env.docname] = summary(text)
            return


def description(app: Sphinx, docname: str) -> str:
    """A page's description: the abstract's first sentences for the paper, else its own."""
    if docname == app.config.root_doc:
        return summary(metadata(app).abstract)
    return getattr(app.env, "paper_descriptions", {}).get(docname, "")


def forget_description(app: Sphinx, env, docname: str) -> None:
    getattr(env, "paper_descriptions", {}).pop(docname, None)


def merge_descriptions(app: Sphinx, env, docnames, other) -> None:
    env.__dict__.setdefault("paper_descriptions", {}).update(
        {name: text for name, text in getattr(other, "paper_descriptions", {}).items() if name in docnames}
    )


# -- The PDF in the site -----------------------------------------------------------------


def copy_pdf_into_site(app: Sphinx, exception: Exception | None) -> None:
    """Put the PDF that the LaTeX build made beside the HTML into the HTML folder."""
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    built = Path(app.outdir).parent / "latex" / pdf_name(app)
    if built.is_file():
        shutil.copyfile(built, Path(app.outdir) / built.name)
    else:
        logger.info("No PDF at %s yet: the pages link to %s, which `make` builds and puts in the site.",
                    built, built.name)


# -- Labels -------------------------------------------------------------------------------


def check_labels(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about every section, figure or table without an explicit label."""
    for node_type, kind, prefix in LABELLED:
        for node in doctree.findall(node_type):
            if any(doctree.nametypes.get(name) for name in node["names"]):
                continue
            title = next(iter(node.findall(nodes.title)), None) or next(iter(node.findall(nodes.caption)), None)
            what = f" '{title.astext()}'" if title is not None else ""
            logger.warning(
                "%s%s has no label; links to it would break when it is reworded. Give it one, "
                "such as (%sexample)= above a heading or :name: %sexample on a figure or table.",
                kind.capitalize(), what, prefix, prefix, location=node,
            )


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.metadata")
    app.connect("doctree-read", check_labels)
    app.connect("doctree-read", note_description)
    app.connect("env-purge-doc", forget_description)
    app.connect("env-merge-info", merge_descriptions)
    # Before the blocks' references are rendered (cite_block, default priority).
    app.connect("write-started", index_parts, priority=400)
    app.connect("build-finished", copy_pdf_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
