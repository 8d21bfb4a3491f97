"""The forest plot, drawn with Matplotlib from the data file.

The effect estimates listed under ``forest`` in the data file are drawn on
a log scale with their 95% confidence intervals and the line of no effect;
what they measure, what lies on either side of the line, and each group's
colour and marker are the data file's too (:class:`~paper.inputs.trial_data.Forest`).
The ``forest-plot`` directive places the plot as a numbered figure; HTML and
EPUB get it as SVG, LaTeX as PDF, JATS as SVG, written straight into the
output folder; the text, manual-page and Texinfo builders print its text
alternative, as they print an image's.

Importing Matplotlib and drawing take longer than reading and writing the
whole paper, so the drawing (:mod:`.forest_drawing`) runs in a separate
process on another core. It starts when the extension is set up, imports
Matplotlib while Sphinx sets itself up, and is told what to draw once the
builder is chosen (or to stop: another builder, or a drawing already up to
date). A page needs only the drawing's file name and size, both known in
advance, so the build waits for the drawing only at its end: before the
EPUB builder packs its folder, and before LaTeX runs. It is redrawn only
when the data file or the drawing code is newer than the drawing, so an
unchanged rebuild pays nothing.
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
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from ..content.facts import show_facts, show_forest, trial_data
from ..content.domain import paper_domain
from ..errors import stop
from ..inputs.errors import InputError
from ..inputs.trial_data import Forest
from . import forest_drawing
from .drawing_file import drew

#: The file format each kind of builder (``builder.format``) needs.
FORMATS = {"html": "svg", "latex": "pdf", "jats": "svg", "typst": "svg"}
#: CSS pixels per inch, for the size of the figure's ``<img>``.
CSS_PX_PER_INCH = 96


class ForestPlotError(InputError):
    category = "Forest plot error"


class forest_plot(nodes.General, nodes.Element):
    """Where the plot goes; its ``alt`` attribute is the text alternative."""


def alt_text(forest: Forest, description: str) -> str:
    """The author's description, then every value the plot shows, from the data file."""
    values = "; ".join(f"{row.label}: {forest.measure} {row.fact.render()}" for row in forest.rows)
    return f"{description} {values}."


class ForestPlotDirective(SphinxDirective):
    """The forest plot as a figure; the content is the caption.

    The ``:alt:`` text describes the plot; the values it shows are appended
    from the data file, so the text alternative cannot disagree with it.
    """

    has_content = True
    option_spec = {"name": directives.unchanged_required, "alt": directives.unchanged_required}

    def run(self):
        if "alt" not in self.options:
            raise self.error("forest-plot has no :alt: text, which describes the plot to a reader who cannot see it")
        if not self.content:
            raise self.error("forest-plot has no caption: give it as the directive's content")
        data = trial_data(self.env)
        if not data.forest.rows:
            raise self.error(f"{data.path}: no 'forest' list of estimates to draw (used in {self.env.docname})")
        show_facts(self.env, [row.fact for row in data.forest.rows])
        show_forest(self.env, data.forest)
        text = " ".join(self.content)
        inline, messages = self.parse_inline(text, lineno=self.content_offset)
        caption = nodes.caption(text, "", *inline)
        # With its source text and place, gettext offers the caption for translation.
        caption.source, caption.line = self.get_source_info()
        figure = nodes.figure("", forest_plot(alt=alt_text(data.forest, self.options["alt"])), caption)
        self.add_name(figure)
        return [figure, *messages]


def drawing_name(fmt: str) -> str:
    return f"{forest_drawing.BASENAME}.{fmt}"


def size_in_css_px(forest: Forest) -> tuple[int, int]:
    width, height = forest_drawing.figure_size(len(forest.rows))
    return round(width * CSS_PX_PER_INCH), round(height * CSS_PX_PER_INCH)


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

    def draw(self, job: dict) -> None:
        with os.fdopen(self._job_writer, "w", encoding="utf-8") as pipe:
            json.dump(job, pipe)

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


