"""The ``declarations`` directive: the paper's declarations, from their file, in every output.

``{declarations} data/declarations.yaml`` (a path relative to the page, as
``literalinclude`` takes it) reads the file (:mod:`paper.inputs.declarations`)
and prints an unnumbered "Declarations" heading, the same in every builder
(a rubric with a heading level: ``<h2>`` in HTML and EPUB, a starred
LaTeX heading in the PDF), and one paragraph for each declaration, led by
its name: competing interests, funding, the authors' contributions (CRediT
roles) and data availability.

The page notes the file as a dependency (Sphinx reads the page again when
the file changes, and :mod:`paper.rebuilds` then writes every page again),
and the paper domain keeps what it read, by page, for the builders that
carry the declarations elsewhere: the JATS front and back matter
(:mod:`paper.jats.builder`), which leave the printed block out of the body.
A fault in the file stops the build naming the file, the line and the entry.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..errors import stop
from ..inputs.declarations import Declarations, DeclarationsError, load
from .domain import paper_domain
from .settings import metadata

#: The class of the printed block, which the JATS translator leaves to the front and back matter.
DECLARATIONS_CLASS = "declarations"


def _paragraph(label: str, text: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong(text=f"{label}."), nodes.Text(f" {text}"))


def printed(declarations: Declarations) -> list[nodes.paragraph]:
    """One paragraph each, led by its name, in the order ICMJE's form asks for them."""
    funding = declarations.funding
    if declarations.funders:
        funders = "; ".join(f"{funder.name} (award {funder.award})" if funder.award else funder.name
                            for funder in declarations.funders)
        funding += f" Funders: {funders}."
    contributions = " ".join(f"{author}: {', '.join(role.name for role in roles)}."
                             for author, roles in declarations.contributions.items())
    return [
        _paragraph("Competing interests", declarations.competing_interests),
        _paragraph("Funding", funding),
        _paragraph("Author contributions (CRediT)", contributions),
        _paragraph("Data availability", declarations.data_availability),
    ]


class DeclarationsDirective(SphinxDirective):
    """The declarations block, from the file the argument names."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        relative, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        try:
            declarations = load(Path(path), metadata(self.env.app).authors)
        except DeclarationsError as error:
            stop(error)
        paper_domain(self.env).data["declarations"][self.env.docname] = declarations
        block = nodes.container(classes=[DECLARATIONS_CLASS])
        block += nodes.rubric("Declarations", "Declarations", **{"heading-level": 2})
        block += printed(declarations)
        self.set_source_info(block)
        return [block]


def declarations_of_the_paper(env) -> Declarations | None:
    """What the paper declares (a paper has one block; of several, the first page's by name), or None."""
    found = paper_domain(env).data["declarations"]
    return found[min(found)] if found else None
