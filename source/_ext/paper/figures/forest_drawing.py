"""Drawing the forest plot with Matplotlib, in a process of its own.

The Sphinx side (``forest_plot``) starts this file as a separate Python
process as soon as the extension is set up; the process imports Matplotlib
while Sphinx sets itself up, then reads the rows to draw and the output file
(as JSON) from its standard input, and draws on the other core while Sphinx
reads and writes the pages. So that the process starts fast, it imports
Matplotlib and the standard library, nothing of Sphinx or of the paper's
extension; it runs with ``python -I``, so not even this folder is on its path.

What the plot measures, what lies on either side of the line of no effect,
and each row's colour and marker come with the job, from the data file (a
row without a style is drawn in ink with a circle). The plot has an opaque
white background and near-black text, so it reads the same on the theme's
light and dark pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BASENAME = "forest-plot"
INK = "#1a1a1a"
#: The data file's names of marker shapes, as Matplotlib's.
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "inverted triangle": "v",
           "pentagon": "p", "hexagon": "h", "star": "*"}


def figure_size(rows: int) -> tuple[float, float]:
    """Width and height in inches of the plot of so many rows."""
    return 6.3, 0.55 * rows + 1.1


def draw(job: dict) -> None:
    """Write the plot of the job's ``rows`` (``label``, ``value``, ``ci``: the data
    file's strings; ``colour`` and ``marker`` where the data file gives them) to its
    ``path``, in the format the suffix names (``.svg``, ``.pdf``). ``measure`` and
    ``abbreviation`` name what is plotted, ``favours`` (or None) the two sides."""
    rows, path = job["rows"], Path(job["path"])
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
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=figure_size(len(rows)), facecolor="white")
        ax = fig.add_subplot()
        ax.set_facecolor("white")
        for y, row in enumerate(reversed(rows)):
            colour, marker = row.get("colour", INK), MARKERS[row.get("marker", "circle")]
            low, high = (float(bound) for bound in row["ci"])
            ax.plot([low, high], [y, y], color=colour, linewidth=1.6, solid_capstyle="butt")
            ax.plot(float(row["value"]), y, marker=marker, color=colour, markersize=7, linestyle="none")
            ax.annotate(
                f"{row['value']} ({row['ci'][0]}\N{EN DASH}{row['ci'][1]})",
                xy=(1, y), xycoords=("axes fraction", "data"),
                xytext=(8, 0), textcoords="offset points", va="center", ha="left",
            )
        ax.axvline(1.0, color=INK, linewidth=0.9, linestyle=(0, (4, 3)))
        ax.set_xscale("log")
        bounds = [float(bound) for row in rows for bound in row["ci"]]
        ax.set_xlim(min(bounds) * 0.85, max(bounds) * 1.15)
        ticks = [t for t in (0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0) if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        ax.set_xticks(ticks, labels=[f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_yticks(range(len(rows)), labels=[row["label"] for row in reversed(rows)])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        measure = job["measure"]
        ax.set_xlabel(f"{measure[:1].upper()}{measure[1:]} (log scale) with 95% CI")
        ax.annotate(
            f"{job['abbreviation']} (95% CI)", xy=(1, 1), xycoords="axes fraction",
            xytext=(8, 4), textcoords="offset points", ha="left", va="bottom", weight="bold",
        )
        if job["favours"]:
            left, right = job["favours"]
            ax.annotate(
                f"\N{LEFTWARDS ARROW} favours {left}", xy=(1.0, 0), xycoords=("data", "axes fraction"),
                xytext=(-4, -34), textcoords="offset points", ha="right", va="top", fontsize=8,
            )
            ax.annotate(
                f"favours {right} \N{RIGHTWARDS ARROW}", xy=(1.0, 0), xycoords=("data", "axes fraction"),
                xytext=(4, -34), textcoords="offset points", ha="left", va="top", fontsize=8,
            )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt = path.suffix.removeprefix(".")
        metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None, "ModDate": None}
        fig.savefig(path, format=fmt, metadata=metadata, facecolor="white")


if __name__ == "__main__":
    # Started before the build knows what it will draw: import first, then wait
    # for the job ({"rows": [...], "path": ...}) on standard input; none, stop.
    import matplotlib.figure  # noqa: F401

    job = sys.stdin.read()
    if job:
        draw(json.loads(job))
