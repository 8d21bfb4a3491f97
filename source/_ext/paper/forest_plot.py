"""The forest plot (Figure 4), drawn with Matplotlib from the data file.

The hazard ratios listed under ``forest`` in the data file are drawn on a log
scale with their 95% confidence intervals and the line of no effect. The
``forest-plot`` directive places the plot as a numbered figure; each builder
gets it in its own vector format, SVG for HTML and EPUB, PDF for LaTeX,
written straight into its output folder.

Importing Matplotlib and drawing take longer than reading and writing the
whole paper, so the drawing starts in a separate process when the build
starts, runs on another core while Sphinx reads the sources, and is waited
for only when the figure is written. It is redrawn only when the data file or
this module is newer than the drawing, so an unchanged rebuild pays nothing.

Colours are from the Okabe–Ito palette, which stays distinct under the common
colour-vision deficiencies, and each trial also has its own marker shape. The
plot has an opaque white background and near-black text, so it reads the
same on the theme's light and dark pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .data import TrialData, load, trial_data
from .errors import InputError, stop

BASENAME = "forest-plot"
#: The file format each kind of builder (``builder.format``) needs.
FORMATS = {"html": "svg", "latex": "pdf"}
INK = "#1a1a1a"
TRIAL_STYLE = {  # colour, marker
    "AMEERA-3": ("#0072B2", "s"),
    "AMEERA-5": ("#D55E00", "D"),
}


class ForestPlotError(InputError):
    category = "Forest plot error"


def draw(data: TrialData, path: Path) -> None:
    """Write the plot to ``path``, in the format its suffix names (``.svg``, ``.pdf``)."""
    import matplotlib

    # A bare Figure keeps no pyplot state to clean up, and needs no GUI backend.
    from matplotlib.figure import Figure

    rc = {
        "svg.fonttype": "none",  # text stays text: searchable, selectable, small
        "svg.hashsalt": BASENAME,  # stable element ids for reproducible output
        "pdf.fonttype": 42,  # embed TrueType fonts in the PDF
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "text.color": INK,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
    }
    rows = data.forest
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(6.3, 0.55 * len(rows) + 1.1), facecolor="white")
        ax = fig.add_subplot()
        ax.set_facecolor("white")
        for y, (label, fact) in enumerate(reversed(rows)):
            trial = label.split(",")[0]
            colour, marker = TRIAL_STYLE.get(trial, (INK, "o"))
            low, high = (float(bound) for bound in fact.ci)
            ax.plot([low, high], [y, y], color=colour, linewidth=1.6, solid_capstyle="butt")
            ax.plot(fact.number, y, marker=marker, color=colour, markersize=7, linestyle="none")
            ax.annotate(
                f"{fact.value} ({fact.ci[0]}\N{EN DASH}{fact.ci[1]})",
                xy=(1, y), xycoords=("axes fraction", "data"),
                xytext=(8, 0), textcoords="offset points", va="center", ha="left",
            )
        ax.axvline(1.0, color=INK, linewidth=0.9, linestyle=(0, (4, 3)))
        ax.set_xscale("log")
        bounds = [float(bound) for _, fact in rows for bound in fact.ci]
        ax.set_xlim(min(bounds) * 0.85, max(bounds) * 1.15)
        ticks = [t for t in (0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0) if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        ax.set_xticks(ticks, labels=[f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_yticks(range(len(rows)), labels=[label for label, _ in reversed(rows)])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("Hazard ratio (log scale) with 95% CI")
        ax.annotate(
            "HR (95% CI)", xy=(1, 1), xycoords="axes fraction",
            xytext=(8, 4), textcoords="offset points", ha="left", va="bottom", weight="bold",
        )
        ax.annotate(
            "\N{LEFTWARDS ARROW} favours amcenestrant", xy=(1.0, 0), xycoords=("data", "axes fraction"),
            xytext=(-4, -34), textcoords="offset points", ha="right", va="top", fontsize=8,
        )
        ax.annotate(
            "favours control \N{RIGHTWARDS ARROW}", xy=(1.0, 0), xycoords=("data", "axes fraction"),
            xytext=(4, -34), textcoords="offset points", ha="left", va="top", fontsize=8,
        )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt = path.suffix.removeprefix(".")
        metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None, "ModDate": None}
        fig.savefig(path, format=fmt, metadata=metadata, facecolor="white")


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
        self.path = Path(app.outdir) / getattr(app.builder, "imagedir", "") / f"{BASENAME}.{fmt}"
        self.process: subprocess.Popen | None = None
        if not self._is_current():
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(self.data.path), str(self.path)],
                env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )

    def _is_current(self) -> bool:
        if not self.path.exists():
            return False
        inputs = (self.data.path, Path(__file__))
        return self.path.stat().st_mtime >= max(path.stat().st_mtime for path in inputs)

    def finish(self) -> Path:
        """Wait for the drawing; stop the build, naming the data file, if it failed."""
        if self.process is not None:
            _, errors = self.process.communicate()
            if self.process.returncode != 0:
                last_line = (errors.strip().splitlines() or ["no message"])[-1]
                stop(ForestPlotError(f"{self.data.path}: could not draw {self.path}: {last_line}"))
            self.process = None
        return self.path


def start_drawing(app: Sphinx) -> None:
    if app.builder.format in FORMATS and trial_data(app).forest:
        app.paper_forest_drawing = Drawing(app)


def visit_forest_plot_html(translator, node: forest_plot) -> None:
    name = translator.builder.app.paper_forest_drawing.finish().name
    alt = translator.encode(node["alt"])
    translator.body.append(f'<img src="{translator.builder.imgpath}/{name}" alt="{alt}" class="forest-plot" />\n')
    raise nodes.SkipNode


def visit_forest_plot_latex(translator, node: forest_plot) -> None:
    path = translator.builder.app.paper_forest_drawing.finish()
    # Braces keep LaTeX from reading the hyphen or dot in the name as anything else.
    translator.body.append(f"\n\\noindent\\sphinxincludegraphics{{{{{path.stem}}}{path.suffix}}}\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.data")
    app.add_directive("forest-plot", ForestPlotDirective)
    app.add_node(forest_plot, html=(visit_forest_plot_html, None), latex=(visit_forest_plot_latex, None))
    # After the data file is loaded (priority 500), before any document is read.
    app.connect("builder-inited", start_drawing, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    draw(load(Path(sys.argv[1])), Path(sys.argv[2]))
