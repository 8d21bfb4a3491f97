"""Every builder Sphinx ships builds both papers strictly, and what each writes is right.

The session builds (conftest) cover html, latex, typst, epub and jats; these are
the others. Each builder keeps its own environment, as `make` gives it
(scripts/paperbuild.py); tests/fast/test_edits_small_paper.py builds with a
shared one too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import FIXTURE_PAPER, ROOT, Built

#: singlehtml before dirhtml, whose site carries the single page as the html builder's does.
OTHER_BUILDERS = ("singlehtml", "dirhtml", "text", "man", "texinfo", "xml", "pseudoxml",
                  "gettext", "changes", "dummy", "linkcheck")
#: linkcheck runs offline here, so it is told to skip the web; the test with
#: a local server (test_linkcheck.py) checks what it reports.
OFFLINE = {"linkcheck": ("-D", r"linkcheck_ignore=https?://.*")}
PAPERS = {"amcenestrant": (ROOT, "amcenestrant"), "fixture paper": (FIXTURE_PAPER, "dose-response")}


@pytest.fixture(scope="module", params=PAPERS)
def paper_builds(request, tmp_path_factory) -> tuple[str, Path, dict[str, subprocess.CompletedProcess]]:
    """Every other builder run on one paper: its name, output folder and each build's result."""
    from paperbuild import build

    project, basename = PAPERS[request.param]
    session_build: Built = request.getfixturevalue("built" if request.param == "amcenestrant" else "fixture_paper")
    out = tmp_path_factory.mktemp("builders")
    # The site's pages link to the PDF, which the HTML builders copy in from beside them, as `make` does.
    shutil.copytree(session_build.latex, out / "latex")
    results = {builder: build(project, builder, out, *OFFLINE.get(builder, ())) for builder in OTHER_BUILDERS}
    return basename, out, results


@pytest.mark.parametrize("builder", OTHER_BUILDERS)
def test_every_builder_builds_the_paper_strictly(paper_builds, builder):
    _, _, results = paper_builds
    result = results[builder]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Every link of the site's pages to a file or fragment that the site does not have."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            ids[page] = {tag["id"] for tag in soup.find_all(id=True)}
        return ids[page]

    broken = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for link in soup.find_all("a", href=True):
            address = urllib.parse.urlsplit(link["href"])
            if address.scheme or address.netloc:
                continue
            target = (page.parent / urllib.parse.unquote(address.path)).resolve() if address.path else page
            if target.is_dir():
                target = target / "index.html"
            fragment = urllib.parse.unquote(address.fragment)
            if not target.is_file() or (fragment and target.suffix == ".html" and fragment not in ids_of(target)):
                broken.append((str(page.relative_to(site)), link["href"]))
    return broken


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_every_link_of_the_other_html_builders_finds_its_target(paper_builds, builder):
    _, out, _ = paper_builds
    site = out / builder
    links = sum(len(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("a[href]"))
                for page in site.rglob("*.html"))
    assert links > 20
    assert broken_links(site) == []


def test_the_link_check_sees_a_link_to_a_fragment_that_is_not_there(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<p id="here"><a href="#here">fine</a> <a href="#document-x#here">two fragments</a>'
                    ' <a href="gone.html">gone</a></p>', encoding="utf-8")
    assert broken_links(tmp_path) == [("index.html", "#document-x#here"), ("index.html", "gone.html")]


def test_the_single_page_links_every_citation_to_its_reference(paper_builds):
    _, out, _ = paper_builds
    page = BeautifulSoup((out / "singlehtml" / "index.html").read_text(encoding="utf-8"), "lxml")
    references = {entry["id"] for entry in page.select(".citation[id]")}
    citations = [link for link in page.select('a[href^="#"]') if link["href"][1:] in references]
    assert references and citations, "no citation links to the reference list on the single page"
    # Every reference is cited from the text, as in every other output.
    assert {link["href"][1:] for link in citations} == references


def plain_outputs(out: Path, basename: str) -> dict[str, str]:
    """The text of what the plain-text builders wrote: one text file per page, a manual page, a Texinfo manual."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((out / "text").glob("*.txt")))
    return {
        "text": text,
        "man": (out / "man" / f"{basename}.7").read_text(encoding="utf-8"),
        "texinfo": (out / "texinfo" / f"{basename}.texi").read_text(encoding="utf-8"),
    }


@pytest.mark.parametrize("builder", ["text", "man", "texinfo"])
def test_plain_outputs_name_figures_by_number_and_show_the_forest_plots_text(paper_builds, builder):
    basename, out, _ = paper_builds
    written = plain_outputs(out, basename)[builder]
    # The man page's roff breaks lines and escapes hyphens; compare words.
    words = " ".join(written.replace("\\-", "-").split())
    assert "%s" not in words, "a numbered reference printed its format, not its number"
    assert re.search(r"Figure \d", words) or re.search(r"Fig\. \d", words)
    assert "[image: Forest plot of " in words


def test_the_manual_page_and_texinfo_manual_are_named_as_every_other_output(paper_builds):
    basename, out, _ = paper_builds
    assert [path.name for path in (out / "man").iterdir()] == [f"{basename}.7"]
    assert (out / "texinfo" / f"{basename}.texi").is_file()


def test_the_translation_templates_hold_the_papers_sentences(paper_builds):
    basename, out, _ = paper_builds
    templates = {path.stem: path.read_text(encoding="utf-8") for path in (out / "gettext").glob("*.pot")}
    assert "index" in templates and len(templates) >= 3
    msgids = " ".join(re.findall(r'^msgid "(.*)"$', "\n".join(templates.values()), flags=re.M))
    # The forest plot's caption, a paragraph of a directive of the paper's own.
    caption = {"amcenestrant": "Hazard ratios with 95% confidence intervals", "dose-response": "Odds ratios of response"}
    assert caption[basename] in msgids


def test_the_docutils_xml_is_well_formed(paper_builds):
    _, out, _ = paper_builds
    pages = sorted((out / "xml").glob("*.xml"))
    assert pages
    for page in pages:
        etree.parse(str(page))
