"""The bibliography: a numeric, order-of-citation style for the paper.

pybtex's ``unsrt`` style already numbers references in order of first
citation, protects braced acronyms and links DOIs. This style adds what the
paper's references need on top of it:

* ``@online`` entries (press releases, news) print the site and the full
  publication date from a BibLaTeX-style ``date = {2022-08-17}`` field;
* ``pmid`` prints as a PubMed link, next to the DOI link.

Before sphinxcontrib-bibtex reads the ``.bib`` files, each is parsed and
checked here, so that a syntax error or an entry missing a field its type
needs stops the build with the file, the entry and the problem named.

In LaTeX, Sphinx moves every citation to one ``thebibliography`` at the end
of the PDF, under its own "References" heading; the HTML page's section of
that name would then stand empty in the PDF, so it is dropped there.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pybtex.database
import pybtex.plugin
from pybtex.exceptions import PybtexError
from docutils import nodes
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date as month_year
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, first_of, href, join, optional, sentence, tag
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .errors import InputError, stop

STYLE_NAME = "paper"
#: Fields each entry type must have, and the fields of which it needs one.
REQUIRED_FIELDS = {
    "article": (("title", "journal", "year"), ()),
    "online": (("title", "organization"), ("date", "year", "url")),
}
FIELD_FORMATS = {
    "doi": re.compile(r"^10\.\d{4,9}/\S+$"),
    "pmid": re.compile(r"^\d{1,9}$"),
    "date": re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    "url": re.compile(r"^https?://\S+$"),
}


class BibliographyFileError(InputError):
    category = "Bibliography error"


def entry_problems(entry) -> list[str]:
    """What is wrong with one parsed entry, as sentences (empty when nothing is)."""
    if entry.type not in REQUIRED_FIELDS:
        return [f"type @{entry.type} is not one of @{', @'.join(REQUIRED_FIELDS)}"]
    required, one_of = REQUIRED_FIELDS[entry.type]
    problems = [f"missing field '{name}'" for name in required if not entry.fields.get(name)]
    if entry.type == "article" and not entry.persons.get("author"):
        problems.append("missing field 'author'")
    if one_of and not any(entry.fields.get(name) for name in one_of):
        problems.append(f"needs one of the fields {', '.join(one_of)}")
    for name, pattern in FIELD_FORMATS.items():
        value = entry.fields.get(name)
        if value is not None and not pattern.match(value):
            problems.append(f"field '{name}' = {value!r} is malformed")
    return problems


def check_bibliography(path: Path) -> None:
    """Parse one .bib file strictly; raise :class:`BibliographyFileError` on any fault."""
    try:
        data = pybtex.database.parse_file(str(path))
    except (OSError, PybtexError) as exc:
        raise BibliographyFileError(f"{path}: {exc}") from exc
    for key, entry in data.entries.items():
        problems = entry_problems(entry)
        if problems:
            raise BibliographyFileError(f"{path}: entry '{key}': {'; '.join(problems)}")


def check_bibliographies(app: Sphinx) -> None:
    for name in app.config.bibtex_bibfiles:
        try:
            check_bibliography(Path(app.confdir) / name)
        except BibliographyFileError as error:
            stop(error)


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
    app.setup_extension("sphinxcontrib.bibtex")
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, PaperStyle)
    app.add_post_transform(DropEmptyReferencesSection)
    # Before sphinxcontrib-bibtex parses the files (at the default priority).
    app.connect("builder-inited", check_bibliographies, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
