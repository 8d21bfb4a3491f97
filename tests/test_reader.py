"""The HTML site as a reader gets it: in a real browser, offline, on screen and in print.

Playwright drives Debian's Chromium (/usr/bin/chromium; Playwright never
downloads a browser here) over the session's build. Every page is checked by
axe-core at WCAG 2.1 AA in the light and the dark colour scheme; every page
must load, from disk and from a local static server, without one request
that leaves the machine; and printing a page must give the paper alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from browser_tab import WCAG_22_AA
from conftest import SECTION_PAGES, pdf_to_text, relative_luminance, serve

#: Lighthouse's desktop screen, wide enough for both of the theme's sidebars.
DESKTOP = {"width": 1350, "height": 940}


def html_pages(site: Path) -> list[str]:
    pages = sorted(path.name for path in site.glob("*.html"))
    assert {f"{name}.html" for name in ["index", *SECTION_PAGES]} <= set(pages)
    return pages


def luminance(css_colour: str) -> float:
    """WCAG relative luminance of a computed CSS colour such as ``rgb(19, 20, 22)``."""
    return relative_luminance([int(value) / 255 for value in re.findall(r"\d+", css_colour)[:3]])


@pytest.fixture(scope="module")
def server(built):
    """The built site on a static HTTP server on the loopback interface."""
    with serve(built.html) as address:
        yield address


# -- Accessibility --------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_at_wcag_22_aa(built, reader, scheme):
    tab = reader(color_scheme=scheme, viewport=DESKTOP)
    axe = Axe()  # axe-core ships inside the package; nothing is fetched
    report = []
    for name in html_pages(built.html):
        page = tab.open((built.html / name).as_uri())
        background = luminance(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        # The theme really is in the scheme under test, or axe checked the wrong colours.
        assert (background < 0.1) if scheme == "dark" else (background > 0.9), (name, background)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        if results.violations_count:
            report.append(f"{name} ({scheme}):\n{results.generate_report()}")
    assert not report, "\n".join(report)


# -- Self-contained -------------------------------------------------------------


def test_every_page_works_from_disk_without_the_network(built, reader):
    tab = reader()
    for name in html_pages(built.html):
        tab.open((built.html / name).as_uri())
    assert tab.outside == []
    assert tab.failed == []
    assert tab.errors == []


def test_every_page_works_from_a_static_server_without_the_network(built, reader, server):
    tab = reader()
    for name in html_pages(built.html):
        tab.open(f"{server}/{name}")
    assert tab.outside == []
    assert tab.failed == []
    assert tab.errors == []


@pytest.mark.parametrize("origin", ["disk", "server"])
def test_search_finds_the_drug_offline(built, reader, server, origin):
    base = built.html.as_uri() if origin == "disk" else server
    tab = reader()
    page = tab.open(f"{base}/search.html?q=AMEERA")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    found = {Path(urlparse(href).path).stem for href in results.evaluate_all("links => links.map(a => a.href)")}
    assert {"ameera-3", "ameera-5"} <= found
    assert tab.outside == []


# -- The title page's key results (sphinx-design cards) ------------------------------


@pytest.mark.parametrize("viewport, side_by_side", [(DESKTOP, True), ({"width": 400, "height": 900}, False)])
def test_the_two_trials_key_results_sit_side_by_side_on_a_wide_screen_only(built, reader, viewport, side_by_side):
    page = reader(viewport=viewport).open((built.html / "index.html").as_uri())
    first, second = (card.bounding_box() for card in page.locator(".key-results .sd-card").all())
    if side_by_side:
        assert second["x"] >= first["x"] + first["width"] and abs(second["y"] - first["y"]) < 1
    else:
        # On a phone, one above the other, each as wide as the text.
        assert second["y"] >= first["y"] + first["height"] and abs(second["x"] - first["x"]) < 1


# -- Citing ---------------------------------------------------------------------


PAGE_BLOCK = "details.cite-this:not(.cite-figure-or-table)"


@pytest.mark.parametrize("name, block, suffix", [
    ("index", PAGE_BLOCK, ""),
    ("ameera-3", PAGE_BLOCK, ""),
    # A figure's block, one of several on its page: its ids carry the figure's label.
    ("discontinuation", "details.cite-this:has(#cite-apa-fig-forest-plot)", "-fig-forest-plot"),
])
def test_the_copy_buttons_put_each_reference_on_the_clipboard(built, reader, server, name, block, suffix):
    # What each button should copy, read from the built page, not through cite.js.
    html = built.page(name)
    wanted = {button["data-copy"]: html.find(id=button["data-copy"]).get_text().strip()
              for button in html.select_one(block).select("button.cite-copy")}
    assert set(wanted) == {f"cite-{style}{suffix}" for style in ("apa", "vancouver", "bibtex")}
    tab = reader(permissions=["clipboard-read", "clipboard-write"])
    page = tab.open(f"{server}/{name}.html")
    page.locator(f"{block} > summary").click()
    for target, text in wanted.items():
        page.locator(f'{block} button.cite-copy[data-copy="{target}"]').click(timeout=3_000)
        assert page.evaluate("navigator.clipboard.readText()") == text, target
        assert page.locator(f"{block} .cite-status").inner_text() == "Copied to the clipboard."
    assert tab.errors == []


# -- Print ----------------------------------------------------------------------


def printed(reader, built, name: str, scheme: str = "light") -> Page:
    page = reader(color_scheme=scheme).open((built.html / name).as_uri())
    page.emulate_media(media="print")
    return page


def test_print_hides_the_navigation_and_gives_the_text_the_page(built, reader):
    page = printed(reader, built, "discontinuation.html")
    for selector in (".sidebar-drawer", ".toc-drawer", ".mobile-header", ".back-to-top", ".theme-toggle"):
        assert page.locator(selector).count() > 0, f"the theme no longer has {selector}"
        assert all(not element.is_visible() for element in page.locator(selector).all()), selector
    article = page.locator("article[role=main]").bounding_box()
    page_width = page.evaluate("document.documentElement.clientWidth")
    assert article["width"] > 0.9 * page_width


def test_print_is_black_on_white_even_in_dark_mode(built, reader):
    page = printed(reader, built, "introduction.html", scheme="dark")
    paragraph_colour = page.locator("article p").first.evaluate("p => getComputedStyle(p).color")
    assert luminance(paragraph_colour) == 0
    body_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    # Transparent: the paper's white shows through.
    assert body_background == "rgba(0, 0, 0, 0)"


def test_print_shows_where_external_links_go_but_not_twice(built, reader):
    def after(page: Page, selector: str) -> list[str]:
        return page.locator(selector).evaluate_all(
            "links => links.map(a => getComputedStyle(a, '::after').content)"
        )

    index = printed(reader, built, "index.html")
    links = index.locator("article a.reference.external[href^='http']")
    assert links.count() > 0
    for href, content in zip(links.evaluate_all("links => links.map(a => a.href)"),
                             after(index, "article a.reference.external[href^='http']")):
        assert href in content
    references = printed(reader, built, "references.html")
    # A reference prints its URL as its text already.
    assert set(after(references, ".citation a.reference.external")) == {"none"}


def test_a_printed_page_is_the_section_alone(built, reader, tmp_path):
    page = printed(reader, built, "introduction.html")
    pdf = tmp_path / "introduction.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = pdf_to_text(pdf)
    heading = page.locator("article h1").inner_text().strip()
    assert text.split("\n", 1)[0].strip() == heading
    assert "Copyright" in text
    assert "Made with" not in text
