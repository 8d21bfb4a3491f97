"""FAIR Signposting, as a signposting client reads it from a page served on 127.0.0.1.

The client is the ``signposting`` library (the reference client of the
FAIR Signposting profile's authors), which fetches a page over HTTP and
reads its ``<link>`` elements. What each signpost should be is written
here from the profile and the minimal paper's own files, not from the
extension.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import signposting

from conftest import place_a_pdf
from paperbuild import serve

BASE = "https://example.org/paper/"
ORCID = "https://orcid.org/0000-0002-1825-0097"  # ORCID's own example iD
DOI = "10.5281/zenodo.1234567"
DOWNLOADS = {(f"{BASE}minimal.ris", "application/x-research-info-systems"),
             (f"{BASE}minimal.bib", "application/x-bibtex"),
             (f"{BASE}minimal.json", "application/vnd.citationstyles.csl+json")}


def publish(project: Path, citation_lines: str = "") -> None:
    """Give the minimal paper a published address, an author with an ORCID, and a PDF beside it."""
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f'html_baseurl = "{BASE}"\n')
    citation = project / "CITATION.cff"
    text = citation.read_text(encoding="utf-8").replace(
        "    family-names: Lovelace\n", f'    family-names: Lovelace\n    orcid: "{ORCID}"\n')
    citation.write_text(text + citation_lines, encoding="utf-8")
    place_a_pdf(project / "_build" / "latex" / "minimal.pdf")
    place_a_pdf(project / "_build" / "typst" / "minimal-tagged.pdf")


def read_signposts(site: Path, page: str = "index.html") -> signposting.Signposting:
    with serve(site) as address, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the client warns of a page without signposts
        return signposting.find_signposting_html(f"{address}/{page}")


def pairs(signposts) -> set[tuple[str, str | None]]:
    return {(str(signpost.target), signpost.type and str(signpost.type)) for signpost in signposts}


def test_the_papers_page_signposts_the_paper_its_records_its_files_authors_licence_and_type(
        minimal_paper, build_strictly):
    publish(minimal_paper)
    assert build_strictly(minimal_paper, "html").passed
    site = minimal_paper / "_build" / "html"
    found = read_signposts(site)
    assert str(found.citeAs.target) == f"{BASE}index.html"
    assert pairs(found.describedBy) == DOWNLOADS
    assert pairs(found.items) == {(f"{BASE}minimal.pdf", "application/pdf"), (f"{BASE}minimal-tagged.pdf", "application/pdf")}
    assert pairs(found.authors) == {(ORCID, None)}
    assert str(found.license.target) == "https://creativecommons.org/licenses/by/4.0/"
    assert pairs(found.types) == {("https://schema.org/Report", None), ("https://schema.org/AboutPage", None)}
    # Every signpost into the site names one of its files.
    for target, _ in pairs(found.describedBy) | pairs(found.items):
        assert (site / target.removeprefix(BASE)).is_file(), target


def test_a_doi_is_what_to_cite_the_paper_as(minimal_paper, build_strictly):
    publish(minimal_paper, f'doi: "{DOI}"\n')
    assert build_strictly(minimal_paper, "html").passed
    assert str(read_signposts(minimal_paper / "_build" / "html").citeAs.target) == f"https://doi.org/{DOI}"


def test_a_site_without_a_published_address_signposts_nothing(minimal_paper, build_strictly):
    # A signpost is an address to follow away from the page: a relative one would lead nowhere.
    assert build_strictly(minimal_paper, "html").passed
    assert len(read_signposts(minimal_paper / "_build" / "html")) == 0


def test_a_page_that_cites_no_work_signposts_nothing(minimal_paper, build_strictly):
    publish(minimal_paper)
    assert build_strictly(minimal_paper, "html").passed
    assert len(read_signposts(minimal_paper / "_build" / "html", "search.html")) == 0
