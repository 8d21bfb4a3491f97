"""The forest plot (Figure 4), drawn with Matplotlib from the data file.

The hazard ratios listed under ``forest`` in the data file are drawn on a log
scale with their 95% confidence intervals and the line of no effect. The
``forest-plot`` directive places the plot as a numbered figure; each builder
gets it in its own vector format, SVG for HTML and EPUB, PDF for LaTeX,
written straight into its output folder.

Importing Matplotlib and drawing take longer than reading and writing the
whole paper, so the drawing (``forest_drawing``) runs in a separate process
that starts with the build and works on another core while Sphinx reads and
writes the pages. A page needs only the drawing's file name and size, both
known in advance, so the build waits for the drawing only at its end: before
the EPUB builder packs its folder, and before LaTeX runs. It is redrawn only
when the data file or the drawing code is newer than the drawing, so an
unchanged rebuild pays nothing.
"""

from __future__ import annotations

import json
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
FORMATS = {"html": "svg", "latex": "pdf"}
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


class Drawing:
    """The plot for one build: where it goes, and the process drawing it, if any."""

    def __init__(self, app: Sphinx) -> None:
        self.data = trial_data(app)
        fmt = FORMATS[app.builder.format]
        self.path = Path(app.outdir) / getattr(app.builder, "imagedir", "") / f"{forest_drawing.BASENAME}.{fmt}"
        self.process: subprocess.Popen | None = None
        if not self._is_current():
            rows = [{"label": label, "value": str(fact.value), "ci": list(fact.ci)} for label, fact in self.data.forest]
            self.process = subprocess.Popen(
                [sys.executable, "-I", forest_drawing.__file__, str(self.path), json.dumps(rows)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )

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
        _, errors = self.process.communicate()
        failed = self.process.returncode != 0
        self.process = None
        if failed:
            last_line = (errors.strip().splitlines() or ["no message"])[-1]
            stop(ForestPlotError(f"{self.data.path}: could not draw {self.path}: {last_line}"))


def start_drawing(app: Sphinx) -> None:
    if app.builder.format in FORMATS and trial_data(app).forest:
        app.paper_forest_drawing = Drawing(app)


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
    # After the data file is loaded (priority 500), before any document is read.
    app.connect("builder-inited", start_drawing, priority=600)
    # The last moment before the EPUB builder packs the output folder; and,
    # for the other builders (and a build that failed), the end of the build.
    app.connect("html-collect-pages", finish_drawing)
    app.connect("build-finished", finish_drawing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
