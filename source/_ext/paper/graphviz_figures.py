"""Graphviz figures: accessible SVG in HTML, vector PDF in LaTeX, clear errors.

``sphinx.ext.graphviz`` embeds SVG with ``<object>``, whose alt text screen
readers do not announce, and reports a broken ``.dot`` file without saying
which file it was. This module replaces its HTML and LaTeX visitors: HTML gets
an ``<img>`` with the figure's alt text, and a file that Graphviz cannot draw
stops the build with the file's name and Graphviz's own message.

A ``.dot`` file may quote trial figures as ``{ameera3.randomised}``; they are
filled in from the data file, so a figure cannot disagree with the tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext import graphviz as sphinx_graphviz
from sphinx.util import logging

from .data import PLACEHOLDER, trial_data

logger = logging.getLogger(__name__)

#: The size Graphviz gives its SVG drawing, in points: ``<svg width="268pt" height="245pt"``.
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
CSS_PX_PER_PT = 96 / 72


def svg_size_in_css_px(path: Path) -> tuple[int, int]:
    """The width and height a Graphviz SVG file declares, in CSS pixels.

    Given to the ``<img>``, they let the browser set the figure's space
    aside before the drawing arrives, so the page does not shift.
    """
    with path.open(encoding="utf-8") as svg:
        size = SVG_SIZE.search(svg.read(2048))
    if size is None:
        raise ValueError(f"{path}: no width and height in points on its <svg> element")
    width, height = (round(float(value) * CSS_PX_PER_PT) for value in size.groups())
    return width, height


def _render(translator, node: sphinx_graphviz.graphviz, fmt: str) -> tuple[str, str]:
    """Draw the node's graph in ``fmt``, returning its URI and file; on failure,
    warn (an error under -W) and skip it."""
    try:
        fname, outfn = sphinx_graphviz.render_dot(
            translator, node["code"], node["options"], fmt, "graphviz", node.get("filename")
        )
    except sphinx_graphviz.GraphvizError as exc:
        source = node.get("filename", "inline graphviz code")
        # Graphviz's report spans several lines; keep it on the warning's line.
        message = " ".join(str(exc).split())
        logger.warning("%s: Graphviz could not draw this figure: %s", source, message, location=node)
        raise nodes.SkipNode from exc
    if fname is None:
        logger.warning("Graphviz is not installed; cannot draw %s", node.get("filename"), location=node)
        raise nodes.SkipNode
    return fname, outfn


def visit_graphviz_html(translator, node: sphinx_graphviz.graphviz) -> None:
    if "alt" not in node:
        logger.warning("figure %s has no :alt: text", node.get("filename", ""), location=node)
    src, path = _render(translator, node, "svg")
    width, height = svg_size_in_css_px(Path(path))
    alt = translator.encode(node.get("alt", ""))
    translator.body.append(
        f'<img src="{src}" alt="{alt}" class="graphviz" width="{width}" height="{height}"'
        ' loading="lazy" decoding="async" />\n'
    )
    raise nodes.SkipNode


def visit_graphviz_latex(translator, node: sphinx_graphviz.graphviz) -> None:
    _render(translator, node, "pdf")
    sphinx_graphviz.render_dot_latex(
        translator, node, node["code"], node["options"], filename=node.get("filename")
    )


def fill_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """Replace ``{fact.key}`` in every Graphviz source with the figure from the data file."""
    data = trial_data(app)
    for node in doctree.findall(sphinx_graphviz.graphviz):
        unknown = [key for key in PLACEHOLDER.findall(node["code"]) if key not in data.facts]
        if unknown:
            logger.warning(
                "%s: unknown fact(s) %s (not in %s)", node.get("filename", "graphviz code"),
                ", ".join(unknown), data.path, location=node,
            )
            continue
        node["code"], _ = data.fill(node["code"])
        app.env.note_dependency(str(data.path))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.graphviz")
    app.setup_extension("paper.data")
    app.connect("doctree-read", fill_placeholders)
    app.add_node(
        sphinx_graphviz.graphviz,
        override=True,
        html=(visit_graphviz_html, None),
        latex=(visit_graphviz_latex, None),
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
