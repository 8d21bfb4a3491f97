"""The bibliography: a numeric, order-of-citation style for the paper.

pybtex's ``unsrt`` style already numbers references in order of first
citation, protects braced acronyms and links DOIs. This style adds what the
paper's references need on top of it:

* ``@online`` entries (press releases, news) print the site and the full
  publication date from a BibLaTeX-style ``date = {2022-08-17}`` field;
* ``pmid`` prints as a PubMed link, next to the DOI link.

In LaTeX, Sphinx moves every citation to one ``thebibliography`` at the end
of the PDF, under its own "References" heading; the HTML page's section of
that name would then stand empty in the PDF, so it is dropped there.
"""

from __future__ import annotations

import datetime as dt

import pybtex.plugin
from docutils import nodes
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date as month_year
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, first_of, href, join, optional, sentence, tag
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

STYLE_NAME = "paper"


def _spell_date(iso: str) -> str:
    """``2022-08-17`` -> ``17 August 2022``; shorter ISO dates keep their precision."""
    parts = [int(part) for part in str(iso).split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return f"{day.day} {day:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(parts[0], parts[1], 1):%B %Y}"
    return str(parts[0])


publication_date = first_of[
    optional[field("date", raw=True, apply_func=_spell_date)],
    month_year,
]


class PaperStyle(UnsrtStyle):
    """``unsrt`` plus web items with full dates and PubMed links."""

    default_sorting_style = "none"

    def get_online_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            sentence[
                optional[tag("em")[field("organization")]],
                optional[publication_date],
            ],
            self.format_web_refs(e),
        ]

    def format_web_refs(self, e):
        return sentence[
            optional[self.format_doi(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_url(e)],
        ]

    def format_url(self, e):
        url = field("url", raw=True)
        return href(url)[url]

    def format_pubmed(self, e):
        pmid = field("pmid", raw=True)
        return href(join["https://pubmed.ncbi.nlm.nih.gov/", pmid, "/"])[join["PMID: ", pmid]]


class DropEmptyReferencesSection(SphinxPostTransform):
    """Remove the sections that Sphinx's LaTeX writer has emptied of citations."""

    default_priority = 760  # after sphinx.builders.latex.transforms.BibliographyTransform
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for section in list(self.document.findall(nodes.section)):
            content = [
                child for child in section.children
                if not isinstance(child, (nodes.title, nodes.target))
                and not (isinstance(child, nodes.Element) and not child.astext().strip()
                         and not list(child.findall(nodes.image)))
            ]
            if not content:
                section.parent.remove(section)


def setup(app: Sphinx) -> dict:
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, PaperStyle)
    app.add_post_transform(DropEmptyReferencesSection)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
