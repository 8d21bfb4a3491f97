"""Trial figures: one data file, rendered into prose and tables.

Every number the paper quotes from the trials lives once in the YAML file
named by ``paper_data_file`` (relative to the source folder), each with the
key of the reference that reports it. A paper without figures to quote may
leave ``paper_data_file`` empty, and a data file need not list ``tables`` or
a ``forest``; using a fact, table or forest plot that is not there stops the
build. This module

* loads and validates that file when the build starts, stopping the build
  with a message that names the file and the faulty entry;
* provides the ``{fact}`key``` role, which prints one figure in the prose;
* provides the ``trial-table`` directive, which renders a table described in
  the same file (its caption is the directive's content), with a "Source"
  column citing the references behind each row;
* keeps the hazard ratios listed under ``forest`` for the forest plot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .errors import InputError, read_yaml_mapping, stop

#: Placeholders in table cells and figure sources: ``{ameera3.pfs.hr}``. The
#: dot keeps them apart from Graphviz's own braces (``{rank=same; a b}``).
PLACEHOLDER = re.compile(r"\{([a-z0-9-]+(?:\.[a-z0-9-]+)+)\}")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
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
        return float(self.value)

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
            text += f" (95%\N{NO-BREAK SPACE}CI {self.ci[0]}\N{EN DASH}{self.ci[1]})"
        return text


@dataclass(frozen=True)
class TrialData:
    """The validated contents of the data file."""

    path: Path
    facts: dict[str, Fact]
    tables: dict[str, dict]
    forest: tuple[tuple[str, Fact], ...]

    def fact(self, key: str) -> Fact:
        return self.facts[key]

    def fill(self, template: str) -> tuple[str, list[Fact]]:
        """Replace every ``{key}`` in a table cell; return the text and the facts used."""
        used: list[Fact] = []

        def substitute(match: re.Match) -> str:
            fact = self.facts[match.group(1)]
            used.append(fact)
            return fact.render()

        return PLACEHOLDER.sub(substitute, template), used


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
    if isinstance(value, str) and not NUMBER.match(value):
        raise _fail(path, f"fact {key!r}", f"value {value!r} is not a number")
    source = entry["source"]
    source = (source,) if isinstance(source, str) else tuple(source)
    ci = entry.get("ci")
    if ci is not None:
        if (
            not isinstance(ci, list) or len(ci) != 2
            or not all(isinstance(bound, str) and NUMBER.match(bound) for bound in ci)
        ):
            raise _fail(path, f"fact {key!r}", "'ci' must be two quoted numbers, [\"0.79\", \"1.40\"]")
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


def _parse_forest(path: Path, forest: object, facts: dict[str, Fact]) -> tuple[tuple[str, Fact], ...]:
    if forest is None:
        return ()
    if not isinstance(forest, list) or not forest:
        raise _fail(path, "forest", "must be a non-empty list of {label, fact}")
    rows = []
    for number, row in enumerate(forest, start=1):
        if not isinstance(row, dict) or not row.get("label") or not row.get("fact"):
            raise _fail(path, "forest", f"row {number} needs 'label' and 'fact'")
        fact = facts.get(row["fact"])
        if fact is None:
            raise _fail(path, "forest", f"row {number} names unknown fact {row['fact']!r}")
        if fact.ci is None:
            raise _fail(path, "forest", f"row {number}: fact {fact.key!r} has no 'ci' to draw")
        rows.append((row["label"], fact))
    return tuple(rows)


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
NO_DATA = TrialData(path=Path("(no paper_data_file)"), facts={}, tables={}, forest=())


def trial_data(app: Sphinx) -> TrialData:
    return app.env.paper_trial_data


class FactRole(SphinxRole):
    """``{fact}`ameera3.pfs.hr``` prints one figure from the data file."""

    def run(self):
        data = trial_data(self.env.app)
        key = self.text.strip()
        if key not in data.facts:
            message = self.inliner.reporter.error(
                f"{data.path}: no fact {key!r} (used by {{fact}} in {self.env.docname})",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        fact = data.fact(key)
        self.env.note_dependency(str(data.path))
        return [nodes.inline(self.rawtext, fact.render(), classes=["fact"], fact=key)], []


class TrialTable(SphinxDirective):
    """A numbered table rendered from the data file.

    The argument names the table in the data file; the content is the caption.
    """

    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged_required}

    def run(self):
        data = trial_data(self.env.app)
        self.env.note_dependency(str(data.path))
        name = self.arguments[0]
        if name not in data.tables:
            raise self.error(f"{data.path}: no table {name!r} (used in {self.env.docname})")
        if not self.content:
            raise self.error(f"trial-table {name!r} needs its caption as content")
        spec = data.tables[name]

        table = nodes.table(classes=["trial-table", "colwidths-given"])
        caption, messages = self.parse_inline(" ".join(self.content), lineno=self.content_offset)
        table += nodes.title("", "", *caption)
        columns = [*spec["columns"], "Source"]
        group = nodes.tgroup(cols=len(columns))
        table += group
        # The source column takes a ninth of the table's width (8 parts of 9
        # for the others, shared as the data file says): in the PDF, a narrower
        # one cannot hold its "Source" header or a citation like "[12, 17]".
        widths = [8 * width for width in spec["widths"]] + [sum(spec["widths"])]
        group.extend(nodes.colspec(colwidth=width) for width in widths)
        group += nodes.thead("", self._row(data, columns, header=True))
        group += nodes.tbody(
            "", *(self._row(data, row["cells"], row["source"]) for row in spec["rows"])
        )
        self.add_name(table)
        return [table, *messages]

    def _row(
        self, data: TrialData, cells: list, sources: tuple[str, ...] = (), header: bool = False
    ) -> nodes.row:
        row = nodes.row()
        sources = list(sources)
        for cell in cells:
            text, used = data.fill(str(cell))
            for fact in used:
                sources.extend(key for key in fact.source if key not in sources)
            row += self._entry(text, header)
        if not header:
            row += self._entry("{cite:p}`%s`" % ",".join(sources) if sources else "", header)
        return row

    def _entry(self, markup: str, header: bool) -> nodes.entry:
        inline, messages = self.parse_inline(markup, lineno=self.lineno)
        entry = nodes.entry("", nodes.paragraph("", "", *inline), *messages)
        if header:
            entry["classes"].append("header")
        return entry


def load_on_start(app: Sphinx) -> None:
    if not app.config.paper_data_file:
        app.env.paper_trial_data = NO_DATA
        return
    try:
        app.env.paper_trial_data = load(Path(app.srcdir) / app.config.paper_data_file)
    except DataFileError as error:
        stop(error)


def setup(app: Sphinx) -> dict:
    app.add_config_value("paper_data_file", "", "env", types=[str])
    app.connect("builder-inited", load_on_start)
    app.add_role("fact", FactRole())
    app.add_directive("trial-table", TrialTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
