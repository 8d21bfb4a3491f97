"""Each trial table and the forest plot offer their data as CSV and JSON, and each drawn figure its SVG file.

A reader who wants the numbers for a meta-analysis should not copy them
from the page. Under each table the data file describes and under the
forest plot, a line links to ``<basename>-<label>-data.csv`` and ``.json``,
written from the data file when the build ends: the values exactly as the
page prints them, each row with the keys, numbers and text of the
references it comes from, and (in the JSON) the paper, its version and its
licence, which the data are published under. Under each figure the paper
draws (Graphviz or the forest plot), the line links to its drawing, the
vector file the page shows (:mod:`paper.figures.drawing_file`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz

from ..config import output_name
from ..content.citable import is_site, page_url
from ..content.domain import paper_domain
from ..inputs.bibtex_text import rendered
from ..content.facts import trial_data
from ..content.settings import metadata
from ..figures.drawing_file import drawing_link
from ..figures.forest_plot import forest_plot

FORMATS = ("CSV", "JSON")


def file_name(app: Sphinx, label: str, suffix: str) -> str:
    """``amcenestrant-tbl-ameera-3-efficacy-data.csv``: "-data" keeps it apart from the table's reference as CSL-JSON."""
    return output_name(app.config, f"-{label}-data{suffix}")


def data_line(app: Sphinx, docname: str, data_label: str | None, drawing: str | None) -> nodes.paragraph:
    """"Data: CSV, JSON." for what shows the data file, "Drawing: SVG." for the figure with the id
    ``drawing``, or both."""
    line = nodes.paragraph("", "", classes=["paper-data"])
    if data_label is not None:
        line += nodes.Text("Data: ")
        for number, kind in enumerate(FORMATS):
            if number:
                line += nodes.Text(", ")
            # The files are at the site's root; a dirhtml page is a folder below it.
            address = page_url(app, docname, file_name(app, data_label, f".{kind.lower()}"))
            line += nodes.reference("", kind, refuri=address)
        line += nodes.Text(".")
    if drawing is not None:
        if data_label is not None:
            line += nodes.Text(" ")
        line += [nodes.Text("Drawing: "), drawing_link("", "SVG", figure=drawing), nodes.Text(".")]
    return line


def offered(doctree: nodes.document) -> list[tuple[nodes.Element, str | None, str | None, str | None]]:
    """What the page shows of the data file or draws: (node, its label when it shows data, the
    table's name or "forest", its id when it is a drawing the paper makes, Graphviz or the forest plot)."""
    found = []
    for node in doctree.findall(lambda node: isinstance(node, (nodes.table, nodes.figure))):
        label = node["ids"][0] if node["ids"] else None
        if isinstance(node, nodes.table) and node.get("paper_table") and label:
            found.append((node, label, node["paper_table"], None))
        elif isinstance(node, nodes.figure) and label:
            plotted = any(isinstance(child, forest_plot) for child in node.children)
            if plotted or any(isinstance(child, graphviz) for child in node.children):
                found.append((node, label if plotted else None, "forest" if plotted else None, label))
    return found


def add_data_lines(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_site(app):
        return
    for node, data_label, name, drawing in offered(doctree):
        node.parent.insert(node.parent.index(node) + 1, data_line(app, docname, data_label, drawing))
        if name is not None:
            paper_domain(app.env).data_offered[data_label] = name


def references(app: Sphinx) -> dict[str, dict]:
    """Each cited key's number and text, as the reference list prints them."""
    return {
        citation.key: {"key": citation.key, "number": citation.formatted_entry.label,
                       "reference": rendered(citation.formatted_entry.text, "text")}
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
        csv_path, json_path = (Path(app.outdir) / file_name(app, label, suffix) for suffix in (".csv", ".json"))
        csv_path.write_text(text.getvalue(), encoding="utf-8")
        record = {
            "paper": meta.title, "version": meta.version, "licence": meta.licence, "licence_url": meta.licence_url,
            "label": label, "columns": columns,
            "rows": [{"cells": cells, "sources": [cited[key] for key in sources if key in cited]} for cells, sources in rows],
        }
        json_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paper_domain(app.env).made(csv_path)
        paper_domain(app.env).made(json_path)
