"""The paper's reference style: Vancouver, as ICMJE and the NLM's *Citing Medicine* set it out.

One pybtex style serves both outputs: sphinxcontrib-bibtex renders it into
the HTML reference list and into the PDF's bibliography. Each entry type
takes the form of its chapter in *Citing Medicine* (2nd edition):

journal article (ch. 1)
    ``Tolaney SM, Chan A, … et al. Title. J Clin Oncol. 2023 Aug 20;41(24):4014-24. doi:… PubMed PMID: ….``
    The PMID is a note labelled as NLM labels it (``PubMed PMID: 16625009.``
    in the MEDLINE/PubMed citation format and in Citing Medicine's examples).
    The NLM abbreviation (``shortjournal``) is printed when the entry has
    one, else the full title. An abstract in a journal supplement
    (``entrysubtype = {abstract}``) is marked ``[abstract]``, and the
    supplement's title (``issuetitle``, the meeting's name, in its own
    capitals) follows ``In:``.
book and chapter (ch. 2), conference paper (ch. 3), report (ch. 4), thesis (ch. 5)
    ``Authors. Title. In: Editors, editors. Book. Place: Publisher; 2020. p. 1-9.``
part of a web site (ch. 25): any entry with an address (``url``)
    ``Title [Internet]. Publisher; 2022 Aug 17 [cited 2026 Nov 25]. Available from: URL``
    An Internet citation always has all three: [Internet], the date it was
    seen (``urldate``) and the address. An entry without an address
    (``@online``, ``@misc`` or any other type) is cited as a non-Internet
    item: ``Title. Publisher; 2022 Aug 17.``
part of a database (ch. 24), an entry with ``maintitle`` (the database)
    ``PubMed [Internet]. Bethesda (MD): National Library of Medicine (US). [date unknown] - .
    PMID: …, Title; [cited …]. Available from: URL``
    The database's own date (``maindate``, open-ended: ``2000-02-29/``)
    follows its publisher; the part's date (``date``) and the date it was
    seen follow the part.

A date that was not seen is printed as Citing Medicine prints an unknown
date: ``[date unknown]``.

Up to six authors are listed, then "et al."; "and others" in a .bib file
is never printed as a name. Titles are in sentence case; braces in the .bib
keep acronyms and names as they are (``{AMEERA-3}``). A reference without
authors starts with its title. DOIs, PMIDs and URLs are links.
"""

from __future__ import annotations

import re

from pybtex.richtext import HRef, String, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from ..inputs.bibtex_text import latex_text, plain

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Citing Medicine lists the first six authors, then "et al.".
MAX_AUTHORS = 6
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: What Citing Medicine prints for a date that cannot be found.
UNKNOWN_DATE = "[date unknown]"
THESIS_KINDS = {"phdthesis": "dissertation", "mastersthesis": "master's thesis", "mathesis": "master's thesis"}


# -- Names ---------------------------------------------------------------------


def initials(names: list[str]) -> str:
    """Given names as Vancouver initials: ``Sara M.`` -> ``SM``, ``Zhi-Ming`` -> ``ZM``."""
    return "".join(part[0].upper() for name in names for part in re.split(r"[\s.\-]+", plain(name)) if part)


def person_name(person) -> Text:
    """``Tolaney SM``; ``van den Berg A``; ``King JM Jr``; an organisation as it is written."""
    # Decoded as every other field is (pybtex's own rich names decode with latexcodec, another reading).
    family = Text(" ").join(latex_text(name) for name in person.prelast_names + person.last_names)
    given = initials(person.first_names + person.middle_names)
    lineage = " ".join(plain(name).rstrip(".") for name in person.lineage_names)
    return Text(" ").join([part for part in (family, Text(given), Text(lineage)) if part])


def name_list(persons) -> Text:
    """The first six names, then "et al." when there are more or the .bib says "and others"."""
    people = [person for person in persons if str(person) != "others"]
    names = [person_name(person) for person in people[:MAX_AUTHORS]]
    if len(people) > MAX_AUTHORS or len(people) < len(persons):
        names.append(Text("et al."))
    return Text(", ").join(names)


