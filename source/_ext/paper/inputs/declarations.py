"""The declarations file: what ICMJE asks every paper to declare, written once.

Competing interests, funding (a statement, and the funders and awards it
names), each author's contributions as CRediT roles (the Contributor Roles
Taxonomy, ANSI/NISO Z39.104-2022) and where the data are. :func:`load`
checks the file against its JSON Schema, ``declarations.schema.json``,
then what a schema cannot say: every author of CITATION.cff has their
contributions stated, once, under the name the paper prints; or it raises
:class:`DeclarationsError` naming the file, the line and the entry.

The pages print the declarations (:mod:`paper.content.declarations`) and
the JATS front and back matter carry them as JATS4R recommends
(:mod:`paper.formats.jats`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..formats.text import one_line
from .errors import InputError
from .json_schema import check
from .yaml_file import read_yaml_document

SCHEMA = Path(__file__).with_name("declarations.schema.json")
#: CRediT's vocabulary and the address of each of its terms.
CREDIT = "https://credit.niso.org/"
#: Each CRediT role by its identifier, with the name the taxonomy gives it (its own spelling).
CREDIT_ROLES = {
    "conceptualization": "Conceptualization",
    "data-curation": "Data curation",
    "formal-analysis": "Formal analysis",
    "funding-acquisition": "Funding acquisition",
    "investigation": "Investigation",
    "methodology": "Methodology",
    "project-administration": "Project administration",
    "resources": "Resources",
    "software": "Software",
    "supervision": "Supervision",
    "validation": "Validation",
    "visualization": "Visualization",
    "writing-original-draft": "Writing \N{EN DASH} original draft",
    "writing-review-editing": "Writing \N{EN DASH} review & editing",
}


class DeclarationsError(InputError):
    category = "Declarations error"


@dataclass(frozen=True)
class Role:
    """One CRediT role: its identifier and its name."""

    identifier: str

    @property
    def name(self) -> str:
        return CREDIT_ROLES[self.identifier]

    @property
    def url(self) -> str:
        return f"{CREDIT}contributor-roles/{self.identifier}/"


@dataclass(frozen=True)
class Funder:
    name: str
    award: str = ""


@dataclass(frozen=True)
class Declarations:
    competing_interests: str
    funding: str
    funders: tuple[Funder, ...]
    #: Each author's name, as CITATION.cff gives it, and their roles in the file's order.
    contributions: dict[str, tuple[Role, ...]]
    data_availability: str


def load(path: Path, authors: tuple[str, ...]) -> Declarations:
    """Read the declarations of a paper by these authors (CITATION.cff's, by name), or raise naming the fault."""
    document = read_yaml_document(path, DeclarationsError)
    check(document, SCHEMA, DeclarationsError)
    raw = document.data
    contributions: dict[str, tuple[Role, ...]] = {}
    for number, contribution in enumerate(raw["contributions"]):
        name, where = contribution["author"], document.at(("contributions", number, "author"))
        if name not in authors:
            raise DeclarationsError(f"{where}: {name!r} is not an author in CITATION.cff "
                                    f"(its authors are {', '.join(map(repr, authors))})")
        if name in contributions:
            raise DeclarationsError(f"{where}: {name!r}'s contributions are stated twice")
        contributions[name] = tuple(Role(identifier) for identifier in contribution["roles"])
    missing = [name for name in authors if name not in contributions]
    if missing:
        raise DeclarationsError(f"{document.at(('contributions',))}: contributions: no roles for "
                                f"{', '.join(map(repr, missing))}; every author's contributions are declared")
    funding = raw["funding"]
    return Declarations(
        competing_interests=one_line(raw["competing-interests"]),
        funding=one_line(funding["statement"]),
        funders=tuple(Funder(funder["name"], funder.get("award", "")) for funder in funding.get("funders", [])),
        contributions={name: contributions[name] for name in authors},
        data_availability=one_line(raw["data-availability"]),
    )
