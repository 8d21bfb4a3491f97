"""The paper as Zotero reads it: its translation server saves and imports, citeproc-js prints.

Every way a reader gets the paper into Zotero (a save from the page, and
the RIS, BibTeX and CSL-JSON downloads) is run through Zotero's own
translators (tests/translation_server.py), and the item Zotero keeps is
printed by citeproc-js in APA and Chicago. Expectations come from
CITATION.cff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CITATION, SECTION_PAGES, serve
from scholarly_pages import block_text, cite_block, download_files
from translation_server import SERVER_FOLDER, as_csl, citeproc_js, imported, saved_from_page, translation_server

VERSION_STATEMENT = f"Version {CITATION['version']}"
#: How a reader gets the paper, or a section of it, into Zotero.
WAYS = ("web save", "RIS", "BibTeX", "CSL-JSON")
#: What differs with the way and is no part of the reference: the address saved, when, from where.
BY_THE_WAY = ("URL", "accessed", "source", "title-short", "id")


@pytest.fixture(scope="module")
def zotero() -> str:
    if not SERVER_FOLDER:
        pytest.skip("no Zotero translation server: ZOTERO_TRANSLATION_SERVER names none (README, 'Citing the paper')")
    with translation_server(Path(SERVER_FOLDER)) as server:
        yield server


@pytest.fixture(scope="module")
def site(built) -> str:
    with serve(built.html) as address:
        yield address


def zotero_item(built, zotero: str, site: str, page: str, way: str) -> dict:
    """The one item Zotero keeps of a page's work, got the given way."""
    if way == "web save":
        items = saved_from_page(zotero, f"{site}/{page}.html")
    else:
        files = download_files(built.html, cite_block(built.page(page)))
        items = imported(zotero, files[way].read_text(encoding="utf-8"))
    assert len(items) == 1, f"{way} of {page}.html: Zotero keeps {len(items)} items"
    return items[0]


@pytest.mark.parametrize("page", ["index", "ameera-3"])
def test_zotero_prints_the_version_once_and_alike_whichever_way_it_gets_the_paper(built, zotero, site, page):
    printed: dict[str, dict[str, str]] = {}
    for way in WAYS:
        item = zotero_item(built, zotero, site, page, way)
        if page == "index":
            # Zotero's report has a number and a type, no version: the version is the number, once.
            assert (item["itemType"], item.get("reportNumber"), item.get("reportType")) == (
                "report", VERSION_STATEMENT, None), way
        else:
            assert (item["itemType"], item.get("edition")) == ("bookSection", VERSION_STATEMENT), way
        (csl,) = as_csl(zotero, [item])
        csl = {field: value for field, value in csl.items() if field not in BY_THE_WAY} | {"id": "paper"}
        for style, (text,) in citeproc_js([csl]).items():
            assert text.count(VERSION_STATEMENT) == 1, (way, style, text)
            printed.setdefault(style, {})[way] = text
    for style, by_way in printed.items():
        assert len(set(by_way.values())) == 1, (style, by_way)
    # The page's own "Cite this" prints the version the same way, once.
    apa = block_text(cite_block(built.page(page)), "cite-apa")
    assert apa.count(VERSION_STATEMENT) == 1 and f"({VERSION_STATEMENT})" in apa


@pytest.mark.parametrize("page", ["index", *SECTION_PAGES])
def test_citeproc_js_prints_the_version_of_each_csl_json_download_once(built, page):
    # The download as pandoc or any citeproc-js client reads it, without Zotero in between.
    files = download_files(built.html, cite_block(built.page(page)))
    items = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    for style, (text,) in citeproc_js(items).items():
        assert text.count(VERSION_STATEMENT) == 1, (style, text)


def test_zotero_saves_the_paper_from_the_single_page_in_one_click_as_from_the_root_page(zotero, site):
    # Not a choice among the cited articles' DOIs: the paper, the same item as its root page gives.
    single = saved_from_page(zotero, f"{site}/amcenestrant.html")
    root = saved_from_page(zotero, f"{site}/index.html")
    assert len(single) == 1, single
    when = ("key", "accessDate")
    assert {field: value for field, value in single[0].items() if field not in when} == {
        field: value for field, value in root[0].items() if field not in when}