def editors(entry) -> Text:
    persons = entry.persons.get("editor", [])
    if not persons:
        return Text()
    return Text(name_list(persons), ", editor" if len(persons) == 1 else ", editors")


# -- Dates and numbers -----------------------------------------------------------


def iso_date(text: str) -> tuple[int, int | None, int | None] | None:
    """``2022-08-17`` -> (2022, 8, 17), ``2023-06`` -> (2023, 6, None); of a range, the start."""
    match = ISO_DATE.match(text)
    return tuple(int(part) if part else None for part in match.groups()) if match else None


def date_parts(entry, field: str = "date") -> tuple[int, int | None, int | None] | None:
    """Year, month and day of a BibLaTeX date field (``2022-08-17``), or of ``year`` and ``month``."""
    parts = iso_date(entry.fields.get(field, ""))
    if parts:
        return parts
    if field != "date" or not entry.fields.get("year", "").strip()[:4].isdigit():
        return None
    month = entry.fields.get("month", "").strip()
    number = int(month) if month.isdigit() else next(
        (index for index, name in enumerate(MONTHS, start=1) if month[:3].lower() == name.lower()), None)
    return int(entry.fields["year"].strip()[:4]), number, None


def vancouver_date(parts: tuple[int, int | None, int | None]) -> str:
    """``2022 Aug 17``, ``2023 Jun`` or ``2022``: as precise as the source."""
    year, month, day = parts
    words = [str(year)]
    if month:
        words.append(MONTHS[month - 1])
        if day:
            words.append(str(day))
    return " ".join(words)


def date_range(value: str) -> str:
    """A BibLaTeX date or range as Citing Medicine writes a meeting's dates: ``1992 Sep 6-10``."""
    start, _, end = value.partition("/")
    start_parts, end_parts = iso_date(start), iso_date(end)
    if not start_parts:
        return ""
    if not end_parts:
        return vancouver_date(start_parts)
    # The end drops what it shares with the start: 1992 Sep 6-10, 1992 Sep 30-Oct 2.
    shared = 1 if end_parts[0] == start_parts[0] else 0
    if shared and end_parts[1] == start_parts[1] and end_parts[2]:
        shared = 2
    end_words = vancouver_date(end_parts).split(" ")[shared:]
    return f"{vancouver_date(start_parts)}-{' '.join(end_words)}"


def page_range(pages: str) -> str:
    """Citing Medicine drops repeated leading digits: ``4014--4024`` -> ``4014-24``."""
    match = re.fullmatch(r"\s*(\S+?)\s*(?:-+|\u2013)\s*(\S+)\s*", plain(pages))
    if not match:
        return plain(pages).strip()
    first, last = match.groups()
    if first == last:
        return first
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        shared = 0
        while shared < len(last) - 1 and first[shared] == last[shared]:
            shared += 1
        last = last[shared:]
    return f"{first}-{last}"


def edition(value: str) -> str:
    """``2`` -> ``2nd ed.``; an edition in words is kept as it is."""
    value = plain(value).strip()
    if value.isdigit():
        teen = value[-2:] in ("11", "12", "13")
        value += "th" if teen else {"1": "st", "2": "nd", "3": "rd"}.get(value[-1], "th")
    return f"{value} ed."


# -- Elements --------------------------------------------------------------------


def link(url: str, text: str | None = None) -> HRef:
    return HRef(url, String(text or url))


