"""The ``.bib`` files, parsed and checked before sphinxcontrib-bibtex reads them.

A syntax error (for braces that do not pair up, naming the field), an entry
missing a field its type needs, a malformed DOI, PMID, year, month, date (or
one that does not exist), page range or URL, or a % that LaTeX would read as
the start of a comment, raises :class:`BibliographyFileError` naming the
file, the entry and the problem. Every BibTeX and BibLaTeX type is accepted: the common
ones are checked for their own fields, any other needs a title. A field the
reference list prints may hold LaTeX that :mod:`.bibtex_text` reads as text,
and no other command.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pybtex.database
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from .bibtex_text import latex_text
from .errors import InputError
from .identifiers import DOI

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
#: A page: a number, perhaps with letters (e123, S12, 10a), or a roman numeral.
PAGE = r"(?:[A-Za-z]*\d+[A-Za-z\d.:]*|[ivxlcdm]+|[IVXLCDM]+)"
PAGE_RANGE = rf"{PAGE}(?:\s*(?:-+|\u2013)\s*{PAGE}|\+)?"  # hyphens or an en dash
DATE_FIELDS = ("date", "urldate", "eventdate", "epubdate", "maindate")
#: Each checked field's form, and what the message says it should be.
FIELD_FORMATS = {
    "doi": (DOI, "a DOI is 10.<registrant>/<suffix>"),
    "pmid": (re.compile(r"^\d{1,9}$"), "a PMID is its digits"),
    "year": (re.compile(r"^\d{4}$"), "a year has four digits; a full date goes in 'date'"),
    "month": (
        re.compile(r"^(0?[1-9]|1[0-2]|jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?"
                   r"|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?$", re.IGNORECASE),
        "a month is 1 to 12 or its name, such as jan or January",
    ),
    "pages": (re.compile(rf"^{PAGE_RANGE}(\s*,\s*{PAGE_RANGE})*$"),
              "pages are a page or a range of pages, such as 4014--4024, e123 or S12--S15"),
    # BibLaTeX dates, also as ranges: 2020-04-27/2020-04-28.
    **{name: (re.compile(rf"^{ISO_DATE}(/({ISO_DATE})?)?$"),
              "a date is YYYY, YYYY-MM or YYYY-MM-DD, or a range of them, start/end") for name in DATE_FIELDS},
    "url": (re.compile(r"^https?://\S+$"), "an address starts https:// or http://"),
}
#: Fields that are addresses, identifiers or notes, never read as LaTeX text.
UNPRINTED_FIELDS = {"url", "doi", "pmid", "pmcid", "eprint", "file", "annote", "abstract", "keywords",
                    "date", "urldate", "eventdate", "epubdate", "maindate", "langid"}
#: A per cent sign that is not ``\\%``: LaTeX reads it as the start of a comment, to the end of the line.
UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
#: A LaTeX command left over once a field has been read as text.
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


#: Where an entry and each of its fields start, for finding the field whose braces do not pair up.
ENTRY_START = re.compile(r"^\s*@\s*(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
FIELD_START = re.compile(r"\s*([A-Za-z][\w.:+-]*)\s*=\s*")
#: What follows an entry closed early by an extra brace: its remaining fields.
MORE_FIELDS = re.compile(r"\s*,\s*[A-Za-z][\w.:+-]*\s*=")


class BibliographyFileError(InputError):
    category = "Bibliography error"


def _exists(date: str) -> bool:
    """Whether a date in ISO form (2020, 2020-02, 2020-02-29) names a real year, month or day."""
    year, month, day = (date.split("-") + ["01", "01"])[:3]
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def entry_problems(entry) -> list[str]:
    """What is wrong with one parsed entry, as sentences (empty when nothing is)."""
    needs = NEEDS.get(SAME_AS.get(entry.type, entry.type), ANY_TYPE_NEEDS)
    problems = []
    for alternatives in needs:
        if not any(entry.fields.get(name) or entry.persons.get(name) for name in alternatives):
            others = " or ".join(f"'{name}'" for name in alternatives[1:])
            problems.append(f"missing field '{alternatives[0]}'" + (f" (or {others})" if others else ""))
    for name, (pattern, expected) in FIELD_FORMATS.items():
        value = entry.fields.get(name)
        if value is not None and not pattern.match(value):
            problems.append(f"field '{name}' = {value!r} is malformed ({expected})")
        elif value is not None and name in DATE_FIELDS:
            problems.extend(
                f"field '{name}' = {value!r} is malformed ({date} is not a date that exists)"
                for date in value.split("/") if date and not _exists(date)
            )
    printed = [(name, value) for name, value in entry.fields.items() if name.lower() not in UNPRINTED_FIELDS]
    printed += [(role, str(person)) for role, persons in entry.persons.items() for person in persons]
    for name, value in printed:
        if UNESCAPED_PERCENT.search(value):
            problems.append(
                f"field '{name}' has a % that LaTeX would read as the start of a comment, cutting the text "
                "there; write \\%"
            )
        if command := LATEX_COMMAND.search(str(latex_text(value))):
            problems.append(
                f"field '{name}' uses the LaTeX command {command.group()}, which the reference list cannot "
                "print; write the character itself (UTF-8) or use \\emph{...}"
            )
    return problems


def _unbalanced_field(text: str, parsed: bool) -> str | None:
    """Which entry's field has braces that do not pair up, if one visibly has.

    A value with an extra ``}`` ends its entry early: pybtex reads the fields
    after it as a comment and drops them without a word, so this is looked
    for in every file. A value with a ``}`` missing runs to the next entry or
    the file's end; pybtex stops there (``parsed`` is then false), naming a
    line but not the field.
    """
    starts = list(ENTRY_START.finditer(text))
    for start, end in zip(starts, [*(following.start() for following in starts[1:]), len(text)]):
        position = start.end()
        while field := FIELD_START.match(text, position, end):
            depth, position = 0, field.end()
            while position < end and not (depth == 0 and text[position] in ",}"):
                depth += {"{": 1, "}": -1}.get(text[position], 0)
                position += 1
            never_closed = position == end and not parsed
            if never_closed or position < end and text[position] == "}" and MORE_FIELDS.match(text, position + 1, end):
                line = text.count("\n", 0, field.start(1)) + 1
                return (f"entry '{start.group(2)}' (@{start.group(1).lower()}): field '{field.group(1)}' "
                        f"(line {line}) has braces that do not pair up")
            position += 1
    return None


def check_bibliography(path: Path) -> None:
    """Parse one .bib file strictly; raise :class:`BibliographyFileError` on any fault."""
    try:
        data = pybtex.database.parse_file(str(path))
    except (OSError, PybtexError) as exc:
        unbalanced = isinstance(exc, PybtexSyntaxError) and _unbalanced_field(path.read_text(encoding="utf-8"), False)
        raise BibliographyFileError(f"{path}: {unbalanced or exc}") from exc
    if unbalanced := _unbalanced_field(path.read_text(encoding="utf-8"), True):
        raise BibliographyFileError(f"{path}: {unbalanced}")
    for key, entry in data.entries.items():
        problems = entry_problems(entry)
        if problems:
            raise BibliographyFileError(f"{path}: entry '{key}' (@{entry.type}): {'; '.join(problems)}")
