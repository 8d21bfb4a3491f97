"""The ``.bib`` files, parsed and checked before sphinxcontrib-bibtex reads them.

A syntax error (for braces that do not pair up, naming the field), an entry
missing a field its type needs, a malformed DOI, PMID, year, month, date (or
one that does not exist), page range or URL, or a % that LaTeX would read as
the start of a comment, raises :class:`BibliographyFileError` naming the
file, the entry and the problem. Every BibTeX and BibLaTeX type is accepted: the common
ones are checked for their own fields, any other needs a title. A field the
reference list prints may hold LaTeX that :mod:`.bibtex_text` reads as text,
and no other command.

pybtex expands ``@string`` macros and the month macros (``month = aug``)
as it parses; an entry's ``crossref`` and ``xdata`` entries give it the
fields it lacks (:func:`inherit_fields`), before it is checked and, on the
Sphinx side, before the reference list is written. An entry whose year or
month contradicts its date is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pybtex.database
from pybtex import textutils
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from ..formats.text import LAYOUT_SPACE
from .bibtex_text import UndecodableLatex, latex_text
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
#: Fields an entry never takes from the one it names in ``crossref`` or ``xdata`` (BibLaTeX's list).
NOT_INHERITED = {"crossref", "xref", "xdata", "ids", "entryset", "entrysubtype", "execute", "label", "options",
                 "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                 "shorthandintro", "sortkey"}
#: BibLaTeX: a part (@inproceedings, @incollection …) takes its container's title as its booktitle.
CONTAINERS = {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference",
              "mvreference"}
PARTS = {"inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inreference", "inproceedings",
         "conference"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


#: Where an entry and each of its fields start, for finding the field whose braces do not pair up.
ENTRY_START = re.compile(r"^\s*@\s*(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
FIELD_START = re.compile(r"\s*([A-Za-z][\w.:+-]*)\s*=\s*")
#: What follows an entry closed early by an extra brace: its remaining fields.
MORE_FIELDS = re.compile(r"\s*,\s*[A-Za-z][\w.:+-]*\s*=")


def keep_spaces_as_written() -> None:
    """Let pybtex collapse only the spaces of a file's layout, as BibTeX does.

    pybtex turns every run of white space in a field into one space, white
    space as Python's Unicode ``\\s`` has it: a thin space (U+2009, "400 mg"
    as PubMed prints it) or a no-break space became an ordinary space, in
    this check and in sphinxcontrib-bibtex's reading alike. The pattern is
    pybtex's own module setting, used only for that and for splitting words.
    """
    textutils.whitespace_re = LAYOUT_SPACE


# Before any .bib file is read: sphinxcontrib-bibtex reads them through pybtex too.
keep_spaces_as_written()


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
        try:
            latex_text(value)
        except UndecodableLatex as exc:
            problems.append(
                f"field '{name}' uses {exc}, which the reference list cannot print; "
                "write the character itself (UTF-8) or use \\emph{...}"
            )
    problems.extend(_contradictions(entry))
    return problems


def _month_number(month: str) -> int:
    month = month.strip().rstrip(".").lower()
    return int(month) if month.isdigit() else MONTHS.index(month[:3]) + 1


def _contradictions(entry) -> list[str]:
    """Where the entry's year or month says another thing than its date (BibLaTeX would print the date)."""
    date, problems = entry.fields.get("date", ""), []
    if not FIELD_FORMATS["date"][0].match(date):
        return problems
    start = date.split("/")[0].split("-")
    year, month = entry.fields.get("year"), entry.fields.get("month")
    if year and FIELD_FORMATS["year"][0].match(year) and year != start[0]:
        problems.append(f"field 'year' = {year!r} contradicts field 'date' = {date!r}: give one of them")
    if (month and len(start) > 1 and FIELD_FORMATS["month"][0].match(month)
            and _month_number(month) != int(start[1])):
        problems.append(f"field 'month' = {month!r} contradicts field 'date' = {date!r}: give one of them")
    return problems


def _inherited_from(entry) -> list[tuple[str, str]]:
    """The entries this one takes fields from: its ``xdata`` entries, then its ``crossref`` entry."""
    parents = [("xdata", key.strip()) for key in entry.fields.get("xdata", "").split(",") if key.strip()]
    if entry.fields.get("crossref"):
        parents.append(("crossref", entry.fields["crossref"].strip()))
    return parents


def inherit_fields(entries) -> dict[str, str]:
    """Give each entry the fields and names it lacks from its ``crossref`` and ``xdata`` entries, as
    BibTeX and BibLaTeX do (pybtex leaves that to the style). Returns a problem for each entry whose
    parent is missing or which is its own ancestor, by key."""
    problems: dict[str, str] = {}
    done: set[str] = set()

    def resolve(key: str, chain: tuple[str, ...]) -> None:
        if key in done or key in problems:
            return
        entry = entries[key]
        for field, parent_key in _inherited_from(entry):
            if parent_key not in entries:
                problems[key] = f"field '{field}' = {parent_key!r} names no entry of the .bib files"
                return
            if parent_key.lower() in {step.lower() for step in (*chain, key)}:
                problems[key] = f"field '{field}' = {parent_key!r} leads back to this entry"
                return
            resolve(parent_key, (*chain, key))
            parent = entries[parent_key]
            for name, value in parent.fields.items():
                if name.lower() in NOT_INHERITED:
                    continue
                if field == "crossref" and name.lower() == "title" and parent.type in CONTAINERS and entry.type in PARTS:
                    name = "booktitle"
                if name not in entry.fields:
                    entry.fields[name] = value
            for role, persons in parent.persons.items():
                if role not in entry.persons:
                    entry.persons[role] = list(persons)
        done.add(key)

    for key in list(entries):
        resolve(key, ())
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


def _parse(path: Path):
    try:
        data = pybtex.database.parse_file(str(path))
    except (OSError, PybtexError) as exc:
        unbalanced = isinstance(exc, PybtexSyntaxError) and _unbalanced_field(path.read_text(encoding="utf-8"), False)
        raise BibliographyFileError(f"{path}: {unbalanced or exc}") from exc
    if unbalanced := _unbalanced_field(path.read_text(encoding="utf-8"), True):
        raise BibliographyFileError(f"{path}: {unbalanced}")
    return data


def check_bibliographies(paths: list[Path]) -> None:
    """Parse the .bib files strictly, each entry with what it inherits; raise
    :class:`BibliographyFileError` naming the file and entry of the first fault."""
    entries, files = pybtex.database.BibliographyData().entries, {}
    for path in paths:
        for key, entry in _parse(path).entries.items():
            entries.setdefault(key, entry)
            files.setdefault(key, path)
    inheritance = inherit_fields(entries)
    for key, entry in entries.items():
        problems = [inheritance[key]] if key in inheritance else [] if entry.type == "xdata" else entry_problems(entry)
        if problems:
            raise BibliographyFileError(f"{files[key]}: entry '{key}' (@{entry.type}): {'; '.join(problems)}")


def check_bibliography(path: Path) -> None:
    """Parse one .bib file strictly; raise :class:`BibliographyFileError` on any fault."""
    check_bibliographies([path])


def entry_place(paths: list[Path], key: str) -> str | None:
    """Where an entry begins, as "file:line", for a message about what it says; None if no file has it.

    BibTeX keys are matched without regard to case, as BibTeX matches them."""
    start = re.compile(r"@\s*\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", re.IGNORECASE)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if found := start.search(text):
            return f"{path}:{text.count(chr(10), 0, found.start()) + 1}"
    return None
