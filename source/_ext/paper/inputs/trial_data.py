"""The data file: every figure the paper quotes from the trials, typed once, with its source.

Each fact is a value exactly as the source prints it (the file is read by
YAML 1.2 rules, and a number keeps the digits it was written with: ``1.40``
prints as "1.40"), with its unit, its 95% confidence interval and the
keys of the references that report it. The file may also describe tables
(columns, and rows whose cells quote facts as ``{ameera3.pfs.hr}``) and a
``forest`` list of hazard ratios to plot.

:func:`load` checks the file's form against its JSON Schema,
``trial-data.schema.json`` (what each entry holds and of which type), then
the rules a schema cannot state (an interval holds its estimate, a
placeholder names a fact, a table row has as many cells as the columns),
or raises :class:`DataFileError` naming the file, the line and the faulty
entry; the Sphinx side is :mod:`paper.content.facts` and :mod:`paper.figures`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .json_schema import check
from .yaml_file import YamlDocument, read_yaml_document

#: Placeholders in table cells and figure sources: ``{ameera3.pfs.hr}``. The
#: dot keeps them apart from Graphviz's own braces (``{rank=same; a b}``).
PLACEHOLDER = re.compile(r"\{([a-z0-9-]+(?:\.[a-z0-9-]+)+)\}")


class DataFileError(InputError):
    """The trial data file is missing, malformed or incomplete."""

    category = "Trial data error"


@dataclass(frozen=True)
class Fact:
    """One reported figure, exactly as the source prints it."""

    key: str
    value: str | int | dt.date
    source: tuple[str, ...]
    unit: str = ""
    ci: tuple[str, str] | None = None

    @property
    def number(self) -> float:
        """The value as a float, for plotting."""
        return as_float(self.value)

    def render(self) -> str:
        """The figure as the prose and tables print it."""
        if isinstance(self.value, dt.date):
            text = f"{self.value.day} {self.value:%B %Y}"
        elif isinstance(self.value, int):
            text = f"{self.value:,}"
        else:
            text = self.value
        if self.unit == "%":
            text += "%"
        elif self.unit:
            text += "\N{NO-BREAK SPACE}" + self.unit
        if self.ci:
            # A dash between two negative bounds reads as a minus ("−0.5–−0.1"): write "to".
            joint = " to " if any(bound.startswith(("-", "\N{MINUS SIGN}")) for bound in self.ci) else "\N{EN DASH}"
            text += f" (95%\N{NO-BREAK SPACE}CI {self.ci[0]}{joint}{self.ci[1]})"
        return text


@dataclass(frozen=True)
class TrialData:
    """The validated contents of the data file."""

    path: Path
    facts: dict[str, Fact]
    tables: dict[str, dict]
    forest: Forest
    #: The file as read, for the lines of the messages.
    document: YamlDocument | None = None

    def fact(self, key: str) -> Fact:
        return self.facts[key]

    def unknown_sources(self, references) -> DataFileError | None:
        """The first fact or table row whose source is not among ``references`` (the .bib keys), or None."""
        cited = [(("facts", fact.key, "source"), f"fact {fact.key!r}", fact.source) for fact in self.facts.values()]
        cited += [(("tables", name, "rows", number - 1), f"table {name!r}: row {number}", row["source"])
                  for name, table in self.tables.items() for number, row in enumerate(table["rows"], start=1)]
        for location, where, sources in cited:
            for key in sources:
                if key not in references:
                    return _fail(self.document, location, where,
                                 f"source {key!r} is not a reference (no such key in the .bib files)")
        return None

    def fill(self, template: str) -> tuple[str, list[Fact]]:
        """Replace every ``{key}`` in a table cell; return the text and the facts used."""
        used: list[Fact] = []

        def substitute(match: re.Match) -> str:
            fact = self.facts[match.group(1)]
            used.append(fact)
            return fact.render()

        return PLACEHOLDER.sub(substitute, template), used

    def fill_row(self, cells: list, sources: tuple[str, ...] = ()) -> tuple[list[str], list[Fact], tuple[str, ...]]:
        """A table row's cells filled, the facts they show, and the row's sources: its own, then each fact's."""
        texts, shown, keys = [], [], list(sources)
        for cell in cells:
            text, used = self.fill(str(cell))
            texts.append(text)
            shown.extend(used)
            keys.extend(key for fact in used for key in fact.source if key not in keys)
        return texts, shown, tuple(keys)


def as_float(number: str | int) -> float:
    """A value or bound of the schema's number form, as a float (Python reads no U+2212 minus)."""
    return float(str(number).replace("\N{MINUS SIGN}", "-"))


def _fail(document: YamlDocument, location: tuple, where: str, problem: str) -> DataFileError:
    return DataFileError(f"{document.at(location)}: {where}: {problem}")


def _keys(source: str | list) -> tuple[str, ...]:
    return (source,) if isinstance(source, str) else tuple(source)


def _parse_fact(document: YamlDocument, key: str, entry: dict) -> Fact:
    """A fact, of the form the schema has checked; the interval's rules are the paper's own."""
    location, where = ("facts", key), f"fact {key!r}"
    value = entry["value"]
    if isinstance(value, str) and ISO_DATE.match(value):
        value = dt.date.fromisoformat(value)  # the schema has checked that it exists
    ci = entry.get("ci")
    if ci is not None:
        lower, upper = map(as_float, ci)
        if lower > upper:
            raise _fail(document, (*location, "ci"), where, f"'ci' {ci} is swapped: write the lower bound first")
        if isinstance(value, dt.date) or not lower <= as_float(value) <= upper:
            raise _fail(document, (*location, "ci"), where, f"'ci' {ci} does not contain the value {value!r}")
        ci = tuple(ci)
    return Fact(key=key, value=value, source=_keys(entry["source"]), unit=entry.get("unit", ""), ci=ci)


