"""Graphviz figures: accessible SVG in HTML, vector PDF in LaTeX, clear errors.

``sphinx.ext.graphviz`` embeds SVG with ``<object>``, whose alt text screen
readers do not announce, and reports a broken ``.dot`` file without saying
which file it was. This module replaces its HTML and LaTeX visitors: HTML gets
an ``<img>`` with the figure's alt text, and a file that Graphviz cannot draw
stops the build with the file's name and Graphviz's own message.

A ``.dot`` file may quote trial figures as ``{ameera3.randomised}``; they are
filled in from the data file, so a figure cannot disagree with the tables.

Graphviz runs once per figure and page, and the writer would wait for each
run in turn. So once every page is read, all the drawings start at once in
background threads (Sphinx's own ``render_dot``, on another core), and the
writer waits only for the one it is writing, usually long finished. A drawing
that fails there is drawn again by the writer, which reports the error. (Not
when pages are written in parallel, ``-j``: each process draws its own.) The
paper domain remembers what each page draws (:func:`drawings_on`).

The text, manual-page and Texinfo builders keep ``sphinx.ext.graphviz``'s
own visitors.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext import graphviz as sphinx_graphviz
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..content.domain import paper_domain
from ..content.facts import show_facts, trial_data
from ..inputs.trial_data import PLACEHOLDER
from .drawing_file import drew

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


#: The format each kind of builder (``builder.format``) draws in.
FORMATS = {"html": "svg", "latex": "pdf", "typst": "svg"}


def _drawing(code: str, options: dict, filename: str | None) -> tuple:
    """What a drawing is made from; equal for equal drawings."""
    return code, repr(sorted(options.items())), filename


class _BuilderForPage:
    """The builder as ``render_dot`` sees it while it writes one page.

    ``render_dot`` reads the page's image path from the builder, which the
    writer changes page by page; a drawing in the background gets its own.
    """

    def __init__(self, builder, docname: str) -> None:
        self._builder = builder
        if builder.format == "html":  # as StandaloneHTMLBuilder.write_doc sets it
            self.imgpath = relative_uri(builder.get_target_uri(docname), builder.imagedir)

    def __getattr__(self, name: str):
        return getattr(self._builder, name)


def drawings_on(document: nodes.document) -> list[tuple]:
    """What a page draws: each Graphviz figure's code, options and file."""
    return [(node["code"], node["options"], node.get("filename")) for node in document.findall(sphinx_graphviz.graphviz)]


class FillFactPlaceholders(SphinxTransform):
    """Replace ``{fact.key}`` in every Graphviz source with the figure from the data file,
    and note what the page draws (once the code is final)."""

    default_priority = 700  # before the domains collect the page (850)

    def apply(self, **kwargs) -> None:
        data = trial_data(self.env)
        for node in self.document.findall(sphinx_graphviz.graphviz):
            unknown = [key for key in PLACEHOLDER.findall(node["code"]) if key not in data.facts]
            if unknown:
                logger.warning(
                    "%s: unknown fact(s) %s (not in %s)", node.get("filename", "graphviz code"),
                    ", ".join(unknown), data.path, location=node,
                )
                continue
            node["code"], used = data.fill(node["code"])
            show_facts(self.env, used)
        drawings = drawings_on(self.document)
        if drawings:
            paper_domain(self.env).data["graphviz"][self.env.docname] = drawings


class CheckGraphvizFigures(SphinxTransform):
    """Every Graphviz figure has its caption and its alt text, said as such when one is missing,
    in every builder (a figure without its caption is not numbered, and a reference to it
    would only say "undefined label")."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(sphinx_graphviz.graphviz):
            what = f"Graphviz figure {node['filename']}" if node.get("filename") else "inline Graphviz figure"
            captioned = isinstance(node.parent, nodes.figure) and any(
                isinstance(child, nodes.caption) for child in node.parent.children)
            if not captioned:
                logger.warning("%s has no caption: give it :caption:", what, location=node)
            if not node.get("alt"):
                logger.warning("%s has no :alt: text, which describes it to a reader who cannot see it", what,
                               location=node)


class Drawings:
    """Every Graphviz drawing of the build, started in background threads."""

    def __init__(self, app: Sphinx, fmt: str) -> None:
        self.pool = ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 2) - 1))
        self.started: dict[tuple, Future] = {}
        for docname, jobs in sorted(paper_domain(app.env).data["graphviz"].items()):
            page = SimpleNamespace(
                builder=_BuilderForPage(app.builder, docname), document={"source": app.env.doc2path(docname)}
            )
            for code, options, filename in jobs:
                key = _drawing(code, options, filename)
                if key not in self.started:
                    self.started[key] = self.pool.submit(
                        sphinx_graphviz.render_dot, page, code, options, fmt, "graphviz", filename
                    )

    def wait_for(self, node: sphinx_graphviz.graphviz) -> None:
        started = self.started.get(_drawing(node["code"], node["options"], node.get("filename")))
        if started is not None:
            started.exception()  # a failure is reported when the writer draws it again

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class GraphvizFigures:
    """The drawings of one build, and the HTML and LaTeX visitors that wait for them."""

    def __init__(self) -> None:
        self.drawings: Drawings | None = None

    def start(self, app: Sphinx, builder) -> None:
        # Pages written in parallel (sphinx-build -j) are written by forked
        # processes, which would wait for threads that exist only in this one;
        # and they run Graphviz side by side anyway.
        if builder.format in FORMATS and not builder.parallel_ok:
            self.drawings = Drawings(app, FORMATS[builder.format])

    def stop(self, app: Sphinx, exception) -> None:
        if self.drawings is not None:
            self.drawings.close()
            self.drawings = None

    def _render(self, translator, node: sphinx_graphviz.graphviz, fmt: str) -> tuple[str, str]:
        """Draw the node's graph in ``fmt``, returning its URI and file; on failure,
        warn (an error under -W) and skip it."""
        if self.drawings is not None:
            self.drawings.wait_for(node)
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
        paper_domain(translator.builder.env).made(outfn)
        return fname, outfn

    def visit_html(self, translator, node: sphinx_graphviz.graphviz) -> None:
        # A missing alt text was reported when the page was read (CheckGraphvizFigures).
        src, path = self._render(translator, node, "svg")
        drew(translator, node, src)
        width, height = svg_size_in_css_px(Path(path))
        alt = translator.encode(node.get("alt", ""))
        translator.body.append(
            f'<img src="{src}" alt="{alt}" class="graphviz" width="{width}" height="{height}"'
            ' loading="lazy" decoding="async" />\n'
        )
        raise nodes.SkipNode

    def visit_latex(self, translator, node: sphinx_graphviz.graphviz) -> None:
        self._render(translator, node, "pdf")
        sphinx_graphviz.render_dot_latex(
            translator, node, node["code"], node["options"], filename=node.get("filename")
        )

    def visit_typst(self, translator, node: sphinx_graphviz.graphviz) -> None:
        src, _ = self._render(translator, node, "svg")
        translator.drawing(src, node.get("alt", ""), node)
        raise nodes.SkipNode

    def visitors(self) -> dict:
        return {"html": (self.visit_html, None), "latex": (self.visit_latex, None),
                "typst": (self.visit_typst, None)}
