"""Every builder's page links only what its output holds: the PDF and the single page, when they are there.

The site's builders (html, dirhtml) and the single page (singlehtml) copy
the PDF, and the site the single page, from where their own builds put them
beside it. A build that finds one missing links none of it and names it in
no metadata; a build that finds it later writes the pages a clean build
would (the differential oracle of tests/edits.py).
"""

from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import place_a_pdf
from edits import differences, output_files

PDF, SINGLE_PAGE = "minimal.pdf", "minimal.html"
#: The accessible PDF, where the typst build puts it (paper.typst).
TAGGED_PDF = "minimal-tagged.pdf"


def pages(site: Path) -> dict[Path, BeautifulSoup]:
    return {page: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in sorted(site.rglob("*.html"))}


#: What the basic theme (Sphinx's test applications' default) links from the single page, which
#: the singlehtml builder does not write: Sphinx's, not the extension's (the paper's theme, Furo, does not).
THEME_LINKS = {"genindex.html", "search.html"}


def missing_targets(site: Path) -> list[str]:
    """Every address of a page's links, scripts, images and metadata that names a file the output does not hold."""
    missing = []
    for page, soup in pages(site).items():
        addresses = [element.get(attribute) for element in soup.find_all(True)
                     for attribute in ("href", "src") if element.get(attribute)]
        addresses += [meta["content"] for meta in soup.find_all("meta", attrs={"name": "citation_pdf_url"})]
        for address in addresses:
            parts = urllib.parse.urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path or site.name == "singlehtml" and parts.path in THEME_LINKS:
                continue
            target = (page.parent / urllib.parse.unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{page.relative_to(site)}: {address}")
    return missing


def names_of_links(site: Path) -> set[str]:
    return {Path(urllib.parse.urlsplit(link["href"]).path).name
            for soup in pages(site).values() for link in soup.find_all("a", href=True)}


def put_a_pdf_beside(project: Path, folder: str = "latex", name: str = PDF) -> None:
    """A PDF where the LaTeX build puts it, as `make latexpdf` would (or the typst build, as `make tagpdf`)."""
    place_a_pdf(project / "_build" / folder / name)


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_a_build_with_nothing_beside_it_links_neither_the_pdf_nor_the_single_page(minimal_paper, build_strictly, builder):
    assert build_strictly(minimal_paper, builder).passed
    site = minimal_paper / "_build" / builder
    assert missing_targets(site) == []
    assert not {PDF, SINGLE_PAGE} & names_of_links(site)
    assert "citation_pdf_url" not in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_a_build_with_the_pdf_beside_it_carries_and_links_it(minimal_paper, build_strictly, builder):
    put_a_pdf_beside(minimal_paper)
    assert build_strictly(minimal_paper, builder).passed
    site = minimal_paper / "_build" / builder
    assert (site / PDF).read_bytes() == (minimal_paper / "_build" / "latex" / PDF).read_bytes()
    assert PDF in names_of_links(site)
    assert missing_targets(site) == []


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_pdf_that_appears_or_goes_between_builds_makes_the_site_a_clean_build_makes(
        minimal_paper, build_strictly, tmp_path, builder):
    site = minimal_paper / "_build" / builder
    clean_without = output_files(site) if build_strictly(minimal_paper, builder).passed else None
    put_a_pdf_beside(minimal_paper)
    assert build_strictly(minimal_paper, builder).passed
    with_pdf = output_files(site)

    clean = Path(shutil.copytree(minimal_paper, tmp_path / "clean", ignore=shutil.ignore_patterns(builder)))
    shutil.rmtree(clean / "_build" / "doctrees", ignore_errors=True)
    assert build_strictly(clean, builder).passed
    assert differences(with_pdf, output_files(clean / "_build" / builder)) == []

    (minimal_paper / "_build" / "latex" / PDF).unlink()
    assert build_strictly(minimal_paper, builder).passed
    assert differences(output_files(site), clean_without) == []


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_a_build_with_both_pdfs_beside_it_carries_both_and_names_each_plainly(minimal_paper, build_strictly, builder):
    put_a_pdf_beside(minimal_paper)
    put_a_pdf_beside(minimal_paper, "typst", TAGGED_PDF)
    assert build_strictly(minimal_paper, builder).passed
    site = minimal_paper / "_build" / builder
    assert (site / TAGGED_PDF).read_bytes() == (minimal_paper / "_build" / "typst" / TAGGED_PDF).read_bytes()
    assert missing_targets(site) == []
    for page, soup in pages(site).items():
        if soup.select_one("article p.paper-pdf") is None:
            continue  # Sphinx's own pages (search, the index)
        lines = [line.get_text(" ", strip=True) for line in soup.select("article p.paper-pdf, article p.paper-tagged-pdf")]
        assert lines == [f"PDF (print) of the whole paper ({PDF})",
                         f"PDF (accessible, tagged) of the whole paper ({TAGGED_PDF})"], page


@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_a_build_without_the_tagged_pdf_beside_it_does_not_name_it(minimal_paper, build_strictly, builder):
    put_a_pdf_beside(minimal_paper)
    assert build_strictly(minimal_paper, builder).passed
    site = minimal_paper / "_build" / builder
    assert TAGGED_PDF not in names_of_links(site) and not (site / TAGGED_PDF).exists()
    assert "accessible, tagged" not in (site / "index.html").read_text(encoding="utf-8")
