"""What the paper offers to be cited, where it is, and its references in APA and Vancouver.

The root page cites the whole paper, a report; each numbered section page
cites that section, and each numbered figure and table can be cited too:
a part of the report, by its number and heading (a figure's or table's
caption, its first sentence) at its permanent anchor, its label. Each
becomes a :class:`~paper.formats.downloads.CitedWork`, from which the meta
tags, the "Cite this" blocks and the downloads are all written, so they
agree field for field.

All of it is worked out once per build, when writing starts, once the
sections, figures and tables are numbered (:class:`Citable`, kept on the
paper domain): one pass over the labels finds each page's part and the
figures and tables on it, and citeproc-py renders every work's APA and
Vancouver reference (:mod:`paper.formats.reference_styles`), or the last
build's rendering is reused.

Addresses are absolute when the site's address, ``html_baseurl``, is known
(see :mod:`.settings` for where it comes from) and otherwise relative: to
the page in a page's links and meta tags, to the site's root in the written
references and downloads, which sit there.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx

from ..config import output_name
from ..formats.downloads import PART, REPORT, CitedWork, csl_json
from ..formats.reference_styles import render_cached
from ..formats.text import sentences, summary
from .domain import paper_domain
from .labels import SECTION, numbered_labels
from .settings import metadata

#: Builders whose pages are the paper's web site, with its metadata and "Cite this" blocks
#: (not EPUB: its readers run no JavaScript, and it has no addresses of its own).
HTML_BUILDERS = ("html", "dirhtml")
#: Where the rendered references are kept between builds, per builder (they share the doctrees).
REFERENCES_CACHE = "paper-references-{builder}.json"


#: What a part can be besides the kinds of numbered label: the whole paper.
PAPER = "paper"


@dataclass(frozen=True)
class CitedPart:
    """What a reference points at: the whole paper, or one numbered section, figure or table."""

    label: str
    url: str
    kind: str = PAPER
    number: str = ""
    heading: str = ""
    #: A figure's or table's whole caption (its heading is the first sentence).
    caption: str = ""

    @property
    def is_part(self) -> bool:
        return self.kind != PAPER

    @property
    def title(self) -> str:
        """``Section 3. AMEERA-3: …``, ``Figure 4. Hazard ratios …``."""
        return f"{self.kind.capitalize()} {self.number}. {self.heading}"


# -- Addresses ---------------------------------------------------------------------


def is_site(app: Sphinx) -> bool:
    """Whether this build writes the paper's web site."""
    return app.builder.name in HTML_BUILDERS


#: The files a site carries besides its pages, when they are there (:mod:`paper.html.carried_files`).
PDF = "pdf"
#: The accessible PDF, tagged, PDF/UA-1 (:mod:`paper.typst`).
TAGGED_PDF = "tagged pdf"
SINGLE_PAGE = "single page"


def carries(app: Sphinx, what: str) -> bool:
    """Whether this build's output holds the PDF (:data:`PDF`), the accessible PDF (:data:`TAGGED_PDF`)
    or the single page (:data:`SINGLE_PAGE`)."""
    return what in app.config.paper_carried_files


def is_single_page(app: Sphinx) -> bool:
    """Whether this build writes the whole paper on one page, which the site publishes (:mod:`paper.html.single_page`)."""
    return app.builder.name == "singlehtml"


def single_page_name(app: Sphinx) -> str:
    """The whole paper on one page, in the site: ``amcenestrant.html``, named as the PDF is."""
    return output_name(app.config, ".html")


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


def description(app: Sphinx, docname: str) -> str:
    """A page's description: the abstract's first sentences for the paper, else its own."""
    if docname == app.config.root_doc:
        return summary(metadata(app).abstract)
    return paper_domain(app.env).description(docname)


def citation_key(app: Sphinx) -> str:
    """``amcenestrant2026``: the first author's first word and the year."""
    meta = metadata(app)
    first = meta.creators[0]
    word = (first.family if first.is_person and first.family else first.name).split()[0]
    return f"{''.join(filter(str.isalnum, word)).lower()}{meta.date.year}"