def _parse_table(document: YamlDocument, name: str, table: dict, facts: dict[str, Fact]) -> dict:
    """Check a table and return it with every row as ``{"cells": [...], "source": (...)}``."""
    where = f"table {name!r}"
    width = len(table["columns"])
    parsed = []
    for number, row in enumerate(table["rows"], start=1):
        location = ("tables", name, "rows", number - 1)
        cells, source = (row["cells"], row.get("source") or ()) if isinstance(row, dict) else (row, ())
        if len(cells) != width:
            raise _fail(document, location, where, f"row {number} must have {width} cells, like 'columns'")
        keys = [key for cell in cells for key in PLACEHOLDER.findall(cell)]
        if not source and not keys:
            raise _fail(document, location, where, f"row {number} quotes no fact and names no 'source'")
        for cell in cells:
            _check_placeholders(document, location, where, cell, facts)
        parsed.append({"cells": cells, "source": _keys(source)})
    for number, cell in enumerate(table["columns"]):
        _check_placeholders(document, ("tables", name, "columns", number), where, cell, facts)
    widths = table.get("widths") or [1] * width
    if len(widths) != width:
        raise _fail(document, ("tables", name, "widths"), where, f"'widths' must be {width} positive integers, like 'columns'")
    return {"columns": table["columns"], "rows": parsed, "widths": widths}


def _check_placeholders(document: YamlDocument, location: tuple, where: str, cell: str, facts: dict) -> None:
    for key in PLACEHOLDER.findall(cell):
        if key not in facts:
            raise _fail(document, location, where, f"cell {cell!r} names unknown fact {key!r}")


#: The data file's form, a JSON Schema (see the README, "Editing the paper").
SCHEMA = Path(__file__).with_name("trial-data.schema.json")
#: Marker shapes a forest plot's group may name (drawn by :mod:`paper.figures.forest_drawing`), as the schema lists them.
MARKERS = tuple(json.loads(SCHEMA.read_text(encoding="utf-8"))["definitions"]["group"]["properties"]["marker"]["enum"])
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class GroupStyle:
    """How a forest plot draws one group of rows (a trial, an arm): a colour and a marker shape."""

    colour: str
    marker: str


@dataclass(frozen=True)
class ForestRow:
    label: str
    fact: Fact
    group: str = ""


@dataclass(frozen=True)
class Forest:
    """The effect estimates a forest plot draws, top to bottom, and how it names and draws them.

    ``measure`` names what is plotted ("hazard ratio"), ``abbreviation`` heads
    the column of values ("HR"); ``favours`` names what lies left and right of
    the line of no effect ("amcenestrant", "control"), when the data file says.
    """

    rows: tuple[ForestRow, ...] = ()
    measure: str = "hazard ratio"
    abbreviation: str = "HR"
    favours: tuple[str, str] | None = None
    groups: tuple[tuple[str, GroupStyle], ...] = ()

    def style(self, group: str) -> GroupStyle | None:
        return dict(self.groups).get(group)


def _parse_forest(document: YamlDocument, forest: list | dict | None, facts: dict[str, Fact]) -> Forest:
    """The ``forest`` entry: a list of rows, or a mapping of the rows and how they are drawn."""
    if forest is None:
        return Forest()
    spec, location = ({"rows": forest}, ("forest",)) if isinstance(forest, list) else (forest, ("forest", "rows"))
    groups = tuple((name, GroupStyle(colour=style["colour"], marker=style["marker"]))
                   for name, style in (spec.get("groups") or {}).items())
    rows = []
    for number, row in enumerate(spec["rows"], start=1):
        place = (*location, number - 1)
        fact = facts.get(row["fact"])
        if fact is None:
            raise _fail(document, place, "forest", f"row {number} names unknown fact {row['fact']!r}")
        if fact.ci is None:
            raise _fail(document, place, "forest", f"row {number}: fact {fact.key!r} has no 'ci' to draw")
        if as_float(fact.ci[0]) <= 0:
            raise _fail(document, place, "forest", f"row {number}: fact {fact.key!r} has a 'ci' from {fact.ci[0]}, "
                        "which the plot's log scale cannot draw (a ratio is above 0)")
        group = row.get("group", "")
        if groups and group not in dict(groups):
            raise _fail(document, place, "forest", f"row {number} names group {group!r}, which 'groups' does not list")
        rows.append(ForestRow(label=row["label"], fact=fact, group=group))
    favours = spec.get("favours")
    return Forest(rows=tuple(rows), measure=spec.get("measure", Forest.measure),
                  abbreviation=spec.get("abbreviation", Forest.abbreviation),
                  favours=tuple(favours) if favours else None, groups=groups)


def load(path: Path) -> TrialData:
    """Read and validate the data file, or raise :class:`DataFileError` naming the file, the line and the problem."""
    document = read_yaml_document(path, DataFileError)
    check(document, SCHEMA, DataFileError)
    raw = document.data
    facts = {key: _parse_fact(document, key, entry) for key, entry in raw["facts"].items()}
    tables = {name: _parse_table(document, name, table, facts) for name, table in (raw.get("tables") or {}).items()}
    forest = _parse_forest(document, raw.get("forest"), facts)
    return TrialData(path=path, facts=facts, tables=tables, forest=forest, document=document)


#: What a paper without a data file has to quote: nothing.
NO_DATA = TrialData(path=Path("(no paper_data_file)"), facts={}, tables={}, forest=Forest())
