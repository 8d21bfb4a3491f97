"""The references: checked ``.bib`` files, and the Vancouver style for sphinxcontrib-bibtex.

The references are printed in Vancouver form by the pybtex style in
:mod:`paper.formats.vancouver`, registered under the name ``paper``
(``bibtex_default_style = "paper"``); sphinxcontrib-bibtex uses it for the
HTML reference list and the PDF's bibliography alike, and numbers the
references in order of first citation.

Before sphinxcontrib-bibtex reads the ``.bib`` files, each is parsed and
checked (:mod:`paper.inputs.bibliography`), and a fault stops the build
naming the file, the entry and the problem. Once it has read them, each
entry is given the fields its ``crossref`` and ``xdata`` entries give it,
which pybtex leaves to the style (:func:`inherit_fields`).

pybtex finds its plugins (output backends, name and label styles) through
the installed packages' entry points, and sphinxcontrib-bibtex asks it for
the plain-text backend once per citation; each of those look-ups scans the
entry points of every installed package. The plugins a build uses are
therefore resolved once, when the extension is set up, and registered.

A list of keys that sphinxcontrib-bibtex cannot parse, such as one ending
in a comma (``{cite:p}`a,```), raised an error with a traceback; the cite
roles here report it at its line instead (:class:`CheckedCiteRole`).

sphinxcontrib-bibtex reads the page holding the reference list again when a
``.bib`` file changes, but not the pages that cite an entry, though each of
their citations carries the reference's text (its link's title): they would
keep the old text. :func:`pages_citing_changed_references` names them.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pybtex.plugin
from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CiteRole

from ..errors import stop
from ..formats.vancouver import VancouverStyle
from ..inputs import bibliography
from ..inputs.bibliography import BibliographyFileError
from .domain import paper_domain

#: The style's name for ``bibtex_default_style``.
STYLE_NAME = "paper"
#: The pybtex plugins a build looks up by name (see the module's docstring).
PLUGINS_LOOKED_UP = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.names", "last"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.sorting", "none"),
)


def check_bibliographies(app: Sphinx) -> None:
    try:
        bibliography.check_bibliographies([Path(app.confdir) / name for name in app.config.bibtex_bibfiles])
    except BibliographyFileError as error:
        stop(error)


def inherit_fields(app: Sphinx) -> None:
    """Give the entries sphinxcontrib-bibtex has read what their ``crossref`` and ``xdata`` entries give them
    (each gap filled once: an environment read back from the last build has them already)."""
    bibliography.inherit_fields(app.env.get_domain("cite").bibdata.data.entries)


class CheckedCiteRole(CiteRole):
    """sphinxcontrib-bibtex's cite role, with a malformed list of keys reported at its line."""

    def result_nodes(self, document, env, node, is_ref):
        try:
            list(parse_citation_targets(self.target))
        except ValueError:
            message = self.inliner.reporter.error(
                f"empty or malformed citation key in {self.rawtext}: give keys separated by single commas",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        return super().result_nodes(document, env, node, is_ref)


def check_citation_keys(app: Sphinx) -> None:
    """Put the checked role in place of each of sphinxcontrib-bibtex's cite roles (cite:p, cite:t, …)."""
    for name in BibtexDomain.roles:
        app.add_role_to_domain(BibtexDomain.name, name, CheckedCiteRole(), override=True)


def as_read(entry: Entry) -> tuple:
    """An entry's type, fields and people, as comparable values."""
    people = tuple((role, tuple(str(person) for person in persons)) for role, persons in entry.persons.items())
    return entry.type, tuple(entry.fields.items()), people


def pages_citing_changed_references(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The pages citing an entry that the ``.bib`` files now give differently, or no longer give."""
    bibtex, paper = env.get_domain("cite"), paper_domain(env)
    entries = {key: as_read(entry) for key, entry in bibtex.bibdata.data.entries.items()}
    last_read = paper.data["references"]
    differing = {key for key in entries.keys() | last_read.keys() if entries.get(key) != last_read.get(key)}
    paper.data["references"] = entries
    pages = {
        citation.docname for citation in bibtex.citation_refs
        if citation.docname not in removed and any(target.key in differing for target in citation.targets)
    }
    # The root page names every reference in its metadata (citation_reference).
    if differing:
        pages.add(app.config.root_doc)
    return sorted(pages)


def reference_place(app: Sphinx, node: nodes.Node) -> str | None:
    """The ``.bib`` file and line of the entry whose reference-list text holds ``node``
    (docutils gives that text no place of its own), or None outside the reference list."""
    citation = next((parent for parent in _ancestors(node) if isinstance(parent, (nodes.citation, nodes.list_item))), None)
    if citation is None:
        return None
    ids = set(citation["ids"])
    keys = [cited.key for cited in app.env.get_domain("cite").citations if cited.citation_id in ids]
    paths = [Path(app.confdir) / name for name in app.config.bibtex_bibfiles]
    return bibliography.entry_place(paths, keys[0]) if keys else None


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


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
