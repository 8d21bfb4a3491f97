"""The paper, or one of its parts, as a reference manager stores it.

A :class:`CitedWork` is what a reader cites: the whole paper, a report
issued by its institution, or one numbered part of it — a section, a
figure or a table — which reference managers store as a part of that
report (a "chapter", a "book section"). Every output that describes it is
written from this one record, so the page's meta tags, its "Cite this"
block and the downloads agree field for field:

* :func:`csl_json`, the item in CSL-JSON (Zotero, Mendeley, pandoc; and the
  input of the APA and Vancouver strings, see :mod:`.reference_styles`);
* :func:`ris`, the RIS record (EndNote, Zotero, Mendeley import);
* :func:`bibtex`, the BibTeX entry (``@techreport`` / ``@incollection``).

Names are written so that each format keeps them whole. A person is
"Family, Given" with the name particle in the family name ("van den Berg")
and the suffix ("Jr.") where the format has a place for it; an
organisation is one name, never split into given and family names:

=========  ===============================  ====================================
format     person                           organisation
=========  ===============================  ====================================
Highwire   ``van den Berg Jr., Anne-Laure``  ``Amcenestrant Case Study Team,``
RIS        ``van den Berg, Anne-Laure, Jr.`` ``Amcenestrant Case Study Team,``
BibTeX     ``van den Berg, Jr., Anne-Laure`` ``{Amcenestrant Case Study Team}``
CSL-JSON   family/given/particle/suffix     ``{"literal": …}``
=========  ===============================  ====================================

Why: Zotero splits a Highwire ``citation_author`` at its commas into last
and first name, keeping only the first two parts, and saves a name with
nothing after its comma as a single-field name; its RIS import reads
"Lastname, Firstname, Suffix" (the RIS specification's order) and treats a
name with nothing after the comma as an organisation, as EndNote does.
BibTeX reads "von Last, Jr, First" and keeps a braced name whole.

The paper's version is printed once, as the same words "Version 1.0.0"
(:func:`edition`), in whichever way a reference manager gets it: Zotero's
report has no version field, only a report number and type, and its book
section only the book's edition, so

* the report's version is its report number, "Version 1.0.0": Highwire's
  ``citation_technical_report_number``, RIS ``SN``, BibTeX ``number`` and
  CSL-JSON ``number``, which Zotero saves as the report number from a
  page and from every download alike. No CSL ``version`` nor ``genre``
  beside it: APA and Chicago print each of them, so that the version read
  "(Version 1.0.0; Version 1.0.0)"; and no BibTeX ``type``, which Zotero
  keeps as a report type printed before the number;
* a part's version is the edition statement "Version 1.0.0" (CSL-JSON
  ``edition``, RIS ``ET``, BibTeX ``edition`` beside biblatex's
  ``version``), which APA prints as "(Version 1.0.0)".

RIS ``L1``, the PDF, is an attachment in Zotero, which needs an absolute
address: the line is left out when the site's address is not known. The
BibTeX entry carries the abstract, language and keywords, which Zotero
imports from it; CSL-JSON's ``keyword`` has no Zotero field. The licence
is BibTeX's ``copyright`` and CSL-JSON's ``license``, which Zotero keeps as
the item's rights; RIS has no tag for it (Zotero reads a ``CR`` that no
specification defines, so none is written).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..inputs.citation_file import Creator
from .text import one_line

def published(address: str) -> str:
    """An address as a reference gives it: absolute, or none at all. A relative address
    ("index.html") means nothing once the reference is copied out of the page it came with."""
    return address if urlsplit(address).scheme else ""


REPORT = "report"
#: A numbered section, figure or table of the report.
PART = "part"


@dataclass(frozen=True)
class CitedWork:
    """One citable work: the paper (a report) or a numbered part of it.

    Addresses (``url``, ``pdf_url``) are absolute when the site's address is
    known, otherwise relative to the site's root (the pages link by them).
    A reference gives an address only where one is published
    (:func:`published`).
    """

    kind: str
    key: str
    title: str
    creators: tuple[Creator, ...]
    date: dt.date
    version: str
    issuer: str
    url: str
    pdf_url: str
    abstract: str
    language: str
    keywords: tuple[str, ...]
    #: The paper's title, for a part.
    container_title: str = ""
    #: The paper's DOI; it identifies the whole report, so a part has none.
    doi: str = ""
    #: The paper's licence: its address, or its SPDX expression where it has none.
    rights: str = ""

    @property
    def is_part(self) -> bool:
        return self.kind == PART


def edition(work: CitedWork) -> str:
    """The paper's version as one statement, "Version 1.0.0": the report's number, and the
    edition of the book a part is part of."""
    return f"Version {work.version}"


# -- Names ------------------------------------------------------------------------------


def _single_field(creator: Creator) -> bool:
    """An organisation, or a person known by one name only: a name never split in two."""
    return not (creator.is_person and creator.family and creator.given)


def highwire_name(creator: Creator) -> str:
    """A ``citation_author``: "Family Suffix, Given", or an organisation's name and a comma."""
    if _single_field(creator):
        return f"{creator.name},"
    family = " ".join(filter(None, (creator.family_name, creator.suffix)))
    return f"{family}, {creator.given}"


def ris_name(creator: Creator) -> str:
    """An ``AU`` line: "Family, Given, Suffix", or an organisation's name and a comma."""
    if _single_field(creator):
        return f"{creator.name},"
    return ", ".join(filter(None, (creator.family_name, creator.given, creator.suffix)))


