"""The forest plot (Figure 4), drawn with Matplotlib from the data file.

The hazard ratios listed under ``forest`` in the data file are drawn on a log
scale with their 95% confidence intervals and the line of no effect. The plot
is written as SVG (HTML, EPUB) and PDF (LaTeX) into ``source/_generated/``,
where an ordinary ``figure`` directive picks the right format for each
builder. It is redrawn only when the data file or this module has changed, so
an unchanged rebuild stays fast.

Colours are from the Okabe–Ito palette, which stays distinct under the common
colour-vision deficiencies, and each trial also has its own marker shape. The
plot has an opaque white background and near-black text, so it reads the
same on the theme's light and dark pages.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from .data import TrialData, trial_data
from .errors import InputError, stop

OUTPUT_DIR = "_generated"
BASENAME = "forest-plot"
FORMATS = ("svg", "pdf")
INK = "#1a1a1a"
TRIAL_STYLE = {  # colour, marker
    "AMEERA-3": ("#0072B2", "s"),
    "AMEERA-5": ("#D55E00", "D"),
}


class ForestPlotError(InputError):
    category = "Forest plot error"


def draw(data: TrialData, outdir: Path) -> list[Path]:
    """Write the plot in every format of :data:`FORMATS`; return the paths."""
    import logging

    import matplotlib

    # A theme dependency sets the root logger to INFO on import, which would
    # let fontTools print a line for every glyph it subsets into the PDF.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
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
    paths = []
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
        outdir.mkdir(parents=True, exist_ok=True)
        for fmt in FORMATS:
            path = outdir / f"{BASENAME}.{fmt}"
            metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None, "ModDate": None}
            fig.savefig(path, format=fmt, metadata=metadata, facecolor="white")
            paths.append(path)
    return paths


def _is_current(outputs: list[Path], inputs: list[Path]) -> bool:
    if not all(path.exists() for path in outputs):
        return False
    newest_input = max(path.stat().st_mtime for path in inputs)
    return min(path.stat().st_mtime for path in outputs) >= newest_input


def draw_if_changed(app: Sphinx) -> None:
    data = trial_data(app)
    outdir = Path(app.srcdir) / OUTPUT_DIR
    outputs = [outdir / f"{BASENAME}.{fmt}" for fmt in FORMATS]
    if _is_current(outputs, [data.path, Path(__file__)]):
        return
    try:
        draw(data, outdir)
    except (OSError, ValueError) as exc:
        stop(ForestPlotError(f"{data.path}: could not draw {outdir / BASENAME}: {exc}"))


def setup(app: Sphinx) -> dict:
    app.setup_extension("paper.data")
    # After the data file is loaded (priority 500), before any document is read.
    app.connect("builder-inited", draw_if_changed, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

