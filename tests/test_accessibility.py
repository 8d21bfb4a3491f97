"""Accessibility of the built HTML that axe-core cannot see.

axe (tests/test_reader.py) checks the rendered pages; these read the HTML
and the figures' SVG files themselves: the declared language, headings that
nest without gaps, tables with captions and header cells, alt text that
describes, and figure text that stays legible on a light and a dark page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from matplotlib.colors import to_rgba

from conftest import CONTENT_PAGES, PAGES_WITH_TEXT, relative_luminance

#: WCAG 2.1 AA contrast for text (1.4.3); figure text is small, so no large-text allowance.
MIN_CONTRAST = 4.5
SVG = "{http://www.w3.org/2000/svg}"
SHAPES = {f"{SVG}{name}" for name in ("rect", "polygon", "path", "ellipse", "circle")}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def article(built, name: str):
    main = built.page(name).select_one("article[role=main]")
    assert main is not None, f"{name}: no main article"
    return main


@pytest.mark.parametrize("name", PAGES_WITH_TEXT)
def test_page_declares_its_language(built, name):
    assert built.page(name).html["lang"] == "en"


@pytest.mark.parametrize("name", PAGES_WITH_TEXT)
def test_headings_start_at_one_and_nest_without_gaps(built, name):
    levels = []
    for heading in article(built, name).select("h1, h2, h3, h4, h5, h6, [role=heading]"):
        if heading.get("role") == "heading":
            assert heading.has_attr("aria-level"), f"{name}: {heading} has no aria-level"
            levels.append(int(heading["aria-level"]))
        else:
            levels.append(int(heading.name[1]))
    assert levels and levels[0] == 1, f"{name}: headings {levels}"
    assert levels.count(1) == 1, f"{name}: headings {levels}"
    gaps = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
    assert not gaps, f"{name}: heading levels jump {gaps} in {levels}"


def test_every_table_has_a_caption_and_a_header_row(built):
    tables = [(name, table) for name in PAGES_WITH_TEXT for table in article(built, name).select("table")]
    assert tables
    for name, table in tables:
        caption = table.find("caption")
        assert caption is not None and caption.get_text(strip=True), f"{name}: table without caption"
        header = table.select("thead tr th")
        first_row = table.select_one("tbody tr")
        assert header and len(header) == len(first_row.find_all(["td", "th"])), f"{name}: header cells"


def test_every_image_has_alt_text_that_describes_it(built):
    images = [(name, image) for name in CONTENT_PAGES for image in built.page(name).find_all("img")]
    assert images
    alts = [image.get("alt", "").strip() for _, image in images]
    for (name, image), alt in zip(images, alts):
        # A description, not a label or the file's name.
        assert len(alt.split()) >= 12, f"{name}: {image['src']} has alt text {alt!r}"
        assert Path(image["src"]).stem not in alt, f"{name}: alt text names the file"
    assert len(set(alts)) == len(alts), "two images share one alt text"


# -- Figure contrast --------------------------------------------------------------


def contrast(foreground, background) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def own_property(element, prop: str) -> str | None:
    """An SVG presentation property set on the element: in its style, or as an attribute."""
    for declaration in element.get("style", "").split(";"):
        key, _, value = declaration.partition(":")
        if key.strip() == prop:
            return value.strip()
    return element.get(prop)


def paint(element, prop: str, default: str) -> str:
    """An inherited property (fill, fill-opacity, font-size, text-anchor) as it applies to the element."""
    for holder in (element, *element.iterancestors()):
        if (value := own_property(holder, prop)) is not None:
            return value
    return default


def opaque_fill(element):
    """The element's fill as RGB when it is opaque, else None."""
    fill = paint(element, "fill", "black")
    if fill in ("none", "transparent"):
        return None
    r, g, b, alpha = to_rgba(fill)
    alpha *= float(paint(element, "fill-opacity", "1"))
    # Opacity is not inherited: each group's multiplies its content's.
    for holder in (element, *element.iterancestors()):
        alpha *= float(own_property(holder, "opacity") or 1)
    return (r, g, b) if alpha == 1 else None