#: What BibTeX readers split a name at, besides its ordinary spaces: the word "and" (in any
#: case), between names, and any other space (no-break, thin), between words.
NAME_SPLITS = re.compile(r"\band\b|[^\S ]", re.IGNORECASE)


def _name_part(part: str) -> str:
    """A part of a BibTeX name, escaped, and braced where a reader would split it ("Marsh and Sons")."""
    escaped = _bibtex_value(part)
    return f"{{{escaped}}}" if NAME_SPLITS.search(part) else escaped


def bibtex_name(creator: Creator) -> str:
    """A BibTeX name, escaped: "von Last, Jr, First", or an organisation's name in braces."""
    if _single_field(creator):
        return f"{{{_bibtex_value(creator.name)}}}"
    return ", ".join(_name_part(part) for part in (creator.family_name, creator.suffix, creator.given) if part)


def csl_name(creator: Creator) -> dict:
    if _single_field(creator):
        return {"literal": creator.name}
    name = {"family": creator.family, "given": creator.given,
            "non-dropping-particle": creator.particle, "suffix": creator.suffix}
    return {part: value for part, value in name.items() if value}


# -- CSL-JSON ---------------------------------------------------------------------------------


def csl_json(work: CitedWork) -> dict:
    """The work as one CSL-JSON item (a download holds a list of one)."""
    item = {
        "id": work.key,
        "type": "chapter" if work.is_part else "report",
        "title": work.title,
        "container-title": work.container_title,
        "author": [csl_name(creator) for creator in work.creators],
        "issued": {"date-parts": [[work.date.year, work.date.month, work.date.day]]},
        "publisher": work.issuer,
        # See the module's docstring: the version once, where Zotero keeps it.
        "number": "" if work.is_part else edition(work),
        "edition": edition(work) if work.is_part else "",
        "URL": published(work.url),
        "DOI": work.doi,
        "abstract": work.abstract,
        "language": work.language,
        "keyword": ", ".join(work.keywords),
        "license": work.rights,
    }
    return {field: value for field, value in item.items() if value}


# -- RIS ---------------------------------------------------------------------------------------


def ris(work: CitedWork) -> str:
    """The work as a RIS record: ``RPRT`` for the paper, ``CHAP`` for a part."""
    lines = [("TY", "CHAP" if work.is_part else "RPRT"), ("TI", work.title)]
    if work.is_part:
        lines.append(("T2", work.container_title))
    lines += [("AU", ris_name(creator)) for creator in work.creators]
    lines += [
        ("PY", str(work.date.year)),
        ("DA", work.date.strftime("%Y/%m/%d")),
        ("PB", work.issuer),
    ]
    lines.append(("ET" if work.is_part else "SN", edition(work)))
    # Zotero makes L1 an attachment: a relative address would be a file path.
    lines += [("UR", published(work.url)), ("L1", published(work.pdf_url))]
    lines += [("DO", work.doi), ("AB", work.abstract), ("LA", work.language)]
    lines += [("KW", keyword) for keyword in work.keywords]
    # RIS is line-based: a value never spans lines.
    body = "".join(f"{tag}  - {one_line(value)}\n" for tag, value in lines if value)
    return f"{body}ER  - \n"


# -- BibTeX ----------------------------------------------------------------------------------


#: Characters that BibTeX and LaTeX read as markup, written as the characters themselves.
BIBTEX_SPECIALS = {
    # BibTeX counts \{ as a brace like any other: a lone one would leave the field's braces unpaired.
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


#: Pairs of characters that LaTeX, and so every BibTeX reader, joins into another: -- and --- into
#: dashes, `` and '' into curly quotes, !` and ?` into ¡ and ¿. An empty group between them keeps them apart.
LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")


def _bibtex_value(text: str) -> str:
    """Text as a BibTeX field's value that every reader prints as written: LaTeX's special
    characters escaped (in one pass, so no escape is escaped again) and its ligatures broken.
    Any other character stays itself, in UTF-8, which biber, Zotero and pybtex read as such."""
    return LIGATURE.sub("{}", "".join(BIBTEX_SPECIALS.get(character, character) for character in text))


class _Escaped(str):
    """A BibTeX value escaped already."""


def _protected(text: str) -> _Escaped:
    """Text escaped and in braces, which keep its capitals (AMEERA-3, SERD) as written."""
    return _Escaped(f"{{{_bibtex_value(text)}}}")


def _field_value(name: str, value: str) -> str:
    if name in ("url", "doi") or isinstance(value, _Escaped):
        return value
    return _bibtex_value(value)


def bibtex(work: CitedWork) -> str:
    """The work as a BibTeX entry: ``@techreport`` for the paper, ``@incollection`` for a part."""
    fields = [("author", _Escaped(" and ".join(bibtex_name(creator) for creator in work.creators))),
              ("title", _protected(work.title))]
    if work.is_part:
        fields += [("booktitle", _protected(work.container_title)), ("publisher", work.issuer),
                   ("edition", edition(work)), ("version", work.version)]
    else:
        fields += [("institution", work.issuer), ("number", edition(work))]
    fields += [
        ("year", str(work.date.year)),
        ("date", work.date.isoformat()),
        ("url", published(work.url)),
        ("doi", work.doi),
        ("abstract", work.abstract),
        ("language", work.language),
        # Zotero splits keywords at commas and semicolons.
        ("keywords", ", ".join(work.keywords)),
        # Zotero's name for the field it keeps as the item's rights.
        ("copyright", work.rights),
    ]
    body = ",\n".join(f"  {name} = {{{_field_value(name, value)}}}" for name, value in fields if value)
    kind = "incollection" if work.is_part else "techreport"
    return f"@{kind}{{{work.key},\n{body}\n}}\n"