def cited_work_of(app: Sphinx, docname: str, part: CitedPart) -> CitedWork:
    """The work a part is; a figure's or table's abstract is its caption, a section's its page's description."""
    meta = metadata(app)
    shared = {
        "creators": meta.creators, "date": meta.date, "version": meta.version, "issuer": meta.issuer,
        "url": part.url, "pdf_url": site_url(app, pdf_name(app)) if carries(app, PDF) else "", "language": app.config.language or "",
        "keywords": meta.keywords, "rights": meta.rights,
    }
    if part.is_part:
        abstract = description(app, docname) if part.kind == SECTION else part.caption
        return CitedWork(kind=PART, key=f"{citation_key(app)}-{part.label}", title=part.title,
                         container_title=meta.title, abstract=abstract, **shared)
    return CitedWork(kind=REPORT, key=citation_key(app), title=meta.title, abstract=meta.abstract, doi=meta.doi,
                     **shared)


def _parts(app: Sphinx) -> tuple[dict[str, CitedPart], dict[str, list[CitedPart]]]:
    """Which part each page cites, and the numbered figures and tables on each page.

    A page's part is named by the first (in sorted order) label on its
    title, a figure's or table's by the label on it.
    """
    env = app.env
    parts: dict[str, CitedPart] = {}
    numbered: dict[str, list[CitedPart]] = {}
    for target in numbered_labels(env):
        url = site_url(app, f"{app.builder.get_target_uri(target.docname)}#{target.name}")
        if target.kind == SECTION:
            if target.is_page:
                parts.setdefault(target.docname, CitedPart(label=target.name, url=url, kind=SECTION,
                                                           number=target.number, heading=target.caption))
        else:
            numbered.setdefault(target.docname, []).append(CitedPart(
                label=target.name, url=url, kind=target.kind, number=target.number,
                heading=sentences(target.caption)[0].removesuffix("."), caption=target.caption,
            ))
    root = app.config.root_doc
    title = env.titles[root].astext()
    on_the_title = sorted(name for name, (docname, _, caption) in env.domains.standard_domain.labels.items()
                          if docname == root and caption == title)
    if on_the_title:
        parts[root] = CitedPart(label=on_the_title[0], url=site_url(app, app.builder.get_target_uri(root)))
    return parts, numbered


class Citable:
    """The paper's citable parts in this build, their works, and their rendered references.

    Works are kept by label: a page's own part's, and each numbered figure's
    and table's. Outside the web site there are no pages to cite; the one
    work is the paper as cited from the PDF or the EPUB, read away from the
    site, for "How to cite": its address only when the site's is known (a
    relative one would lead nowhere).
    """

    def __init__(self, app: Sphinx) -> None:
        self.parts, self.numbered = _parts(app) if is_site(app) else ({}, {})
        self.works = {part.label: cited_work_of(app, docname, part) for docname, part in self._all()}
        root = app.config.root_doc
        root_part = self.parts.get(root)
        printed = self.works[root_part.label] if root_part else cited_work_of(
            app, root, CitedPart(label=root, url=app.config.html_baseurl))
        self.paper = printed
        cache = Path(app.doctreedir) / REFERENCES_CACHE.format(builder=app.builder.name)
        works = list(self.works.values()) or [printed]
        self.references = render_cached(cache, [csl_json(work) for work in works], app.config.language or "")

    def _all(self):
        """(page, part) for every part: each page's own, then the figures and tables on it."""
        yield from self.parts.items()
        for docname, parts in self.numbered.items():
            yield from ((docname, part) for part in parts)

    def part(self, docname: str) -> CitedPart | None:
        """The part a page cites: the paper (root), a numbered section, or nothing."""
        return self.parts.get(docname)

    def work(self, docname: str) -> CitedWork | None:
        """The work a page cites, as reference managers store it (None if it cites nothing)."""
        part = self.parts.get(docname)
        return self.works[part.label] if part else None

    def figures_and_tables(self, docname: str) -> list[CitedPart]:
        """The numbered figures and tables on a page."""
        return self.numbered.get(docname, [])

    def sections(self) -> list[CitedPart]:
        """The numbered sections, in their order."""
        return sorted((part for part in self.parts.values() if part.kind == SECTION),
                      key=lambda part: [int(number) for number in part.number.split(".")])


def work_out_citable(app: Sphinx, builder) -> None:
    paper_domain(app.env).citable = Citable(app)


def citable(app: Sphinx) -> Citable:
    """What this build offers to be cited (worked out when writing starts)."""
    domain = paper_domain(app.env)
    if domain.citable is None:
        domain.citable = Citable(app)
    return domain.citable
