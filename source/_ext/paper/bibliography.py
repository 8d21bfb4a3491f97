"""The bibliography: checked references, one Vancouver style, one list in the PDF.

The references are printed in Vancouver form by the pybtex style in
:mod:`.vancouver`, registered under the name ``paper``; sphinxcontrib-bibtex
uses it for the HTML reference list and the PDF's bibliography alike, and
numbers the references in order of first citation.

Before sphinxcontrib-bibtex reads the ``.bib`` files, each is parsed and
checked here, so that a syntax error, an entry missing a field its type
needs, or a malformed DOI, PMID, date or URL stops the build with the file,
the entry and the problem named. Every BibTeX and BibLaTeX type is accepted:
the common ones are checked for their own fields, any other needs a title.

pybtex finds its plugins (output backends, name and label styles) through
the installed packages' entry points, and sphinxcontrib-bibtex asks it for
the plain-text backend once per citation; each of those look-ups scans the
entry points of every installed package. The plugins a build uses are
therefore resolved once, when the extension is set up, and registered.

In LaTeX, Sphinx moves every citation to one ``thebibliography`` at the end
of the PDF, under its own "References" heading; the HTML page's section of
that name would then stand empty in the PDF, so it is dropped there.
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pybtex.database
import pybtex.plugin
from docutils import nodes
from pybtex.exceptions import PybtexError
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .errors import InputError, stop
from .vancouver import VancouverStyle, latex_text

STYLE_NAME = "paper"
#: What each entry type needs: every tuple lists fields of which one must be
#: given (``author`` and ``editor`` count when the entry names such persons).
NEEDS = {
    "article": (("title",), ("journal", "journaltitle"), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "report": (("title",), ("institution",), ("year", "date")),
    "thesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "online": (("title",), ("date", "year", "url")),
}
#: Other names of the same types; every type not named here needs a title.
SAME_AS = {"techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis",
           "conference": "inproceedings"}
ANY_TYPE_NEEDS = (("title",),)
ISO_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
FIELD_FORMATS = {
    "doi": re.compile(r"^10\.\d{4,9}/\S+$"),
    "pmid": re.compile(r"^\d{1,9}$"),
    # BibLaTeX dates, also as ranges: 2020-04-27/2020-04-28.
    **{name: re.compile(rf"^{ISO_DATE}(/({ISO_DATE})?)?$") for name in ("date", "urldate", "eventdate", "epubdate")},
    "url": re.compile(r"^https?://\S+$"),
}
#: Fields that are addresses, identifiers or notes, never read as LaTeX text.
UNPRINTED_FIELDS = {"url", "doi", "pmid", "pmcid", "eprint", "file", "annote", "abstract", "keywords",
                    "date", "urldate", "eventdate", "epubdate", "langid"}
#: A LaTeX command left over once a field has been read as text.
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
#: The pybtex plugins a build looks up by name (see the module's docstring).
PLUGINS_LOOKED_UP = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.names", "last"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.sorting", "none"),
)


class BibliographyFileError(InputError):
    category = "Bibliography error"


def entry_problems(entry) -> list[str]:
    """What is wrong with one parsed entry, as sentences (empty when nothing is)."""
    needs = NEEDS.get(SAME_AS.get(entry.type, entry.type), ANY_TYPE_NEEDS)
    problems = []
    for alternatives in needs:
        if not any(entry.fields.get(name) or entry.persons.get(name) for name in alternatives):
            others = " or ".join(f"'{name}'" for name in alternatives[1:])
            problems.append(f"missing field '{alternatives[0]}'" + (f" (or {others})" if others else ""))
    for name, pattern in FIELD_FORMATS.items():
        value = entry.fields.get(name)
        if value is not None and not pattern.match(value):
            problems.append(f"field '{name}' = {value!r} is malformed")
    printed = [(name, value) for name, value in entry.fields.items() if name.lower() not in UNPRINTED_FIELDS]
    printed += [(role, str(person)) for role, persons in entry.persons.items() for person in persons]
    for name, value in printed:
        if command := LATEX_COMMAND.search(str(latex_text(value))):
            problems.append(
                f"field '{name}' uses the LaTeX command {command.group()}, which the reference list cannot "
                "print; write the character itself (UTF-8) or use \\emph{...}"
            )
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
            raise BibliographyFileError(f"{path}: entry '{key}' (@{entry.type}): {'; '.join(problems)}")


def check_bibliographies(app: Sphinx) -> None:
    for name in app.config.bibtex_bibfiles:
        try:
            check_bibliography(Path(app.confdir) / name)
        except BibliographyFileError as error:
            stop(error)


def register_plugins() -> None:
    """Register the paper's style, and resolve once the plugins pybtex would look up per citation.

    pybtex's own ``register_plugin`` scans every installed package's entry
    points on each call, even when told to overwrite (40 ms for these seven),
    so the plugins are found in one scan and put in the table of run-time
    plugins that ``register_plugin`` fills and ``find_plugin`` reads first.
    """
    installed = entry_points()
    runtime = pybtex.plugin._RUNTIME_PLUGINS
    runtime.setdefault("pybtex.style.formatting", {})[STYLE_NAME] = VancouverStyle
    for group, name in PLUGINS_LOOKED_UP:
        (entry_point,) = installed.select(group=group, name=name)
        runtime.setdefault(group, {})[name] = entry_point.load()


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
    register_plugins()
    app.add_post_transform(DropEmptyReferencesSection)
    # Before sphinxcontrib-bibtex parses the files (at the default priority).
    app.connect("builder-inited", check_bibliographies, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
