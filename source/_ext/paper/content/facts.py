"""The data file in the pages: the ``{fact}`` role and the ``trial-table`` directive.

The file named by ``paper_data_file`` is read and checked when the builder
starts (:mod:`paper.inputs.trial_data`); a fault stops the build naming the
file and the entry. Then

* ``{fact}`ameera3.pfs.hr``` prints one figure in the prose;
* the ``trial-table`` directive renders a table the file describes (its
  caption is the directive's content), with a "Source" column citing the
  references behind each row.

Each page remembers the facts and tables it showed (in the paper domain),
so that after the data file is edited exactly the pages that show a changed
figure are read and written again (:func:`pages_showing_changed_data`), not
every page that quotes the file.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..errors import stop
from ..inputs.trial_data import NO_DATA, PLACEHOLDER, DataFileError, TrialData, load
from .domain import paper_domain


def load_trial_data(app: Sphinx) -> None:
    domain = paper_domain(app.env)
    if not app.config.paper_data_file:
        domain.trial_data = NO_DATA
        return
    try:
        domain.trial_data = load(Path(app.srcdir) / app.config.paper_data_file)
    except DataFileError as error:
        stop(error)


def check_sources(app: Sphinx) -> None:
    """Every fact and table row names its sources by keys the .bib files hold (read by sphinxcontrib-bibtex)."""
    unknown = trial_data(app.env).unknown_sources(app.env.get_domain("cite").bibdata.data.entries)
    if unknown:
        stop(unknown)


def trial_data(env) -> TrialData:
    """The data file as this build read it."""
    return paper_domain(env).trial_data


def show_facts(env, facts) -> None:
    """Note that the page being read shows these facts."""
    shown = paper_domain(env).data["facts"].setdefault(env.docname, {})
    shown.update({fact.key: fact for fact in facts})


def show_table(env, name: str, spec: dict) -> None:
    paper_domain(env).data["tables"].setdefault(env.docname, {})[name] = spec


def show_forest(env, forest) -> None:
    """Note that the page being read draws the forest plot: its rows, labels, groups and measure."""
    paper_domain(env).data["forest"][env.docname] = forest


def pages_showing_changed_data(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The pages that showed a fact, table or forest plot which the data file now gives differently (or not at all)."""
    data, domain = trial_data(env), paper_domain(env)
    facts, tables, forests = domain.data["facts"], domain.data["tables"], domain.data["forest"]
    return sorted(
        docname for docname in set(facts) | set(tables) | set(forests)
        if docname not in removed and (
            any(data.facts.get(key) != shown for key, shown in facts.get(docname, {}).items())
            or any(data.tables.get(name) != shown for name, shown in tables.get(docname, {}).items())
            or forests.get(docname, data.forest) != data.forest
        )
    )


class FactRole(SphinxRole):
    """``{fact}`ameera3.pfs.hr``` prints one figure from the data file."""

    def run(self):
        data = trial_data(self.env)
        key = self.text.strip()
        if key not in data.facts:
            message = self.inliner.reporter.error(
                f"{data.path}: no fact {key!r} (used by {{fact}} in {self.env.docname})",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        fact = data.fact(key)
        show_facts(self.env, [fact])
        figure = nodes.inline(self.rawtext, fact.render(), classes=["fact"], fact=key)
        # A figure prints as the data file has it: Sphinx's smart quotes would make "--" a dash,
        # straight quotes curly and take the backslash of "\-" as an escape.
        figure["support_smartquotes"] = False
        return [figure], []


class TrialTable(SphinxDirective):
    """A numbered table rendered from the data file.

    The argument names the table in the data file; the content is the caption.
    """

    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged_required}

    def run(self):
        data = trial_data(self.env)
        name = self.arguments[0]
        if name not in data.tables:
            raise self.error(f"{data.path}: no table {name!r} (used in {self.env.docname})")
        if not self.content:
            raise self.error(f"trial-table {name!r} needs its caption as content")
        spec = data.tables[name]
        show_table(self.env, name, spec)

        table = nodes.table(classes=["trial-table", "colwidths-given"], paper_table=name)
        text = " ".join(self.content)
        inline, messages = self.parse_inline(text, lineno=self.content_offset)
        title = nodes.title(text, "", *inline)
        # With its source text and place, gettext offers the caption for translation.
        title.source, title.line = self.get_source_info()
        table += title
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
        _, shown, sources = data.fill_row(cells, sources)
        show_facts(self.env, shown)
        for cell in cells:
            # Each figure by the fact role, as in prose: the data file's text, never read as markup.
            row += self._entry(PLACEHOLDER.sub(lambda found: "{fact}`%s`" % found.group(1), str(cell)), header)
        if not header:
            row += self._entry("{cite:p}`%s`" % ",".join(sources) if sources else "", header)
        return row

    def _entry(self, markup: str, header: bool) -> nodes.entry:
        inline, messages = self.parse_inline(markup, lineno=self.lineno)
        entry = nodes.entry("", nodes.paragraph("", "", *inline), *messages)
        if header:
            entry["classes"].append("header")
        return entry

