"""The whole paper on one page, in the site, linked from every page, every link of it working.

`make html` builds the single page (Sphinx's singlehtml builder) before the
site, and the HTML build puts it in the site as ``amcenestrant.html``
(paper.html.single_page); the session build does the same. The checks every
page passes (the Nu Html Checker, axe, the version line, files loaded from
the site only) take the single page in with the others, as they read every
``*.html`` of the site; these are what is its own.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT_PAGES, SECTION_PAGES, SINGLE_PAGE, Built
from test_builders import broken_links


def links_of(page: BeautifulSoup) -> list[str]:
    return [link["href"] for link in page.find_all("a", href=True)]


def own_links(page: BeautifulSoup) -> list[str]:
    """The links that stay in the site: a file of it, a fragment, or both."""
    return [href for href in links_of(page) if not urllib.parse.urlsplit(href).scheme]


def broken_links_of_the_single_page(built: Built) -> list[str]:
    return [href for page, href in broken_links(built.html) if page == SINGLE_PAGE]


def test_the_single_page_is_in_the_site_and_holds_every_section(built):
    page = built.page(SINGLE_PAGE.removesuffix(".html"))
    text = " ".join(page.get_text(" ").split())
    for name in SECTION_PAGES + ["references"]:
        heading = built.page(name).find("h1")
        title = heading.get_text().removesuffix(heading.select_one("a.headerlink").get_text())
        assert " ".join(title.split()) in text, name
    # The page Sphinx's singlehtml builder wrote, as it wrote it but for where it is published.
    assert (built.html / SINGLE_PAGE).read_bytes() == (built.single / "index.html").read_bytes()


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_every_page_links_to_the_single_page_right_after_the_pdfs(built, name):
    page = built.page(name)
    (link,) = page.select("article p.paper-single-page a")
    assert link["href"] == SINGLE_PAGE and link.get_text(strip=True) == "Whole paper on one page"
    pdfs = page.select("article p.paper-pdf, article p.paper-tagged-pdf")
    assert len(pdfs) == 2 and pdfs[-1].find_next_sibling("p") is link.parent


def test_every_link_of_the_single_page_finds_its_file_and_fragment(built):
    page = built.page(SINGLE_PAGE.removesuffix(".html"))
    links = own_links(page)
    # Every citation, every cross-reference and the navigation: well over a hundred.
    assert len(links) > 100, len(links)
    assert broken_links_of_the_single_page(built) == []


def test_every_id_on_the_single_page_is_one_elements_only(built):
    page = built.page(SINGLE_PAGE.removesuffix(".html"))
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    assert [element_id for element_id, count in ids.items() if count > 1] == []


def test_every_citation_and_cross_reference_on_the_single_page_stays_on_it(built):
    page = built.page(SINGLE_PAGE.removesuffix(".html"))
    references = {entry["id"] for entry in page.select(".citation[id]")}
    fragments = {urllib.parse.unquote(href[1:]) for href in own_links(page) if href.startswith("#")}
    # Every reference is cited, and no citation or cross-reference leads to another page.
    assert references and references <= fragments
    in_text = [href for href in own_links(page.select_one("article"))
               if not href.startswith("#") and href.endswith(".html")]
    assert in_text == []


def test_the_single_page_has_its_own_sidebar_not_the_shared_one(built):
    page = built.page(SINGLE_PAGE.removesuffix(".html"))
    sidebar = [href for href in links_of(page.select_one(".sidebar-tree"))]
    # The singlehtml builder's tree: fragments of the one page, never the other pages.
    assert sidebar and all(href.startswith("#") for href in sidebar), sidebar


def test_the_link_check_finds_a_broken_link_on_the_single_page(built, tmp_path):
    # The check above can fail: a single page whose link names a fragment that is not there.
    site = Path(tmp_path / "site")
    site.mkdir()
    (site / SINGLE_PAGE).write_text('<p id="here"><a href="#here">fine</a> <a href="#gone">gone</a>'
                                    f' <a href="{SINGLE_PAGE}#here">fine too</a></p>', encoding="utf-8")
    assert broken_links(site) == [(SINGLE_PAGE, "#gone")]
