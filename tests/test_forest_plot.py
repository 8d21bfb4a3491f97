"""Figure 4 draws the data file's hazard ratios where they belong.

The plot's SVG is read as geometry: the x axis is calibrated from its own
tick marks and labels (which must lie on one logarithmic scale), each row is
found by its label, and the marker and the interval drawn on that row are
converted back to hazard ratios and compared with the data file, read as
plain YAML.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest
from lxml import etree

from conftest import raw_data

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: How far a drawn value may sit from the data file's, as a fraction of the value.
TOLERANCE = 0.005
HORIZONTAL = re.compile(r"^M\s*([-\d.]+)\s+([-\d.]+)\s*L\s*([-\d.]+)\s+([-\d.]+)\s*$")


@dataclass(frozen=True)
class Plot:
    """What the SVG draws, in its own coordinates."""

    ticks: list[tuple[float, float]]  # (x, value) of each x-axis tick
    rows: dict[str, float]  # y of each row, by label
    markers: list[tuple[float, float]]  # (x, y) of each marker drawn in the plot area
    segments: list[tuple[float, float, float, bool]]  # (x0, x1, y, dashed) of each horizontal line
    verticals: list[tuple[float, bool]]  # (x, dashed) of each vertical line in the plot area

    def value_at(self, x: float) -> float:
        """The hazard ratio at an x position, on the axis's own log scale."""
        (x0, v0), (x1, v1) = self.ticks[0], self.ticks[-1]
        return math.exp(math.log(v0) + (x - x0) / (x1 - x0) * (math.log(v1) - math.log(v0)))


def _in_group(element, prefix: str) -> bool:
    return any((ancestor.get("id") or "").startswith(prefix) for ancestor in element.iterancestors())


def read_plot(svg_root) -> Plot:
    ticks, rows = [], {}
    for group in svg_root.iter(f"{SVG}g"):
        group_id = group.get("id") or ""
        mark = next(group.iter(f"{SVG}use"), None)
        label = next(group.iter(f"{SVG}text"), None)
        if mark is None or label is None:
            continue
        if re.fullmatch(r"xtick_\d+", group_id):
            ticks.append((float(mark.get("x")), float(label.text)))
        elif re.fullmatch(r"ytick_\d+", group_id):
            rows[label.text] = float(mark.get("y"))
    markers = [
        (float(use.get("x")), float(use.get("y"))) for use in svg_root.iter(f"{SVG}use")
        if not _in_group(use, "matplotlib.axis")
    ]
    segments, verticals = [], []
    for path in svg_root.iter(f"{SVG}path"):
        match = HORIZONTAL.match(" ".join((path.get("d") or "").split()))
        if not match or _in_group(path, "matplotlib.axis") or _in_group(path, "patch"):
            continue
        x0, y0, x1, y1 = map(float, match.groups())
        dashed = "stroke-dasharray" in (path.get("style") or "")
        if math.isclose(y0, y1):
            segments.append((min(x0, x1), max(x0, x1), y0, dashed))
        elif math.isclose(x0, x1):
            verticals.append((x0, dashed))
    return Plot(sorted(ticks), rows, markers, segments, verticals)


@pytest.fixture(scope="module")
def plot(built) -> Plot:
    image = built.page("discontinuation").select_one("figure#fig-forest-plot img")
    return read_plot(etree.parse(str(built.html / image["src"])).getroot())


def forest_rows() -> list[tuple[str, float, float, float]]:
    """(label, hazard ratio, lower, upper) for each row the data file lists."""
    facts = raw_data()["facts"]
    return [
        (row["label"], float(facts[row["fact"]]["value"]), *map(float, facts[row["fact"]]["ci"]))
        for row in raw_data()["forest"]["rows"]
    ]


def close(drawn: float, expected: float) -> bool:
    return math.isclose(drawn, expected, rel_tol=TOLERANCE)


def test_the_x_axis_is_one_logarithmic_scale(plot):
    assert len(plot.ticks) >= 3, plot.ticks
    for x, value in plot.ticks:
        assert close(plot.value_at(x), value), f"tick {value} is off the log scale"


def test_the_rows_are_the_data_files_in_its_order_top_to_bottom(plot):
    labels = [label for label, *_ in forest_rows()]
    assert sorted(plot.rows, key=plot.rows.get) == labels  # SVG y grows downwards


@pytest.mark.parametrize("label, ratio, lower, upper", forest_rows())
def test_each_marker_sits_at_its_hazard_ratio(plot, label, ratio, lower, upper):
    on_row = [x for x, y in plot.markers if math.isclose(y, plot.rows[label], abs_tol=0.5)]
    assert len(on_row) == 1, f"{label}: {len(on_row)} markers on the row"
    assert close(plot.value_at(on_row[0]), ratio), f"{label}: marker at HR {plot.value_at(on_row[0]):.3f}"


@pytest.mark.parametrize("label, ratio, lower, upper", forest_rows())
def test_each_interval_spans_its_confidence_interval(plot, label, ratio, lower, upper):
    on_row = [(x0, x1) for x0, x1, y, dashed in plot.segments
              if not dashed and math.isclose(y, plot.rows[label], abs_tol=0.5)]
    assert len(on_row) == 1, f"{label}: {len(on_row)} intervals on the row"
    drawn = (plot.value_at(on_row[0][0]), plot.value_at(on_row[0][1]))
    assert close(drawn[0], lower) and close(drawn[1], upper), f"{label}: interval drawn as {drawn}"


def test_a_dashed_line_marks_no_effect(plot):
    dashed = [x for x, is_dashed in plot.verticals if is_dashed]
    assert len(dashed) == 1 and close(plot.value_at(dashed[0]), 1.0)