def pubmed_link(pmid: str) -> HRef:
    return link(f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", pmid)


def sentence(*parts) -> Text:
    """Parts run together and closed with a period (unless one is there already)."""
    return Text(*parts).add_period()


class VancouverStyle(BaseStyle):
    """Vancouver references for every BibTeX and BibLaTeX entry type."""

    default_name_style = "plain"
    default_label_style = "number"
    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        formatter = {
            "article": self.article,
            "book": self.book,
            "incollection": self.chapter,
            "inproceedings": self.conference_paper,
            "conference": self.conference_paper,
            "report": self.report,
            "techreport": self.report,
            "thesis": self.thesis,
            "phdthesis": self.thesis,
            "mastersthesis": self.thesis,
        }.get(entry.type, self.web_or_other)
        elements = [element for element in formatter(entry) if element]
        return FormattedEntry(entry.key, Text(" ").join(elements), label)

    # -- shared elements --

    def authors(self, entry) -> Text:
        persons = entry.persons.get("author", [])
        return sentence(name_list(persons)) if persons else Text()

    def title(self, entry, field: str = "title", marker: str = "") -> Text:
        title = latex_text(entry.fields[field]).capitalize()
        return sentence(title, f" [{marker}]" if marker else "")

    @staticmethod
    def place_and_publisher(entry) -> str:
        """``Place: Publisher``, each part when the entry has it."""
        place = plain(entry.fields.get("location", entry.fields.get("address", "")))
        publisher = next((plain(entry.fields[name]) for name in
                          ("publisher", "organization", "institution", "school", "howpublished")
                          if entry.fields.get(name)), "")
        return ": ".join(part for part in (place, publisher) if part)

    def publication(self, entry, cited: bool = False) -> Text:
        """``Place: Publisher; date [cited date].``; an unseen date is ``[date unknown]``."""
        issued = date_parts(entry)
        when = " ".join(part for part in (
            vancouver_date(issued) if issued else UNKNOWN_DATE,
            self.cited(entry) if cited else "") if part)
        return sentence("; ".join(part for part in (self.place_and_publisher(entry), when) if part))

    @staticmethod
    def cited(entry) -> str:
        accessed = date_parts(entry, "urldate")
        return f"[cited {vancouver_date(accessed)}]" if accessed else ""

    def identifiers(self, entry, cited: bool = False, pmid: bool = True) -> list[Text]:
        """DOI and PMID as links, then the address (after the date of citation, if asked)."""
        fields = entry.fields
        found = []
        if fields.get("doi"):
            found.append(sentence("doi:", link(f"https://doi.org/{fields['doi']}", fields["doi"])))
        if pmid and fields.get("pmid"):
            found.append(sentence("PubMed PMID: ", pubmed_link(fields["pmid"])))
        if cited and self.cited(entry):
            found.append(sentence(self.cited(entry)))
        if fields.get("url"):
            # No period after an address: it would read as part of it.
            found.append(Text("Available from: ", link(fields["url"])))
        return found

    def pages(self, entry) -> Text:
        return sentence(f"p. {page_range(entry.fields['pages'])}") if entry.fields.get("pages") else Text()

    def in_book(self, entry, meeting: str = "") -> Text:
        """``In: Editors, editors. Book title[; meeting's date; place].``"""
        book = latex_text(entry.fields["booktitle"]).capitalize()
        parts = [sentence(editors(entry)) if entry.persons.get("editor") else Text(),
                 sentence(book, f"; {meeting}" if meeting else "")]
        return Text("In: ", Text(" ").join([part for part in parts if part]))

    # -- entry types --

    def article(self, entry) -> list[Text]:
        fields = entry.fields
        journal = fields.get("shortjournal") or fields.get("journal") or fields.get("journaltitle")
        issued = date_parts(entry)
        # Citing Medicine's date of publication: year, month and day, as far as the entry gives them.
        citation = vancouver_date(issued) if issued else ""
        if fields.get("volume") or fields.get("number"):
            citation += f";{plain(fields.get('volume', ''))}"
            if fields.get("number"):
                citation += f"({plain(fields['number'])})"
        if fields.get("pages"):
            citation += f":{page_range(fields['pages'])}"
        is_abstract = fields.get("entrysubtype", "").lower() == "abstract"
        return [
            self.authors(entry),
            self.title(entry, marker="abstract" if is_abstract else ""),
            # A meeting's name keeps its capitals: it is a name, not a title in sentence case.
            Text("In: ", sentence(latex_text(fields["issuetitle"]))) if fields.get("issuetitle") else Text(),
            sentence(latex_text(journal)),
            sentence(citation) if citation else Text(),
            *self.identifiers(entry, cited=True),
        ]

    def book(self, entry) -> list[Text]:
        responsible = self.authors(entry) or sentence(editors(entry))
        return [
            responsible,
            self.title(entry),
            sentence(edition(entry.fields["edition"])) if entry.fields.get("edition") else Text(),
            self.publication(entry),
            *self.identifiers(entry, cited=True),
        ]

    def chapter(self, entry) -> list[Text]:
        return [self.authors(entry), self.title(entry), self.in_book(entry),
                self.publication(entry), self.pages(entry), *self.identifiers(entry, cited=True)]

    def conference_paper(self, entry) -> list[Text]:
        fields = entry.fields
        meeting = "; ".join(part for part in (
            plain(fields.get("eventtitle", "")),
            date_range(fields.get("eventdate", "")),
            plain(fields.get("venue", ""))) if part)
        return [self.authors(entry), self.title(entry), self.in_book(entry, meeting),
                self.publication(entry), self.pages(entry), *self.identifiers(entry, cited=True)]

    def report(self, entry) -> list[Text]:
        number = entry.fields.get("number")
        return [self.authors(entry), self.title(entry), self.publication(entry),
                sentence(f"Report No.: {plain(number)}") if number else Text(),
                *self.identifiers(entry, cited=True)]

    def thesis(self, entry) -> list[Text]:
        # @phdthesis, @mastersthesis, or @thesis with BibLaTeX's type (phdthesis, mathesis, or words).
        kind = entry.fields.get("type", "" if entry.type == "thesis" else entry.type)
        marker = THESIS_KINDS.get(kind.lower().replace(" ", "").replace("'", ""), plain(kind).lower() or "thesis")
        return [self.authors(entry), self.title(entry, marker=marker),
                self.publication(entry), *self.identifiers(entry, cited=True)]

    def web_or_other(self, entry) -> list[Text]:
        """A web page (an entry with an address), a part of a database (``maintitle``), or any other type."""
        if entry.fields.get("maintitle"):
            return self.database_record(entry)
        # Only a copy that was seen at an address is cited as an Internet item.
        on_the_web = bool(entry.fields.get("url"))
        return [self.authors(entry), self.title(entry, marker="Internet" if on_the_web else ""),
                self.publication(entry, cited=on_the_web), *self.identifiers(entry)]

    def database_record(self, entry) -> list[Text]:
        """``Database [Internet]. Place: Publisher. 1996 Jan - . PMID: n, Title of the part; date [cited date].``"""
        fields = entry.fields
        on_the_web = bool(fields.get("url"))
        record = latex_text(fields["title"]).capitalize()
        if fields.get("pmid"):
            record = Text("PMID: ", pubmed_link(fields["pmid"]), ", ", record)
        issued = date_parts(entry)
        when = " ".join(part for part in (
            vancouver_date(issued) if issued else "",
            self.cited(entry) if on_the_web else "") if part)
        # The database's own date, open-ended while the database goes on (Citing Medicine ch. 24, Box 53).
        start, slash, end = fields.get("maindate", "").partition("/")
        opened = iso_date(start)
        if opened and slash and not end:
            database_date = f"{vancouver_date(opened)} - ."
        elif opened:
            database_date = f"{date_range(fields['maindate'])}."
        else:
            database_date = f"{UNKNOWN_DATE} - ."
        publisher = self.place_and_publisher(entry)
        return [
            self.title(entry, "maintitle", marker="Internet" if on_the_web else ""),
            sentence(publisher) if publisher else Text(),
            Text(database_date),
            sentence(record, f"; {when}" if when else ""),
            *self.identifiers(entry, pmid=False),
        ]
