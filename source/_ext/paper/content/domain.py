"""The paper domain: what the build remembers of each document between builds.

Sphinx keeps a domain's ``data`` in the pickled environment, forgets a
document's share when the document is read again (:meth:`clear_doc`), and
merges the shares that parallel readers (``-j``) collected
(:meth:`merge_domaindata`). Each store maps a document name to what was
found in it when it was read (:meth:`process_doc`):

``descriptions``
    the first sentences of its first paragraph, without citations: its
    ``<meta name="description">`` and the abstract reference managers save
    for a section (:mod:`paper.content.citable`);
``graphviz``
    the Graphviz drawings on the page, noted once their code is final, and
    drawn in the background once every page is read
    (:mod:`paper.figures.graphviz`);
``facts``, ``tables`` and ``forest``
    the data file's facts and tables the page shows, and the forest plot it
    draws, noted while it is read (:mod:`paper.content.facts`): when the data
    file changes, exactly the pages that show a changed one are read again;
``declarations``
    the declarations the page prints (:mod:`paper.content.declarations`),
    which the JATS carries in its front and back matter.

Three stores belong to the whole paper, not to a document:

``references``
    every entry of the ``.bib`` files as the last build read it
    (:mod:`paper.content.references`): when an entry changes, the pages that
    cite it, whose citations carry the reference's text, are read again;
``read_for`` and ``written_with``
    the builder the documents were last read for, and a digest of the
    settings and style sheets the last build wrote with (:mod:`paper.rebuilds`):
    another builder reads every document again, other settings write every page again.

The domain has no objects or roles of its own. Its instance, made afresh
for every build, also holds what the build read from the data file
(:attr:`trial_data`) and what it works out once when writing starts
(:attr:`citable`, :attr:`previews`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain

from ..inputs.trial_data import NO_DATA, TrialData
from .descriptions import first_sentences

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: The per-document stores.
STORES = ("descriptions", "graphviz", "facts", "tables", "forest", "declarations")
#: The stores read from a document once it is read, and how.
READ_FROM_DOCUMENT = {"descriptions": first_sentences}


class PaperDomain(Domain):
    name = "paper"
    label = "Paper"
    initial_data: dict[str, Any] = {**{store: {} for store in STORES}, "references": {}}
    data_version = 4

    #: The data file, as this build read it when the builder started.
    trial_data: TrialData = NO_DATA
    #: What the paper offers to be cited in this build, set when writing starts: a
    #: :class:`paper.content.citable.Citable` (not imported here: citable.py reads this domain).
    citable: Any = None
    #: Each anchor a link can preview and what it shows, worked out once per build (:mod:`paper.html.previews`).
    previews: dict | None = None

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: The tables and plots whose data this build's pages offer, by label (:mod:`paper.html.data_downloads`).
        self.data_offered: dict[str, str] = {}
        # What this build read, removed and wrote, and the files it made (:mod:`paper.rebuilds`).
        self.read_docs: set[str] = set()
        self.removed_docs: set[str] = set()
        self.written_docs: set[str] = set()
        self.writes_every_page = False
        self.outputs_made: set[Path] = set()
        self.outputs_recorded = False

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        for store, read in READ_FROM_DOCUMENT.items():
            found = read(document)
            if found:
                self.data[store][docname] = found

    def clear_doc(self, docname: str) -> None:
        for store in STORES:
            self.data[store].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for store in STORES:
            self.data[store].update(
                {docname: found for docname, found in otherdata[store].items() if docname in docnames}
            )

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode) -> list:
        return []  # nothing of its own to link to

    def made(self, path) -> None:
        """Note a file this build made in its output folder: :mod:`paper.rebuilds` removes those no build makes any more."""
        self.outputs_made.add(Path(path).resolve())

    def description(self, docname: str) -> str:
        return self.data["descriptions"].get(docname, "")

    def graphviz_drawings(self) -> dict[str, list]:
        return self.data["graphviz"]


def paper_domain(env: BuildEnvironment) -> PaperDomain:
    return env.get_domain(PaperDomain.name)
