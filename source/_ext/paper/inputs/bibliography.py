"""The ``.bib`` files, parsed and checked before sphinxcontrib-bibtex reads them.

A syntax error, an entry missing a field its type needs, or a malformed DOI,
PMID, date or URL raises :class:`BibliographyFileError` naming the file, the
entry and the problem. Every BibTeX and BibLaTeX type is accepted: the common
ones are checked for their own fields, any other needs a title. A field the
reference list prints may hold LaTeX that :mod:`.bibtex_text` reads as text,
and no other command.
"""

from __future__ import annotations

import re
from pathlib import Path

import pybtex.database
from pybtex.exceptions import PybtexError

from .bibtex_text import latex_text
from .errors import InputError

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
    **{name: re.compile(rf"^{ISO_DATE}(/({ISO_DATE})?)?$") for name in ("date", "urldate", "eventdate", "epubdate", "maindate")},
    "url": re.compile(r"^https?://\S+$"),
}
#: Fields that are addresses, identifiers or notes, never read as LaTeX text.
UNPRINTED_FIELDS = {"url", "doi", "pmid", "pmcid", "eprint", "file", "annote", "abstract", "keywords",
                    "date", "urldate", "eventdate", "epubdate", "maindate", "langid"}
#: A LaTeX command left over once a field has been read as text.
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


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
