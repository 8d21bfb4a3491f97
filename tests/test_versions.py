"""Every output of a build says which version of the paper it is: version,
release date and commit, as CITATION.cff and git say, not as the build does."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import CONTENT_PAGES, git, read_citation, spelled

CITATION = read_citation()


def expected_line() -> str:
    return (f"You are reading version {CITATION['version']} of {spelled(CITATION['date-released'])} "
            f"(commit {git('rev-parse', 'HEAD')[:7]}).")


def every_html_page(built) -> list[tuple[str, BeautifulSoup]]:
    pages = sorted(built.html.glob("*.html"))
    assert {f"{name}.html" for name in CONTENT_PAGES} <= {page.name for page in pages}
    return [(page.name, BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")) for page in pages]


def test_every_html_page_shows_the_static_version_line(built):
    for name, page in every_html_page(built):
        lines = page.select(".paper-version")
        assert len(lines) == 1, name
        assert " ".join(lines[0].get_text().split()) == expected_line(), name
        # What versions.js needs to find the same page in another version.
        assert (lines[0]["data-version"], lines[0]["data-page"]) == (CITATION["version"], name)


def test_every_html_page_has_version_date_and_commit_meta_tags(built):
    expected = {"paper-version": CITATION["version"], "paper-release-date": str(CITATION["date-released"]),
                "paper-commit": git("rev-parse", "HEAD")}
    for name, page in every_html_page(built):
        found = {tag["name"]: tag["content"] for tag in page.head.find_all("meta", attrs={"name": list(expected)})}
        assert found == expected, name


def test_the_title_page_lists_the_commit(built):
    info = built.page("index").select_one("dl.paper-info")
    fields = {dt.get_text().rstrip(":"): " ".join(dd.get_text().split())
              for dt, dd in zip(info.find_all("dt"), info.find_all("dd"))}
    assert fields["Commit"] == git("rev-parse", "HEAD")
    assert fields["Version"] == CITATION["version"]


def test_the_pdf_names_its_version_and_commit_on_its_first_page_and_in_its_information(built):
    info = PdfReader(built.pdf).metadata
    assert (info["/Version"], info["/Commit"]) == (CITATION["version"], git("rev-parse", "HEAD"))
    first_page = built.pdf_text().split("\f")[0]
    assert re.search(rf"Version:? {re.escape(CITATION['version'])}\b", first_page)
    assert git("rev-parse", "HEAD") in first_page
