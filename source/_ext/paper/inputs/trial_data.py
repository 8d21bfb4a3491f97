"""The data file: every figure the paper quotes from the trials, typed once, with its source.

Each fact is a value exactly as the source prints it (decimals quoted, so
their digits are kept), with its unit, its 95% confidence interval and the
keys of the references that report it. The file may also describe tables
(columns, and rows whose cells quote facts as ``{ameera3.pfs.hr}``) and a
``forest`` list of hazard ratios to plot. :func:`load` validates all of it,
or raises :class:`DataFileError` naming the file and the faulty entry; the
Sphinx side is :mod:`paper.content.facts` and :mod:`paper.figures`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .yaml_file import read_yaml_mapping

#: Placeholders in table cells and figure sources: ``{ameera3.pfs.hr}``. The
#: dot keeps them apart from Graphviz's own braces (``{rank=same; a b}``).
PLACEHOLDER = re.compile(r"\{([a-z0-9-]+(?:\.[a-z0-9-]+)+)\}")
#: A number as the source prints it; the minus may be the typographic one (U+2212).
NUMBER = re.compile(r"^[-\N{MINUS SIGN}]?\d+(\.\d+)?$")
FACT_FIELDS = {"value", "unit", "ci", "source", "what"}


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

    def fact(self, key: str) -> Fact:
        return self.facts[key]

    def unknown_sources(self, references) -> DataFileError | None:
        """The first fact or table row whose source is not among ``references`` (the .bib keys), or None."""
        cited = [(f"fact {fact.key!r}", fact.source) for fact in self.facts.values()]
        cited += [(f"table {name!r}: row {number}", row["source"])
                  for name, table in self.tables.items() for number, row in enumerate(table["rows"], start=1)]
        for where, sources in cited:
            for key in sources:
                if key not in references:
                    return _fail(self.path, where, f"source {key!r} is not a reference (no such key in the .bib files)")
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
    """A value or bound that :data:`NUMBER` matched, as a float (Python reads no U+2212 minus)."""
    return float(str(number).replace("\N{MINUS SIGN}", "-"))


def _fail(path: Path, where: str, problem: str) -> DataFileError:
    return DataFileError(f"{path}: {where}: {problem}")


def _parse_fact(path: Path, key: str, entry: object) -> Fact:
    if not isinstance(entry, dict):
        raise _fail(path, f"fact {key!r}", "must be a mapping with 'value' and 'source'")
    unknown = set(entry) - FACT_FIELDS
    if unknown:
        raise _fail(path, f"fact {key!r}", f"unknown field(s) {sorted(unknown)}")
    for required in ("value", "source"):
        if entry.get(required) in (None, "", []):
            raise _fail(path, f"fact {key!r}", f"'{required}' is missing")
    value = entry["value"]
    if isinstance(value, float) or isinstance(value, bool):
        raise _fail(
            path, f"fact {key!r}",
            f"value {value!r} must be written in quotes (\"1.40\") so its digits are kept",
        )
    if not isinstance(value, (str, int, dt.date)) or isinstance(value, str) and not NUMBER.match(value):
        raise _fail(path, f"fact {key!r}", f"value {value!r} is not a number")
    source = entry["source"]
    source = [source] if isinstance(source, str) else source
    if not isinstance(source, list) or not all(isinstance(item, str) for item in source):
        raise _fail(path, f"fact {key!r}", "'source' must be a reference key or a list of them")
    source = tuple(source)
    ci = entry.get("ci")
    if ci is not None:
        if (
            not isinstance(ci, list) or len(ci) != 2
            or not all(isinstance(bound, str) and NUMBER.match(bound) for bound in ci)
        ):
            raise _fail(path, f"fact {key!r}", "'ci' must be two quoted numbers, [\"0.79\", \"1.40\"]")
        lower, upper = map(as_float, ci)
        if lower > upper:
            raise _fail(path, f"fact {key!r}", f"'ci' {ci} is swapped: write the lower bound first")
        if isinstance(value, dt.date) or not lower <= as_float(value) <= upper:
            raise _fail(path, f"fact {key!r}", f"'ci' {ci} does not contain the value {value!r}")
        ci = tuple(ci)
    return Fact(key=key, value=value, source=source, unit=entry.get("unit", ""), ci=ci)


def _parse_table(path: Path, name: str, table: object, facts: dict[str, Fact]) -> dict:
    """Check a table and return it with every row as ``{"cells": [...], "source": (...)}``."""
    where = f"table {name!r}"
    if not isinstance(table, dict) or not isinstance(table.get("columns"), list):
        raise _fail(path, where, "needs 'columns' (a list) and 'rows' (a list)")
    rows = table.get("rows")
    if not isinstance(rows, list) or not rows:
        raise _fail(path, where, "needs 'rows' (a non-empty list)")
    width = len(table["columns"])
    parsed = []
    for number, row in enumerate(rows, start=1):
        if isinstance(row, dict):
            cells, source = row.get("cells"), row.get("source") or ()
        else:
            cells, source = row, ()
        if not isinstance(cells, list) or len(cells) != width:
            raise _fail(path, where, f"row {number} must have {width} cells, like 'columns'")
        source = (source,) if isinstance(source, str) else tuple(source)
        keys = [key for cell in cells for key in PLACEHOLDER.findall(str(cell))]
        if not source and not keys:
            raise _fail(path, where, f"row {number} quotes no fact and names no 'source'")
        parsed.append({"cells": cells, "source": source})
    for cell in [*table["columns"], *(cell for row in parsed for cell in row["cells"])]:
        for key in PLACEHOLDER.findall(str(cell)):
            if key not in facts:
                raise _fail(path, where, f"cell {cell!r} names unknown fact {key!r}")
    widths = table.get("widths") or [1] * width
    if len(widths) != width or not all(isinstance(w, int) and w > 0 for w in widths):
        raise _fail(path, where, f"'widths' must be {width} positive integers, like 'columns'")
    return {"columns": table["columns"], "rows": parsed, "widths": widths}


#: Marker shapes a forest plot's group may name (drawn by :mod:`paper.figures.forest_drawing`).
MARKERS = ("circle", "square", "diamond", "triangle", "inverted triangle", "pentagon", "hexagon", "star")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FOREST_FIELDS = {"rows", "measure", "abbreviation", "favours", "groups"}


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


def _parse_groups(path: Path, groups: object) -> tuple[tuple[str, GroupStyle], ...]:
    if groups is None:
        return ()
    if not isinstance(groups, dict):
        raise _fail(path, "forest", "'groups' must map each group to {colour, marker}")
    parsed = []
    for name, style in groups.items():
        where = f"forest: group {name!r}"
        if not isinstance(style, dict) or set(style) != {"colour", "marker"}:
            raise _fail(path, where, "needs 'colour' (\"#0072B2\") and 'marker' and nothing else")
        if not COLOUR.match(str(style["colour"])):
            raise _fail(path, where, f"colour {style['colour']!r} is not of the form \"#0072B2\"")
        if style["marker"] not in MARKERS:
            raise _fail(path, where, f"marker {style['marker']!r} is not one of {', '.join(MARKERS)}")
        parsed.append((str(name), GroupStyle(colour=str(style["colour"]), marker=style["marker"])))
    return tuple(parsed)


def _parse_forest(path: Path, forest: object, facts: dict[str, Fact]) -> Forest:
    """The ``forest`` entry: a list of rows, or a mapping of the rows and how they are drawn."""
    if forest is None:
        return Forest()
    spec = {"rows": forest} if isinstance(forest, list) else forest
    if not isinstance(spec, dict) or not isinstance(spec.get("rows"), list) or not spec["rows"]:
        raise _fail(path, "forest", "must be a non-empty list of {label, fact}, or a mapping with such 'rows'")
    unknown = set(spec) - FOREST_FIELDS
    if unknown:
        raise _fail(path, "forest", f"unknown field(s) {sorted(unknown)}")
    groups = _parse_groups(path, spec.get("groups"))
    rows = []
    for number, row in enumerate(spec["rows"], start=1):
        if not isinstance(row, dict) or not row.get("label") or not row.get("fact"):
            raise _fail(path, "forest", f"row {number} needs 'label' and 'fact'")
        fact = facts.get(row["fact"])
        if fact is None:
            raise _fail(path, "forest", f"row {number} names unknown fact {row['fact']!r}")
        if fact.ci is None:
            raise _fail(path, "forest", f"row {number}: fact {fact.key!r} has no 'ci' to draw")
        if as_float(fact.ci[0]) <= 0:
            raise _fail(path, "forest", f"row {number}: fact {fact.key!r} has a 'ci' from {fact.ci[0]}, "
                        "which the plot's log scale cannot draw (a ratio is above 0)")
        group = str(row.get("group", ""))
        if groups and group not in dict(groups):
            raise _fail(path, "forest", f"row {number} names group {group!r}, which 'groups' does not list")
        rows.append(ForestRow(label=str(row["label"]), fact=fact, group=group))
    favours = spec.get("favours")
    if favours is not None and (not isinstance(favours, list) or len(favours) != 2
                                or not all(isinstance(side, str) and side for side in favours)):
        raise _fail(path, "forest", "'favours' must name two sides, [left, right] of the line of no effect")
    measure = spec.get("measure", Forest.measure)
    abbreviation = spec.get("abbreviation", Forest.abbreviation)
    return Forest(rows=tuple(rows), measure=str(measure), abbreviation=str(abbreviation),
                  favours=tuple(favours) if favours else None, groups=groups)


def load(path: Path) -> TrialData:
    """Read and validate the data file, or raise :class:`DataFileError`."""
    raw = read_yaml_mapping(path, DataFileError)
    if not isinstance(raw.get("facts"), dict):
        raise DataFileError(f"{path}: needs a top-level 'facts' mapping")
    facts = {key: _parse_fact(path, key, entry) for key, entry in raw["facts"].items()}
    tables = {
        name: _parse_table(path, name, table, facts)
        for name, table in (raw.get("tables") or {}).items()
    }
    forest = _parse_forest(path, raw.get("forest"), facts)
    return TrialData(path=path, facts=facts, tables=tables, forest=forest)


#: What a paper without a data file has to quote: nothing.
NO_DATA = TrialData(path=Path("(no paper_data_file)"), facts={}, tables={}, forest=Forest())