def bounds(shape) -> tuple[float, float, float, float]:
    tag = etree.QName(shape).localname
    if tag == "rect":
        x, y = float(shape.get("x", 0)), float(shape.get("y", 0))
        return x, y, x + float(shape.get("width")), y + float(shape.get("height"))
    if tag in ("ellipse", "circle"):
        cx, cy = float(shape.get("cx", 0)), float(shape.get("cy", 0))
        rx = float(shape.get("rx", shape.get("r", 0)))
        ry = float(shape.get("ry", shape.get("r", 0)))
        return cx - rx, cy - ry, cx + rx, cy + ry
    if tag == "path":
        data = shape.get("d")
        # Only absolute coordinates can be read as points; relative ones would misplace the shape.
        assert not re.search(r"[a-y]", data), f"path with relative commands: {data[:60]}"
    else:
        data = shape.get("points")
    numbers = [float(n) for n in NUMBER.findall(data)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def text_points(text) -> list[tuple[float, float]]:
    """Where the text's glyphs sit: its start, middle and end, half an x-height above the baseline."""
    x, y = float(text.get("x")), float(text.get("y"))
    size = float(NUMBER.search(paint(text, "font-size", "10")).group())
    width = 0.55 * size * len("".join(text.itertext()))
    start = {"middle": x - width / 2, "end": x - width}.get(paint(text, "text-anchor", "start"), x)
    return [(start + width * share, y - size / 3) for share in (0.0, 0.5, 1.0)]


def text_contrasts(svg: Path) -> list[tuple[str, float]]:
    """For each text in the figure, its lowest contrast with the opaque shape
    drawn last under it; 0 where nothing opaque is under it (the page would show)."""
    painted = []  # (bounds, fill) of the opaque shapes drawn so far, in painting order
    results = []
    for element in etree.parse(str(svg)).iter():
        if any(etree.QName(a).localname in ("defs", "clipPath", "marker") for a in element.iterancestors()):
            continue
        if element.tag in SHAPES and (fill := opaque_fill(element)):
            painted.append((bounds(element), fill))
        elif element.tag == f"{SVG}text":
            ink = to_rgba(paint(element, "fill", "black"))[:3]
            lowest = float("inf")
            for px, py in text_points(element):
                under = [fill for (x0, y0, x1, y1), fill in painted if x0 <= px <= x1 and y0 <= py <= y1]
                lowest = min(lowest, contrast(ink, under[-1]) if under else 0.0)
            results.append(("".join(element.itertext()), lowest))
    return results


def figure_files(built) -> list[Path]:
    files = sorted((built.html / "_images").glob("*.svg"))
    assert len(files) >= 4, files  # three Graphviz figures and the forest plot
    return files


def test_figure_text_is_legible_on_light_and_dark_pages(built):
    for svg in figure_files(built):
        contrasts = text_contrasts(svg)
        assert contrasts, f"{svg.name}: no text found"
        poor = [(text, round(ratio, 2)) for text, ratio in contrasts if ratio < MIN_CONTRAST]
        assert not poor, f"{svg.name}: text below {MIN_CONTRAST}:1 or on the page's own background: {poor}"


def test_the_contrast_check_sees_text_on_a_transparent_or_pale_background(tmp_path):
    svg = tmp_path / "figure.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect x="0" y="0" width="100" height="100" fill="#f2f2f2"/>'
        '<text x="50" y="50" font-size="10" text-anchor="middle" fill="#1a1a1a">dark on pale</text>'
        '<text x="50" y="80" font-size="10" text-anchor="middle" fill="#cccccc">pale on pale</text>'
        '<text x="150" y="50" font-size="10" text-anchor="middle" fill="#1a1a1a">on the page</text>'
        "</svg>"
    )
    ratios = dict(text_contrasts(svg))
    assert ratios["dark on pale"] > MIN_CONTRAST
    assert ratios["pale on pale"] < MIN_CONTRAST
    assert ratios["on the page"] == 0
