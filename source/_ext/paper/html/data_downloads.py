"""Each trial table and the forest plot offer their data as CSV and JSON, beside the pages.

A reader who wants the numbers for a meta-analysis should not copy them
from the page. Under each table the data file describes and under the
forest plot, a line links to ``<basename>-<label>.csv`` and ``.json``,
written from the data file when the build ends: the values exactly as the
page prints them, each row with the keys, numbers and text of the
references it comes from, and (in the JSON) the paper, its version and its
licence, which the data are published under.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..config import output_name
from ..content.citable import is_site, page_url
from ..content.domain import paper_domain
from ..content.facts import trial_data
from ..content.settings import metadata
from ..figures.forest_plot import forest_plot

FORMATS = ("CSV", "JSON")


def file_name(app: Sphinx, label: str, suffix: str) -> str:
    return output_name(app.config, f"-{label}{suffix}")


def data_line(app: Sphinx, docname: str, label: str) -> nodes.paragraph:
    line = nodes.paragraph("", "Data: ", classes=["paper-data"])
    for number, kind in enumerate(FORMATS):
        if number:
            line += nodes.Text(", ")
        # The files are at the site's root; a dirhtml page is a folder below it.
        line += nodes.reference("", kind, refuri=page_url(app, docname, file_name(app, label, f".{kind.lower()}")))
    return line


def offered(doctree: nodes.document) -> list[tuple[nodes.Element, str, str]]:
    """What the page shows of the data file: (node, its label, the table's name or "forest")."""
    found = [(table, table["ids"][0], table["paper_table"])
             for table in doctree.findall(nodes.table) if table.get("paper_table") and table["ids"]]
    found += [(plot.parent, plot.parent["ids"][0], "forest")
              for plot in doctree.findall(forest_plot) if isinstance(plot.parent, nodes.figure) and plot.parent["ids"]]
    return found


def add_data_lines(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_site(app):
        return
    for node, label, name in offered(doctree):
        node.parent.insert(node.parent.index(node) + 1, data_line(app, docname, label))
        paper_domain(app.env).data_offered[label] = name


def references(app: Sphinx) -> dict[str, dict]:
    """Each cited key's number and text, as the reference list prints them."""
    return {
        citation.key: {"key": citation.key, "number": citation.formatted_entry.label,
                       "reference": citation.formatted_entry.text.render_as("text")}
        for citation in app.env.get_domain("cite").citations
    }


def table_data(app: Sphinx, name: str) -> tuple[list[str], list[tuple[list[str], tuple[str, ...]]]]:
    """The columns, and each row's cells as the page prints them with the row's sources."""
    data = trial_data(app.env)
    if name == "forest":
        forest = data.forest
        columns = ["Label", "Group", forest.abbreviation, "95% CI lower", "95% CI upper"]
        return columns, [([row.label, row.group, str(row.fact.value), *row.fact.ci], row.fact.source)
                         for row in forest.rows]
    spec = data.tables[name]
    # Filled and sourced as the page's table is (paper.content.facts).
    rows = [(cells, sources) for cells, _, sources in (data.fill_row(row["cells"], row["source"]) for row in spec["rows"])]
    return data.fill_row(spec["columns"])[0], rows


def write_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site(app):
        return
    meta, cited = metadata(app), references(app)
    for label, name in sorted(paper_domain(app.env).data_offered.items()):
        columns, rows = table_data(app, name)
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([*columns, "Sources"])
        for cells, sources in rows:
            writer.writerow([*cells, "; ".join(f"[{cited[key]['number']}] {key}" for key in sources if key in cited)])
        out = Path(app.outdir)
        (out / file_name(app, label, ".csv")).write_text(text.getvalue(), encoding="utf-8")
        record = {
            "paper": meta.title, "version": meta.version, "licence": meta.licence, "licence_url": meta.licence_url,
            "label": label, "columns": columns,
            "rows": [{"cells": cells, "sources": [cited[key] for key in sources if key in cited]} for cells, sources in rows],
        }
        (out / file_name(app, label, ".json")).write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
