"""An address reaches a reader or a reference manager only where one is published.

With the site's address (``html_baseurl``), the "How to cite" line, the
downloads (BibTeX, RIS, CSL-JSON) and the JATS ``self-uri`` give the paper's
absolute address; without one, they give none, rather than a relative
address ("index.html") that means nothing once the reference is copied out of
the page. Each output is read back by its own reader (pybtex, rispy, json, lxml).
"""

from __future__ import annotations

import json

import pybtex.database
import pytest
import rispy
from bs4 import BeautifulSoup
from lxml import etree

from conftest import JATS_CATALOG

BASE = "https://example.org/minimal/"
XLINK = "{http://www.w3.org/1999/xlink}href"


def addresses(project, build_strictly) -> dict[str, list[str]]:
    """Every address of the paper each output gives: the downloads', the "How to cite" line's, the JATS's."""
    assert build_strictly(project, "html").passed
    assert build_strictly(project, "jats").passed
    html = project / "_build" / "html"
    (entry,) = pybtex.database.parse_file(str(html / "minimal.bib")).entries.values()
    (record,) = rispy.loads((html / "minimal.ris").read_text(encoding="utf-8"))
    (item,) = json.loads((html / "minimal.json").read_text(encoding="utf-8"))
    page = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    how_to_cite = page.select_one("p.how-to-cite").get_text()
    jats = etree.parse(str(project / "_build" / "jats" / "minimal.xml"))
    return {
        "bibtex": [entry.fields[field] for field in ("url",) if field in entry.fields],
        "ris": [record[field] for field in ("urls", "url", "file_attachments1") if field in record],
        "csl-json": [item[field] for field in ("URL",) if field in item],
        "how to cite": [word.rstrip(".") for word in how_to_cite.split() if "/" in word or word.endswith(".html")],
        "jats": [uri.get(XLINK) for uri in jats.iter("self-uri")],
    }


def flatten(values) -> list[str]:
    return [value for item in values for value in (item if isinstance(item, list) else [item])]


@pytest.fixture
def project(minimal_paper):
    with (minimal_paper / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\npaper_jats_catalog = {str(JATS_CATALOG)!r}\n")
    index = minimal_paper / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "# A minimal paper\n", "# A minimal paper\n\n```{how-to-cite}\n```\n", 1), encoding="utf-8")
    return minimal_paper


def test_without_a_published_address_no_output_gives_one(project, build_strictly):
    assert addresses(project, build_strictly) == {
        "bibtex": [], "ris": [], "csl-json": [], "how to cite": [], "jats": []}


def test_with_a_published_address_every_output_gives_it_absolute(project, build_strictly):
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"html_baseurl = {BASE!r}\n")
    found = addresses(project, build_strictly)
    assert all(found.values()), found
    assert all(address.startswith(BASE) for address in flatten(item for values in found.values() for item in values)), found