def drawing_job(forest: Forest, path: Path) -> dict:
    """What the drawing process is told: the rows as the data file's strings, and how to draw them."""
    styles = {group: {"colour": style.colour, "marker": style.marker} for group, style in forest.groups}
    return {
        "path": str(path),
        "rows": [{"label": row.label, "value": str(row.fact.value), "ci": list(row.fact.ci),
                  **styles.get(row.group, {})} for row in forest.rows],
        "measure": forest.measure,
        "abbreviation": forest.abbreviation,
        "favours": list(forest.favours) if forest.favours else None,
    }


class ForestPlotDrawing:
    """The drawing of one build: started with the extension, told what to draw once the builder is known."""

    def __init__(self) -> None:
        self.process: DrawingProcess | None = DrawingProcess()
        self.path: Path | None = None
        self.data_path: Path | None = None

    def start(self, app: Sphinx) -> None:
        process, self.process = self.process, None
        data = trial_data(app.env)
        fmt = FORMATS.get(app.builder.format)
        if fmt is None or not data.forest.rows:
            process.dismiss()
            return
        self.path = Path(app.outdir) / getattr(app.builder, "imagedir", "") / drawing_name(fmt)
        paper_domain(app.env).made(self.path)
        self.data_path = data.path
        if self._is_current():
            process.dismiss()
        else:
            process.draw(drawing_job(data.forest, self.path))
            self.process = process

    def _is_current(self) -> bool:
        if not self.path.exists():
            return False
        inputs = (self.data_path, Path(forest_drawing.__file__))
        return self.path.stat().st_mtime >= max(path.stat().st_mtime for path in inputs)

    def finish(self, app: Sphinx, *_) -> list:
        """Wait for the drawing, if one was started; stop the build, naming the data file, if it failed.

        Called before the EPUB builder packs its folder (``html-collect-pages``,
        so it returns no extra pages) and at the end of every build.
        """
        if self.process is not None:
            error, self.process = self.process.finish(), None
            if error is not None:
                stop(ForestPlotError(f"{self.data_path}: could not draw {self.path}: {error}"))
        return []


# -- Visitors, one for every builder ---------------------------------------------------------


def visit_html(translator, node: forest_plot) -> None:
    width, height = size_in_css_px(trial_data(translator.builder.env).forest)
    alt = translator.encode(node["alt"])
    src = f"{translator.builder.imgpath}/{drawing_name('svg')}"
    drew(translator, node, src)
    translator.body.append(
        f'<img src="{src}" alt="{alt}" class="forest-plot"'
        f' width="{width}" height="{height}" />\n'
    )
    raise nodes.SkipNode


def visit_latex(translator, node: forest_plot) -> None:
    # Braces keep LaTeX from reading the hyphen or dot in the name as anything else.
    translator.body.append(f"\n\\noindent\\sphinxincludegraphics{{{{{forest_drawing.BASENAME}}}.pdf}}\n")
    raise nodes.SkipNode


def visit_typst(translator, node: forest_plot) -> None:
    translator.drawing(f"{translator.builder.imgpath}/{drawing_name('svg')}", node["alt"], node)
    raise nodes.SkipNode


def _as_an_image(node: forest_plot) -> str:
    """The plot as the text, manual-page and Texinfo builders print an image: ``[image: alt]``."""
    return _("[image: %s]") % node["alt"]


def visit_text(translator, node: forest_plot) -> None:
    translator.add_text(_as_an_image(node))
    raise nodes.SkipNode


def visit_man(translator, node: forest_plot) -> None:
    translator.body.append(_as_an_image(node) + "\n")
    raise nodes.SkipNode


def visit_texinfo(translator, node: forest_plot) -> None:
    translator.body.append("\n\n" + translator.escape(_as_an_image(node)) + "\n\n")
    raise nodes.SkipNode


VISITORS = {
    "html": (visit_html, None),
    "latex": (visit_latex, None),
    "typst": (visit_typst, None),
    "text": (visit_text, None),
    "man": (visit_man, None),
    "texinfo": (visit_texinfo, None),
}
