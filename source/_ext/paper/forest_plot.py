"""The forest plot (Figure 4), drawn with Matplotlib from the data file.

The hazard ratios listed under ``forest`` in the data file are drawn on a log
scale with their 95% confidence intervals and the line of no effect. The
``forest-plot`` directive places the plot as a numbered figure; each builder
gets it in its own vector format, SVG for HTML and EPUB, PDF for LaTeX,
written straight into its output folder.

Importing Matplotlib and drawing take longer than reading and writing the
whole paper, so the drawing (``forest_drawing``) runs in a separate process
on another core. It starts when the extension is set up, imports Matplotlib
while Sphinx sets itself up, and is told what to draw once the builder is
chosen (or to stop: another builder, or a drawing already up to date). A
page needs only the drawing's file name and size, both known in advance, so
the build waits for the drawing only at its end: before the EPUB builder
packs its folder, and before LaTeX runs. It is redrawn only when the data
file or the drawing code is newer than the drawing, so an unchanged rebuild
pays nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import forest_drawing
from .data import trial_data
from .errors import InputError, stop

#: The file format each kind of builder (``builder.format``) needs.
FORMATS = {"html": "svg", "latex": "pdf", "jats": "svg"}
#: CSS pixels per inch, for the size of the figure's ``<img>``.
CSS_PX_PER_INCH = 96


class ForestPlotError(InputError):
    category = "Forest plot error"


class forest_plot(nodes.General, nodes.Element):
    """Where the plot goes; its ``alt`` attribute is the text alternative."""


class ForestPlotDirective(SphinxDirective):
    """The forest plot as a figure; the content is the caption.

    The ``:alt:`` text describes the plot; the values it shows are appended
    from the data file, so the text alternative cannot disagree with it.
    """

    has_content = True
    option_spec = {"name": directives.unchanged_required, "alt": directives.unchanged_required}

    def run(self):
        if "alt" not in self.options or not self.content:
            raise self.error("forest-plot needs :alt: text and its caption as content")
        data = trial_data(self.env.app)
        if not data.forest:
            raise self.error(f"{data.path}: no 'forest' list of hazard ratios to draw (used in {self.env.docname})")
        self.env.note_dependency(str(data.path))
        values = "; ".join(f"{label}: hazard ratio {fact.render()}" for label, fact in data.forest)
        alt = f"{self.options['alt']} {values}."
        caption, messages = self.parse_inline(" ".join(self.content), lineno=self.content_offset)
        figure = nodes.figure("", forest_plot(alt=alt), nodes.caption("", "", *caption))
        self.add_name(figure)
        return [figure, *messages]


class DrawingProcess:
    """A Python process that imports Matplotlib, then waits to be told what to draw.

    Importing Matplotlib takes most of the drawing's time, so the process is
    started as soon as the extension is set up, before Sphinx has even chosen
    its builder, and is told what to draw, or to stop, when it has.
    """

    def __init__(self) -> None:
        jobs, self._job_writer = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-I", forest_drawing.__file__],
            stdin=jobs, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        os.close(jobs)

    def draw(self, rows: list[dict], path: Path) -> None:
        with os.fdopen(self._job_writer, "w", encoding="utf-8") as job:
            json.dump({"rows": rows, "path": str(path)}, job)

    def dismiss(self) -> None:
        """Nothing to draw in this build: end the process now."""
        os.close(self._job_writer)
        self.process.kill()
        self.process.wait()

    def finish(self) -> str | None:
        """Wait for the drawing; None if it was drawn, else the last line of its error."""
        _, errors = self.process.communicate()
        if self.process.returncode == 0:
            return None
        return (errors.strip().splitlines() or ["no message"])[-1]


class Drawing:
    """The plot for one build: where it goes, and whether it is being drawn."""

    def __init__(self, app: Sphinx, process: DrawingProcess) -> None:
        self.data = trial_data(app)
        fmt = FORMATS[app.builder.format]
        self.path = Path(app.outdir) / getattr(app.builder, "imagedir", "") / f"{forest_drawing.BASENAME}.{fmt}"
        self.process: DrawingProcess | None = None
        if self._is_current():
            process.dismiss()
        else:
            rows = [{"label": label, "value": str(fact.value), "ci": list(fact.ci)} for label, fact in self.data.forest]
            process.draw(rows, self.path)
            self.process = process

    def _is_current(self) -> bool:
        if not self.path.exists():
            return False
        inputs = (self.data.path, Path(forest_drawing.__file__))
        return self.path.stat().st_mtime >= max(path.stat().st_mtime for path in inputs)

    def size_in_css_px(self) -> tuple[int, int]:
        width, height = forest_drawing.figure_size(len(self.data.forest))
        return round(width * CSS_PX_PER_INCH), round(height * CSS_PX_PER_INCH)

    def finish(self) -> None:
        """Wait for the drawing; stop the build, naming the data file, if it failed."""
        if self.process is None:
            return
        error, self.process = self.process.finish(), None
        if error is not None:
            stop(ForestPlotError(f"{self.data.path}: could not draw {self.path}: {error}"))


def start_process(app: Sphinx) -> None:
    app.paper_forest_process = DrawingProcess()


def start_drawing(app: Sphinx) -> None:
    process = app.paper_forest_process
    if app.builder.format in FORMATS and trial_data(app).forest:
        app.paper_forest_drawing = Drawing(app, process)
    else:
        process.dismiss()


def finish_drawing(app: Sphinx, *_) -> list:
    """Wait for the drawing, if one was started (at the latest when the build ends)."""
    if hasattr(app, "paper_forest_drawing"):
        app.paper_forest_drawing.finish()
    return []  # no extra pages, when called for html-collect-pages


def visit_forest_plot_html(translator, node: forest_plot) -> None:
    drawing = translator.builder.app.paper_forest_drawing
    width, height = drawing.size_in_css_px()
    alt = translator.encode(node["alt"])
    translator.body.append(
        f'<img src="{translator.builder.imgpath}/{drawing.path.name}" alt="{alt}" class="forest-plot"'
        f' width="{width}" height="{height}" />\n'
    )
    raise nodes.SkipNode


def visit_forest_plot_latex(translator, node: forest_plot) -> None:
    path = translator.builder.app.paper_forest_drawing.path
    # Braces keep LaTeX from reading the hyphen or dot in the name as anything else.
    translator.body.append(f"\n\\noindent\\sphinxincludegraphics{{{{{path.stem}}}{path.suffix}}}\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.data")
    app.add_directive("forest-plot", ForestPlotDirective)
    app.add_node(forest_plot, html=(visit_forest_plot_html, None), latex=(visit_forest_plot_latex, None))
    start_process(app)
    # After the data file is loaded (priority 500), before any document is read.
    app.connect("builder-inited", start_drawing, priority=600)
    # The last moment before the EPUB builder packs the output folder; and,
    # for the other builders (and a build that failed), the end of the build.
    app.connect("html-collect-pages", finish_drawing)
    app.connect("build-finished", finish_drawing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
