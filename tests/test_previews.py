"""Citations and cross-references preview their targets on hover and on keyboard focus.

What a preview should show is read from the built pages themselves (the
reference list's entry, the section's heading and description, the
figure's caption and drawing), never from the JSON the extension writes;
Chromium (through Playwright) then hovers, focuses, moves onto and
dismisses the previews, as WCAG 2.2 SC 1.4.13 asks, with axe-core run
while one is open.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_tab import WCAG_22_AA
from conftest import SECTION_PAGES, SINGLE_PAGE
from scholarly_pages import heading_with_number, the_meta

#: Longer than the time previews.js gives the pointer to cross from the link to the box.
PAST_GRACE_MS = 700
BOX = "#paper-preview"


def words(text: str) -> str:
    return " ".join(text.split())


def previewed_links(page) -> list:
    """Every citation and every cross-reference to a numbered section, figure or table on a page."""
    citations = page.select("article .bibtex-citation a[href*='#cite-']")
    cross_references = [link for link in page.select("article a.reference.internal")
                        if link.select_one(".std-numref")]
    return citations + cross_references


def reference_entry(built, href: str):
    """The reference list's entry a citation link points at."""
    return built.page("references").find(id=urlsplit(href).fragment)


@pytest.mark.parametrize("name", ["index", *SECTION_PAGES])
def test_every_citation_and_numbered_cross_reference_has_a_preview(built, name):
    page = built.page(name)
    data = json.loads(page.find(id="paper-previews").string)
    links = previewed_links(page)
    assert links, f"{name}: nothing to preview"
    assert {link["href"] for link in links} <= set(data)


def test_hovering_a_citation_shows_its_full_reference_with_its_links(built, reader):
    link = previewed_links(built.page("ameera-3"))[0]
    entry = reference_entry(built, link["href"])
    page = reader().open((built.html / "ameera-3.html").as_uri())
    page.locator(f'article a[href="{link["href"]}"]').first.hover()
    box = page.locator(BOX)
    box.wait_for(state="visible", timeout=2_000)
    number = entry.select_one(".label").get_text(strip=True)
    assert words(box.inner_text()) == words(f"{number} {entry.p.get_text()}")
    hrefs = [a["href"] for a in entry.p.select("a[href]")]
    assert hrefs and box.locator("a").evaluate_all("links => links.map(a => a.href)") == hrefs


def test_a_cross_reference_previews_the_section_it_names(built, reader):
    target = built.page("ameera-3")
    number, heading = heading_with_number(target)
    page = reader().open((built.html / "introduction.html").as_uri())
    page.locator('article a[href="ameera-3.html#sec-ameera-3"]').first.hover()
    box = page.locator(BOX)
    box.wait_for(state="visible", timeout=2_000)
    title, description = box.locator("p").all_inner_texts()
    assert words(title) == f"Section {number}. {heading}"
    assert words(description) == words(the_meta(target, "description"))


def test_a_figure_reference_previews_its_caption_and_drawing(built, reader):
    html = built.page("discontinuation")
    figure = html.select_one("figure#fig-forest-plot")
    page = reader().open((built.html / "discontinuation.html").as_uri())
    page.locator('article a[href="#fig-forest-plot"]').first.hover()
    box = page.locator(BOX)
    box.wait_for(state="visible", timeout=2_000)
    caption = figure.figcaption
    expected = f"{caption.select_one('.caption-number').get_text(strip=True)} {caption.select_one('.caption-text').get_text()}"
    assert words(box.inner_text()) == words(expected)
    image = box.locator("img")
    assert image.get_attribute("src").endswith(figure.img["src"]) and image.get_attribute("alt") == ""


def test_keyboard_focus_shows_the_preview_and_esc_dismisses_it_in_place(built, reader):
    page = reader().open((built.html / "ameera-3.html").as_uri())
    link = page.locator("article .bibtex-citation a").first
    link.focus()
    box = page.locator(BOX)
    box.wait_for(state="visible", timeout=2_000)
    # A screen reader announces the preview as the link's description.
    assert link.get_attribute("aria-describedby") == "paper-preview"
    page.keyboard.press("Escape")
    assert box.is_hidden()
    # Dismissed without moving the focus.
    assert page.evaluate("document.activeElement.getAttribute('href')") == link.get_attribute("href")


def test_the_pointer_can_move_onto_the_preview_and_it_stays_until_it_leaves(built, reader):
    page = reader().open((built.html / "ameera-3.html").as_uri())
    page.locator("article .bibtex-citation a").first.hover()
    box = page.locator(BOX)
    box.wait_for(state="visible", timeout=2_000)
    box.hover()
    page.wait_for_timeout(PAST_GRACE_MS)
    assert box.is_visible(), "the preview closed under the pointer"
    page.mouse.move(5, 5)
    page.wait_for_timeout(PAST_GRACE_MS)
    assert box.is_hidden(), "the preview stayed after the pointer left it"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_open_preview_passes_axe_and_keeps_every_id_unique(built, reader, scheme):
    page = reader(color_scheme=scheme).open((built.html / "ameera-3.html").as_uri())
    page.locator("article .bibtex-citation a").first.hover()
    page.locator(BOX).wait_for(state="visible", timeout=2_000)
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(element => element.id)")
    assert len(ids) == len(set(ids))
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.response["violations"] == [], results.generate_report()


def test_an_open_preview_does_not_print(built, reader):
    page = reader().open((built.html / "ameera-3.html").as_uri())
    page.locator("article .bibtex-citation a").first.hover()
    page.locator(BOX).wait_for(state="visible", timeout=2_000)
    page.emulate_media(media="print")
    assert page.locator(BOX).is_hidden()


def test_the_single_page_previews_its_citations_too(built, reader):
    single = built.page(SINGLE_PAGE.removesuffix(".html"))
    link = single.select_one("article .bibtex-citation a[href^='#cite-']")
    entry = single.find(id=link["href"][1:])
    page = reader().open((built.html / SINGLE_PAGE).as_uri())
    page.locator(f'article .bibtex-citation a[href="{link["href"]}"]').first.hover()
    box = page.locator(BOX)
    box.wait_for(state="visible", timeout=2_000)
    assert words(box.inner_text()) == words(f"{entry.select_one('.label').get_text(strip=True)} {entry.p.get_text()}")
